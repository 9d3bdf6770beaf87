import { ROLES, type Role } from '@ilos/core';
import { assignWork } from '../access/work.js';
import { addUser, login, logout } from '../accounts/accounts.js';
import type { Context } from '../context.js';
import { findUser } from '../db/accounts-repository.js';
import { listReviewTasks } from '../persons/review.js';

/** A demo login, printed by `ilos serve` / `ilos demo` so the UI can be used at once. */
export type DemoLogin = { userId: string; role: Role; password: string; targets: string[] };

/** The demo case every case-working demo user is assigned to, and how many open review tasks they get. */
export const DEMO_CASE = 'case:DEMO-1';
export const DEMO_AUDIT_TASK = 'task:AUDIT-DEMO';
const DEMO_REVIEW_TASKS = 25;

/** Known demo passwords: a demo store only. Never run this against a store with real users. */
const demoPassword = (role: Role) => `ilos-demo-${role}-2026`;

/**
 * One user per role with a known demo password, and assignments so the UI can be used at once: the
 * analyst, adjudicator and supervisor to the demo case and the oldest open review tasks; the auditor
 * works under a self-bound audit task. Idempotent: a second call adds only new tasks. Refuses (returns
 * []) on a store whose users are not the demo's.
 */
export async function seedDemoUsers(ctx: Context): Promise<DemoLogin[]> {
  const adminId = 'admin';
  const existing = await findUser(ctx.sql, adminId);
  if (existing === undefined) {
    try {
      await addUser(ctx, undefined, { id: adminId, role: 'admin', password: demoPassword('admin') });
    } catch {
      return []; // users exist that are not the demo's: leave the store alone
    }
  }
  let adminToken: string;
  try {
    adminToken = (await login(ctx, { userId: adminId, password: demoPassword('admin') })).token;
  } catch {
    return []; // the admin's password was changed: not a demo store any more
  }
  const admin = { kind: 'session', token: adminToken, component: 'demo' } as const;
  for (const role of ROLES) {
    if (role === 'admin' || (await findUser(ctx.sql, role)) !== undefined) continue;
    await addUser(ctx, admin, { id: role, role, password: demoPassword(role), displayName: `Demo ${role}` });
  }
  await logout(ctx, adminToken);

  const tasks = (await listReviewTasks(ctx, { state: 'open', limit: DEMO_REVIEW_TASKS })).map(
    (t) => `task:${t.taskId}`,
  );
  const targets = [DEMO_CASE, ...tasks];
  const supervisorToken = (await login(ctx, { userId: 'supervisor', password: demoPassword('supervisor') }))
    .token;
  const supervisor = { kind: 'session', token: supervisorToken, component: 'demo' } as const;
  try {
    for (const userId of ['analyst', 'adjudicator', 'supervisor'])
      for (const target of targets) await assignWork(ctx, supervisor, userId, target);
  } finally {
    await logout(ctx, supervisorToken);
  }
  return ROLES.map((role) => ({
    userId: role,
    role,
    password: demoPassword(role),
    targets: role === 'auditor' ? [DEMO_AUDIT_TASK] : role === 'admin' ? [] : targets,
  }));
}

/** The lines `ilos serve` prints: one login per role. */
export function describeDemoLogins(logins: readonly DemoLogin[]): string {
  if (logins.length === 0) return '  (no demo logins: this store has its own users)';
  return logins
    .map((l) => `  ${l.role.padEnd(12)} user ${l.userId.padEnd(12)} password ${l.password}`)
    .join('\n');
}
