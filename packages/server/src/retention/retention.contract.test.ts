import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsAfter, lastAuditId, type World, world } from '../access/test-accountability.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { openRedress } from '../redress/redress.js';
import { storeKinds } from '../test-support.js';
import { addHold, legalHolds, releaseLegalHold, runRetention } from './retention.js';

describe.each(storeKinds())('retention on %s', (kind) => {
  let w: World;
  const count = async (sourceRecordId: string) =>
    (
      await w.sql.query<{ n: number }>(
        'select count(*)::int as n from records where source_id = $1 and source_record_id = $2',
        ['cbp-i94', sourceRecordId],
      )
    )[0]!.n;

  beforeAll(async () => {
    w = await world(kind);
    // Old admissions (1940s), past cbp-i94's 75 years by 2026; one with a bad line to leave a quarantine copy.
    const old = Array.from({ length: 6 }, (_, i) => ({
      ...goodAdmission(100 + i),
      sourceRecordId: `OLD-${i}`,
      admissionDate: `194${i}-03-10`,
      admitUntil: `194${i}-09-09`,
      dateOfBirth: '1930-01-01',
    }));
    const path = join(w.dir, 'old-i94.csv');
    writeFileSync(path, [I94_COLUMNS.join(','), ...old.map(admissionLine), 'broken,line'].join('\n'));
    await ingestFile(w, { path, sourceId: 'cbp-i94' });
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('T13.3: counts without changing anything on a dry run', async () => {
    const result = await runRetention(w, { dryRun: true });

    expect(result.sources.find((s) => s.sourceId === 'cbp-i94')).toMatchObject({ due: 6, disposed: 0 });
    expect(await count('OLD-0')).toBe(1);
  });

  it('T13.3: disposes of every version past retention except under a legal hold or an open dispute, with receipts', async () => {
    const hold = await addHold(w, w.as.supervisor, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'OLD-1',
      reason: 'litigation hold 26-cv-104',
    });
    await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'OLD-2',
      statement: 'this record is wrong',
    });
    const before = await lastAuditId(w);

    const result = await runRetention(w);

    expect(result.sources.find((s) => s.sourceId === 'cbp-i94')).toMatchObject({ due: 4, disposed: 4 });
    for (const id of ['OLD-0', 'OLD-3', 'OLD-4', 'OLD-5']) expect(await count(id)).toBe(0);
    expect(await count('OLD-1')).toBe(1);
    expect(await count('OLD-2')).toBe(1);
    expect(await count('I94-1')).toBe(1); // a 2024 admission stays
    const remnants = await w.sql.query<{ n: number }>(
      `select (select count(*)::int from records where source_record_id in ('OLD-0','OLD-3','OLD-4','OLD-5'))
            + (select count(*)::int from redress_requests where source_record_id in ('OLD-0','OLD-3','OLD-4','OLD-5')) as n`,
    );
    expect(remnants[0]!.n).toBe(0);
    const rows = await auditRowsAfter(w, before);
    const receipt = rows.find((r) => r.event_type === 'record.dispose')!;
    expect(receipt).toMatchObject({ actor_id: 'system:retention', purpose: 'RETENTION', outcome: 'success' });
    expect([...receipt.subjects].sort()).toEqual(
      ['OLD-0', 'OLD-3', 'OLD-4', 'OLD-5'].map((id) => `record:cbp-i94/${id}`),
    );
    expect(rows.at(-1)).toMatchObject({ event_type: 'retention.run' });
    expect(JSON.stringify(rows)).not.toContain('MUELLER');
    const ledger = await w.sql.query<{ n: number }>(
      "select count(*)::int as n from retention_disposals where source_id = 'cbp-i94'",
    );
    expect(ledger[0]!.n).toBe(4);

    await releaseLegalHold(w, w.as.supervisor, hold.id);
    expect(await legalHolds(w, w.as.supervisor)).toEqual([]);
    await runRetention(w);
    expect(await count('OLD-1')).toBe(0);
  });

  it('T13.3: a hold on a whole source stops all of its disposal', async () => {
    await addHold(w, w.as.admin, { sourceId: 'cbp-i94', reason: 'agency-wide preservation order' });

    const result = await runRetention(w, { asOf: '2200-01-01' });

    expect(result.sources.find((s) => s.sourceId === 'cbp-i94')).toMatchObject({ due: 0, disposed: 0 });
    expect(await count('I94-1')).toBe(1);
  });
});
