import type { IsoDate, LifecycleEvent, StatusReport } from '../status/types.js';

/** What the report needs of one person: the derived status, its events and a few identity facts. */
export type OverstayInput = {
  personId: string;
  report: StatusReport;
  events: readonly LifecycleEvent[];
  /** Country of citizenship as the records give it (most common value), if any. */
  nationality: string | null;
  /** False when any of the person's links is only probable (ADR 0007). */
  identityConfirmed: boolean;
  /** True when a departure record could belong to this person but is not linked (an open review task). */
  unlinkedDepartureCandidate: boolean;
};

/**
 * Why a suspected in-country overstay has no verified departure, as far as the records can tell
 * (issue 6). `NO_DEPARTURE_RECORD` covers what records cannot tell apart: a person still here, a
 * land exit to Mexico (RULES.md §4.5.1) and a lost manifest.
 */
export const DEPARTURE_GAPS = [
  'SELF_REPORTED_ONLY',
  'UNLINKED_RECORD',
  'DATA_CONFLICT',
  'VOLUNTARY_DEPARTURE_PERIOD',
  'IN_PROCEEDINGS',
  'PENDING_BENEFIT',
  'NO_DEPARTURE_RECORD',
] as const;
export type DepartureGap = (typeof DEPARTURE_GAPS)[number];

export type OverstayRow = {
  personId: string;
  admissionDate: IsoDate;
  classOfAdmission: string;
  mode: string;
  nationality: string | null;
  /** The last day of the authorized period, which puts the admission in a fiscal year. */
  authorizedEnd: IsoDate | null;
  inScope: boolean;
  category: 'NONE' | 'OUT_OF_COUNTRY' | 'SUSPECTED_IN_COUNTRY';
  overstaySince: IsoDate | null;
  unverifiedReason: DepartureGap | null;
  recordIds: string[];
};

type Counts = { expected: number; outOfCountry: number; suspectedInCountry: number };

export type OverstayReport = {
  fiscalYear: number | null;
  asOf: IsoDate;
  methodology: string[];
  expectedDepartures: number;
  overstays: { total: number; outOfCountry: number; suspectedInCountry: number };
  rates: { total: number; outOfCountry: number; suspectedInCountry: number };
  suspectedByReason: Record<DepartureGap, number>;
  byClass: Record<string, Counts>;
  byCountry: Record<string, Counts>;
  /** Overstays by the month they began (YYYY-MM). */
  byMonth: Record<string, { outOfCountry: number; suspectedInCountry: number }>;
  outOfScope: number;
};

/** Transit and crew classes are outside the DHS metric (RULES.md §4.2). */
const TRANSIT_OR_CREW = /^(C|D)\d|^C1D$/;

/** The fiscal year a date falls in: October 1 starts the next year's (RULES.md §4.2). */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 10 ? year + 1 : year;
}

const dayBefore = (date: IsoDate): IsoDate => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10) as IsoDate;
};

/** One row per person whose most recent admission is a nonimmigrant one, in the report's terms. */
export function overstayRow(input: OverstayInput): OverstayRow | null {
  const admission = [...input.events].reverse().find((e) => e.type === 'admission');
  if (
    admission === undefined ||
    admission.type !== 'admission' ||
    admission.immigrant === true ||
    admission.admitUntil === null
  )
    return null;
  const { report } = input;
  const category = report.overstay.reportCategory ?? 'NONE';
  const since = report.overstay.since;
  const authorizedEnd =
    since !== null
      ? dayBefore(since)
      : (report.lawfulStatusEndedOn ?? (admission.admitUntil === 'D/S' ? null : admission.admitUntil));
  const inScope =
    (admission.mode === 'AIR' || admission.mode === 'SEA') && !TRANSIT_OR_CREW.test(admission.class);
  return {
    personId: input.personId,
    admissionDate: admission.date,
    classOfAdmission: admission.class,
    mode: admission.mode ?? 'UNKNOWN',
    nationality: input.nationality,
    authorizedEnd,
    inScope,
    category,
    overstaySince: category === 'NONE' ? null : since,
    unverifiedReason: category === 'SUSPECTED_IN_COUNTRY' ? unverifiedReasonOf(input, admission.date) : null,
    recordIds: admission.recordIds ?? [],
  };
}

