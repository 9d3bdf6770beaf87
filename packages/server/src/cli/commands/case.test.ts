import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, loginOfficers, OFFICERS, seedPersons, situations } from '../../cases/test-persons.js';
import { freshContext } from '../../test-support.js';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

let data = '';
const tokens: Record<string, string> = {};

/** Logs the CLI in as an officer: the session file `ilos login` writes. */
function loggedInAs(officer: keyof typeof OFFICERS | null): void {
  const path = join(data, 'session');
  if (officer === null) rmSync(path, { force: true });
  else writeFileSync(path, `${tokens[officer]}\n`, { mode: 0o600 });
}

async function ilos(...argv: string[]) {
  const io = memoryIo();
  const code = await run([...argv, '--data', data], io);
  return { code, out: io.lines, err: io.errors };
}

describe('ilos case and ilos worklist', () => {
  beforeAll(async () => {
    const ctx = await freshContext('pglite');
    await seedPersons(ctx, { 'P-TPS': situations()['P-TPS']!, 'P-CLEAR': situations()['P-CLEAR']! });
    await loginOfficers(ctx);
    for (const [name, officer] of Object.entries(OFFICERS)) {
      const principal = as(officer);
      if (principal.kind === 'session') tokens[name] = principal.token;
    }
    data = ctx.config.dataDir;
    await ctx.close();
    loggedInAs('ana');
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('teaches by example in --help', async () => {
    const io = memoryIo();

    expect(await run(['case', '--help'], io)).toBe(0);
    expect(io.lines.join('\n')).toContain('ilos case transition CASE-1A2B3C4D5E serve_nta --hearing-date');
    expect(io.lines.join('\n')).toContain('⚖ execute_removal');
  });

  it('opens a case, refuses a step naming its blocker and records (exit 5), and lists it', async () => {
    const opened = await ilos(
      'case',
      'open',
      '--person',
      'P-TPS',
      '--reason',
      'referral',
      '--by',
      'ana',
      '--json',
    );
    expect(opened.code).toBe(0);
    const caseId = JSON.parse(opened.out[0]!).case.id as string;

    const served = await ilos(
      'case',
      'transition',
      caseId,
      'serve_nta',
      '--hearing-date',
      '2099-01-02',
      '--reason',
      'served',
      '--by',
      'ana',
    );
    expect(served).toMatchObject({ code: 0 });
    expect(served.out[0]).toContain('waits for a supervisor');

    const selfApproval = await ilos('case', 'approve', caseId, '--reason', 'mine', '--by', 'ana');
    expect(selfApproval.code).toBe(5);
    expect(selfApproval.out.join('\n')).toContain('✗ SAME_PERSON');

    const list = await ilos('case', 'list', '--json', '--by', 'ana');
    expect(JSON.parse(list.out[0]!).cases).toEqual([expect.objectContaining({ id: caseId, state: 'NONE' })]);
  });

  it('shows a case with the gates of each next step', async () => {
    const opened = await ilos(
      'case',
      'open',
      '--person',
      'P-CLEAR',
      '--reason',
      'referral',
      '--by',
      'ana',
      '--json',
    );
    const caseId = JSON.parse(opened.out[0]!).case.id as string;

    const shown = await ilos('case', 'show', caseId, '--by', 'ana');

    expect(shown.code).toBe(0);
    expect(shown.out.join('\n')).toMatch(
      /serve_nta\s+→ NTA_ISSUED\s+✗ refused\n\s+NTA_TIME_AND_PLACE_MISSING/,
    );
    expect(shown.out.join('\n')).toContain('counsel Ana Ruiz (EOIR-28)');
  });

  it('rejects bad input with exit 2, and a case the user is not assigned to (or none) with exit 6', async () => {
    expect(
      (await ilos('case', 'transition', 'CASE-X', 'fly_away', '--reason', 'x', '--by', 'ana')).code,
    ).toBe(2);
    expect((await ilos('case', 'show', 'CASE-NOPE')).code).toBe(6);
    expect((await ilos('case', 'list', '--by', 'bo')).code).toBe(6);
  });

  it('refuses every case command to someone not logged in (exit 6)', async () => {
    loggedInAs(null);
    try {
      const list = await ilos('case', 'list');
      expect(list.code).toBe(6);
      expect(list.err.join('\n')).toContain('not logged in');
      expect((await ilos('worklist')).code).toBe(6);
    } finally {
      loggedInAs('ana');
    }
  });

  it('prints the work list by legal deadline', async () => {
    const list = await ilos('worklist', '--by', 'ana', '--as-of', '2026-01-01', '--json');

    expect(list.code).toBe(0);
    expect(JSON.parse(list.out[0]!)).toMatchObject({ asOf: '2026-01-01' });
  });
});
