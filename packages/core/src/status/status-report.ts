/**
 * The status engine: one person's lifecycle events and a date in, the status report of RULES.md
 * (status, overstay, unlawful presence, departure, removal gate) out, each part explained rule by
 * rule. Pure: no clock, no I/O; events dated after asOf are ignored.
 */
import { type AdmissionPeriod, admissionPeriodOf, humanitarianWindowsOf, lprGrantOf } from './admission.js';
import { anniversaryOf, type Day, dayOf, isoOf, isoOrNull, OPEN_END } from './calendar.js';
import { citizenshipOf } from './citizenship.js';
import { type Explanation, explain, explanationFor } from './explanation.js';
import { firstOfType, isRemoval, type Ledger, ledgerOf, type Stay, staysOf } from './ledger.js';
import {
  firstUncoveredDay,
  isAuthorizedStay,
  mergedRanges,
  type Range,
  type Window,
  windowOn,
} from './periods.js';
import { type StatusDecision, statusDecisionOf } from './precedence.js';
import { type RemovalCase, removalCaseOf } from './removal.js';
import { DURATION_OF_STATUS_RULES, ruleVersionOn, UNLAWFUL_PRESENCE } from './rule-tables.js';
import type {
  Bar,
  IsoDate,
  LifecycleEvent,
  PriorStay,
  RemovalBlocker,
  ReportCategory,
  ReviewHold,
  StatusReport,
} from './types.js';
import {
  asylumWindowsOf,
  BAR_CITATION,
  barOf,
  exclusionsOf,
  presenceOf,
  type StayPresence,
} from './unlawful-presence.js';

/** The status report of one person on `asOf` (end of that day), with its rule chain. */
export function statusReport(events: readonly LifecycleEvent[], asOf: IsoDate): StatusReport {
  return evaluateStatus(events, asOf, true).report;
}

