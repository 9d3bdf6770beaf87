/**
 * Unlawful presence (RULES.md §5): days counted per stay from the first UP day (§5.2), skipping every
 * non-accrual window and exception (§5.3), and the 3- and 10-year bars a departure triggers (§5.4),
 * following the normative algorithm of §5.5 with conventions C3–C8.
 */
import { anniversaryOf, type Day, dayOf, isoOf, OPEN_END } from './calendar.js';
import { type Explanation, explain } from './explanation.js';
import { allOfType, type Entry, isOfType, isRemoval, type Ledger, type Stay } from './ledger.js';
import { type Count, mergedRanges, type Range, uncoveredCount, type Window } from './periods.js';
import type { RemovalCase } from './removal.js';
import { LAW_DATES, UNLAWFUL_PRESENCE } from './rule-tables.js';
import type { Bar } from './types.js';

const ASYLUM_CITATION =
  'INA §212(a)(9)(B)(iii)(II); INS memo (Cooper/Pearson, 1999-06-08); 8 CFR 208.14(c)(1)';

/** Pending bona fide asylum applications (statutory exception (iii)(II)) and asylee periods. */
export function asylumWindowsOf(
  ledger: Ledger,
  stays: readonly Stay[],
  removal: RemovalCase,
  why: Explanation,
) {
  const windows: Window[] = [];
  const flags: string[] = [];
  const filings = ledger.entries.filter(
    (e) =>
      isOfType(e, 'asylum_filed') || (isOfType(e, 'relief_application_filed') && e.event.relief === 'ASYLUM'),
  );
  let coveredUntil = -OPEN_END;
  for (const filing of filings) {
    if (filing.day <= coveredUntil) continue;
    const event = filing.event;
    if (event.type === 'asylum_filed' && event.bonaFide === false) {
      explain(
        why,
        '§5.3',
        `Asylum application of ${event.date} found not bona fide: no exception.`,
        [filing.index],
        ASYLUM_CITATION,
      );
      continue;
    }
    const used = [filing.index];
    let end = OPEN_END;
    for (const decided of allOfType(ledger, 'asylum_decided')) {
      if (decided.day < filing.day || decided.event.outcome === 'REFERRED_TO_IJ') {
        if (decided.day >= filing.day) used.push(decided.index);
        continue;
      }
      end = decided.day;
      used.push(decided.index);
      if (decided.event.outcome === 'GRANTED') {
        windows.push({
          kind: 'ASYLEE',
          from: decided.day,
          to: OPEN_END,
          events: [decided.index],
          rule: '§5.3',
        });
        explain(
          why,
          '§5.3',
          `Asylum granted on ${decided.event.date}: asylee status, a period of authorized stay.`,
          [decided.index],
          'INA §208(c); AFM 40.9.2',
        );
      }
      break;
    }
    if (end === OPEN_END && removal.finalOn !== null && removal.finalOn > filing.day) {
      // Pending until the order is administratively final: through the appeal window and BIA review
      // (protective reading of open question 1) [R].
      end = removal.finalOn - 1;
    }
    const stay = stays.find((s) => s.from <= filing.day && filing.day <= s.end);
    // Leaving the United States abandons a pending application (8 CFR 208.8).
    if (stay?.departure && stay.departure.day < end) end = stay.departure.day;
    coveredUntil = end;
    windows.push({ kind: 'ASYLUM_PENDING', from: filing.day, to: end, events: used, rule: '§5.3' });
    const unauthorized = event.type === 'asylum_filed' && event.unauthorizedEmployment === true;
    if (unauthorized) flags.push('ASYLUM_UNAUTHORIZED_EMPLOYMENT_REVIEW');
    explain(
      why,
      '§5.3',
      `Bona fide asylum application filed on ${event.date}${end < OPEN_END ? `, pending through ${isoOf(end)}` : ', still pending'}: those days do not count as unlawful presence${unauthorized ? '; unauthorized employment is on record, but which days it affects is for counsel, so the exception is kept for now (protective reading) [R]' : ''}. It is not a period of authorized stay, so it does not end an overstay.`,
      used,
      `${ASYLUM_CITATION}${unauthorized ? ' [R]' : ''}`,
    );
  }
  return { windows, flags };
}

export type StayPresence = Count & { stay: Stay; bar: Bar; barThrough: Day | null; end: Day };

