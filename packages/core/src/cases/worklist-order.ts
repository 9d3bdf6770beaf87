/**
 * Work lists ordered by legal deadline only (SCOPE.md "What ilos will not do" 2): hearing dates,
 * appeal windows, voluntary-departure expiry and Privacy Act clocks. Nothing about the person —
 * name, nationality, status, age, history — is an input, so nothing about the person can move a case
 * up or down the list.
 */
import type { IsoDate } from '../status/types.js';
import type { CaseSnapshot } from './workflow.js';

export const DEADLINE_KINDS = [
  'HEARING',
  'APPEAL_DEADLINE',
  'VOLUNTARY_DEPARTURE_EXPIRY',
  'PRIVACY_ACT_ACKNOWLEDGE',
  'PRIVACY_ACT_DECIDE',
  'PRIVACY_ACT_APPEAL',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type LegalDeadline = { kind: DeadlineKind; due: IsoDate; citation: string };

/** The only fields worklistOrder reads: the case id (a stable tie-break) and its legal deadlines. */
export type WorklistItem = { caseId: string; deadlines: readonly LegalDeadline[] };

/** The legal deadlines a case's own state sets: the noticed hearing, the appeal window, the VD period. */
export function caseDeadlines(snapshot: CaseSnapshot): LegalDeadline[] {
  const deadlines: LegalDeadline[] = [];
  const pending = snapshot.state === 'NTA_ISSUED' || snapshot.state === 'PENDING_BEFORE_IJ';
  // A noticed hearing stays on the list after its date while the case still waits before the judge:
  // the outcome has not been recorded, which is overdue work, not nothing to do.
  if (pending && snapshot.hearingOn !== null) {
    deadlines.push({
      kind: 'HEARING',
      due: snapshot.hearingOn,
      citation: 'INA §239(a)(1)(G); 8 CFR 1003.18',
    });
  }
  if (snapshot.state === 'APPEAL_WINDOW' && snapshot.appealDeadline !== null) {
    deadlines.push({
      kind: 'APPEAL_DEADLINE',
      due: snapshot.appealDeadline,
      citation: '8 CFR 1003.38(b)-(c); 8 CFR 1241.1(c)',
    });
  }
  if (snapshot.state === 'VD_PERIOD' && snapshot.vdDepartBy !== null) {
    deadlines.push({
      kind: 'VOLUNTARY_DEPARTURE_EXPIRY',
      due: snapshot.vdDepartBy,
      citation: '8 CFR 1240.26; 8 CFR 1241.1(f)',
    });
  }
  return deadlines;
}

/** The earliest deadline of an item, or undefined when it has none. */
export function nextDeadline(item: WorklistItem): LegalDeadline | undefined {
  let next: LegalDeadline | undefined;
  for (const d of item.deadlines) if (next === undefined || d.due < next.due) next = d;
  return next;
}

/**
 * Orders a work list: earliest legal deadline first (past-due ones come first by their dates), items
 * without a deadline last, ties by case id. Returns a new array; extra fields of T ride along unread.
 */
export function worklistOrder<T extends WorklistItem>(items: readonly T[]): T[] {
  const keyed = items.map((item) => ({ item, due: nextDeadline(item)?.due ?? null }));
  keyed.sort((a, b) => {
    if (a.due !== b.due) {
      if (a.due === null) return 1;
      if (b.due === null) return -1;
      return a.due < b.due ? -1 : 1;
    }
    return a.item.caseId < b.item.caseId ? -1 : a.item.caseId > b.item.caseId ? 1 : 0;
  });
  return keyed.map((k) => k.item);
}