/** The engine behind statusReport and statusTimeline; `withExplanation: false` skips the rule chain. */
export function evaluateStatus(
  events: readonly LifecycleEvent[],
  asOf: IsoDate,
  withExplanation: boolean,
): { report: StatusReport; decision: StatusDecision } {
  const asOfDay = dayOf(asOf);
  const ledger = ledgerOf(events, asOfDay);
  const quiet = explanationFor(events, false);
  const why = {
    citizenship: explanationFor(events, withExplanation),
    admission: explanationFor(events, withExplanation),
    presence: explanationFor(events, withExplanation),
    removal: explanationFor(events, withExplanation),
    status: explanationFor(events, withExplanation),
  };
  const flags: string[] = [];

  const stays = staysOf(ledger);
  const current = stays[stays.length - 1] as Stay;
  const removal = removalCaseOf(ledger, why.removal);
  const lpr = lprGrantOf(ledger, removal.lprGrantedOn);
  const citizenship = citizenshipOf(ledger, lpr?.day ?? null, why.citizenship);
  appendAll(flags, citizenship.flags);
  appendAll(flags, removal.flags);

  // Admission periods: the current stay explains itself; earlier stays only feed counts and bars.
  const periods: (AdmissionPeriod | null)[] = [];
  for (const stay of stays) {
    const explained = stay === current;
    periods.push(
      stay.entry || explained
        ? admissionPeriodOf(ledger, stay, removal.orderDays, explained ? why.admission : quiet)
        : null,
    );
  }
  const period = periods[periods.length - 1] as AdmissionPeriod;
  appendAll(flags, period.flags);
  const humanitarian = humanitarianWindowsOf(ledger, why.admission);
  appendAll(flags, humanitarian.flags);
  const asylum = asylumWindowsOf(ledger, stays, removal, why.presence);
  appendAll(flags, asylum.flags);

  const windows: Window[] = [];
  appendAll(windows, humanitarian.windows);
  appendAll(windows, asylum.windows);
  appendAll(windows, removal.windows);
  for (let i = 0; i < stays.length; i++) {
    const stayPeriod = periods[i];
    if (stayPeriod)
      for (const window of stayPeriod.windows) windows.push(clipped(window, stays[i] as Stay, stays[i + 1]));
  }
  if (citizenship.citizenFrom !== null) {
    windows.push({ kind: 'CITIZEN', from: citizenship.citizenFrom, to: OPEN_END, events: [], rule: '§6(1)' });
  }
  if (lpr) {
    const ends = removal.finalOn !== null && removal.finalOn > lpr.day ? removal.finalOn - 1 : OPEN_END;
    windows.push({
      kind: 'LPR',
      from: lpr.day,
      to: ends,
      events: lpr.index >= 0 ? [lpr.index] : [],
      rule: '§6(5)',
    });
  }

  const birth = firstOfType(ledger, 'birth');
  const exclusions = exclusionsOf({ ledger, windows, birthDay: birth?.day ?? null }, flags);
  const presences = presencesOf(ledger, stays, periods, exclusions, removal, why.presence, flags);
  const presence = presences[presences.length - 1] as StayPresence;

  const decision = statusDecisionOf({ asOf: asOfDay, citizenship, stay: current, period, windows, removal });
  explain(
    why.status,
    decision.rule,
    `Status ${decision.status}: ${decision.text}`,
    decision.events,
    decision.citation,
  );

  const isCitizen = citizenship.citizenFrom !== null && citizenship.citizenFrom <= asOfDay;
  const isLpr = windowOn(windows, asOfDay, 'LPR') !== null;
  const overstay = overstayOf(current, period, windows, asOfDay, citizenship.fromBirth, why.admission);
  const unlawfulPresence = unlawfulPresenceReport(
    {
      ledger,
      windows,
      birthDay: birth?.day ?? null,
      current,
      period,
      presences,
      presence,
      exclusions,
      isCitizen,
      isLpr,
    },
    citizenship.underReview,
    why.presence,
  );
  const gate = removalGateOf(
    {
      asOf: asOfDay,
      birthDay: birth?.day ?? null,
      ledger,
      current,
      windows,
      removal,
      isCitizen,
      citizenship,
      humanitarian,
    },
    why.removal,
  );

  const ruleVersions: string[] = [];
  if (removal.deadlineRule) ruleVersions.push(removal.deadlineRule.id);
  if (current.entry && (period.kind === 'DURATION_OF_STATUS' || period.kind === 'NO_DATE')) {
    ruleVersions.push(ruleVersionOn(DURATION_OF_STATUS_RULES, current.entry.event.date).id);
  }

  const workThrough =
    period.workAuthorizedThrough !== null && period.admitUntil !== null && asOfDay > period.admitUntil
      ? period.workAuthorizedThrough
      : null;
  if (workThrough !== null) {
    flags.push('C12_240_DAY_RULE_REVIEW');
    explain(
      why.admission,
      'C12',
      `A timely extension is pending: work for the same employer may continue through ${isoOf(workThrough)} (240 days after the admit-until date); work authorization is independent of unlawful presence.`,
      period.events,
      '8 CFR 274a.12(b)(20); RULES.md C12 [R]',
    );
  }

  const report: StatusReport = {
    status: decision.status,
    inUS: current.departure ? false : current.claimed ? 'UNKNOWN' : true,
    lawfulStatusEndedOn: lawfulStatusEndedOn(current, period, citizenship.fromBirth),
    overstay,
    unlawfulPresence,
    departureConfirmed: current.departure ? true : current.claimed ? false : null,
    removal: gate,
    extra:
      workThrough === null
        ? { flags: unique(flags), ruleVersions }
        : { flags: unique(flags), ruleVersions, workAuthorizedThrough: isoOf(workThrough) },
    explanation: withExplanation
      ? why.citizenship.steps.concat(
          why.admission.steps,
          why.presence.steps,
          why.removal.steps,
          why.status.steps,
        )
      : [],
  };
  return { report, decision };
}

/**
 * A period that belongs to a stay ends with it: an application does not follow the person abroad. A
 * later admission proves a departure before it even when none is recorded, and that departure abandons a
 * pending extension or change of status, so such a period ends the day before the next entry at the
 * latest. Other periods end only at a recorded departure (an inferred one is not applied to them).
 */
function clipped(window: Window, stay: Stay, next: Stay | undefined): Window {
  const end = stay.departure
    ? stay.departure.day
    : next && window.kind === 'EXTENSION_PENDING'
      ? next.from - 1
      : OPEN_END;
  return window.to <= end ? window : { ...window, to: end };
}

