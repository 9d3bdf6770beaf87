/**
 * The gate check a case step passes at the moment it is taken (DESIGN.md §2 "Case"; RULES.md §7.5).
 * Every blocker of §7.5 and every review hold is re-read from the person's current status report, and
 * the facts the report cannot know are added: whether the identity rests on a probable link, whether a
 * record is disputed, whether counsel of record was told. Each finding names the records behind it, so
 * a refusal can say exactly what stopped the step and where to look.
 */
import { dayOf, isoOf } from '../status/calendar.js';
import {
  type IsoDate,
  type LifecycleEvent,
  REMOVAL_BLOCKERS,
  REVIEW_HOLDS,
  type RemovalBlocker,
  type ReviewHold,
  type StatusReport,
} from '../status/types.js';
import {
  type CaseGate,
  type CasePrecondition,
  type CaseSnapshot,
  type CaseTransition,
  type GateCode,
  isTerminal,
  type RemovalCaseState,
  type StepDetails,
  startsFrom,
  TRANSITION_TABLE,
} from './workflow.js';

/** Counsel of record as the counsel-filings source shows it (EOIR-28 before the court, G-28 before DHS). */
export type CounselOfRecord = {
  /** `<source>:<sourceRecordId>` of the appearance. */
  recordId: string;
  name: string;
  barNumber: string | null;
  form: string;
  filedOn: IsoDate;
};

/** An active redress request on one of the records the person's status rests on. */
export type ActiveDispute = { disputeId: string; recordId: string };

export type GateFacts = {
  /** The day the step is taken (the end of that day, C1). */
  asOf: IsoDate;
  /** The person's status report on asOf, computed from their current records. */
  report: StatusReport;
  /** The lifecycle events the report was computed from (with recordIds provenance). */
  events: readonly LifecycleEvent[];
  /**
   * Confirmed when every link of the person is deterministic or confirmed and no identity review about
   * any of their records is open; the records of the unsettled links and reviews otherwise.
   */
  identity: { confirmed: boolean; probableLinkRecords: readonly string[] };
  disputes: readonly ActiveDispute[];
  counsel: {
    ofRecord: readonly CounselOfRecord[];
    /**
     * Counsel told of this step before its decision (their appearance record ids), or
     * `WITH_THIS_STEP` when the step itself notifies counsel (a request, or a step that applies at once).
     */
    notified: readonly string[] | 'WITH_THIS_STEP';
  };
};

