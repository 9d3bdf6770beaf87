/**
 * RELIABILITY.md T13.3: past the schedule, with no legal hold, a record, what derives from it and its
 * quarantine copies are removed — "a query across all tables finds 0 remnants". The record ids and the
 * family name are canaries; after disposal every row of every base table is searched for them. Only the
 * disposal receipts (audit_log: keys, never content) and the disposal ledger (keys, for restore-then-purge)
 * may still name the records, by design.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type World, world } from '../access/test-accountability.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { openRedress, resolveRedress } from '../redress/redress.js';
import { storeKinds } from '../test-support.js';
import { runRetention } from './retention.js';

const ID = 'ZQXOLD';
const NAME = 'ZQXGONE';
const BY_DESIGN = new Set(['audit_log', 'retention_disposals']);

describe.each(storeKinds())('no remnant of a disposed record in any table (T13.3) on %s', (kind) => {
  let w: World;
  const old = (i: number, over: Record<string, string> = {}) =>
    admissionLine({
      ...goodAdmission(200 + i),
      sourceRecordId: `${ID}-${i}`,
      familyName: NAME,
      admissionDate: `194${i}-03-10`,
      admitUntil: `194${i}-09-09`,
      dateOfBirth: '1930-01-01',
      ...over,
    });
  const scan = async () => {
    const tables = await w.sql.query<{ table: string }>(
      `select table_name as table from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    );
    const hits: string[] = [];
    for (const { table } of tables) {
      if (BY_DESIGN.has(table)) continue;
      const [row] = await w.sql.query<{ n: number }>(
        `select count(*) filter (where x::text ilike $1 or x::text ilike $2)::int as n from "${table}" x`,
        [`%${ID}%`, `%${NAME}%`],
      );
      if (row!.n > 0) hits.push(`${table}: ${row!.n}`);
    }
    return { tables: tables.length, hits };
  };

  beforeAll(async () => {
    w = await world(kind);
    const path = join(w.dir, 'old-admissions.csv');
    // Three old admissions, and a later line about ZQXOLD-1 refused for a value: its raw text is kept in
    // the quarantine (every field is on the allow-list), a copy of the record's content.
    writeFileSync(
      path,
      [I94_COLUMNS.join(','), old(0), old(1), old(2), old(1, { admitUntil: 'not a date' })].join('\n'),
    );
    const run = await ingestFile(w, { path, sourceId: 'cbp-i94' });
    expect(run.quarantined).toBe(1);
    // Derived rows: a person filing, a review task naming it, a resolved dispute.
    await w.sql.query(`insert into persons (person_id) values ('P-ZQX')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id) values ('cbp-i94', '${ID}-0', 'P-ZQX')`,
    );
    await w.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-ZQX', 'cbp-i94:${ID}-0', 'cbp-i94:${ID}-2', 'probable', 'names agree', 0.7, 3, '[]')`,
    );
    const dispute = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: `${ID}-2`,
      statement: 'this is not me',
    });
    await resolveRedress(w, w.as.adjudicator, {
      id: dispute.id,
      outcome: 'withdrawn',
      note: 'withdrawn by the person',
    });
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('finds the canaries before disposal (the scan sees them)', async () => {
    const { tables, hits } = await scan();

    expect(tables).toBeGreaterThan(20);
    expect(hits).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^records: /),
        expect.stringMatching(/^quarantine: 1$/),
        expect.stringMatching(/^person_records: /),
        expect.stringMatching(/^review_tasks: /),
        expect.stringMatching(/^redress_requests: /),
      ]),
    );
  });

  it('finds none in any table after disposal, the quarantine copy included', async () => {
    const result = await runRetention(w);
    const { hits } = await scan();

    expect(result.sources.find((s) => s.sourceId === 'cbp-i94')).toMatchObject({ disposed: 3 });
    expect(hits).toEqual([]);
    const [kept] = await w.sql.query<{ n: number }>(
      "select count(*)::int as n from records where source_id = 'cbp-i94' and source_record_id like 'I94-%'",
    );
    expect(kept!.n).toBe(10); // nothing else went with them
  });
});
