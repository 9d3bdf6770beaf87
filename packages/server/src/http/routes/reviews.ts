import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IsoDate } from '@ilos/core';
import { Type } from 'typebox';
import { listReviews, showReview } from '../../access/review-reads.js';
import type { Context } from '../../context.js';
import { resolveAndDerive } from '../../persons/resolve-store.js';
import { decideIdentity } from '../../records-access/decide-identity.js';
import { Page, problemResponses, Why } from '../schemas.js';
import { principalOf } from '../session.js';

const TaskId = Type.Object({
  taskId: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9._-]+$' }),
});

/** The identity review queue: list (record keys only), show both records (audited), decide with a reason. */
export function reviewRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/reviews',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Review tasks, oldest first (never ordered by anything about the person; audited)',
          querystring: Type.Intersect([
            Page,
            Type.Object({
              state: Type.Optional(
                Type.Union([Type.Literal('open'), Type.Literal('decided'), Type.Literal('obsolete')]),
              ),
            }),
          ]),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 50;
        const offset = request.query.offset ?? 0;
        const tasks = await listReviews(ctx, principalOf(request), {
          state: request.query.state ?? 'open',
          limit: limit + 1,
          offset,
        });
        return { items: tasks.slice(0, limit), limit, offset, more: tasks.length > limit };
      },
    );

    app.post(
      '/api/reviews/:taskId/show',
      {
        schema: {
          tags: ['reviews'],
          summary:
            'Both records of a task side by side, with the evidence (audited; target must be the task)',
          params: TaskId,
          body: Type.Object({ ...Why, blind: Type.Optional(Type.Boolean()) }),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request) =>
        showReview(ctx, principalOf(request), {
          taskId: request.params.taskId,
          purpose: request.body.purpose,
          target: request.body.target,
          blind: request.body.blind === true,
        }),
    );

    app.post(
      '/api/reviews/:taskId/decide',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Decide a task (same person or different people) with a reason; persons are recomputed',
          params: TaskId,
          body: Type.Object({
            decision: Type.Union([Type.Literal('same'), Type.Literal('different')]),
            reason: Type.String({ minLength: 5, maxLength: 2000 }),
          }),
          response: problemResponses(400, 401, 403, 404, 409),
        },
      },
      async (request) => {
        const { taskId } = request.params;
        // Its own audited action (identity.decide), bound to the task; the decider is the session's user.
        const task = await decideIdentity(ctx, principalOf(request), {
          taskId,
          decision: request.body.decision,
          reason: request.body.reason,
        });
        const { resolved } = await resolveAndDerive(ctx, ctx.now().toISOString().slice(0, 10) as IsoDate);
        return { task, persons: resolved.persons, merged: resolved.merged, split: resolved.split };
      },
    );
  };
}
