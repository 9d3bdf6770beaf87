import { randomBytes } from 'node:crypto';
import {
  ACCOUNT_RULES,
  AppError,
  type AuditEvent,
  checkPassword,
  fromBase32,
  isInactive,
  otpauthUri,
  ROLES,
  type Role,
  SYSTEM_USE_NOTICE,
  shouldLock,
  TOTP,
  toBase32,
  USER_ID_PATTERN,
  verifyTotp,
} from '@ilos/core';
import { auditRefusal, authenticate, type Principal, tokenHash, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import {
  acceptTotpStep,
  countUsers,
  endSession,
  endUserSessions,
  findExpired,
  findInactive,
  findUser,
  flagUser,
  insertSession,
  insertUser,
  listUsers,
  lockUser,
  markLogin,
  recentFailures,
  recordLoginFailure,
  rotateSessionToken,
  setPasswordHash,
  setTotpSecret,
  setUserStatus,
  type UserRow,
  unlockUser,
} from '../db/accounts-repository.js';
import { appendAudit } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';
import { checkPasswordHash, dummyHash, hashPassword } from './passwords.js';

/** An account as shown to administrators: never its password hash or its TOTP secret. */
export type Account = Omit<UserRow, 'passwordHash' | 'failuresSince' | 'totpSecret' | 'totpLastStep'>;
const toAccount = ({
  passwordHash: _h,
  failuresSince: _f,
  totpSecret: _s,
  totpLastStep: _l,
  ...account
}: UserRow): Account => account;

export type NewUser = {
  id: string;
  role: string;
  displayName?: string | undefined;
  password: string;
  /** A base32 TOTP secret chosen by the caller (the demo's published ones); otherwise a random one. */
  totpSecret?: string | undefined;
  /** A temporary or emergency account: it ends 72 hours after it is made (T9.7). */
  temporary?: boolean | undefined;
};

/**
 * A user's second factor, shown once (at `users add` and `users reset-mfa`) for an authenticator app:
 * the base32 secret to type in, and the otpauth:// URI a QR code would carry. Never stored in audit rows.
 */
export type MfaEnrolment = { secret: string; uri: string };

const newTotpSecret = () => toBase32(randomBytes(TOTP.secretBytes));
const enrolment = (userId: string, secret: string): MfaEnrolment => ({
  secret,
  uri: otpauthUri(userId, secret),
});

/**
 * Creates an account with its TOTP secret (returned once, in `mfa`). The first account of a store may be
 * created without a session, and must be an admin (the bootstrap); every later one needs an admin's
 * session. Audited as account.create.
 */
export async function addUser(
  ctx: Context,
  principal: Principal | undefined,
  input: NewUser,
): Promise<Account & { mfa: MfaEnrolment }> {
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
  const totpSecret = input.totpSecret ?? newTotpSecret();
  const secretBytes = fromBase32(totpSecret);
  if (!secretBytes.ok || secretBytes.value.length < 16)
    throw new AppError('invalid_input', 'a TOTP secret is base32 of at least 128 bits');
  const passwordHash = await hashPassword(password.value);
  const displayName = input.displayName ?? input.id;

  const create = async (tx: Sql, by: string, at: Date) => {
    if ((await findUser(tx, input.id)) !== undefined)
      throw new AppError('conflict', `user '${input.id}' exists`);
    const expiresAt = input.temporary ? new Date(at.getTime() + ACCOUNT_RULES.temporaryAccountMs) : null;
    await insertUser(tx, {
      id: input.id,
      displayName,
      role,
      passwordHash,
      totpSecret,
      createdBy: by,
      at,
      expiresAt,
    });
    return { ...toAccount((await findUser(tx, input.id))!), mfa: enrolment(input.id, totpSecret) };
  };

  if (principal === undefined || (await countUsers(ctx.sql)) === 0) {
    const created = await ctx.sql.transact(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('ilos:bootstrap'))");
      if ((await countUsers(tx)) > 0) return undefined;
      if (role !== 'admin')
        throw new AppError('invalid_input', 'the first user of a store must be an admin (--role admin)');
      const now = ctx.now();
      const account = await create(tx, 'bootstrap', now);
      await appendAudit(tx, [
        accountEvent(now, 'account.create', 'bootstrap', 'none', null, input.id, { role, bootstrap: true }),
      ]);
      return account;
    });
    if (created !== undefined) return created;
    if (principal === undefined)
      return refuseWithoutSession(
        ctx,
        undefined,
        'cli users add',
        'users exist already: log in as an admin to add one (ilos login)',
      );
  }
  return withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.create', query: { user: input.id, role } },
    async (tx, grant) => ({
      value: await create(tx, grant.actorId, grant.now),
      subjects: [`user:${input.id}`],
      fields: [],
      ...(input.temporary ? { details: { temporary: true } } : {}),
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

/**
 * High-risk flag (T9.8): an admin or a supervisor disables an account and ends all its sessions in the
 * same transaction, so the user's next request is refused. Nobody flags themselves, and the last active
 * admin cannot be flagged (nobody could enable accounts again). Audited as account.flag with the reason.
 */
export async function flagAccount(
  ctx: Context,
  principal: Principal,
  userId: string,
  reason: string,
): Promise<number> {
  const why = reason.trim();
  if (why === '') throw new AppError('invalid_input', 'a high-risk flag needs a reason (--reason TEXT)');
  return withAccess(
    ctx,
    { principal, action: 'account.flag', event: 'account.flag', query: { user: userId, reason: why } },
    async (tx, grant) => {
      const user = await mustFind(tx, userId);
      if (user.id === grant.actorId) throw new AppError('conflict', 'nobody can flag their own account');
      if (user.role === 'admin' && user.status === 'active') {
        const [admins] = await tx.query<{ n: number }>(
          "select count(*)::int as n from users where role = 'admin' and status = 'active' and id <> $1",
          [user.id],
        );
        if ((admins?.n ?? 0) === 0)
          throw new AppError('conflict', `'${user.id}' is the last active admin: add another admin first`);
      }
      await flagUser(tx, userId, grant.actorId, why, grant.now);
      const ended = await endUserSessions(tx, userId, 'high_risk_flag', grant.now);
      return { value: ended, subjects: [`user:${userId}`], fields: [], details: { sessionsEnded: ended } };
    },
  );
}

/**
 * Gives a user a new TOTP secret (a lost or exposed authenticator): codes of the old one stop working and
 * the user's other sessions end. An admin's session is needed, except on a store where no account has a
 * secret yet (made before MFA), where the operator may enrol an admin without one, as at bootstrap.
 * Audited as account.reset_mfa; the secret is returned once and written nowhere else.
 */
export async function resetMfa(
  ctx: Context,
  principal: Principal | undefined,
  userId: string,
): Promise<MfaEnrolment> {
  const secret = newTotpSecret();
  if (principal === undefined) {
    const enrolled = await ctx.sql.transact(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('ilos:bootstrap'))");
      const [keys] = await tx.query<{ n: number }>(
        'select count(*)::int as n from users where totp_secret is not null',
      );
      if ((keys?.n ?? 0) > 0) return undefined;
      const user = await mustFind(tx, userId);
      if (user.role !== 'admin')
        throw new AppError('invalid_input', 'on a store without MFA, enrol an admin first');
      await setTotpSecret(tx, userId, secret);
      await endUserSessions(tx, userId, 'mfa_reset', ctx.now());
      await appendAudit(tx, [
        accountEvent(ctx.now(), 'account.reset_mfa', 'bootstrap', 'none', null, userId, { bootstrap: true }),
      ]);
      return enrolment(userId, secret);
    });
    return (
      enrolled ??
      refuseWithoutSession(
        ctx,
        undefined,
        'cli users reset-mfa',
        'not logged in: an admin resets MFA (ilos login --user NAME)',
      )
    );
  }
  return withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.reset_mfa', query: { user: userId } },
    async (tx, grant) => {
      await mustFind(tx, userId);
      await setTotpSecret(tx, userId, secret);
      const ended = await tx.query(
        `update sessions set ended_at = $2, end_reason = 'mfa_reset'
          where user_id = $1 and ended_at is null and id is distinct from $3 returning id`,
        [userId, grant.now, grant.sessionId],
      );
      return {
        value: enrolment(userId, secret),
        subjects: [`user:${userId}`],
        fields: [],
        details: { sessionsEnded: ended.length },
      };
    },
  );
}

