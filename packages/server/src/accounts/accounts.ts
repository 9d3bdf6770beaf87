import { randomBytes } from 'node:crypto';
import {
  ACCOUNT_RULES,
  AppError,
  type AuditEvent,
  checkPassword,
  isInactive,
  ROLES,
  type Role,
  shouldLock,
  USER_ID_PATTERN,
} from '@ilos/core';
import { authenticate, type Principal, tokenHash, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import {
  countUsers,
  endSession,
  endUserSessions,
  findInactive,
  findUser,
  insertSession,
  insertUser,
  listUsers,
  lockUser,
  markLogin,
  recentFailures,
  recordLoginFailure,
  setPasswordHash,
  setUserStatus,
  type UserRow,
  unlockUser,
} from '../db/accounts-repository.js';
import { appendAudit } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';
import { checkPasswordHash, dummyHash, hashPassword } from './passwords.js';

/** An account as shown to administrators: never its password hash. */
export type Account = Omit<UserRow, 'passwordHash' | 'failuresSince'>;
const toAccount = ({ passwordHash: _h, failuresSince: _f, ...account }: UserRow): Account => account;

export type NewUser = { id: string; role: string; displayName?: string | undefined; password: string };

/**
 * Creates an account. The first account of a store may be created without a session, and must be an
 * admin (the bootstrap); every later one needs an admin's session. Audited as account.create.
 */
export async function addUser(
  ctx: Context,
  principal: Principal | undefined,
  input: NewUser,
): Promise<Account> {
  if (!USER_ID_PATTERN.test(input.id)) {
    throw new AppError(
      'invalid_input',
      `user id '${input.id}': 2–40 lowercase letters, digits, '.', '_' or '-', starting with a letter`,
    );
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AppError('invalid_input', `role '${input.role}' is not one of ${ROLES.join(', ')}`);
  }
  const role = input.role as Role;
  const password = checkPassword(input.password, input.id);
  if (!password.ok) throw new AppError('invalid_input', password.error);
  const passwordHash = await hashPassword(password.value);
  const displayName = input.displayName ?? input.id;

  const create = async (tx: Sql, by: string, at: Date) => {
    if ((await findUser(tx, input.id)) !== undefined)
      throw new AppError('conflict', `user '${input.id}' exists`);
    await insertUser(tx, { id: input.id, displayName, role, passwordHash, createdBy: by, at });
    return toAccount((await findUser(tx, input.id))!);
  };

  if (principal === undefined || (await countUsers(ctx.sql)) === 0) {
    return ctx.sql.transact(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('ilos:bootstrap'))");
      if ((await countUsers(tx)) > 0) {
        throw new AppError('forbidden', 'users exist already: log in as an admin to add one (ilos login)');
      }
      if (role !== 'admin')
        throw new AppError('invalid_input', 'the first user of a store must be an admin (--role admin)');
      const now = ctx.now();
      const account = await create(tx, 'bootstrap', now);
      await appendAudit(tx, [
        accountEvent(now, 'account.create', 'bootstrap', 'none', null, input.id, { role, bootstrap: true }),
      ]);
      return account;
    });
  }
  return withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.create', query: { user: input.id, role } },
    async (tx, grant) => ({
      value: await create(tx, grant.actorId, grant.now),
      subjects: [`user:${input.id}`],
      fields: [],
    }),
  );
}

export async function listAccounts(ctx: Context, principal: Principal): Promise<Account[]> {
  return withAccess(ctx, { principal, action: 'account.list', event: 'account.list' }, async (tx) => {
    const users = await listUsers(tx);
    return {
      value: users.map(toAccount),
      subjects: [],
      fields: ['id', 'role', 'status'],
      details: { count: users.length },
    };
  });
}

/** Disables an account and ends all its sessions at once (T9.6). */
export async function disableAccount(
  ctx: Context,
  principal: Principal,
  userId: string,
  reason: string,
): Promise<number> {
  return withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.disable', query: { user: userId } },
    async (tx, grant) => {
      const user = await mustFind(tx, userId);
      if (user.id === grant.actorId)
        throw new AppError('conflict', 'an admin cannot disable their own account');
      await setUserStatus(tx, userId, 'disabled', reason, grant.now);
      const ended = await endUserSessions(tx, userId, 'account_disabled', grant.now);
      return { value: ended, subjects: [`user:${userId}`], fields: [], details: { sessionsEnded: ended } };
    },
  );
}

