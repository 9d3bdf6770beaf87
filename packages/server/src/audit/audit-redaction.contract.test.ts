import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSystemWrite, type Principal } from '../access/access-layer.js';
import { ownerSql, PASSWORD, session, type World, world } from '../access/test-accountability.js';
import { login } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import type { Context } from '../context.js';
import { runRetention } from '../retention/retention.js';
import { storeKinds } from '../test-support.js';
import { sequenceAudit } from './sequencer.js';
import { exportAudit, verifyExportFile, verifyStore } from './verify.js';

const DAY = 86_400_000;

async function writeEvents(ctx: Context, n: number, tag: string) {
  await ctx.sql.transact(async (tx) => {
    for (let i = 0; i < n; i++) {
      await auditSystemWrite(tx, ctx.now(), {
        system: 'ingest',
        action: 'record.write',
        event: 'record.write',
        purpose: 'INGEST',
        target: `run:${tag}-${i}`,
        subjects: [`record:cbp-i94/${tag}-${i}`],
        details: { accepted: 1 },
      });
    }
  });
}

const counts = async (ctx: Context) =>
  (
    await ctx.sql.query<{ redacted: number; personal_left: number; young_intact: number }>(
      `select count(*) filter (where redacted_at is not null)::int as redacted,
              count(*) filter (where redacted_at is not null
                                 and (actor_id <> '[redacted]' or cardinality(subjects) > 0 or details <> '{}'
                                      or target is not null or session_id is not null))::int as personal_left,
              count(*) filter (where redacted_at is null and target like 'run:young-%'
                                 and cardinality(subjects) = 1)::int as young_intact
         from audit_log`,
    )
  )[0]!;

/** Audit retention by redaction (RELIABILITY.md T13.2): old entries lose their personal columns, verify still passes. */
describe.each(storeKinds())('audit redaction on %s', (kind) => {
  let w: World;
  let auditor: Principal;
  /** Moves the clock on, logging the auditor in every 80 days (accounts idle 90 days are disabled, T9.7). */
  const passDays = async (days: number) => {
    for (let left = days; left > 0; left -= 80) {
      w.clock.advance(Math.min(80, left) * DAY);
      auditor = session(
        (await login(w, { userId: 'ida', password: PASSWORD, code: await testCode(w, 'ida') })).token,
      );
    }
  };
  beforeAll(async () => {
    w = await world(kind); // clock: 2026-06-30
    await writeEvents(w, 1500, 'old');
    await sequenceAudit(w, { final: true, checkpointEvery: 1000 });
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('T13.2: never redacts entries younger than a year, even when the schedule asks for less', async () => {
    await passDays(200);
    await writeEvents(w, 300, 'young');

    const result = await runRetention(w, { auditRetentionDays: 30 });

    expect(result.auditRedacted).toBe(0);
    expect((await counts(w)).redacted).toBe(0);
  });

  it('T13.2: past a year, redacts only the personal columns of old entries; verify and an export still pass', async () => {
    await passDays(200); // the first entries are now 400 days old, the young ones 200
    const [{ old }] = (await w.sql.query<{ old: number }>(
      `select count(*)::int as old from audit_log where at < $1`,
      [new Date(w.now().getTime() - 365 * DAY)],
    )) as [{ old: number }];

    const result = await runRetention(w);

    expect(old).toBeGreaterThan(1500);
    expect(result.auditRedacted).toBe(old);
    expect(await counts(w)).toEqual({ redacted: old, personal_left: 0, young_intact: 300 });
    const store = await verifyStore(w);
    expect(store).toMatchObject({ ok: true, redacted: old });
    expect(store.checkpointsMatched).toBeGreaterThan(0);
    const out = join(w.dir, 'redacted.jsonl');
    await exportAudit(w, auditor, { out, target: 'task:AUDIT-1' });
    expect(await verifyExportFile(out)).toMatchObject({ ok: true, redacted: old });
    const [receipt] = await w.sql.query<{ details: string }>(
      `select details from audit_log where event_type = 'audit.redact'`,
    );
    expect(JSON.parse(receipt!.details)).toMatchObject({ redacted: old });
  });

  it('T13.2: the guard allows only a true redaction, once, and verify refuses a redaction no audit.redact entry covers', async () => {
    const owner = await ownerSql(w);
    try {
      await expect(owner.sql.query(`update audit_log set redacted_at = now() where seq = 1`)).rejects.toThrow(
        /redact|cannot change/,
      );
      const [young] = await owner.sql.query<{ seq: string }>(
        `select seq::text as seq from audit_log where target = 'run:young-7'`,
      );
      await expect(
        owner.sql.query(
          `update audit_log set source_ip = '[redacted]', session_id = null, actor_id = '[redacted]', target = null,
                  subjects = '{}', fields = '{}', reason = null, details = '{}', redacted_at = now(), leaf_hash = repeat('0', 64)
            where seq = $1`,
          [young!.seq],
        ),
      ).rejects.toThrow(/cannot change/);
      // Blanking a young entry the way redaction does passes the guard (the owner could): verify catches it.
      await owner.sql.query(
        `update audit_log set source_ip = '[redacted]', session_id = null, actor_id = '[redacted]', target = null,
                subjects = '{}', fields = '{}', reason = null, details = '{}', redacted_at = now()
          where seq = $1`,
        [young!.seq],
      );

      const report = await verifyStore(w);

      expect(report.ok).toBe(false);
      expect(report.failure).toMatchObject({ seq: Number(young!.seq), check: 'redaction' });
    } finally {
      await owner.close();
    }
  });
});
