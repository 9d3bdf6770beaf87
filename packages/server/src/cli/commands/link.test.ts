import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

const DATA = resolve(import.meta.dirname, '../../../../../../shared/data/febrl');
const DATASET1 = join(DATA, 'dataset1.csv');
const scratch = mkdtempSync(join(tmpdir(), 'ilos-link-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type LinkJson = {
  pairs: [string, string][];
  seconds: number;
  precision?: number;
  recall?: number;
  f1?: number;
  pairCompleteness?: number;
};

async function link(
  ...args: string[]
): Promise<{ code: number; json: LinkJson | null; io: ReturnType<typeof memoryIo> }> {
  const io = memoryIo();
  const code = await run(['link', ...args], io);
  return {
    code,
    json: code === 0 && args.includes('--json') ? (JSON.parse(io.lines.join('\n')) as LinkJson) : null,
    io,
  };
}

const pairSet = (pairs: readonly [string, string][], rename: (id: string) => string = (id) => id) =>
  new Set(pairs.map(([a, b]) => [rename(a), rename(b)].sort().join('|')));

describe('ilos link --febrl', () => {
  it('dedupes FEBRL dataset1 with F1 ≥ 0.99 against rec_id', async () => {
    // dataset1: 500 originals with one duplicate each, at most a few modifications per duplicate;
    // the resolver finds all 500 (F1 1.0 when measured); 0.99 allows five errors before it fails.
    const { code, json } = await link('--febrl', DATASET1, '--truth', '--json');

    expect(code).toBe(0);
    expect(json?.f1).toBeGreaterThanOrEqual(0.99);
    expect(json?.pairCompleteness).toBeGreaterThanOrEqual(0.99);
    expect(json?.pairs[0]).toHaveLength(2);
    expect(typeof json?.seconds).toBe('number');
  });

  it('never reads rec_id: renamed and shuffled ids give the same pairs', async () => {
    const lines = readFileSync(DATASET1, 'utf8').trimEnd().split('\n');
    const [header, ...rows] = lines;
    const renamed = new Map<string, string>();
    // A bijection onto meaningless ids, and the rows in reverse order.
    const shuffledRows = rows.reverse().map((row, i) => {
      const [recId, ...rest] = row.split(',');
      const id = `x${String((i * 7919) % 100_000).padStart(5, '0')}`;
      renamed.set(id, recId!.trim());
      return [id, ...rest].join(',');
    });
    const path = join(scratch, 'renamed.csv');
    writeFileSync(path, `${[header, ...shuffledRows].join('\n')}\n`);

    const original = await link('--febrl', DATASET1, '--json');
    const disguised = await link('--febrl', path, '--json');

    expect(pairSet(disguised.json!.pairs, (id) => renamed.get(id)!)).toEqual(pairSet(original.json!.pairs));
  });

  it('limits the matcher to --fields and refuses rec_id as a field', async () => {
    const namesOnly = await link(
      '--febrl',
      DATASET1,
      '--fields',
      'given_name,surname,date_of_birth',
      '--truth',
      '--json',
    );
    const answerKey = await link('--febrl', DATASET1, '--fields', 'rec_id,surname');

    expect(namesOnly.json?.f1).toBeGreaterThan(0.8);
    expect(namesOnly.json?.f1).toBeLessThan(1);
    expect(answerKey.code).toBe(2);
    expect(answerKey.io.errors.join('\n')).toContain('rec_id is the answer key');
  });

  it('reads the Febrl 0.4.2 dsgen layout and its integer rec_ids', async () => {
    // dataset_A_1000: 500 originals with one lightly corrupted duplicate each (rec_id: entity + digit).
    const { code, json } = await link(
      '--febrl',
      join(DATA, 'febrl-0.4.2-dsgen/dataset_A_1000.csv'),
      '--truth',
      '--json',
    );

    expect(code).toBe(0);
    expect(json?.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('reports a malformed row with its file and line', async () => {
    const path = join(scratch, 'broken.csv');
    writeFileSync(path, 'rec_id, given_name, surname\nrec-1-org, anna, smith\nrec-1-dup-0, anna\n');

    const { code, io } = await link('--febrl', path);

    expect(code).toBe(2);
    expect(io.errors.join('\n')).toContain(`${path}: line 3: expected 3 fields`);
  });

  it('prints a readable summary without --json', async () => {
    const { code, io } = await link('--febrl', DATASET1, '--truth');

    expect(code).toBe(0);
    expect(io.lines[0]).toMatch(/^1000 records deduplicated/);
    expect(io.lines.join('\n')).toContain('F1 100.00%');
  });
});