function presencesOf(
  ledger: Ledger,
  stays: readonly Stay[],
  periods: readonly (AdmissionPeriod | null)[],
  exclusions: readonly Range[],
  removal: RemovalCase,
  why: Explanation,
  flags: string[],
): StayPresence[] {
  const exception = firstOfType(ledger, 'bar_exception_determined');
  const result: StayPresence[] = [];
  for (let i = 0; i < stays.length; i++) {
    const stay = stays[i] as Stay;
    const period = periods[i];
    if (!period) continue;
    const next = stays[i + 1];
    // A later entry proves an unverified departure happened; without any departure record the last
    // day of presence is unknown, so the stay counts only through its last event (protective).
    const departure = stay.departure ?? (next ? stay.claimed : null);
    const lastEvent = ledger.entries[stay.last - 1];
    const end = departure ? departure.day : next ? (lastEvent?.day ?? stay.from) : stay.end;
    const count = presenceOf(stay, period.upStart, end, exclusions);
    const presence: StayPresence = {
      days: count.days,
      firstDay: count.firstDay,
      lastDay: count.lastDay,
      includesFeb29: count.includesFeb29,
      stay,
      bar: 'NONE',
      barThrough: null,
      end,
    };
    if (departure) {
      const selfRemoved = removal.executed?.kind === 'SELF' && removal.executed.index === departure.index;
      const decision = barOf(
        count,
        departure,
        removal.commencements,
        stay.from,
        exception !== null,
        selfRemoved,
      );
      appendAll(flags, decision.flags);
      presence.bar = decision.bar;
      presence.barThrough = decision.through;
      if (count.days > 0 || decision.bar !== 'NONE') {
        explain(
          why,
          '§5.4',
          `Stay ${stay.entry ? `from ${stay.entry.event.date} ` : ''}ended by departure on ${isoOf(departure.day)} after ${count.days} days of unlawful presence: ${decision.text}${decision.through !== null ? ` through ${isoOf(decision.through)}` : ''}.`,
          exception ? [departure.index, exception.index] : [departure.index],
          BAR_CITATION,
        );
      }
    } else if (next && stay.entry) {
      flags.push('PRIOR_STAY_DEPARTURE_UNKNOWN');
    }
    result.push(presence);
  }
  flagReentryAfterRemoval(stays, result, removal, why, flags);
  if (result.length === 0) {
    const stay = stays[stays.length - 1] as Stay;
    result.push({
      days: 0,
      firstDay: null,
      lastDay: null,
      includesFeb29: false,
      stay,
      bar: 'NONE',
      barThrough: null,
      end: stay.end,
    });
  }
  return result;
}

/**
 * INA §212(a)(9)(A) and (C): a later entry after a removal, or an entry without inspection after more
 * than a year of unlawful presence in all, is flagged for counsel; the engine never decides these bars.
 */
function flagReentryAfterRemoval(
  stays: readonly Stay[],
  presences: readonly StayPresence[],
  removal: RemovalCase,
  why: Explanation,
  flags: string[],
): void {
  let aggregate = 0;
  let removedBefore = false;
  for (const stay of stays) {
    const entry = stay.entry;
    if (entry && (removedBefore || aggregate > UNLAWFUL_PRESENCE.oneYearDays)) {
      if (removedBefore) flags.push('INA_212_A_9_A_REVIEW');
      if (entry.event.type === 'entry_without_inspection') {
        flags.push('INA_212_A_9_C_PERMANENT_BAR_REVIEW');
        explain(
          why,
          '§5.4',
          `Entry without inspection on ${entry.event.date} after ${removedBefore ? 'a removal' : `${aggregate} days of unlawful presence in all`}: the permanent bar may apply; flagged for counsel, not decided.`,
          [entry.index],
          'INA §212(a)(9)(C)(i); INA §212(a)(9)(A) [M]',
        );
      }
    }
    aggregate += presences.find((p) => p.stay === stay)?.days ?? 0;
    const departure = stay.departure;
    if (departure && (isRemoval(departure) || removal.executed?.index === departure.index))
      removedBefore = true;
  }
}

type PresenceFacts = {
  ledger: Ledger;
  windows: readonly Window[];
  birthDay: Day | null;
  current: Stay;
  period: AdmissionPeriod;
  presences: readonly StayPresence[];
  presence: StayPresence;
  exclusions: readonly Range[];
  isCitizen: boolean;
  isLpr: boolean;
};

