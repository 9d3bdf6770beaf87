/**
 * Test support for logging in with the second factor (T9.2). Test-only: it reads the user's TOTP secret
 * from the store, as the user's authenticator app would hold it.
 */
import { fromBase32, totpCode } from '@ilos/core';
import type { Context } from '../context.js';
import { findUser } from '../db/accounts-repository.js';

/**
 * The user's code at the context's clock; '000000' for a user without a secret. Suites log one user in
 * many times within one 30-second step (often on a stopped fake clock), which the replay rule refuses, so
 * this also forgets the last accepted step: a test of the replay rule itself (accounts/mfa.test.ts) uses
 * `totpCode` on the secret instead.
 */
export async function testCode(ctx: Pick<Context, 'sql' | 'now'>, userId: string): Promise<string> {
  const user = await findUser(ctx.sql, userId);
  const secret = user?.totpSecret == null ? undefined : fromBase32(user.totpSecret);
  if (secret === undefined || !secret.ok) return '000000';
  await ctx.sql.query('update users set totp_last_step = null where id = $1', [userId]);
  return totpCode(secret.value, ctx.now());
}
