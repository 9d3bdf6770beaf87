import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/main.js';

/**
 * RELIABILITY.md T13.4 (doc check): the documented backup expiry is within the backup window, and the
 * documented restore procedure names a replay command the CLI has, with the options it shows.
 */
const DOC = new URL('../../../../docs/retention-and-backups.md', import.meta.url);

describe('retention and backups, in writing (T13.4)', () => {
  const text = readFileSync(DOC, 'utf8');
  const days = (label: string) => Number(new RegExp(`\\*\\*${label}: (\\d+) days\\.\\*\\*`).exec(text)?.[1]);

  it('says how long backups live, and that it is no longer than the backup window', () => {
    const expiry = days('Backup expiry');
    const window = days('Backup window');

    expect(expiry).toBeGreaterThan(0);
    expect(window).toBeGreaterThan(0);
    expect(expiry).toBeLessThanOrEqual(window);
  });

  it('gives a restore procedure whose replay command exists with the options it uses', async () => {
    const command = /^\s*(ilos retention replay [^\n]+)$/m.exec(text)?.[1];
    expect(command).toBeDefined();
    const io = memoryIo();
    await run(['retention', 'replay', '--help'], io);
    const help = [...io.lines, ...io.errors].join('\n');

    for (const option of command!.match(/--[a-z-]+/g) ?? []) expect(help).toContain(option);
    expect(text).toMatch(/before anyone uses the restored store/i);
  });
});
