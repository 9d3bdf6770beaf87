import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase32, SYSTEM_USE_NOTICE, totpCode } from '@ilos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, login } from '../../accounts/accounts.js';
import { testCode } from '../../accounts/test-mfa.js';
import { openContext } from '../../context.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../../ingest/test-batch.js';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

const PASSWORD = 'a long enough cli pass phrase';
const BIN = new URL('../../../bin/ilos.js', import.meta.url).pathname;

// Each step opens the embedded store anew, and two steps start real processes: allow for a busy machine.
describe('the accountability commands, end to end on the embedded store', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-acct-cli-'));
  const data = join(dir, 'store');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ilos = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await run([...argv, '--data', data], io);
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };
  /** Each user's TOTP key, as their authenticator app holds it (each logs in once: no replay). */
  const keys = new Map<string, string>();
  const loginAs = async (user: string) => {
    process.env.ILOS_PASSWORD = PASSWORD;
    try {
      return await ilos('login', '--user', user, '--code', codeOf(keys.get(user)!));
    } finally {
      delete process.env.ILOS_PASSWORD;
    }
  };

  it('bootstraps the first admin from a pipe, and refuses a second account without a session', () => {
    const add = (id: string, role: string) =>
      spawnSync(
        process.execPath,
        [BIN, 'users', 'add', '--id', id, '--role', role, '--password-stdin', '--data', data],
        {
          input: `${PASSWORD}\n`,
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: '' },
        },
      );

    const first = add('root', 'admin');
    expect([first.status, first.stdout.split('\n')[0]]).toEqual([0, 'created root (admin)']);
    const key = /TOTP key for root \(shown once; give it to root only\): ([A-Z2-7]+)/.exec(first.stdout);
    expect(first.stdout).toMatch(/otpauth:\/\/totp\/ilos%3Aroot\?secret=/);
    keys.set('root', key![1]!);
    const second = add('eve', 'analyst');
    expect(second.status).toBe(6);
    expect(second.stderr).toMatch(/log in as an admin/);
  });

  it('logs in, keeps the token in the data folder (0600), and works through assignment, reads, audit and report', async () => {
    const ctx = await openContext({ dataDir: data, databaseUrl: undefined });
    const csv = join(dir, 'cbp-i94.csv');
    writeFileSync(
      csv,
      [I94_COLUMNS.join(','), ...Array.from({ length: 3 }, (_, i) => admissionLine(goodAdmission(i)))].join(
        '\n',
      ),
    );
    await ctx.close();

    expect((await loginAs('root')).code).toBe(0);
    expect(statSync(join(data, 'session')).mode & 0o777).toBe(0o600);
    const ctx2 = await openContext({ dataDir: data, databaseUrl: undefined });
    const root = { kind: 'session' as const, token: readFileSync(join(data, 'session'), 'utf8').trim() };
    for (const [id, role] of [
      ['sue', 'supervisor'],
      ['ana', 'analyst'],
      ['ida', 'auditor'],
    ]) {
      keys.set(id!, (await addUser(ctx2, root, { id: id!, role: role!, password: PASSWORD })).mfa.secret);
    }
    await ctx2.close();
    expect((await ilos('ingest', csv)).code).toBe(0);

    expect((await loginAs('sue')).code).toBe(0);
    expect(await ilos('access', 'assign', '--user', 'ana', '--target', 'task:DQ-1')).toMatchObject({
      code: 0,
      out: 'assigned ana to task:DQ-1',
    });
    expect((await loginAs('ana')).code).toBe(0);
    expect(await ilos('whoami')).toMatchObject({ code: 0, out: expect.stringMatching(/^ana \(analyst\)/) });

    const shown = await ilos(
      'records',
      'show',
      '--source',
      'cbp-i94',
      '--id',
      'I94-1',
      '--purpose',
      'DATA_QUALITY_REVIEW',
      '--task',
      'DQ-1',
      '--json',
    );
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out).versions[0].payload.familyName).toBe('GARCIA LOPEZ');
    const refused = await ilos(
      'records',
      'show',
      '--source',
      'cbp-i94',
      '--id',
      'I94-1',
      '--purpose',
      'DATA_QUALITY_REVIEW',
      '--task',
      'DQ-9',
    );
    expect(refused).toMatchObject({ code: 6, err: expect.stringMatching(/not assigned to task:DQ-9/) });
    expect((await ilos('report', 'oversight')).code).toBe(6); // analysts do not audit

    expect((await loginAs('ida')).code).toBe(0);
    const report = await ilos('report', 'oversight', '--json');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.out).byUserPurpose).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'ana', purpose: 'DATA_QUALITY_REVIEW', reads: 1, denied: 1 }),
      ]),
    );
    const out = join(dir, 'audit.jsonl');
    const exported = await ilos('audit', 'export', '--out', out);
    expect(exported.code).toBe(0);
    const publicKey = /public key: (\S+)/.exec(exported.out)![1]!;

    expect(await ilos('audit', 'verify')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^audit trail intact/),
    });
    expect(await ilos('audit', 'verify', '--file', out, '--public-key', publicKey)).toMatchObject({
      code: 0,
    });
    expect((await ilos('logout')).code).toBe(0);
    expect(existsSync(join(data, 'session'))).toBe(false);
  });

  it('T9.2/T9.9/T9.8: login shows the notice and needs a code, once; a flag ends the session at once', async () => {
    const ctx = await openContext({ dataDir: data, databaseUrl: undefined });
    const rootToken = (
      await login(ctx, { userId: 'root', password: PASSWORD, code: await testCode(ctx, 'root') })
    ).token;
    const root = { kind: 'session' as const, token: rootToken };
    keys.set(
      'fay',
      (await addUser(ctx, root, { id: 'fay', role: 'analyst', password: PASSWORD })).mfa.secret,
    );
    keys.set(
      'sam',
      (await addUser(ctx, root, { id: 'sam', role: 'supervisor', password: PASSWORD })).mfa.secret,
    );
    await ctx.close();
    const withPassword = async (...argv: string[]) => {
      process.env.ILOS_PASSWORD = PASSWORD;
      try {
        return await ilos(...argv);
      } finally {
        delete process.env.ILOS_PASSWORD;
      }
    };
    const right = codeOf(keys.get('fay')!);
    const wrong = right === '000000' ? '000001' : '000000';

    const noCode = await withPassword('login', '--user', 'fay');
    const badCode = await withPassword('login', '--user', 'fay', '--code', wrong);
    const good = await withPassword('login', '--user', 'fay', '--code', right);
    const fayToken = readFileSync(join(data, 'session'), 'utf8').trim();
    const replay = await withPassword('login', '--user', 'fay', '--code', right);

    expect(noCode).toMatchObject({ code: 2, err: expect.stringMatching(/--code/) });
    expect(badCode).toMatchObject({ code: 6, err: expect.stringMatching(/login failed/) });
    expect(good).toMatchObject({ code: 0, out: expect.stringMatching(/^logged in as fay \(analyst\)/) });
    expect(good.err).toContain(SYSTEM_USE_NOTICE.title);
    expect(replay).toMatchObject({ code: 6, err: expect.stringMatching(/login failed/) });

    expect((await loginAs('sam')).code).toBe(0);
    expect(
      await ilos('users', 'flag', 'fay', '--reason', 'credentials found on a shared drive'),
    ).toMatchObject({
      code: 0,
      out: 'flagged fay as high risk: account disabled; 1 session(s) ended',
    });
    process.env.ILOS_SESSION = fayToken;
    try {
      expect((await ilos('whoami')).code).toBe(6);
    } finally {
      delete process.env.ILOS_SESSION;
    }
  });

  it('T9.3: ilos login --step-up gives the session a new token in the data folder; the old one stops working', async () => {
    const old = readFileSync(join(data, 'session'), 'utf8').trim(); // sam's, from the test before
    const code = codeOf(keys.get('sam')!, 30_000); // the next step's code: later than the login's, within ±1

    const up = await ilos('login', '--step-up', '--code', code);
    const replay = await ilos('login', '--step-up', '--code', code);

    expect(up).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^stepped up as sam \(supervisor\): sensitive actions allowed until /),
    });
    expect(readFileSync(join(data, 'session'), 'utf8').trim()).not.toBe(old);
    expect((await ilos('whoami')).out).toMatch(/^sam \(supervisor\)/);
    expect(replay).toMatchObject({ code: 6, err: expect.stringMatching(/step-up failed/) });
    process.env.ILOS_SESSION = old;
    try {
      expect((await ilos('whoami')).code).toBe(6);
    } finally {
      delete process.env.ILOS_SESSION;
    }
  });
});

/** The code an authenticator app holding `key` shows now. */
function codeOf(key: string, aheadMs = 0): string {
  const secret = fromBase32(key);
  if (!secret.ok) throw new Error(secret.error);
  return totpCode(secret.value, new Date(Date.now() + aheadMs));
}
