/**
 * Removal proceedings as a state machine (RULES.md §7): events are applied in date order, and the
 * passage of time (appeal deadlines, the VD bond deadline, the VD depart-by date) is applied before
 * each event and at asOf. The result is the case on asOf plus the periods it creates (VD, stays,
 * protection, relief) and the orders that start unlawful presence for D/S admissions (§5.2).
 */
import { addBusinessDays, type Day, dayOf, isoOf, nextBusinessDayFrom, OPEN_END } from './calendar.js';
import { type Explanation, explain } from './explanation.js';
import { departureKindOf, type Entry, type EntryOf, type Ledger } from './ledger.js';
import type { Window } from './periods.js';
import {
  APPEAL_DEADLINE_RULES,
  type AppealDeadlineRule,
  AUTOMATIC_TEMPORARY_STAY_COURTS,
  ruleVersionOn,
  VOLUNTARY_DEPARTURE,
} from './rule-tables.js';
import type { CaseState, IjDecisionEvent, ReviewHold } from './types.js';

type Order = {
  index: number;
  day: Day;
  kind: 'REMOVAL' | 'VD' | 'ADMINISTRATIVE';
  inAbsentia: boolean;
  country: string | null;
};

export type VoluntaryDeparture = {
  start: Day;
  departBy: Day;
  bondDeadline: Day | null;
  bondPosted: boolean;
  /** A timely BIA appeal stops the VD clock (AIC practice advisory 2017) [M]. */
  tolled: boolean;
  outcome: 'RUNNING' | 'COMPLIED' | 'OVERSTAYED' | 'VACATED' | 'TERMINATED';
  endedOn: Day | null;
  /** An unverified departure within the period: treated as compliance pending verification (protective). */
  claimedCompliance: boolean;
  events: number[];
};

export type GrantedStay = { from: Day; to: Day; liftedOn: Day | null; by: string; index: number };

export type RemovalCase = {
  state: CaseState;
  /** Days proceedings commenced (NTA filed with the court, 8 CFR 1003.14(a)). */
  commencements: Day[];
  order: Order | null;
  finalOn: Day | null;
  appealDeadline: Day | null;
  deadlineRule: AppealDeadlineRule | null;
  appealPending: boolean;
  windowOpen: boolean;
  vd: VoluntaryDeparture | null;
  mtrInAbsentiaStay: boolean;
  vawaStay: boolean;
  stays: GrantedStay[];
  protection: { from: Day; to: Day; country: string; index: number } | null;
  holds: ReviewHold[];
  /** Readings for legal review (C11 …). */
  flags: string[];
  /** Orders of removal (not vacated), for §5.2 "the day after an IJ order". */
  orderDays: { day: Day; index: number }[];
  /** LPR by IJ relief (cancellation, adjustment). */
  lprGrantedOn: Day | null;
  windows: Window[];
  executed: { day: Day; index: number; kind: 'I205' | 'SELF' } | null;
  /** Events of the case, cited by the removal-gate steps. */
  events: number[];
};

/** The case plus the bookkeeping the machine needs while it runs. */
type Run = {
  c: RemovalCase;
  ledger: Ledger;
  why: Explanation;
  windowClosedOn: Day | null;
  appealBy: string;
  lastDecision: EntryOf<'ij_decision'> | null;
  mtrDeniedAppealUntil: Day | null;
  mtrAppealPending: boolean;
  pfrStayMotionPending: boolean;
  fearHold: boolean;
  claimedSelfRemoval: boolean;
  reliefs: string[];
  reliefWindows: Window[];
};

const FINALITY = '8 CFR 1241.1; INA §101(a)(47)(B)';
const VACATED = 'order vacated';

/** C9 + rule table: last day to appeal an IJ decision, extended past weekends and holidays. */
export function appealDeadlineOf(
  decisionDay: Day,
  asylumMerits: boolean,
): { day: Day; rule: AppealDeadlineRule } {
  const rule = ruleVersionOn(APPEAL_DEADLINE_RULES, isoOf(decisionDay));
  const days = asylumMerits ? rule.asylumMeritsDays : rule.days;
  return { day: nextBusinessDayFrom(decisionDay + days), rule };
}

