/**
 * RELIABILITY.md T5.9, the cases the access-layer suite leaves out: a unique-violation on the audit
 * insert (as a duplicate id would raise), on a read and on a write. No data is returned or stored without
 * its committed audit row; once the audit table takes rows again, the same calls succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { auditRowsAfter, lastAuditId, ownerSql, type World, world } from './test-accountability.js';
import { assignments, assignWork } from './work.js';

describe.each(storeKinds())('no audit row, no data — a unique-violation (T5.9) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-U');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  const read = () =>
    showRecord(w, w.as.analyst, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-2',
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-U',
    });
  const assigned = async () => (await assignments(w, w.as.supervisor, 'ana')).map((a) => a.target);

  it('returns nothing and stores nothing while every audit insert violates a unique constraint', async () => {
    const before = await lastAuditId(w);
    const owner = await ownerSql(w);
    await owner.sql.exec(`create function audit_unique_violation() returns trigger language plpgsql as $$
      begin raise exception 'duplicate key value violates unique constraint "audit_log_pkey"'
        using errcode = 'unique_violation'; end $$;
      create trigger audit_unique before insert on audit_log for each row execute function audit_unique_violation();`);
    let leaked: unknown;
    try {
      await expect(
        read().then((r) => {
          leaked = r;
        }),
      ).rejects.toThrow(/duplicate key/);
      await expect(assignWork(w, w.as.supervisor, 'ana', 'task:DQ-NEVER')).rejects.toThrow(/duplicate key/);
    } finally {
      await owner.sql.exec('drop trigger audit_unique on audit_log; drop function audit_unique_violation();');
      await owner.close();
    }

    expect(leaked).toBeUndefined();
    expect(await auditRowsAfter(w, before)).toEqual([]);
    expect(await assigned()).not.toContain('task:DQ-NEVER'); // the write rolled back with its audit row
    await expect(read()).resolves.toMatchObject({ sourceRecordId: 'I94-2' });
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-NEVER');
    expect(await assigned()).toContain('task:DQ-NEVER');
  });
});
