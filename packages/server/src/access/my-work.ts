import type { Context } from '../context.js';
import { listAssignments } from '../db/access-repository.js';
import { authenticate, type Principal } from './access-layer.js';

/**
 * The cases, tasks and disputes the logged-in user is assigned to (targets only, no person data), so a
 * UI can offer them when the user chooses a purpose. Undefined when the session is not live.
 */
export async function myAssignments(
  ctx: Context,
  principal: Principal,
): Promise<{ userId: string; role: string; targets: string[] } | undefined> {
  const who = await authenticate(ctx.sql, principal, ctx.now());
  if (!who.ok || who.actor.kind !== 'user') return undefined;
  const rows = await listAssignments(ctx.sql, who.actor.id);
  return { userId: who.actor.id, role: who.actor.role, targets: rows.map((r) => r.target) };
}