export function removalCaseOf(ledger: Ledger, why: Explanation): RemovalCase {
  const run: Run = {
    c: {
      state: 'NONE',
      commencements: [],
      order: null,
      finalOn: null,
      appealDeadline: null,
      deadlineRule: null,
      appealPending: false,
      windowOpen: false,
      vd: null,
      mtrInAbsentiaStay: false,
      vawaStay: false,
      stays: [],
      protection: null,
      holds: [],
      flags: [],
      orderDays: [],
      lprGrantedOn: null,
      windows: [],
      executed: null,
      events: [],
    },
    ledger,
    why,
    windowClosedOn: null,
    appealBy: 'RESPONDENT',
    lastDecision: null,
    mtrDeniedAppealUntil: null,
    mtrAppealPending: false,
    pfrStayMotionPending: false,
    fearHold: false,
    claimedSelfRemoval: false,
    reliefs: [],
    reliefWindows: [],
  };
  for (const entry of ledger.entries) {
    settle(run, entry.day);
    apply(run, entry);
  }
  settle(run, ledger.asOf);

  const c = run.c;
  if (c.vd) {
    const vd = c.vd;
    c.windows.push({
      kind: 'VOLUNTARY_DEPARTURE',
      from: vd.start,
      // A period still running ends on its depart-by date, unless a pending appeal has stopped the clock.
      to: vd.endedOn ?? (vd.tolled ? OPEN_END : vd.departBy),
      events: vd.events,
      rule: '§7.4',
    });
  }
  if (c.protection) {
    c.windows.push({
      kind: 'PROTECTION',
      from: c.protection.from,
      to: c.protection.to,
      events: [c.protection.index],
      rule: '§6(6)',
    });
  }
  for (const window of run.reliefWindows) c.windows.push(window);
  if (run.pfrStayMotionPending) c.holds.push('STAY_MOTION_PENDING_AUTOMATIC_TEMPORARY_STAY');
  if (run.fearHold) c.holds.push('FEAR_SCREENING_NOT_COMPLETE');
  if (run.claimedSelfRemoval && !c.executed) c.holds.push('DEPARTURE_UNVERIFIED');
  return c;
}

function apply(run: Run, entry: Entry): void {
  const { c, why } = run;
  const { event, index, day } = entry;
  switch (event.type) {
    case 'admission':
    case 'entry_without_inspection':
      if (c.state === 'REMOVAL_EXECUTED' || c.state === 'SELF_REMOVED' || c.state === 'VD_COMPLIED') {
        explain(
          why,
          '§7.1',
          `New entry on ${event.date} after the earlier case ended (${c.state}): no removal order applies to this stay unless one is reinstated.`,
          [index],
          'INA §241(a)(5); INA §212(a)(9)(A)',
        );
        reset(run);
      }
      return;
    case 'nta_issued':
      if (c.state === 'TERMINATED' || c.state === 'RELIEF_GRANTED') reset(run);
      if (c.state === 'NONE') c.state = 'NTA_ISSUED';
      c.events.push(index);
      return;
    case 'nta_filed':
    case 'master_hearing':
    case 'individual_hearing':
      if (c.state === 'TERMINATED' || c.state === 'RELIEF_GRANTED') reset(run);
      if (c.state === 'NONE' || c.state === 'NTA_ISSUED') c.state = 'PENDING_BEFORE_IJ';
      // Filing commences proceedings; a hearing on record shows they had commenced (protective for the
      // 3-year bar, which needs a departure *before* commencement) [M].
      if (c.commencements.length === 0 || event.type === 'nta_filed') c.commencements.push(day);
      c.events.push(index);
      return;
    case 'relief_application_filed':
      run.reliefs.push(event.relief);
      c.events.push(index);
      return;
    case 'ij_decision':
      decide(run, entry as EntryOf<'ij_decision'>);
      return;
    case 'vd_bond_posted':
      if (c.vd && c.vd.bondDeadline !== null && day <= c.vd.bondDeadline) {
        c.vd.bondPosted = true;
        c.vd.events.push(index);
        explain(
          why,
          '§7.2',
          `VD bond posted on ${event.date}, within 5 business days (deadline ${isoOf(c.vd.bondDeadline)}).`,
          [index],
          '8 CFR 1240.26(c)(3)',
        );
      }
      return;
    case 'bia_appeal_filed':
      fileAppeal(run, entry as EntryOf<'bia_appeal_filed'>);
      return;
    case 'bia_decision':
      decideAppeal(run, entry as EntryOf<'bia_decision'>);
      return;
    case 'motion_to_reopen_filed':
      fileMotion(run, entry as EntryOf<'motion_to_reopen_filed'>);
      return;
    case 'motion_to_reopen_decided':
      c.vawaStay = false;
      if (event.outcome === 'GRANTED') {
        vacate(
          run,
          day,
          'PENDING_BEFORE_IJ',
          `Motion to reopen granted on ${event.date}: ${VACATED}, proceedings pending again.`,
          [index],
          'INA §240(c)(7); 8 CFR 1003.23(b)',
        );
      } else if (c.mtrInAbsentiaStay) {
        run.mtrDeniedAppealUntil = appealDeadlineOf(day, false).day;
        explain(
          why,
          '§7.2',
          `Motion to reopen denied on ${event.date}; the automatic stay is kept through the time to appeal the denial (${isoOf(run.mtrDeniedAppealUntil)}) and during that appeal.`,
          [index],
          'Matter of Rivera-Claros, 21 I&N Dec. 232 (BIA 1996); 8 CFR 1003.6(a) [M]',
        );
      }
      return;
    case 'petition_for_review_filed':
      petitionForReview(run, entry as EntryOf<'petition_for_review_filed'>);
      return;
    case 'stay_granted': {
      const to = event.until ? dayOf(event.until) : OPEN_END;
      c.stays.push({ from: day, to, liftedOn: null, by: event.by ?? 'UNKNOWN', index });
      c.windows.push({ kind: 'STAY_OF_REMOVAL', from: day, to, events: [index], rule: '§5.3' });
      if (event.by === 'COURT_OF_APPEALS') run.pfrStayMotionPending = false;
      explain(
        why,
        '§7.5',
        `Stay of removal granted by ${event.by ?? 'an authority not named'} on ${event.date}${event.until ? ` until ${event.until}` : ''}; a granted stay is also a period of authorized stay.`,
        [index],
        '8 CFR 1003.2(f); 8 CFR 1003.23(b)(1)(v); 8 CFR 241.6; Nken v. Holder, 556 U.S. 418 (2009)',
      );
      return;
    }
    case 'stay_lifted':
      liftStay(run, entry as EntryOf<'stay_lifted'>);
      return;
    case 'removal_order_issued':
      reset(run);
      c.order = {
        index,
        day,
        kind: 'ADMINISTRATIVE',
        inAbsentia: false,
        country: event.designatedCountry ?? null,
      };
      c.orderDays.push({ day, index });
      c.events.push(index);
      finalize(
        run,
        day,
        `Order of removal without an immigration judge (${event.track}) issued on ${event.date}.`,
        [index],
        'INA §235(b)(1); INA §241(a)(5); INA §238(b); 8 CFR 217.4',
      );
      if (event.fearClaimed && event.fearScreening !== 'NEGATIVE') {
        run.fearHold = true;
        explain(
          why,
          '§7.2',
          `Fear of return claimed; screening ${event.fearScreening ?? 'not recorded'}: review hold until the screening is complete.`,
          [index],
          '8 CFR 208.30; 8 CFR 208.31; 8 CFR 241.8(e)',
        );
      }
      return;
    case 'departure':
    case 'removal_executed':
      depart(run, entry);
      return;
    default:
      return;
  }
}

