/**
 * Rules that change by date or by list, as data (RULES.md §3.4, C9, C10, C13). A versioned table is
 * chosen by the date of the event that triggers it (an IJ decision, an admission), never by asOf.
 * Confidence follows RULES.md: H statute/regulation, M secondary or interpretive, R needs counsel.
 */
import type { IsoDate } from './types.js';

export type Confidence = 'H' | 'M' | 'R';

/** `from: null` = a version not in force (its effective date is unconfirmed); it is never selected. */
type Versioned = { id: string; from: IsoDate | null; citation: string; confidence: Confidence };

/** The version in force on `date`: the latest one whose `from` is on or before it. */
export function ruleVersionOn<T extends Versioned>(table: readonly T[], date: IsoDate): T {
  let chosen: T | undefined;
  for (const version of table) {
    if (version.from !== null && version.from <= date && (!chosen || version.from >= (chosen.from ?? ''))) {
      chosen = version;
    }
  }
  if (!chosen) throw new Error(`no rule version in force on ${date}`);
  return chosen;
}

export type AppealDeadlineRule = Versioned & { days: number; asylumMeritsDays: number };

/** BIA appeal window by IJ decision date (8 CFR 1003.38(b); 2026 IFR), C9 weekend/holiday extension after. */
export const APPEAL_DEADLINE_RULES: readonly AppealDeadlineRule[] = [
  {
    id: 'BIA-APPEAL-30-DAY',
    from: '0001-01-01',
    days: 30,
    asylumMeritsDays: 30,
    citation: '8 CFR 1003.38(b)-(c); 8 CFR 1003.39; 8 CFR 1241.1(c)',
    confidence: 'H',
  },
  {
    id: 'BIA-APPEAL-2026-IFR',
    from: '2026-03-09',
    days: 10,
    asylumMeritsDays: 30,
    citation:
      'EOIR interim final rule, Appellate Procedures for the BIA, FR Doc. 2026-02326 (RIN 1125-AB37), effective 2026-03-09; INA §208(d)(5)(A)(iv)',
    confidence: 'M',
  },
];

export type SevisEndReason = 'COMPLETED' | 'AUTHORIZED_WITHDRAWAL' | 'TERMINATED_STATUS_VIOLATION';
export type DurationOfStatusRule = Versioned & {
  /** Classes admitted for duration of status ("D/S") under this version. */
  classes: readonly string[];
  /** Days of authorized stay after the SEVIS program end, by class and reason. */
  graceDays: Readonly<Record<string, Readonly<Record<SevisEndReason, number>>>>;
};

const CURRENT_GRACE = {
  F1: { COMPLETED: 60, AUTHORIZED_WITHDRAWAL: 15, TERMINATED_STATUS_VIOLATION: 0 },
  F2: { COMPLETED: 60, AUTHORIZED_WITHDRAWAL: 15, TERMINATED_STATUS_VIOLATION: 0 },
  // 8 CFR 214.2(j)(1)(ii) gives 30 days after the program; the same 30 days after an authorized early
  // end is our protective reading [M].
  J1: { COMPLETED: 30, AUTHORIZED_WITHDRAWAL: 30, TERMINATED_STATUS_VIOLATION: 0 },
  J2: { COMPLETED: 30, AUTHORIZED_WITHDRAWAL: 30, TERMINATED_STATUS_VIOLATION: 0 },
} as const;

