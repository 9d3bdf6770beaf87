import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOf } from './calendar.js';
import { evaluateStatus, statusReport } from './status-report.js';
import { statusTimeline } from './status-timeline.js';
import {
  type IsoDate,
  type LifecycleEvent,
  PERSON_STATUSES,
  REMOVAL_BLOCKERS,
  REVIEW_HOLDS,
  type StatusReport,
} from './types.js';

const STEPS = [
  'depart_verified',
  'depart_claimed',
  'readmit',
  'extension_filed',
  'extension_approved',
  'extension_denied',
  'cos_finding',
  'aos_filed',
  'aos_approved',
  'aos_denied',
  'asylum_filed',
  'asylum_granted',
  'tps_granted',
  'tps_filed',
  'nta_filed',
  'ij_order',
  'ij_absentia',
  'ij_waived',
  'ij_vd',
  'ij_protection',
  'ij_relief',
  'vd_bond',
  'bia_appeal',
  'bia_dismissed',
  'bia_remanded',
  'mtr_absentia',
  'mtr_general',
  'mtr_granted',
  'mtr_denied',
  'stay_granted',
  'stay_lifted',
  'pfr_ca9',
  'removal_executed',
  'lpr_granted',
  'program_end',
  'employment_ended',
  'satisfactory_departure',
  'claim_review',
  'deferred_action',
  'entry_without_inspection',
  'bar_exception',
] as const;
type Step = (typeof STEPS)[number];

const ENTRIES = ['B2', 'WT', 'F1', 'J1', 'H1B', 'IR1', 'CAN', 'EWI', 'NONE'] as const;

type Person = { events: LifecycleEvent[]; asOf: IsoDate };

