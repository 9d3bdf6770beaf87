import { describe, expect, it } from 'vitest';
import { parseLifecycleEvents } from './event-validation.js';
import { statusReport } from './status-report.js';
import type { IsoDate, LifecycleEvent, StatusReport } from './types.js';

type Expected = {
  status: string;
  inUS?: boolean | 'UNKNOWN';
  lawfulStatusEndedOn?: string | null;
  overstay: {
    occurred: boolean;
    ongoing: boolean | 'UNKNOWN';
    since: string | null;
    reportCategory: string | null;
  };
  unlawfulPresence: {
    applicable: boolean | 'UNDETERMINED';
    days: number;
    accruingOnAsOf: boolean;
    firstDay: string | null;
    bar: string;
    barAppliesThrough: string | null;
    daysThroughClaimedDeparture?: number;
  };
  departureConfirmed: boolean | null;
  removal: { mayProceed: boolean; blockers: string[]; orderFinal: boolean | null; finalOn: string | null };
};
type Scenario = {
  id: string;
  title: string;
  events: LifecycleEvent[];
  asOf: IsoDate;
  expected: Expected;
  citations: Record<string, string[]>;
  notes?: string;
};

// Vitest runs on Node, where import.meta.url exists; core compiles with `types: []`, which does not declare it.
const here = (import.meta as ImportMeta & { url: string }).url;
const SHARED_SCENARIOS = here.replace(
  /packages\/core\/src\/status\/[^/]+$/,
  '../shared/scenarios/status-scenarios.json',
);
const FIXTURE_FILES = [
  'citizenship',
  'conventions',
  'admission',
  'overstay',
  'unlawful-presence',
  'precedence',
  'removal',
];

async function scenariosIn(url: string): Promise<Scenario[]> {
  const file = (await import(/* @vite-ignore */ url, { with: { type: 'json' } })) as {
    default: { scenarios: Scenario[] };
  };
  return file.default.scenarios;
}

const publicScenarios = await scenariosIn(SHARED_SCENARIOS);
const ownScenarios = (
  await Promise.all(FIXTURE_FILES.map((name) => scenariosIn(here.replace(/[^/]+$/, `fixtures/${name}.json`))))
).flat();

/** The graded fields of the scenario file (its gradingNotes), blockers as a set; inUS and lawfulStatusEndedOn too. */
function graded(report: StatusReport | Expected, expected: Expected) {
  const { overstay, unlawfulPresence: up, removal } = report;
  return {
    status: report.status,
    inUS: report.inUS,
    lawfulStatusEndedOn: report.lawfulStatusEndedOn,
    overstay: {
      occurred: overstay.occurred,
      ongoing: overstay.ongoing,
      since: overstay.since,
      reportCategory: expected.overstay.reportCategory === null ? null : overstay.reportCategory,
    },
    unlawfulPresence: {
      applicable: up.applicable,
      days: up.days,
      accruingOnAsOf: up.accruingOnAsOf,
      firstDay: up.firstDay,
      bar: up.bar,
      barAppliesThrough: up.barAppliesThrough,
      ...(expected.unlawfulPresence.daysThroughClaimedDeparture === undefined
        ? {}
        : { daysThroughClaimedDeparture: up.daysThroughClaimedDeparture }),
    },
    departureConfirmed: report.departureConfirmed,
    removal: {
      mayProceed: removal.mayProceed,
      blockers: [...removal.blockers].sort(),
      orderFinal: removal.orderFinal,
      finalOn: removal.finalOn,
    },
  };
}

describe('statusReport on the public scenarios (shared/scenarios/status-scenarios.json)', () => {
  it.each(publicScenarios)('$id: $title', ({ events, asOf, expected }) => {
    const report = statusReport(events, asOf);

    expect(graded(report, expected)).toEqual(graded(expected, expected));
  });
});

describe('statusReport on the worked scenarios in fixtures/', () => {
  it('has at least 60 worked scenarios, each citing its rule and showing its arithmetic', () => {
    expect(ownScenarios.length).toBeGreaterThanOrEqual(60);
    for (const scenario of ownScenarios) {
      expect(Object.values(scenario.citations).flat().length, scenario.id).toBeGreaterThan(0);
      expect(scenario.notes, scenario.id).toBeTruthy();
      expect(parseLifecycleEvents(scenario.events).ok, scenario.id).toBe(true);
    }
  });

  it.each(ownScenarios)('$id: $title', ({ events, asOf, expected }) => {
    const report = statusReport(events, asOf);

    expect(graded(report, expected)).toEqual(graded(expected, expected));
  });
});

