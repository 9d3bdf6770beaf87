import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, changePassword } from '../../accounts/accounts.js';
import { type Context, openContext } from '../../context.js';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

/**
 * RELIABILITY.md T6.6 on the CLI: a command run with nobody logged in is refused (exit 6) and the refusal
 * leaves exactly one `denied` audit row, like a request without a session over HTTP.
 */
const PASSWORD = 'a long enough cli pass phrase';

type Row = {
  event_type: string;
  outcome: string;
  reason: string | null;
  actor_id: string;
  actor_role: string;
  component: string;
};

describe('CLI refusals with nobody logged in are audited (T6.6)', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-cli-refusals-'));
  const data = join(dir, 'store');
  const saved = { session: process.env.ILOS_SESSION, url: process.env.DATABASE_URL };
  const ilos = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await run([...argv, '--data', data], io);
    return { code, err: io.errors.join('\n') };
  };
  const withStore = async <T>(fn: (ctx: Context) => Promise<T>): Promise<T> => {
    const ctx = await openContext({ dataDir: data, databaseUrl: undefined });
    try {
      return await fn(ctx);
    } finally {
      await ctx.close();
    }
  };
  const lastId = () =>
    withStore(
      async (ctx) =>
        (await ctx.sql.query<{ n: number }>('select coalesce(max(id), 0)::int as n from audit_log'))[0]!.n,
    );
  const rowsAfter = (id: number) =>
    withStore((ctx) =>
      ctx.sql.query<Row>(
        `select event_type, outcome, reason, actor_id, actor_role, component
           from audit_log where id > $1 order by id`,
        [id],
      ),
    );

  beforeAll(async () => {
    delete process.env.ILOS_SESSION;
    delete process.env.DATABASE_URL; // the session file lives in the embedded store's folder
    await withStore((ctx) => addUser(ctx, undefined, { id: 'root', role: 'admin', password: PASSWORD }));
  });
  afterAll(() => {
    if (saved.session !== undefined) process.env.ILOS_SESSION = saved.session;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    { argv: ['users', 'list'], event: 'account.list' },
    { argv: ['users', 'disable', 'root', '--reason', 'gone'], event: 'account.disable' },
    { argv: ['users', 'reset-mfa', 'root'], event: 'access.denied' },
    {
      argv: ['records', 'show', '--source', 'cbp-i94', '--id', 'I94-1', '--purpose', 'DATA_QUALITY_REVIEW'],
      event: 'record.read',
    },
    { argv: ['access', 'assignments'], event: 'access.list' },
    { argv: ['redress', 'list'], event: 'redress.list' },
    { argv: ['case', 'list'], event: 'case.list' },
    { argv: ['report', 'oversight'], event: 'audit.report' },
  ])('ilos $argv.0 $argv.1: exit 6 and one denied row ($event)', async ({ argv, event }) => {
    const before = await lastId();

    const result = await ilos(...argv);
    const rows = await rowsAfter(before);

    expect(result.code).toBe(6);
    expect(result.err).toMatch(/not logged in/);
    expect(rows).toEqual([
      {
        event_type: event,
        outcome: 'denied',
        reason: 'session_missing',
        actor_id: 'anonymous',
        actor_role: 'none',
        component: 'cli',
      },
    ]);
  });

  it('the bootstrap paths audit their refusals too: adding a user or changing a password without a session', async () => {
    const before = await lastId();

    await withStore(async (ctx) => {
      await expect(
        addUser(ctx, undefined, { id: 'eve', role: 'admin', password: PASSWORD }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(changePassword(ctx, undefined, PASSWORD, `${PASSWORD} 2`)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        changePassword(ctx, 'not-a-session-token', PASSWORD, `${PASSWORD} 2`),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });
    const rows = await rowsAfter(before);

    expect(rows.map((r) => [r.event_type, r.outcome, r.reason, r.actor_id])).toEqual([
      ['access.denied', 'denied', 'session_missing', 'anonymous'],
      ['access.denied', 'denied', 'session_missing', 'anonymous'],
      ['access.denied', 'denied', 'session_invalid', 'anonymous'],
    ]);
    expect(await withStore((ctx) => ctx.sql.query("select id from users where id = 'eve'"))).toEqual([]);
  });
});
