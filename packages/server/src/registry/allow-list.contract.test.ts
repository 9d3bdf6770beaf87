/**
 * RELIABILITY.md T13.1 (SI-12(1)): a source field that is not on the source's allow-list never reaches
 * the store. Generated agency files are ingested together with records that carry extra fields (with
 * values no real record holds), persons are resolved and derived, and then every table and column of the
 * store is scanned: column names, every JSON key, every array element and every value.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IsoDate } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePopulation } from '../cli/commands/generate-files.js';
import type { Context } from '../context.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, goodApplication, I94_COLUMNS } from '../ingest/test-batch.js';
import { resolveAndDerive } from '../persons/resolve-store.js';
import { freshContext, storeKinds } from '../test-support.js';

/** Field names no source registers; their values are canaries no real record holds. */
const EXTRA = ['nickname', 'phoneNumber', 'employerName', 'socialHandle'] as const;
const CANARY = 'ZQXCANARY';
const canary = (n: number) => `${CANARY}${String(n).padStart(4, '0')}`;

type Column = { table: string; column: string; type: string };

describe.each(storeKinds())('T13.1 ingest allow-list on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let dir: string;

  beforeAll(async () => {
    ctx = await freshContext(kind);
    dir = await mkdtemp(join(tmpdir(), 'ilos-allow-'));
    const generated = join(dir, 'generated');
    await writePopulation({ people: 40, seed: '13', out: generated });
    for (const file of (await readdir(generated)).filter((f) => /\.(csv|ndjson)$/.test(f)))
      await ingestFile(ctx, { path: join(generated, file) });

    let n = 0;
    // CSV: a column the source does not register, on every line.
    const csv = join(dir, 'cbp-i94.csv');
    writeFileSync(
      csv,
      [
        [...I94_COLUMNS, 'nickname'].join(','),
        ...[100, 101, 102].map((i) => `${admissionLine(goodAdmission(i))},${canary(++n)}`),
      ].join('\n'),
    );
    // NDJSON: extra keys on otherwise good records; one refused for a bad value before its extra field is
    // reached; a line that cannot be parsed; a CSV row with one cell more than its header.
    const ndjson = join(dir, 'uscis-benefits.ndjson');
    const lines = [
      { ...goodApplication(100), phoneNumber: canary(++n) },
      { employerName: canary(++n), ...goodApplication(101), socialHandle: canary(++n) },
      { ...goodApplication(102), filedDate: 'not a date', nickname: canary(++n) },
    ].map((r) => JSON.stringify(r));
    lines.push(`{"sourceRecordId":"APP-103","nickname":"${canary(++n)}"`);
    writeFileSync(ndjson, lines.join('\n'));
    const ragged = join(dir, 'extra-cell.csv');
    writeFileSync(ragged, `${I94_COLUMNS.join(',')}\n${admissionLine(goodAdmission(103))},${canary(++n)}\n`);
    const first = await ingestFile(ctx, { path: csv });
    const second = await ingestFile(ctx, { path: ndjson });
    const third = await ingestFile(ctx, { path: ragged, sourceId: 'cbp-i94' });
    // Every planted record was refused (none was stored with its extra field dropped silently).
    expect(first.quarantined + second.quarantined + third.quarantined).toBe(8);
    await resolveAndDerive(ctx, '2026-06-30' as IsoDate);
  }, 240_000);

  afterAll(async () => {
    await ctx?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const columns = () =>
    ctx.sql.query<Column>(
      `select c.table_name as table, c.column_name as column, c.data_type as type
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        order by 1, 2`,
    );

  it('finds no column named after a non-allow-listed field in any table', async () => {
    const all = await columns();

    expect(new Set(all.map((c) => c.table)).size).toBeGreaterThan(20);
    expect(all.filter((c) => (EXTRA as readonly string[]).includes(c.column))).toEqual([]);
  });

  it('finds no non-allow-listed value in any row of any table, quarantine included', async () => {
    const tables = [...new Set((await columns()).map((c) => c.table))];
    const hits: string[] = [];
    let rows = 0;
    for (const table of tables) {
      const [count] = await ctx.sql.query<{ n: number; hits: number }>(
        `select count(*)::int as n, count(*) filter (where x::text ilike $1)::int as hits from "${table}" x`,
        [`%${CANARY}%`],
      );
      rows += count!.n;
      if (count!.hits > 0) hits.push(`${table}: ${count!.hits} rows`);
    }

    expect(rows).toBeGreaterThan(200);
    expect(hits).toEqual([]);
  });

  it('finds no non-allow-listed name among the JSON keys or array elements of any column', async () => {
    const all = await columns();
    const hits: string[] = [];
    for (const { table, column, type } of all) {
      if (type === 'json' || type === 'jsonb') {
        const keys = await ctx.sql.query<{ k: string }>(
          `select distinct k from "${table}" x,
                  lateral jsonb_path_query(x."${column}"::jsonb, 'lax $.**') v,
                  lateral jsonb_object_keys(case when jsonb_typeof(v) = 'object' then v else '{}'::jsonb end) k`,
        );
        for (const { k } of keys)
          if ((EXTRA as readonly string[]).includes(k)) hits.push(`${table}.${column}: ${k}`);
      } else if (type === 'ARRAY') {
        const elements = await ctx.sql.query<{ e: string }>(
          `select distinct e::text as e from "${table}" x, lateral unnest(x."${column}") e`,
        );
        for (const { e } of elements)
          if ((EXTRA as readonly string[]).includes(e)) hits.push(`${table}.${column}: ${e}`);
      }
    }

    expect(hits).toEqual([]);
  });

  it('stores in every record payload only the fields its source registers for its type', async () => {
    const sources = await ctx.sql.query<{ id: string; record_types: Record<string, string[]> }>(
      'select id, record_types from sources',
    );
    const allowed = new Map(sources.map((s) => [s.id, s.record_types]));
    const keys = await ctx.sql.query<{ source_id: string; record_type: string; k: string }>(
      `select distinct source_id, record_type, k from records, lateral jsonb_object_keys(payload) k`,
    );

    expect(keys.length).toBeGreaterThan(20);
    const outside = keys.filter((r) => !(allowed.get(r.source_id)?.[r.record_type] ?? []).includes(r.k));
    expect(outside).toEqual([]);
  });

  it('keeps in the quarantine where and why each planted record was refused, never its content', async () => {
    const planted = await ctx.sql.query<{ reason_code: string; field: string | null; raw: string | null }>(
      `select reason_code, field, raw from quarantine where raw is null or raw ilike $1 order by reason_code, field`,
      [`%${CANARY}%`],
    );

    expect(planted.length).toBeGreaterThanOrEqual(8);
    expect(planted.every((q) => q.raw === null)).toBe(true);
    expect(planted.map((q) => q.reason_code)).toContain('FIELD_NOT_REGISTERED');
  });
});