type PresenceInput = {
  ledger: Ledger;
  /** Windows that stop counting, already clipped to the stays they belong to. */
  windows: readonly Window[];
  birthDay: Day | null;
};

/** The ranges of §5.5's "skip" lines: before 1997-04-01, under 18, and every non-accrual window. */
export function exclusionsOf({ windows, birthDay }: PresenceInput, flags: string[]): Range[] {
  const ranges: Range[] = [{ from: -OPEN_END, to: dayOf(LAW_DATES.unlawfulPresenceBegins) - 1 }];
  if (birthDay !== null) {
    const adult = anniversaryOf(birthDay, UNLAWFUL_PRESENCE.minorUntilAge, 'MARCH_1');
    if (adult.feb29Shifted) flags.push('C7_FEB29_BIRTHDAY_REVIEW');
    ranges.push({ from: -OPEN_END, to: adult.day - 1 });
  }
  for (const window of windows) ranges.push({ from: window.from, to: window.to });
  return mergedRanges(ranges);
}

/** UP days of one stay from `upStart` through `end` (C3, C4). */
export function presenceOf(stay: Stay, upStart: Day, end: Day, exclusions: readonly Range[]): Count {
  if (!stay.entry || upStart === OPEN_END)
    return { days: 0, firstDay: null, lastDay: null, includesFeb29: false };
  return uncoveredCount(exclusions, Math.max(upStart, stay.from), end);
}

export type BarDecision = { bar: Bar; through: Day | null; flags: string[]; text: string };

/** §5.4/§5.5 on departure: 10-year for a year or more, 3-year for 181–364 days and a departure before proceedings. */
export function barOf(
  count: Count,
  departure: Entry,
  commencements: readonly Day[],
  stayFrom: Day,
  exception: boolean,
  selfRemoved: boolean,
): BarDecision {
  const flags: string[] = [];
  const n = count.days;
  const oneYear = UNLAWFUL_PRESENCE.oneYearDays + (count.includesFeb29 ? 1 : 0);
  if (n === UNLAWFUL_PRESENCE.oneYearDays && count.includesFeb29) flags.push('C6_LEAP_YEAR_ONE_YEAR_REVIEW');
  if (exception)
    return { bar: 'NONE', through: null, flags, text: 'a VAWA or trafficking exception applies, so no bar' };
  if (n >= oneYear) {
    return {
      bar: 'TEN_YEAR',
      through: barEnd(departure.day, UNLAWFUL_PRESENCE.tenYearBarYears, flags),
      flags,
      text: `${n} days is one year or more: 10-year bar`,
    };
  }
  const voluntary = !isRemoval(departure) && !selfRemoved;
  const commenced = commencements.some((day) => day >= stayFrom && day <= departure.day);
  if (n >= UNLAWFUL_PRESENCE.threeYearBarMinDays && voluntary && !commenced) {
    return {
      bar: 'THREE_YEAR',
      through: barEnd(departure.day, UNLAWFUL_PRESENCE.threeYearBarYears, flags),
      flags,
      text: `${n} days is more than 180 and less than one year, and the departure was voluntary and before proceedings commenced: 3-year bar`,
    };
  }
  const reason =
    n < UNLAWFUL_PRESENCE.threeYearBarMinDays
      ? `${n} days is not more than 180`
      : voluntary
        ? 'the departure came after proceedings commenced (NTA filed)'
        : 'a removal is not a voluntary departure';
  return { bar: 'NONE', through: null, flags, text: `${reason}: no bar` };
}

/** C8: the bar runs through the anniversary of the departure; a Feb 29 anniversary in a common year is Feb 28 [R]. */
function barEnd(departure: Day, years: number, flags: string[]): Day {
  const anniversary = anniversaryOf(departure, years, 'FEBRUARY_28');
  if (anniversary.feb29Shifted) flags.push('C8_FEB29_ANNIVERSARY_REVIEW');
  return anniversary.day;
}

export const BAR_CITATION =
  'INA §212(a)(9)(B)(i)(I)-(II); RULES.md C6, C8; Lagandaon v. Ashcroft, 383 F.3d 983 (9th Cir. 2004); INS letter HQ 70/21.1.16 (1998-03-23)';

export const dayText = (day: Day | null) => (day === null ? 'none' : isoOf(day));