function unlawfulPresenceReport(
  facts: PresenceFacts,
  underReview: boolean,
  why: Explanation,
): StatusReport['unlawfulPresence'] {
  const { ledger, current, period, presences, presence, exclusions, isCitizen, isLpr } = facts;
  const asOf = ledger.asOf;
  if (isCitizen || isLpr) {
    explain(
      why,
      '§5.1',
      isCitizen
        ? 'A U.S. citizen is not an alien: unlawful presence does not apply.'
        : 'A lawful permanent resident is outside INA §212(a)(9)(B)(i): unlawful presence does not apply.',
      [],
      isCitizen ? 'INA §101(a)(3); INA §212(a)(9)(B)' : 'INA §212(a)(9)(B)(i); 8 CFR 1.2',
    );
    return {
      applicable: false,
      days: 0,
      accruingOnAsOf: false,
      firstDay: null,
      bar: 'NONE',
      barAppliesThrough: null,
    };
  }
  const applicable: boolean | 'UNDETERMINED' = underReview || !current.entry ? 'UNDETERMINED' : true;
  let bar: Bar = 'NONE';
  let barThrough: Day | null = null;
  for (const stay of presences) {
    if (stay.bar === 'NONE' || stay.barThrough === null || stay.barThrough < asOf) continue;
    if (
      bar === 'NONE' ||
      (stay.bar === 'TEN_YEAR' && bar === 'THREE_YEAR') ||
      (stay.bar === bar && stay.barThrough > (barThrough ?? 0))
    ) {
      bar = stay.bar;
      barThrough = stay.barThrough;
    }
  }
  const accruing = !current.departure && presence.lastDay === asOf;
  const result: StatusReport['unlawfulPresence'] = {
    applicable,
    days: presence.days,
    accruingOnAsOf: accruing,
    firstDay: isoOrNull(presence.firstDay),
    bar,
    barAppliesThrough: isoOrNull(barThrough),
  };
  if (presences.length > 1) {
    result.priorStays = presences.slice(0, -1).map(
      (p): PriorStay => ({
        entered: p.stay.entry ? p.stay.entry.event.date : null,
        departed: isoOf(p.end),
        days: p.days,
        bar: p.bar,
        barAppliesThrough: isoOrNull(p.barThrough),
      }),
    );
  }
  if (current.claimed) {
    result.daysThroughClaimedDeparture = presenceOf(
      current,
      period.upStart,
      current.claimed.day,
      exclusions,
    ).days;
  }
  explain(
    why,
    'C4',
    applicable === 'UNDETERMINED'
      ? `Unlawful presence is undetermined (${underReview ? 'citizenship under review' : 'no entry record'}); counted as if it applied: ${presence.days} days.`
      : presence.days === 0
        ? 'No day of unlawful presence in the current stay.'
        : `${presence.days} days of unlawful presence in the current stay, from ${isoOf(presence.firstDay as Day)} through ${isoOf(presence.lastDay as Day)}${current.claimed ? ' (presence presumed through asOf: the departure is unverified)' : ''}${why.enabled ? skippedText(facts, presence) : ''}.`,
    period.upStartEvents,
    'INA §212(a)(9)(B)(ii)-(iv); USCIS AFM ch. 40.9.2; RULES.md C3, C4, C5',
  );
  return result;
}

const WINDOW_NAMES: Record<Window['kind'], string> = {
  CITIZEN: 'citizen',
  LPR: 'lawful permanent resident',
  EXTENSION_PENDING: 'timely extension or change of status pending',
  ADJUSTMENT_PENDING: 'adjustment application pending',
  VOLUNTARY_DEPARTURE: 'voluntary departure',
  SATISFACTORY_DEPARTURE: 'satisfactory departure',
  TPS: 'TPS',
  PROTECTION: 'withholding/CAT protection',
  ASYLEE: 'asylee',
  STAY_OF_REMOVAL: 'stay of removal',
  AUTHORIZED_STAY: 'stay authorized by policy',
  ASYLUM_PENDING: 'bona fide asylum application pending',
  APPROVAL_OF_ABANDONED_APPLICATION: 'approval of an application abandoned by departure relied on',
};

/** C5: the non-accrual windows (and the under-18 exception) that fall inside the counted stretch. */
function skippedText(facts: PresenceFacts, presence: StayPresence): string {
  const from = presence.firstDay as Day;
  const to = presence.end;
  const parts: string[] = [];
  if (facts.birthDay !== null) {
    const adult = anniversaryOf(facts.birthDay, UNLAWFUL_PRESENCE.minorUntilAge, 'MARCH_1').day;
    if (adult > facts.period.upStart && adult <= to)
      parts.push(`under 18 until ${isoOf(adult - 1)} (INA §212(a)(9)(B)(iii)(I))`);
  }
  for (const window of facts.windows) {
    if (window.to < from || window.from > to) continue;
    const end = window.to === OPEN_END ? 'on' : `–${isoOf(window.to)}`;
    parts.push(`${WINDOW_NAMES[window.kind]} ${isoOf(window.from)}${end === 'on' ? ' onward' : end}`);
  }
  return parts.length > 0 ? `; not counted: ${parts.join('; ')}` : '';
}

