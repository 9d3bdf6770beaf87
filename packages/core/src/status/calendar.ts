/**
 * Civil dates as integer day numbers (days since 1970-01-01) so the engine's hot paths compare and
 * add integers, never Date objects (C1, C2: proleptic Gregorian, no time zone). Business days and
 * federal holidays (C9, C10) are computed from the tables in rule-tables.ts for any year.
 */
import { CLOSURE_DAYS, FEDERAL_HOLIDAYS, type HolidayDate, type HolidayRule } from './rule-tables.js';
import type { IsoDate } from './types.js';

/** Days since 1970-01-01. */
export type Day = number;

/** A day later than any real date: the end of a period that has not ended. */
export const OPEN_END: Day = Number.POSITIVE_INFINITY;

/** Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
export function dayFromParts(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of dayFromParts. */
export function partsOfDay(dayNumber: Day): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/** `YYYY-MM-DD` → day number. Assumes a validated date (see isIsoDate). */
export function dayOf(date: IsoDate | string): Day {
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  return dayFromParts(year, digit(date, 5) * 10 + digit(date, 6), digit(date, 8) * 10 + digit(date, 9));
}

// Formatting is the engine's most repeated string work; dates cluster in a few centuries, so keep
// every formatted day from 1900 to 2199 in an array indexed by day number.
const CACHE_FROM = dayFromParts(1900, 1, 1);
const CACHE_TO = dayFromParts(2200, 1, 1);
const isoCache: (IsoDate | undefined)[] = Array.from({ length: CACHE_TO - CACHE_FROM }, () => undefined);

/** Day number → `YYYY-MM-DD`. */
export function isoOf(dayNumber: Day): IsoDate {
  const slot = dayNumber - CACHE_FROM;
  const cached = dayNumber >= CACHE_FROM && dayNumber < CACHE_TO ? isoCache[slot] : undefined;
  if (cached !== undefined) return cached;
  const { year, month, day } = partsOfDay(dayNumber);
  const iso =
    `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}` as IsoDate;
  if (dayNumber >= CACHE_FROM && dayNumber < CACHE_TO) isoCache[slot] = iso;
  return iso;
}

/** The optional form: null and open ends stay null. */
export function isoOrNull(dayNumber: Day | null): IsoDate | null {
  return dayNumber === null || !Number.isFinite(dayNumber) ? null : isoOf(dayNumber);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2023-02-29 is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return partsOfDay(dayFromParts(year, month, day)).day === day;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: Day): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The n-th anniversary. A Feb 29 anniversary in a common year is resolved by `feb29` (C7 puts a
 * birthday on Mar 1; C8 ends a bar on Feb 28) and reported so the caller can flag it [R].
 */
export function anniversaryOf(
  dayNumber: Day,
  years: number,
  feb29: 'MARCH_1' | 'FEBRUARY_28',
): { day: Day; feb29Shifted: boolean } {
  const { year, month, day } = partsOfDay(dayNumber);
  const target = year + years;
  if (month === 2 && day === 29 && !isLeapYear(target)) {
    return {
      day: feb29 === 'MARCH_1' ? dayFromParts(target, 3, 1) : dayFromParts(target, 2, 28),
      feb29Shifted: true,
    };
  }
  return { day: dayFromParts(target, month, day), feb29Shifted: false };
}

/** Number of Feb 29s in the inclusive range [from, to]. */
export function leapDaysBetween(from: Day, to: Day): number {
  if (to < from) return 0;
  let count = 0;
  const first = partsOfDay(from).year;
  const last = partsOfDay(to).year;
  for (let year = first; year <= last; year++) {
    if (!isLeapYear(year)) continue;
    const feb29 = dayFromParts(year, 2, 29);
    if (feb29 >= from && feb29 <= to) count++;
  }
  return count;
}

function holidayDate(rule: HolidayDate, year: number): Day {
  if (rule.kind === 'fixed') return dayFromParts(year, rule.month, rule.day);
  if (rule.kind === 'nth') {
    const first = dayFromParts(year, rule.month, 1);
    return first + ((rule.weekday - weekdayOf(first) + 7) % 7) + (rule.n - 1) * 7;
  }
  const last = dayFromParts(year, rule.month + 1, 1) - 1;
  return last - ((weekdayOf(last) - rule.weekday + 7) % 7);
}

function observedDay(rule: HolidayRule, actual: Day): Day | null {
  const weekday = weekdayOf(actual);
  if (weekday === 0) return actual + 1;
  if (weekday === 6) return rule.observance === 'SAT_TO_FRI_SUN_TO_MON' ? actual - 1 : null;
  return actual;
}

const holidaysByYear = new Map<number, Map<Day, string>>();

/** Observed federal holidays whose legal date falls in `year` (an observed day may fall in year − 1). */
function holidaysOf(year: number): Map<Day, string> {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const days = new Map<Day, string>();
  for (const rule of FEDERAL_HOLIDAYS) {
    if (year < rule.fromYear || (rule.toYear !== undefined && year > rule.toYear)) continue;
    if (rule.every && year % rule.every.every !== rule.every.remainder) continue;
    const observed = observedDay(rule, holidayDate(rule.date, year));
    if (observed !== null) days.set(observed, rule.name);
  }
  holidaysByYear.set(year, days);
  return days;
}

const closures = new Map<Day, string>(CLOSURE_DAYS.map((closure) => [dayOf(closure.date), closure.reason]));

/** The federal holiday or closure observed on this day, if any (C10). */
export function nonBusinessReason(dayNumber: Day): string | null {
  const weekday = weekdayOf(dayNumber);
  if (weekday === 0) return 'Sunday';
  if (weekday === 6) return 'Saturday';
  const { year } = partsOfDay(dayNumber);
  // Jan 1 on a Saturday is observed on Dec 31 of the year before, so look one year ahead too.
  return (
    holidaysOf(year).get(dayNumber) ?? holidaysOf(year + 1).get(dayNumber) ?? closures.get(dayNumber) ?? null
  );
}

export const isBusinessDay = (dayNumber: Day) => nonBusinessReason(dayNumber) === null;

/** C9: a last day falling on a Saturday, Sunday or legal holiday moves to the next business day. */
export function nextBusinessDayFrom(dayNumber: Day): Day {
  let day = dayNumber;
  while (!isBusinessDay(day)) day++;
  return day;
}

/** The n-th business day after `dayNumber` (day 1 = the first business day after it). */
export function addBusinessDays(dayNumber: Day, n: number): Day {
  let day = dayNumber;
  for (let counted = 0; counted < n; ) {
    day++;
    if (isBusinessDay(day)) counted++;
  }
  return day;
}

/** Observed federal holidays in a year, for tests and the CLI: `[date, name]`, in date order. */
export function federalHolidaysIn(year: number): [IsoDate, string][] {
  const all = [...holidaysOf(year), ...holidaysOf(year + 1)].filter(([day]) => partsOfDay(day).year === year);
  return all.sort((a, b) => a[0] - b[0]).map(([day, name]) => [isoOf(day), name]);
}