/** F/J/I duration of status by admission date (RULES.md §3.4 first row). */
export const DURATION_OF_STATUS_RULES: readonly DurationOfStatusRule[] = [
  {
    id: 'DS-8-CFR-214.2',
    from: '0001-01-01',
    classes: ['F1', 'F2', 'J1', 'J2', 'I'],
    graceDays: CURRENT_GRACE,
    citation: '8 CFR 214.2(f)(5)(i),(iv); 8 CFR 214.2(j)(1)(ii)',
    confidence: 'H',
  },
  {
    // Fixed admit-until dates (≤ 4 years) and a 30-day F-1 grace. Cleared OIRA 2026-06-17; publication
    // and effective date unconfirmed, so `from` stays null until counsel confirms them [R].
    id: 'DS-RIN-1653-AA95',
    from: null,
    classes: [],
    graceDays: {
      ...CURRENT_GRACE,
      F1: { COMPLETED: 30, AUTHORIZED_WITHDRAWAL: 15, TERMINATED_STATUS_VIOLATION: 0 },
      F2: { COMPLETED: 30, AUTHORIZED_WITHDRAWAL: 15, TERMINATED_STATUS_VIOLATION: 0 },
    },
    citation: 'ICE NPRM 90 FR 42070 (2025-08-28), RIN 1653-AA95; final rule not confirmed',
    confidence: 'R',
  },
];

/** 8 CFR 214.1(l)(2): one 60-day grace after employment ends, never past the I-94 date. */
export const CESSATION_GRACE = {
  days: 60,
  classes: ['E1', 'E2', 'E3', 'H1B', 'H1B1', 'L1', 'L1A', 'L1B', 'O1', 'TN', 'TN1', 'TN2'],
  citation: '8 CFR 214.1(l)(2)',
} as const;

/**
 * 8 CFR 274a.12(b)(20): work for the same employer may continue up to 240 days past the stay while a
 * timely extension is pending (C12: last day = admit-until + 240, a ±1-day reading flagged [R]).
 */
export const WORK_CONTINUATION = {
  days: 240,
  classes: [
    'A3',
    'E1',
    'E2',
    'G5',
    'H1B',
    'H1B1',
    'H2A',
    'H2B',
    'H3',
    'I',
    'J1',
    'L1',
    'L1A',
    'L1B',
    'O1',
    'O2',
    'P1',
    'P2',
    'P3',
    'R1',
    'TN',
    'TN1',
    'TN2',
    'CW1',
  ],
  citation: '8 CFR 274a.12(b)(20); RULES.md C12 [R]',
} as const;

/** Visa Waiver Program classes: no extension or change of status; satisfactory departure instead. */
export const VISA_WAIVER_CLASSES: readonly string[] = ['WB', 'WT'];

/**
 * Immigrant classes of admission (LPR on admission, INA §101(a)(20)) when the record does not say
 * `immigrant: true`: immediate relatives, family and employment preferences, diversity, returning residents.
 */
export const IMMIGRANT_CLASS_PATTERN = /^(IR|CR|IW|IB|IH|DV|SB|SI|SQ|F[1-4][1-9]|E[1-5][1-9]|EW\d)/;

/** RULES.md §4.5: only these sources verify a departure; the rest are claims that need review. */
export const VERIFIED_DEPARTURE_SOURCES: readonly string[] = [
  'CBP_APIS_AIR',
  'CBP_APIS_SEA',
  'CBSA_ENTRY_RECORD',
  'CBP_LAND_EXIT_BIOMETRIC',
  'ICE_I205_REMOVAL_VERIFIED',
  'CONSULAR_DEPARTURE_VERIFICATION',
];

/** Dates fixed by statute that the engine compares against. */
export const LAW_DATES = {
  /** IIRIRA: no unlawful presence before this day (RULES.md §1 invariant 5). */
  unlawfulPresenceBegins: '1997-04-01',
  /** Child Citizenship Act: INA §320 derivation for children under 18 on or after this day. */
  childCitizenshipAct: '2001-02-27',
  /** EO 14160 would have applied to births after this day; flagged for review, never decided. */
  birthrightOrderApplies: '2025-02-20',
} as const satisfies Record<string, IsoDate>;

export const UNLAWFUL_PRESENCE = {
  /** "More than 180 days" (C6). */
  threeYearBarMinDays: 181,
  /** "One year or more" (C6): 365, or 366 when the counted days include a Feb 29. */
  oneYearDays: 365,
  threeYearBarYears: 3,
  tenYearBarYears: 10,
  minorUntilAge: 18,
} as const;

