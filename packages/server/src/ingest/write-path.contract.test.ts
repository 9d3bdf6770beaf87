import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { freshContext, storeKinds } from '../test-support.js';
import { contentHash } from './check-item.js';
import { type IngestOptions, type IngestSummary, ingestFile } from './ingest-file.js';
import { readLines } from './read-lines.js';
import { admissionLine, CSV_DEFECTS, goodAdmission, I94_COLUMNS } from './test-batch.js';

// The fast write path (ADR 0006) must store exactly what the plain one stores: these tests run the same
// files both ways and compare the stores and the receipts.

const fixedNow = () => new Date('2026-06-30T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'ilos-write-path-'));

/** Everything the store holds about records and the quarantine, sorted. */
async function storeDigest(ctx: Context) {
  const records = await ctx.sql.query<{ k: string }>(
    `select source_id || ':' || source_record_id || ':' || version || ':' || source_version || ':' ||
            content_sha256 || ':' || is_current || ':' || line || ':' || payload::text as k
       from records order by 1`,
  );
  const quarantine = await ctx.sql.query<{ k: string }>(
    `select source_id || ':' || line || ':' || byte_offset || ':' || reason_code || ':' || coalesce(field, '-') || ':' ||
            message || ':' || coalesce(raw, '<null>') as k
       from quarantine order by 1`,
  );
  return { records: records.map((r) => r.k), quarantine: quarantine.map((r) => r.k) };
}

const counts = (s: IngestSummary) => ({
  state: s.state,
  accepted: s.accepted,
  duplicates: s.duplicates,
  versions: s.versions,
  quarantined: s.quarantined,
  reasons: s.reasons,
  refusal: s.refusal,
});

function writeCsv(name: string, lines: readonly (string | Buffer)[]): string {
  const path = join(dir, name);
  const parts = [Buffer.from(I94_COLUMNS.join(',')), ...lines.map((l) => Buffer.from(l))];
  writeFileSync(path, Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
  return path;
}

describe.each(storeKinds())('the ingest write path on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };

  beforeAll(async () => {
    ctx = await freshContext(kind, { now: fixedNow });
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  const reset = () => ctx.sql.exec('truncate records, quarantine, ingest_runs');

  /** Ingests the files in order into an empty store; the store and the receipts after. */
  async function run(files: readonly string[], options: Omit<IngestOptions, 'path'>) {
    await reset();
    const receipts = [];
    for (const path of files)
      receipts.push(counts(await ingestFile(ctx, { path, sourceId: 'cbp-i94', ...options })));
    return { receipts, store: await storeDigest(ctx) };
  }

  it('reads and checks on a worker thread with the same store and receipts as on the main thread', async () => {
    const lines: Buffer[] = [];
    let n = 0;
    for (const defect of CSV_DEFECTS) {
      for (let k = 0; k < 3; k++) lines.push(Buffer.from(admissionLine(goodAdmission(n++))));
      lines.push(defect.line(n++));
    }
    // The same id again with other content: a conflict found across batches.
    lines.push(Buffer.from(admissionLine({ ...goodAdmission(0), portOfEntry: 'LAX' })));
    const path = writeCsv('cbp-i94.csv', lines);

    const inline = await run([path], { thread: false, batchSize: 10 });
    const thread = await run([path], { thread: true, batchSize: 10 });

    expect(thread).toEqual(inline);
    expect(inline.receipts[0]).toMatchObject({ state: 'applied', accepted: CSV_DEFECTS.length * 3 });
    expect(inline.receipts[0]!.reasons.DUPLICATE_ID_CONFLICT).toBe(1);
  });

  it('a refusal found on the worker thread is the same refusal, and stores nothing', async () => {
    const path = join(dir, 'cbp-i94-religion.csv');
    writeFileSync(path, `${I94_COLUMNS.join(',')},religion\n${admissionLine(goodAdmission(0))},x\n`);

    const inline = await run([path], { thread: false });
    const thread = await run([path], { thread: true });

    expect(thread).toEqual(inline);
    expect(thread.receipts[0]!.refusal).toMatch(/religion.*protected-category/);
    expect(thread.store).toEqual({ records: [], quarantine: [] });
  });

  it('a batch written without reading stored versions that meets stored ids is redone with the read', async () => {
    const first = writeCsv(
      'first.csv',
      Array.from({ length: 100 }, (_, i) => admissionLine(goodAdmission(i))),
    );
    // With batches of 50: two batches of new records (so the next batch skips the read), then a batch
    // with stored ids: 25 unchanged, 24 changed (new versions), and one id this file already sent
    // with other content (a conflict).
    const second = writeCsv('second.csv', [
      ...Array.from({ length: 100 }, (_, i) => admissionLine(goodAdmission(100 + i))),
      ...Array.from({ length: 25 }, (_, i) => admissionLine(goodAdmission(i))),
      ...Array.from({ length: 24 }, (_, i) =>
        admissionLine({ ...goodAdmission(25 + i), portOfEntry: 'LAX' }),
      ),
      admissionLine({ ...goodAdmission(100), portOfEntry: 'LAX' }),
      // And new records again after it.
      ...Array.from({ length: 50 }, (_, i) => admissionLine(goodAdmission(200 + i))),
    ]);

    const small = await run([first, second], { batchSize: 50 });
    const whole = await run([first, second], { batchSize: 10_000 });

    expect(small).toEqual(whole);
    expect(small.receipts[1]).toEqual({
      state: 'applied',
      accepted: 150,
      duplicates: 25,
      versions: 24,
      quarantined: 1,
      reasons: { DUPLICATE_ID_CONFLICT: 1 },
      refusal: null,
    });
    const rows = await ctx.sql.query<{ n: number; current: number; second: number }>(
      `select count(*)::int as n, count(*) filter (where is_current)::int as current,
              count(*) filter (where version = 2 and is_current)::int as second from records`,
    );
    expect(rows[0]).toEqual({ n: 274, current: 250, second: 24 });
  });
});

describe('contentHash', () => {
  it('is the digest the stores already hold (fields in name order, with unit and record separators)', () => {
    expect(
      contentHash('admission', { givenName: 'ANNA', familyName: 'MUELLER', dateOfBirth: '1950-01-01' }),
    ).toBe('4fff0d800a62b315159b592e3b7f18c66dc4534ad86889d5a837fa660e1f0282');
  });
});

describe('readLines', () => {
  it('gives every line with its number and byte offset, across the 1 MiB reads of the file', async () => {
    const lines: string[] = [];
    // Lines of many lengths, some longer than one read, some empty, some with CRLF; the last has no newline.
    for (let i = 0, size = 0; size < 3.5 * 1024 ** 2; i++) {
      const text =
        i % 97 === 0 ? '' : i % 401 === 0 ? `x${'y'.repeat(1_300_000)}` : `line ${i} ${'é'.repeat(i % 50)}\r`;
      lines.push(text);
      size += text.length + 1;
    }
    const path = join(dir, 'lines.txt');
    writeFileSync(path, lines.join('\n'));

    const got: { text: string; line: number; byteOffset: number; final: boolean }[] = [];
    for await (const l of readLines(path, 2 * 1024 ** 2)) {
      got.push({ text: l.bytes.toString('utf8'), line: l.line, byteOffset: l.byteOffset, final: l.final });
    }

    let offset = 0;
    const want = lines.map((text, i) => {
      const entry = { text, line: i + 1, byteOffset: offset, final: i === lines.length - 1 };
      offset += Buffer.byteLength(text) + 1;
      return entry;
    });
    expect(got).toEqual(want);
  });
});
