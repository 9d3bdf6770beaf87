import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { REDRESS_OUTCOMES } from '@ilos/core';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { showPerson } from '../../persons/show-person.js';
import {
  acknowledgeRedress,
  openRedress,
  redressWorkList,
  resolveRedress,
  showRedress,
} from '../../redress/redress.js';
import { IsoDay, Page, PersonId, pageOf, problemResponses, Why } from '../schemas.js';
import { principalOf } from '../session.js';

const RedressId = Type.Object({
  redressId: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
});
const Key = Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' });
const FieldName = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z][A-Za-z0-9_]*$' });

/**
 * Redress (ADR 0013): disputes about records with their Privacy Act clocks. Filing names a record and
 * reads nothing of it; working one is a REDRESS-purpose access bound to that dispute; a person's
 * disputes come with the person, under the purpose the caller names. All audited by the access layer.
 */
export function redressRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/redress',
      {
        schema: {
          tags: ['redress'],
          summary:
            'Disputes by legal deadline (Privacy Act clocks): ids, record keys, due dates, never statements',
          querystring: Type.Intersect([Page, Type.Object({ all: Type.Optional(Type.Boolean()) })]),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { limit, offset } = pageOf(request.query);
        const items = await redressWorkList(ctx, principalOf(request), { all: request.query.all ?? false });
        return {
          items: items.slice(offset, offset + limit),
          limit,
          offset,
          more: items.length > offset + limit,
        };
      },
    );

    app.post(
      '/api/redress',
      {
        schema: {
          tags: ['redress'],
          summary: 'File a dispute about a record; the Privacy Act clocks start on the day received',
          body: Type.Object({
            sourceId: Key,
            sourceRecordId: Key,
            statement: Type.String({ minLength: 1, maxLength: 10_000 }),
            fields: Type.Optional(Type.Array(FieldName, { maxItems: 50 })),
            requester: Type.Optional(
              Type.Union([Type.Literal('subject'), Type.Literal('counsel'), Type.Literal('agency')]),
            ),
            receivedOn: Type.Optional(IsoDay),
          }),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request, reply) => {
        const row = await openRedress(ctx, principalOf(request), request.body);
        return reply.code(201).send(row);
      },
    );

    app.post(
      '/api/redress/:redressId/show',
      {
        schema: {
          tags: ['redress'],
          summary: 'A dispute with the record it is about (purpose REDRESS, bound to this dispute)',
          params: RedressId,
          response: problemResponses(401, 403, 404),
        },
      },
      async (request) => showRedress(ctx, principalOf(request), request.params.redressId),
    );

    app.post(
      '/api/redress/:redressId/acknowledge',
      {
        schema: {
          tags: ['redress'],
          summary: 'Acknowledge receipt of a dispute (the 10-working-day clock)',
          params: RedressId,
          response: problemResponses(401, 403, 404, 409),
        },
      },
      async (request) => acknowledgeRedress(ctx, principalOf(request), request.params.redressId),
    );

    app.post(
      '/api/redress/:redressId/resolve',
      {
        schema: {
          tags: ['redress'],
          summary:
            'Decide a dispute: amended (a new version of the record), denied (appeal window), withdrawn',
          params: RedressId,
          body: Type.Object({
            outcome: Type.Union(REDRESS_OUTCOMES.map((o) => Type.Literal(o))),
            note: Type.String({ minLength: 1, maxLength: 5000 }),
            corrections: Type.Optional(
              Type.Record(FieldName, Type.String({ maxLength: 500 }), { maxProperties: 50 }),
            ),
          }),
          response: problemResponses(400, 401, 403, 404, 409),
        },
      },
      async (request) =>
        resolveRedress(ctx, principalOf(request), {
          id: request.params.redressId,
          outcome: request.body.outcome,
          note: request.body.note,
          ...(request.body.corrections === undefined ? {} : { corrections: request.body.corrections }),
        }),
    );

    app.post(
      '/api/persons/disputes',
      {
        schema: {
          tags: ['redress'],
          summary: "The disputes on a person's records, with their state, under a named purpose (audited)",
          body: Type.Object({ personId: PersonId, ...Why }),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request) => {
        const shown = await showPerson(ctx, principalOf(request), request.body);
        return { personId: shown.personId, items: shown.disputes };
      },
    );
  };
}
