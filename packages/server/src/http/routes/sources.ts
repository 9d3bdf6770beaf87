import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { quarantinePage } from '../../registry/quarantine.js';
import { getSource, listSourcesWithReceipts } from '../../registry/sources.js';
import { ANY_ROLE, requireRole } from '../guard.js';
import { Page, pageOf, problemResponses } from '../schemas.js';

const SourceId = Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });

/** The source registry: legal authority, record types and fields, retention, each ingest receipt, the quarantine. */
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
        const { limit, offset } = pageOf(request.query);
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

    app.get(
      '/api/sources/:sourceId/receipts',
      {
        schema: {
          tags: ['sources'],
          summary: "One source's ingest receipts, newest first: file hash, counts, reasons",
          params: Type.Object({ sourceId: SourceId }),
          querystring: Page,
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request) => {
        await requireRole(ctx, request, ANY_ROLE);
        const { limit, offset } = pageOf(request.query);
        const { source, receipts } = await getSource(ctx, request.params.sourceId);
        return {
          source: source.id,
          items: receipts.slice(offset, offset + limit),
          limit,
          offset,
          more: receipts.length > offset + limit,
        };
      },
    );

    app.get(
      '/api/quarantine',
      {
        schema: {
          tags: ['sources'],
          summary:
            'Quarantined lines with their reason, field, file and line (never the line itself), oldest first',
          querystring: Type.Intersect([
            Page,
            Type.Object({
              sourceId: Type.Optional(SourceId),
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
            }),
          ]),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        await requireRole(ctx, request, ANY_ROLE);
        const { limit, offset } = pageOf(request.query);
        const page = await quarantinePage(ctx, { sourceId: request.query.sourceId, limit, offset });
        return { ...page, limit, offset };
      },
    );
  };
}
