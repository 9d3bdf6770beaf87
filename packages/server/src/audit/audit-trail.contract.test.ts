import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSystemWrite } from '../access/access-layer.js';
import { ownerSql, session, type World, world } from '../access/test-accountability.js';
import { addUser, login } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/main.js';
import { type Context, openContext } from '../context.js';
import { loggedErrors, logReadable, logSize, serverLog } from '../pg-log.test-support.js';
import { storeKinds } from '../test-support.js';
import { sequenceAudit } from './sequencer.js';
import { exportAudit, latestCheckpoint, verifyExportFile, verifyStore } from './verify.js';

async function writeEvents(ctx: Context, n: number) {
  await ctx.sql.transact(async (tx) => {
    for (let i = 0; i < n; i++) {
      await auditSystemWrite(tx, ctx.now(), {
        system: 'ingest',
        action: 'record.write',
        event: 'record.write',
        purpose: 'INGEST',
        target: `run:test-${i}`,
        subjects: [`record:cbp-i94/T-${i}`],
        details: { accepted: 1 },
      });
    }
  });
}

/** Changes audit rows as a DBA could: triggers off for this transaction only (superuser). */
async function tamper(ctx: Context, statements: string) {
  const owner = await ownerSql(ctx);
  try {
    await owner.sql.transact(async (tx) => {
      await tx.exec(`set local session_replication_role = replica; ${statements}`);
    });
  } finally {
    await owner.close();
  }
}

const SAVE =
  'create table zz_saved_log as select * from audit_log; create table zz_saved_cp as select * from audit_checkpoints;';
const RESTORE = `delete from audit_log; insert into audit_log overriding system value select * from zz_saved_log;
  delete from audit_checkpoints; insert into audit_checkpoints select * from zz_saved_cp;
  drop table zz_saved_log; drop table zz_saved_cp;`;

