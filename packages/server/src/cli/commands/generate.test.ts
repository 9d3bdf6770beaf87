import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_SOURCE_FILES, RECORD_TYPES, SEED_SOURCES, validateRecord } from '@ilos/core';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../io.js';
import { run } from '../main.js';
import { csvField } from './generate-files.js';

const root = await mkdtemp(join(tmpdir(), 'ilos-generate-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Compares files by hash: comparing megabyte buffers with toEqual walks them byte by byte. */
async function digest(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function generate(name: string, ...args: string[]) {
  const io = memoryIo();
  const out = join(root, name);
  const code = await run(['generate', '--out', out, ...args], io);
  return { code, io, out };
}

type Truth = {
  seed: number | string;
  people: number;
  referenceDate: string;
  records: Record<string, string>;
  persons: {
    personId: string;
    lifecycle: { date: string; recordIds: string[] }[];
    facts: { archetype: string };
  }[];
};

async function readRecords(out: string): Promise<{ source: string; fields: Record<string, string> }[]> {
  const records: { source: string; fields: Record<string, string> }[] = [];
  for (const spec of GENERATOR_SOURCE_FILES) {
    const text = await readFile(join(out, `${spec.source}.${spec.format}`), 'utf8');
    if (spec.format === 'csv') {
      const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.meta.fields).toEqual([...spec.columns]);
      for (const row of parsed.data) {
        records.push({
          source: spec.source,
          fields: Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '')),
        });
      }
    } else {
      for (const line of text.split('\n').filter((l) => l !== ''))
        records.push({ source: spec.source, fields: JSON.parse(line) });
    }
  }
  return records;
}

describe('ilos generate', () => {
  const first = generate('a', '--people', '2000', '--seed', '5', '--json');

  it('writes one CSV or NDJSON file per source and truth.json, and prints a JSON summary', async () => {
    const { code, io, out } = await first;

    expect(code).toBe(0);
    const summary = JSON.parse(io.lines.join('\n'));
    expect(summary.people).toBe(2000);
    expect(Object.keys(summary.files).sort()).toEqual(GENERATOR_SOURCE_FILES.map((f) => f.source).sort());
    expect(Object.values<number>(summary.files).reduce((a, b) => a + b, 0)).toBe(summary.records);
    const names = await readdir(out);
    expect(names.some((n) => n.endsWith('.csv'))).toBe(true);
    expect(names.some((n) => n.endsWith('.ndjson'))).toBe(true);
    expect(names).toContain('truth.json');
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('maps every record in the files to a person of truth.json, and nothing else', async () => {
    const { out } = await first;

    const truth = JSON.parse(await readFile(join(out, 'truth.json'), 'utf8')) as Truth;
    const records = await readRecords(out);
    const keys = records.map((r) => `${r.source}:${r.fields.sourceRecordId}`);

    expect(truth).toMatchObject({ seed: 5, people: 2000, referenceDate: '2026-06-30' });
    expect(truth.persons).toHaveLength(2000);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.keys(truth.records).sort());
    const personIds = new Set(truth.persons.map((p) => p.personId));
    expect(Object.values(truth.records).every((id) => personIds.has(id))).toBe(true);
    for (const person of truth.persons) {
      const dates = person.lifecycle.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      for (const id of person.lifecycle.flatMap((e) => e.recordIds))
        expect(truth.records[id]).toBe(person.personId);
    }
  });

  it('writes records that pass ingest validation after a round trip through the files', async () => {
    const { out } = await first;
    const sources = new Map(SEED_SOURCES.map((s) => [s.id, s]));

    const records = await readRecords(out);
    const failures = records
      .map((r) => validateRecord(r.fields, { source: sources.get(r.source)!, today: '2026-06-30' }))
      .filter((v) => !v.ok);

    expect(failures.slice(0, 3)).toEqual([]);
    expect(new Set(records.map((r) => r.fields.recordType))).toEqual(new Set(Object.keys(RECORD_TYPES)));
  });

  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const { out } = await first;
    const same = await generate('b', '--people', '2000', '--seed', '5');
    const other = await generate('c', '--people', '2000', '--seed', '6');

    expect(same.code).toBe(0);
    for (const name of await readdir(out)) {
      expect(await digest(join(same.out, name)), name).toBe(await digest(join(out, name)));
    }
    expect(await digest(join(other.out, 'cbp-i94.csv'))).not.toBe(await digest(join(out, 'cbp-i94.csv')));
    expect(same.io.lines.join('\n')).toMatch(/generated 2000 people/);
  });

  it('writes the same bytes on generator threads as in one thread', async () => {
    const one = await generate('one-thread', '--people', '1500', '--seed', '8', '--threads', '1');
    const two = await generate('two-threads', '--people', '1500', '--seed', '8', '--threads', '2');

    expect([one.code, two.code]).toEqual([0, 0]);
    for (const name of await readdir(one.out)) {
      expect(await digest(join(two.out, name)), name).toBe(await digest(join(one.out, name)));
    }
  });

  it.each([
    { args: ['--people', 'many'], why: 'people not a number' },
    { args: ['--people', '2.5'], why: 'people not whole' },
    { args: ['--people', '0'], why: 'people zero' },
    { args: ['--people', '5000001'], why: 'people above the identifier ranges' },
  ])('refuses bad arguments with exit 2: $why', async ({ args }) => {
    const { code, io } = await generate('bad', ...args);

    expect(code).toBe(2);
    expect(io.errors.join('\n')).toMatch(/--people/);
  });

  it('needs --out', async () => {
    const io = memoryIo();

    expect(await run(['generate', '--people', '10'], io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/--out/);
  });

  it('refuses a folder that is not empty unless --force', async () => {
    const out = join(root, 'busy');
    await generate('busy', '--people', '5');
    await writeFile(join(out, 'notes.txt'), 'keep me');

    const refused = await generate('busy', '--people', '5');
    const forced = await generate('busy', '--people', '5', '--force');

    expect(refused.code).toBe(5);
    expect(refused.io.errors.join('\n')).toMatch(/not empty/);
    expect(forced.code).toBe(0);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('teaches by example in --help', async () => {
    const io = memoryIo();

    expect(await run(['generate', '--help'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/Examples:[\s\S]*ilos generate --people/);
  });
});

describe('csvField', () => {
  it.each([
    { value: 'plain', quoted: 'plain' },
    { value: 'a,b', quoted: '"a,b"' },
    { value: 'say "hi"', quoted: '"say ""hi"""' },
    { value: 'two\nlines', quoted: '"two\nlines"' },
    { value: ' padded', quoted: '" padded"' },
  ])('quotes $value as RFC 4180 requires', ({ value, quoted }) => {
    expect(csvField(value)).toBe(quoted);
  });
});
