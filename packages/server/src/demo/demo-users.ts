import { createHash } from 'node:crypto';
import {
  AppError,
  fromBase32,
  hotp,
  otpauthUri,
  ROLES,
  type Role,
  TOTP,
  toBase32,
  totpStep,
} from '@ilos/core';
import type { Principal } from '../access/access-layer.js';
import { assignWork } from '../access/work.js';
import { addUser, type LoginResult, login, logout } from '../accounts/accounts.js';
import { checkPasswordHash } from '../accounts/passwords.js';
import type { Context } from '../context.js';
import { listAssignments } from '../db/access-repository.js';
import { findUser, setTotpSecret } from '../db/accounts-repository.js';
import { listReviewTasks } from '../persons/review.js';

/**
 * A demo login, printed by `ilos serve` / `ilos demo` so the UI can be used at once: the password and the
 * TOTP secret (with its otpauth:// URI) to put in an authenticator app.
 */
export type DemoLogin = {
  userId: string;
  role: Role;
  password: string;
  totpSecret: string;
  otpauthUri: string;
  targets: string[];
};

/** The demo case every case-working demo user is assigned to, and how many open review tasks they get. */
export const DEMO_CASE = 'case:DEMO-1';
export const DEMO_AUDIT_TASK = 'task:AUDIT-DEMO';
const DEMO_REVIEW_TASKS = 25;

/** Known demo passwords: a demo store only. Never run this against a store with real users. */
const demoPassword = (role: Role) => `ilos-demo-${role}-2026`;

/**
 * Published demo TOTP secrets, fixed like the demo passwords, so an authenticator app set up once keeps
 * working for every demo store. Public, so they protect nothing: a demo store only.
 */
export const demoTotpSecret = (role: Role): string =>
  toBase32(createHash('sha256').update(`ilos-demo-totp-${role}`).digest().subarray(0, TOTP.secretBytes));

const demoLoginOf = (role: Role): Omit<DemoLogin, 'targets'> => ({
  userId: role,
  role,
  password: demoPassword(role),
  totpSecret: demoTotpSecret(role),
  otpauthUri: otpauthUri(role, demoTotpSecret(role)),
});

/**
 * Logs a demo user in as a script holding the published secret would. A code is accepted once per user
 * and 30-second step, and the demo logs the supervisor in twice within seconds, so this takes the
 * earliest step still open within the tolerance, starting one step back: the code a person's phone shows
 * stays free when it can.
 */
export async function demoLogin(
  ctx: Context,
  demo: Pick<DemoLogin, 'userId' | 'password' | 'totpSecret'>,
): Promise<LoginResult> {
  const user = await findUser(ctx.sql, demo.userId);
  const now = totpStep(ctx.now());
  const step = Math.max(now - TOTP.toleranceSteps, (user?.totpLastStep ?? Number.NEGATIVE_INFINITY) + 1);
  if (step > now + TOTP.toleranceSteps)
    throw new AppError('conflict', `demo user '${demo.userId}' logged in too often: try again in 30 s`);
  const secret = fromBase32(demo.totpSecret);
  if (!secret.ok) throw new AppError('invalid_input', secret.error);
  return login(ctx, {
    userId: demo.userId,
    password: demo.password,
    code: hotp(secret.value, step),
    component: 'demo',
  });
}

/**
 * One user per role with a known demo password and TOTP secret, and assignments so the UI can be used at
 * once: the analyst, adjudicator and supervisor to the demo case and the oldest open review tasks; the
 * auditor works under a self-bound audit task. Idempotent: a second call logs nobody in unless it has
 * users to add or tasks to assign. Refuses (returns []) on a store whose admin is not the demo's.
 */
export async function seedDemoUsers(ctx: Context): Promise<DemoLogin[]> {
  const admin = await findUser(ctx.sql, 'admin');
  if (admin === undefined) {
    try {
      await addUser(ctx, undefined, {
        id: 'admin',
        role: 'admin',
        password: demoPassword('admin'),
        totpSecret: demoTotpSecret('admin'),
      });
    } catch {
      return []; // users exist that are not the demo's: leave the store alone
    }
  } else if (!(await checkPasswordHash(admin.passwordHash, demoPassword('admin')))) {
    return []; // the admin's password was changed: not a demo store any more
  }
  // A demo store seeded before MFA: its demo users get their published secrets.
  for (const role of ROLES) {
    const user = await findUser(ctx.sql, role);
    if (user !== undefined && user.totpSecret === null)
      await setTotpSecret(ctx.sql, role, demoTotpSecret(role));
  }

  const missing: Role[] = [];
  for (const role of ROLES)
    if (role !== 'admin' && (await findUser(ctx.sql, role)) === undefined) missing.push(role);
  if (missing.length > 0) {
    const adminToken = (await demoLogin(ctx, demoLoginOf('admin'))).token;
    const as: Principal = { kind: 'session', token: adminToken, component: 'demo' };
    try {
      for (const role of missing)
        await addUser(ctx, as, {
          id: role,
          role,
          password: demoPassword(role),
          totpSecret: demoTotpSecret(role),
          displayName: `Demo ${role}`,
        });
    } finally {
      await logout(ctx, adminToken);
    }
  }

  const tasks = (await listReviewTasks(ctx, { state: 'open', limit: DEMO_REVIEW_TASKS })).map(
    (t) => `task:${t.taskId}`,
  );
  const targets = [DEMO_CASE, ...tasks];
  const assigned = new Set((await listAssignments(ctx.sql)).map((a) => `${a.userId} ${a.target}`));
  const toAssign = ['analyst', 'adjudicator', 'supervisor'].flatMap((userId) =>
    targets.filter((target) => !assigned.has(`${userId} ${target}`)).map((target) => ({ userId, target })),
  );
  if (toAssign.length > 0) {
    const supervisorToken = (await demoLogin(ctx, demoLoginOf('supervisor'))).token;
    const supervisor: Principal = { kind: 'session', token: supervisorToken, component: 'demo' };
    try {
      for (const { userId, target } of toAssign) await assignWork(ctx, supervisor, userId, target);
    } finally {
      await logout(ctx, supervisorToken);
    }
  }
  return ROLES.map((role) => ({
    ...demoLoginOf(role),
    targets: role === 'auditor' ? [DEMO_AUDIT_TASK] : role === 'admin' ? [] : targets,
  }));
}

/**
 * The lines `ilos serve` prints: one login per role with its password and TOTP secret, and how to get a
 * code. The secrets are the demo's published ones; a real account's secret is shown once, by `users add`.
 */
export function describeDemoLogins(logins: readonly DemoLogin[]): string {
  if (logins.length === 0) return '  (no demo logins: this store has its own users)';
  return [
    ...logins.map(
      (l) =>
        `  ${l.role.padEnd(12)} user ${l.userId.padEnd(12)} password ${l.password.padEnd(26)} TOTP key ${l.totpSecret}`,
    ),
    '  Every login also needs a 6-digit code (MFA): add a TOTP key above to an authenticator app',
    '  (Google Authenticator, Microsoft Authenticator, 1Password, Aegis… "enter a setup key", time-based),',
    '  or print the current code with: oathtool --totp -b KEY. These keys are public: a demo store only.',
    ...logins.map((l) => `  ${l.role.padEnd(12)} ${l.otpauthUri}`),
  ].join('\n');
}
