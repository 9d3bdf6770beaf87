import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSystemWrite } from '../access/access-layer.js';
import { type World, world } from '../access/test-accountability.js';
import { readEntries } from '../db/audit-repository.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { sequenceAudit } from './sequencer.js';
import { exportAudit, verifyExportFile, verifyStore } from './verify.js';

/** One system write at the writer's clock `at` (a writer whose clock runs ahead passes a later time). */
async function writeAt(w: World, at: Date, n: number) {
  await w.sql.transact((tx) =>
    auditSystemWrite(tx, at, {
      system: 'ingest',
      action: 'record.write',
      event: 'record.write',
      purpose: 'INGEST',
      target: `run:t64-${n}`,
      subjects: [`record:cbp-i94/T64-${n}`],
      details: { accepted: 1 },
    }),
  );
}

const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(storeKinds())('audit timestamps and hostile fields (T6.4, T6.5) on %s', (kind) => {
  let w: World;
  const dir = mkdtempSync(join(tmpdir(), 'ilos-t64-'));
  beforeAll(async () => {
    w = await world(kind);
  });
  afterAll(async () => {
    await w?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('T6.4: entries carry UTC times to the millisecond, in sequence order within 1 s', async () => {
    const written: string[] = [];
    for (let i = 0; i < 20; i++) {
      w.clock.advance(7 + (i % 3)); // 7–9 ms apart: finer than the 10 ms CJIS asks for
      written.push(w.clock.now().toISOString());
      await writeAt(w, w.clock.now(), i);
    }
    await sequenceAudit(w, { final: true });

    const entries = await readEntries(w.sql, 0, 100_000);
    const mine = entries.filter((e) => e.target?.startsWith('run:t64-'));

    expect(mine.map((e) => e.at)).toEqual(written); // each time back exactly, to the millisecond
    for (const e of entries) {
      expect(e.at, `seq ${e.seq}`).toMatch(UTC_MS);
      expect(e.sequencedAt, `seq ${e.seq}`).toMatch(UTC_MS);
    }
    const backwards = entries.filter(
      (e, i) => i > 0 && Date.parse(e.at) < Date.parse(entries[i - 1]!.at) - 1000,
    );
    expect(backwards.map((e) => e.seq)).toEqual([]);
    const report = await verifyStore(w);
    expect(report).toMatchObject({ ok: true, warnings: [] });
  });

  it('T6.4: verify flags an entry stamped more than 5 minutes ahead of its sequencing, and not one 4 minutes ahead', async () => {
    const now = w.clock.now().getTime();
    await writeAt(w, new Date(now + 4 * 60_000), 100);
    await writeAt(w, new Date(now + 6 * 60_000), 101);
    await sequenceAudit(w, { final: true });
    const entries = await readEntries(w.sql, 0, 100_000);
    const ahead = entries.find((e) => e.target === 'run:t64-101')!;
    const slight = entries.find((e) => e.target === 'run:t64-100')!;

    const report = await verifyStore(w);

    expect(report.ok).toBe(true); // flagged, not failed: the chain is intact
    expect(report.warnings).toEqual([
      `entry ${ahead.seq}: time ${ahead.at} is more than 300 s after its sequencing`,
    ]);
    expect(report.warnings.join('\n')).not.toContain(`entry ${slight.seq}:`);
  });

  it('T6.5: an entry with CR/LF, ANSI escapes, quotes and 100 KB strings keeps the export one line per entry, and verifies', async () => {
    const nasty = `task:X\r\n\u001b[31m"}{\u2028${'y'.repeat(100_000)}`;
    await showRecord(w, w.as.analyst, {
      sourceId: 'cbp-i94',
      sourceRecordId: `I94-1\r\n"evil"\u001b[0m${'z'.repeat(100_000)}`,
      purpose: 'DATA_QUALITY_REVIEW\n',
      target: nasty,
    }).catch(() => undefined); // refused (not assigned): the refusal is the audited entry
    await sequenceAudit(w, { final: true });
    const out = join(dir, 'audit.jsonl');

    const exported = await exportAudit(w, w.as.auditor, { out, target: 'task:T65' });
    const lines = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const refusal = lines.find((l) => l.includes('evil'));

    expect((await verifyStore(w)).ok).toBe(true);
    expect(await verifyExportFile(out, { publicKey: exported.publicKey })).toMatchObject({
      ok: true,
      size: exported.size,
    });
    expect(refusal).toBeDefined();
    expect(refusal!.length).toBeLessThan(5000);
    const raw = ['\r', '\n', '\u001b', '\u2028', '\u2029'].filter((c) => refusal!.includes(c));
    expect(raw).toEqual([]); // each is escaped inside the line
    expect(lines).toHaveLength(1 + exported.checkpoints + exported.size); // header, checkpoints, entries
    expect(lines.every((l) => JSON.parse(l) !== null)).toBe(true); // no line was broken in two
  });
});
