import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, SYSTEM_USE_NOTICE } from '@ilos/core';
import { Type } from 'typebox';
import { myAssignments } from '../../access/my-work.js';
import { login, logout, stepUp, whoAmI } from '../../accounts/accounts.js';
import type { Context } from '../../context.js';
import { HttpProblem, unauthenticated } from '../errors.js';
import { problemResponses } from '../schemas.js';
import { clearSessionCookie, principalOf, setSessionCookie, tokenOf } from '../session.js';

const Me = Type.Object({
  userId: Type.String(),
  role: Type.String(),
  targets: Type.Array(Type.String(), { description: 'cases, tasks and disputes the user is assigned to' }),
});

const Notice = Type.Object({
  version: Type.String(),
  title: Type.String(),
  paragraphs: Type.Array(Type.String()),
});

/**
 * /api/system-use-notice, /api/sessions and /api/me: the notice shown before login (T9.9), log in with
 * password and TOTP code (an HttpOnly SameSite=Strict cookie), log out, who am I.
 */
export function sessionRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/system-use-notice',
      {
        schema: {
          tags: ['sessions'],
          summary:
            'The system-use notice (NIST 800-53 AC-8) to show and have acknowledged before login; no session',
          response: { 200: Notice },
        },
      },
      async () => ({ ...SYSTEM_USE_NOTICE, paragraphs: [...SYSTEM_USE_NOTICE.paragraphs] }),
    );

    app.post(
      '/api/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Log in with password and TOTP code, after the system-use notice; sets the session cookie',
          body: Type.Object({
            userId: Type.String({ minLength: 1, maxLength: 80 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            code: Type.String({
              minLength: 1,
              maxLength: 16,
              description:
                "the 6-digit code of the user's authenticator app (RFC 6238); each is accepted once",
            }),
            bannerAcknowledged: Type.Optional(
              Type.Boolean({
                description:
                  'true: the user acknowledged GET /api/system-use-notice; anything else is refused (400)',
              }),
            ),
          }),
          response: {
            200: Type.Object({
              userId: Type.String(),
              role: Type.String(),
              idleMinutes: Type.Number(),
              expiresAt: Type.String(),
            }),
            ...problemResponses(400, 401),
          },
        },
      },
      async (request, reply) => {
        if (request.body.bannerAcknowledged !== true)
          throw new HttpProblem(
            400,
            'banner_not_acknowledged',
            'acknowledge the system-use notice (GET /api/system-use-notice) first: send bannerAcknowledged: true',
          );
        try {
          const session = await login(ctx, {
            userId: request.body.userId,
            password: request.body.password,
            code: request.body.code,
            component: 'api',
            sourceIp: request.ip,
          });
          setSessionCookie(request, reply, session.token, session.expiresAt);
          return {
            userId: session.userId,
            role: session.role,
            idleMinutes: session.idleMinutes,
            expiresAt: session.expiresAt.toISOString(),
          };
        } catch (error) {
          if (error instanceof AppError && error.code === 'forbidden')
            throw new HttpProblem(401, 'login_failed', error.message);
          throw error;
        }
      },
    );

    app.post(
      '/api/sessions/step-up',
      {
        schema: {
          tags: ['sessions'],
          summary:
            'Step-up re-authentication with a fresh TOTP code: a new session cookie, and 5 minutes for sensitive actions',
          description:
            'Account management, break-glass, bulk-approval grants and audit export need a login or step-up within the last 5 minutes (403 step_up_required otherwise). The old token stops working; the session keeps its id and 12-hour limit.',
          body: Type.Object({
            code: Type.String({
              minLength: 1,
              maxLength: 16,
              description: "a 6-digit code of the user's authenticator app, not used before",
            }),
          }),
          response: {
            200: Type.Object({
              userId: Type.String(),
              role: Type.String(),
              freshUntil: Type.String(),
              expiresAt: Type.String(),
            }),
            ...problemResponses(400, 401),
          },
        },
      },
      async (request, reply) => {
        const token = tokenOf(request);
        if (token === undefined) throw unauthenticated();
        // A dead session is refused (and audited) at the edge like any other request without one.
        if ((await whoAmI(ctx, token)) === undefined)
          throw unauthenticated('the session has ended; log in again');
        try {
          const session = await stepUp(ctx, {
            token,
            code: request.body.code,
            component: 'api',
            sourceIp: request.ip,
          });
          setSessionCookie(request, reply, session.token, session.expiresAt);
          return {
            userId: session.userId,
            role: session.role,
            freshUntil: session.freshUntil.toISOString(),
            expiresAt: session.expiresAt.toISOString(),
          };
        } catch (error) {
          if (error instanceof AppError && error.code === 'forbidden')
            throw new HttpProblem(401, 'step_up_failed', error.message);
          throw error;
        }
      },
    );

    app.delete(
      '/api/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Log out: the session ends on the server and the cookie is cleared',
          response: { 204: Type.Null(), ...problemResponses(401) },
        },
      },
      async (request, reply) => {
        const token = tokenOf(request);
        if (token === undefined) throw unauthenticated();
        const ended = await logout(ctx, token);
        clearSessionCookie(request, reply);
        if (!ended) throw unauthenticated('the session had already ended');
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Who is logged in, with the targets they are assigned to',
          response: { 200: Me, ...problemResponses(401) },
        },
      },
      async (request) => {
        const me = await myAssignments(ctx, principalOf(request));
        if (me === undefined) throw unauthenticated('the session has ended; log in again');
        return me;
      },
    );
  };
}
