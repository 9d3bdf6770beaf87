import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchRow } from './types.js';

/**
 * `npm run bench [-- name…]`: runs the benchmark suites one after another (never in parallel: two
 * cores), prints a table and writes bench/results.json. Benchmarks are not tests: they assert nothing.
 */
const SUITES: Record<string, () => Promise<BenchRow[]>> = {
  demo: async () => (await import('./demo.js')).benchDemo(),
  ingest: async () => (await import('./ingest.js')).benchIngest(),
  status: async () => (await import('./status.js')).benchStatus(),
  link: async () => (await import('./link.js')).benchLink(),
  audit: async () => (await import('./audit.js')).benchAudit(),
  cases: async () => (await import('./cases.js')).benchCases(),
  http: async () => (await import('./http.js')).benchHttp(),
  scale: async () => (await import('./demo.js')).benchScale(),
  stream: async () => (await import('./stream.js')).benchStream(),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
const results: Record<string, BenchRow[]> = {};
for (const name of names) {
  const suite = SUITES[name];
  if (suite === undefined) {
    console.error(`unknown suite '${name}'; suites: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  process.stderr.write(`running ${name}…\n`);
  const started = performance.now();
  results[name] = await suite();
  process.stderr.write(`  ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const fmt = (v: number) =>
  Number.isNaN(v) ? 'n/a' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(3);
console.log(`\n${'suite'.padEnd(8)} ${'figure'.padEnd(52)} ${'value'.padStart(14)}  unit          goal`);
for (const [suite, rows] of Object.entries(results)) {
  for (const r of rows)
    console.log(
      `${suite.padEnd(8)} ${r.name.padEnd(52)} ${fmt(r.value).padStart(14)}  ${r.unit.padEnd(13)} ${r.goal ?? ''}`,
    );
}

mkdirSync('bench', { recursive: true });
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync('bench/results.json', 'utf8')).suites ?? {};
} catch {}
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ at: new Date().toISOString(), machine, suites: { ...previous, ...results } }, null, 2)}\n`,
);
