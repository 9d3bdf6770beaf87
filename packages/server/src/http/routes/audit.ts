import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verifyStore } from '../../audit/verify.js';
import type { Context } from '../../context.js';
import { requireRole } from '../guard.js';
import { problemResponses } from '../schemas.js';

/** The audit trail, for auditors: verify the hash chain and the signed checkpoints. */
export function auditRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Verify the audit log: chain, leaf hashes, signed checkpoints (auditors)',
          response: problemResponses(401, 403),
        },
      },
      async (request) => {
        await requireRole(ctx, request, ['auditor']);
        return verifyStore(ctx);
      },
    );
  };
}
