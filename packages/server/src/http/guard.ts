import type { FastifyRequest } from 'fastify';
import { myAssignments } from '../access/my-work.js';
import type { Context } from '../context.js';
import { HttpProblem, unauthenticated } from './errors.js';
import { principalOf } from './session.js';

/**
 * For endpoints that show no person data (aggregates, queues of record keys, the registry): a live
 * session of one of the given roles. Person data always goes through the access layer instead.
 */
export async function requireRole(
  ctx: Context,
  request: FastifyRequest,
  roles: readonly string[],
): Promise<{ userId: string; role: string; targets: string[] }> {
  const me = await myAssignments(ctx, principalOf(request));
  if (me === undefined) throw unauthenticated('the session has ended; log in again');
  if (!roles.includes(me.role))
    throw new HttpProblem(403, 'forbidden', `the ${me.role} role may not use ${request.routeOptions.url}`);
  return me;
}

export const ANY_ROLE = ['analyst', 'adjudicator', 'supervisor', 'auditor', 'admin'] as const;
export const REVIEWERS = ['analyst', 'adjudicator', 'supervisor'] as const;
