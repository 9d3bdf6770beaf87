import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BULK_ACCESS } from '@ilos/core';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { explainPersonLink } from '../../persons/explain-link.js';
import { searchPersonsPage } from '../../persons/search-persons.js';
import { showPerson } from '../../persons/show-person.js';
import { PersonId, problemResponses, Why } from '../schemas.js';
import { principalOf } from '../session.js';

export const Criteria = Type.Object(
  {
    familyName: Type.Optional(Type.String({ maxLength: 100 })),
    givenName: Type.Optional(Type.String({ maxLength: 100 })),
    dateOfBirth: Type.Optional(Type.String({ maxLength: 10, pattern: '^\\d{4}(-\\d{2}){0,2}$' })),
    aNumber: Type.Optional(Type.String({ maxLength: 20 })),
    passportNumber: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** Person-level reads: POST with purpose and target in the body, so no person data is ever in a URL. */
export function personRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/persons/search',
      {
        schema: {
          tags: ['persons'],
          summary: 'Find persons by name, date of birth or identifier, for a purpose (audited)',
          body: Type.Object({
            criteria: Criteria,
            ...Why,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
            approval: Type.Optional(
              Type.String({
                minLength: 3,
                maxLength: 40,
                pattern: '^BA-[a-f0-9]+$',
                description: `a granted bulk-access approval, needed when offset + results exceed the bulk limit (default ${BULK_ACCESS.maxSubjects})`,
              }),
            ),
          }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { criteria, purpose, target, approval } = request.body;
        const limit = request.body.limit ?? 50;
        const offset = request.body.offset ?? 0;
        const page = await searchPersonsPage(ctx, principalOf(request), {
          criteria: Object.fromEntries(
            Object.entries(criteria).filter(([, v]) => v !== undefined && v.trim() !== ''),
          ),
          purpose,
          target,
          limit,
          offset,
          approval,
        });
        return { items: page.hits, limit, offset, more: page.more };
      },
    );

    app.post(
      '/api/persons/show',
      {
        schema: {
          tags: ['persons'],
          summary: "One person's identity, records, links, status with its rule chain, timeline (audited)",
          body: Type.Object({ personId: Type.String({ minLength: 1, maxLength: 80 }), ...Why }),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request) =>
        showPerson(ctx, principalOf(request), {
          personId: request.body.personId,
          purpose: request.body.purpose,
          target: request.body.target,
        }),
    );

    const RecordKey = Type.String({
      minLength: 3,
      maxLength: 200,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*:.+$',
    });
    app.post(
      '/api/persons/links/explain',
      {
        schema: {
          tags: ['persons'],
          summary:
            "Why two of a person's records link: each field's evidence and weight, and the decision without each field (audited)",
          body: Type.Object({ personId: PersonId, a: RecordKey, b: RecordKey, ...Why }),
          response: problemResponses(400, 401, 403, 404, 409),
        },
      },
      async (request) => explainPersonLink(ctx, principalOf(request), request.body),
    );
  };
}