function eventOf(step: Step, date: IsoDate, day: number): LifecycleEvent[] {
  const later = (days: number) => isoOf(day + days);
  switch (step) {
    case 'depart_verified':
      return [{ type: 'departure', date, source: 'CBP_APIS_AIR', verified: true }];
    case 'depart_claimed':
      return [{ type: 'departure', date, source: 'SELF_REPORTED', verified: false }];
    case 'readmit':
      return [{ type: 'admission', date, class: 'B2', admitUntil: later(180), mode: 'AIR' }];
    case 'extension_filed':
      return [
        {
          type: 'extension_filed',
          date,
          form: 'I-539',
          requestedUntil: later(365),
          nonFrivolous: true,
          unauthorizedEmployment: false,
        },
      ];
    case 'extension_approved':
      return [{ type: 'extension_decided', date, outcome: 'APPROVED', grantedUntil: later(300) }];
    case 'extension_denied':
      return [{ type: 'extension_decided', date, outcome: 'DENIED', denialReason: 'INELIGIBLE' }];
    case 'cos_finding':
      return [
        {
          type: 'change_of_status_decided',
          date,
          outcome: 'DENIED',
          denialReason: 'FAILED_TO_MAINTAIN_STATUS',
          statusViolationFinding: true,
        },
      ];
    case 'aos_filed':
      return [{ type: 'aos_filed', date, form: 'I-485' }];
    case 'aos_approved':
      return [{ type: 'aos_decided', date, outcome: 'APPROVED' }];
    case 'aos_denied':
      return [{ type: 'aos_decided', date, outcome: 'DENIED' }];
    case 'asylum_filed':
      return [{ type: 'asylum_filed', date, forum: 'USCIS', bonaFide: true }];
    case 'asylum_granted':
      return [{ type: 'asylum_decided', date, outcome: 'GRANTED' }];
    case 'tps_granted':
      return [{ type: 'tps_granted', date, until: later(540), country: 'SLV' }];
    case 'tps_filed':
      return [{ type: 'tps_filed', date, country: 'SLV', primaFacie: true }];
    case 'nta_filed':
      return [{ type: 'nta_filed', date }];
    case 'ij_order':
      return [{ type: 'ij_decision', date, outcome: 'REMOVAL_ORDERED', designatedCountry: 'MEX' }];
    case 'ij_absentia':
      return [
        { type: 'ij_decision', date, outcome: 'REMOVAL_ORDERED', inAbsentia: true, designatedCountry: 'MEX' },
      ];
    case 'ij_waived':
      return [
        {
          type: 'ij_decision',
          date,
          outcome: 'REMOVAL_ORDERED',
          appealWaived: true,
          designatedCountry: 'MEX',
        },
      ];
    case 'ij_vd':
      return [
        {
          type: 'ij_decision',
          date,
          outcome: 'VOLUNTARY_DEPARTURE',
          appealWaived: true,
          vd: { type: 'AT_CONCLUSION', departBy: later(60) },
        },
      ];
    case 'ij_protection':
      return [
        {
          type: 'ij_decision',
          date,
          outcome: 'REMOVAL_ORDERED',
          designatedCountry: 'SLV',
          protection: { type: 'WITHHOLDING', country: 'SLV' },
        },
      ];
    case 'ij_relief':
      return [{ type: 'ij_decision', date, outcome: 'RELIEF_GRANTED' }];
    case 'vd_bond':
      return [{ type: 'vd_bond_posted', date }];
    case 'bia_appeal':
      return [{ type: 'bia_appeal_filed', date, by: 'RESPONDENT' }];
    case 'bia_dismissed':
      return [{ type: 'bia_decision', date, outcome: 'DISMISSED' }];
    case 'bia_remanded':
      return [{ type: 'bia_decision', date, outcome: 'REMANDED' }];
    case 'mtr_absentia':
      return [{ type: 'motion_to_reopen_filed', date, basis: 'IN_ABSENTIA_LACK_OF_NOTICE' }];
    case 'mtr_general':
      return [{ type: 'motion_to_reopen_filed', date, basis: 'GENERAL' }];
    case 'mtr_granted':
      return [{ type: 'motion_to_reopen_decided', date, outcome: 'GRANTED' }];
    case 'mtr_denied':
      return [{ type: 'motion_to_reopen_decided', date, outcome: 'DENIED' }];
    case 'stay_granted':
      return [{ type: 'stay_granted', date, by: 'DHS', until: later(200) }];
    case 'stay_lifted':
      return [{ type: 'stay_lifted', date, by: 'DHS' }];
    case 'pfr_ca9':
      return [{ type: 'petition_for_review_filed', date, court: 'CA9', stayMotionFiled: true }];
    case 'removal_executed':
      return [{ type: 'removal_executed', date, verifiedBy: 'I-205' }];
    case 'lpr_granted':
      return [{ type: 'lpr_granted', date, via: 'ADJUSTMENT' }];
    case 'program_end':
      return [{ type: 'sevis_program_end', date, reason: 'COMPLETED' }];
    case 'employment_ended':
      return [{ type: 'employment_ended', date }];
    case 'satisfactory_departure':
      return [{ type: 'satisfactory_departure_granted', date, until: later(30) }];
    case 'claim_review':
      return [{ type: 'citizenship_claim_asserted', date, basis: 'ACQUISITION', resolution: 'UNDER_REVIEW' }];
    case 'deferred_action':
      return [{ type: 'authorized_stay_granted', date, basis: 'DEFERRED_ACTION', until: later(730) }];
    case 'entry_without_inspection':
      return [{ type: 'entry_without_inspection', date }];
    case 'bar_exception':
      return [{ type: 'bar_exception_determined', date, basis: 'TRAFFICKING' }];
  }
}

function entryOf(
  kind: (typeof ENTRIES)[number],
  date: IsoDate,
  day: number,
  admitDays: number,
): LifecycleEvent[] {
  const until = isoOf(day + admitDays);
  switch (kind) {
    case 'B2':
    case 'H1B':
      return [{ type: 'admission', date, class: kind, admitUntil: until, mode: 'AIR' }];
    case 'WT':
      return [{ type: 'admission', date, class: 'WT', admitUntil: isoOf(day + 89), mode: 'AIR' }];
    case 'F1':
    case 'J1':
      return [{ type: 'admission', date, class: kind, admitUntil: 'D/S', mode: 'AIR' }];
    case 'IR1':
      return [{ type: 'admission', date, class: 'IR1', admitUntil: null, mode: 'AIR', immigrant: true }];
    case 'CAN':
      return [
        { type: 'admission', date, class: 'B2', admitUntil: null, mode: 'LAND', passportIssuer: 'CAN' },
      ];
    case 'EWI':
      return [{ type: 'entry_without_inspection', date }];
    case 'NONE':
      return [];
  }
}