export async function enableAccount(ctx: Context, principal: Principal, userId: string): Promise<void> {
  await withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.enable', query: { user: userId } },
    async (tx, grant) => {
      await mustFind(tx, userId);
      await setUserStatus(tx, userId, 'active', null, grant.now); // counts as activity: inactivity restarts now
      return { value: undefined, subjects: [`user:${userId}`], fields: [] };
    },
  );
}

export async function unlockAccount(ctx: Context, principal: Principal, userId: string): Promise<void> {
  await withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.unlock', query: { user: userId } },
    async (tx, grant) => {
      await mustFind(tx, userId);
      await unlockUser(tx, userId, grant.now);
      return { value: undefined, subjects: [`user:${userId}`], fields: [] };
    },
  );
}

async function mustFind(tx: Sql, userId: string): Promise<UserRow> {
  const user = await findUser(tx, userId, { lock: true });
  if (user === undefined) throw new AppError('not_found', `no user '${userId}'`);
  return user;
}

export type LoginInput = { userId: string; password: string; component?: string; sourceIp?: string };
export type LoginResult = {
  token: string;
  sessionId: string;
  userId: string;
  role: Role;
  idleMinutes: number;
  expiresAt: Date;
};

/** One message for every failed login, so it does not tell whether the user exists (T9.1, ASVS 6.3.8). */
export const LOGIN_FAILED =
  'login failed: unknown user, wrong password, or the account is locked or disabled';

/**
 * Logs in: argon2id check (against a dummy hash for unknown users, so timing does not tell), lockout after
 * 5 failures within 15 minutes until an admin unlocks, accounts unused for 90 days disabled first. Every
 * attempt is audited; a success opens a session whose token is returned once and stored only as a hash.
 */
export async function login(ctx: Context, input: LoginInput): Promise<LoginResult> {
  await disableInactiveAccounts(ctx);
  const component = input.component ?? 'cli';
  const sourceIp = input.sourceIp ?? 'local';
  const known = await findUser(ctx.sql, input.userId);
  const passwordOk = await checkPasswordHash(known?.passwordHash ?? (await dummyHash()), input.password);
  const result = await ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const user = known === undefined ? undefined : await findUser(tx, known.id, { lock: true });
    const event = (
      outcome: 'success' | 'failure',
      reason: string | null,
      sessionId: string | null,
      eventType: AuditEvent['eventType'] = 'auth.login',
    ): AuditEvent => ({
      at: now,
      eventType,
      component,
      sourceIp,
      sessionId,
      actorId: user?.id ?? 'unknown-user',
      actorRole: user?.role ?? 'none',
      purpose: null,
      target: null,
      subjects: user === undefined ? [] : [`user:${user.id}`],
      fields: [],
      outcome,
      reason,
      details: user === undefined ? { attemptedIdHash: tokenHash(input.userId).slice(0, 16) } : {},
    });
    if (user === undefined) {
      // The same statements as a wrong password for a real user, so the time taken does not tell (T9.1).
      const unknownKey = `unknown:${tokenHash(input.userId).slice(0, 16)}`;
      await findUser(tx, unknownKey, { lock: true });
      await recordLoginFailure(tx, unknownKey, now);
      await recentFailures(
        tx,
        { id: unknownKey, lastLoginAt: null, failuresSince: null },
        new Date(now.getTime() - ACCOUNT_RULES.failureWindowMs),
      );
      await appendAudit(tx, [event('failure', 'unknown_user', null)]);
      return undefined;
    }
    if (user.status !== 'active' || user.lockedAt !== null) {
      await appendAudit(tx, [
        event('failure', user.status !== 'active' ? 'account_disabled' : 'account_locked', null),
      ]);
      return undefined;
    }
    if (!passwordOk) {
      await recordLoginFailure(tx, user.id, now);
      const failures = await recentFailures(
        tx,
        user,
        new Date(now.getTime() - ACCOUNT_RULES.failureWindowMs),
      );
      const events = [event('failure', 'bad_password', null)];
      if (shouldLock(failures, now)) {
        await lockUser(tx, user.id, now);
        events.push(event('success', 'failed_logins', null, 'auth.lockout'));
      }
      await appendAudit(tx, events);
      return undefined;
    }
    const token = randomBytes(32).toString('base64url');
    const sessionId = `s_${randomBytes(9).toString('base64url')}`;
    await insertSession(tx, {
      id: sessionId,
      tokenSha256: tokenHash(token),
      userId: user.id,
      at: now,
      component,
      sourceIp,
    });
    await markLogin(tx, user.id, now);
    await appendAudit(tx, [event('success', null, sessionId)]);
    const idleMs = user.role === 'admin' ? ACCOUNT_RULES.adminIdleMs : ACCOUNT_RULES.idleMs;
    return {
      token,
      sessionId,
      userId: user.id,
      role: user.role,
      idleMinutes: idleMs / 60_000,
      expiresAt: new Date(now.getTime() + ACCOUNT_RULES.absoluteMs),
    };
  });
  if (result === undefined) throw new AppError('forbidden', LOGIN_FAILED);
  return result;
}

