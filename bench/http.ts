import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase32, type Role, totpCode } from '@ilos/core';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { assignWork } from '../packages/server/src/access/work.js';
import { login } from '../packages/server/src/accounts/accounts.js';
import { testCode } from '../packages/server/src/accounts/test-mfa.js';
import { openContext } from '../packages/server/src/context.js';
import { demoTotpSecret, seedDemoUsers } from '../packages/server/src/demo/demo-users.js';
import { runDemo } from '../packages/server/src/demo/run-demo.js';
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

/**
 * RELIABILITY.md T11.1–T11.2 against `ilos serve` (its own process, as deployed) on a demo-sized store
 * on the PostgreSQL server: the audited person read (POST /api/persons/show — session, purpose and case
 * assignment check, person-in-case check, read, audit row, one transaction), spread over every demo
 * case the adjudicator is assigned to. 200 req/s open loop for 60 s, paced here (goal p99 ≤ 250 ms,
 * 0 errors, audit rows = 2xx), then autocannon's closed loop with 8 connections for 30 s (goal ≥ 500
 * req/s). The load runs in this process, the server in another: both share the machine's 2 cores with
 * PostgreSQL. T11.1 names 200,000 people: BENCH_HTTP_PEOPLE=200000 (the demo then takes ~15 minutes).
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
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-http-'));
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
    ];
  } finally {
    if (server !== undefined && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    if (kept === undefined) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
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
