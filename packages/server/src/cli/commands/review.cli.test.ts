/**
 * `ilos review list|show` read through the access layer (audited, bound to the task), and a bulk search on
 * the CLI needs a second person's approval (T8.4): refused with the forbidden exit code without one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../access/access-layer.js';
import { auditRowsAfter, lastAuditId } from '../../access/test-accountability.js';
import { assignWork } from '../../access/work.js';
import { addUser, login } from '../../accounts/accounts.js';
import { testCode } from '../../accounts/test-mfa.js';
import { openContext } from '../../context.js';
import { ingestFile } from '../../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../../ingest/test-batch.js';
import { EXIT } from '../exit-codes.js';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

const PASSWORD = 'a long enough cli pass phrase';

describe('ilos review and bulk search on the CLI', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ilos-review-cli-'));
  const data = join(dir, 'store');
  const tokens = {} as Record<'ana' | 'sue', string>;

  beforeAll(async () => {
    const ctx = await openContext({ dataDir: data, databaseUrl: undefined });
    await addUser(ctx, undefined, { id: 'root', role: 'admin', password: PASSWORD });
    const session = async (id: string): Promise<string> =>
      (await login(ctx, { userId: id, password: PASSWORD, code: await testCode(ctx, id) })).token;
    const root: Principal = { kind: 'session', token: await session('root') };
    await addUser(ctx, root, { id: 'sue', role: 'supervisor', password: PASSWORD });
    await addUser(ctx, root, { id: 'ana', role: 'analyst', password: PASSWORD });
    tokens.sue = await session('sue');
    tokens.ana = await session('ana');
    const csv = join(dir, 'cbp-i94.csv');
    const rows = [0, 1, 2].map((i) => ({ ...goodAdmission(i), familyName: 'CLIMANN' }));
    writeFileSync(csv, [I94_COLUMNS.join(','), ...rows.map(admissionLine)].join('\n'));
    await ingestFile(ctx, { path: csv });
    for (const i of [0, 1, 2]) {
      await ctx.sql.query('insert into persons (person_id) values ($1)', [`P-CLI-${i}`]);
      await ctx.sql.query(
        `insert into person_records (source_id, source_record_id, person_id) values ('cbp-i94', $1, $2)`,
        [`I94-${i}`, `P-CLI-${i}`],
      );
    }
    await ctx.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-9', 'cbp-i94:I94-0', 'cbp-i94:I94-1', 'probable', 'names agree', 0.7, 3, '[]')`,
    );
    await assignWork(ctx, { kind: 'session', token: tokens.sue }, 'ana', 'task:T-9');
    await ctx.close();
  }, 120_000);
  afterAll(() => {
    delete process.env.ILOS_SESSION;
    delete process.env.ILOS_BULK_LIMIT;
    rmSync(dir, { recursive: true, force: true });
  });

  const as = async (user: 'ana' | 'sue', ...argv: string[]) => {
    process.env.ILOS_SESSION = tokens[user];
    const io = memoryIo();
    const code = await run([...argv, '--data', data], io);
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };
  const auditSince = async (after: number) => {
    const ctx = await openContext({ dataDir: data, databaseUrl: undefined });
    try {
      return await auditRowsAfter(ctx, after);
    } finally {
      await ctx.close();
    }
  };
  const lastId = async () => {
    const ctx = await openContext({ dataDir: data, databaseUrl: undefined });
    try {
      return await lastAuditId(ctx);
    } finally {
      await ctx.close();
    }
  };

  it('lists and shows a task only through the access layer, each read audited', async () => {
    const before = await lastId();

    const list = await as('ana', 'review', 'list');
    const show = await as('ana', 'review', 'show', 'T-9', '--blind');
    const other = await as('ana', 'review', 'show', 'T-OTHER');

    expect(list).toMatchObject({ code: EXIT.ok });
    expect(list.out).toMatch(/^T-9 .*cbp-i94:I94-0 ↔ cbp-i94:I94-1$/);
    expect(show.code).toBe(EXIT.ok);
    expect(show.out).toMatch(/^familyName\s+•••/m);
    expect(show.out).not.toContain('CLIMANN');
    expect(other.code).toBe(EXIT.forbidden);
    const rows = await auditSince(before);
    expect(rows.map((r) => [r.event_type, r.actor_id, r.outcome, r.purpose, r.target])).toEqual([
      ['review.list', 'ana', 'success', null, null],
      ['record.read', 'ana', 'success', 'IDENTITY_REVIEW', 'task:T-9'],
      ['record.read', 'ana', 'denied', 'IDENTITY_REVIEW', 'task:T-OTHER'],
    ]);
    expect(rows[0]!.subjects).toEqual(['cbp-i94:I94-0', 'cbp-i94:I94-1']);
    expect(rows[1]!.fields).not.toContain('familyName');
  });

  it('refuses a bulk search with the forbidden exit code until a second person approves it, once', async () => {
    process.env.ILOS_BULK_LIMIT = '2';
    const search = ['person', 'search', '--family-name', 'CLIMANN', '--purpose', 'IDENTITY_REVIEW'];
    const bound = ['--task', 'T-9', '--limit', '10'];

    const refused = await as('ana', ...search, ...bound);
    const asked = await as(
      'ana',
      'approval',
      'request',
      ...search.slice(2),
      '--task',
      'T-9',
      '--reason',
      'every CLIMANN for the review of T-9',
      '--json',
    );
    const id = (JSON.parse(asked.out) as { approval: { id: string } }).approval.id;
    const selfGrant = await as('ana', 'approval', 'grant', id);
    const waiting = await as('sue', 'approval', 'list');
    const granted = await as('sue', 'approval', 'grant', id);
    const approved = await as('ana', ...search, ...bound, '--approval', id);
    const again = await as('ana', ...search, ...bound, '--approval', id);
    const small = await as('ana', ...search, '--task', 'T-9', '--limit', '2');

    expect(refused.code).toBe(EXIT.forbidden);
    expect(refused.err).toMatch(/more than 2 persons/);
    expect(asked.code).toBe(EXIT.ok);
    expect(selfGrant.code).toBe(EXIT.forbidden);
    expect(waiting.out).toContain(id);
    expect(granted).toMatchObject({ code: EXIT.ok });
    expect(approved.code).toBe(EXIT.ok);
    expect(approved.out.split('\n')).toHaveLength(3);
    expect(again.code).toBe(EXIT.forbidden);
    expect(small.code).toBe(EXIT.ok);
  });
});
