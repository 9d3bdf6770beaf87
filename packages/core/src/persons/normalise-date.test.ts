import { describe, expect, it } from 'vitest';
import { isConsistent, isDayMonthSwap, parseBirthDate } from './normalise-date.js';

describe('parseBirthDate', () => {
  it.each([
    { raw: '1980-05-17', precision: 'day', digits: '19800517', valid: true },
    { raw: '19800517', precision: 'day', digits: '19800517', valid: true },
    { raw: '1980-05', precision: 'month', digits: '19800500', valid: true },
    { raw: '1980', precision: 'year', digits: '19800000', valid: true },
    { raw: '1980-00-00', precision: 'year', digits: '19800000', valid: true },
    { raw: '1980-XX-XX', precision: 'year', digits: '19800000', valid: true },
    { raw: '19450493', precision: 'day', digits: '19450493', valid: false },
    { raw: '19105412', precision: 'day', digits: '19105412', valid: false },
    { raw: '2023-02-29', precision: 'day', digits: '20230229', valid: false },
  ])('reads $raw as $precision precision ($digits, valid $valid)', ({ raw, precision, digits, valid }) => {
    expect(parseBirthDate(raw)).toMatchObject({ precision, digits, valid });
  });

  it('rejects text without a four-digit year', () => {
    expect(parseBirthDate('17/05/80')).toBeNull();
    expect(parseBirthDate('')).toBeNull();
  });

  it('detects a day/month exchange, but not on a date whose day equals its month', () => {
    const a = parseBirthDate('1980-03-04')!;

    expect(isDayMonthSwap(a, parseBirthDate('1980-04-03')!)).toBe(true);
    expect(isDayMonthSwap(a, parseBirthDate('1981-04-03')!)).toBe(false);
    expect(isDayMonthSwap(parseBirthDate('1980-04-04')!, parseBirthDate('1980-04-04')!)).toBe(false);
  });

  it('finds a year-only date consistent with a full date of that year', () => {
    expect(isConsistent(parseBirthDate('1980')!, parseBirthDate('1980-05-17')!)).toBe(true);
    expect(isConsistent(parseBirthDate('1980-06')!, parseBirthDate('1980-05-17')!)).toBe(false);
  });
});
