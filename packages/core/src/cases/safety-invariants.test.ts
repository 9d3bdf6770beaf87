import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../generator/population.js';
import { DEFAULT_REFERENCE_DATE } from '../generator/timeline.js';
import type { GeneratedPerson } from '../generator/types.js';
import { lifecycleEvents, type SourceRecord } from '../lifecycle/record-events.js';
import { dayOf, isoOf } from '../status/calendar.js';
import { statusReport } from '../status/status-report.js';
import type { IsoDate, LifecycleEvent } from '../status/types.js';
import {
  checkSafetyInvariants,
  type InvariantViolation,
  PROTECTED_CONDITIONS,
  type ProtectedCondition,
  protectedConditions,
  withFinalOrder,
} from './safety-invariants.js';

const REFERENCE = DEFAULT_REFERENCE_DATE as IsoDate;

const recordsOf = (person: GeneratedPerson): SourceRecord[] =>
  person.records.map((r) => ({
    sourceId: r.source,
    sourceRecordId: r.fields.sourceRecordId!,
    recordType: r.fields.recordType!,
    fields: r.fields,
  }));

describe('T14 safety invariants over a generated population (issue 6 item 5)', () => {
  it('lets no enforcement step through for a protected person, with or without a final order on file', () => {
    const violations: { personId: string; variant: string; v: InvariantViolation }[] = [];
    const conditionCounts: Partial<Record<ProtectedCondition, number>> = {};
    let allowedExecutions = 0;
    let citizensCleared = 0;
    let persons = 0;

    for (const person of generatePopulation({ people: 3000, seed: 'cases-t14' })) {
      persons++;
      const events = lifecycleEvents(recordsOf(person));
      for (const [variant, withOrder] of [
        ['records', events],
        ['records + final order', withFinalOrder(events, REFERENCE)],
      ] as const) {
        const report = statusReport(withOrder, REFERENCE);
        for (const confirmed of [true, false]) {
          const result = checkSafetyInvariants(withOrder, REFERENCE, confirmed, report);
          for (const v of result.violations) violations.push({ personId: person.personId, variant, v });
          if (!confirmed) continue;
          for (const c of result.conditions) conditionCounts[c] = (conditionCounts[c] ?? 0) + 1;
          if (result.allowed.includes('execute_removal')) {
            allowedExecutions++;
            if (person.facts.citizenship === 'US_CITIZEN') citizensCleared++;
          }
        }
      }
    }

    expect(violations.slice(0, 3)).toEqual([]);
    expect(citizensCleared).toBe(0);
    expect(persons).toBe(3000);
    // Not vacuous: removal may proceed for many people, and most protected conditions occur.
    expect(allowedExecutions).toBeGreaterThan(300);
    expect(conditionCounts.CITIZENSHIP_EVIDENCE).toBeGreaterThan(100);
    expect(conditionCounts.TPS).toBeGreaterThan(10);
  });
});

/** Random court histories (RELIABILITY.md T14.2: property-tested fact sets) with every protected condition. */
const STEPS = [
  'nta',
  'order_waived',
  'order_reserved',
  'order_absentia',
  'vd_pre',
  'vd_at',
  'vd_bond',
  'protection_same',
  'protection_other',
  'bia_appeal',
  'bia_dismissed',
  'bia_remanded',
  'stay_dhs',
  'stay_until',
  'stay_lifted',
  'mtr_absentia',
  'mtr_denied',
  'tps_granted',
  'tps_denied',
  'tps_prima_facie',
  'claim_review',
  'claim_rejected',
  'claim_confirmed',
  'born_us',
  'naturalized',
  'depart_verified',
  'depart_claimed',
  'readmit',
  'pfr',
] as const;
type Step = (typeof STEPS)[number];