const personArbitrary: fc.Arbitrary<Person> = fc
  .record({
    start: fc.integer({ min: dayOf('1994-01-01'), max: dayOf('2026-06-01') }),
    age: fc.option(fc.integer({ min: 0, max: 60 * 365 }), { nil: null }),
    entry: fc.constantFrom(...ENTRIES),
    admitDays: fc.integer({ min: 30, max: 1100 }),
    steps: fc.array(fc.record({ step: fc.constantFrom(...STEPS), gap: fc.integer({ min: 0, max: 500 }) }), {
      maxLength: 7,
    }),
    asOfAfter: fc.integer({ min: 0, max: 2500 }),
  })
  .map(({ start, age, entry, admitDays, steps, asOfAfter }) => {
    const events: LifecycleEvent[] = [];
    if (age !== null) events.push({ type: 'birth', date: isoOf(start - age), place: 'ABROAD' });
    events.push(...entryOf(entry, isoOf(start), start, admitDays));
    let day = start;
    for (const { step, gap } of steps) {
      day += gap;
      events.push(...eventOf(step, isoOf(day), day));
    }
    return { events, asOf: isoOf(start + asOfAfter) };
  });

/** The answer without the rule chain, whose event indexes depend on input order. */
const answerOf = (report: StatusReport) => ({ ...report, explanation: [] });

const RUNS = { numRuns: 400 };

describe('status engine invariants', () => {
  it('always answers in the output schema', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const report = statusReport(events, asOf);

        expect(PERSON_STATUSES).toContain(report.status);
        for (const code of report.removal.blockers) expect(REMOVAL_BLOCKERS).toContain(code);
        for (const hold of report.removal.reviewHolds) expect(REVIEW_HOLDS).toContain(hold);
        expect(Number.isInteger(report.unlawfulPresence.days)).toBe(true);
        expect(report.unlawfulPresence.days).toBeGreaterThanOrEqual(0);
        expect(report.unlawfulPresence.firstDay === null).toBe(report.unlawfulPresence.days === 0);
        if (report.unlawfulPresence.accruingOnAsOf) expect(report.unlawfulPresence.days).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('never finds a citizen removable', () => {
    fc.assert(
      fc.property(personArbitrary, fc.boolean(), ({ events, asOf }, byBirth) => {
        const citizen: LifecycleEvent = byBirth
          ? { type: 'birth', date: '1960-01-01', place: 'US' }
          : { type: 'naturalized', date: asOf };
        const others = byBirth ? events.filter((e) => e.type !== 'birth') : events;

        const report = statusReport([citizen, ...others], asOf);

        expect(report.status).toBe('US_CITIZEN');
        expect(report.removal.mayProceed).toBe(false);
        expect(report.removal.blockers).toContain('US_CITIZEN');
        expect(report.unlawfulPresence.applicable).toBe(false);
      }),
      RUNS,
    );
  });

  it('never counts more days of unlawful presence than days present in the current stay', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const report = statusReport(events, asOf);
        const entries = events
          .filter((e) => (e.type === 'admission' || e.type === 'entry_without_inspection') && e.date <= asOf)
          .map((e) => dayOf(e.date));

        if (entries.length === 0) {
          expect(report.unlawfulPresence.days).toBe(0);
        } else {
          expect(report.unlawfulPresence.days).toBeLessThanOrEqual(dayOf(asOf) - Math.max(...entries) + 1);
        }
      }),
      RUNS,
    );
  });

  it('ignores events dated after asOf', () => {
    fc.assert(
      fc.property(personArbitrary, personArbitrary, ({ events, asOf }, other) => {
        const shift = dayOf(asOf) + 1 - Math.min(...other.events.map((e) => dayOf(e.date)), dayOf(asOf) + 1);
        const future = other.events.map((e) => ({ ...e, date: isoOf(dayOf(e.date) + Math.max(shift, 0)) }));

        expect(statusReport([...events, ...future], asOf)).toEqual(statusReport(events, asOf));
      }),
      RUNS,
    );
  });

  it('never adds unlawful presence for an approved timely extension', () => {
    fc.assert(
      fc.property(
        personArbitrary,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 400 }),
        ({ events, asOf }, before, decidedAfter) => {
          const admission = events.find(
            (e) => e.type === 'admission' && e.admitUntil !== null && e.admitUntil !== 'D/S',
          );
          if (admission?.type !== 'admission' || typeof admission.admitUntil !== 'string') return;
          const until = dayOf(admission.admitUntil);
          const filed = Math.max(dayOf(admission.date), until - before);
          const extension: LifecycleEvent[] = [
            {
              type: 'extension_filed',
              date: isoOf(filed),
              form: 'I-539',
              nonFrivolous: true,
              unauthorizedEmployment: false,
            },
            {
              type: 'extension_decided',
              date: isoOf(filed + decidedAfter),
              outcome: 'APPROVED',
              grantedUntil: isoOf(until + 180),
            },
          ];

          const withExtension = statusReport([...events, ...extension], asOf).unlawfulPresence.days;

          expect(withExtension).toBeLessThanOrEqual(statusReport(events, asOf).unlawfulPresence.days);
        },
      ),
      RUNS,
    );
  });

  it('never confirms a departure once the verified departures are removed', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const unverified = events.filter(
          (e) => !(e.type === 'departure' && e.verified) && !(e.type === 'removal_executed' && e.verifiedBy),
        );

        expect(statusReport(unverified, asOf).departureConfirmed).not.toBe(true);
      }),
      RUNS,
    );
  });

  it('lets removal proceed only with no blocker and no review hold', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const { removal } = statusReport(events, asOf);

        if (removal.mayProceed) {
          expect(removal.blockers).toEqual([]);
          expect(removal.reviewHolds).toEqual([]);
          expect(removal.orderFinal).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the input when event dates differ', () => {
    fc.assert(
      fc.property(personArbitrary, fc.integer(), ({ events, asOf }, seed) => {
        const byDate = new Map(events.map((e) => [e.date, e]));
        const distinct = [...byDate.values()];
        const shuffled = [...distinct].sort(
          (a, b) => ((dayOf(a.date) * 7919 + seed) % 101) - ((dayOf(b.date) * 7919 + seed) % 101),
        );

        expect(answerOf(statusReport(shuffled, asOf))).toEqual(answerOf(statusReport(distinct, asOf)));
      }),
      RUNS,
    );
  });

  it('imposes a bar only after a departure or removal on record', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const report = statusReport(events, asOf);
        const departed = events.some(
          (e) => (e.type === 'departure' || e.type === 'removal_executed') && e.date <= asOf,
        );

        if (report.unlawfulPresence.bar !== 'NONE') expect(departed).toBe(true);
      }),
      RUNS,
    );
  });

  it('counts no unlawful presence for a lawful permanent resident without a final order', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const lpr: LifecycleEvent[] = [
          {
            type: 'admission',
            date: '1990-01-01',
            class: 'IR1',
            admitUntil: null,
            mode: 'AIR',
            immigrant: true,
          },
        ];
        const noOrders = events.filter(
          (e) =>
            e.type !== 'ij_decision' &&
            e.type !== 'removal_order_issued' &&
            e.type !== 'admission' &&
            e.type !== 'entry_without_inspection' &&
            e.type !== 'departure' &&
            e.type !== 'removal_executed' &&
            e.type !== 'citizenship_claim_asserted',
        );

        const report = statusReport([...lpr, ...noOrders], asOf);

        expect(report.unlawfulPresence.applicable).toBe(false);
        expect(report.unlawfulPresence.days).toBe(0);
      }),
      RUNS,
    );
  });
});

