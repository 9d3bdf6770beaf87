import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsAfter, lastAuditId, ownerSql, type World, world } from '../access/test-accountability.js';
import { exportAudit } from '../audit/verify.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { storeKinds } from '../test-support.js';
import { disposalsInExport, replayDisposals } from './replay.js';
import { addHold, runRetention } from './retention.js';

/**
 * RELIABILITY.md T13.4: restore-then-purge re-applies the disposals. A "restore" is simulated by storing
 * the disposed records again (the same lines, in a file with another hash) and, for the worst case, by
 * rolling the disposal ledger back as a restored database would.
 */
const OLD = ['OLD-0', 'OLD-1', 'OLD-2', 'OLD-3'];

describe.each(storeKinds())('restore, then replay the disposals (T13.4) on %s', (kind) => {
  let w: World;
  let restores = 0;
  const lines = OLD.map((id, i) =>
    admissionLine({
      ...goodAdmission(100 + i),
      sourceRecordId: id,
      admissionDate: `194${i}-03-10`,
      admitUntil: `194${i}-09-09`,
      dateOfBirth: '1930-01-01',
    }),
  );
  /** Brings the disposed records back, as a backup taken before the disposal would. */
  const restore = async () => {
    const path = join(w.dir, `restored-${++restores}.csv`);
    writeFileSync(path, [I94_COLUMNS.join(','), ...lines, ''.padEnd(restores, ' ')].join('\n'));
    await ingestFile(w, { path, sourceId: 'cbp-i94' });
  };
  const present = async () =>
    (
      await w.sql.query<{ id: string }>(
        `select distinct source_record_id as id from records
          where source_id = 'cbp-i94' and source_record_id like 'OLD-%' order by 1`,
      )
    ).map((r) => r.id);

  beforeAll(async () => {
    w = await world(kind);
    await restore();
    const result = await runRetention(w);
    expect(result.sources.find((s) => s.sourceId === 'cbp-i94')).toMatchObject({ disposed: 4 });
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('disposes again of every record the ledger names that a restore brought back, with a receipt each batch', async () => {
    await restore();
    expect(await present()).toEqual(OLD);
    const before = await lastAuditId(w);

    const result = await replayDisposals(w);

    expect(result).toMatchObject({ named: 4, present: 4, disposed: 4, blocked: [] });
    expect(await present()).toEqual([]);
    const rows = await auditRowsAfter(w, before);
    const receipt = rows.find((r) => r.event_type === 'record.dispose')!;
    expect(receipt).toMatchObject({ actor_id: 'system:retention', purpose: 'RETENTION', outcome: 'success' });
    expect([...receipt.subjects].sort()).toEqual(OLD.map((id) => `record:cbp-i94/${id}`));
    expect(JSON.parse(receipt.details)).toMatchObject({ replay: true, disposed: 4 });
    expect(rows.at(-1)).toMatchObject({ event_type: 'retention.run' });
  });

  it('with the ledger rolled back by the restore, replays from a verified audit export', async () => {
    const out = join(w.dir, 'audit-after-disposal.ndjson');
    const exported = await exportAudit(w, w.as.auditor, { out, target: 'task:T134' });
    await restore();
    const owner = await ownerSql(w);
    await owner.sql.query("delete from retention_disposals where source_id = 'cbp-i94'"); // the restored ledger
    await owner.close();

    const blind = await replayDisposals(w, { dryRun: true });
    expect(blind).toMatchObject({ named: 0, disposed: 0 }); // the store alone no longer knows
    const ledger = await disposalsInExport(out, exported.publicKey);
    const result = await replayDisposals(w, { ledger });

    expect([...new Set(ledger.map((k) => k.sourceRecordId))].sort()).toEqual(OLD);
    expect(result).toMatchObject({ present: 4, disposed: 4 });
    expect(await present()).toEqual([]);
  });

  it('keeps, and lists, a record a legal hold covers now', async () => {
    await restore();
    await addHold(w, w.as.supervisor, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'OLD-2',
      reason: 'order 26-cv-9',
    });

    const result = await replayDisposals(w);

    expect(result).toMatchObject({
      disposed: 3,
      blocked: [{ sourceId: 'cbp-i94', sourceRecordId: 'OLD-2' }],
    });
    expect(await present()).toEqual(['OLD-2']);
  });

  it('refuses an audit export that does not verify', async () => {
    const out = join(w.dir, 'audit-tampered.ndjson');
    const exported = await exportAudit(w, w.as.auditor, { out, target: 'task:T134' });
    const text = readFileSync(out, 'utf8').replace('"outcome":"success"', '"outcome":"denied"');
    writeFileSync(out, text);

    await expect(disposalsInExport(out, exported.publicKey)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
