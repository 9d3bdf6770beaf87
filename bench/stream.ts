import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Context, openContext } from '../packages/server/src/context.js';
import { DEFAULT_NATS_URL } from '../packages/server/src/stream/messages.js';
import { publishFiles } from '../packages/server/src/stream/publish-files.js';
import { runStreamWorker } from '../packages/server/src/stream/stream-worker.js';
import {
  deleteStream,
  natsUnavailable,
  REFERENCE_NOW,
  seedPopulation,
  testStreamNames,
} from '../packages/server/src/stream/test-stream.js';
import type { BenchRow } from './types.js';

const PEOPLE = Number(process.env.BENCH_STREAM_PEOPLE ?? 5000);
const RATE = Number(process.env.BENCH_STREAM_RATE ?? 2000);
/** A rate one worker keeps up with here, to show latency below saturation. */
const LOW_RATE = Number(process.env.BENCH_STREAM_LOW_RATE ?? 100);
const NATS_URL = process.env.ILOS_TEST_NATS_URL ?? DEFAULT_NATS_URL;

/**
 * Stream latency (issue 8): a population is ingested and resolved in batch except the I-94 and
 * passport files, which are then published at a fixed rate (2,000/s, the goal, and 100/s, below
 * one worker's rate here) while one `ilos stream` worker (in this process) applies them to the
 * PostgreSQL server store. Latency is publish → the commit that made the
 * record visible in its person's status. A first pass publishes everything before the worker starts and
 * measures how fast one worker drains the backlog (its ceiling) and the CPU it and PostgreSQL spend a
 * record. The publisher runs in the worker's process (its CPU counts against the worker's).
 */