const vdEnd = (vd: VoluntaryDeparture): Day => (vd.endedOn === null ? OPEN_END : vd.endedOn);

/** Applies every change that the passage of time makes on or before `day`. */
function settle(run: Run, day: Day): void {
  const { c, why } = run;
  const vd = c.vd;
  if (vd && vd.outcome === 'RUNNING' && !vd.tolled) {
    if (vd.bondDeadline !== null && !vd.bondPosted && day > vd.bondDeadline) {
      vd.outcome = 'VACATED';
      vd.endedOn = vd.bondDeadline;
      explain(
        why,
        '§7.2',
        `No VD bond posted by ${isoOf(vd.bondDeadline)} (5 business days): voluntary departure vacated; the alternate order takes effect the next day.`,
        vd.events,
        'INA §240B(b)(3); 8 CFR 1240.26(c)(3)',
      );
    } else if (day > vd.departBy && vd.claimedCompliance) {
      // A claimed departure within the period is presumed to be compliance until checked (protective).
      vd.outcome = 'COMPLIED';
      vd.endedOn = vd.departBy;
      c.state = 'VD_COMPLIED';
    } else if (day > vd.departBy) {
      vd.outcome = 'OVERSTAYED';
      vd.endedOn = vd.departBy;
      explain(
        why,
        '§7.4',
        `No departure by ${isoOf(vd.departBy)}: the voluntary departure period expired.`,
        vd.events,
        '8 CFR 1241.1(f); INA §240B(d)',
      );
    }
  }
  if (c.windowOpen && c.appealDeadline !== null && day > c.appealDeadline) {
    c.windowOpen = false;
    run.windowClosedOn = c.appealDeadline + 1;
    if (!c.order && c.state === 'APPEAL_WINDOW') c.state = 'RELIEF_GRANTED';
  }
  const order = c.order;
  if (order && c.finalOn === null && !c.windowOpen && !c.appealPending && run.windowClosedOn !== null) {
    if (order.kind !== 'VD') {
      finalize(
        run,
        run.windowClosedOn,
        `No appeal received by ${isoOf(run.windowClosedOn - 1)}.`,
        [order.index],
        '8 CFR 1241.1(c); 8 CFR 1003.39',
      );
    } else if (c.vd && c.vd.outcome !== 'RUNNING' && c.vd.outcome !== 'COMPLIED') {
      const takesEffect = Math.max(run.windowClosedOn, vdEnd(c.vd) + 1);
      if (day >= takesEffect) {
        finalize(
          run,
          takesEffect,
          'The alternate order of removal took effect.',
          c.vd.events,
          '8 CFR 1241.1(f); 8 CFR 1240.26(c)(3)',
        );
      }
    } else if (c.vd?.outcome === 'RUNNING' && c.state === 'APPEAL_WINDOW') {
      c.state = 'VD_PERIOD';
    }
  }
  if (run.mtrDeniedAppealUntil !== null && !run.mtrAppealPending && day > run.mtrDeniedAppealUntil) {
    run.mtrDeniedAppealUntil = null;
    c.mtrInAbsentiaStay = false;
  }
}

