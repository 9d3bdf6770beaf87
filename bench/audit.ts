import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMPTY_LOG,
  EXPORT_FORMAT,
  formatCheckpointLine,
  formatEntryLine,
  formatHeaderLine,
  formatVerifierKey,
  fromHex,
  minimiseEvent,
  type SequencerState,
  seededRandom,
  sequenceRows,
  signCheckpoint,
  syntheticEvent,
  type UnsequencedRow,
  verifierOf,
} from '@ilos/core';
import postgres from 'postgres';
import type { Principal } from '../packages/server/src/access/access-layer.js';
import { assignWork } from '../packages/server/src/access/work.js';
import { addUser, login } from '../packages/server/src/accounts/accounts.js';
import { testCode } from '../packages/server/src/accounts/test-mfa.js';
import { originOf, sequenceAudit } from '../packages/server/src/audit/sequencer.js';
import { nodeSha256, signingKey } from '../packages/server/src/audit/signing-key.js';
import { verifyExportFile, verifyStore } from '../packages/server/src/audit/verify.js';
import { type Context, openContext } from '../packages/server/src/context.js';
import { openPostgres } from '../packages/server/src/db/open-postgres.js';
import { ingestFile } from '../packages/server/src/ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../packages/server/src/ingest/test-batch.js';
import { showRecord } from '../packages/server/src/records-access/show-record.js';

type Row = { name: string; value: number; unit: string; goal?: string };

const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const READS = Number(process.env.BENCH_AUDIT_READS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_AUDIT_CONCURRENCY ?? 8);
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const PASSWORD = 'a long enough bench pass phrase';
const SOCKET_DIR = process.env.BENCH_SOCKET_DIR ?? '/var/run/postgresql';

/**
 * Issue 5's figures: audited reads per second on the PostgreSQL server (authenticate, purpose and
 * assignment check, read, audit insert — one transaction each; goal ≥ 1,000/s, p99 ≤ 50 ms, exactly one
 * audit row per read), the sequencer's rate, and `audit verify` of 1,000,000 entries (goal ≤ 30 s) in
 * the store and as an offline export. Runs on its own fresh databases; sequential, bounded.
 */
