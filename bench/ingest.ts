import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openContext } from '../packages/server/src/context.js';
import { ingestFile } from '../packages/server/src/ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../packages/server/src/ingest/test-batch.js';
import type { BenchRow } from './types.js';

const ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 200_000);

/**
 * Ingest records/s on PGlite and on the PostgreSQL server, next to a plain COPY of the same rows
 * into the same store as the ceiling (issue 2). Ingest here is the whole path: parse, validate,
 * hash, idempotent versioned insert, quarantine, receipt.
 */
export async function benchIngest(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-ingest-'));
  const file = join(dir, 'cbp-i94.csv');
  const lines = [I94_COLUMNS.join(',')];
  for (let i = 0; i < ROWS; i++) lines.push(admissionLine(goodAdmission(i)));
  writeFileSync(file, `${lines.join('\n')}\n`);
  const tsv = copyText();
  const rows: BenchRow[] = [];

  const pgliteDir = join(dir, 'store');
  const ctx = await openContext({ dataDir: pgliteDir, databaseUrl: undefined });
  const ingestPglite = await timed(() => ingestFile(ctx, { path: file }));
  await ctx.close();
  const copyPglite = await timed(async () => {
    const db = await PGlite.create(join(dir, 'copy'));
    await db.exec(
      'create table t (source_id text, source_record_id text, content_sha256 text, payload jsonb)',
    );
    const start = performance.now();
    await db.query(`copy t from '/dev/blob'`, [], { blob: new Blob([tsv]) });
    const seconds = (performance.now() - start) / 1000;
    await db.close();
    return seconds;
  });
  rows.push(
    { name: 'ingest → PGlite (file)', value: ROWS / ingestPglite.seconds, unit: 'records/s' },
    { name: 'COPY → PGlite (ceiling)', value: ROWS / copyPglite.result, unit: 'rows/s' },
    {
      name: 'ingest/COPY on PGlite',
      value: copyPglite.result / ingestPglite.seconds,
      unit: 'ratio',
      goal: '≥ 0.5',
    },
  );

  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch {
    rows.push({
      name: 'ingest → PostgreSQL',
      value: Number.NaN,
      unit: 'records/s',
      goal: `no server at ${adminUrl}`,
    });
    rmSync(dir, { recursive: true, force: true });
    return rows;
  }
  const name = `ilos_bench_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const server = await openContext({ dataDir: '', databaseUrl: url.toString() });
  const ingestServer = await timed(() => ingestFile(server, { path: file }));
  await server.close();
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await client.unsafe(
    'create table t (source_id text, source_record_id text, content_sha256 text, payload jsonb)',
  );
  const copyStart = performance.now();
  const stream = await client`copy t from stdin`.writable();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.end(tsv, () => resolve());
  });
  await client`select count(*) from t`;
  const copySeconds = (performance.now() - copyStart) / 1000;
  await client.end();
  await admin.unsafe(`drop database ${name} with (force)`);
  await admin.end();
  rows.push(
    { name: 'ingest → PostgreSQL server', value: ROWS / ingestServer.seconds, unit: 'records/s' },
    { name: 'COPY → PostgreSQL server (ceiling)', value: ROWS / copySeconds, unit: 'rows/s' },
    {
      name: 'ingest/COPY on PostgreSQL',
      value: copySeconds / ingestServer.seconds,
      unit: 'ratio',
      goal: '≥ 0.5',
    },
  );
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** The same rows as the CSV, as COPY text: the record's key, a hash-sized string and its fields as JSON. */
function copyText(): string {
  const out: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const r = goodAdmission(i);
    const payload = JSON.stringify(r).replace(/\\/g, '\\\\');
    out.push(`cbp-i94\t${r.sourceRecordId}\t${'0'.repeat(64)}\t${payload}`);
  }
  return `${out.join('\n')}\n`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - start) / 1000 };
}