export async function benchStream(): Promise<BenchRow[]> {
  const reason = await natsUnavailable(NATS_URL);
  if (reason !== undefined)
    return [{ name: 'stream latency p99', value: Number.NaN, unit: 'ms', goal: reason }];
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const rows: BenchRow[] = [];
  try {
    await admin`select 1`;
  } catch {
    await admin.end();
    return [{ name: 'stream latency p99', value: Number.NaN, unit: 'ms', goal: `no server at ${adminUrl}` }];
  }
  const template = `ilos_bench_stream_${Date.now()}`;
  const urlOf = (db: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${db}`;
    return url.toString();
  };
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-stream-'));
  await admin.unsafe(`create database ${template}`);
  const seed = await openContext({ dataDir: '', databaseUrl: urlOf(template) }, { now: REFERENCE_NOW });
  const files = await seedPopulation(seed, {
    people: PEOPLE,
    seed: 'bench-stream',
    dir,
    holdBack: ['cbp-i94.csv', 'dos-passports.csv'],
  });
  await seed.close();
  // Each pass starts from a copy of the same seeded store. The backlog pass goes first: it also warms
  // the JIT, so the paced passes measure a worker in its steady state, as a long-running worker is
  // (a cold process spends about twice the CPU a record on its first few thousand records).
  const passes = [
    { mode: 'backlog', rate: undefined },
    { mode: 'paced', rate: RATE },
    { mode: 'paced', rate: LOW_RATE },
  ] as const;
  for (const pass of passes) {
    const name = `${template}_${pass.mode}_${pass.rate ?? 0}`;
    await admin.unsafe(`create database ${name} template ${template}`);
    const ctx = await openContext({ dataDir: '', databaseUrl: urlOf(name) }, { now: REFERENCE_NOW });
    const names = testStreamNames();
    try {
      rows.push(...(await measure(ctx, pass.mode, pass.rate, files, names, () => backendTicks(admin, name))));
    } finally {
      await ctx.close();
      await deleteStream(NATS_URL, names);
      await admin.unsafe(`drop database ${name} with (force)`);
    }
  }
  await admin.unsafe(`drop database ${template} with (force)`);
  rmSync(dir, { recursive: true, force: true });
  await admin.end();
  return rows;
}

/** Linux clock ticks are 10 ms (USER_HZ = 100). */
const TICK_MS = 10;

/**
 * CPU ticks (user + system) used so far by each server process connected to the bench's database;
 * empty where /proc cannot be read (PostgreSQL on another machine, or not Linux).
 */
async function backendTicks(admin: postgres.Sql, database: string): Promise<Map<number, number>> {
  const ticks = new Map<number, number>();
  const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // Not on this machine or already gone.
    }
  }
  return ticks;
}

async function measure(
  ctx: Context,
  mode: 'paced' | 'backlog',
  rate: number | undefined,
  files: string[],
  names: ReturnType<typeof testStreamNames>,
  databaseTicks: () => Promise<Map<number, number>>,
): Promise<BenchRow[]> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const controller = new AbortController();
  let applied = 0;
  let firstCommit = 0;
  let lastCommit = 0;
  let expected = Number.POSITIVE_INFINITY;
  const publish = () =>
    publishFiles({
      natsUrl: NATS_URL,
      names,
      files,
      rate,
      onPublished: (sourceId, fields, at) => sentAt.set(`${sourceId}:${String(fields.sourceRecordId)}`, at),
    });
  let published = 0;
  if (mode === 'backlog') published = (await publish()).reduce((n, s) => n + s.published, 0);
  const started = performance.now();
  let ready = () => {};
  const isReady = new Promise<void>((done) => {
    ready = done;
  });
  const worker = runStreamWorker(ctx, {
    natsUrl: NATS_URL,
    names,
    durable: 'bench',
    batchSize: 500,
    signal: controller.signal,
    onReady: () => ready(),
    onBatch: (counts, committedAt) => {
      if (firstCommit === 0) firstCommit = committedAt;
      lastCommit = committedAt;
      applied += counts.messages;
      for (const key of counts.stored) {
        const at = sentAt.get(key);
        if (at !== undefined && mode === 'paced') latencies.push(committedAt - at);
      }
      if (applied >= expected) controller.abort();
    },
  });
  // Latency is measured from a running worker: the index is loaded before the first record is sent.
  await isReady;
  const cpuAtReady = process.cpuUsage();
  const ticksAtReady = await databaseTicks();
  if (mode === 'paced') published = (await publish()).reduce((n, s) => n + s.published, 0);
  expected = published;
  if (applied >= expected) controller.abort();
  const summary = await worker;
  const seconds = (performance.now() - started) / 1000;
  // CPU a record does not depend on how loaded the shared machine is, unlike the rates.
  const cpu = process.cpuUsage(cpuAtReady);
  let ticks = 0;
  for (const [pid, t] of await databaseTicks()) ticks += t - (ticksAtReady.get(pid) ?? 0);
  const label = mode === 'backlog' ? 'stream backlog drain (cold process)' : `stream offered ${rate}/s`;
  const cpuRows: BenchRow[] = [
    {
      name: `${label}: worker${mode === 'paced' ? ' + publisher' : ''} CPU a record`,
      value: (cpu.user + cpu.system) / 1000 / summary.messages,
      unit: 'ms',
    },
    {
      name: `${label}: PostgreSQL CPU a record`,
      value: ticksAtReady.size === 0 ? Number.NaN : (ticks * TICK_MS) / summary.messages,
      unit: 'ms',
    },
  ];
  if (mode === 'backlog') {
    return [
      {
        name: `stream backlog drain, 1 worker (${published} records)`,
        value: summary.messages / seconds,
        unit: 'records/s',
      },
      ...cpuRows,
    ];
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const span = (lastCommit - firstCommit) / 1000;
  return [
    {
      name: `stream offered ${rate}/s (${published} records): applied rate, 1 worker`,
      value: span > 0 ? summary.messages / span : NaN,
      unit: 'records/s',
    },
    { name: `stream offered ${rate}/s: publish → status visible p50`, value: at(0.5), unit: 'ms' },
    {
      name: `stream offered ${rate}/s: publish → status visible p99`,
      value: at(0.99),
      unit: 'ms',
      goal: rate === 2000 ? '≤ 1,000 at 2,000/s' : '',
    },
    ...cpuRows,
  ];
}