/** 8 CFR 1240.26(c)(3): at-conclusion VD bond within 5 business days, else the alternate order takes effect. */
export const VOLUNTARY_DEPARTURE = {
  bondBusinessDays: 5,
  /** INA §240B(a)(2)(A): the longest VD period (pre-conclusion), used when an order carries no date (C11). */
  longestPeriodDays: 120,
} as const;

export type TpsDesignation = {
  country: string;
  /** Last day of TPS under the termination notice (effective 11:59 p.m. local time that day). */
  terminationEffective: IsoDate;
  source: string;
  /**
   * Pending litigation [R]: protective reading, the termination is not applied against the person (TPS
   * runs to the individual grant's end) and the report carries a review flag. Set false when counsel
   * confirms the termination took effect, or replace the date with a court-ordered one.
   */
  litigated: boolean;
};

/** TPS designation terminations (RULES.md §6 item 7: load end dates from configuration with court overrides). */
export const TPS_DESIGNATIONS: readonly TpsDesignation[] = [
  {
    country: 'AFG',
    terminationEffective: '2025-07-14',
    source: '90 FR 20309 (FR Doc. 2025-08201, 2025-05-13)',
    litigated: true,
  },
  {
    country: 'NPL',
    terminationEffective: '2025-08-05',
    source: '90 FR 24151 (FR Doc. 2025-10363, 2025-06-06)',
    litigated: true,
  },
  {
    country: 'HND',
    terminationEffective: '2025-09-08',
    source: '90 FR 30089 (FR Doc. 2025-12621, 2025-07-08)',
    litigated: true,
  },
  {
    country: 'NIC',
    terminationEffective: '2025-09-08',
    source: 'DHS termination notice published 2025-07-08 (secondary: mondaq.com 2025-07-17)',
    litigated: true,
  },
  {
    country: 'CMR',
    terminationEffective: '2025-08-04',
    source: 'DHS termination notice (secondary: santoslloydlaw.com 2025-08-08)',
    litigated: true,
  },
  {
    country: 'HTI',
    terminationEffective: '2026-02-03',
    source: 'court order of 2025-07-15: termination no earlier than 2026-02-03 (secondary)',
    litigated: true,
  },
];

/**
 * Courts of appeals where filing a stay motion stays removal temporarily (RULES.md §7.5 review holds):
 * a pending motion there is a review hold. Names are compared upper-case with spaces and dots removed.
 */
export const AUTOMATIC_TEMPORARY_STAY_COURTS = [
  {
    court: 'CA9',
    aliases: ['CA9', '9THCIR', '9THCIRCUIT', 'NINTHCIRCUIT'],
    citation: '9th Cir. General Order 6.4(c)',
  },
] as const;

export type HolidayDate =
  | { kind: 'fixed'; month: number; day: number }
  | { kind: 'nth'; month: number; weekday: number; n: number }
  | { kind: 'last'; month: number; weekday: number };

export type HolidayRule = {
  name: string;
  date: HolidayDate;
  fromYear: number;
  toYear?: number;
  /** 5 U.S.C. 6103(b): Saturday → Friday, Sunday → Monday; Inauguration Day shifts only from Sunday. */
  observance: 'SAT_TO_FRI_SUN_TO_MON' | 'SUN_TO_MON_ONLY';
  /** Applies only in years where `year % every === remainder` (Inauguration Day). */
  every?: { every: number; remainder: number };
};

const MON = 1;
const THU = 4;

