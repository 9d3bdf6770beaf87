import type { Role } from '@ilos/core';
import type { Sql } from './sql.js';

/** Users, sessions and failed logins (migration 0011); second factor and high-risk flag (0018). */
export type UserRow = {
  id: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  disabledAt: Date | null;
  lockedAt: Date | null;
  createdAt: Date;
  createdBy: string;
  lastLoginAt: Date | null;
  failuresSince: Date | null;
  /** Base32 TOTP secret; null for an account made before MFA, which cannot log in until reset. */
  totpSecret: string | null;
  totpLastStep: number | null;
  flaggedAt: Date | null;
  flaggedBy: string | null;
  flagReason: string | null;
  /** When a temporary account ends (T9.7); null for an ordinary one. */
  expiresAt: Date | null;
  /** The family name on the account, for the same-surname detector (T8.5, migration 0023). */
  familyName: string | null;
};

type Row = {
  id: string;
  display_name: string;
  role: Role;
  password_hash: string;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  disabled_at: Date | null;
  locked_at: Date | null;
  created_at: Date;
  created_by: string;
  last_login_at: Date | null;
  failures_since: Date | null;
  totp_secret: string | null;
  totp_last_step: number | null;
  flagged_at: Date | null;
  flagged_by: string | null;
  flag_reason: string | null;
  expires_at: Date | null;
  family_name: string | null;
};

const toUser = (r: Row): UserRow => ({
  id: r.id,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  status: r.status,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at,
  lockedAt: r.locked_at,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastLoginAt: r.last_login_at,
  failuresSince: r.failures_since,
  totpSecret: r.totp_secret,
  totpLastStep: r.totp_last_step,
  flaggedAt: r.flagged_at,
  flaggedBy: r.flagged_by,
  flagReason: r.flag_reason,
  expiresAt: r.expires_at,
  familyName: r.family_name,
});

const COLUMNS = `id, display_name, role, password_hash, status, disabled_reason, disabled_at, locked_at, created_at,
  created_by, last_login_at, failures_since, totp_secret, totp_last_step, flagged_at, flagged_by, flag_reason, expires_at, family_name`;

export async function findUser(
  sql: Sql,
  id: string,
  options: { lock?: boolean } = {},
): Promise<UserRow | undefined> {
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from users where id = $1${options.lock ? ' for update' : ''}`,
    [id],
  );
  return rows[0] === undefined ? undefined : toUser(rows[0]);
}

export async function listUsers(sql: Sql): Promise<UserRow[]> {
  return (await sql.query<Row>(`select ${COLUMNS} from users order by id`)).map(toUser);
}

export async function countUsers(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ n: number }>('select count(*)::int as n from users');
  return row?.n ?? 0;
}

export async function insertUser(
  sql: Sql,
  user: {
    id: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    totpSecret: string;
    createdBy: string;
    at: Date;
    expiresAt?: Date | null;
  },
): Promise<void> {
  await sql.query(
    `insert into users (id, display_name, role, password_hash, status, created_at, created_by, password_changed_at, totp_secret, expires_at)
     values ($1, $2, $3, $4, 'active', $5, $6, $5, $7, $8)`,
    [
      user.id,
      user.displayName,
      user.role,
      user.passwordHash,
      user.at,
      user.createdBy,
      user.totpSecret,
      user.expiresAt ?? null,
    ],
  );
}

/** Sets (or, with null, clears) the family name on an account (T8.5). */
export async function setFamilyName(sql: Sql, id: string, familyName: string | null): Promise<void> {
  await sql.query('update users set family_name = $2 where id = $1', [id, familyName]);
}

/** A new TOTP secret (enrolment or reset): no step of it has been accepted yet. */
export async function setTotpSecret(sql: Sql, id: string, secret: string): Promise<void> {
  await sql.query('update users set totp_secret = $2, totp_last_step = null where id = $1', [id, secret]);
}

/** Records the time step of an accepted code: that code, and every older one, is refused from now on. */
export async function acceptTotpStep(sql: Sql, id: string, step: number): Promise<void> {
  await sql.query('update users set totp_last_step = $2 where id = $1', [id, step]);
}

/** Flags an account as high risk (T9.8) and disables it; its sessions are ended by the caller. */
export async function flagUser(sql: Sql, id: string, by: string, reason: string, at: Date): Promise<void> {
  await sql.query(
    `update users set flagged_at = $4, flagged_by = $2, flag_reason = $3,
       status = 'disabled', disabled_reason = 'high_risk_flag', disabled_at = $4
     where id = $1`,
    [id, by, reason, at],
  );
}

export async function setUserStatus(
  sql: Sql,
  id: string,
  status: 'active' | 'disabled',
  reason: string | null,
  at: Date,
): Promise<void> {
  await sql.query(
    `update users set status = $2, disabled_reason = $3, disabled_at = case when $2 = 'disabled' then $4::timestamptz end,
       last_login_at = case when $2 = 'active' then $4::timestamptz else last_login_at end
     where id = $1`,
    [id, status, reason, at],
  );
}

export async function lockUser(sql: Sql, id: string, at: Date): Promise<void> {
  await sql.query('update users set locked_at = $2 where id = $1', [id, at]);
}

/** Clears a lock; failures before `at` no longer count towards the next one. */
export async function unlockUser(sql: Sql, id: string, at: Date): Promise<void> {
  await sql.query('update users set locked_at = null, failures_since = $2 where id = $1', [id, at]);
}

export async function setPasswordHash(sql: Sql, id: string, hash: string, at: Date): Promise<void> {
  await sql.query('update users set password_hash = $2, password_changed_at = $3 where id = $1', [
    id,
    hash,
    at,
  ]);
}

/** Active accounts with no login (or, never logged in, no creation) since `before`. */
export async function findInactive(sql: Sql, before: Date): Promise<UserRow[]> {
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from users where status = 'active' and coalesce(last_login_at, created_at) < $1 for update`,
    [before],
  );
  return rows.map(toUser);
}

