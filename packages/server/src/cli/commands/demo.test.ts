import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

const root = mkdtempSync(join(tmpdir(), 'ilos-demo-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ilos demo --no-serve --json', () => {
  it('generates beside the opening store, then ingests, resolves and prints the contract summary', async () => {
    const data = join(root, 'store');
    const io = memoryIo();

    const code = await run(['demo', '--no-serve', '--json', '--people', '200', '--data', data], io);

    expect(code).toBe(0);
    const summary = JSON.parse(io.lines.join('\n'));
    expect(summary).toMatchObject({ people: 200, records: { quarantined: expect.any(Number) } });
    expect(summary.records.accepted).toBeGreaterThan(200);
    expect(summary.persons).toBeGreaterThan(150);
    expect(Object.values(summary.statusCounts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      summary.persons,
    );
    // The population was generated off to the side and moved into place: nothing half-made is left.
    expect(existsSync(join(data, 'demo', 'truth.json'))).toBe(true);
    expect(readdirSync(data).filter((f) => f.startsWith('demo.'))).toEqual([]);
  });
});