function eventFor(step: Step, date: IsoDate, n: number): LifecycleEvent[] {
  const recordIds = [`test:R-${n}`];
  const plus = (days: number) => isoOf(dayOf(date) + days);
  const decision = { type: 'ij_decision' as const, date, recordIds, designatedCountry: 'GTM' };
  switch (step) {
    case 'nta':
      return [{ type: 'nta_filed', date, recordIds }];
    case 'order_waived':
      return [{ ...decision, outcome: 'REMOVAL_ORDERED', appealWaived: true }];
    case 'order_reserved':
      return [{ ...decision, outcome: 'REMOVAL_ORDERED', appealReserved: true }];
    case 'order_absentia':
      return [{ ...decision, outcome: 'REMOVAL_ORDERED', inAbsentia: true }];
    case 'vd_pre':
      return [
        {
          type: 'ij_decision',
          date,
          recordIds,
          outcome: 'VOLUNTARY_DEPARTURE',
          appealWaived: true,
          alternateOrderCountry: 'GTM',
          vd: { type: 'PRE_CONCLUSION', departBy: plus(90) },
        },
      ];
    case 'vd_at':
      return [
        {
          type: 'ij_decision',
          date,
          recordIds,
          outcome: 'VOLUNTARY_DEPARTURE',
          appealWaived: true,
          alternateOrderCountry: 'GTM',
          vd: { type: 'AT_CONCLUSION', departBy: plus(60), bondAmountUSD: 500 },
        },
      ];
    case 'vd_bond':
      return [{ type: 'vd_bond_posted', date, recordIds }];
    case 'protection_same':
      return [
        {
          ...decision,
          outcome: 'REMOVAL_ORDERED',
          appealWaived: true,
          protection: { type: 'CAT', country: 'GTM' },
        },
      ];
    case 'protection_other':
      return [
        {
          ...decision,
          outcome: 'REMOVAL_ORDERED',
          appealWaived: true,
          designatedCountry: 'MEX',
          protection: { type: 'WITHHOLDING', country: 'GTM' },
        },
      ];
    case 'bia_appeal':
      return [{ type: 'bia_appeal_filed', date, by: 'RESPONDENT', recordIds }];
    case 'bia_dismissed':
      return [{ type: 'bia_decision', date, outcome: 'DISMISSED', recordIds }];
    case 'bia_remanded':
      return [{ type: 'bia_decision', date, outcome: 'REMANDED', recordIds }];
    case 'stay_dhs':
      return [{ type: 'stay_granted', date, by: 'DHS', recordIds }];
    case 'stay_until':
      return [{ type: 'stay_granted', date, by: 'COURT_OF_APPEALS', until: plus(40), recordIds }];
    case 'stay_lifted':
      return [{ type: 'stay_lifted', date, recordIds }];
    case 'mtr_absentia':
      return [{ type: 'motion_to_reopen_filed', date, basis: 'IN_ABSENTIA_LACK_OF_NOTICE', recordIds }];
    case 'mtr_denied':
      return [{ type: 'motion_to_reopen_decided', date, outcome: 'DENIED', recordIds }];
    case 'tps_granted':
      return [{ type: 'tps_granted', date, until: plus(500), country: 'SLV', recordIds }];
    case 'tps_denied':
      return [{ type: 'tps_denied', date, recordIds }];
    case 'tps_prima_facie':
      return [{ type: 'tps_filed', date, country: 'SLV', primaFacie: true, recordIds }];
    case 'claim_review':
      return [{ type: 'citizenship_claim_asserted', date, resolution: 'UNDER_REVIEW', recordIds }];
    case 'claim_rejected':
      return [{ type: 'citizenship_claim_asserted', date, resolution: 'REJECTED', recordIds }];
    case 'claim_confirmed':
      return [{ type: 'citizenship_claim_asserted', date, resolution: 'CONFIRMED', recordIds }];
    case 'born_us':
      return [{ type: 'birth', date: '1990-05-05', place: 'US', recordIds }];
    case 'naturalized':
      return [{ type: 'naturalized', date, recordIds }];
    case 'depart_verified':
      return [{ type: 'departure', date, source: 'CBP_APIS_AIR', verified: true, recordIds }];
    case 'depart_claimed':
      return [{ type: 'departure', date, source: 'SELF_REPORTED', verified: false, recordIds }];
    case 'readmit':
      return [{ type: 'admission', date, class: 'B2', admitUntil: plus(180), mode: 'AIR', recordIds }];
    case 'pfr':
      return [{ type: 'petition_for_review_filed', date, recordIds }];
  }
}

