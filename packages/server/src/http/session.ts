import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../access/access-layer.js';
import { unauthenticated } from './errors.js';

/** The session cookie: the opaque token `login` returns, stored only as a hash on the server (ADR 0011). */
export const SESSION_COOKIE = 'ilos_session';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** Secure cookies everywhere but loopback, where plain http://127.0.0.1 must work for the demo. */
export function isLoopback(request: FastifyRequest): boolean {
  const host = request.hostname.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return LOOPBACK.has(host) && LOOPBACK.has(request.ip);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expires: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLoopback(request),
    path: '/',
    expires,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLoopback(request),
    path: '/',
  });
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const token = request.cookies[SESSION_COOKIE];
  return token === undefined || token === '' ? undefined : token;
}

/** The caller as the access layer sees it; 401 when there is no session cookie at all. */
export function principalOf(request: FastifyRequest): Principal {
  const token = tokenOf(request);
  if (token === undefined) throw unauthenticated();
  return { kind: 'session', token, component: 'api', sourceIp: request.ip };
}
