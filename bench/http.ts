import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CASE_TRANSITIONS,
  fromBase32,
  type RemovalCaseState,
  type Role,
  startsFrom,
  totpCode,
} from '@ilos/core';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { assignWork } from '../packages/server/src/access/work.js';
import { login } from '../packages/server/src/accounts/accounts.js';
import { testCode } from '../packages/server/src/accounts/test-mfa.js';
import { openContext } from '../packages/server/src/context.js';
import { demoTotpSecret, seedDemoUsers } from '../packages/server/src/demo/demo-users.js';
import { runDemo } from '../packages/server/src/demo/run-demo.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../packages/server/src/ingest/test-batch.js';
import type { BenchRow } from './types.js';

const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
/** The demo's default population. */
const PEOPLE = Number(process.env.BENCH_HTTP_PEOPLE ?? 20_000);
/** RELIABILITY.md T11.1 runs 60 s at 200 req/s; T11.2 30 s closed loop. */
const SUSTAIN_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 60);
const SATURATE_SECONDS = Number(process.env.BENCH_HTTP_SATURATE_SECONDS ?? 30);
const RATE = 200;
const PORT = Number(process.env.BENCH_HTTP_PORT ?? 18_080);
/** RELIABILITY.md T11.3: 150 reads/s + 20 searches/s + 5 case writes/s for 60 s beside a 50k-record ingest. */
const MIXED_SECONDS = Number(process.env.BENCH_HTTP_MIXED_SECONDS ?? 60);
const MIXED_RATES = mixedRates(process.env.BENCH_HTTP_MIXED ?? '150,20,5');
const INGEST_RECORDS = Number(process.env.BENCH_HTTP_INGEST_RECORDS ?? 50_000);
/** The ingest starts this long into the mixed phase, so the load runs before, during and after it. */
const INGEST_AFTER_MS = 5_000;
/** RELIABILITY.md T11.4: the maximum merge delay (MMD) of the audit sequencer. */
const MMD_MS = 10_000;

/**
 * RELIABILITY.md T11.1–T11.2 against `ilos serve` (its own process, as deployed) on a demo-sized store
 * on the PostgreSQL server: the audited person read (POST /api/persons/show — session, purpose and case
 * assignment check, person-in-case check, read, audit row, one transaction), spread over every demo
 * case the adjudicator is assigned to. 200 req/s open loop for 60 s, paced here (goal p99 ≤ 250 ms,
 * 0 errors, audit rows = 2xx), then autocannon's closed loop with 8 connections for 30 s (goal ≥ 500
 * req/s). The load runs in this process, the server in another: both share the machine's 2 cores with
 * PostgreSQL. T11.1 names 200,000 people: BENCH_HTTP_PEOPLE=200000 (the demo then takes ~15 minutes).
 * Then T11.3–T11.4, the mixed load beside a batch ingest (`mixedPhase`; BENCH_HTTP_MIXED_SECONDS).
 */
