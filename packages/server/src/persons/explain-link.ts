import { AppError, explainLink, type LinkExplanation, recordIdentity } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { latestLinkModel } from '../db/stream-repository.js';

export type ExplainedLink = LinkExplanation & { personId: string };

/**
 * Why two of a person's records are linked (or would not be): each field's evidence and weight under
 * the link model last fitted, and what the decision would have been without each field. An audited
 * read of both records, for a purpose bound to a case or task the person is in (BOLA in the layer).
 * Records withheld from this reader by statute are not explained to them.
 */
export async function explainPersonLink(
  ctx: Context,
  principal: Principal,
  input: { personId: string; a: string; b: string; purpose: string; target: string },
): Promise<ExplainedLink> {
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.read',
      event: 'record.read',
      purpose: input.purpose,
      target: input.target,
      person: input.personId,
      query: { person: input.personId, view: 'link', a: input.a, b: input.b },
    },
    async (tx, grant) => {
      const rows = await tx.query<{
        key: string;
        source_id: string;
        source_record_id: string;
        record_type: string;
        payload: Record<string, string>;
      }>(
        `select pr.source_id || ':' || pr.source_record_id as key, r.source_id, r.source_record_id, r.record_type, r.payload
           from person_records pr join records r
             on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
          where pr.person_id = $1 and pr.source_id || ':' || pr.source_record_id = any($2::text[])`,
        [input.personId, [input.a, input.b]],
      );
      const a = rows.find((r) => r.key === input.a);
      const b = rows.find((r) => r.key === input.b);
      const refuse = (error: AppError) => ({
        value: undefined as never,
        subjects: [input.personId],
        fields: [],
        error,
      });
      if (a === undefined || b === undefined || input.a === input.b)
        return refuse(
          new AppError('not_found', `${input.personId} has no records ${input.a} and ${input.b}`),
        );
      if ([a, b].some((r) => grant.disclose(r.record_type, r.payload).masked.length > 0))
        return refuse(
          new AppError('forbidden', 'the link rests on a record withheld from this reader by statute'),
        );
      const model = await latestLinkModel(tx);
      if (model === undefined)
        return refuse(new AppError('conflict', "no link model yet: run 'ilos resolve' first"));
      const identity = (r: typeof a) =>
        recordIdentity({
          sourceId: r.source_id,
          sourceRecordId: r.source_record_id,
          recordType: r.record_type,
          fields: r.payload,
        });
      const explanation = explainLink(model.model, identity(a), identity(b));
      return {
        value: { personId: input.personId, ...explanation },
        subjects: [input.personId, input.a, input.b],
        fields: explanation.fields.map((f) => f.field),
        details: { model: model.id },
      };
    },
  );
}
