import { describe, expect, it } from 'vitest';
import { statusReport } from '../status/status-report.js';
import type { IsoDate, LifecycleEvent } from '../status/types.js';
import { overstayRow } from './overstay-report.js';

const AS_OF = '2025-06-30' as IsoDate;
const admitted: LifecycleEvent[] = [
  {
    type: 'admission',
    date: '2024-01-10',
    class: 'B2',
    admitUntil: '2024-07-09',
    mode: 'AIR',
  } as LifecycleEvent,
];

const reasonFor = (extra: object[], unlinkedDepartureCandidate = false) => {
  const events = [...admitted, ...(extra as LifecycleEvent[])];
  return overstayRow({
    personId: 'P-1',
    report: statusReport(events, AS_OF),
    events,
    nationality: 'BRA',
    identityConfirmed: true,
    unlinkedDepartureCandidate,
  });
};

describe('why a suspected in-country overstay has no verified departure', () => {
  it('counts a plain overstay with no departure record as NO_DEPARTURE_RECORD', () => {
    expect(reasonFor([])).toMatchObject({
      category: 'SUSPECTED_IN_COUNTRY',
      unverifiedReason: 'NO_DEPARTURE_RECORD',
    });
  });

  it('names proceedings, and an unresolved citizenship claim beside them as a data conflict', () => {
    const nta = { type: 'nta_issued', date: '2024-09-01' };
    const claim = {
      type: 'citizenship_claim_asserted',
      date: '2024-10-01',
      basis: 'ACQUISITION',
      resolution: 'UNDER_REVIEW',
    };

    expect(reasonFor([nta])?.unverifiedReason).toBe('IN_PROCEEDINGS');
    // RULES.md §1: an unresolved claim puts the overstay itself in doubt; it is named before the rest.
    expect(reasonFor([nta, claim])).toMatchObject({
      category: 'SUSPECTED_IN_COUNTRY',
      unverifiedReason: 'DATA_CONFLICT',
    });
  });

  it('does not count a person with citizenship evidence as an overstay at all', () => {
    const birth = {
      type: 'birth',
      date: '1990-07-04',
      place: 'US',
      placeDetail: 'Houston, TX',
      evidence: 'STATE_BIRTH_CERTIFICATE',
      diplomaticParent: false,
    };
    expect(reasonFor([birth])).toMatchObject({ category: 'NONE', unverifiedReason: null });
  });

  it('puts a departure in review before the other reasons, and a self-reported one before that', () => {
    expect(reasonFor([], true)?.unverifiedReason).toBe('UNLINKED_RECORD');
    const claimed = { type: 'departure', date: '2024-08-01', source: 'SELF_REPORTED', verified: false };
    expect(reasonFor([claimed], true)?.unverifiedReason).toBe('SELF_REPORTED_ONLY');
  });
});
