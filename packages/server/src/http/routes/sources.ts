import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { getSource, listSourcesWithReceipts } from '../../registry/sources.js';
import { ANY_ROLE, requireRole } from '../guard.js';
import { Page, problemResponses } from '../schemas.js';

/** The source registry: legal authority, record types and fields, retention, and each ingest receipt. */
export function sourceRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/sources',
      {
        schema: {
          tags: ['sources'],
          summary: 'Registered sources with their counts and ingest receipts',
          querystring: Page,
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        await requireRole(ctx, request, ANY_ROLE);
        const limit = request.query.limit ?? 50;
        const offset = request.query.offset ?? 0;
        const all = await listSourcesWithReceipts(ctx);
        const page = all.slice(offset, offset + limit);
        const items = [];
        for (const entry of page) {
          const { receipts } = await getSource(ctx, entry.source.id);
          items.push({ ...entry, receipts });
        }
        return { items, limit, offset, more: all.length > offset + limit };
      },
    );
  };
}