describe.each(storeKinds())('the audit trail on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    await writeEvents(w, 2500);
    await sequenceAudit(w, { final: true, checkpointEvery: 1000 });
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('sequences every row gap-free from 1, signs checkpoints, and verifies intact', async () => {
    const report = await verifyStore(w);

    expect(report).toMatchObject({ ok: true, lagging: false, unsequenced: { count: 0 } });
    expect(report.size).toBeGreaterThan(2500);
    expect(report.checkpointsMatched).toBeGreaterThanOrEqual(3);
    expect(report.signedSize).toBe(report.size);
  });

  it('T5.11: the app may not UPDATE, DELETE, TRUNCATE or disable the triggers of the audit tables, and the server logs each attempt', async () => {
    const [{ db } = { db: '' }] = await w.sql.query<{ db: string }>('select current_database() as db');
    const log = kind === 'postgres' ? await serverLog(db) : { skip: 'PGlite has no server log' };
    const from = 'file' in log ? logSize(log.file) : 0;
    const attempts = [
      "update audit_log set actor_id = 'x' where seq = 5",
      'delete from audit_log where seq = 5',
      'truncate audit_log',
      'delete from audit_checkpoints',
      "update audit_checkpoints set note = 'x'",
      'truncate audit_checkpoints',
      'update audit_state set tree_size = 0',
      "insert into audit_log (seq, at, event_type, component, source_ip, actor_id, actor_role, outcome, leaf_hash, prev_hash, sequenced_at) values (999999, now(), 'record.read', 'x', 'x', 'x', 'x', 'success', 'x', 'x', now())",
    ];
    for (const sql of attempts) {
      await expect(w.sql.query(sql), sql).rejects.toThrow(
        /permission denied|append-only|cannot change|only be updated|only moves forward|inserted unsequenced/,
      );
    }
    const alter = 'alter table audit_log disable trigger all';
    const disable = w.sql.query(alter);
    if (kind === 'postgres') await expect(disable).rejects.toThrow(/must be owner/);
    else await disable.then(() => w.sql.query('alter table audit_log enable trigger all')); // embedded: see ADR 0010
    expect((await verifyStore(w)).ok).toBe(true);

    // "The attempt itself is logged": each refused statement is in the server log for this database,
    // with its permission error (pgaudit is not installed; the log is PostgreSQL's own).
    if (kind !== 'postgres' || !logReadable(log, 'T5.11')) return;
    const refused = [...attempts, alter];
    let logged: { error: string; statement?: string }[] = [];
    for (let tries = 0; tries < 50; tries++) {
      logged = loggedErrors(log.file, log.db, from);
      if (refused.every((sql) => logged.some((e) => e.statement === sql))) break;
      await new Promise((resolve) => setTimeout(resolve, 100)); // a logging collector writes a little later
    }
    for (const sql of refused) {
      const entries = logged.filter((e) => e.statement === sql);
      expect(entries, sql).toHaveLength(1);
      expect(entries[0]!.error, sql).toMatch(
        /^(permission denied for table audit_(log|checkpoints|state)|must be owner of table audit_log)$/,
      );
    }
  });

  it.each([
    {
      what: 'an actor',
      sql: "update audit_log set actor_id = 'someone-else' where seq = 1234",
      seq: 1234,
      check: 'leaf',
    },
    {
      what: 'a subject',
      sql: "update audit_log set subjects = '{record:cbp-i94/X}' where seq = 777",
      seq: 777,
      check: 'leaf',
    },
    {
      what: 'a timestamp',
      sql: "update audit_log set at = at + interval '1 millisecond' where seq = 42",
      seq: 42,
      check: 'leaf',
    },
    {
      what: 'an outcome',
      sql: "update audit_log set outcome = 'denied' where seq = 1500",
      seq: 1500,
      check: 'leaf',
    },
    {
      what: 'the prev hash',
      sql: "update audit_log set prev_hash = repeat('a', 64) where seq = 2000",
      seq: 2000,
      check: 'chain',
    },
    {
      what: 'the leaf hash',
      sql: "update audit_log set leaf_hash = repeat('b', 64) where seq = 3",
      seq: 3,
      check: 'leaf',
    },
    {
      what: 'one row (deleted)',
      sql: 'delete from audit_log where seq = 1001',
      seq: 1001,
      check: 'sequence',
    },
    {
      what: 'two rows (swapped)',
      sql: 'update audit_log set seq = 0 where seq = 10; update audit_log set seq = 10 where seq = 11; update audit_log set seq = 11 where seq = 0;',
      seq: 10,
      check: 'chain',
    },
    {
      what: 'the tail (truncated)',
      sql: 'delete from audit_log where seq > 2400',
      seq: 2401,
      check: 'truncated',
    },
  ])('T5: finds $what changed in the database, at entry $seq ($check)', async ({ sql, seq, check }) => {
    const owner = await ownerSql(w);
    const snapshot = await owner.sql.query<{ n: number }>('select count(*)::int as n from audit_log');
    await owner.close();
    await tamper(w, `${SAVE} ${sql}`);
    try {
      const report = await verifyStore(w);
      expect(report.ok).toBe(false);
      expect(report.failure).toMatchObject({ seq, check });
    } finally {
      await tamper(w, RESTORE);
    }
    const owner2 = await ownerSql(w);
    expect((await owner2.sql.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]).toEqual(
      snapshot[0],
    );
    await owner2.close();
    expect((await verifyStore(w)).ok).toBe(true);
  });

  it('T5.5/T5.6: a rewrite with the chain recomputed fails the signed checkpoints; a kept checkpoint catches a re-signed one', async () => {
    const witness = await latestCheckpoint(w);
    await tamper(w, `${SAVE} delete from audit_checkpoints;`);
    try {
      await tamper(w, "update audit_log set actor_id = 'forged' where seq = 5");
      // Without checkpoints the altered entry still fails its own leaf hash …
      expect((await verifyStore(w)).failure).toMatchObject({ seq: 5, check: 'leaf' });
      // … and a trusted checkpoint kept outside the store refuses a log that no longer has its root.
      const withWitness = await verifyStore(w, { trusted: [witness!] });
      expect(withWitness.ok).toBe(false);
    } finally {
      await tamper(w, RESTORE);
    }
    expect((await verifyStore(w, { trusted: [witness!] })).ok).toBe(true);
  });

  it('T5.10: flags rows that waited for the sequencer longer than the allowed merge delay', async () => {
    await writeEvents(w, 3);
    w.clock.advance(20_000);

    const report = await verifyStore(w, { maxUnsequencedAgeMs: 10_000 });
    expect(report).toMatchObject({ ok: true, lagging: true, unsequenced: { count: 3 } });

    await sequenceAudit(w, { final: true });
    expect(await verifyStore(w, { maxUnsequencedAgeMs: 10_000 })).toMatchObject({ ok: true, lagging: false });
  });

  it('exports the log for an auditor and verifies the export offline with the public key alone', async () => {
    await w.sql.query('select 1'); // sessions may have idled: log the auditor in again
    const auditor = session(
      (
        await login(w, {
          userId: 'ida',
          password: 'a long enough test pass phrase',
          code: await testCode(w, 'ida'),
        })
      ).token,
    );
    const dir = mkdtempSync(join(tmpdir(), 'ilos-export-'));
    const out = join(dir, 'audit.jsonl');

    const exported = await exportAudit(w, auditor, { out, target: 'task:IG-1' });
    const offline = await verifyExportFile(out, { publicKey: exported.publicKey });

    expect(offline).toMatchObject({ ok: true, size: exported.size, keySource: 'given' });
    const lines = readFileSync(out, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"seq":100,'));
    lines[at] = lines[at]!.replace('"outcome":"success"', '"outcome":"denied"');
    writeFileSync(out, lines.join('\n'));
    expect((await verifyExportFile(out, { publicKey: exported.publicKey })).failure).toMatchObject({
      seq: 100,
      check: 'leaf',
    });
    const otherKey = 'ilos-audit+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await expect(verifyExportFile(out, { publicKey: otherKey })).rejects.toThrow(/public key/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('ilos audit verify (CLI) on the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-verify-cli-'));
  const ilos = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await run([...argv, '--data', dir], io);
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when intact, 1 with the first bad sequence number when tampered, 2 on error', async () => {
    const ctx = await openContext({ dataDir: dir, databaseUrl: undefined });
    await addUser(ctx, undefined, { id: 'root', role: 'admin', password: 'a long enough test pass phrase' });
    await writeEvents(ctx, 50);
    await ctx.close();

    expect(await ilos('audit', 'verify')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact: 5\d entries/),
    });

    const again = await openContext({ dataDir: dir, databaseUrl: undefined });
    await tamper(again, "update audit_log set outcome = 'denied' where seq = 17");
    await again.close();
    const tampered = await ilos('audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/first bad entry 17 \(check: leaf\)/);

    expect((await ilos('audit', 'verify', '--public-key', 'not-a-key+x+y')).code).toBe(2);
    expect((await ilos('audit', 'verify', '--file', join(dir, 'missing.jsonl'))).code).toBe(2);
  });
});