export const FINDING_KINDS = [
  'BLOCKER',
  'REVIEW_HOLD',
  'IDENTITY',
  'DISPUTE',
  'COUNSEL',
  'CASE',
  'PRECONDITION',
  'APPROVAL',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type GateFinding = {
  code: GateCode;
  kind: FindingKind;
  /** True when the finding stops this step; others are shown for information. */
  blocking: boolean;
  text: string;
  /** The RULES.md id (or DESIGN.md section) the finding rests on. */
  rule: string;
  citation: string;
  /** `<source>:<sourceRecordId>` of the records behind the finding. */
  recordIds: string[];
};

export type GateCheck = {
  transition: CaseTransition;
  from: RemovalCaseState;
  to: RemovalCaseState;
  allowed: boolean;
  /** Adverse: the step waits for a supervisor other than the requester. */
  needsApproval: boolean;
  /** Every finding present on asOf, blocking or not. */
  findings: GateFinding[];
  blocking: GateFinding[];
};

const BLOCKER_TEXT: Record<RemovalBlocker, { text: string; citation: string }> = {
  US_CITIZEN: {
    text: 'evidence shows the person is a U.S. citizen: the case is frozen and may only be closed',
    citation: 'U.S. Const. amend. XIV; INA §§101(a)(3), 301, 320; ICE Directive 16001.2',
  },
  CITIZENSHIP_CLAIM_UNRESOLVED: {
    text: 'a claim or indicia of U.S. citizenship is unresolved: no adverse step until it is investigated',
    citation: 'ICE Directive 16001.2; INA §242(b)(5)',
  },
  NOT_IN_UNITED_STATES: {
    text: 'a verified departure after the last entry: nothing to execute',
    citation: '8 CFR 241.7; INA §101(g)',
  },
  NO_REMOVAL_ORDER: { text: 'no order of removal is in effect', citation: '8 CFR 1241.1' },
  PROCEEDINGS_PENDING: {
    text: 'proceedings are pending before the immigration judge',
    citation: '8 CFR 1003.14',
  },
  ORDER_NOT_FINAL_APPEAL_PERIOD: {
    text: 'the time to appeal has not run out',
    citation: '8 CFR 1003.6(a); 8 CFR 1003.38',
  },
  ORDER_NOT_FINAL_APPEAL_PENDING: { text: 'a timely appeal is pending', citation: '8 CFR 1003.6(a)' },
  VOLUNTARY_DEPARTURE_PERIOD_RUNNING: {
    text: 'voluntary departure is in force; the alternate order is not final',
    citation: '8 CFR 1241.1(f)',
  },
  VOLUNTARY_DEPARTURE_COMPLIED: {
    text: 'the person departed within voluntary departure; the alternate order never became final',
    citation: '8 CFR 241.7; 8 CFR 1241.1(f)',
  },
  STAY_OF_REMOVAL_IN_EFFECT: {
    text: 'a stay of removal is in effect',
    citation: '8 CFR 1003.2(f); 8 CFR 1003.23(b)(1)(v); 8 CFR 241.6; Nken v. Holder, 556 U.S. 418 (2009)',
  },
  AUTOMATIC_STAY_MTR_IN_ABSENTIA: {
    text: 'a motion to reopen the in absentia order is pending (automatic stay)',
    citation: 'INA §240(b)(5)(C); 8 CFR 1003.23(b)(4)(ii); Matter of Rivera-Claros, 21 I&N Dec. 232',
  },
  PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY: {
    text: 'withholding or CAT protection was granted for the country of removal',
    citation: 'INA §241(b)(3)(A); 8 CFR 1208.16-.17',
  },
  TPS_IN_EFFECT: {
    text: 'TPS is in effect (or a prima facie TPS application is pending)',
    citation: 'INA §244(a)(1)(A), (a)(4)(B)',
  },
};

const HOLD_TEXT: Record<ReviewHold, string> = {
  DEPARTURE_UNVERIFIED: 'a departure is claimed but not verified',
  STAY_MOTION_PENDING_AUTOMATIC_TEMPORARY_STAY:
    'a stay motion is pending in a circuit where it stays removal temporarily',
  FEAR_SCREENING_NOT_COMPLETE: 'a fear screening is not complete',
  THIRD_COUNTRY_REMOVAL_REVIEW: 'removal to a country other than the one protection was granted for',
  PENDING_APPLICATION: 'an application is pending',
  DEFERRED_ACTION_OR_PRIMA_FACIE_DETERMINATION: 'deferred action, parole or a prima facie determination',
  TPS_APPLICATION_PENDING: 'a TPS application is pending',
  MINOR_TVPRA_REVIEW: 'the person is a minor (TVPRA protections for unaccompanied children)',
};

type EventTest = (event: LifecycleEvent) => boolean;
const ofType =
  (...types: LifecycleEvent['type'][]): EventTest =>
  (event) =>
    types.includes(event.type);

/** Which events evidence each finding: the records a refusal points the officer to. */
const EVIDENCE: Record<RemovalBlocker | ReviewHold, EventTest> = {
  US_CITIZEN: (e) =>
    (e.type === 'birth' && e.place === 'US') ||
    e.type === 'naturalized' ||
    e.type === 'parent_naturalized' ||
    (e.type === 'citizenship_claim_asserted' && e.resolution === 'CONFIRMED'),
  CITIZENSHIP_CLAIM_UNRESOLVED: (e) =>
    e.type === 'citizenship_claim_asserted' || (e.type === 'birth' && e.place === 'US'),
  NOT_IN_UNITED_STATES: (e) => (e.type === 'departure' && e.verified) || e.type === 'removal_executed',
  NO_REMOVAL_ORDER: ofType(
    'nta_issued',
    'nta_filed',
    'ij_decision',
    'bia_decision',
    'motion_to_reopen_decided',
  ),
  PROCEEDINGS_PENDING: ofType('nta_filed', 'master_hearing', 'individual_hearing', 'bia_decision'),
  ORDER_NOT_FINAL_APPEAL_PERIOD: ofType('ij_decision'),
  ORDER_NOT_FINAL_APPEAL_PENDING: ofType('ij_decision', 'bia_appeal_filed'),
  VOLUNTARY_DEPARTURE_PERIOD_RUNNING: (e) =>
    (e.type === 'ij_decision' && e.outcome === 'VOLUNTARY_DEPARTURE') ||
    e.type === 'vd_bond_posted' ||
    (e.type === 'bia_decision' && e.vdReinstatedDepartBy !== undefined),
  VOLUNTARY_DEPARTURE_COMPLIED: (e) =>
    (e.type === 'ij_decision' && e.outcome === 'VOLUNTARY_DEPARTURE') || e.type === 'departure',
  STAY_OF_REMOVAL_IN_EFFECT: (e) =>
    e.type === 'stay_granted' || (e.type === 'motion_to_reopen_filed' && e.basis === 'VAWA'),
  AUTOMATIC_STAY_MTR_IN_ABSENTIA: (e) =>
    (e.type === 'ij_decision' && e.inAbsentia === true) ||
    e.type === 'motion_to_reopen_filed' ||
    e.type === 'motion_to_reopen_decided',
  PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY: (e) => e.type === 'ij_decision' && e.protection !== undefined,
  TPS_IN_EFFECT: ofType('tps_granted', 'tps_filed'),
  DEPARTURE_UNVERIFIED: (e) => (e.type === 'departure' && !e.verified) || e.type === 'removal_executed',
  STAY_MOTION_PENDING_AUTOMATIC_TEMPORARY_STAY: ofType('petition_for_review_filed'),
  FEAR_SCREENING_NOT_COMPLETE: ofType('removal_order_issued'),
  THIRD_COUNTRY_REMOVAL_REVIEW: (e) => e.type === 'ij_decision' && e.protection !== undefined,
  PENDING_APPLICATION: ofType('extension_filed', 'change_of_status_filed', 'aos_filed', 'asylum_filed'),
  DEFERRED_ACTION_OR_PRIMA_FACIE_DETERMINATION: ofType('authorized_stay_granted'),
  TPS_APPLICATION_PENDING: ofType('tps_filed'),
  MINOR_TVPRA_REVIEW: ofType('birth'),
};

/** The steps a US_CITIZEN finding does not freeze: closing the case is the only way forward (§7.2). */
const OPEN_TO_CITIZENS: readonly CaseTransition[] = ['close_citizen'];
/** Findings that stop every adverse step, whatever the step. */
const ADVERSE_GATES: readonly (RemovalBlocker | CaseGate)[] = [
  'CITIZENSHIP_CLAIM_UNRESOLVED',
  'IDENTITY_UNCONFIRMED',
  'RECORD_DISPUTED',
  'COUNSEL_NOT_NOTIFIED',
];
/** Steps that record a departure: they need one verified on the records (a verified departure closes the work). */
const NEEDS_VERIFIED_DEPARTURE: readonly CaseTransition[] = [
  'verify_departure',
  'record_self_removal',
  'vd_complied',
];
/** Steps out of APPEAL_WINDOW that need the window to have run out. */
const AFTER_WINDOW: readonly CaseTransition[] = [
  'order_became_final',
  'begin_vd',
  'relief_became_final',
  'proceedings_terminated',
];
/** INA §239(b)(1): the first hearing is not earlier than 10 days after NTA service unless waived. */
const TEN_DAY_MINIMUM = 10;

/**
 * Re-checks every blocker of RULES.md §7.5, every review hold, identity, disputes and counsel for one
 * step on one case, and the case's own due-process preconditions (notice before decision, the appeal
 * window, the VD period). Pure: the caller supplies the facts as they are at the moment of the step.
 */
export function checkGates(
  snapshot: CaseSnapshot,
  transition: CaseTransition,
  facts: GateFacts,
  details: StepDetails = {},
): GateCheck {
  const spec = TRANSITION_TABLE[transition];
  const findings: GateFinding[] = [];
  const stops = (code: GateCode): boolean =>
    (code === 'US_CITIZEN' && !OPEN_TO_CITIZENS.includes(transition)) ||
    (spec.adverse && (ADVERSE_GATES as readonly GateCode[]).includes(code)) ||
    (spec.stoppedBy as readonly GateCode[]).includes(code);
  const asOfEvents = facts.events.filter((e) => e.date <= facts.asOf);
  const recordsFor = (test: EventTest): string[] => unique(asOfEvents.filter(test).flatMap(recordIdsOf));

  for (const code of REMOVAL_BLOCKERS) {
    if (!facts.report.removal.blockers.includes(code)) continue;
    findings.push({
      code,
      kind: 'BLOCKER',
      blocking: stops(code),
      text: BLOCKER_TEXT[code].text,
      rule: `§7.5 ${code}`,
      citation: BLOCKER_TEXT[code].citation,
      recordIds: recordsFor(EVIDENCE[code]),
    });
  }
  for (const code of REVIEW_HOLDS) {
    if (!facts.report.removal.reviewHolds.includes(code)) continue;
    findings.push({
      code,
      kind: 'REVIEW_HOLD',
      blocking: stops(code),
      text: `review hold: ${HOLD_TEXT[code]}`,
      rule: '§7.5 review holds [R]',
      citation: 'RULES.md §7.5 (additional safeguards)',
      recordIds: recordsFor(EVIDENCE[code]),
    });
  }
  // Exculpatory dominance (RELIABILITY.md T14.2): a claim once resolved in the person's favour and later
  // against them is a conflict between records, not a finding against them; it stays unresolved.
  const confirmedClaims = asOfEvents.filter(
    (e) => e.type === 'citizenship_claim_asserted' && e.resolution === 'CONFIRMED',
  );
  const blockers = facts.report.removal.blockers;
  if (
    confirmedClaims.length > 0 &&
    !blockers.includes('US_CITIZEN') &&
    !blockers.includes('CITIZENSHIP_CLAIM_UNRESOLVED')
  ) {
    findings.push({
      code: 'CITIZENSHIP_CLAIM_UNRESOLVED',
      kind: 'BLOCKER',
      blocking: stops('CITIZENSHIP_CLAIM_UNRESOLVED'),
      text: 'records conflict on citizenship: a claim was confirmed and later resolved otherwise; treated as unresolved until a person reviews it',
      rule: '§7.5 CITIZENSHIP_CLAIM_UNRESOLVED; §1 invariant 6',
      citation: `${BLOCKER_TEXT.CITIZENSHIP_CLAIM_UNRESOLVED.citation}; RELIABILITY.md T14.2`,
      recordIds: recordsFor(EVIDENCE.CITIZENSHIP_CLAIM_UNRESOLVED),
    });
  }
  if (!facts.identity.confirmed) {
    findings.push({
      code: 'IDENTITY_UNCONFIRMED',
      kind: 'IDENTITY',
      blocking: stops('IDENTITY_UNCONFIRMED'),
      text: 'some of these records are joined only by a probable link, or an identity review about them is open: a reviewer must settle the identity first',
      rule: 'DESIGN.md §2 link strength',
      citation: 'DESIGN.md §2; RULES.md §7.5 (identity not confirmed against the person named in the order)',
      recordIds: unique([...facts.identity.probableLinkRecords]),
    });
  }
  if (facts.disputes.length > 0) {
    findings.push({
      code: 'RECORD_DISPUTED',
      kind: 'DISPUTE',
      blocking: stops('RECORD_DISPUTED'),
      text: `a dispute is open on a record this step rests on (${unique(facts.disputes.map((d) => d.disputeId)).join(', ')})`,
      rule: 'DESIGN.md §2 redress request',
      citation: '5 U.S.C. 552a(d)(2)-(3) (Privacy Act amendment)',
      recordIds: unique(facts.disputes.map((d) => d.recordId)),
    });
  }
  const notified = facts.counsel.notified;
  if (notified !== 'WITH_THIS_STEP') {
    const missed = facts.counsel.ofRecord.filter((c) => !notified.includes(c.recordId));
    if (missed.length > 0) {
      findings.push({
        code: 'COUNSEL_NOT_NOTIFIED',
        kind: 'COUNSEL',
        blocking: stops('COUNSEL_NOT_NOTIFIED'),
        text: `counsel of record was not notified of this step before the decision: ${missed.map((c) => c.name).join(', ')}`,
        rule: '§7.2 notice (service on counsel of record)',
        citation: '8 CFR 292.5(a); 8 CFR 1292.5(a); 8 CFR 1003.26',
        recordIds: missed.map((c) => c.recordId),
      });
    }
  }
  if (snapshot.overlays.includes('STAYED')) {
    findings.push({
      code: 'CASE_STAYED',
      kind: 'CASE',
      blocking: stops('CASE_STAYED'),
      text: 'a stay of removal is recorded on the case',
      rule: '§7.2 any → STAYED',
      citation: '8 CFR 241.6; 8 CFR 1003.6',
      recordIds: [],
    });
  }
  for (const failed of preconditionsOf(snapshot, transition, facts, details)) {
    findings.push({ ...failed, kind: 'PRECONDITION', blocking: true, rule: spec.rule, recordIds: [] });
  }

  const blocking = findings.filter((f) => f.blocking);
  return {
    transition,
    from: snapshot.state,
    to: spec.to === 'SAME' ? snapshot.state : spec.to,
    allowed: blocking.length === 0,
    needsApproval: spec.adverse,
    findings,
    blocking,
  };
}

type Failed = { code: CasePrecondition; text: string; citation: string };

/** The case's own preconditions for a step (§7.2), each failure with its reason. */
function preconditionsOf(
  snapshot: CaseSnapshot,
  transition: CaseTransition,
  facts: GateFacts,
  details: StepDetails,
): Failed[] {
  const spec = TRANSITION_TABLE[transition];
  const failed: Failed[] = [];
  const fail = (code: CasePrecondition, text: string, citation = spec.citation) =>
    failed.push({ code, text, citation });

  if (!startsFrom(transition, snapshot.state)) {
    fail(
      'TRANSITION_NOT_ALLOWED',
      isTerminal(snapshot.state)
        ? `the case is closed (${snapshot.state})`
        : `${transition} cannot start from ${snapshot.state}`,
    );
    return failed;
  }
  if (
    spec.outcomes !== undefined &&
    (snapshot.ijOutcome === null || !spec.outcomes.includes(snapshot.ijOutcome))
  ) {
    fail(
      'IJ_OUTCOME_MISMATCH',
      `${transition} follows an IJ decision of ${spec.outcomes.join(' or ')}, not ${snapshot.ijOutcome ?? 'none'}`,
    );
  }
  const { asOf } = facts;
  switch (transition) {
    case 'serve_nta':
      if (details.hearingDate === undefined) {
        fail(
          'NTA_TIME_AND_PLACE_MISSING',
          'the NTA must state the time and place of the hearing in the one document',
          'INA §239(a)(1)(G)(i); Niz-Chavez v. Garland (2021)',
        );
      } else if (!details.tenDayMinimumWaived && dayOf(details.hearingDate) < dayOf(asOf) + TEN_DAY_MINIMUM) {
        fail(
          'HEARING_TOO_SOON',
          `the first hearing may not be earlier than ${isoOf(dayOf(asOf) + TEN_DAY_MINIMUM)} (10 days after service) unless waived`,
          'INA §239(b)(1)',
        );
      }
      break;
    case 'serve_hearing_notice':
      if (details.hearingDate === undefined || details.hearingDate < asOf) {
        fail('NO_NOTICE_OF_HEARING', 'a notice of hearing must name a hearing date on or after today');
      }
      break;
    case 'record_ij_decision':
      if (details.outcome === undefined) fail('OUTCOME_MISSING', 'the IJ decision needs its outcome');
      if (snapshot.noticeServedOn === null) {
        fail(
          'NO_NOTICE_OF_HEARING',
          'no written notice of the hearing was served in these proceedings: no decision before notice',
          'INA §239(a)(1)(G), (a)(2); INA §240(b)(5)(A)',
        );
      } else if (snapshot.hearingOn !== null && asOf < snapshot.hearingOn) {
        fail(
          'DECISION_BEFORE_HEARING',
          `the decision cannot come before the noticed hearing on ${snapshot.hearingOn}`,
          'INA §240(b)(1); 8 CFR 1240.12',
        );
      }
      break;
    case 'reserve_appeal':
      if (details.appealDeadline === undefined || details.appealDeadline < asOf) {
        fail(
          'APPEAL_DEADLINE_MISSING',
          'the last day to appeal must be known (from the court record or given) and not past',
        );
      }
      break;
    case 'file_appeal':
      if (snapshot.appealDeadline === null || asOf > snapshot.appealDeadline) {
        fail(
          'APPEAL_WINDOW_CLOSED',
          `the appeal window closed on ${snapshot.appealDeadline ?? '(unknown)'}: the BIA must receive the appeal in time`,
          '8 CFR 1003.38(b)-(c) (no mailbox rule)',
        );
      }
      break;
    case 'begin_vd':
    case 'bia_reinstated_vd':
      if (details.vdDepartBy === undefined || details.vdDepartBy < asOf) {
        fail('VD_DEPART_BY_MISSING', 'the voluntary departure order must give its depart-by date (C11)');
      }
      break;
    case 'vd_overstayed':
      if (snapshot.vdDepartBy === null || asOf <= snapshot.vdDepartBy) {
        fail(
          'VD_PERIOD_RUNNING',
          `the voluntary departure period runs through ${snapshot.vdDepartBy ?? '(unknown)'}`,
          '8 CFR 1241.1(f); C11',
        );
      }
      break;
    case 'grant_stay':
      if (snapshot.overlays.includes('STAYED')) fail('ALREADY_STAYED', 'a stay is already recorded');
      break;
    case 'lift_stay':
      if (!snapshot.overlays.includes('STAYED')) fail('NOT_STAYED', 'no stay is recorded on the case');
      break;
    case 'close_citizen':
      if (!facts.report.removal.blockers.includes('US_CITIZEN')) {
        fail(
          'NO_CITIZENSHIP_EVIDENCE',
          'no record establishes U.S. citizenship (a claim alone freezes the case but does not close it)',
          'ICE Directive 16001.2; INA §242(b)(5)',
        );
      }
      break;
    default:
      break;
  }
  if (
    AFTER_WINDOW.includes(transition) &&
    snapshot.state === 'APPEAL_WINDOW' &&
    (snapshot.appealDeadline === null || asOf <= snapshot.appealDeadline)
  ) {
    fail(
      'APPEAL_WINDOW_OPEN',
      `the appeal window runs through ${snapshot.appealDeadline ?? '(unknown)'}: the decision is not final before the day after`,
      '8 CFR 1241.1(c); 8 CFR 1003.39; C9',
    );
  }
  if (
    NEEDS_VERIFIED_DEPARTURE.includes(transition) &&
    !facts.report.removal.blockers.includes('NOT_IN_UNITED_STATES')
  ) {
    fail(
      'DEPARTURE_NOT_VERIFIED',
      'no verified departure after the last entry is on record (a claimed departure is not enough)',
      '8 CFR 241.7; RULES.md §4.5',
    );
  }
  return failed;
}

/**
 * Fills a step's details from the records when the officer did not give them: the last day to appeal
 * and the depart-by date come from the status report (C9, C11), so the case keeps the court's dates.
 */
export function resolveStepDetails(
  transition: CaseTransition,
  details: StepDetails,
  report: StatusReport,
): StepDetails {
  const resolved: StepDetails = { ...details };
  if (
    transition === 'reserve_appeal' &&
    resolved.appealDeadline === undefined &&
    report.removal.appealDeadline
  )
    resolved.appealDeadline = report.removal.appealDeadline;
  if (
    (transition === 'begin_vd' || transition === 'bia_reinstated_vd') &&
    resolved.vdDepartBy === undefined &&
    report.removal.vdDepartBy
  )
    resolved.vdDepartBy = report.removal.vdDepartBy;
  return resolved;
}

const recordIdsOf = (event: LifecycleEvent): string[] => event.recordIds ?? [];

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
