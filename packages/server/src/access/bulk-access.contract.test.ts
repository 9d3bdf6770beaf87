/**
 * RELIABILITY.md T8.4 (ASVS 2.3.5, OWASP API6): a search that would show more persons than the bulk limit
 * needs a second person's approval — asked for by its user, granted by a different supervisor, used once,
 * before it expires — and every step, refusals included, is audited.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { searchPersons, searchPersonsPage, searchQuery } from '../persons/search-persons.js';
import { storeKinds } from '../test-support.js';
import { bulkAccessRequests, grantBulkAccess, requestBulkAccess } from './bulk-access.js';
import { auditRowsAfter, lastAuditId, type World, world } from './test-accountability.js';
import { assignWork } from './work.js';

const LIMIT = 3;
const criteria = { familyName: 'BULKMANN' };
const why = { purpose: 'CASE_ADJUDICATION', target: 'case:C-BULK' };
const reason = 'the consolidated hearing list needs every BULKMANN';

describe.each(storeKinds())('T8.4 bulk search needs a second person on %s', (kind) => {
  let w: World;
  /** The same store with a bulk limit of 3, as ILOS_BULK_LIMIT=3 would configure it. */
  let ctx: Context;

  beforeAll(async () => {
    w = await world(kind);
    ctx = { ...w, config: { ...w.config, bulkLimit: LIMIT } };
    // Five persons named BULKMANN, one record each.
    const csv = join(w.dir, 'cbp-i94-bulk.csv');
    const rows = Array.from({ length: 5 }, (_, i) => ({
      ...goodAdmission(50 + i),
      sourceRecordId: `BULK-${i}`,
      familyName: 'BULKMANN',
      i94Number: String(20_000_000_000 + i),
    }));
    writeFileSync(csv, [I94_COLUMNS.join(','), ...rows.map(admissionLine)].join('\n'));
    await ingestFile(w, { path: csv, sourceId: 'cbp-i94' });
    for (let i = 0; i < 5; i++) {
      await w.sql.query(`insert into persons (person_id) values ($1)`, [`P-BULK-${i}`]);
      await w.sql.query(
        `insert into person_records (source_id, source_record_id, person_id) values ('cbp-i94', $1, $2)`,
        [`BULK-${i}`, `P-BULK-${i}`],
      );
    }
    await w.sql.query(
      `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
       values ('C-BULK', 'P-BULK-0', 'NONE', true, 1, 'sue', now(), now())`,
    );
    await assignWork(w, w.as.supervisor, 'ana', 'case:C-BULK');
  }, 120_000);
  afterAll(async () => {
    await w?.dispose();
  });

  const search = (over: { limit?: number; offset?: number; approval?: string; criteria?: object } = {}) =>
    searchPersonsPage(ctx, w.as.analyst, { criteria, ...why, limit: 10, ...over });
  const ask = (who = w.as.analyst, q = criteria) =>
    requestBulkAccess(ctx, who, { kind: 'search', ...why, reason, query: searchQuery(q) });

  it('shows up to the limit without an approval, and refuses (audited as denied) a search beyond it', async () => {
    const page = await search({ limit: LIMIT });
    expect(page.hits).toHaveLength(LIMIT);
    expect(page.more).toBe(true);
    const before = await lastAuditId(w);

    await expect(search()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(search({ limit: 2, offset: 2 })).rejects.toMatchObject({ code: 'forbidden' }); // paging counts

    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.reason, r.subjects])).toEqual([
      ['record.search', 'denied', 'bulk_approval_required', []],
      ['record.search', 'denied', 'bulk_approval_required', []],
    ]);
  });

  it('a search with no more matches than the limit needs no approval, whatever limit it asks for', async () => {
    const hits = await searchPersons(ctx, w.as.analyst, {
      criteria: { givenName: 'NOBODY' },
      ...why,
      limit: 200,
    });
    expect(hits).toEqual([]);
  });

  it('is granted only by a supervisor other than the requester, and each step is audited', async () => {
    const before = await lastAuditId(w);
    const mine = await ask();
    await expect(grantBulkAccess(ctx, w.as.analyst, { id: mine.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await assignWork(w, w.as.supervisor, 'sue', 'case:C-BULK');
    const own = await ask(w.as.supervisor);
    await expect(grantBulkAccess(ctx, w.as.supervisor, { id: own.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await bulkAccessRequests(ctx, w.as.supervisor)).map((r) => r.id)).toContain(mine.id);
    const granted = await grantBulkAccess(ctx, w.as.supervisor, { id: mine.id });
    await expect(grantBulkAccess(ctx, w.as.supervisor, { id: mine.id })).rejects.toMatchObject({
      code: 'conflict',
    });

    expect(granted).toMatchObject({ grantedBy: 'sue', requestedBy: 'ana' });
    const rows = await auditRowsAfter(w, before);
    expect(
      rows
        .filter((r) => r.event_type.startsWith('access.bulk'))
        .map((r) => [r.event_type, r.actor_id, r.outcome]),
    ).toEqual([
      ['access.bulk_request', 'ana', 'success'],
      ['access.bulk_approve', 'ana', 'denied'],
      ['access.bulk_request', 'sue', 'success'],
      ['access.bulk_approve', 'sue', 'denied'],
      ['access.bulk_approve', 'sue', 'success'],
      ['access.bulk_approve', 'sue', 'failure'],
    ]);
  });

  it('lets the approved search run once, for its own query only, and records the approval', async () => {
    const other = await ask(w.as.analyst, { familyName: 'SOMEONE ELSE' });
    await grantBulkAccess(ctx, w.as.supervisor, { id: other.id });
    const approval = await ask();
    await expect(search({ approval: approval.id })).rejects.toThrow(/not granted yet/);
    await grantBulkAccess(ctx, w.as.supervisor, { id: approval.id });
    await expect(search({ approval: other.id })).rejects.toThrow(/another query/);
    const before = await lastAuditId(w);

    const page = await search({ approval: approval.id });

    expect(page.hits.map((h) => h.personId)).toEqual([0, 1, 2, 3, 4].map((i) => `P-BULK-${i}`));
    const [row] = (await auditRowsAfter(w, before)).filter((r) => r.event_type === 'record.search');
    expect(row).toMatchObject({ outcome: 'success' });
    expect(row!.subjects).toHaveLength(5);
    expect(JSON.parse(String(row!.details))).toMatchObject({ approval: approval.id, approvedBy: 'sue' });
    await expect(search({ approval: approval.id })).rejects.toThrow(/used already/);
  });

  it('asks for an approval only with a query and a real reason', async () => {
    await expect(
      requestBulkAccess(ctx, w.as.analyst, { kind: 'search', ...why, reason, query: {} }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      requestBulkAccess(ctx, w.as.analyst, {
        kind: 'search',
        ...why,
        reason: 'many',
        query: searchQuery(criteria),
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses an approval of someone else, and one that has expired', async () => {
    const theirs = await ask(w.as.supervisor);
    await grantBulkAccess(ctx, w.as.admin, { id: theirs.id }).catch(() => undefined); // admins may not
    const approval = await ask();
    await grantBulkAccess(ctx, w.as.supervisor, { id: approval.id });
    await expect(search({ approval: theirs.id })).rejects.toThrow(/no approval/);

    for (let minutes = 0; minutes < 61; minutes += 20) {
      w.clock.advance(20 * 60_000);
      await search({ limit: 1 }); // the session stays live; the grant's hour runs out
    }
    await expect(search({ approval: approval.id })).rejects.toThrow(/expired/);
  });
});
