import { Type } from 'typebox';

/**
 * The request and response schemas: the same TypeBox (JSON Schema) values validate requests and
 * generate /api/openapi.json. Person-level calls carry purpose and target in the body, never the URL.
 */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      Type.Ref('Problem', { description: 'problem details (application/problem+json)' }),
    ]),
  );

export const Purpose = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'why: CASE_ADJUDICATION, IDENTITY_REVIEW, DATA_QUALITY_REVIEW, REDRESS, AUDIT',
});
export const Target = Type.String({
  minLength: 3,
  maxLength: 120,
  pattern: '^(case|task|redress):[A-Za-z0-9][A-Za-z0-9._:/-]*$',
  description: "what the purpose is bound to: 'case:ID', 'task:ID' or 'redress:ID'",
});
export const Why = { purpose: Purpose, target: Target };

export const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const Json = Type.Unknown();

/** The page asked for, with the defaults applied (the schema's defaults fill them on a real request). */
export const pageOf = (query: { limit?: number | undefined; offset?: number | undefined }) => ({
  limit: query.limit ?? 50,
  offset: query.offset ?? 0,
});

export const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date, YYYY-MM-DD' });
export const PersonId = Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
