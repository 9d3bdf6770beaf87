import { isPurpose } from '@ilos/core';
import type { FastifyError, FastifyRequest } from 'fastify';
import { auditRefusal, wasAudited } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { HttpProblem, type Problem } from './errors.js';
import { tokenOf } from './session.js';

/**
 * Refusals the trail records elsewhere, not as accesses: a failed login is an `auth.login` failure (T6.1),
 * a wrong step-up code an `auth.step_up` failure (T9.3), each one row.
 */
const RECORDED_ELSEWHERE = new Set(['login_failed', 'step_up_failed']);

/**
 * RELIABILITY.md T6.6 and T8.1: every request refused for want of a session (401) or a permission (403)
 * leaves one `denied` audit row, and so does every 400 of a data route caused by its purpose — missing,
 * not on the closed list, or put in the URL. The access layer writes its own refusals (and its
 * not-in-target 404s); this writes the rest — no session cookie (actor `anonymous`), a dead session, a
 * role the endpoint does not serve, a rule a use case enforces after its transaction, a body that failed
 * schema validation over its purpose — in the error handler, before the answer is sent.
 */
export async function auditHttpRefusal(
  ctx: Context,
  request: FastifyRequest,
  error: unknown,
  problem: Problem,
): Promise<void> {
  if (wasAudited(error)) return;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => (typeof v === 'string' ? storable(v) : undefined);
  let reason: string;
  let purpose = text(body.purpose);
  if (problem.status === 400) {
    const refused = purposeRefusal(request, error);
    if (refused === undefined) return;
    reason = refused;
    if (refused === 'purpose_in_url') purpose ??= text(queryOf(request).purpose);
  } else if (problem.status === 401 || problem.status === 403) {
    reason = problem.type.replace('urn:ilos:problem:', '');
    if (RECORDED_ELSEWHERE.has(reason)) return;
  } else return;
  await auditRefusal(ctx, {
    token: tokenOf(request),
    component: 'api',
    sourceIp: request.ip,
    route: `${request.method} ${request.routeOptions.url ?? 'unrouted'}`,
    reason,
    purpose,
    target: text(body.target),
  });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The claimed text as the audit row can hold it: a refused body may carry U+0000 or a lone surrogate (T10.4). */
const storable = (v: string) => v.replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATE, '\ufffd');

const queryOf = (request: FastifyRequest) =>
  (typeof request.query === 'object' && request.query !== null ? request.query : {}) as Record<
    string,
    unknown
  >;

/**
 * ASVS 14.2.1, RELIABILITY.md T8.1: no route takes a purpose in its URL, so one there is refused (400)
 * rather than ignored: the purpose travels in the body, out of access logs and browser history.
 * A preValidation hook, so it holds even where the body would be valid.
 */
export async function refusePurposeInUrl(request: FastifyRequest): Promise<void> {
  if (request.url.startsWith('/api/') && Object.hasOwn(queryOf(request), 'purpose'))
    throw new HttpProblem(400, 'invalid_input', 'the purpose goes in the request body, never in the URL');
}

/**
 * Why a 400 is a purpose refusal (T8.1), or undefined when the purpose is not what was wrong: a purpose
 * in the URL; on a data route (one whose body schema has a `purpose`), a required purpose missing, or a
 * purpose that is not on the closed list or failed the schema (too long, not a string, not the one the
 * route allows).
 */
function purposeRefusal(request: FastifyRequest, error: unknown): string | undefined {
  if (Object.hasOwn(queryOf(request), 'purpose')) return 'purpose_in_url';
  const schema = request.routeOptions.schema?.body as
    | { properties?: Record<string, unknown>; required?: readonly string[] }
    | undefined;
  if (schema?.properties?.purpose === undefined) return undefined;
  const body = request.body as Record<string, unknown> | null | undefined;
  const value = typeof body === 'object' && body !== null ? body.purpose : undefined;
  if (value === undefined || value === null || value === '')
    return schema.required?.includes('purpose') === true ? 'purpose_missing' : undefined;
  const validation = (error as Partial<FastifyError>).validation ?? [];
  const failedHere = validation.some((v) => v.instancePath === '/purpose');
  return typeof value !== 'string' || !isPurpose(value) || failedHere ? 'purpose_unknown' : undefined;
}
