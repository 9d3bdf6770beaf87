/**
 * Civil dates as whole day numbers (days since 1970-01-01), so the generator adds days with `+`
 * and compares with `<` without Date objects or time zones (RULES.md C1–C2).
 * Conversions use Howard Hinnant's days_from_civil / civil_from_days.
 */

/** Day number of a civil date. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1–12) and day (1–31) of a day number. */
export function civilFromDay(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

// ISO strings of 1900-01-01 … 2100-12-31, built on first use: formatting is the hottest path of
// the generator, and a lookup is ten times faster than building the string.
const CACHE_FIRST = dayFromCivil(1900, 1, 1);
const CACHE_LAST = dayFromCivil(2100, 12, 31);
// Dense (filled with '') so V8 keeps it a fast packed array rather than a dictionary of holes.
const isoCache: string[] = new Array<string>(CACHE_LAST - CACHE_FIRST + 1).fill('');
const yearCache = new Int16Array(CACHE_LAST - CACHE_FIRST + 1);

/** `YYYY-MM-DD` of a day number. */
export function isoOf(dayNumber: number): string {
  if (dayNumber < CACHE_FIRST || dayNumber > CACHE_LAST) return formatIso(dayNumber);
  const index = dayNumber - CACHE_FIRST;
  let iso = isoCache[index] as string;
  if (iso === '') {
    iso = formatIso(dayNumber);
    isoCache[index] = iso;
  }
  return iso;
}

function formatIso(dayNumber: number): string {
  const [y, m, d] = civilFromDay(dayNumber);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Day number of a `YYYY-MM-DD` string. */
export function dayOf(iso: string): number {
  return dayFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The same day of the month n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(dayNumber: number, months: number): number {
  const [y, m, d] = civilFromDay(dayNumber);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return dayFromCivil(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addYears(dayNumber: number, years: number): number {
  return addMonths(dayNumber, years * 12);
}

export function yearOf(dayNumber: number): number {
  if (dayNumber < CACHE_FIRST || dayNumber > CACHE_LAST) return civilFromDay(dayNumber)[0];
  const index = dayNumber - CACHE_FIRST;
  let year = yearCache[index] as number;
  if (year === 0) {
    year = civilFromDay(dayNumber)[0];
    yearCache[index] = year;
  }
  return year;
}