function overstayOf(
  stay: Stay,
  period: AdmissionPeriod,
  windows: readonly Window[],
  asOf: Day,
  citizenFromBirth: boolean,
  why: Explanation,
): StatusReport['overstay'] {
  const none: StatusReport['overstay'] = {
    occurred: false,
    ongoing: false,
    since: null,
    reportCategory: 'NONE',
  };
  if (citizenFromBirth) return none;
  if (period.kind === 'IMMIGRANT' && stay.entry) return formerResidentOverstay(stay, windows, asOf, why);
  const nonimmigrant =
    period.kind === 'FIXED' || period.kind === 'DURATION_OF_STATUS' || period.kind === 'NO_DATE';
  if (!nonimmigrant || period.periodEnd === OPEN_END) return none;
  const authorized = mergedRanges(windows, isAuthorizedStay);
  const since = firstUncoveredDay(authorized, period.periodEnd + 1, stay.end);
  if (since === null) {
    if (asOf > period.periodEnd) {
      explain(
        why,
        '§4.1',
        `No overstay: every day after the admission period (${isoOf(period.periodEnd)}) was within a period of authorized stay or after departure.`,
        period.events,
        'DHS Entry/Exit Overstay Report definitions; 8 CFR 217.3(a); AFM 40.9.2',
      );
    }
    return none;
  }
  const uncoveredOnAsOf = !stay.departure && firstUncoveredDay(authorized, asOf, asOf) === asOf;
  const ongoing = uncoveredOnAsOf ? (stay.claimed ? 'UNKNOWN' : true) : false;
  const residence = period.adjustmentOnFile ? null : permanentResidenceIn(stay, windows);
  const asylum = period.adjustmentOnFile || residence ? null : asylumGrantIn(stay, windows);
  const category: ReportCategory =
    period.adjustmentOnFile || residence || asylum
      ? 'NONE'
      : stay.departure && stay.departure.day >= since
        ? 'OUT_OF_COUNTRY'
        : 'SUSPECTED_IN_COUNTRY';
  explain(
    why,
    '§4.3',
    `Overstay since ${isoOf(since)}: remained after the admission period ended on ${isoOf(period.periodEnd)} with no period of authorized stay; ${ongoing === true ? 'ongoing on asOf' : ongoing === 'UNKNOWN' ? 'whether it is ongoing depends on an unverified departure' : 'not ongoing on asOf'}. Report category ${category}${period.adjustmentOnFile ? ' (an adjustment application covers the period)' : residence || asylum ? '' : stay.claimed ? ' (an unverified departure is not a recorded departure)' : ''}.`,
    period.events,
    'DHS Entry/Exit Overstay Report definitions (FY2016, FY2018, FY2024); 8 U.S.C. §1376; RULES.md §4.3 [M]',
  );
  if (residence) {
    explain(
      why,
      '§4.3',
      `Lawful permanent residence granted on ${isoOf(residence.from)} during this stay (adjustment of status, or cancellation of removal, which adjusts the person to permanent residence: INA §240A(b)(1)): an adjustment covers the period, so the report category is NONE. The overstay itself stays on the record (occurred, since ${isoOf(since)}), and unlawful presence follows §5 unchanged.`,
      residence.events,
      'RULES.md §4.1 (exclusions: adjustment), §4.3 [M]; INA §240A(b)(1); INA §245(a)',
    );
  }
  if (asylum) {
    explain(
      why,
      '§4.3',
      `Asylum granted on ${isoOf(asylum.from)}, after the authorized period ended: whether DHS treats an asylum grant as closing an overstay record is open (RULES.md §10 question 6) [R]; the protective reading is taken, counting the grant like a change of status, so the report category is NONE. The overstay itself stays on the record (occurred, since ${isoOf(since)}), and unlawful presence follows §5 unchanged.`,
      asylum.events,
      'RULES.md §4.3 [M], §10 question 6 [R]; INA §208(c); DHS Entry/Exit Overstay Report definitions (change of status)',
    );
  }
  return { occurred: true, ongoing, since: isoOf(since), reportCategory: category };
}