const history = fc
  .record({
    steps: fc.array(
      fc.record({
        step: fc.constantFrom(...STEPS),
        gap: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 120 })),
      }),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
    afterDays: fc.integer({ min: 0, max: 400 }),
    confirmed: fc.boolean(),
  })
  .map(({ steps, afterDays, confirmed }) => {
    let day = dayOf('2023-01-10');
    const events: LifecycleEvent[] = [
      {
        type: 'admission',
        date: '2022-01-10',
        class: 'B2',
        admitUntil: '2022-07-09',
        mode: 'AIR',
        recordIds: ['test:I94'],
      },
      { type: 'nta_filed', date: '2023-01-05', recordIds: ['test:NTA'] },
    ];
    steps.forEach(({ step, gap }, n) => {
      day += gap;
      events.push(...eventFor(step, isoOf(day), n));
    });
    const sorted = events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i))
      .map(({ e }) => e);
    return { events: sorted, asOf: isoOf(day + afterDays), confirmed };
  });

describe('T14 safety invariants over random court histories', () => {
  it('never lets an enforcement step through while a protected condition holds', () => {
    const seen = new Set<ProtectedCondition>();
    let allowed = 0;

    fc.assert(
      fc.property(history, ({ events, asOf, confirmed }) => {
        const result = checkSafetyInvariants(events, asOf, confirmed);
        for (const c of result.conditions) seen.add(c);
        if (result.allowed.includes('execute_removal')) allowed++;

        expect(result.violations.map((v) => [v.transition, v.conditions])).toEqual([]);
      }),
      { numRuns: 3000 },
    );

    expect([...seen].sort()).toEqual([...PROTECTED_CONDITIONS].sort());
    expect(allowed).toBeGreaterThan(50);
  });

  it('reads each condition from the events alone', () => {
    const events = (...steps: Step[]) => {
      const out: LifecycleEvent[] = [{ type: 'nta_filed', date: '2023-01-05' }];
      steps.forEach((s, i) => {
        out.push(...eventFor(s, isoOf(dayOf('2024-01-02') + i * 3), i));
      });
      return out;
    };
    const on = (e: LifecycleEvent[], asOf: IsoDate = '2024-03-01') => protectedConditions(e, asOf, true);

    expect(on(events('order_reserved', 'bia_appeal'))).toEqual(['APPEAL_PENDING']);
    expect(on(events('order_reserved', 'bia_appeal', 'bia_dismissed'))).toEqual([]);
    expect(on(events('order_waived', 'stay_dhs'))).toEqual(['STAY_IN_EFFECT']);
    expect(on(events('order_waived', 'stay_dhs', 'stay_lifted'))).toEqual([]);
    expect(on(events('vd_at'))).toEqual([]);
    expect(on(events('vd_at', 'vd_bond'))).toEqual(['VOLUNTARY_DEPARTURE_RUNNING']);
    expect(on(events('protection_same'))).toEqual(['PROTECTION_FOR_DESIGNATED_COUNTRY']);
    expect(on(events('protection_other'))).toEqual([]);
    expect(on(events('claim_review'))).toEqual(['CITIZENSHIP_CLAIM_UNRESOLVED']);
    expect(on(events('claim_review', 'claim_rejected'))).toEqual([]);
    expect(on(events('tps_granted'))).toEqual(['TPS']);
    expect(protectedConditions([], '2024-01-01', false)).toEqual(['ONLY_PROBABLE_LINKS']);
  });
});