/** Active temporary accounts past their end at `now` (T9.7), locked for the sweep's transaction. */
export async function findExpired(sql: Sql, now: Date): Promise<UserRow[]> {
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from users where status = 'active' and expires_at <= $1 for update`,
    [now],
  );
  return rows.map(toUser);
}

export async function recordLoginFailure(sql: Sql, userId: string, at: Date): Promise<void> {
  await sql.query('insert into login_failures (user_id, at) values ($1, $2)', [userId, at]);
}

/** Failed logins since the later of `since`, the last success and the last unlock. */
export async function recentFailures(
  sql: Sql,
  user: Pick<UserRow, 'id' | 'lastLoginAt' | 'failuresSince'>,
  since: Date,
): Promise<Date[]> {
  const after = new Date(
    Math.max(
      ...[since, user.lastLoginAt, user.failuresSince].filter((d) => d !== null).map((d) => d.getTime()),
    ),
  );
  const rows = await sql.query<{ at: Date }>('select at from login_failures where user_id = $1 and at > $2', [
    user.id,
    after,
  ]);
  return rows.map((r) => r.at);
}

export async function markLogin(sql: Sql, id: string, at: Date): Promise<void> {
  await sql.query('update users set last_login_at = $2 where id = $1', [id, at]);
}

export type SessionRow = {
  id: string;
  userId: string;
  role: Role;
  userStatus: 'active' | 'disabled';
  lockedAt: Date | null;
  /** A temporary account's end (T9.7): its sessions die then, sweep or not. */
  userExpiresAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** When the user last proved a factor: the login, or the latest step-up (T9.3). */
  authenticatedAt: Date;
  endedAt: Date | null;
  component: string;
  sourceIp: string;
};

export async function insertSession(
  sql: Sql,
  session: { id: string; tokenSha256: string; userId: string; at: Date; component: string; sourceIp: string },
): Promise<void> {
  await sql.query(
    `insert into sessions (id, token_sha256, user_id, created_at, last_seen_at, component, source_ip)
     values ($1, $2, $3, $4, $4, $5, $6)`,
    [session.id, session.tokenSha256, session.userId, session.at, session.component, session.sourceIp],
  );
}

/**
 * A step-up (T9.3): the session gets a new token (the old one stops working at once) and a fresh
 * authentication time; its id, and so its 12-hour limit, stay.
 */
export async function rotateSessionToken(sql: Sql, id: string, tokenSha256: string, at: Date): Promise<void> {
  await sql.query(
    'update sessions set token_sha256 = $2, authenticated_at = $3, last_seen_at = $3 where id = $1',
    [id, tokenSha256, at],
  );
}

/**
 * The session of a token hash with its user, and — when a purpose's target is named — in the same
 * statement whether that user is assigned to it or holds a live break-glass grant for it (one query per
 * audited access: ADR 0012).
 */
export async function findSession(
  sql: Sql,
  tokenSha256: string,
  binding?: { target: string; at: Date },
): Promise<(SessionRow & { binding?: { assigned: boolean; breakGlassId: string | null } }) | undefined> {
  const [row] = await sql.query<{
    id: string;
    user_id: string;
    role: Role;
    status: 'active' | 'disabled';
    locked_at: Date | null;
    expires_at: Date | null;
    created_at: Date;
    last_seen_at: Date;
    authenticated_at: Date;
    ended_at: Date | null;
    component: string;
    source_ip: string;
    assigned: boolean | null;
    grant_id: string | null;
  }>(
    binding === undefined
      ? `select s.id, s.user_id, u.role, u.status, u.locked_at, u.expires_at, s.created_at, s.last_seen_at,
                coalesce(s.authenticated_at, s.created_at) as authenticated_at, s.ended_at, s.component, s.source_ip
           from sessions s join users u on u.id = s.user_id where s.token_sha256 = $1`
      : `select s.id, s.user_id, u.role, u.status, u.locked_at, u.expires_at, s.created_at, s.last_seen_at,
                coalesce(s.authenticated_at, s.created_at) as authenticated_at, s.ended_at, s.component, s.source_ip,
                exists (select 1 from access_assignments a
                         where a.user_id = s.user_id and a.target = $2 and a.revoked_at is null) as assigned,
                (select g.id from break_glass_grants g where g.user_id = s.user_id and g.target = $2 and g.expires_at > $3
                  order by g.expires_at desc limit 1) as grant_id
           from sessions s join users u on u.id = s.user_id where s.token_sha256 = $1`,
    binding === undefined ? [tokenSha256] : [tokenSha256, binding.target, binding.at],
  );
  if (row === undefined) return undefined;
  const session: SessionRow = {
    id: row.id,
    userId: row.user_id,
    role: row.role,
    userStatus: row.status,
    lockedAt: row.locked_at,
    userExpiresAt: row.expires_at,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    authenticatedAt: row.authenticated_at,
    endedAt: row.ended_at,
    component: row.component,
    sourceIp: row.source_ip,
  };
  return binding === undefined
    ? session
    : { ...session, binding: { assigned: row.assigned === true, breakGlassId: row.grant_id } };
}

/** Moves last_seen_at forward, at most once every few seconds per session (no hot row under load). */
export async function touchSession(sql: Sql, id: string, at: Date): Promise<void> {
  await sql.query(
    // A busy session is read by many transactions at once: the one that holds its row already records
    // the time, so the others skip it instead of queueing behind that transaction (SKIP LOCKED).
    `update sessions set last_seen_at = $2
      where id = (select id from sessions where id = $1 and last_seen_at < $2::timestamptz - interval '5 seconds'
                  for update skip locked)`,
    [id, at],
  );
}

export async function endSession(sql: Sql, id: string, reason: string, at: Date): Promise<void> {
  await sql.query('update sessions set ended_at = $2, end_reason = $3 where id = $1 and ended_at is null', [
    id,
    at,
    reason,
  ]);
}

export async function endUserSessions(sql: Sql, userId: string, reason: string, at: Date): Promise<number> {
  const rows = await sql.query(
    'update sessions set ended_at = $2, end_reason = $3 where user_id = $1 and ended_at is null returning id',
    [userId, at, reason],
  );
  return rows.length;
}
