import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './types.js';

const PEOPLE = Number(process.env.BENCH_DEMO_PEOPLE ?? 20_000);
const BIN = new URL('../packages/server/bin/ilos.js', import.meta.url).pathname;

/** Runs the CLI under /usr/bin/time and returns wall seconds, peak RSS and its stdout. */
export function timedCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; peakMb: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0)
    throw new Error(`ilos ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const peakKb = Number(run.stderr.trim().split('\n').pop());
  return { seconds, peakMb: peakKb / 1024, stdout: run.stdout };
}

/**
 * The main job end to end (issue 2: `ilos demo --people 20000` reaches its summary in ≤ 30 s): the
 * time from starting the process to its summary on stdout, and to its exit (after the summary the
 * process still signs its audit checkpoint and closes the store).
 */
export async function benchDemo(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-demo-'));
  try {
    const run = await untilSummary([
      'demo',
      '--people',
      String(PEOPLE),
      '--no-serve',
      '--json',
      '--data',
      dir,
    ]);
    const summary = JSON.parse(run.stdout) as {
      seconds: number;
      stepSeconds: Record<string, number>;
      records: { accepted: number };
      persons: number;
    };
    return [
      {
        name: `ilos demo --people ${PEOPLE}: process start → summary printed`,
        value: run.summarySeconds,
        unit: 's',
        goal: '≤ 30 s',
      },
      { name: 'demo: process start → exit', value: run.exitSeconds, unit: 's' },
      { name: 'demo: its own summary time (after the store opened)', value: summary.seconds, unit: 's' },
      ...Object.entries(summary.stepSeconds).map(([step, seconds]) => ({
        name: `demo step: ${step}`,
        value: seconds,
        unit: 's',
      })),
      { name: 'demo: records stored', value: summary.records.accepted, unit: 'records' },
      { name: 'demo: persons resolved', value: summary.persons, unit: 'persons', goal: `≈ ${PEOPLE}` },
      { name: 'demo: peak RSS', value: run.peakMb, unit: 'MB' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the CLI under /usr/bin/time; notes when its stdout (one JSON line) is complete and when it exits. */
function untilSummary(
  args: string[],
): Promise<{ summarySeconds: number; exitSeconds: number; peakMb: number; stdout: string }> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let summarySeconds = Number.NaN;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (Number.isNaN(summarySeconds) && stdout.endsWith('\n'))
      summarySeconds = (performance.now() - started) / 1000;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const exitSeconds = (performance.now() - started) / 1000;
      if (code !== 0)
        return reject(new Error(`ilos ${args.join(' ')} failed (${code}): ${stderr.slice(-2000)}`));
      const peakKb = Number(stderr.trim().split('\n').pop());
      resolve({ summarySeconds, exitSeconds, peakMb: peakKb / 1024, stdout });
    });
  });
}

/** `ilos generate` + `ilos ingest` of a large population on the embedded store (issue 2: 1,000,000 people). */
export async function benchScale(): Promise<BenchRow[]> {
  const people = Number(process.env.BENCH_SCALE_PEOPLE ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-scale-'));
  try {
    const out = join(dir, 'agencies');
    const gen = timedCli(['generate', '--people', String(people), '--seed', 'scale', '--out', out, '--json']);
    const generated = JSON.parse(gen.stdout) as { records: number };
    const files = [
      'cbp-i94.csv',
      'cbp-apis.csv',
      'cbsa-entries.csv',
      'dos-visas.csv',
      'dos-passports.csv',
      'vital-records.csv',
      'sevis.csv',
      'uscis-benefits.ndjson',
      'eoir-cases.ndjson',
      'ice-removals.ndjson',
      'counsel-filings.ndjson',
    ].map((f) => join(out, f));
    const ingest = timedCli(['ingest', ...files, '--json', '--data', join(dir, 'store')]);
    const ingested = JSON.parse(ingest.stdout) as { accepted: number; quarantined: number };
    return [
      { name: `generate ${people} people`, value: gen.seconds, unit: 's' },
      { name: 'generate: records', value: generated.records, unit: 'records' },
      { name: 'generate: peak RSS', value: gen.peakMb, unit: 'MB' },
      { name: 'ingest all of it → PGlite', value: ingest.seconds, unit: 's' },
      { name: 'ingest: records/s', value: ingested.accepted / ingest.seconds, unit: 'records/s' },
      { name: 'ingest: peak RSS', value: ingest.peakMb, unit: 'MB', goal: '≤ 1,536 MB' },
      { name: 'ingest: quarantined', value: ingested.quarantined, unit: 'records' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
