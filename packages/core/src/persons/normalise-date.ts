/** A date of birth as recorded: possibly partial, possibly impossible (a keying error). */
export type BirthDate = {
  year: number;
  /** 1–12 when known (or the keyed value, when the date is impossible). */
  month: number | null;
  day: number | null;
  precision: 'year' | 'month' | 'day';
  /** False for a keyed date that no calendar has (1945-04-93): kept for typo comparison only. */
  valid: boolean;
  /** YYYYMMDD with 00 for unknown parts: the form compared character by character. */
  digits: string;
};

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Parses YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD (FEBRL), YYYYMM and YYYY/MM/DD. Unknown parts may be
 * written 00 or XX (1980-00-00, 1980-XX-XX), the convention of many immigration forms.
 * Returns null when there is no four-digit year at all.
 */
export function parseBirthDate(raw: string): BirthDate | null {
  const text = raw.trim().toUpperCase().replace(/X/g, '0');
  const match = /^(\d{4})(?:[-/]?(\d{2})(?:[-/]?(\d{2}))?)?$/.exec(text);
  if (match === null) return null;
  const year = Number(match[1]);
  if (year === 0) return null;
  const month = match[2] === undefined || match[2] === '00' ? null : Number(match[2]);
  const day = month === null || match[3] === undefined || match[3] === '00' ? null : Number(match[3]);
  const precision = day !== null ? 'day' : month !== null ? 'month' : 'year';
  const valid =
    month === null ||
    (month >= 1 && month <= 12 && (day === null || (day >= 1 && day <= daysIn(year, month))));
  const pad = (n: number | null) => (n === null ? '00' : String(n).padStart(2, '0'));
  return { year, month, day, precision, valid, digits: `${match[1]}${pad(month)}${pad(day)}` };
}

/** The ISO form of a complete valid date, else null. */
export function isoBirthDate(date: BirthDate): string | null {
  if (date.precision !== 'day' || !date.valid) return null;
  return `${date.digits.slice(0, 4)}-${date.digits.slice(4, 6)}-${date.digits.slice(6, 8)}`;
}

/** Whether two dates are the same complete date read with day and month exchanged (03/04 vs 04/03). */
export function isDayMonthSwap(a: BirthDate, b: BirthDate): boolean {
  return (
    a.precision === 'day' &&
    b.precision === 'day' &&
    a.year === b.year &&
    a.month !== a.day &&
    a.month === b.day &&
    a.day === b.month
  );
}

/** Whether a partial date is consistent with another date (1980-05 and 1980-05-17). */
export function isConsistent(a: BirthDate, b: BirthDate): boolean {
  if (a.year !== b.year) return false;
  if (a.month === null || b.month === null) return true;
  if (a.month !== b.month) return false;
  return a.day === null || b.day === null || a.day === b.day;
}
