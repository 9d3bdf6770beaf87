import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { freshContext, storeKinds } from '../test-support.js';
import { ingestFile } from './ingest-file.js';
import {
  admissionLine,
  CSV_DEFECTS,
  csvLine,
  goodAdmission,
  goodApplication,
  I94_COLUMNS,
  NDJSON_DEFECTS,
} from './test-batch.js';

const fixedNow = () => new Date('2026-06-30T12:00:00Z');

/** Everything the store holds, as a sorted digest: (source, id, version, sha, current) and the quarantine. */
async function storeDigest(ctx: Context) {
  const records = await ctx.sql.query<{ k: string }>(
    `select source_id || ':' || source_record_id || ':' || version || ':' || content_sha256 || ':' || is_current as k from records order by 1`,
  );
  const quarantine = await ctx.sql.query<{ k: string }>(
    `select source_id || ':' || line || ':' || reason_code as k from quarantine order by 1`,
  );
  return { records: records.map((r) => r.k), quarantine: quarantine.map((r) => r.k) };
}

describe.each(storeKinds())('ingest on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  const dir = mkdtempSync(join(tmpdir(), 'ilos-ingest-'));

  beforeAll(async () => {
    ctx = await freshContext(kind, { now: fixedNow });
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  const reset = async () => {
    await ctx.sql.exec('truncate records, quarantine, ingest_runs');
  };

  it('quarantines each of the T1 defect classes with its own reason and stores every good record, and nothing else', async () => {
    await reset();
    const perClass = 6;
    const csv: Buffer[] = [Buffer.from(I94_COLUMNS.join(','))];
    const expectedCsv = new Map<number, string>();
    let n = 0;
    const goodIds = new Set<string>();
    for (let round = 0; round < perClass; round++) {
      for (const defect of CSV_DEFECTS) {
        for (let k = 0; k < 5; k++) {
          const good = goodAdmission(n++);
          csv.push(Buffer.from(admissionLine(good)));
          goodIds.add(`cbp-i94:${good.sourceRecordId}`);
        }
        csv.push(defect.line(n++));
        expectedCsv.set(csv.length, defect.code); // 1-based line number of the defect
      }
    }
    const csvPath = join(dir, 'cbp-i94.csv');
    writeFileSync(csvPath, Buffer.concat(csv.flatMap((line) => [line, Buffer.from('\n')])));

    const ndjson: string[] = [];
    const expectedNdjson = new Map<number, string>();
    for (let round = 0; round < perClass; round++) {
      for (const defect of NDJSON_DEFECTS) {
        const good = goodApplication(n);
        ndjson.push(JSON.stringify(good));
        goodIds.add(`uscis-benefits:${good.sourceRecordId}`);
        ndjson.push(defect.line(n++));
        expectedNdjson.set(ndjson.length, defect.code);
      }
    }
    const ndjsonPath = join(dir, 'uscis-benefits.ndjson');
    writeFileSync(ndjsonPath, `${ndjson.join('\n')}\n`);

    const a = await ingestFile(ctx, { path: csvPath, batchSize: 50 });
    const b = await ingestFile(ctx, { path: ndjsonPath, batchSize: 7 });

    const quarantined = await ctx.sql.query<{
      source_id: string;
      line: number;
      reason_code: string;
      raw: string | null;
    }>('select source_id, line, reason_code, raw from quarantine order by source_id, line');
    const got = new Map(quarantined.map((q) => [`${q.source_id}:${q.line}`, q.reason_code]));
    const want = new Map([
      ...[...expectedCsv].map(([line, code]) => [`cbp-i94:${line}`, code] as const),
      ...[...expectedNdjson].map(([line, code]) => [`uscis-benefits:${line}`, code] as const),
    ]);
    expect(got).toEqual(want);
    expect(CSV_DEFECTS.length + NDJSON_DEFECTS.length).toBeGreaterThanOrEqual(25);
    const stored = await ctx.sql.query<{ k: string }>(
      `select source_id || ':' || source_record_id as k from records where is_current`,
    );
    expect(new Set(stored.map((r) => r.k))).toEqual(goodIds);
    expect(a.accepted + b.accepted).toBe(goodIds.size);
    expect(a.quarantined + b.quarantined).toBe(want.size);
    expect(quarantined.find((q) => q.reason_code === 'PROTECTED_CATEGORY')?.raw).toBeNull();
  });

  it('reports a cut-off last line as TRUNCATED_LINE, in CSV and NDJSON', async () => {
    await reset();
    const csvPath = join(dir, 'truncated.csv');
    const cut = admissionLine(goodAdmission(1)).split(',').slice(0, 7).join(',');
    writeFileSync(csvPath, `${I94_COLUMNS.join(',')}\n${admissionLine(goodAdmission(0))}\n${cut}`);
    const ndPath = join(dir, 'truncated.ndjson');
    writeFileSync(
      ndPath,
      `${JSON.stringify(goodApplication(0))}\n${JSON.stringify(goodApplication(1)).slice(0, 40)}`,
    );

    const a = await ingestFile(ctx, { path: csvPath, sourceId: 'cbp-i94' });
    const b = await ingestFile(ctx, { path: ndPath, sourceId: 'uscis-benefits' });

    expect([a.accepted, a.reasons]).toEqual([1, { TRUNCATED_LINE: 1 }]);
    expect([b.accepted, b.reasons]).toEqual([1, { TRUNCATED_LINE: 1 }]);
  });

  it('refuses a CSV file whose header names protected-category data, storing nothing (SCOPE.md)', async () => {
    await reset();
    const path = join(dir, 'cbp-i94-religion.csv');
    writeFileSync(path, `${I94_COLUMNS.join(',')},religion\n${admissionLine(goodAdmission(0))},x\n`);

    const result = await ingestFile(ctx, { path, sourceId: 'cbp-i94' });

    expect(result.state).toBe('refused');
    expect(result.refusal).toMatch(/religion.*protected-category/);
    expect(await storeDigest(ctx)).toEqual({ records: [], quarantine: [] });
  });

  it('T3.1: the same file delivered three times, serially then concurrently, is applied once', async () => {
    await reset();
    const path = join(dir, 'cbp-i94.csv');
    writeFileSync(
      path,
      [I94_COLUMNS.join(','), ...Array.from({ length: 300 }, (_, i) => admissionLine(goodAdmission(i)))].join(
        '\n',
      ),
    );
    await ingestFile(ctx, { path });
    const once = await storeDigest(ctx);

    await ingestFile(ctx, { path });
    await Promise.all([ingestFile(ctx, { path }), ingestFile(ctx, { path })]);

    expect(await storeDigest(ctx)).toEqual(once);
    const runs = await ctx.sql.query<{ state: string; n: number }>(
      'select state, count(*)::int as n from ingest_runs group by state order by state',
    );
    expect(runs).toEqual([
      { state: 'applied', n: 1 },
      { state: 'duplicate', n: 3 },
    ]);
  });

  it('T3.2: a renamed copy is a duplicate by content hash; the same records in another file are duplicates by natural key', async () => {
    await reset();
    const lines = Array.from({ length: 100 }, (_, i) => admissionLine(goodAdmission(i)));
    const first = join(dir, 'a.csv');
    const renamed = join(dir, 'renamed.csv');
    const reordered = join(dir, 'reordered.csv');
    writeFileSync(first, [I94_COLUMNS.join(','), ...lines].join('\n'));
    writeFileSync(renamed, [I94_COLUMNS.join(','), ...lines].join('\n'));
    writeFileSync(reordered, [I94_COLUMNS.join(','), ...lines.reverse()].join('\n'));

    await ingestFile(ctx, { path: first, sourceId: 'cbp-i94' });
    const copy = await ingestFile(ctx, { path: renamed, sourceId: 'cbp-i94' });
    const again = await ingestFile(ctx, { path: reordered, sourceId: 'cbp-i94' });

    expect(copy.state).toBe('duplicate');
    expect([again.state, again.accepted, again.duplicates, again.versions]).toEqual(['applied', 0, 100, 0]);
  });

  it('T3.3: versions 1, 2 and 3 of a record arriving in any order leave version 3 current, with history kept', async () => {
    await reset();
    const orders = [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ];
    const columns = [...I94_COLUMNS, 'sourceVersion'];
    for (let delivery = 0; delivery < 3; delivery++) {
      const lines = [columns.join(',')];
      for (let r = 0; r < 600; r++) {
        const v = orders[r % 6]![delivery]!;
        const record = { ...goodAdmission(r), admitUntil: `2025-0${v}-01`, sourceVersion: String(v) };
        lines.push(csvLine(columns.map((c) => record[c as keyof typeof record] ?? '')));
      }
      const path = join(dir, `versions-${delivery}.csv`);
      writeFileSync(path, lines.join('\n'));
      await ingestFile(ctx, { path, sourceId: 'cbp-i94' });
    }

    const current = await ctx.sql.query<{ v: number; n: number }>(
      'select source_version as v, count(*)::int as n from records where is_current group by source_version',
    );
    const history = await ctx.sql.query<{ n: number }>('select count(*)::int as n from records');
    expect(current).toEqual([{ v: 3, n: 600 }]);
    expect(history[0]!.n).toBe(1800);
  });

  it('refuses an unregistered source by name, and a missing file, with clear errors', async () => {
    const path = join(dir, 'nobody.csv');
    writeFileSync(path, 'sourceRecordId\n');

    await expect(ingestFile(ctx, { path })).rejects.toThrow(/source 'nobody' is not registered/);
    await expect(ingestFile(ctx, { path: join(dir, 'missing.csv'), sourceId: 'cbp-i94' })).rejects.toThrow(
      /cannot read the file/,
    );
  });
});