function finalize(run: Run, day: Day, text: string, used: readonly number[], citation = FINALITY): void {
  const c = run.c;
  if (c.finalOn !== null) return;
  c.finalOn = day;
  if (c.state !== 'REMOVAL_EXECUTED' && c.state !== 'SELF_REMOVED') c.state = 'FINAL_ORDER';
  explain(run.why, '§7.3', `${text} The order became final on ${isoOf(day)}.`, used, citation);
}

function vacate(
  run: Run,
  day: Day,
  state: CaseState,
  text: string,
  used: readonly number[],
  citation: string,
): void {
  const c = run.c;
  const vacatedIndex = c.order?.index;
  if (vacatedIndex !== undefined) c.orderDays = c.orderDays.filter((o) => o.index !== vacatedIndex);
  c.order = null;
  c.finalOn = null;
  c.vd = null;
  c.windowOpen = false;
  c.appealPending = false;
  c.mtrInAbsentiaStay = false;
  run.mtrAppealPending = false;
  run.mtrDeniedAppealUntil = null;
  run.windowClosedOn = null;
  if (c.protection && c.protection.to > day) c.protection.to = day;
  c.state = state;
  explain(run.why, '§7.2', text, used, citation);
}

function reset(run: Run): void {
  const c = run.c;
  c.order = null;
  c.finalOn = null;
  c.appealDeadline = null;
  c.deadlineRule = null;
  c.appealPending = false;
  c.windowOpen = false;
  c.vd = null;
  c.mtrInAbsentiaStay = false;
  c.vawaStay = false;
  c.executed = null;
  c.state = 'NONE';
  run.windowClosedOn = null;
  run.mtrAppealPending = false;
  run.mtrDeniedAppealUntil = null;
  run.claimedSelfRemoval = false;
  run.fearHold = false;
}