/** Ends a session server-side: the token is dead for every later request (T9.4). */
export async function logout(ctx: Context, token: string): Promise<boolean> {
  return ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const who = await authenticate(tx, { kind: 'session', token }, now);
    if (!who.ok || who.actor.kind !== 'user') return false;
    await endSession(tx, who.sessionId!, 'logout', now);
    await appendAudit(tx, [
      accountEvent(now, 'auth.logout', who.actor.id, who.actor.role, who.sessionId, who.actor.id, {}),
    ]);
    return true;
  });
}

/** Who a session belongs to, if it is live. */
export async function whoAmI(
  ctx: Context,
  token: string,
): Promise<{ userId: string; role: Role; sessionId: string } | undefined> {
  const who = await authenticate(ctx.sql, { kind: 'session', token }, ctx.now());
  if (!who.ok || who.actor.kind !== 'user') return undefined;
  return { userId: who.actor.id, role: who.actor.role, sessionId: who.sessionId! };
}

/** Changes one's own password, proving the old one; every other session of the user ends. */
export async function changePassword(
  ctx: Context,
  token: string,
  oldPassword: string,
  newPassword: string,
): Promise<void> {
  const me = await whoAmI(ctx, token);
  if (me === undefined) throw new AppError('forbidden', 'not logged in: run ilos login --user NAME');
  const user = await findUser(ctx.sql, me.userId);
  const checked = checkPassword(newPassword, me.userId);
  if (!checked.ok) throw new AppError('invalid_input', checked.error);
  const oldOk = user !== undefined && (await checkPasswordHash(user.passwordHash, oldPassword));
  const newHash = await hashPassword(checked.value);
  await ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    if (!oldOk) {
      await appendAudit(tx, [
        {
          ...accountEvent(now, 'auth.password_change', me.userId, me.role, me.sessionId, me.userId, {}),
          outcome: 'failure',
          reason: 'bad_password',
        },
      ]);
      return;
    }
    await setPasswordHash(tx, me.userId, newHash, now);
    await tx.query(
      "update sessions set ended_at = $2, end_reason = 'password_changed' where user_id = $1 and id <> $3 and ended_at is null",
      [me.userId, now, me.sessionId],
    );
    await appendAudit(tx, [
      accountEvent(now, 'auth.password_change', me.userId, me.role, me.sessionId, me.userId, {}),
    ]);
  });
  if (!oldOk) throw new AppError('forbidden', 'the current password is wrong');
}

/** Disables every active account with no login for 90 days (T9.7; run at each login and by `users sweep`). */
export async function disableInactiveAccounts(ctx: Context): Promise<string[]> {
  return ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const stale = (await findInactive(tx, new Date(now.getTime() - ACCOUNT_RULES.inactivityMs))).filter((u) =>
      isInactive(u.lastLoginAt ?? u.createdAt, now),
    );
    for (const user of stale) {
      await setUserStatus(tx, user.id, 'disabled', 'inactive_90_days', now);
      await endUserSessions(tx, user.id, 'account_disabled', now);
    }
    await appendAudit(
      tx,
      stale.map((u) => ({
        ...accountEvent(now, 'account.disable', 'system:accounts', 'system', null, u.id, {
          reason: 'inactive_90_days',
        }),
        component: 'accounts',
      })),
    );
    return stale.map((u) => u.id);
  });
}

function accountEvent(
  at: Date,
  eventType: AuditEvent['eventType'],
  actorId: string,
  actorRole: string,
  sessionId: string | null,
  userId: string,
  details: AuditEvent['details'],
): AuditEvent {
  return {
    at,
    eventType,
    component: 'cli',
    sourceIp: 'local',
    sessionId,
    actorId,
    actorRole,
    purpose: null,
    target: null,
    subjects: [`user:${userId}`],
    fields: [],
    outcome: 'success',
    reason: null,
    details,
  };
}