describe('statusTimeline invariants', () => {
  it('is contiguous, without overlaps or equal neighbours, and ends in the status of statusReport', () => {
    fc.assert(
      fc.property(personArbitrary, ({ events, asOf }) => {
        const timeline = statusTimeline(events, asOf);
        if (timeline.length === 0) return;

        for (let i = 1; i < timeline.length; i++) {
          const previous = timeline[i - 1]!;
          const current = timeline[i]!;
          expect(previous.to).not.toBeNull();
          expect(dayOf(current.from)).toBe(dayOf(previous.to!) + 1);
          expect(current.status).not.toBe(previous.status);
        }
        expect(timeline.at(-1)!.to).toBeNull();
        expect(timeline.at(-1)!.status).toBe(statusReport(events, asOf).status);
      }),
      RUNS,
    );
  });

  it('agrees with the engine on any day it covers', () => {
    fc.assert(
      fc.property(
        personArbitrary,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        (person, picks) => {
          const timeline = statusTimeline(person.events, person.asOf);
          if (timeline.length === 0) return;
          const first = dayOf(timeline[0]!.from);
          const last = dayOf(person.asOf);

          for (const pick of picks) {
            const day = first + Math.floor(pick * (last - first + 1));
            const interval = timeline.find(
              (t) => dayOf(t.from) <= day && (t.to === null || day <= dayOf(t.to)),
            );
            expect(interval?.status).toBe(evaluateStatus(person.events, isoOf(day), false).decision.status);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