/** Federal legal holidays, 5 U.S.C. 6103(a) (and (c) for Inauguration Day), with their dates over time. */
export const FEDERAL_HOLIDAYS: readonly HolidayRule[] = [
  {
    name: "New Year's Day",
    date: { kind: 'fixed', month: 1, day: 1 },
    fromYear: 1870,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Birthday of Martin Luther King, Jr.',
    date: { kind: 'nth', month: 1, weekday: MON, n: 3 },
    fromYear: 1986,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    // 6103(c): a holiday for employees in the District of Columbia area, which includes the BIA in
    // Falls Church, Virginia (Fairfax County).
    name: 'Inauguration Day',
    date: { kind: 'fixed', month: 1, day: 20 },
    fromYear: 1965,
    every: { every: 4, remainder: 1 },
    observance: 'SUN_TO_MON_ONLY',
  },
  {
    name: "Washington's Birthday",
    date: { kind: 'fixed', month: 2, day: 22 },
    fromYear: 1880,
    toYear: 1970,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: "Washington's Birthday",
    date: { kind: 'nth', month: 2, weekday: MON, n: 3 },
    fromYear: 1971,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Memorial Day',
    date: { kind: 'fixed', month: 5, day: 30 },
    fromYear: 1888,
    toYear: 1970,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Memorial Day',
    date: { kind: 'last', month: 5, weekday: MON },
    fromYear: 1971,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Juneteenth National Independence Day',
    date: { kind: 'fixed', month: 6, day: 19 },
    fromYear: 2021,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Independence Day',
    date: { kind: 'fixed', month: 7, day: 4 },
    fromYear: 1870,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Labor Day',
    date: { kind: 'nth', month: 9, weekday: MON, n: 1 },
    fromYear: 1894,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Columbus Day',
    date: { kind: 'fixed', month: 10, day: 12 },
    fromYear: 1937,
    toYear: 1970,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Columbus Day',
    date: { kind: 'nth', month: 10, weekday: MON, n: 2 },
    fromYear: 1971,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Veterans Day',
    date: { kind: 'fixed', month: 11, day: 11 },
    fromYear: 1938,
    toYear: 1970,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Veterans Day',
    date: { kind: 'nth', month: 10, weekday: MON, n: 4 },
    fromYear: 1971,
    toYear: 1977,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Veterans Day',
    date: { kind: 'fixed', month: 11, day: 11 },
    fromYear: 1978,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Thanksgiving Day',
    date: { kind: 'nth', month: 11, weekday: THU, n: 4 },
    fromYear: 1942,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
  {
    name: 'Christmas Day',
    date: { kind: 'fixed', month: 12, day: 25 },
    fromYear: 1870,
    observance: 'SAT_TO_FRI_SUN_TO_MON',
  },
];

/**
 * Ad-hoc executive-order closures of executive departments (C10 "configured closure days") [M]: a
 * missing day here could only shorten a deadline, so the list errs on including announced closures.
 */
export const CLOSURE_DAYS: readonly { date: IsoDate; reason: string }[] = [
  { date: '2012-12-24', reason: 'executive order closing executive departments, Christmas Eve 2012' },
  { date: '2014-12-26', reason: 'executive order closing executive departments, 2014-12-26' },
  { date: '2015-12-24', reason: 'executive order closing executive departments, Christmas Eve 2015' },
  { date: '2018-12-05', reason: 'national day of mourning for President George H. W. Bush' },
  { date: '2018-12-24', reason: 'executive order closing executive departments, Christmas Eve 2018' },
  { date: '2019-12-24', reason: 'executive order closing executive departments, Christmas Eve 2019' },
  { date: '2020-12-24', reason: 'executive order closing executive departments, Christmas Eve 2020' },
  { date: '2024-12-24', reason: 'executive order closing executive departments, Christmas Eve 2024' },
  { date: '2025-01-09', reason: 'national day of mourning for President Jimmy Carter (RULES.md C10)' },
  { date: '2025-12-24', reason: 'executive order closing executive departments, Christmas Eve 2025' },
  { date: '2025-12-26', reason: 'executive order closing executive departments, 2025-12-26' },
];