/** Why the departure is unverified, from the person's records, most specific first. */
function unverifiedReasonOf(input: OverstayInput, admittedOn: IsoDate): DepartureGap {
  const after = input.events.filter((e) => e.date >= admittedOn);
  if (after.some((e) => e.type === 'departure' && !e.verified)) return 'SELF_REPORTED_ONLY';
  if (input.unlinkedDepartureCandidate) return 'UNLINKED_RECORD';
  // Records that contradict each other about who the person is: citizenship evidence or a claim
  // beside a foreign admission (a probable link alone is not a conflict; it is how most records join).
  if (
    input.report.status === 'CITIZENSHIP_CLAIM_UNDER_REVIEW' ||
    input.report.removal.blockers.includes('US_CITIZEN')
  )
    return 'DATA_CONFLICT';
  const removal = input.report.removal;
  if (
    removal.vdDepartBy !== undefined &&
    removal.vdDepartBy >= input.report.overstay.since! &&
    removal.caseState === 'VD_PERIOD'
  ) {
    return 'VOLUNTARY_DEPARTURE_PERIOD';
  }
  if (after.some((e) => e.type === 'nta_issued' || e.type === 'nta_filed')) return 'IN_PROCEEDINGS';
  const filed = new Set([
    'extension_filed',
    'change_of_status_filed',
    'aos_filed',
    'asylum_filed',
    'tps_filed',
  ]);
  const decided: Record<string, string> = {
    extension_filed: 'extension_decided',
    change_of_status_filed: 'change_of_status_decided',
    aos_filed: 'aos_decided',
    asylum_filed: 'asylum_decided',
    tps_filed: 'tps_granted',
  };
  for (const e of after) {
    if (!filed.has(e.type)) continue;
    const answer = decided[e.type]!;
    const closed = after.some(
      (d) => (d.type === answer || (e.type === 'tps_filed' && d.type === 'tps_denied')) && d.date >= e.date,
    );
    if (!closed) return 'PENDING_BENEFIT';
  }
  return 'NO_DEPARTURE_RECORD';
}

/**
 * The overstay report per the DHS methodology (RULES.md §4): the unit is an admission, in scope when
 * it is an air or sea nonimmigrant admission other than transit or crew, counted in the fiscal year
 * its authorized period ends; split by certainty (a recorded late departure vs none recorded) and,
 * for suspected in-country overstays, by why no departure is verified. Never ranks people.
 */
export function overstayReport(
  rows: readonly OverstayRow[],
  asOf: IsoDate,
  fiscalYear: number | null,
): OverstayReport {
  const suspectedByReason = Object.fromEntries(DEPARTURE_GAPS.map((r) => [r, 0])) as Record<
    DepartureGap,
    number
  >;
  const byClass: Record<string, Counts> = {};
  const byCountry: Record<string, Counts> = {};
  const byMonth: Record<string, { outOfCountry: number; suspectedInCountry: number }> = {};
  let expected = 0;
  let out = 0;
  let suspected = 0;
  let outOfScope = 0;
  for (const row of rows) {
    if (!row.inScope) {
      outOfScope++;
      continue;
    }
    if (row.authorizedEnd === null || row.authorizedEnd > asOf) continue; // not yet expected to depart
    if (fiscalYear !== null && fiscalYearOf(row.authorizedEnd) !== fiscalYear) continue;
    expected++;
    const cls = entry(byClass, row.classOfAdmission, () => ({
      expected: 0,
      outOfCountry: 0,
      suspectedInCountry: 0,
    }));
    const country = entry(byCountry, row.nationality ?? 'UNKNOWN', () => ({
      expected: 0,
      outOfCountry: 0,
      suspectedInCountry: 0,
    }));
    cls.expected++;
    country.expected++;
    if (row.category === 'NONE') continue;
    const month = entry(byMonth, (row.overstaySince ?? row.authorizedEnd).slice(0, 7), () => ({
      outOfCountry: 0,
      suspectedInCountry: 0,
    }));
    if (row.category === 'OUT_OF_COUNTRY') {
      out++;
      cls.outOfCountry++;
      country.outOfCountry++;
      month.outOfCountry++;
    } else {
      suspected++;
      cls.suspectedInCountry++;
      country.suspectedInCountry++;
      month.suspectedInCountry++;
      suspectedByReason[row.unverifiedReason ?? 'NO_DEPARTURE_RECORD']++;
    }
  }
  const rate = (n: number) => (expected === 0 ? 0 : Math.round((n / expected) * 1e6) / 1e6);
  return {
    fiscalYear,
    asOf,
    methodology: [
      'Unit: the most recent nonimmigrant admission of each resolved person (RULES.md §4.2).',
      'In scope: air and sea admissions, transit (C) and crew (D) classes excluded.',
      `Expected departures: in-scope admissions whose authorized period ended ${fiscalYear === null ? 'on or before' : `in FY${fiscalYear} (Oct 1–Sep 30) and on or before`} ${asOf}.`,
      'Out-of-country overstay: a verified departure recorded after the authorized period (confirmed).',
      'Suspected in-country overstay: no verified departure and no timely extension, change or adjustment (RULES.md §4.1, §4.3); a self-reported departure is a claim and does not count.',
      'NO_DEPARTURE_RECORD covers what records cannot tell apart: still here, a land exit to Mexico, a lost manifest (RULES.md §4.5).',
    ],
    expectedDepartures: expected,
    overstays: { total: out + suspected, outOfCountry: out, suspectedInCountry: suspected },
    rates: { total: rate(out + suspected), outOfCountry: rate(out), suspectedInCountry: rate(suspected) },
    suspectedByReason,
    byClass,
    byCountry,
    byMonth,
    outOfScope,
  };
}

function entry<T>(map: Record<string, T>, key: string, make: () => T): T {
  const found = map[key];
  if (found !== undefined) return found;
  const made = make();
  map[key] = made;
  return made;
}
