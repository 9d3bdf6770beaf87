import type { RecordType } from '../records/record-types.js';

/**
 * Retention (RELIABILITY.md T13, AU-11): a record is kept for its source's retentionYears counted from the
 * record's own date — the date of the event it records — or, when it has none, from the day ilos received
 * it. Past that, with no legal hold and no open dispute, it is disposed of.
 */
export const RECORD_DATE_FIELD: Record<RecordType, string> = {
  visa_issuance: 'decisionDate',
  admission: 'admissionDate',
  departure: 'departureDate',
  benefit_application: 'filedDate',
  benefit_decision: 'decisionDate',
  sevis_event: 'programEndDate',
  court_event: 'eventDate',
  removal_event: 'eventDate',
  us_passport: 'issueDate',
  birth_record: 'dateOfBirth',
  counsel_appearance: 'filedDate',
  address_of_record: 'filedDate',
  citizenship_claim: 'assertedDate',
  self_reported_departure: 'reportedDate',
};

/** The last day a record anchored on `anchor` (YYYY-MM-DD) may be kept under a schedule of `years`. */
export function retainUntil(anchor: string, years: number): string {
  const [y, m, d] = anchor.split('-').map(Number) as [number, number, number];
  const until = new Date(Date.UTC(y + years, m - 1, d));
  if (until.getUTCMonth() !== m - 1) until.setUTCDate(0); // 29 February → 28 February
  return until.toISOString().slice(0, 10);
}

/** Whether a record anchored on `anchor` is past its retention on `asOf`. */
export function isPastRetention(anchor: string, years: number, asOf: string): boolean {
  return asOf > retainUntil(anchor, years);
}
