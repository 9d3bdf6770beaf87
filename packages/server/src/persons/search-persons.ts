import { createHash } from 'node:crypto';
import { AppError } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import { checkBulk } from '../access/bulk-access.js';
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
  value === undefined || value.trim() === ''
    ? undefined
    : createHash('sha256').update(value.toUpperCase()).digest('hex').slice(0, 16);

const aNumberOf = (c: SearchCriteria) =>
  c.aNumber === undefined ? undefined : `A${c.aNumber.replace(/\D/g, '').padStart(9, '0')}`;

/** The search criteria and the record expressions they match (upper-cased where case does not count). */
const CRITERIA = [
  ['familyName', "upper(r2.payload->>'familyName')", true],
  ['givenName', "upper(r2.payload->>'givenName')", true],
  ['dateOfBirth', "r2.payload->>'dateOfBirth'", false],
  ['aNumber', "r2.payload->>'aNumber'", false],
  ['passportNumber', "upper(r2.payload->>'passportNumber')", true],
] as const;

/** A search's terms as the audit row and a bulk approval keep them: hashed, never in clear (T6.3). */
export function searchQuery(c: SearchCriteria): Record<string, string> {
  return Object.fromEntries(
    Object.entries({
      familyName: hashed(c.familyName),
      givenName: hashed(c.givenName),
      dateOfBirth: hashed(c.dateOfBirth),
      aNumber: hashed(aNumberOf(c)),
      passportNumber: hashed(c.passportNumber),
    }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
}

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
    approval?: string | undefined;
  },
): Promise<SearchHit[]> {
  return (await searchPersonsPage(ctx, principal, { ...input, offset: 0 })).hits;
}

/**
 * One page of a search. A search that reaches more than the bulk limit of persons (offset + hits: paging
 * counts) is refused, and audited as denied, unless it carries a granted approval for exactly this query
 * (T8.4, ADR 0016). Only the page's persons are the audit row's subjects.
 */
export async function searchPersonsPage(
  ctx: Context,
  principal: Principal,
  input: {
    criteria: SearchCriteria;
    purpose: string | undefined;
    target: string | undefined;
    limit?: number;
    offset?: number;
    approval?: string | undefined;
  },
): Promise<{ hits: SearchHit[]; more: boolean }> {
  const c = input.criteria;
  if (Object.values(c).every((v) => v === undefined || v.trim() === '')) {
    throw new AppError(
      'invalid_input',
      'give at least one of --family-name, --given-name, --dob, --a-number, --passport',
    );
  }
  const aNumber = aNumberOf(c);
  const limit = input.limit ?? 50;
  const offset = input.offset ?? 0;
  const query = searchQuery(c);
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.read',
      event: 'record.search',
      purpose: input.purpose,
      target: input.target,
      query: { ...query, ...(input.approval === undefined ? {} : { approval: input.approval }) },
    },
    async (tx, grant) => {
      // Only the given criteria become conditions, so the planner can use the expression indexes of
      // migration 0025 (a `$1 is null or …` condition hides them behind a generic plan). The column
      // expressions are fixed text; every value is a bound parameter.
      const params: (string | number)[] = [];
      const conditions = CRITERIA.flatMap(([key, expression, fold]) => {
        const value = key === 'aNumber' ? aNumber : c[key];
        if (value === undefined || value.trim() === '') return [];
        params.push(value);
        return [fold ? `${expression} = upper($${params.length})` : `${expression} = $${params.length}`];
      });
      params.push(limit + 1, offset);
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
             where r2.is_current and ${conditions.join(' and ')})
          group by pr.person_id order by pr.person_id limit $${params.length - 1} offset $${params.length}`,
        params,
      );
      const hits = rows.slice(0, limit).map((r) => ({
        personId: r.person_id,
        familyName: r.family,
        givenName: r.given,
        dateOfBirth: r.dob,
        records: r.records,
      }));
      const bulk = await checkBulk(ctx, tx, grant, {
        kind: 'search',
        count: offset + hits.length,
        approval: input.approval,
        query,
      });
      if (!bulk.ok)
        return {
          value: { hits: [], more: false },
          subjects: [],
          fields: [],
          details: { refused: 'bulk_approval_required', reached: offset + hits.length },
          error: bulk.error,
        };
      return {
        value: { hits, more: rows.length > limit },
        subjects: hits.map((h) => h.personId),
        fields: ['familyName', 'givenName', 'dateOfBirth'],
        details: { hits: hits.length, ...bulk.details },
      };
    },
  );
}
