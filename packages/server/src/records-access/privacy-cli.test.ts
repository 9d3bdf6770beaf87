import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestSamples, PASSWORD } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { addUser, login } from '../accounts/accounts.js';
import { saveSessionToken } from '../accounts/cli-session.js';
import { testCode } from '../accounts/test-mfa.js';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/main.js';
import { openContext } from '../context.js';

/** `ilos redress disclose` and `ilos redress report` on the embedded store, as an adjudicator. */
describe('the Privacy Act commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-privacy-cli-'));
  const ilos = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await run([...argv, '--data', dir], io);
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('discloses under a routine use, refuses without one, and reports the accounting to the person', async () => {
    const ctx = await openContext({ dataDir: dir, databaseUrl: undefined });
    try {
      await addUser(ctx, undefined, { id: 'root', role: 'admin', password: PASSWORD });
      const root = {
        kind: 'session' as const,
        token: (await login(ctx, { userId: 'root', password: PASSWORD, code: await testCode(ctx, 'root') }))
          .token,
      };
      await addUser(ctx, root, { id: 'sue', role: 'supervisor', password: PASSWORD });
      await addUser(ctx, root, { id: 'adam', role: 'adjudicator', password: PASSWORD });
      await ingestSamples(ctx, dir);
      await ctx.sql.query(`insert into persons (person_id) values ('P-A')`);
      await ctx.sql.query(
        `insert into person_records (source_id, source_record_id, person_id) values ('cbp-i94', 'I94-0', 'P-A')`,
      );
      await ctx.sql.query(
        `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
         values ('C-1', 'P-A', 'NONE', true, 1, 'sue', now(), now())`,
      );
      const sue = {
        kind: 'session' as const,
        token: (await login(ctx, { userId: 'sue', password: PASSWORD, code: await testCode(ctx, 'sue') }))
          .token,
      };
      await assignWork(ctx, sue, 'adam', 'case:C-1');
      saveSessionToken(
        ctx,
        (await login(ctx, { userId: 'adam', password: PASSWORD, code: await testCode(ctx, 'adam') })).token,
      );
    } finally {
      await ctx.close();
    }
    const common = [
      '--source',
      'cbp-i94',
      '--id',
      'I94-0',
      '--to',
      'Immigration Court',
      '--contact',
      'clerk@court.example.org',
    ];
    const why = ['--purpose', 'CASE_ADJUDICATION', '--for', 'case:C-1'];

    const refused = await ilos('redress', 'disclose', ...common, '--routine-use', 'RU-NONE', ...why);
    const done = await ilos('redress', 'disclose', ...common, '--routine-use', 'RU-COURT', ...why);
    const opened = await ilos(
      'redress',
      'open',
      '--source',
      'cbp-i94',
      '--id',
      'I94-0',
      '--statement',
      'show me my file',
      '--json',
    );
    const request = (JSON.parse(opened.out) as { id: string }).id;
    const report = await ilos('redress', 'report', 'P-A', '--request', request, '--json');

    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/routine use/);
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^dis-[0-9a-f]{10}: 1 records to Immigration Court under RU-COURT/);
    expect(report.code).toBe(0);
    const parsed = JSON.parse(report.out) as {
      records: { sourceRecordId: string }[];
      disclosures: { routineUse: string; recipient: { contact: string } }[];
    };
    expect(parsed.records.map((r) => r.sourceRecordId)).toEqual(['I94-0']);
    expect(parsed.disclosures).toMatchObject([
      { routineUse: 'RU-COURT', recipient: { contact: 'clerk@court.example.org' } },
    ]);
  });
});
