import type { FastifyRequest } from 'fastify';
import { auditRefusal, wasAudited } from '../access/access-layer.js';
import type { Context } from '../context.js';
import type { Problem } from './errors.js';
import { tokenOf } from './session.js';

/** Refusals the trail records elsewhere: a failed login is an `auth.login` failure (T6.1), not an access. */
const RECORDED_ELSEWHERE = new Set(['login_failed']);

/**
 * RELIABILITY.md T6.6: every request refused for want of a session (401) or a permission (403) leaves one
 * `denied` audit row. The access layer writes its own refusals (and its not-in-target 404s); this writes
 * the rest — no session cookie (actor `anonymous`), a dead session, a role the endpoint does not serve, a
 * rule a use case enforces after its transaction — in the error handler, before the answer is sent.
 */
export async function auditHttpRefusal(
  ctx: Context,
  request: FastifyRequest,
  error: unknown,
  problem: Problem,
): Promise<void> {
  if (problem.status !== 401 && problem.status !== 403) return;
  if (wasAudited(error) || RECORDED_ELSEWHERE.has(problem.type.replace('urn:ilos:problem:', ''))) return;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  await auditRefusal(ctx, {
    token: tokenOf(request),
    component: 'api',
    sourceIp: request.ip,
    route: `${request.method} ${request.routeOptions.url ?? 'unrouted'}`,
    reason: problem.type.replace('urn:ilos:problem:', ''),
    purpose: text(body.purpose),
    target: text(body.target),
  });
}
