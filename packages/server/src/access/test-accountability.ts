/**
 * Test support for the accountability suites: a fake clock, a store with users, sessions and sample
 * records, a connection as the database owner, and readers of the audit rows. Test-only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, login } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import type { Context } from '../context.js';
import { openPostgres } from '../db/open-postgres.js';
import type { Sql } from '../db/sql.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, goodApplication, I94_COLUMNS } from '../ingest/test-batch.js';
import { freshContext, type StoreKind } from '../test-support.js';
import type { Principal } from './access-layer.js';

export type Clock = { now: () => Date; set: (iso: string) => void; advance: (ms: number) => void };

export function fakeClock(start = '2026-06-30T14:00:00.000Z'): Clock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const PASSWORD = 'a long enough test pass phrase';
export const ROLE_USERS = {
  admin: 'root',
  analyst: 'ana',
  adjudicator: 'adam',
  supervisor: 'sue',
  auditor: 'ida',
} as const;

export type World = Context & {
  dispose: () => Promise<void>;
  clock: Clock;
  as: Record<keyof typeof ROLE_USERS, Principal>;
  dir: string;
};

/** A fresh store with one user per role, each logged in, and a few records (one an asylum application). */
export async function world(kind: StoreKind): Promise<World> {
  const clock = fakeClock();
  const ctx = await freshContext(kind, { now: clock.now });
  await addUser(ctx, undefined, { id: ROLE_USERS.admin, role: 'admin', password: PASSWORD });
  const rootToken = (
    await login(ctx, {
      userId: ROLE_USERS.admin,
      password: PASSWORD,
      code: await testCode(ctx, ROLE_USERS.admin),
    })
  ).token;
  const as = { admin: session(rootToken) } as World['as'];
  for (const [role, id] of Object.entries(ROLE_USERS)) {
    if (role === 'admin') continue;
    await addUser(ctx, as.admin, { id, role, password: PASSWORD });
    as[role as keyof typeof ROLE_USERS] = session(
      (await login(ctx, { userId: id, password: PASSWORD, code: await testCode(ctx, id) })).token,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'ilos-acct-'));
  await ingestSamples(ctx, dir);
  return { ...ctx, clock, as, dir };
}

export const session = (token: string): Principal => ({
  kind: 'session',
  token,
  component: 'cli',
  sourceIp: 'local',
});

/** cbp-i94 records I94-0…I94-9; uscis-benefits APP-0…APP-4 and ASY-1, an asylum application (8 CFR 208.6). */
export async function ingestSamples(ctx: Context, dir: string): Promise<void> {
  const csv = join(dir, 'cbp-i94.csv');
  writeFileSync(
    csv,
    [I94_COLUMNS.join(','), ...Array.from({ length: 10 }, (_, i) => admissionLine(goodAdmission(i)))].join(
      '\n',
    ),
  );
  await ingestFile(ctx, { path: csv });
  const asylum = Object.fromEntries(
    Object.entries({
      ...goodApplication(90),
      sourceRecordId: 'ASY-1',
      form: 'I-589',
      benefitType: 'ASYLUM',
    }).filter(([field]) => field !== 'requestedUntil'),
  );
  const ndjson = join(dir, 'uscis-benefits.ndjson');
  writeFileSync(
    ndjson,
    [...Array.from({ length: 5 }, (_, i) => goodApplication(i)), asylum]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  await ingestFile(ctx, { path: ndjson });
}

/** A connection as the database owner (to tamper, as an attacker with DBA rights would). */
export async function ownerSql(ctx: Context): Promise<{ sql: Sql; close: () => Promise<void> }> {
  if (ctx.sql.kind === 'pglite') return { sql: ctx.sql, close: async () => {} };
  const sql = await openPostgres(ctx.config.databaseUrl!, { max: 1 });
  return { sql, close: () => sql.close() };
}

export type AuditRow = {
  id: number;
  event_type: string;
  actor_id: string;
  actor_role: string;
  session_id: string | null;
  purpose: string | null;
  target: string | null;
  subjects: string[];
  fields: string[];
  outcome: string;
  reason: string | null;
  details: string;
  component: string;
  source_ip: string;
  at: Date;
};

/** Audit rows written after row id `after`, in order. */
export async function auditRowsAfter(ctx: Context, after: number): Promise<AuditRow[]> {
  const rows = await ctx.sql.query<AuditRow & { id: string }>(
    `select id::text as id, event_type, actor_id, actor_role, session_id, purpose, target, subjects, fields, outcome, reason,
            details, component, source_ip, at
       from audit_log where id > $1 order by audit_log.id`,
    [after],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function lastAuditId(ctx: Context): Promise<number> {
  const [row] = await ctx.sql.query<{ id: string | null }>('select max(id)::text as id from audit_log');
  return row?.id == null ? 0 : Number(row.id);
}