export async function benchHttp(): Promise<BenchRow[]> {
  // BENCH_HTTP_KEEP=NAME builds the store into database NAME once and reuses it on later runs (the demo
  // takes most of a run's time); without it, a fresh database is built and dropped.
  const kept = process.env.BENCH_HTTP_KEEP;
  const name = kept ?? `ilos_bench_http_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // A kept store keeps its data folder too: the audit signing key is there, and the checkpoints the
  // earlier runs signed verify only with it (a store kept before this folder existed: drop it).
  const dir = kept === undefined ? mkdtempSync(join(tmpdir(), 'ilos-bench-http-')) : keptDir(name);
  let server: ChildProcess | undefined;
  try {
    const reads = exists ? await storedReads(url.toString()) : await prepareStore(url.toString(), dir);
    await analyze(url.toString());
    server = await startServer(serverUrl(url), dir);
    const base = `http://127.0.0.1:${PORT}`;
    const cookie = await httpLogin(base, 'adjudicator', 'ilos-demo-adjudicator-2026');
    const requests = reads.map((r) => ({
      method: 'POST' as const,
      path: '/api/persons/show',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        personId: r.personId,
        purpose: 'CASE_ADJUDICATION',
        target: `case:${r.caseId}`,
      }),
    }));
    const audited = async () => {
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        const [row] = await db<{ n: number }[]>`select count(*)::int as n from audit_log
          where event_type = 'record.read' and outcome = 'success' and actor_id = 'adjudicator'`;
        return row!.n;
      } finally {
        await db.end();
      }
    };
    // Warm-up: the JIT, the connection pool, PostgreSQL's caches. Every warm-up request is answered before
    // the audit rows are counted (a closed loop stopped by the clock leaves some in flight: off by one).
    await paced(base, requests, RATE, RATE * 5);

    const before = await audited();
    const cpuBefore = serverCpu(server);
    const pgBefore = await backendCpu(name);
    // An open loop: one request every 5 ms on schedule, whatever the answers, until 12,000 are sent; every
    // request sent is answered before the audit rows are counted.
    const sustained = await paced(base, requests, RATE, RATE * SUSTAIN_SECONDS);
    const sustainedCpu = serverCpu(server) - cpuBefore;
    const pgCpu = (await backendCpu(name)) - pgBefore;
    const rowsWritten = (await audited()) - before;

    const saturated = summary(await run({ url: base, requests, connections: 8, duration: SATURATE_SECONDS }));
    const print = (label: string, r: Summary) =>
      process.stderr.write(
        `  ${label}: ${r.rate.toFixed(0)} req/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, ` +
          `2xx ${r.ok}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}\n`,
      );
    print('sustained', sustained);
    print('saturated', saturated);
    const mixed = await mixedPhase({ base, url: url.toString(), dir, cookie, reads: requests, server, name });
    return [
      { name: `http: demo store (${PEOPLE} people), persons read over`, value: reads.length, unit: 'cases' },
      {
        name: `http: audited read at ${RATE} req/s, achieved`,
        value: sustained.rate,
        unit: 'req/s',
      },
      { name: 'http: audited read at 200 req/s, p50', value: sustained.p50, unit: 'ms' },
      {
        name: 'http: audited read at 200 req/s, p99',
        value: sustained.p99,
        unit: 'ms',
        goal: '≤ 250 ms (target ≤ 100)',
      },
      {
        name: 'http: errors + timeouts + non-2xx at 200 req/s',
        value: sustained.errors + sustained.timeouts + sustained.non2xx,
        unit: 'requests',
        goal: '0',
      },
      {
        name: 'http: audit rows written − 2xx answered at 200 req/s',
        value: rowsWritten - sustained.ok,
        unit: 'rows',
        goal: '0 exactly',
      },
      {
        name: 'http: server CPU per audited read (Node, at 200 req/s)',
        value: sustained.ok > 0 ? (sustainedCpu / sustained.ok) * 1000 : Number.NaN,
        unit: 'ms',
      },
      {
        name: 'http: PostgreSQL CPU per audited read (backends, at 200 req/s)',
        value: sustained.ok > 0 ? (pgCpu / sustained.ok) * 1000 : Number.NaN,
        unit: 'ms',
      },
      {
        name: 'http: audited reads per CPU-second (server + PostgreSQL)',
        value: sustained.ok / (sustainedCpu + pgCpu),
        unit: 'reads/CPU-s',
      },
      {
        name: 'http: audited read saturation, 8 connections',
        value: saturated.rate,
        unit: 'req/s',
        goal: '≥ 500 req/s',
      },
      { name: 'http: audited read saturation, p99', value: saturated.p99, unit: 'ms' },
      {
        name: 'http: saturation errors + non-2xx',
        value: saturated.errors + saturated.timeouts + saturated.non2xx,
        unit: 'requests',
        goal: '0',
      },
      ...mixed,
    ];
  } finally {
    if (server !== undefined && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    if (kept === undefined) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    if (kept === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

function keptDir(name: string): string {
  const dir = join(tmpdir(), `ilos-bench-http-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The demo population, the demo users, and the adjudicator assigned to every demo case. */
async function prepareStore(url: string, dir: string): Promise<{ caseId: string; personId: string }[]> {
  const ctx = await openContext({ dataDir: dir, databaseUrl: url });
  try {
    process.stderr.write(`  building a demo store of ${PEOPLE} people on PostgreSQL…\n`);
    await runDemo(ctx, { people: PEOPLE, seed: 'bench-http', inputDir: mkdtempSync(join(dir, 'demo-')) });
    await seedDemoUsers(ctx);
    const cases = await ctx.sql.query<{ id: string; person_id: string }>(
      'select id, person_id from cases order by id',
    );
    if (cases.length === 0) throw new Error('the demo opened no cases: nothing to read under a case');
    const token = (
      await login(ctx, {
        userId: 'supervisor',
        password: 'ilos-demo-supervisor-2026',
        code: await testCode(ctx, 'supervisor'),
      })
    ).token;
    const supervisor = { kind: 'session', token, component: 'bench' } as const;
    for (const c of cases) await assignWork(ctx, supervisor, 'adjudicator', `case:${c.id}`);
    return cases.map((c) => ({ caseId: c.id, personId: c.person_id }));
  } finally {
    await ctx.close();
  }
}

/**
 * How `ilos serve` reaches PostgreSQL: TCP, as DATABASE_URL says; with BENCH_HTTP_VIA=socket, over the
 * server's Unix socket when it is on this machine (no loopback TCP per round trip).
 */
function serverUrl(url: URL): string {
  const socket = process.env.BENCH_SOCKET_DIR ?? '/var/run/postgresql';
  if (process.env.BENCH_HTTP_VIA !== 'socket' || !existsSync(`${socket}/.s.PGSQL.${url.port || 5432}`))
    return url.toString();
  const viaSocket = new URL(url);
  viaSocket.searchParams.set('host', socket);
  return viaSocket.toString();
}

/**
 * Planner statistics for the freshly built store, as autovacuum would gather them within a minute or so
 * of the demo's bulk writes. The CI PostgreSQL runs with autovacuum off, and without statistics the
 * person read's join of person_records to records is planned as a sequential scan of every record once
 * the store outgrows the defaults (2 s per read at 200,000 people, 29 ms at 20,000).
 */
async function analyze(url: string): Promise<void> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db`analyze`;
  } finally {
    await db.end();
  }
}

/** The reads of a store `prepareStore` built on an earlier run. */
async function storedReads(url: string): Promise<{ caseId: string; personId: string }[]> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const cases = await db<{ id: string; person_id: string }[]>`select id, person_id from cases order by id`;
    return cases.map((c) => ({ caseId: c.id, personId: c.person_id }));
  } finally {
    await db.end();
  }
}

/** `ilos serve` in its own process, on the bench database; resolves once it is listening. */
async function startServer(url: string, dir: string): Promise<ChildProcess> {
  const bin = new URL('../packages/server/bin/ilos.js', import.meta.url).pathname;
  // BENCH_HTTP_PROFILE=DIR writes a V8 CPU profile of the server (open it in Chrome DevTools).
  const profile = process.env.BENCH_HTTP_PROFILE;
  const flags = profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile];
  const child = spawn(process.execPath, [...flags, bin, 'serve', '--port', String(PORT), '--data', dir], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`ilos serve did not start in 120 s:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ilos is serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ilos serve exited (${code}):\n${output}`));
    });
  });
  return child;
}

async function httpLogin(base: string, userId: Role, password: string): Promise<string> {
  // The demo's published TOTP key (demo-users.ts), as the user's authenticator app holds it.
  const key = fromBase32(demoTotpSecret(userId));
  if (!key.ok) throw new Error(key.error);
  const res = await fetch(`${base}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      userId,
      password,
      code: totpCode(key.value, new Date()),
      bannerAcknowledged: true,
    }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ilos_session='));
  if (res.status !== 200 || cookie === undefined) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** What a load phase measured: answers per second, latency percentiles (ms), and what went wrong. */
type Summary = {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

type BenchRequest = { method: 'POST'; path: string; headers: Record<string, string>; body: string };

/** autocannon's closed loop, summarised: requests answered over the run's measured length. */
function summary(r: autocannon.Result): Summary {
  return {
    rate: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/**
 * An open loop at `rate` requests per second: request i goes out at i/rate s whatever the earlier ones
 * are doing (autocannon's overallRate lets each connection send its share at the start of every second,
 * in bursts, and its one-second windows drift: 12,000 requests took 63 s). Latency is from sending to
 * the end of the answer; the rate reported is what was sent over the time it took to send it.
 */
async function paced(base: string, requests: BenchRequest[], rate: number, count: number): Promise<Summary> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(base);
  const latencies: number[] = [];
  const tally = { ok: 0, non2xx: 0, errors: 0, timeouts: 0 };
  const send = (r: BenchRequest) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      let timedOut = false;
      const req = httpRequest(
        { host: hostname, port, method: r.method, path: r.path, headers: r.headers, agent, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) tally.ok++;
            else tally.non2xx++;
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timedOut = true;
        tally.timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        if (!timedOut) tally.errors++;
        resolve();
      });
      req.end(r.body);
    });
  const started = performance.now();
  const answers: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(send(requests[i % requests.length]!));
  }
  const sendSeconds = (performance.now() - started) / 1000 + 1 / rate;
  await Promise.all(answers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? Number.NaN;
  return { rate: count / sendSeconds, p50: pct(0.5), p99: pct(0.99), ...tally };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** CPU seconds a process has used so far (utime + stime from /proc; NaN when it is not on this machine). */
function cpuOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const serverCpu = (child: ChildProcess) => cpuOf(child.pid);

/** CPU seconds used so far by the PostgreSQL backends serving the bench database. */
async function backendCpu(database: string): Promise<number> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
    return pids.reduce((sum, { pid }) => sum + (cpuOf(pid) || 0), 0);
  } finally {
    await admin.end();
  }
}

/**
 * RELIABILITY.md T11.3–T11.4: three paced open loops at once — the audited person read (150/s), a
 * person search (20/s, each specific enough to stay under the bulk limit of T8.4) and a case write
 * (5/s) — for 60 s, while `ilos ingest` loads a 50,000-record file into the same database from its
 * own process, as an operator would. The write is a case step the table does not allow from the case's
 * state: the gates refuse it, and it is recorded (a case event with outcome `refused`, an audit row) and
 * answered 200, so it can be repeated for as long as the phase runs. Meanwhile the age of the oldest
 * unsequenced audit row is sampled every 250 ms (T11.4: ≤ the MMD, 10 s). Afterwards `ilos audit
 * verify` checks the whole log. The audit rows of the earlier phases are sequenced first (`ilos audit
 * sequence`), so the lag measured is this phase's.
 */
async function mixedPhase(o: {
  base: string;
  url: string;
  dir: string;
  cookie: string;
  reads: BenchRequest[];
  server: ChildProcess;
  name: string;
}): Promise<BenchRow[]> {
  const db = postgres(o.url, { max: 1, onnotice: () => {} });
  try {
    const searches = await searchRequests(o.base, db, o.cookie);
    const writes = await writeRequests(db, o.cookie);
    const file = await ingestInput(db, o.dir);
    await cli(o.url, o.dir, ['audit', 'sequence']);
    const refusedBefore = await refusedSteps(db);
    const auditedBefore = await auditedRows(db);

    let sampling = true;
    const ages: number[] = [];
    const sampler = (async () => {
      while (sampling) {
        const [row] = await db<
          { age: number | null }[]
        >`select (extract(epoch from clock_timestamp() - min(at))
          * 1000)::float8 as age from audit_log where seq is null`;
        ages.push(row?.age ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const cpuBefore = serverCpu(o.server);
    const pgBefore = await backendCpu(o.name);
    const phaseStarted = performance.now();
    const loads = Promise.all([
      paced(o.base, o.reads, MIXED_RATES.reads, MIXED_RATES.reads * MIXED_SECONDS),
      paced(o.base, searches, MIXED_RATES.searches, MIXED_RATES.searches * MIXED_SECONDS),
      paced(o.base, writes, MIXED_RATES.writes, MIXED_RATES.writes * MIXED_SECONDS),
    ]);
    await new Promise((resolve) => setTimeout(resolve, INGEST_AFTER_MS));
    const ingestStarted = performance.now();
    const ingestOut = await cli(o.url, o.dir, ['ingest', file, '--source', 'cbp-i94', '--json']);
    const ingestProcessSeconds = (performance.now() - ingestStarted) / 1000;
    const [reads, found, written] = await loads;
    const phaseSeconds = (performance.now() - phaseStarted) / 1000;
    const nodeLoad = (serverCpu(o.server) - cpuBefore) / phaseSeconds;
    const pgLoad = ((await backendCpu(o.name)) - pgBefore) / phaseSeconds;
    sampling = false;
    await sampler;
    const unsequencedAtEnd = ages.at(-1) ?? Number.NaN;

    const ingest = await lastIngestRun(db);
    const refused = (await refusedSteps(db)) - refusedBefore;
    const audited = (await auditedRows(db)) - auditedBefore;
    const verifyOut = await cli(o.url, o.dir, ['audit', 'verify', '--json'], true);
    const verdict = parseVerify(verifyOut);
    const maxAge = ages.length > 0 ? Math.max(...ages) : Number.NaN;
    const over = ages.filter((a) => a > MMD_MS).length;

    process.stderr.write(
      `  mixed: reads p99 ${reads.p99.toFixed(0)} ms, searches p99 ${found.p99.toFixed(0)} ms, writes p99 ` +
        `${written.p99.toFixed(0)} ms; ingest ${ingest.accepted} records in ${ingest.seconds.toFixed(1)} s ` +
        `(process ${ingestProcessSeconds.toFixed(1)} s: ${ingestOut.trim().slice(0, 200)}); ` +
        `max unsequenced age ${(maxAge / 1000).toFixed(1)} s (${over} of ${ages.length} samples over ${MMD_MS / 1000} s); ` +
        `verify: ${verdict.text}\n`,
    );
    const failures = (r: Summary) => r.errors + r.timeouts + r.non2xx;
    const mixedName = `${MIXED_RATES.reads}+${MIXED_RATES.searches}+${MIXED_RATES.writes}/s`;
    return [
      {
        name: `http T11.3 (${mixedName} + ingest): reads achieved`,
        value: reads.rate,
        unit: 'req/s',
        goal: `${MIXED_RATES.reads}`,
      },
      { name: 'http T11.3: audited read p50', value: reads.p50, unit: 'ms' },
      { name: 'http T11.3: audited read p99', value: reads.p99, unit: 'ms', goal: '≤ 500 ms' },
      { name: 'http T11.3: search p50', value: found.p50, unit: 'ms' },
      { name: 'http T11.3: search p99', value: found.p99, unit: 'ms' },
      { name: 'http T11.3: case write (refused step) p50', value: written.p50, unit: 'ms' },
      { name: 'http T11.3: case write (refused step) p99', value: written.p99, unit: 'ms' },
      { name: 'http T11.3: server CPU (Node) per second of the phase', value: nodeLoad, unit: 'CPU-s/s' },
      {
        name: 'http T11.3: PostgreSQL CPU (bench database backends) per second',
        value: pgLoad,
        unit: 'CPU-s/s',
      },
      {
        name: 'http T11.3: errors + timeouts + non-2xx (all three)',
        value: failures(reads) + failures(found) + failures(written),
        unit: 'requests',
        goal: '0',
      },
      {
        name: 'http T11.3: refused case steps recorded − write 2xx',
        value: refused - written.ok,
        unit: 'events',
        goal: '0 exactly',
      },
      {
        name: 'http T11.3: audit rows written − 2xx answered (all three)',
        value: audited - reads.ok - found.ok - written.ok,
        unit: 'rows',
        goal: '0 exactly',
      },
      {
        name: 'http T11.3: ingest records accepted',
        value: ingest.accepted,
        unit: 'records',
        goal: `${INGEST_RECORDS}`,
      },
      {
        name: 'http T11.3: ingest rate (run start → finish, in the store)',
        value: ingest.seconds > 0 ? ingest.accepted / ingest.seconds : Number.NaN,
        unit: 'records/s',
        goal: '≥ 1,000',
      },
      {
        name: 'http T11.3: ingest rate (ilos ingest process, start → exit)',
        value: ingest.accepted / ingestProcessSeconds,
        unit: 'records/s',
      },
      {
        name: 'http T11.3: audit verify afterwards (1 = intact)',
        value: verdict.intact ? 1 : 0,
        unit: 'pass',
        goal: '1',
      },
      {
        name: 'http T11.4: max unsequenced audit age in T11.3',
        value: maxAge / 1000,
        unit: 's',
        goal: `≤ ${MMD_MS / 1000} s (MMD)`,
      },
      {
        name: `http T11.4: samples over the MMD (every 250 ms, of ${ages.length})`,
        value: over,
        unit: 'samples',
        goal: '0',
      },
      {
        name: 'http T11.4: unsequenced age at the end of T11.3',
        value: unsequencedAtEnd / 1000,
        unit: 's',
      },
    ];
  } finally {
    await db.end();
  }
}

/** BENCH_HTTP_MIXED=READS,SEARCHES,WRITES (per second) changes T11.3's mix, e.g. '150,0,5' to see the searches' share. */
function mixedRates(text: string): { reads: number; searches: number; writes: number } {
  const [reads, searches, writes] = text.split(',').map(Number);
  if (![reads, searches, writes].every((n) => n !== undefined && Number.isInteger(n) && n >= 0))
    throw new Error(`BENCH_HTTP_MIXED is READS,SEARCHES,WRITES per second, not '${text}'`);
  return { reads: reads!, searches: searches!, writes: writes! };
}

/**
 * One search per case: the case person's family name and date of birth as one of their records has
 * them, bound to the case. Each is tried once (a warm-up); kept only when it answers 200 with 1–50
 * persons (a larger one needs a bulk approval, T8.4).
 */
async function searchRequests(base: string, db: postgres.Sql, cookie: string): Promise<BenchRequest[]> {
  const rows = await db<{ case_id: string; family: string; dob: string }[]>`
    select distinct on (c.id) c.id as case_id, r.payload->>'familyName' as family, r.payload->>'dateOfBirth' as dob
      from cases c
      join person_records pr on pr.person_id = c.person_id
      join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
     where r.payload->>'familyName' is not null and r.payload->>'dateOfBirth' ~ '^\\d{4}-\\d{2}-\\d{2}$'
     order by c.id, r.source_id, r.source_record_id`;
  const requests: BenchRequest[] = [];
  for (const r of rows) {
    const request: BenchRequest = {
      method: 'POST',
      path: '/api/persons/search',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        criteria: { familyName: r.family, dateOfBirth: r.dob },
        purpose: 'CASE_ADJUDICATION',
        target: `case:${r.case_id}`,
      }),
    };
    const res = await fetch(`${base}${request.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    const answer = (await res.json()) as { items?: unknown[] };
    const hits = answer.items?.length ?? 0;
    if (res.status === 200 && hits >= 1 && hits <= 50) requests.push(request);
  }
  if (requests.length === 0) throw new Error('no case person could be found by name and date of birth');
  return requests;
}

/** Per case, a step the transition table does not allow from its state: refused by the gates, recorded. */
async function writeRequests(db: postgres.Sql, cookie: string): Promise<BenchRequest[]> {
  const cases = await db<{ id: string; state: RemovalCaseState }[]>`select id, state from cases order by id`;
  const requests: BenchRequest[] = [];
  for (const c of cases) {
    const transition = CASE_TRANSITIONS.find((t) => !startsFrom(t, c.state));
    if (transition === undefined) continue;
    requests.push({
      method: 'POST',
      path: `/api/cases/${c.id}/transition`,
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ transition, reason: 'bench T11.3: a step the case is not ready for' }),
    });
  }
  if (requests.length === 0) throw new Error('no case has a step the table refuses');
  return requests;
}

async function refusedSteps(db: postgres.Sql): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from case_events
    where outcome = 'refused' and reason = 'bench T11.3: a step the case is not ready for'`;
  return row!.n;
}

/** Granted audit rows of the three kinds of request the phase sends, all by the adjudicator. */
async function auditedRows(db: postgres.Sql): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from audit_log
    where actor_id = 'adjudicator' and outcome = 'success'
      and event_type in ('record.read', 'record.search', 'case.transition')`;
  return row!.n;
}

/** A file of good I-94 admissions whose record ids no earlier run of this store used. */
async function ingestInput(db: postgres.Sql, dir: string): Promise<string> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from ingest_runs`;
  const first = 1_000_000 * (1 + row!.n);
  const lines = [I94_COLUMNS.join(',')];
  for (let i = 0; i < INGEST_RECORDS; i++) lines.push(admissionLine(goodAdmission(first + i)));
  const file = join(dir, 'mixed', 'cbp-i94.csv');
  mkdirSync(join(dir, 'mixed'), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The last ingest run: records accepted and its time from start to finish, as the store recorded them. */
async function lastIngestRun(db: postgres.Sql): Promise<{ accepted: number; seconds: number }> {
  const [row] = await db<{ accepted: number; seconds: number | null }[]>`select accepted,
      extract(epoch from finished_at - started_at)::float8 as seconds
    from ingest_runs order by started_at desc limit 1`;
  return { accepted: row?.accepted ?? 0, seconds: row?.seconds ?? Number.NaN };
}

/** `ilos …` in its own process on the bench database; its stdout. A non-zero exit throws unless allowed. */
async function cli(url: string, dir: string, args: string[], allowFailure = false): Promise<string> {
  const bin = new URL('../packages/server/bin/ilos.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [bin, ...args, '--data', dir], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0 && !allowFailure) throw new Error(`ilos ${args.join(' ')} exited ${code}:\n${err}${out}`);
  return out;
}

function parseVerify(out: string): { intact: boolean; text: string } {
  try {
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as {
      intact?: boolean;
      size?: number;
      checkpointsMatched?: number;
    };
    return {
      intact: report.intact === true,
      text: `${report.intact ? 'intact' : 'NOT intact'}, ${report.size} entries, ${report.checkpointsMatched} checkpoints matched`,
    };
  } catch {
    return { intact: false, text: `unreadable: ${out.slice(0, 200)}` };
  }
}
