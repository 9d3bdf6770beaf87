import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  anniversaryOf,
  dayOf,
  federalHolidaysIn,
  isBusinessDay,
  isIsoDate,
  isoOf,
  leapDaysBetween,
  nextBusinessDayFrom,
  weekdayOf,
} from './calendar.js';

describe('day numbers (C1, C2)', () => {
  it('counts days from 1970-01-01 on the proleptic Gregorian calendar', () => {
    expect(dayOf('1970-01-01')).toBe(0);
    expect(dayOf('2000-03-01') - dayOf('2000-02-28')).toBe(2);
    expect(dayOf('1900-03-01') - dayOf('1900-02-28')).toBe(1);
    expect(weekdayOf(dayOf('2024-06-01'))).toBe(6);
  });

  it('formats back every day it parses', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOf('1800-01-01'), max: dayOf('2300-12-31') }), (day) => {
        expect(dayOf(isoOf(day))).toBe(day);
      }),
    );
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-13-01')).toBe(false);
    expect(isIsoDate('2023-1-01')).toBe(false);
    expect(isIsoDate(20230101)).toBe(false);
  });

  it('counts Feb 29s in a range, both ends included', () => {
    expect(leapDaysBetween(dayOf('2024-02-29'), dayOf('2024-02-29'))).toBe(1);
    expect(leapDaysBetween(dayOf('2023-03-01'), dayOf('2024-02-28'))).toBe(0);
    expect(leapDaysBetween(dayOf('1999-01-01'), dayOf('2001-01-01'))).toBe(1);
  });

  it('resolves a Feb 29 anniversary in a common year by the convention asked for (C7 Mar 1, C8 Feb 28)', () => {
    expect(isoOf(anniversaryOf(dayOf('2004-02-29'), 18, 'MARCH_1').day)).toBe('2022-03-01');
    expect(isoOf(anniversaryOf(dayOf('2024-02-29'), 10, 'FEBRUARY_28').day)).toBe('2034-02-28');
    expect(anniversaryOf(dayOf('2024-02-29'), 4, 'FEBRUARY_28')).toEqual({
      day: dayOf('2028-02-29'),
      feb29Shifted: false,
    });
  });
});

describe('federal holidays (5 U.S.C. 6103, C10)', () => {
  it('lists the eleven holidays of 2024 on their observed days', () => {
    expect(federalHolidaysIn(2024).map(([date]) => date)).toEqual([
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-10-14',
      '2024-11-11',
      '2024-11-28',
      '2024-12-25',
    ]);
  });

  it.each([
    { date: '2021-06-18', why: 'Juneteenth 2021 fell on a Saturday: observed Friday' },
    { date: '2021-07-05', why: 'Independence Day 2021 fell on a Sunday: observed Monday' },
    { date: '2021-12-24', why: 'Christmas 2021 fell on a Saturday: observed Friday' },
    {
      date: '2021-12-31',
      why: "New Year's Day 2022 fell on a Saturday: observed the Friday before, in 2021",
    },
    { date: '2026-07-03', why: 'Independence Day 2026 falls on a Saturday' },
    { date: '2027-06-18', why: 'Juneteenth 2027 falls on a Saturday' },
    { date: '2025-01-20', why: 'Inauguration Day (6103(c)) and Martin Luther King Day' },
    { date: '2021-01-20', why: 'Inauguration Day on a Wednesday (BIA sits in the D.C. area)' },
    { date: '2013-01-21', why: 'Inauguration Day 2013 fell on a Sunday: the next day' },
    { date: '1975-10-27', why: 'Veterans Day was the fourth Monday of October 1971-1977' },
    { date: '2025-01-09', why: 'configured closure: national day of mourning' },
  ])('$date is not a business day: $why', ({ date }) => {
    expect(isBusinessDay(dayOf(date))).toBe(false);
  });

  it('does not give a day off for an Inauguration Day that falls on a Saturday', () => {
    expect(federalHolidaysIn(2029).some(([, name]) => name === 'Inauguration Day')).toBe(false);
    expect(isBusinessDay(dayOf('2029-01-19'))).toBe(true);
  });

  it('computes holidays for any year, always eleven or twelve observed days from 1986 on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1986, max: 2400 }), (year) => {
        const count = federalHolidaysIn(year).length;
        const expected = year >= 2021 ? 11 : 10;
        expect(count).toBeGreaterThanOrEqual(expected - 1);
        expect(count).toBeLessThanOrEqual(expected + 2);
      }),
      { numRuns: 200 },
    );
  });
});

describe('business days (C9, C10)', () => {
  it('moves a last day off a weekend or holiday to the next business day', () => {
    expect(isoOf(nextBusinessDayFrom(dayOf('2024-06-01')))).toBe('2024-06-03');
    expect(isoOf(nextBusinessDayFrom(dayOf('2025-07-04')))).toBe('2025-07-07');
    expect(isoOf(nextBusinessDayFrom(dayOf('2024-06-04')))).toBe('2024-06-04');
  });

  it('counts business days after a day, skipping Thanksgiving', () => {
    expect(isoOf(addBusinessDays(dayOf('2024-11-25'), 5))).toBe('2024-12-03');
    expect(isoOf(addBusinessDays(dayOf('2024-02-01'), 5))).toBe('2024-02-08');
  });
});