/**
 * A grant of permanent residence in the stay: an adjustment (I-485 approval, `lpr_granted`) or IJ relief
 * that confers it (cancellation of removal, INA §240A(a) and (b)(1); adjustment before the IJ). A grant
 * the BIA reversed on the DHS appeal is not on record as one. Losing the residence later (a final order)
 * does not reopen the nonimmigrant overstay: what follows is a former resident's overstay, which DHS
 * nonimmigrant reports do not count.
 */
function permanentResidenceIn(stay: Stay, windows: readonly Window[]): Window | null {
  for (const window of windows) if (window.kind === 'LPR' && window.from >= stay.from) return window;
  return null;
}

/**
 * An asylum grant in the stay that still stands (USCIS, or an IJ grant of asylum; a grant the BIA
 * reversed on the DHS appeal ends its asylee period and does not count).
 */
function asylumGrantIn(stay: Stay, windows: readonly Window[]): Window | null {
  for (const window of windows) {
    if (window.kind === 'ASYLEE' && window.from >= stay.from && window.to === OPEN_END) return window;
  }
  return null;
}

/**
 * Admitted as an immigrant: the authorized period is permanent residence, which ends only with a final
 * order (8 CFR 1.2). Remaining after that is an overstay; DHS overstay reports count nonimmigrant
 * admissions only, so the report category stays NONE.
 */
function formerResidentOverstay(
  stay: Stay,
  windows: readonly Window[],
  asOf: Day,
  why: Explanation,
): StatusReport['overstay'] {
  const authorized = mergedRanges(windows, isAuthorizedStay);
  const since = firstUncoveredDay(authorized, stay.from, stay.end);
  if (since === null) return { occurred: false, ongoing: false, since: null, reportCategory: 'NONE' };
  const uncoveredOnAsOf = !stay.departure && firstUncoveredDay(authorized, asOf, asOf) === asOf;
  const ongoing = uncoveredOnAsOf ? (stay.claimed ? 'UNKNOWN' : true) : false;
  explain(
    why,
    '§4.1',
    `Permanent residence ended with the final order; remaining since ${isoOf(since)} is an overstay of the authorized period. DHS reports count nonimmigrant admissions only: category NONE.`,
    stay.entry ? [stay.entry.index] : [],
    '8 CFR 1.2; INA §237(a)(1)(B); RULES.md §4.3 [M]',
  );
  return { occurred: true, ongoing, since: isoOf(since), reportCategory: 'NONE' };
}

function lawfulStatusEndedOn(stay: Stay, period: AdmissionPeriod, citizenFromBirth: boolean): IsoDate | null {
  const nonimmigrant =
    period.kind === 'FIXED' || period.kind === 'DURATION_OF_STATUS' || period.kind === 'NO_DATE';
  if (citizenFromBirth || !nonimmigrant || period.statusEnd >= stay.end) return null;
  return isoOf(period.statusEnd);
}

type GateFacts = {
  asOf: Day;
  birthDay: Day | null;
  ledger: Ledger;
  current: Stay;
  windows: readonly Window[];
  removal: RemovalCase;
  isCitizen: boolean;
  citizenship: { underReview: boolean; fromBirth: boolean };
  humanitarian: { tpsPrimaFacie: boolean; tpsPendingReview: boolean };
};

const BLOCKER_CITATIONS: Record<RemovalBlocker, string> = {
  US_CITIZEN: 'U.S. Const. amend. XIV; INA §§101(a)(3), 301, 320; ICE Directive 16001.2',
  CITIZENSHIP_CLAIM_UNRESOLVED: 'ICE Directive 16001.2; INA §242(b)(5)',
  NOT_IN_UNITED_STATES: '8 CFR 241.7; INA §101(g)',
  NO_REMOVAL_ORDER: '8 CFR 1241.1',
  PROCEEDINGS_PENDING: '8 CFR 1003.14(a)',
  ORDER_NOT_FINAL_APPEAL_PERIOD: '8 CFR 1003.6(a); 8 CFR 1003.38',
  ORDER_NOT_FINAL_APPEAL_PENDING: '8 CFR 1003.6(a)',
  VOLUNTARY_DEPARTURE_PERIOD_RUNNING: '8 CFR 1241.1(f)',
  VOLUNTARY_DEPARTURE_COMPLIED: '8 CFR 241.7; 8 CFR 1241.1(f)',
  STAY_OF_REMOVAL_IN_EFFECT: '8 CFR 1003.2(f); 8 CFR 1003.23(b)(1)(v); 8 CFR 241.6; Nken v. Holder',
  AUTOMATIC_STAY_MTR_IN_ABSENTIA: 'INA §240(b)(5)(C); 8 CFR 1003.23(b)(4)(ii); Matter of Rivera-Claros',
  PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY: 'INA §241(b)(3)(A); 8 CFR 1208.16-.17',
  TPS_IN_EFFECT: 'INA §244(a)(1)(A), (a)(4)(B)',
};

