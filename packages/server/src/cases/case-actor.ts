/**
 * Who acts on a case, for the CLI (ADR 0020, ADR 0011): the logged-in user (`ilos login`, or
 * ILOS_SESSION). The officer recorded in the case history and checked by the two-person rule is the
 * session's user, so a case can be neither read nor worked without logging in. `--by USER` is kept as a
 * guard for scripts: it must name the logged-in user.
 */
import { AppError } from '@ilos/core';
import type { Principal } from '../access/access-layer.js';
import { whoAmI } from '../accounts/accounts.js';
import { cliPrincipal } from '../accounts/cli-session.js';
import type { Context } from '../context.js';

export async function casePrincipal(ctx: Context, by: string | undefined): Promise<Principal> {
  const principal = cliPrincipal(ctx);
  if (by === undefined || principal.kind !== 'session') return principal;
  const who = await whoAmI(ctx, principal.token);
  if (who === undefined) throw new AppError('forbidden', 'the session has ended: log in again (ilos login)');
  if (who.userId !== by)
    throw new AppError('forbidden', `you are logged in as ${who.userId}; --by ${by} does not match`);
  return principal;
}
