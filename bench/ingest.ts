import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openContext } from '../packages/server/src/context.js';
import { contentHash, ingestFile } from '../packages/server/src/ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../packages/server/src/ingest/test-batch.js';
import type { BenchRow } from './types.js';

const ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 200_000);

/**
 * Ingest records/s on PGlite and on the PostgreSQL server, next to the ceiling (issue 2): one COPY of
 * the rows ingest stores (same columns and values) into the records table of a store migrated the
 * same way (same key and indexes). Ingest here is the whole path: hash the file, parse, validate,
 * hash each record, idempotent versioned insert, quarantine, audit, receipt. The old ceiling (four
 * columns, no key) is printed for comparison with earlier figures.
 */
export async function benchIngest(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-bench-ingest-'));
  const file = join(dir, 'cbp-i94.csv');
  const lines = [I94_COLUMNS.join(',')];
  for (let i = 0; i < ROWS; i++) lines.push(admissionLine(goodAdmission(i)));
  writeFileSync(file, `${lines.join('\n')}\n`);
  const tsv = copyText();
  const rows: BenchRow[] = [];

  const ingestPglite = await timed(async () => {
    const ctx = await openContext({ dataDir: join(dir, 'store'), databaseUrl: undefined });
    const start = performance.now();
    const summary = await ingestFile(ctx, { path: file });
    const seconds = (performance.now() - start) / 1000;
    await ctx.close();
    if (summary.accepted !== ROWS) throw new Error(`ingest stored ${summary.accepted} of ${ROWS} records`);
    return seconds;
  });
  const copyPglite = await copyIntoPglite(join(dir, 'copy'), RECORDS_COPY, tsv);
  const barePglite = await copyIntoPglite(join(dir, 'bare'), BARE_COPY, bareCopyText());
  rows.push(
    { name: 'ingest → PGlite (file)', value: ROWS / ingestPglite.result, unit: 'records/s' },
    { name: 'COPY → PGlite records table (ceiling)', value: ROWS / copyPglite, unit: 'rows/s' },
    {
      name: 'ingest/COPY on PGlite',
      value: copyPglite / ingestPglite.result,
      unit: 'ratio',
      goal: '≥ 0.5',
    },
    { name: 'COPY → PGlite 4 columns, no key (old ceiling)', value: ROWS / barePglite, unit: 'rows/s' },
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
  const freshDatabase = async () => {
    const name = `ilos_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    // Migrated as ingest's store is: the same records table, with the same key and indexes.
    await (await openContext({ dataDir: '', databaseUrl: url.toString() })).close();
    return { url: url.toString(), drop: () => admin.unsafe(`drop database ${name} with (force)`) };
  };
  const ingestDb = await freshDatabase();
  const server = await openContext({ dataDir: '', databaseUrl: ingestDb.url });
  const ingestServer = await timed(() => ingestFile(server, { path: file }));
  await server.close();
  await ingestDb.drop();
  if (ingestServer.result.accepted !== ROWS) throw new Error('ingest did not store every record');
  const copyServer = await copyIntoServer(await freshDatabase(), RECORDS_COPY, tsv);
  const bareServer = await copyIntoServer(await freshDatabase(), BARE_COPY, bareCopyText());
  await admin.end();
  rows.push(
    { name: 'ingest → PostgreSQL server', value: ROWS / ingestServer.seconds, unit: 'records/s' },
    { name: 'COPY → PostgreSQL records table (ceiling)', value: ROWS / copyServer, unit: 'rows/s' },
    {
      name: 'ingest/COPY on PostgreSQL',
      value: copyServer / ingestServer.seconds,
      unit: 'ratio',
      goal: '≥ 0.5',
    },
    { name: 'COPY → PostgreSQL 4 columns, no key (old ceiling)', value: ROWS / bareServer, unit: 'rows/s' },
  );
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** The ceiling: one COPY of the rows ingest stores into the records table itself (key, indexes, defaults). */
const RECORDS_COPY = {
  setup: undefined,
  copy: `copy records (source_id, source_record_id, version, source_version, record_type, content_sha256, payload,
         ingest_run_id, line, is_current)`,
};
/** The ceiling before: a table of four columns and no key, as a reference to earlier figures. */
const BARE_COPY = {
  setup: 'create table t (source_id text, source_record_id text, content_sha256 text, payload jsonb)',
  copy: 'copy t',
};
type CopyTarget = { setup: string | undefined; copy: string };

/** Seconds for one COPY into a new PGlite store, migrated as ingest's is. */
async function copyIntoPglite(dataDir: string, target: CopyTarget, text: string): Promise<number> {
  await (await openContext({ dataDir, databaseUrl: undefined })).close();
  const db = await PGlite.create(dataDir);
  if (target.setup !== undefined) await db.exec(target.setup);
  const start = performance.now();
  await db.query(`${target.copy} from '/dev/blob'`, [], { blob: new Blob([text]) });
  const seconds = (performance.now() - start) / 1000;
  const [count] = (await db.query<{ n: number }>(`select count(*)::int as n from ${tableOf(target)}`)).rows;
  await db.close();
  if (count?.n !== ROWS) throw new Error(`the COPY stored ${count?.n} of ${ROWS} rows`);
  return seconds;
}

/** Seconds for one COPY into a new database on the server, committed. */
async function copyIntoServer(
  database: { url: string; drop: () => Promise<unknown> },
  target: CopyTarget,
  text: string,
): Promise<number> {
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  if (target.setup !== undefined) await client.unsafe(target.setup);
  const start = performance.now();
  const stream = await client.unsafe(`${target.copy} from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
  // 'finish' comes with the server's CommandComplete: the rows are in (autocommit).
  const seconds = (performance.now() - start) / 1000;
  const [count] = await client.unsafe<{ n: number }[]>(`select count(*)::int as n from ${tableOf(target)}`);
  await client.end();
  await database.drop();
  if (count?.n !== ROWS) throw new Error(`the COPY stored ${count?.n} of ${ROWS} rows`);
  return seconds;
}

const tableOf = (target: CopyTarget) => (target.setup === undefined ? 'records' : 't');

/**
 * The rows ingest stores for the file, as COPY text: the same key, version columns, content hash,
 * payload (the record's fields without its envelope), run id and line.
 */
function copyText(): string {
  const out: string[] = [];
  const runId = randomUUID();
  for (let i = 0; i < ROWS; i++) {
    const { sourceRecordId, recordType, schemaVersion: _, ...fields } = goodAdmission(i);
    const payload = JSON.stringify(fields).replace(/\\/g, '\\\\');
    const sha = contentHash(recordType, fields);
    out.push(`cbp-i94\t${sourceRecordId}\t1\t0\t${recordType}\t${sha}\t${payload}\t${runId}\t${i + 2}\tt`);
  }
  return `${out.join('\n')}\n`;
}

/** The old ceiling's rows: the record's key, a hash-sized string and all its fields as JSON. */
function bareCopyText(): string {
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