async function mustFind(tx: Sql, userId: string): Promise<UserRow> {
  const user = await findUser(tx, userId, { lock: true });
  if (user === undefined) throw new AppError('not_found', `no user '${userId}'`);
  return user;
}

export type LoginInput = {
  userId: string;
  password: string;
  /** The 6-digit code of the user's authenticator app (T9.2): required for every role. */
  code: string;
  component?: string;
  sourceIp?: string;
};
export type LoginResult = {
  token: string;
  sessionId: string;
  userId: string;
  role: Role;
  idleMinutes: number;
  expiresAt: Date;
};

/**
 * One message for every failed login, so it tells neither whether the user exists (T9.1, ASVS 6.3.8) nor
 * which factor was wrong; the audit row records the reason.
 */
export const LOGIN_FAILED =
  'login failed: unknown user, wrong password or code (a code works once), or the account is locked or disabled';

/** The secret an unknown user's code is checked against, so that path does the same work (T9.1). */
const DUMMY_TOTP_SECRET = new Uint8Array(TOTP.secretBytes);

/**
 * Logs in with two factors: the password (argon2id, against a dummy hash for unknown users, so timing does
 * not tell) and a TOTP code (T9.2) of the current 30-second step or one either side, of a later step than
 * the last code accepted from this user (a replay is refused). A wrong password or code counts towards
 * the lockout: 5 failures within 15 minutes lock until an admin unlocks. Accounts unused for 90 days are
 * disabled first. Every attempt is audited; a success opens a session whose token is returned once and
 * stored only as a hash, and its audit row names the system-use notice version shown (T9.9).
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
      verifyTotp(DUMMY_TOTP_SECRET, input.code, now, null);
      await appendAudit(tx, [event('failure', 'unknown_user', null)]);
      return undefined;
    }
    if (user.status !== 'active' || user.lockedAt !== null) {
      await appendAudit(tx, [
        event('failure', user.status !== 'active' ? 'account_disabled' : 'account_locked', null),
      ]);
      return undefined;
    }
    const secret = user.totpSecret === null ? undefined : fromBase32(user.totpSecret);
    const code =
      secret?.ok === true
        ? verifyTotp(secret.value, input.code, now, user.totpLastStep)
        : ({ ok: false, error: 'mfa_not_enrolled' } as const);
    const refusal = !passwordOk ? 'bad_password' : !code.ok ? code.error : undefined;
    if (refusal !== undefined) {
      await recordLoginFailure(tx, user.id, now);
      const failures = await recentFailures(
        tx,
        user,
        new Date(now.getTime() - ACCOUNT_RULES.failureWindowMs),
      );
      const events = [event('failure', refusal, null)];
      if (shouldLock(failures, now)) {
        await lockUser(tx, user.id, now);
        events.push(event('success', 'failed_logins', null, 'auth.lockout'));
      }
      await appendAudit(tx, events);
      return undefined;
    }
    if (code.ok) await acceptTotpStep(tx, user.id, code.value);
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
    await appendAudit(tx, [
      { ...event('success', null, sessionId), details: { mfa: 'totp', notice: SYSTEM_USE_NOTICE.version } },
    ]);
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

export type StepUpResult = {
  token: string;
  sessionId: string;
  userId: string;
  role: Role;
  /** Until when sensitive actions are allowed without another step-up. */
  freshUntil: Date;
  /** The session's absolute end: a step-up does not extend it. */
  expiresAt: Date;
};