function decide(run: Run, entry: EntryOf<'ij_decision'>): void {
  const { c, why } = run;
  const { event, index, day } = entry;
  const used = [index];
  run.lastDecision = entry;
  const previous = c.order?.index;
  if (previous !== undefined) c.orderDays = c.orderDays.filter((o) => o.index !== previous);
  c.order = null;
  c.finalOn = null;
  c.vd = null;
  c.appealPending = false;
  c.mtrInAbsentiaStay = false;
  run.windowClosedOn = null;
  if (c.commencements.length === 0) c.commencements.push(day);
  c.events.push(index);

  const merits = asylumOnTheMerits(run, event, day);
  const deadline = appealDeadlineOf(day, merits);
  const waived = event.appealWaived === true;
  const appealable = !(event.outcome === 'REMOVAL_ORDERED' && event.inAbsentia === true);
  c.windowOpen = appealable && !waived;
  c.appealDeadline = c.windowOpen ? deadline.day : null;
  c.deadlineRule = c.windowOpen ? deadline.rule : null;
  if (!c.windowOpen) run.windowClosedOn = day;
  if (c.windowOpen) {
    const isIfr = deadline.rule.id === 'BIA-APPEAL-2026-IFR';
    explain(
      why,
      'C9',
      `IJ decision of ${event.date}: ${isIfr ? (merits ? '30 days (asylum adjudicated on the merits)' : '10 days') : '30 days'} to appeal, last day ${isoOf(deadline.day)} after the weekend/holiday extension; without an appeal the decision is final the next day.`,
      used,
      merits && event.asylumAdjudicatedOnMerits === undefined && isIfr
        ? `${deadline.rule.citation}; an asylum application on record is read as adjudicated on the merits (protective reading) [M]`
        : deadline.rule.citation,
    );
  }

  if (c.protection && !event.protection) {
    // A new decision without protection replaces the earlier one; its period stays in the history.
    run.reliefWindows.push({
      kind: 'PROTECTION',
      from: c.protection.from,
      to: day - 1,
      events: [c.protection.index],
      rule: '§6(6)',
    });
    c.protection = null;
  }
  if (event.protection) {
    c.protection = { from: day, to: OPEN_END, country: event.protection.country, index };
    explain(
      why,
      '§6(6)',
      `Protection (${event.protection.type}) granted for ${event.protection.country} on ${event.date}.`,
      used,
      'INA §241(b)(3)(A); 8 CFR 1208.16-.17',
    );
  }

  switch (event.outcome) {
    case 'REMOVAL_ORDERED':
      c.order = {
        index,
        day,
        kind: 'REMOVAL',
        inAbsentia: event.inAbsentia === true,
        country: event.designatedCountry ?? null,
      };
      c.orderDays.push({ day, index });
      if (event.inAbsentia) {
        finalize(
          run,
          day,
          `Removal ordered in absentia on ${event.date}: final immediately (no appeal lies).`,
          used,
          '8 CFR 1241.1(e); INA §240(b)(5)(A)',
        );
      } else if (waived) {
        finalize(
          run,
          day,
          `Removal ordered on ${event.date} and appeal waived.`,
          used,
          '8 CFR 1241.1(b); 8 CFR 1003.39',
        );
      } else {
        c.state = 'APPEAL_WINDOW';
      }
      return;
    case 'VOLUNTARY_DEPARTURE': {
      c.order = {
        index,
        day,
        kind: 'VD',
        inAbsentia: false,
        country: event.alternateOrderCountry ?? event.designatedCountry ?? null,
      };
      c.orderDays.push({ day, index });
      const type = event.vd?.type ?? 'TYPE NOT ON RECORD';
      // C11: an order without a date gets the longest statutory period (120 days, INA §240B(a)(2)(A)) and
      // no bond condition, since neither can be read from the record (protective reading) [M].
      const departBy = event.vd ? dayOf(event.vd.departBy) : day + VOLUNTARY_DEPARTURE.longestPeriodDays;
      if (!event.vd) c.flags.push('C11_VD_WITHOUT_DATE');
      const bondDeadline =
        type === 'AT_CONCLUSION' ? addBusinessDays(day, VOLUNTARY_DEPARTURE.bondBusinessDays) : null;
      c.vd = {
        start: day,
        departBy,
        bondDeadline,
        bondPosted: false,
        tolled: false,
        outcome: 'RUNNING',
        endedOn: null,
        claimedCompliance: false,
        events: [index],
      };
      c.state = c.windowOpen ? 'APPEAL_WINDOW' : 'VD_PERIOD';
      explain(
        why,
        '§7.4',
        `Voluntary departure (${type}) granted on ${event.date}, depart by ${isoOf(departBy)}${event.vd ? '' : ' (no date in the order: the longest statutory period, flagged under C11)'}${bondDeadline !== null ? `, bond due by ${isoOf(bondDeadline)}` : ''}; an alternate order of removal stands behind it.`,
        used,
        type === 'AT_CONCLUSION'
          ? 'INA §240B(b); 8 CFR 1240.26(c); C11'
          : `INA §240B(a); 8 CFR 1240.26(b); C11${event.vd ? '' : ' [M]'}`,
      );
      return;
    }
    case 'RELIEF_GRANTED':
      c.state = c.windowOpen ? 'APPEAL_WINDOW' : 'RELIEF_GRANTED';
      // A grant whose protection is asylum is an asylum grant, whatever application is (or is not) on record.
      grantRelief(
        run,
        day,
        index,
        event.protection?.type.toUpperCase() === 'ASYLUM'
          ? 'ASYLUM'
          : (run.reliefs[run.reliefs.length - 1] ?? null),
        event.protection !== undefined,
      );
      return;
    case 'TERMINATED':
      c.state = 'TERMINATED';
      explain(
        why,
        '§7.1',
        `Proceedings terminated on ${event.date}: no order of removal.`,
        used,
        '8 CFR 1239.2',
      );
      return;
  }
}