const BLOCKER_TEXT: Record<RemovalBlocker, string> = {
  US_CITIZEN: 'the person is a U.S. citizen',
  CITIZENSHIP_CLAIM_UNRESOLVED: 'a claim or indicia of citizenship is unresolved',
  NOT_IN_UNITED_STATES: 'a verified departure after the last entry: nothing to execute',
  NO_REMOVAL_ORDER: 'no order of removal is in effect',
  PROCEEDINGS_PENDING: 'proceedings are pending before the immigration judge',
  ORDER_NOT_FINAL_APPEAL_PERIOD: 'the time to appeal has not run out',
  ORDER_NOT_FINAL_APPEAL_PENDING: 'a timely appeal is pending',
  VOLUNTARY_DEPARTURE_PERIOD_RUNNING: 'voluntary departure is in force',
  VOLUNTARY_DEPARTURE_COMPLIED: 'the person departed within voluntary departure',
  STAY_OF_REMOVAL_IN_EFFECT: 'a stay of removal is in effect',
  AUTOMATIC_STAY_MTR_IN_ABSENTIA: 'a motion to reopen the in absentia order is pending (automatic stay)',
  PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY: 'protection was granted for the country of removal',
  TPS_IN_EFFECT: 'TPS is in effect (or a prima facie TPS application is pending)',
};

