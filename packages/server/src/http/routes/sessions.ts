import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '@ilos/core';
import { Type } from 'typebox';
import { myAssignments } from '../../access/my-work.js';
import { login, logout } from '../../accounts/accounts.js';
import type { Context } from '../../context.js';
import { HttpProblem, unauthenticated } from '../errors.js';
import { problemResponses } from '../schemas.js';
import { clearSessionCookie, principalOf, setSessionCookie, tokenOf } from '../session.js';

const Me = Type.Object({
  userId: Type.String(),
  role: Type.String(),
  targets: Type.Array(Type.String(), { description: 'cases, tasks and disputes the user is assigned to' }),
});

/** /api/sessions and /api/me: log in (an HttpOnly SameSite=Strict cookie), log out, who am I. */
export function sessionRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Log in; sets the session cookie',
          body: Type.Object({
            userId: Type.String({ minLength: 1, maxLength: 80 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
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
        try {
          const session = await login(ctx, {
            userId: request.body.userId,
            password: request.body.password,
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