function grantRelief(run: Run, day: Day, index: number, relief: string | null, hasProtection: boolean): void {
  const used = [index];
  if (relief === 'CANCELLATION_LPR' || relief === 'CANCELLATION_NON_LPR' || relief === 'ADJUSTMENT') {
    run.c.lprGrantedOn = day;
    explain(
      run.why,
      '§7.1',
      `Relief (${relief}) granted on ${isoOf(day)}: lawful permanent residence.`,
      used,
      'INA §240A; INA §245(a)',
    );
  } else if (relief === 'ASYLUM') {
    run.reliefWindows.push({ kind: 'ASYLEE', from: day, to: OPEN_END, events: used, rule: '§5.3' });
    explain(
      run.why,
      '§5.3',
      `Asylum granted on ${isoOf(day)}: asylee status is a period of authorized stay.`,
      used,
      'INA §208(c); AFM 40.9.2',
    );
  } else if (!hasProtection) {
    run.reliefWindows.push({ kind: 'AUTHORIZED_STAY', from: day, to: OPEN_END, events: used, rule: '§5.3' });
    explain(
      run.why,
      '§5.3',
      `Relief granted on ${isoOf(day)} (${relief ?? 'type not on record'}): treated as a period of authorized stay from that day (protective reading) [M].`,
      used,
      'AFM 40.9.2 (cancellation/suspension grants and other relief are periods of authorized stay)',
    );
  }
}

function fileAppeal(run: Run, entry: EntryOf<'bia_appeal_filed'>): void {
  const { c, why } = run;
  const { event, index, day } = entry;
  c.events.push(index);
  if (run.mtrDeniedAppealUntil !== null && day <= run.mtrDeniedAppealUntil) {
    run.mtrAppealPending = true;
    explain(
      why,
      '§7.2',
      `Appeal of the denial of the motion to reopen filed on ${event.date}: the automatic stay continues while it is pending.`,
      [index],
      'Matter of Rivera-Claros, 21 I&N Dec. 232 (BIA 1996)',
    );
    return;
  }
  if (c.windowOpen && c.appealDeadline !== null && day <= c.appealDeadline) {
    c.appealPending = true;
    c.windowOpen = false;
    run.appealBy = event.by ?? 'RESPONDENT';
    c.state = 'BIA_PENDING';
    if (c.vd && c.vd.outcome === 'RUNNING') c.vd.tolled = true;
    explain(
      why,
      '§7.2',
      `Timely appeal to the BIA received on ${event.date} (last day ${isoOf(c.appealDeadline)}): the decision may not be executed while it is pending.`,
      [index],
      '8 CFR 1003.6(a); 8 CFR 1003.38; EOIR BIA Practice Manual ch. 6.2',
    );
    return;
  }
  explain(
    why,
    '§7.2',
    `Appeal received on ${event.date}${c.appealDeadline !== null ? `, after the last day ${isoOf(c.appealDeadline)}` : ''}: untimely, it does not stay removal or undo finality.`,
    [index],
    '8 CFR 1003.38(b)-(c); 8 CFR 1003.6(a)',
  );
}

function decideAppeal(run: Run, entry: EntryOf<'bia_decision'>): void {
  const { c, why } = run;
  const { event, index, day } = entry;
  const used = [index];
  c.events.push(index);
  if (run.mtrAppealPending) {
    run.mtrAppealPending = false;
    run.mtrDeniedAppealUntil = null;
    if (event.outcome === 'DISMISSED' || event.outcome === 'SUMMARILY_DISMISSED') {
      c.mtrInAbsentiaStay = false;
      explain(
        why,
        '§7.2',
        `BIA dismissed the motion appeal on ${event.date}: the automatic stay ended.`,
        used,
        '8 CFR 1003.1(d)',
      );
    } else {
      vacate(
        run,
        day,
        'PENDING_BEFORE_IJ',
        `BIA ${event.outcome.toLowerCase()} the motion appeal on ${event.date}: ${VACATED}.`,
        used,
        '8 CFR 1003.1(d)',
      );
    }
    return;
  }
  const byDhs = run.appealBy === 'DHS';
  c.appealPending = false;
  c.windowOpen = false;
  run.windowClosedOn = day;
  switch (event.outcome) {
    case 'DISMISSED':
    case 'SUMMARILY_DISMISSED':
      if (!c.order) {
        c.state = 'RELIEF_GRANTED';
        explain(
          why,
          '§7.2',
          `BIA dismissed the appeal on ${event.date}: the IJ’s grant stands.`,
          used,
          '8 CFR 1003.1(d)',
        );
      } else if (c.order.kind === 'VD' && event.vdReinstatedDepartBy && c.vd) {
        c.vd.departBy = dayOf(event.vdReinstatedDepartBy);
        c.vd.bondDeadline = null;
        c.vd.tolled = false;
        c.vd.outcome = 'RUNNING';
        c.vd.endedOn = null;
        c.vd.events.push(index);
        c.state = 'VD_PERIOD';
        explain(
          why,
          '§7.3',
          `BIA dismissed the appeal on ${event.date} and reinstated voluntary departure until ${event.vdReinstatedDepartBy}: the alternate order becomes final only on overstay.`,
          used,
          '8 CFR 1241.1(f); 8 CFR 1240.26(c)(3)(ii) [M]',
        );
      } else {
        if (c.vd) {
          c.vd.outcome = 'TERMINATED';
          c.vd.endedOn = day;
        }
        finalize(
          run,
          day,
          `BIA ${event.outcome === 'SUMMARILY_DISMISSED' ? 'summarily dismissed' : 'dismissed'} the appeal on ${event.date}.`,
          used,
          '8 CFR 1241.1(a); INA §101(a)(47)(B)',
        );
      }
      return;
    case 'SUSTAINED':
      if (byDhs && !c.order && run.lastDecision) {
        for (const window of run.reliefWindows) if (window.to > day) window.to = day;
        if (c.protection && c.protection.to > day) c.protection.to = day;
        c.lprGrantedOn = null;
        c.order = {
          index,
          day,
          kind: 'REMOVAL',
          inAbsentia: false,
          country: run.lastDecision.event.designatedCountry ?? null,
        };
        c.orderDays.push({ day, index });
        finalize(
          run,
          day,
          `BIA sustained the DHS appeal on ${event.date} and ordered removal.`,
          used,
          '8 CFR 1241.1(d); 8 CFR 1003.1(d)',
        );
      } else if (byDhs) {
        explain(why, '§7.2', `BIA sustained the DHS appeal on ${event.date}.`, used, '8 CFR 1003.1(d)');
        if (c.order) finalize(run, day, 'The Board’s decision is the final order.', used, '8 CFR 1241.1(a)');
      } else {
        vacate(
          run,
          day,
          'RELIEF_GRANTED',
          `BIA sustained the respondent’s appeal on ${event.date}: ${VACATED}.`,
          used,
          '8 CFR 1003.1(d)',
        );
      }
      return;
    case 'REMANDED':
      vacate(
        run,
        day,
        'PENDING_BEFORE_IJ',
        `BIA remanded on ${event.date}: ${VACATED}, proceedings pending before the IJ.`,
        used,
        '8 CFR 1003.1(d)(7)',
      );
      return;
  }
}