export async function benchAudit(): Promise<Row[]> {
  const rows: Row[] = [];
  await withDatabase(async (url) => {
    rows.push(...(await auditedReads(url, 'TCP')));
  });
  if (existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`)) {
    // The same over the Unix socket (app and database on one machine): no loopback TCP per round trip.
    await withDatabase(async (url) => {
      const viaSocket = new URL(url);
      viaSocket.searchParams.set('host', SOCKET_DIR);
      rows.push(...(await auditedReads(viaSocket.toString(), 'Unix socket')));
    });
  }
  await withDatabase(async (url) => {
    rows.push(...(await verifyMillion(url)));
  });
  return rows;
}

async function withDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const name = `ilos_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    await fn(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function auditedReads(url: string, via: string): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-audit-'));
  const ctx = await openContext({ dataDir: dir, databaseUrl: url });
  try {
    await addUser(ctx, undefined, { id: 'root', role: 'admin', password: PASSWORD });
    const as = async (id: string): Promise<Principal> => ({
      kind: 'session',
      token: (await login(ctx, { userId: id, password: PASSWORD, code: await testCode(ctx, id) })).token,
      component: 'api',
      sourceIp: '127.0.0.1',
    });
    const root = await as('root');
    await addUser(ctx, root, { id: 'sue', role: 'supervisor', password: PASSWORD });
    const readers: Principal[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      await addUser(ctx, root, { id: `reader${i}`, role: 'analyst', password: PASSWORD });
      await assignWork(ctx, await as('sue'), `reader${i}`, 'task:BENCH');
      readers.push(await as(`reader${i}`));
    }
    const csv = join(dir, 'cbp-i94.csv');
    writeFileSync(
      csv,
      [
        I94_COLUMNS.join(','),
        ...Array.from({ length: 5000 }, (_, i) => admissionLine(goodAdmission(i))),
      ].join('\n'),
    );
    await ingestFile(ctx, { path: csv });
    await sequenceAudit(ctx, { final: true });
    const [{ before }] = (await ctx.sql.query<{ before: string }>(
      'select coalesce(max(id), 0)::text as before from audit_log',
    )) as [{ before: string }];

    const latencies: number[] = [];
    let next = 0;
    const backendsBefore = await backendCpu(url);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      readers.map(async (reader) => {
        for (;;) {
          const i = next++;
          if (i >= READS) return;
          const t = performance.now();
          await showRecord(ctx, reader, {
            sourceId: 'cbp-i94',
            sourceRecordId: `I94-${(i * 7919) % 5000}`,
            purpose: 'DATA_QUALITY_REVIEW',
            target: 'task:BENCH',
          });
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore);
    const pgCpu = cpuSince(backendsBefore, await backendCpu(url));
    const nodeCpuSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
    const [{ n }] = (await ctx.sql.query<{ n: number }>(
      "select count(*)::int as n from audit_log where id > $1 and event_type = 'record.read' and outcome = 'success'",
      [before],
    )) as [{ n: number }];
    const sequencing = performance.now();
    const pass = await sequenceAudit(ctx, { final: true });
    const sequencedSeconds = (performance.now() - sequencing) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
    return [
      {
        name: `audited reads/s, PostgreSQL over ${via}, ${CONCURRENCY} in flight`,
        value: READS / seconds,
        unit: 'reads/s',
        goal: '≥ 1,000/s',
      },
      { name: `audited read p50 (${via})`, value: pct(0.5), unit: 'ms' },
      { name: `audited read p99 (${via})`, value: pct(0.99), unit: 'ms', goal: '≤ 50 ms' },
      { name: `audit rows per read (${via})`, value: n / READS, unit: 'rows', goal: '= 1 exactly' },
      { name: `CPU per audited read, Node (${via})`, value: (nodeCpuSeconds / READS) * 1000, unit: 'ms' },
      {
        name: `CPU per audited read, PostgreSQL backends (${via})`,
        value: (pgCpu / READS) * 1000,
        unit: 'ms',
      },
      {
        name: `audited reads per CPU-second, Node + PostgreSQL (${via})`,
        value: READS / (nodeCpuSeconds + pgCpu),
        unit: 'reads/CPU-s',
      },
      {
        name: `sequencer rate after the reads (${via})`,
        value: pass.sequenced / sequencedSeconds,
        unit: 'entries/s',
      },
    ];
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CPU seconds used so far by each PostgreSQL backend connected to this database (from /proc; empty when
 * the server is not on this machine). The machine is shared, so CPU per read says more than wall time.
 */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const name = new URL(url).pathname.slice(1);
    const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`;
    const seconds = new Map<number, number>();
    for (const { pid } of pids) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime
      } catch {} // another machine, or the backend has gone
    }
    return seconds;
  } finally {
    await admin.end();
  }
}

/** CPU the backends alive at the end used since `before` (a backend that exited meanwhile is not counted). */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** A 1,000,000-entry log written straight into a fresh store (as its owner), then verified twice. */
async function verifyMillion(url: string): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-verify-'));
  const ctx = await openContext({ dataDir: dir, databaseUrl: url });
  const owner = await openPostgres(url, { max: 1 });
  try {
    const exportPath = join(dir, 'audit.jsonl');
    const built = await buildLog(ctx, owner, exportPath);
    const pg0 = await backendCpu(url);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const store = await verifyStore(ctx);
    const storeSeconds = (performance.now() - t0) / 1000;
    const storeCpu = process.cpuUsage(cpu0);
    const storePgCpu = cpuSince(pg0, await backendCpu(url));
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const file = await verifyExportFile(exportPath, { publicKey: built.publicKey });
    const fileSeconds = (performance.now() - t1) / 1000;
    const fileCpu = process.cpuUsage(cpu1);
    if (!store.ok || !file.ok || store.size !== ENTRIES)
      throw new Error(`verify failed: ${JSON.stringify(store.failure ?? file.failure)}`);
    return [
      {
        name: `audit verify, ${ENTRIES.toLocaleString('en-US')} entries in PostgreSQL`,
        value: storeSeconds,
        unit: 's',
        goal: '≤ 30 s',
      },
      {
        name: `audit verify --file, ${ENTRIES.toLocaleString('en-US')} entries`,
        value: fileSeconds,
        unit: 's',
        goal: '≤ 30 s',
      },
      {
        name: 'audit verify in PostgreSQL: CPU, Node',
        value: (storeCpu.user + storeCpu.system) / 1e6,
        unit: 'CPU-s',
      },
      { name: 'audit verify in PostgreSQL: CPU, PostgreSQL backend', value: storePgCpu, unit: 'CPU-s' },
      { name: 'audit verify --file: CPU', value: (fileCpu.user + fileCpu.system) / 1e6, unit: 'CPU-s' },
      { name: 'signed checkpoints checked', value: store.checkpointsMatched, unit: 'checkpoints' },
      { name: 'building the log (hash, sign, COPY)', value: built.seconds, unit: 's' },
    ];
  } finally {
    await owner.close();
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function buildLog(ctx: Context, owner: Awaited<ReturnType<typeof openPostgres>>, exportPath: string) {
  const started = performance.now();
  const key = signingKey(ctx);
  const [{ log_id }] = (await owner.query<{ log_id: string }>('select log_id from audit_state')) as [
    { log_id: string },
  ];
  const origin = originOf(log_id);
  const random = seededRandom(1_000_000);
  const entriesPath = `${exportPath}.entries`;
  const entriesOut = createWriteStream(entriesPath);
  const checkpoints: string[] = [];
  let state: SequencerState = EMPTY_LOG;
  let clock = Date.parse('2026-01-05T14:00:00.000Z');
  await owner.exec('set session_replication_role = replica'); // a bulk load by the owner, not the app
  for (let done = 0; done < ENTRIES; ) {
    const batch: UnsequencedRow[] = [];
    for (let i = 0; i < 10_000 && done + i < ENTRIES; i++) {
      clock += 250;
      const e = minimiseEvent(syntheticEvent(random, new Date(clock)));
      batch.push({
        ...e,
        id: done + i + 1,
        at: e.at.toISOString(),
        subjects: [...e.subjects],
        fields: [...e.fields],
      });
    }
    const sequenced = sequenceRows(state, batch, {
      sequencedAt: new Date(clock + 100),
      checkpointEvery: 1000,
      sha256: nodeSha256,
    });
    state = sequenced.state;
    const notes = sequenced.heads.map((h) => ({
      ...h,
      note: signCheckpoint({ origin, size: h.size, root: fromHex(h.root)! }, key),
    }));
    checkpoints.push(...notes.map((n) => n.note));
    const array = (xs: readonly string[]) =>
      `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
    await owner.copyRows(
      'audit_log',
      [
        'seq',
        'at',
        'sequenced_at',
        'event_type',
        'component',
        'source_ip',
        'session_id',
        'actor_id',
        'actor_role',
        'purpose',
        'target',
        'subjects',
        'fields',
        'outcome',
        'reason',
        'details',
        'prev_hash',
        'leaf_hash',
      ],
      sequenced.entries.map((e) => [
        e.seq,
        e.at,
        e.sequencedAt,
        e.eventType,
        e.component,
        e.sourceIp,
        e.sessionId,
        e.actorId,
        e.actorRole,
        e.purpose,
        e.target,
        array(e.subjects),
        array(e.fields),
        e.outcome,
        e.reason,
        e.details,
        e.prevHash,
        e.leafHash,
      ]),
    );
    await owner.copyRows(
      'audit_checkpoints',
      ['tree_size', 'root_hash', 'note', 'signed_at'],
      notes.map((n) => [n.size, n.root, n.note, new Date(clock).toISOString()]),
    );
    for (const { id: _id, ...e } of sequenced.entries) {
      if (!entriesOut.write(`${formatEntryLine(e)}\n`)) await once(entriesOut, 'drain');
    }
    done += batch.length;
  }
  entriesOut.end();
  await once(entriesOut, 'finish');
  await owner.query(
    `update audit_state set tree_size = $1, frontier = $2, last_leaf_hash = $3, last_checkpoint_size = $1, last_checkpoint_at = now()`,
    [state.size, JSON.stringify(state.frontier), state.lastLeafHash],
  );
  const publicKey = formatVerifierKey(verifierOf(key));
  const out = createWriteStream(exportPath);
  out.write(
    `${formatHeaderLine({ format: EXPORT_FORMAT, origin, publicKey, size: state.size, exportedAt: new Date(clock).toISOString() })}\n`,
  );
  for (const note of checkpoints) out.write(`${formatCheckpointLine(note)}\n`);
  const { createReadStream } = await import('node:fs');
  for await (const chunk of createReadStream(entriesPath)) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return { publicKey, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchAudit())
    console.log(`${row.name.padEnd(56)} ${row.value.toFixed(3).padStart(12)} ${row.unit} ${row.goal ?? ''}`);
}
