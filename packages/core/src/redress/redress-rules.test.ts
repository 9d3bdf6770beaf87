import { describe, expect, it } from 'vitest';
import { isDisputeActive, nextRedressDeadline, redressDeadlines } from './redress-rules.js';
import { addWorkingDays, federalHolidays } from './working-days.js';

describe('federal working days', () => {
  it('lists the observed federal holidays of 2026 and 2027', () => {
    expect(federalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
    // New Year's Day 2028 is a Saturday: observed Friday 31 December 2027.
    expect(federalHolidays(2027)).toContain('2027-12-31');
    expect(federalHolidays(2027)).toContain('2027-06-18');
  });

  it('skips weekends and holidays when counting', () => {
    expect(addWorkingDays('2026-06-30', 1)).toBe('2026-07-01');
    expect(addWorkingDays('2026-07-02', 1)).toBe('2026-07-06'); // Fri 3 July observed, then the weekend
    expect(addWorkingDays('2026-11-20', 10)).toBe('2026-12-07'); // over Thanksgiving
  });
});

describe('Privacy Act clocks (T12.2)', () => {
  it('gives 10 working days to acknowledge and 30 to decide', () => {
    expect(redressDeadlines('2026-06-15')).toEqual({ acknowledgeBy: '2026-06-30', decideBy: '2026-07-29' }); // 19 June and 3 July are holidays
  });

  it('keeps a dispute active while open, and after a denial until the appeal window closes', () => {
    const open = {
      status: 'open',
      resolution: null,
      acknowledgeBy: '2026-06-30',
      decideBy: '2026-07-28',
      appealBy: null,
    } as const;
    const denied = { ...open, status: 'resolved', resolution: 'denied', appealBy: '2026-09-01' } as const;

    expect(isDisputeActive(open, '2027-01-01')).toBe(true);
    expect(isDisputeActive(denied, '2026-09-01')).toBe(true);
    expect(isDisputeActive(denied, '2026-09-02')).toBe(false);
    expect(isDisputeActive({ ...denied, resolution: 'amended' }, '2026-08-01')).toBe(false);
    expect(nextRedressDeadline(open, '2026-07-01')).toEqual({
      kind: 'acknowledge',
      due: '2026-06-30',
      overdue: true,
    });
  });
});
