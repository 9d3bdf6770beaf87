import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { buildOverstayReport } from '../../reports/overstay.js';
import { ANY_ROLE, requireRole } from '../guard.js';
import { problemResponses } from '../schemas.js';

/** Aggregate reports: counts only, no person ids, for any logged-in role. */
export function reportRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/reports/overstay',
      {
        schema: {
          tags: ['reports'],
          summary: 'The overstay report (DHS method): counts by category, class of admission, country, month',
          querystring: Type.Object({ fy: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })) }),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request) => {
        await requireRole(ctx, request, ANY_ROLE);
        const { report } = await buildOverstayReport(ctx, request.query.fy ?? null);
        return report;
      },
    );
  };
}
