/**
 * Federal working days (5 U.S.C. 6103): Privacy Act clocks count days "excluding Saturdays, Sundays, and
 * legal public holidays" (5 U.S.C. 552a(d)(2)(A)). Holidays that fall on a Saturday are observed the
 * Friday before, on a Sunday the Monday after (Executive Order 11582). Inauguration Day, a holiday only
 * in the Washington area, is not counted. Dates are civil dates, 'YYYY-MM-DD'.
 */
export type IsoDate = string;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): IsoDate => `${y}-${pad(m)}-${pad(d)}`;
const dayOfWeek = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

/** The n-th given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, weekday: number, n: number): IsoDate {
  if (n > 0) {
    const first = dayOfWeek(y, m, 1);
    return iso(y, m, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return iso(y, m, last - ((dayOfWeek(y, m, last) - weekday + 7) % 7));
}

function observed(y: number, m: number, d: number): IsoDate {
  const date = new Date(Date.UTC(y, m - 1, d));
  const dow = date.getUTCDay();
  if (dow === 6) date.setUTCDate(d - 1);
  if (dow === 0) date.setUTCDate(d + 1);
  return date.toISOString().slice(0, 10);
}

/** The observed federal holidays falling in calendar year `year`. */
export function federalHolidays(year: number): IsoDate[] {
  const days = [
    observed(year, 1, 1),
    nthWeekday(year, 1, 1, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    ...(year >= 2021 ? [observed(year, 6, 19)] : []), // Juneteenth
    observed(year, 7, 4),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(year, 11, 11),
    nthWeekday(year, 11, 4, 4), // Thanksgiving Day
    observed(year, 12, 25),
    observed(year + 1, 1, 1), // next New Year's Day, observed on Dec 31 when Jan 1 is a Saturday
  ];
  return days.filter((d) => d.startsWith(`${year}-`)).sort();
}

const holidayCache = new Map<number, Set<IsoDate>>();
export function isFederalHoliday(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  let set = holidayCache.get(year);
  if (set === undefined) {
    set = new Set(federalHolidays(year));
    holidayCache.set(year, set);
  }
  return set.has(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !isFederalHoliday(date);
}

/** The date `n` working days after `date` (the day itself is not counted). */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new Error(`'${date}' is not a date`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}
