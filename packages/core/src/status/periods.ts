/**
 * Periods of authorized stay and other day ranges the rules switch on. Windows are inclusive of both
 * their first and last day (C5); an open window ends at OPEN_END.
 */
import { type Day, leapDaysBetween } from './calendar.js';

export type WindowKind =
  | 'CITIZEN'
  | 'LPR'
  | 'EXTENSION_PENDING'
  | 'ADJUSTMENT_PENDING'
  | 'VOLUNTARY_DEPARTURE'
  | 'SATISFACTORY_DEPARTURE'
  | 'TPS'
  | 'PROTECTION'
  | 'ASYLEE'
  | 'STAY_OF_REMOVAL'
  | 'AUTHORIZED_STAY'
  /** A statutory exception to counting (INA §212(a)(9)(B)(iii)(II)), not a period of authorized stay. */
  | 'ASYLUM_PENDING'
  /**
   * The days an approval of an application abandoned by departure purports to cover: not a period of
   * authorized stay (the admission's own I-94 date governs the overstay), but no unlawful presence is
   * counted on them (protective reading, RULES.md §1 invariant 6) [R].
   */
  | 'APPROVAL_OF_ABANDONED_APPLICATION';

export type Window = { kind: WindowKind; from: Day; to: Day; events: number[]; rule: string };

/**
 * Every kind but a pending asylum application and an approval of an abandoned application ends an
 * overstay (RULES.md §1: "period of authorized stay"); those two only stop unlawful presence.
 */
export const isAuthorizedStay = (window: Window) =>
  window.kind !== 'ASYLUM_PENDING' && window.kind !== 'APPROVAL_OF_ABANDONED_APPLICATION';

export function windowOn(windows: readonly Window[], day: Day, kind: WindowKind): Window | null {
  for (const window of windows)
    if (window.kind === kind && window.from <= day && day <= window.to) return window;
  return null;
}

export type Range = { from: Day; to: Day };

/** Sorted, merged copy of the ranges (adjacent ranges join), optionally only those `keep` accepts. */
export function mergedRanges<R extends Range>(ranges: readonly R[], keep?: (range: R) => boolean): Range[] {
  const sorted: Range[] = [];
  for (const range of ranges) {
    if (range.from > range.to || (keep && !keep(range))) continue;
    // Insertion sort: a handful of ranges per person.
    let i = sorted.length;
    while (i > 0 && (sorted[i - 1] as Range).from > range.from) i--;
    sorted.splice(i, 0, { from: range.from, to: range.to });
  }
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) {
      if (range.to > last.to) last.to = range.to;
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** The first day of [from, to] outside every (merged) range, or null when all are covered. */
export function firstUncoveredDay(merged: readonly Range[], from: Day, to: Day): Day | null {
  let day = from;
  for (const range of merged) {
    if (range.to < day) continue;
    if (range.from > day) break;
    day = range.to + 1;
  }
  return day <= to ? day : null;
}

export type Count = { days: number; firstDay: Day | null; lastDay: Day | null; includesFeb29: boolean };

/**
 * Days of [from, to] outside every (merged) range: the UP count of C4 with the windows of C5.
 * `includesFeb29` is only worked out when it can matter (exactly 365 days, C6).
 */
export function uncoveredCount(merged: readonly Range[], from: Day, to: Day): Count {
  const count: Count = { days: 0, firstDay: null, lastDay: null, includesFeb29: false };
  const pieces: Day[] = [];
  let day = from;
  for (const range of merged) {
    if (day > to || range.from > to) break;
    if (range.to < day) continue;
    if (range.from > day) pieces.push(day, range.from - 1);
    day = range.to + 1;
  }
  if (day <= to) pieces.push(day, to);
  for (let i = 0; i < pieces.length; i += 2) {
    const a = pieces[i] as Day;
    const b = pieces[i + 1] as Day;
    count.days += b - a + 1;
    if (count.firstDay === null) count.firstDay = a;
    count.lastDay = b;
  }
  if (count.days === 365) {
    for (let i = 0; i < pieces.length && !count.includesFeb29; i += 2) {
      if (leapDaysBetween(pieces[i] as Day, pieces[i + 1] as Day) > 0) count.includesFeb29 = true;
    }
  }
  return count;
}
