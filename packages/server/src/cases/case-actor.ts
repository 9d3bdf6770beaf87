/**
 * Who is acting on a case, for the CLI (ADR 0020). A logged-in session (ilos login, ADR 0011) names the
 * user and their role; without one, `--by USER` names them, and the role comes from the user's account
 * when there is one. A name that is no account may record steps and ask for adverse ones, but never
 * approve: the two-person rule rests on the approver's role, which only an account proves.
 */
import { AppError, type CaseActor } from '@ilos/core';
import { whoAmI } from '../accounts/accounts.js';
import { sessionToken } from '../accounts/cli-session.js';
import type { Context } from '../context.js';
import { findUser } from '../db/accounts-repository.js';

const USER_NAME = /^[a-z][a-z0-9._-]{1,39}$/;

export async function resolveCaseActor(ctx: Context, by: string | undefined): Promise<CaseActor> {
  const token = sessionToken(ctx);
  if (token !== undefined) {
    const who = await whoAmI(ctx, token);
    if (who === undefined)
      throw new AppError('forbidden', 'the session has ended: log in again (ilos login)');
    if (by !== undefined && by !== who.userId) {
      throw new AppError('forbidden', `you are logged in as ${who.userId}; --by ${by} does not match`);
    }
    return { id: who.userId, role: who.role };
  }
  if (by === undefined) {
    throw new AppError('invalid_input', 'say who acts: --by USER (or log in: ilos login --user NAME)');
  }
  if (!USER_NAME.test(by)) {
    throw new AppError('invalid_input', `--by '${by}': 2–40 lowercase letters, digits, '.', '_' or '-'`);
  }
  const account = await findUser(ctx.sql, by);
  if (account === undefined) return { id: by, role: null };
  if (account.status !== 'active') throw new AppError('forbidden', `the account ${by} is disabled`);
  return { id: account.id, role: account.role };
}
