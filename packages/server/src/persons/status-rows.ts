import { type IsoDate, personStatus, type SourceRecord } from '@ilos/core';
import type { CopyValue } from '../db/sql.js';

/** Persons to derive, each with their records and whether every link holding them is confirmed. */
export type StatusPage = { personId: string; records: readonly SourceRecord[]; confirmed: boolean }[];

export const STATUS_COLUMNS = [
  'person_id',
  'as_of',
  'status',
  'identity_confirmed',
  'nationality',
  'report',
  'timeline',
  'events',
] as const;

/** person_status rows (STATUS_COLUMNS) for a page of persons on `asOf`. */
export function statusRows(page: StatusPage, asOf: IsoDate): CopyValue[][] {
  return page.map(({ personId, records, confirmed }) => {
    const derived = personStatus(records, asOf, confirmed);
    return [
      personId,
      asOf,
      derived.status,
      derived.identityConfirmed,
      derived.nationality,
      JSON.stringify(derived.report),
      JSON.stringify(derived.timeline),
      JSON.stringify(derived.events),
    ];
  });
}
