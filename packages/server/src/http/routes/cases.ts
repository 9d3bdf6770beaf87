import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppError,
  CASE_TRANSITIONS,
  type CaseTransition,
  IJ_DECISION_OUTCOMES,
  REMOVAL_CASE_STATES,
  type StepDetails,
} from '@ilos/core';
import { Type } from 'typebox';
import { approveStep, declineStep, listCases, showCase, transitionCase } from '../../cases/cases.js';
import { worklist } from '../../cases/worklist.js';
import type { Context } from '../../context.js';
import { IsoDay, Page, PersonId, pageOf, problemResponses } from '../schemas.js';
import { principalOf } from '../session.js';

const CaseId = Type.Object({
  caseId: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
});
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Reason = Type.String({ minLength: 5, maxLength: 2000, description: 'why, in words (recorded)' });
const Details = Type.Object(
  {
    hearingDate: Type.Optional(IsoDay),
    tenDayMinimumWaived: Type.Optional(Type.Boolean()),
    outcome: Type.Optional(literals(IJ_DECISION_OUTCOMES)),
    appealDeadline: Type.Optional(IsoDay),
    vdDepartBy: Type.Optional(IsoDay),
  },
  { additionalProperties: false, description: 'what the step needs (RULES.md §7); see the transition table' },
);
/** Case calls are bound to the case in the path under CASE_ADJUDICATION; the body may say so, never otherwise. */
const CaseWhy = {
  purpose: Type.Optional(Type.Literal('CASE_ADJUDICATION')),
  target: Type.Optional(
    Type.String({ maxLength: 120, description: "'case:ID' of the case in the path (the default)" }),
  ),
};

export function caseRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/cases',
      {
        schema: {
          tags: ['cases'],
          summary: "The user's cases (a supervisor: every case), oldest first; case ids and states only",
          querystring: Type.Intersect([
            Page,
            Type.Object({
              state: Type.Optional(literals(REMOVAL_CASE_STATES)),
              active: Type.Optional(Type.Boolean()),
            }),
          ]),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { limit, offset } = pageOf(request.query);
        const visible = await listCases(ctx, principalOf(request), {
          state: request.query.state,
          active: request.query.active,
          limit: offset + limit + 1,
        });
        const items = visible.slice(offset, offset + limit).map((c) => ({
          caseId: c.id,
          matter: c.matter,
          state: c.state,
          active: c.active,
          openedAt: c.openedAt.toISOString(),
          updatedAt: c.updatedAt.toISOString(),
        }));
        return { items, limit, offset, more: visible.length > offset + limit };
      },
    );

    app.post(
      '/api/cases/of-person',
      {
        schema: {
          tags: ['cases'],
          summary: "A person's cases among those the user may see (a supervisor: all); ids and states only",
          body: Type.Object({ personId: PersonId }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const cases = await listCases(ctx, principalOf(request), { personId: request.body.personId });
        return {
          personId: request.body.personId,
          items: cases.map((c) => ({ caseId: c.id, matter: c.matter, state: c.state, active: c.active })),
        };
      },
    );

    app.post(
      '/api/cases/:caseId/show',
      {
        schema: {
          tags: ['cases'],
          summary:
            'A case page: state, each allowed step with every gate and its blockers and records, history, approvals (audited)',
          params: CaseId,
          body: Type.Optional(Type.Object(CaseWhy)),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request) => {
        const caseId = boundCase(request.params.caseId, request.body?.target);
        return showCase(ctx, principalOf(request), caseId);
      },
    );

    app.post(
      '/api/cases/:caseId/transition',
      {
        schema: {
          tags: ['cases'],
          summary:
            'Take a step: the gates are checked now; applied, queued for a second person (adverse), or refused with its blockers (200)',
          params: CaseId,
          body: Type.Object({
            ...CaseWhy,
            transition: literals(CASE_TRANSITIONS),
            reason: Reason,
            details: Type.Optional(Details),
          }),
          response: problemResponses(400, 401, 403, 404, 409),
        },
      },
      async (request) =>
        transitionCase(ctx, principalOf(request), {
          caseId: boundCase(request.params.caseId, request.body.target),
          transition: request.body.transition as CaseTransition,
          reason: request.body.reason,
          details: (request.body.details ?? {}) as StepDetails,
        }),
    );

    for (const decision of ['approve', 'decline'] as const) {
      app.post(
        `/api/cases/:caseId/${decision}`,
        {
          schema: {
            tags: ['cases'],
            summary:
              decision === 'approve'
                ? 'A supervisor other than the requester approves the adverse step waiting; the gates are checked again'
                : 'A supervisor (or the requester) declines the adverse step waiting',
            params: CaseId,
            body: Type.Object({ ...CaseWhy, reason: Reason }),
            response: problemResponses(400, 401, 403, 404, 409),
          },
        },
        async (request) => {
          const input = {
            caseId: boundCase(request.params.caseId, request.body.target),
            reason: request.body.reason,
          };
          return decision === 'approve'
            ? approveStep(ctx, principalOf(request), input)
            : declineStep(ctx, principalOf(request), input);
        },
      );
    }

    app.get(
      '/api/worklist',
      {
        schema: {
          tags: ['cases'],
          summary:
            "Active cases ordered by legal deadline only (hearings, appeal and departure dates, Privacy Act clocks of disputes); a supervisor's list holds every case",
          querystring: Page,
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { limit, offset } = pageOf(request.query);
        const list = await worklist(ctx, principalOf(request), { limit: offset + limit + 1 });
        return {
          asOf: list.asOf,
          items: list.items.slice(offset, offset + limit),
          limit,
          offset,
          more: list.items.length > offset + limit,
        };
      },
    );
  };
}

/** The case a call is bound to: the one in the path; a body naming another target is a contradiction. */
function boundCase(caseId: string, target: string | undefined): string {
  if (target !== undefined && target !== `case:${caseId}`)
    throw new AppError('invalid_input', `this call is bound to case:${caseId}, not ${target.slice(0, 120)}`);
  return caseId;
}
