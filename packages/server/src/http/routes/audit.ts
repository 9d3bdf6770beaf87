import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accessesOfPerson, auditEntries } from '../../audit/trail-reads.js';
import { exportAudit, verifyStore } from '../../audit/verify.js';
import type { Context } from '../../context.js';
import { requireRole } from '../guard.js';
import { Page, PersonId, pageOf, problemResponses } from '../schemas.js';
import { principalOf } from '../session.js';

const AuditTarget = Type.String({
  minLength: 6,
  maxLength: 120,
  pattern: '^task:[A-Za-z0-9][A-Za-z0-9._:/-]*$',
  description: "the audit task this oversight read is for, 'task:ID' (purpose AUDIT)",
});

/**
 * The audit trail, for auditors: verify the hash chain and the signed checkpoints, export it for offline
 * checking, read its entries, and see who accessed a person and why. Reading the trail is itself audited.
 */
export function auditRoutes(ctx: Context): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Verify the audit log: chain, leaf hashes, signed checkpoints; firstBadSeq names the first entry that fails (auditors)',
          response: problemResponses(401, 403),
        },
      },
      async (request) => {
        await requireRole(ctx, request, ['auditor']);
        const report = await verifyStore(ctx);
        return { ...report, firstBadSeq: report.failure?.seq ?? null };
      },
    );

    app.post(
      '/api/audit/export',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Download the whole log with its checkpoints and public key (NDJSON), for `ilos audit verify --file` offline (auditors; audited)',
          body: Type.Object({ target: AuditTarget }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const dir = await mkdtemp(join(tmpdir(), 'ilos-export-'));
        const out = join(dir, 'audit-export.ndjson');
        try {
          const done = await exportAudit(ctx, principalOf(request), { out, target: request.body.target });
          const stream = createReadStream(out);
          stream.on('close', () => void rm(dir, { recursive: true, force: true }));
          return reply
            .type('application/x-ndjson')
            .header('content-disposition', `attachment; filename="ilos-audit-${done.size}.ndjson"`)
            .header('x-ilos-entries', String(done.size))
            .send(stream);
        } catch (error) {
          await rm(dir, { recursive: true, force: true });
          throw error;
        }
      },
    );

    app.post(
      '/api/audit/entries',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Sequenced audit entries in order, a page at a time (offset = the sequence number before the page)',
          body: Type.Intersect([Page, Type.Object({ target: AuditTarget })]),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { limit, offset } = pageOf(request.body);
        const page = await auditEntries(ctx, principalOf(request), {
          target: request.body.target,
          limit,
          offset,
        });
        return { ...page, limit, offset, more: offset + page.items.length < page.total };
      },
    );

    app.post(
      '/api/persons/accesses',
      {
        schema: {
          tags: ['audit'],
          summary: 'Who accessed a person and why, newest first, refusals included (auditors; audited)',
          body: Type.Intersect([Page, Type.Object({ personId: PersonId, target: AuditTarget })]),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request) => {
        const { limit, offset } = pageOf(request.body);
        const page = await accessesOfPerson(ctx, principalOf(request), {
          personId: request.body.personId,
          target: request.body.target,
          limit,
          offset,
        });
        return { ...page, limit, offset };
      },
    );
  };
}
