import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BULK_ACCESS } from '@ilos/core';
import { Type } from 'typebox';
import {
  type BulkApprovalRow,
  bulkAccessRequests,
  grantBulkAccess,
  requestBulkAccess,
} from '../../access/bulk-access.js';
import type { Context } from '../../context.js';

import { searchQuery } from '../../persons/search-persons.js';
import { problemResponses, Why } from '../schemas.js';
import { principalOf } from '../session.js';
import { Criteria } from './persons.js';

const ApprovalId = Type.Object({
  approvalId: Type.String({ minLength: 3, maxLength: 40, pattern: '^BA-[a-f0-9]+$' }),
});

/** What an approval shows: who asked, for what, and its state; the query only as its hash. */
const shown = (a: BulkApprovalRow) => ({
  id: a.id,
  kind: a.kind,
  requestedBy: a.requestedBy,
  purpose: a.purpose,
  target: a.target,
  reason: a.reason,
  requestedAt: a.requestedAt.toISOString(),
  grantedBy: a.grantedBy,
  expiresAt: a.expiresAt?.toISOString() ?? null,
  used: a.usedAt !== null,
});

/**
 * Bulk-access approvals (T8.4, ADR 0016): a search that would show more than the bulk limit of persons is
 * asked for by its user and granted by a different supervisor, once. Each step is audited.
 */
export function approvalRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/approvals',
      {
        schema: {
          tags: ['persons'],
          summary: `Ask for a bulk search (more than ${BULK_ACCESS.maxSubjects} persons by default): one query, purpose and target; a supervisor grants it (audited)`,
          body: Type.Object({
            kind: Type.Literal('search'),
            criteria: Criteria,
            ...Why,
            reason: Type.String({ minLength: 20, maxLength: 2000 }),
          }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { criteria, purpose, target, reason } = request.body;
        return shown(
          await requestBulkAccess(ctx, principalOf(request), {
            kind: 'search',
            purpose,
            target,
            reason,
            query: searchQuery(criteria),
          }),
        );
      },
    );

    app.get(
      '/api/approvals',
      {
        schema: {
          tags: ['persons'],
          summary: 'Bulk-access requests waiting for a supervisor (supervisors; audited)',
          response: problemResponses(401, 403),
        },
      },
      async (request) => ({ items: (await bulkAccessRequests(ctx, principalOf(request))).map(shown) }),
    );

    app.post(
      '/api/approvals/:approvalId/grant',
      {
        schema: {
          tags: ['persons'],
          summary:
            'Grant a bulk-access request: a supervisor other than the requester; usable once, for an hour (audited)',
          params: ApprovalId,
          response: problemResponses(400, 401, 403, 404, 409),
        },
      },
      async (request) =>
        shown(await grantBulkAccess(ctx, principalOf(request), { id: request.params.approvalId })),
    );
  };
}
