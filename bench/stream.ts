import { mkdtempSync, rmSync } from 'node:fs';
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
const NATS_URL = process.env.ILOS_TEST_NATS_URL ?? DEFAULT_NATS_URL;

/**
 * Stream latency (issue 8): a population is ingested and resolved in batch except the I-94 and
 * passport files, which are then published at a fixed rate while one `ilos stream` worker (in this
 * process) applies them to the PostgreSQL server store. Latency is publish → the commit that made the
 * record visible in its person's status. A second pass publishes everything first and measures how
 * fast one worker drains the backlog (its ceiling per core).
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
  for (const mode of ['paced', 'backlog'] as const) {
    const name = `ilos_bench_stream_${Date.now()}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-stream-'));
    const ctx = await openContext({ dataDir: '', databaseUrl: url.toString() }, { now: REFERENCE_NOW });
    const names = testStreamNames();
    try {
      const files = await seedPopulation(ctx, {
        people: PEOPLE,
        seed: 'bench-stream',
        dir,
        holdBack: ['cbp-i94.csv', 'dos-passports.csv'],
      });
      rows.push(...(await measure(ctx, mode, files, names)));
    } finally {
      await ctx.close();
      await deleteStream(NATS_URL, names);
      await admin.unsafe(`drop database ${name} with (force)`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await admin.end();
  return rows;
}

async function measure(
  ctx: Context,
  mode: 'paced' | 'backlog',
  files: string[],
  names: ReturnType<typeof testStreamNames>,
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
      rate: mode === 'paced' ? RATE : undefined,
      onPublished: (sourceId, fields, at) => sentAt.set(`${sourceId}:${String(fields.sourceRecordId)}`, at),
    });
  let published = 0;
  if (mode === 'backlog') published = (await publish()).reduce((n, s) => n + s.published, 0);
  const started = performance.now();
  const worker = runStreamWorker(ctx, {
    natsUrl: NATS_URL,
    names,
    durable: 'bench',
    batchSize: 500,
    signal: controller.signal,
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
  if (mode === 'paced') published = (await publish()).reduce((n, s) => n + s.published, 0);
  expected = published;
  if (applied >= expected) controller.abort();
  const summary = await worker;
  const seconds = (performance.now() - started) / 1000;
  if (mode === 'backlog') {
    return [
      {
        name: `stream backlog drain, 1 worker (${published} records)`,
        value: summary.messages / seconds,
        unit: 'records/s',
      },
    ];
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const span = (lastCommit - firstCommit) / 1000;
  return [
    { name: `stream offered rate (${published} records)`, value: RATE, unit: 'records/s' },
    {
      name: 'stream applied rate, 1 worker',
      value: span > 0 ? summary.messages / span : NaN,
      unit: 'records/s',
    },
    { name: 'stream publish → status visible p50', value: at(0.5), unit: 'ms' },
    { name: 'stream publish → status visible p99', value: at(0.99), unit: 'ms', goal: '≤ 1,000 at 2,000/s' },
  ];
}