function fileMotion(run: Run, entry: EntryOf<'motion_to_reopen_filed'>): void {
  const { c, why } = run;
  const { event, index, day } = entry;
  c.events.push(index);
  if (event.basis.startsWith('IN_ABSENTIA') && c.order?.inAbsentia) {
    c.mtrInAbsentiaStay = true;
    run.mtrDeniedAppealUntil = null;
    explain(
      why,
      '§7.2',
      `Motion to reopen the in absentia order filed on ${event.date}: removal is stayed automatically while it is pending.`,
      [index],
      'INA §240(b)(5)(C); 8 CFR 1003.23(b)(4)(ii)',
    );
  } else if (event.basis === 'VAWA') {
    // Whether the person qualifies under §240(c)(7)(C)(iv) is for the court; until it rules, the stay holds.
    c.vawaStay = true;
    explain(
      why,
      '§7.2',
      `VAWA motion to reopen filed on ${event.date}: treated as staying removal while pending (protective reading of INA §240(c)(7)(C)(iv)).`,
      [index],
      'INA §240(c)(7)(C)(iv) [M]',
    );
  } else {
    explain(
      why,
      '§5.3',
      `Motion to reopen filed on ${event.date}: a pending motion does not stay removal by itself.`,
      [index],
      '8 CFR 1003.23(b)(1)(v); 8 CFR 1003.2(f)',
    );
  }
  if (c.vd && c.vd.outcome === 'RUNNING')
    terminateVd(run, day, index, 'motion to reopen', '8 CFR 1240.26(e)(1)');
}

function petitionForReview(run: Run, entry: EntryOf<'petition_for_review_filed'>): void {
  const { c, why } = run;
  const { event, index, day } = entry;
  c.events.push(index);
  const court = event.court ? event.court.toUpperCase().replace(/[\s.\-_]/g, '') : '';
  const automatic = AUTOMATIC_TEMPORARY_STAY_COURTS.find((rule) =>
    (rule.aliases as readonly string[]).includes(court),
  );
  if (event.stayMotionFiled && automatic) {
    run.pfrStayMotionPending = true;
    explain(
      why,
      '§7.5',
      `Petition for review with a stay motion filed on ${event.date} in a circuit where the motion stays removal temporarily: review hold.`,
      [index],
      `${automatic.citation} [R]`,
    );
  } else {
    explain(
      why,
      '§7.2',
      `Petition for review filed on ${event.date}: a petition alone does not stay removal.`,
      [index],
      'INA §242(b)(3)(B); Nken v. Holder, 556 U.S. 418 (2009)',
    );
  }
  if (c.vd && c.vd.outcome === 'RUNNING')
    terminateVd(run, day, index, 'petition for review', '8 CFR 1240.26(i)');
}