function removalGateOf(facts: GateFacts, why: Explanation): StatusReport['removal'] {
  const { asOf, ledger, current, windows, removal, isCitizen, citizenship, humanitarian } = facts;
  const blockers: RemovalBlocker[] = [];
  const holds: ReviewHold[] = [...removal.holds];
  const removalFlags: string[] = [];
  const orderFinal = removal.order ? removal.finalOn !== null && removal.finalOn <= asOf : null;

  if (isCitizen) blockers.push('US_CITIZEN');
  if (citizenship.underReview) blockers.push('CITIZENSHIP_CLAIM_UNRESOLVED');
  if (current.departure) blockers.push('NOT_IN_UNITED_STATES');
  if (!removal.order) blockers.push('NO_REMOVAL_ORDER');
  if (removal.state === 'PENDING_BEFORE_IJ') blockers.push('PROCEEDINGS_PENDING');
  if (removal.order && removal.windowOpen) blockers.push('ORDER_NOT_FINAL_APPEAL_PERIOD');
  if (removal.order && removal.appealPending) blockers.push('ORDER_NOT_FINAL_APPEAL_PENDING');
  const vd = removal.vd;
  if (vd && vd.outcome === 'RUNNING' && !vd.claimedCompliance)
    blockers.push('VOLUNTARY_DEPARTURE_PERIOD_RUNNING');
  if (vd && (vd.outcome === 'COMPLIED' || vd.claimedCompliance))
    blockers.push('VOLUNTARY_DEPARTURE_COMPLIED');
  const stayed = removal.stays.some(
    (s) => s.from <= asOf && asOf <= s.to && (s.liftedOn === null || asOf < s.liftedOn),
  );
  if (stayed || removal.vawaStay) blockers.push('STAY_OF_REMOVAL_IN_EFFECT');
  if (removal.mtrInAbsentiaStay) blockers.push('AUTOMATIC_STAY_MTR_IN_ABSENTIA');
  const protection = removal.protection;
  if (protection && protection.from <= asOf && asOf <= protection.to) {
    const country = removal.order?.country ?? null;
    if (country !== null && country !== protection.country) {
      holds.push('THIRD_COUNTRY_REMOVAL_REVIEW');
      explain(
        why,
        '§7.5',
        `Protection was granted for ${protection.country} and removal is designated to ${country}: removal there needs notice and a chance to raise fear; review hold.`,
        [protection.index],
        'INA §241(b)(3)(A); D.V.D. v. DHS (2025) [R]',
      );
    } else {
      blockers.push('PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY');
    }
  }
  if (windowOn(windows, asOf, 'TPS') || humanitarian.tpsPrimaFacie) blockers.push('TPS_IN_EFFECT');
  if (humanitarian.tpsPendingReview) holds.push('TPS_APPLICATION_PENDING');
  if (facts.birthDay !== null && removal.order) {
    const adult = anniversaryOf(facts.birthDay, UNLAWFUL_PRESENCE.minorUntilAge, 'MARCH_1').day;
    if (asOf < adult) {
      holds.push('MINOR_TVPRA_REVIEW');
      explain(
        why,
        '§7.5',
        `Under 18 on asOf (18 on ${isoOf(adult)}): protections for children (TVPRA) need review before any removal step.`,
        removal.events,
        '8 U.S.C. §1232 (TVPRA); RULES.md §7.5 review holds [R]',
      );
    }
  }
  if (windowOn(windows, asOf, 'AUTHORIZED_STAY') && removal.order)
    holds.push('DEFERRED_ACTION_OR_PRIMA_FACIE_DETERMINATION');
  const pendingApplication =
    windowOn(windows, asOf, 'EXTENSION_PENDING') ??
    windowOn(windows, asOf, 'ADJUSTMENT_PENDING') ??
    windowOn(windows, asOf, 'ASYLUM_PENDING');
  if (orderFinal && pendingApplication) {
    holds.push('PENDING_APPLICATION');
    explain(
      why,
      '§7.5',
      'An application is pending while the order is final: a pending application stops the enforcement step for review.',
      pendingApplication.events,
      'SCOPE.md (a pending application stops an enforcement step); RULES.md §7.5 review holds [R]',
    );
  }

  if (isCitizen || citizenship.underReview) {
    const nonimmigrant = ledger.entries.some(
      (e) => e.event.type === 'admission' && e.event.immigrant !== true,
    );
    if (citizenship.fromBirth && nonimmigrant) {
      removalFlags.push('RECORD_CONFLICT_US_BIRTH_WITH_NONIMMIGRANT_ADMISSION');
      explain(
        why,
        'INV6',
        'A U.S. birth record sits beside a nonimmigrant admission record: a record conflict (a merged identity, or a dual national on a foreign passport) flagged for review; the citizenship evidence governs.',
        [],
        'RULES.md §1 invariants 1 and 6; ICE Directive 16001.2',
      );
    }
    if (removal.order) {
      removalFlags.push('TERMINATE_OR_REOPEN_PROCEEDINGS');
      explain(
        why,
        '§7.2',
        'An order of removal is on record against a person who is or may be a citizen: it cannot be executed; proceedings should be reopened and terminated.',
        removal.events,
        'INA §101(a)(3); INA §242(b)(5); RULES.md §7.2 (any → CLOSED_CITIZEN)',
      );
    }
  }
  for (const code of blockers) {
    explain(
      why,
      `§7.5 ${code}`,
      `Removal may not proceed: ${BLOCKER_TEXT[code]}.`,
      removal.events,
      BLOCKER_CITATIONS[code],
    );
  }
  const mayProceed = blockers.length === 0 && holds.length === 0;
  if (mayProceed) {
    explain(
      why,
      '§7.5',
      'A final order of removal and none of the blockers of RULES.md §7.5: removal may proceed.',
      removal.events,
      '8 CFR 1241.1; INA §241(a)',
    );
  } else if (blockers.length === 0) {
    explain(
      why,
      '§7.5',
      `No statutory blocker, but review holds stop the step: ${holds.join(', ')}.`,
      removal.events,
      'RULES.md §7.5 [R]',
    );
  }

  const gate: StatusReport['removal'] = {
    mayProceed,
    blockers,
    orderFinal,
    finalOn: orderFinal ? isoOrNull(removal.finalOn) : null,
    caseState: removal.state,
    reviewHolds: unique(holds),
    flags: removalFlags,
  };
  if (removal.appealDeadline !== null) gate.appealDeadline = isoOf(removal.appealDeadline);
  if (vd) gate.vdDepartBy = isoOf(vd.departBy);
  if (removal.deadlineRule) gate.ruleVersion = removal.deadlineRule.id;
  return gate;
}

function appendAll<T>(target: T[], values: readonly T[]): void {
  for (const value of values) target.push(value);
}

function unique<T>(values: T[]): T[] {
  if (values.length < 2) return values;
  return values.filter((value, index) => values.indexOf(value) === index);
}