/**
 * Step-up re-authentication (T9.3, ADR 0021): the user of a live session proves the second factor again
 * with a fresh TOTP code (a later step than any accepted before, like a login), and the session gets a new
 * token — the old one stops working at once — and a fresh authentication time, which sensitive actions
 * (`stepUp` in the policy: account management, break-glass, bulk approval, audit export) need within 5
 * minutes. The session id and its 12-hour limit stay. A wrong or replayed code counts towards the lockout
 * like a failed login. Audited as auth.step_up, success or failure.
 */
export async function stepUp(
  ctx: Context,
  input: { token: string; code: string; component?: string; sourceIp?: string },
): Promise<StepUpResult> {
  const component = input.component ?? 'cli';
  const sourceIp = input.sourceIp ?? 'local';
  const result = await ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const who = await authenticate(tx, { kind: 'session', token: input.token }, now);
    if (!who.ok || who.actor.kind !== 'user') return { refused: 'session' as const };
    const user = (await findUser(tx, who.actor.id, { lock: true }))!;
    const event = (outcome: 'success' | 'failure', reason: string | null): AuditEvent => ({
      ...accountEvent(now, 'auth.step_up', user.id, user.role, who.sessionId, user.id, { mfa: 'totp' }),
      component,
      sourceIp,
      outcome,
      reason,
    });
    const secret = user.totpSecret === null ? undefined : fromBase32(user.totpSecret);
    const code =
      secret?.ok === true
        ? verifyTotp(secret.value, input.code, now, user.totpLastStep)
        : ({ ok: false, error: 'mfa_not_enrolled' } as const);
    if (!code.ok) {
      await recordLoginFailure(tx, user.id, now);
      const failures = await recentFailures(
        tx,
        user,
        new Date(now.getTime() - ACCOUNT_RULES.failureWindowMs),
      );
      const events = [event('failure', code.error)];
      if (shouldLock(failures, now)) {
        await lockUser(tx, user.id, now);
        events.push({ ...event('success', 'failed_logins'), eventType: 'auth.lockout' });
      }
      await appendAudit(tx, events);
      return { refused: 'code' as const };
    }
    await acceptTotpStep(tx, user.id, code.value);
    const token = randomBytes(32).toString('base64url');
    await rotateSessionToken(tx, who.sessionId!, tokenHash(token), now);
    const [session] = await tx.query<{ created_at: Date }>('select created_at from sessions where id = $1', [
      who.sessionId,
    ]);
    await appendAudit(tx, [event('success', null)]);
    return {
      token,
      sessionId: who.sessionId!,
      userId: user.id,
      role: user.role,
      freshUntil: new Date(now.getTime() + ACCOUNT_RULES.stepUpFreshMs),
      expiresAt: new Date(session!.created_at.getTime() + ACCOUNT_RULES.absoluteMs),
    };
  });
  if ('refused' in result) {
    if (result.refused === 'session')
      return refuseWithoutSession(ctx, input.token, 'step-up', 'not logged in: run ilos login --user NAME');
    throw new AppError('forbidden', 'step-up failed: wrong code, or a code already used (a code works once)');
  }
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
  token: string | undefined,
  oldPassword: string,
  newPassword: string,
): Promise<void> {
  const me = token === undefined ? undefined : await whoAmI(ctx, token);
  if (me === undefined)
    return refuseWithoutSession(
      ctx,
      token,
      'cli users password',
      'not logged in: run ilos login --user NAME',
    );
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

/**
 * Refuses a CLI account command that needs a session and has none (or a dead one), after recording the
 * refusal as one `access.denied` row (T6.6): the bootstrap paths run before the access layer.
 */
async function refuseWithoutSession(
  ctx: Context,
  token: string | undefined,
  command: string,
  message: string,
): Promise<never> {
  await auditRefusal(ctx, {
    token,
    component: 'cli',
    sourceIp: 'local',
    route: command,
    reason: token === undefined ? 'session_missing' : 'session_invalid',
  });
  throw new AppError('forbidden', message);
}

/**
 * Disables every active account with no login for 90 days, and every temporary account past its 72 hours
 * (T9.7; run at each login and by `users sweep`). Each is audited as account.disable with its reason.
 */
export async function disableInactiveAccounts(ctx: Context): Promise<string[]> {
  return ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const stale = (await findInactive(tx, new Date(now.getTime() - ACCOUNT_RULES.inactivityMs))).filter((u) =>
      isInactive(u.lastLoginAt ?? u.createdAt, now),
    );
    const staleIds = new Set(stale.map((u) => u.id));
    const expired = (await findExpired(tx, now)).filter((u) => !staleIds.has(u.id));
    const ended = [
      ...stale.map((u) => ({ id: u.id, reason: 'inactive_90_days' })),
      ...expired.map((u) => ({ id: u.id, reason: 'temporary_expired' })),
    ];
    for (const user of ended) {
      await setUserStatus(tx, user.id, 'disabled', user.reason, now);
      await endUserSessions(tx, user.id, 'account_disabled', now);
    }
    await appendAudit(
      tx,
      ended.map((u) => ({
        ...accountEvent(now, 'account.disable', 'system:accounts', 'system', null, u.id, {
          reason: u.reason,
        }),
        component: 'accounts',
      })),
    );
    return ended.map((u) => u.id);
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
