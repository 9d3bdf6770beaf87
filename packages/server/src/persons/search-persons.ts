import { createHash } from 'node:crypto';
import { AppError } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';

export type SearchCriteria = {
  familyName?: string;
  givenName?: string;
  dateOfBirth?: string;
  aNumber?: string;
  passportNumber?: string;
};
export type SearchHit = {
  personId: string;
  familyName: string | null;
  givenName: string | null;
  dateOfBirth: string | null;
  records: number;
};

const hashed = (value: string | undefined) =>
  value === undefined
    ? undefined
    : createHash('sha256').update(value.toUpperCase()).digest('hex').slice(0, 16);

/**
 * Finds persons by name, date of birth or identifier, for a named purpose bound to a case or task.
 * Audited as a search; the audit row keeps only hashes of the terms (RELIABILITY.md T6.3).
 * Results are in person-id order: never ranked by anything about the person.
 */
export async function searchPersons(
  ctx: Context,
  principal: Principal,
  input: {
    criteria: SearchCriteria;
    purpose: string | undefined;
    target: string | undefined;
    limit?: number;
  },
): Promise<SearchHit[]> {
  const c = input.criteria;
  if (Object.values(c).every((v) => v === undefined || v.trim() === '')) {
    throw new AppError(
      'invalid_input',
      'give at least one of --family-name, --given-name, --dob, --a-number, --passport',
    );
  }
  const aNumber = c.aNumber === undefined ? undefined : `A${c.aNumber.replace(/\D/g, '').padStart(9, '0')}`;
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.read',
      event: 'record.search',
      purpose: input.purpose,
      target: input.target,
      query: Object.fromEntries(
        Object.entries({
          familyName: hashed(c.familyName),
          givenName: hashed(c.givenName),
          dateOfBirth: hashed(c.dateOfBirth),
          aNumber: hashed(aNumber),
          passportNumber: hashed(c.passportNumber),
        }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
    },
    async (tx) => {
      const rows = await tx.query<{
        person_id: string;
        family: string | null;
        given: string | null;
        dob: string | null;
        records: number;
      }>(
        `select pr.person_id, min(r.payload->>'familyName') as family, min(r.payload->>'givenName') as given,
                max(r.payload->>'dateOfBirth') as dob, count(*)::int as records
           from records r join person_records pr on pr.source_id = r.source_id and pr.source_record_id = r.source_record_id
          where r.is_current and pr.person_id in (
            select pr2.person_id from records r2
              join person_records pr2 on pr2.source_id = r2.source_id and pr2.source_record_id = r2.source_record_id
             where r2.is_current
               and ($1::text is null or upper(r2.payload->>'familyName') = upper($1))
               and ($2::text is null or upper(r2.payload->>'givenName') = upper($2))
               and ($3::text is null or r2.payload->>'dateOfBirth' = $3)
               and ($4::text is null or r2.payload->>'aNumber' = $4)
               and ($5::text is null or upper(r2.payload->>'passportNumber') = upper($5)))
          group by pr.person_id order by pr.person_id limit $6`,
        [
          c.familyName ?? null,
          c.givenName ?? null,
          c.dateOfBirth ?? null,
          aNumber ?? null,
          c.passportNumber ?? null,
          input.limit ?? 50,
        ],
      );
      const hits = rows.map((r) => ({
        personId: r.person_id,
        familyName: r.family,
        givenName: r.given,
        dateOfBirth: r.dob,
        records: r.records,
      }));
      return {
        value: hits,
        subjects: hits.map((h) => h.personId),
        fields: ['familyName', 'givenName', 'dateOfBirth'],
        details: { hits: hits.length },
      };
    },
  );
}
