import { AppError, type AppErrorCode } from '@ilos/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9457 problem details: the one error shape of the API. */
export type Problem = { type: string; title: string; status: number; detail: string };

const STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An HTTP-level refusal that is not a domain error: no session (401), a wrong method, … */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
  }
}

export const unauthenticated = (detail = 'not logged in: POST /api/sessions first') =>
  new HttpProblem(401, 'unauthenticated', detail);

export function problem(code: string, status: number, detail: string): Problem {
  return { type: `urn:ilos:problem:${code}`, title: TITLE[status] ?? 'Error', status, detail };
}

/** Seconds a client waits before retrying a 503 (the audit trail could not be written, ADR 0018). */
export const RETRY_AFTER_SECONDS = 30;

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  if (p.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(p.status).type('application/problem+json').send(p);
}

/** The access layer refuses a dead or missing session as `forbidden` with a `session_*` reason: that is a 401. */
function isSessionRefusal(error: AppError): boolean {
  const details = error.details as { reason?: unknown } | undefined;
  return typeof details?.reason === 'string' && details.reason.startsWith('session_');
}

/** Maps every error to problem details; only an unknown error is logged, and its message is not shown. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof HttpProblem) return problem(error.code, error.status, error.message);
  if (error instanceof AppError) {
    if (error.code === 'forbidden' && isSessionRefusal(error))
      return problem('unauthenticated', 401, error.message);
    // T9.3: a client tells this refusal from the others by its type, to ask for a step-up (ADR 0021).
    if (error.code === 'forbidden' && (error.details as { reason?: unknown })?.reason === 'step_up_required')
      return problem('step_up_required', 403, error.message);
    return problem(error.code, STATUS[error.code], error.message);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation !== undefined)
    return problem('invalid_input', 400, fastifyError.message ?? 'invalid request');
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return problem(status === 400 ? 'invalid_input' : 'http', status, fastifyError.message ?? 'bad request');
  request.log.error({ err: error }, 'unhandled error');
  return problem('internal', 500, 'something went wrong; the error was logged');
}