function liftStay(run: Run, entry: EntryOf<'stay_lifted'>): void {
  const { c } = run;
  const { event, index, day } = entry;
  for (let i = c.stays.length - 1; i >= 0; i--) {
    const stay = c.stays[i] as GrantedStay;
    if (stay.liftedOn !== null || (event.by !== undefined && stay.by !== event.by)) continue;
    stay.liftedOn = day;
    stay.to = Math.min(stay.to, day);
    for (const window of c.windows)
      if (window.kind === 'STAY_OF_REMOVAL' && window.events[0] === stay.index) window.to = stay.to;
    break;
  }
  if (event.by === 'COURT_OF_APPEALS') run.pfrStayMotionPending = false;
  explain(run.why, '§7.5', `Stay of removal lifted on ${event.date}.`, [index], '8 CFR 241.6');
}

function terminateVd(run: Run, day: Day, index: number, what: string, citation: string): void {
  const c = run.c;
  const vd = c.vd as VoluntaryDeparture;
  vd.outcome = 'TERMINATED';
  vd.endedOn = day;
  vd.events.push(index);
  explain(
    run.why,
    '§7.2',
    `Filing a ${what} during the VD period terminated voluntary departure on ${isoOf(day)}; the alternate order takes effect.`,
    [index],
    citation,
  );
  if (!c.windowOpen && !c.appealPending) {
    finalize(
      run,
      day,
      `The alternate order of removal took effect on the ${what}.`,
      vd.events,
      `${citation}; 8 CFR 1241.1(f)`,
    );
  }
}

function depart(run: Run, entry: Entry): void {
  const { c, why } = run;
  const kind = departureKindOf(entry);
  const { index, day, event } = entry;
  const vd = c.vd;
  const withinVd = vd !== null && vd.outcome === 'RUNNING' && (vd.tolled || day <= vd.departBy);
  if (event.type === 'removal_executed') {
    if (kind === 'CONFIRMED') {
      c.executed = { day, index, kind: 'I205' };
      c.state = 'REMOVAL_EXECUTED';
      c.events.push(index);
      explain(
        why,
        '§7.2',
        `Removal executed on ${event.date}, departure verified on Form I-205.`,
        [index],
        'INA §241(a)(1); 8 CFR 241.2',
      );
    } else {
      if (c.finalOn !== null) run.claimedSelfRemoval = true;
      explain(
        why,
        '§7.2',
        `Removal reported on ${event.date} without I-205 verification: not treated as executed.`,
        [index],
        'INA §241(a)(1); 8 CFR 241.2 [M]',
      );
    }
    return;
  }
  if (kind === 'CONFIRMED') {
    if (withinVd && vd) {
      vd.outcome = 'COMPLIED';
      vd.endedOn = day;
      vd.events.push(index);
      c.state = 'VD_COMPLIED';
      c.events.push(index);
      explain(
        why,
        '§7.5',
        `Departed on ${event.date}, within voluntary departure: the alternate order never became final, and this is not a removal.`,
        [index],
        '8 CFR 241.7; 8 CFR 1241.1(f)',
      );
    } else if (c.finalOn !== null && day >= c.finalOn && !c.executed) {
      c.executed = { day, index, kind: 'SELF' };
      c.state = 'SELF_REMOVED';
      c.events.push(index);
      explain(
        why,
        '§7.2',
        `Departed on ${event.date} while a final order was outstanding: the order is executed (self-removal).`,
        [index],
        'INA §101(g) [8 U.S.C. §1101(g)]; 8 CFR 241.7',
      );
    }
    return;
  }
  if (withinVd && vd) {
    vd.claimedCompliance = true;
    vd.events.push(index);
    explain(
      why,
      '§7.5',
      `A departure within voluntary departure is claimed (${event.date}) but not verified: treated as compliance pending verification, so the alternate order is not executed (protective reading) [M].`,
      [index],
      'RULES.md §4.5; 8 CFR 241.7; 8 CFR 1241.1(f)',
    );
  } else if (c.finalOn !== null) {
    run.claimedSelfRemoval = true;
  }
}

/**
 * Not stated: an asylum application before the court is read as adjudicated on the merits, which keeps
 * the 30-day window of the 2026 IFR (protective reading of an [M][R] rule).
 */
function asylumOnTheMerits(run: Run, event: IjDecisionEvent, day: Day): boolean {
  if (event.asylumAdjudicatedOnMerits !== undefined) return event.asylumAdjudicatedOnMerits;
  if (run.reliefs.includes('ASYLUM')) return true;
  for (const entry of run.ledger.entries)
    if (entry.event.type === 'asylum_filed' && entry.day <= day) return true;
  return false;
}