describe('flags, review holds and informative extras of the worked scenarios', () => {
  const reportOf = (id: string) => {
    const scenario = ownScenarios.find((s) => s.id === id) as Scenario;
    return statusReport(scenario.events, scenario.asOf);
  };

  it.each([
    { id: 'F-C6-02', flag: 'C6_LEAP_YEAR_ONE_YEAR_REVIEW' },
    { id: 'F-C7-01', flag: 'C7_FEB29_BIRTHDAY_REVIEW' },
    { id: 'F-C8-01', flag: 'C8_FEB29_ANNIVERSARY_REVIEW' },
    { id: 'F-C11-01', flag: 'C11_VD_WITHOUT_DATE' },
    { id: 'F-C12-01', flag: 'C12_240_DAY_RULE_REVIEW' },
    { id: 'F-CIT-08', flag: 'BIRTHRIGHT_EO_14160_LEGAL_REVIEW' },
    { id: 'F-UP-19', flag: 'INA_212_A_9_C_PERMANENT_BAR_REVIEW' },
    { id: 'F-A-12', flag: 'ADMISSION_WITHOUT_I94_DATE' },
    { id: 'F-O-09', flag: 'APPROVAL_OF_ABANDONED_APPLICATION_REVIEW' },
    { id: 'F-O-11', flag: 'EXTENSION_DECISION_PAIRING_REVIEW' },
  ])('$id carries the flag $flag', ({ id, flag }) => {
    expect(reportOf(id).extra.flags).toContain(flag);
  });

  it.each([
    { id: 'F-R-17', hold: 'STAY_MOTION_PENDING_AUTOMATIC_TEMPORARY_STAY' },
    { id: 'F-R-26', hold: 'FEAR_SCREENING_NOT_COMPLETE' },
    { id: 'F-R-29', hold: 'PENDING_APPLICATION' },
    { id: 'F-R-31', hold: 'DEPARTURE_UNVERIFIED' },
    { id: 'F-R-33', hold: 'MINOR_TVPRA_REVIEW' },
    { id: 'F-P-06', hold: 'THIRD_COUNTRY_REMOVAL_REVIEW' },
  ])('$id is held for review: $hold', ({ id, hold }) => {
    const { removal } = reportOf(id);

    expect(removal.reviewHolds).toContain(hold);
    expect(removal.mayProceed).toBe(false);
  });

  it('reports the last day of work under the 240-day rule (C12)', () => {
    expect(reportOf('F-C12-01').extra.workAuthorizedThrough).toBe('2025-02-25');
  });

  it('flags a U.S. birth record beside a foreign-passport admission and asks to terminate the case (S34)', () => {
    const scenario = publicScenarios.find((s) => s.id === 'S34') as Scenario;

    expect(statusReport(scenario.events, scenario.asOf).removal.flags).toEqual([
      'RECORD_CONFLICT_US_BIRTH_WITH_NONIMMIGRANT_ADMISSION',
      'TERMINATE_OR_REOPEN_PROCEEDINGS',
    ]);
  });
});

describe('the rule chain', () => {
  const scenario = publicScenarios.find((s) => s.id === 'S26') as Scenario;

  it('explains every part of the answer with a rule id, a sentence, the events used and a citation', () => {
    const { explanation } = statusReport(scenario.events, scenario.asOf);

    expect(explanation.length).toBeGreaterThan(3);
    for (const step of explanation) {
      expect(step.rule).toMatch(/^(§\d|C\d|INV\d)/);
      expect(step.text.length).toBeGreaterThan(10);
      expect(step.citation.length).toBeGreaterThan(3);
      for (const index of step.events) expect(index).toBeLessThan(scenario.events.length);
    }
    expect(explanation.map((s) => s.rule)).toEqual(
      expect.arrayContaining(['§3.1', '§3.3', 'C4', '§7.4', '§6(8)']),
    );
  });

  it('passes the provenance of each event through to the steps that use it', () => {
    const events = scenario.events.map((event, index) => ({ ...event, recordIds: [`rec-${index}`] }));

    const { explanation } = statusReport(events, scenario.asOf);

    const bond = explanation.find((step) => step.text.startsWith('VD bond posted'));
    expect(bond?.recordIds).toEqual(['rec-8']);
    expect(explanation.find((step) => step.rule === '§3.1')?.recordIds).toEqual(['rec-0']);
  });

  it.each(['F-R-19', 'F-O-09', 'F-O-13'])(
    'says so when it takes the reading that protects the person (%s)',
    (id) => {
      const protective = ownScenarios.find((s) => s.id === id) as Scenario;

      const { explanation } = statusReport(protective.events, protective.asOf);

      expect(explanation.some((step) => step.text.includes('protective reading'))).toBe(true);
    },
  );
});

describe('statusReport basics', () => {
  it('ignores events dated after asOf', () => {
    const admitted: LifecycleEvent = {
      type: 'admission',
      date: '2024-01-10',
      class: 'B2',
      admitUntil: '2024-07-09',
      mode: 'AIR',
    };
    const later: LifecycleEvent = { type: 'naturalized', date: '2030-01-01' };

    expect(statusReport([admitted, later], '2024-09-01')).toEqual(statusReport([admitted], '2024-09-01'));
  });

  it('answers for a person with no events at all without presuming anything against them', () => {
    const report = statusReport([], '2024-01-01');

    expect(report.unlawfulPresence).toMatchObject({ applicable: 'UNDETERMINED', days: 0 });
    expect(report.overstay.occurred).toBe(false);
    expect(report.removal.mayProceed).toBe(false);
  });
});
