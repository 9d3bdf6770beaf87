import { describe, expect, it } from 'vitest';
import { statusTimeline } from './status-timeline.js';
import type { LifecycleEvent } from './types.js';

const visitor: LifecycleEvent = {
  type: 'admission',
  date: '2024-03-10',
  class: 'B2',
  admitUntil: '2024-09-09',
  mode: 'AIR',
};

describe('statusTimeline', () => {
  it('starts at the admission and overstays from the day after admit-until (C3)', () => {
    expect(statusTimeline([visitor], '2025-01-01')).toEqual([
      { from: '2024-03-10', to: '2024-09-09', status: 'NONIMMIGRANT_IN_STATUS', ruleIds: ['§6(10)'] },
      { from: '2024-09-10', to: null, status: 'OVERSTAY', ruleIds: ['§6(10)'] },
    ]);
  });

  it('walks a student through status, the 60-day grace and the overstay', () => {
    const events: LifecycleEvent[] = [
      { type: 'admission', date: '2021-08-15', class: 'F1', admitUntil: 'D/S', mode: 'AIR' },
      { type: 'sevis_program_end', date: '2025-05-15', reason: 'COMPLETED' },
    ];

    expect(statusTimeline(events, '2025-12-31').map(({ from, status }) => [from, status])).toEqual([
      ['2021-08-15', 'NONIMMIGRANT_IN_STATUS'],
      ['2025-05-16', 'NONIMMIGRANT_GRACE_PERIOD'],
      ['2025-07-15', 'OVERSTAY'],
    ]);
  });

  it('shows a pending extension, its approval and a departure', () => {
    const events: LifecycleEvent[] = [
      visitor,
      {
        type: 'extension_filed',
        date: '2024-08-20',
        form: 'I-539',
        requestedUntil: '2025-03-09',
        nonFrivolous: true,
      },
      { type: 'extension_decided', date: '2024-11-01', outcome: 'APPROVED', grantedUntil: '2025-03-09' },
      { type: 'departure', date: '2025-03-01', source: 'CBP_APIS_AIR', verified: true },
    ];

    expect(statusTimeline(events, '2025-06-01').map(({ from, to, status }) => [from, to, status])).toEqual([
      ['2024-03-10', '2024-09-09', 'NONIMMIGRANT_IN_STATUS'],
      ['2024-09-10', '2024-10-31', 'AUTHORIZED_STAY_PENDING_EXTENSION'],
      ['2024-11-01', '2025-02-28', 'NONIMMIGRANT_IN_STATUS'],
      ['2025-03-01', null, 'DEPARTED'],
    ]);
  });

  it('puts a U.S.-born person in one interval from birth', () => {
    expect(statusTimeline([{ type: 'birth', date: '1990-07-04', place: 'US' }], '2024-01-01')).toEqual([
      { from: '1990-07-04', to: null, status: 'US_CITIZEN', ruleIds: ['§6(1)'] },
    ]);
  });

  it('is empty before anything happened', () => {
    expect(statusTimeline([visitor], '2020-01-01')).toEqual([]);
    expect(statusTimeline([], '2020-01-01')).toEqual([]);
  });
});
