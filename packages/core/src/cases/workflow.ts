/**
 * Removal proceedings (INA §240) as a workflow the agency works in ilos: the states of RULES.md §7.1
 * and the transitions of §7.2 as one table. Each transition says where it may start, where it leads,
 * whether it is ADVERSE to the person (then a second person, a supervisor, must approve it), whether
 * it is an ENFORCEMENT step (removal proceeds), and which findings of the gate check stop it.
 *
 * The table is data so that tests can read it against RULES.md row by row and the model-based test
 * can drive it; the guards that need facts (records, clock, counsel) live in gates.ts.
 */
import {
  type IsoDate,
  REMOVAL_BLOCKERS,
  REVIEW_HOLDS,
  type RemovalBlocker,
  type ReviewHold,
} from '../status/types.js';

/**
 * RULES.md §7.1 states. REMANDED is not a resting state: the BIA remand returns the case to
 * PENDING_BEFORE_IJ (the `bia_remanded` transition); STAYED and REOPENED are overlays (CASE_OVERLAYS).
 * IJ_DECIDED carries its outcome in `ijOutcome`.
 */
export const REMOVAL_CASE_STATES = [
  'NONE',
  'NTA_ISSUED',
  'PENDING_BEFORE_IJ',
  'IJ_DECIDED',
  'APPEAL_WINDOW',
  'BIA_PENDING',
  'FINAL_ORDER',
  'VD_PERIOD',
  'VD_COMPLIED',
  'RELIEF_GRANTED',
  'TERMINATED',
  'REMOVAL_EXECUTED',
  'DEPARTURE_VERIFIED',
  'SELF_REMOVED',
  'CLOSED_CITIZEN',
] as const;
export type RemovalCaseState = (typeof REMOVAL_CASE_STATES)[number];

/** States that end the case: nothing leads out of them (§7.1 "terminal", plus the outcomes that end proceedings). */
export const TERMINAL_CASE_STATES = [
  'VD_COMPLIED',
  'RELIEF_GRANTED',
  'TERMINATED',
  'DEPARTURE_VERIFIED',
  'SELF_REMOVED',
  'CLOSED_CITIZEN',
] as const satisfies readonly RemovalCaseState[];

export const CASE_OVERLAYS = ['STAYED', 'REOPENED'] as const;
export type CaseOverlay = (typeof CASE_OVERLAYS)[number];

/** RULES.md §7.1 IJ_DECIDED outcomes, verbatim. */
export const IJ_DECISION_OUTCOMES = [
  'RELIEF_GRANTED',
  'TERMINATED',
  'REMOVAL_ORDERED',
  'REMOVAL_ORDERED_IN_ABSENTIA',
  'VD_GRANTED',
  'REMOVAL_ORDERED_WITH_PROTECTION',
] as const;
export type IjDecisionOutcome = (typeof IJ_DECISION_OUTCOMES)[number];

export const CASE_TRANSITIONS = [
  'serve_nta',
  'file_nta',
  'serve_hearing_notice',
  'record_ij_decision',
  'waive_appeal',
  'final_in_absentia',
  'reserve_appeal',
  'file_appeal',
  'order_became_final',
  'begin_vd',
  'relief_became_final',
  'proceedings_terminated',
  'bia_final_order',
  'bia_remanded',
  'bia_granted_relief',
  'bia_reinstated_vd',
  'vd_complied',
  'vd_overstayed',
  'reopen',
  'grant_stay',
  'lift_stay',
  'execute_removal',
  'verify_departure',
  'record_self_removal',
  'close_citizen',
] as const;
export type CaseTransition = (typeof CASE_TRANSITIONS)[number];

/**
 * What a finding that is not a §7.5 blocker or review hold is called. IDENTITY_UNCONFIRMED: a link is
 * only probable (DESIGN.md §2); RECORD_DISPUTED: a redress request freezes steps resting on the record;
 * COUNSEL_NOT_NOTIFIED: counsel of record was not told of the step before the decision;
 * CASE_STAYED: the case carries the STAYED overlay. The approval gates: SAME_PERSON and NOT_SUPERVISOR
 * (two-person rule), STEP_AWAITING_APPROVAL (one adverse step waits at a time), STEP_SUPERSEDED (the
 * case moved on since the step was asked for).
 */
export const CASE_GATES = [
  'IDENTITY_UNCONFIRMED',
  'RECORD_DISPUTED',
  'COUNSEL_NOT_NOTIFIED',
  'CASE_STAYED',
  'SAME_PERSON',
  'NOT_SUPERVISOR',
  'STEP_AWAITING_APPROVAL',
  'STEP_SUPERSEDED',
] as const;
export type CaseGate = (typeof CASE_GATES)[number];

/** Due-process and bookkeeping preconditions of the case itself (§7.2 column "Trigger / preconditions"). */
export const CASE_PRECONDITIONS = [
  'TRANSITION_NOT_ALLOWED',
  'IJ_OUTCOME_MISMATCH',
  'NTA_TIME_AND_PLACE_MISSING',
  'HEARING_TOO_SOON',
  'NO_NOTICE_OF_HEARING',
  'DECISION_BEFORE_HEARING',
  'OUTCOME_MISSING',
  'APPEAL_DEADLINE_MISSING',
  'APPEAL_WINDOW_OPEN',
  'APPEAL_WINDOW_CLOSED',
  'VD_DEPART_BY_MISSING',
  'VD_PERIOD_RUNNING',
  'NOT_STAYED',
  'ALREADY_STAYED',
  'NO_CITIZENSHIP_EVIDENCE',
  'DEPARTURE_NOT_VERIFIED',
] as const;
export type CasePrecondition = (typeof CASE_PRECONDITIONS)[number];

/** Everything a gate check can name. */
export type GateCode = RemovalBlocker | ReviewHold | CaseGate | CasePrecondition;

/** A case as the workflow sees it: its state and the dates its steps recorded. */
export type CaseSnapshot = {
  state: RemovalCaseState;
  overlays: readonly CaseOverlay[];
  ijOutcome: IjDecisionOutcome | null;
  /** Day the NTA was served (starts the 10-day minimum before the first hearing). */
  ntaServedOn: IsoDate | null;
  /** The hearing the last notice set. */
  hearingOn: IsoDate | null;
  /** Day the last notice of hearing was served in the current proceedings (notice before decision). */
  noticeServedOn: IsoDate | null;
  appealDeadline: IsoDate | null;
  vdDepartBy: IsoDate | null;
};

/** What an officer records with a step. */
export type StepDetails = {
  /** serve_nta, serve_hearing_notice: the time of the hearing the notice sets. */
  hearingDate?: IsoDate;
  /** serve_nta: the respondent waived the 10-day minimum (INA §239(b)(1)). */
  tenDayMinimumWaived?: boolean;
  /** record_ij_decision. */
  outcome?: IjDecisionOutcome;
  /** reserve_appeal: the last day to appeal (C9); taken from the records' status report when absent. */
  appealDeadline?: IsoDate;
  /** begin_vd, bia_reinstated_vd: the depart-by date (C11); taken from the status report when absent. */
  vdDepartBy?: IsoDate;
};

type Applicable = readonly (RemovalBlocker | ReviewHold | CaseGate)[];

export type TransitionSpec = {
  /** `ACTIVE`: every state that is not terminal. */
  from: readonly RemovalCaseState[] | 'ACTIVE';
  /** `SAME`: the state does not change (notices, overlays). */
  to: RemovalCaseState | 'SAME';
  /** Adverse to the person: two-person rule (requester ≠ approver, approver a supervisor). */
  adverse: boolean;
  /** Removal proceeds: every §7.5 blocker and review hold stops it. */
  enforcement: boolean;
  /** For steps out of IJ_DECIDED / APPEAL_WINDOW: the IJ outcomes the step follows. */
  outcomes?: readonly IjDecisionOutcome[];
  overlay?: { add?: CaseOverlay; remove?: CaseOverlay };
  /** Findings of the gate check that stop this step (besides US_CITIZEN and the adverse-step gates). */
  stoppedBy: Applicable;
  /** RULES.md row the step implements. */
  rule: string;
  citation: string;
  text: string;
};

const ALL_ORDERS: readonly IjDecisionOutcome[] = ['REMOVAL_ORDERED', 'REMOVAL_ORDERED_WITH_PROTECTION'];

/** Every gate finding an enforcement step must clear: §7.5 blockers, review holds, the case's own stay. */
const ENFORCEMENT_GATES: Applicable = [...REMOVAL_BLOCKERS, ...REVIEW_HOLDS, 'CASE_STAYED'];

/** The whole workflow. A transition not listed, or from a state not in `from`, is not allowed. */
export const TRANSITION_TABLE: Readonly<Record<CaseTransition, TransitionSpec>> = {
  serve_nta: {
    from: ['NONE'],
    to: 'NTA_ISSUED',
    adverse: true,
    enforcement: false,
    stoppedBy: ['NOT_IN_UNITED_STATES'],
    rule: '§7.2 NONE → NTA_ISSUED',
    citation: 'INA §239(a),(b)(1); Pereira v. Sessions (2018); Niz-Chavez v. Garland (2021)',
    text: 'NTA (Form I-862) served, with the time and place of the hearing in the one document',
  },
  file_nta: {
    from: ['NTA_ISSUED'],
    to: 'PENDING_BEFORE_IJ',
    adverse: true,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 NTA_ISSUED → PENDING_BEFORE_IJ',
    citation: '8 CFR 1003.14(a); 8 CFR 1239.1',
    text: 'NTA filed with the immigration court: proceedings commence',
  },
  serve_hearing_notice: {
    from: ['NTA_ISSUED', 'PENDING_BEFORE_IJ'],
    to: 'SAME',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 PENDING (notice before decision)',
    citation: 'INA §239(a)(1)(G)(i),(a)(2); INA §240(b)(5)(A); 8 CFR 1003.18',
    text: 'written notice of the time and place of a hearing served',
  },
  record_ij_decision: {
    from: ['PENDING_BEFORE_IJ'],
    to: 'IJ_DECIDED',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 PENDING → IJ_DECIDED',
    citation: '8 CFR 1240.12-.13; INA §240(b)(5)',
    text: 'the immigration judge’s oral or written decision recorded',
  },
  waive_appeal: {
    from: ['IJ_DECIDED'],
    to: 'FINAL_ORDER',
    adverse: true,
    enforcement: false,
    outcomes: ALL_ORDERS,
    stoppedBy: ['ORDER_NOT_FINAL_APPEAL_PENDING'],
    rule: '§7.2 IJ_DECIDED → FINAL_ORDER (a) appeal waived; §7.3(b)',
    citation: '8 CFR 1241.1(b); 8 CFR 1003.39',
    text: 'the respondent waived appeal: the order is final',
  },
  final_in_absentia: {
    from: ['IJ_DECIDED'],
    to: 'FINAL_ORDER',
    adverse: true,
    enforcement: false,
    outcomes: ['REMOVAL_ORDERED_IN_ABSENTIA'],
    stoppedBy: [],
    rule: '§7.2 IJ_DECIDED → FINAL_ORDER (b) in absentia; §7.3(e)',
    citation: '8 CFR 1241.1(e); INA §240(b)(5)(A)',
    text: 'an in absentia order is final immediately (remedy: a motion to reopen)',
  },
  reserve_appeal: {
    from: ['IJ_DECIDED'],
    to: 'APPEAL_WINDOW',
    adverse: false,
    enforcement: false,
    outcomes: [
      'RELIEF_GRANTED',
      'TERMINATED',
      'REMOVAL_ORDERED',
      'VD_GRANTED',
      'REMOVAL_ORDERED_WITH_PROTECTION',
    ],
    stoppedBy: [],
    rule: '§7.2 IJ_DECIDED → APPEAL_WINDOW',
    citation: '8 CFR 1003.38(b)-(c); INA §208(d)(5)(A)(iv); C9',
    text: 'appeal reserved: the window runs to the last day to appeal',
  },
  file_appeal: {
    from: ['APPEAL_WINDOW'],
    to: 'BIA_PENDING',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 APPEAL_WINDOW → BIA_PENDING',
    citation: '8 CFR 1003.3; 8 CFR 1003.38 (received by the BIA; no mailbox rule)',
    text: 'timely Form EOIR-26 received by the Board',
  },
  order_became_final: {
    from: ['APPEAL_WINDOW'],
    to: 'FINAL_ORDER',
    adverse: true,
    enforcement: false,
    outcomes: ALL_ORDERS,
    stoppedBy: ['ORDER_NOT_FINAL_APPEAL_PERIOD', 'ORDER_NOT_FINAL_APPEAL_PENDING'],
    rule: '§7.2 APPEAL_WINDOW → FINAL_ORDER; §7.3(c)',
    citation: '8 CFR 1241.1(c); 8 CFR 1003.39',
    text: 'the window expired with no appeal: final on the day after the deadline',
  },
  begin_vd: {
    from: ['IJ_DECIDED', 'APPEAL_WINDOW'],
    to: 'VD_PERIOD',
    adverse: false,
    enforcement: false,
    outcomes: ['VD_GRANTED'],
    stoppedBy: [],
    rule: '§7.2 IJ_DECIDED(VD) → VD_PERIOD',
    citation: 'INA §240B(a)-(b); 8 CFR 1240.26(b)-(c)',
    text: 'the voluntary departure period runs, an alternate order behind it',
  },
  relief_became_final: {
    from: ['IJ_DECIDED', 'APPEAL_WINDOW'],
    to: 'RELIEF_GRANTED',
    adverse: false,
    enforcement: false,
    outcomes: ['RELIEF_GRANTED'],
    stoppedBy: [],
    rule: '§7.1 IJ_DECIDED → RELIEF_GRANTED',
    citation: '8 CFR 1241.1; 8 CFR 1003.39',
    text: 'relief granted and no appeal: proceedings end',
  },
  proceedings_terminated: {
    from: ['IJ_DECIDED', 'APPEAL_WINDOW'],
    to: 'TERMINATED',
    adverse: false,
    enforcement: false,
    outcomes: ['TERMINATED'],
    stoppedBy: [],
    rule: '§7.1 IJ_DECIDED → TERMINATED',
    citation: '8 CFR 1239.2',
    text: 'proceedings terminated: no order of removal',
  },
  bia_final_order: {
    from: ['BIA_PENDING'],
    to: 'FINAL_ORDER',
    adverse: true,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 BIA_PENDING → FINAL_ORDER; §7.3(a)',
    citation: '8 CFR 1241.1(a),(d); INA §101(a)(47)(B)',
    text: 'the Board dismissed the appeal or itself ordered removal',
  },
  bia_remanded: {
    from: ['BIA_PENDING'],
    to: 'PENDING_BEFORE_IJ',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 BIA_PENDING → REMANDED → PENDING_BEFORE_IJ',
    citation: '8 CFR 1003.1(d)(7)',
    text: 'the Board remanded: proceedings pending before the IJ again (a new notice of hearing is due)',
  },
  bia_granted_relief: {
    from: ['BIA_PENDING'],
    to: 'RELIEF_GRANTED',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 BIA_PENDING → RELIEF_GRANTED',
    citation: '8 CFR 1003.1(d)',
    text: 'the Board sustained the appeal and granted relief',
  },
  bia_reinstated_vd: {
    from: ['BIA_PENDING'],
    to: 'VD_PERIOD',
    adverse: false,
    enforcement: false,
    outcomes: ['VD_GRANTED'],
    stoppedBy: [],
    rule: '§7.2 VD_PERIOD → FINAL_ORDER (BIA-reinstated VD); §7.4',
    citation: '8 CFR 1241.1(f); 8 CFR 1240.26(c)(3)(ii)',
    text: 'the Board dismissed the appeal and reinstated voluntary departure',
  },
  vd_complied: {
    from: ['VD_PERIOD'],
    to: 'VD_COMPLIED',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 VD_PERIOD → VD_COMPLIED',
    citation: 'INA §240B; 8 CFR 241.7',
    text: 'verified departure within the period: not a removal',
  },
  vd_overstayed: {
    from: ['VD_PERIOD'],
    to: 'FINAL_ORDER',
    adverse: true,
    enforcement: false,
    stoppedBy: [
      'VOLUNTARY_DEPARTURE_PERIOD_RUNNING',
      'VOLUNTARY_DEPARTURE_COMPLIED',
      'ORDER_NOT_FINAL_APPEAL_PENDING',
      'NOT_IN_UNITED_STATES',
    ],
    rule: '§7.2 VD_PERIOD → FINAL_ORDER; §7.3(f)',
    citation: '8 CFR 1241.1(f); 8 CFR 1240.26(e),(i); INA §240B(d)',
    text: 'no departure within the period: the alternate order is final',
  },
  reopen: {
    from: ['FINAL_ORDER'],
    to: 'PENDING_BEFORE_IJ',
    adverse: false,
    enforcement: false,
    overlay: { add: 'REOPENED' },
    stoppedBy: [],
    rule: '§7.2 FINAL_ORDER → REOPENED',
    citation: 'INA §240(c)(6)-(7); 8 CFR 1003.2, 1003.23',
    text: 'motion to reopen granted: proceedings pending again (a new notice of hearing is due)',
  },
  grant_stay: {
    from: [
      'NTA_ISSUED',
      'PENDING_BEFORE_IJ',
      'IJ_DECIDED',
      'APPEAL_WINDOW',
      'BIA_PENDING',
      'FINAL_ORDER',
      'VD_PERIOD',
    ],
    to: 'SAME',
    adverse: false,
    enforcement: false,
    overlay: { add: 'STAYED' },
    stoppedBy: [],
    rule: '§7.2 any → STAYED',
    citation: '8 CFR 1003.6(a); 8 CFR 1003.2(f); 8 CFR 1003.23(b); 8 CFR 241.6; Nken v. Holder (2009)',
    text: 'a stay of removal recorded on the case',
  },
  lift_stay: {
    from: 'ACTIVE',
    to: 'SAME',
    adverse: true,
    enforcement: false,
    overlay: { remove: 'STAYED' },
    stoppedBy: ['STAY_OF_REMOVAL_IN_EFFECT', 'AUTOMATIC_STAY_MTR_IN_ABSENTIA'],
    rule: '§7.2 any → STAYED (lifted)',
    citation: '8 CFR 241.6; 8 CFR 1003.6',
    text: 'the stay of removal recorded on the case is lifted',
  },
  execute_removal: {
    from: ['FINAL_ORDER'],
    to: 'REMOVAL_EXECUTED',
    adverse: true,
    enforcement: true,
    stoppedBy: ENFORCEMENT_GATES,
    rule: '§7.2 FINAL_ORDER → REMOVAL_EXECUTED; §7.5',
    citation: 'INA §241(a)(1); 8 CFR 241.2; RULES.md §7.5',
    text: 'Warrant of Removal (Form I-205) executed',
  },
  verify_departure: {
    from: ['REMOVAL_EXECUTED'],
    to: 'DEPARTURE_VERIFIED',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.1 REMOVAL_EXECUTED → DEPARTURE_VERIFIED',
    citation: 'INA §241(a)(1); 8 CFR 241.2 (verification of departure on the I-205)',
    text: 'departure verified: the work is closed',
  },
  record_self_removal: {
    from: ['FINAL_ORDER'],
    to: 'SELF_REMOVED',
    adverse: true,
    enforcement: false,
    stoppedBy: ['VOLUNTARY_DEPARTURE_COMPLIED'],
    rule: '§7.2 FINAL_ORDER → SELF_REMOVED',
    citation: 'INA §101(g) [8 U.S.C. §1101(g)]; 8 CFR 241.7',
    text: 'verified departure while the order was outstanding: the order is executed',
  },
  close_citizen: {
    from: 'ACTIVE',
    to: 'CLOSED_CITIZEN',
    adverse: false,
    enforcement: false,
    stoppedBy: [],
    rule: '§7.2 any → CLOSED_CITIZEN; §1 invariant 1',
    citation: 'INA §101(a)(3); ICE Directive 16001.2',
    text: 'evidence establishes U.S. citizenship: proceedings terminated, any order void as to a citizen',
  },
};

export const ENFORCEMENT_TRANSITIONS = CASE_TRANSITIONS.filter((t) => TRANSITION_TABLE[t].enforcement);
export const ADVERSE_TRANSITIONS = CASE_TRANSITIONS.filter((t) => TRANSITION_TABLE[t].adverse);

export const isTerminal = (state: RemovalCaseState): boolean =>
  (TERMINAL_CASE_STATES as readonly RemovalCaseState[]).includes(state);

/** Whether the table lets `transition` start from `state` (overlay and outcome conditions aside). */
export function startsFrom(transition: CaseTransition, state: RemovalCaseState): boolean {
  const from = TRANSITION_TABLE[transition].from;
  return from === 'ACTIVE' ? !isTerminal(state) : from.includes(state);
}

/** The transitions the table allows from a case's state, before any gate is checked. */
export function transitionsFrom(snapshot: CaseSnapshot): CaseTransition[] {
  return CASE_TRANSITIONS.filter((t) => startsFrom(t, snapshot.state));
}

/** The snapshot of a case just opened: nothing has happened yet. */
export const NEW_CASE: CaseSnapshot = {
  state: 'NONE',
  overlays: [],
  ijOutcome: null,
  ntaServedOn: null,
  hearingOn: null,
  noticeServedOn: null,
  appealDeadline: null,
  vdDepartBy: null,
};

/**
 * The case after a step, given the step was allowed (checkGates) and its details resolved. Pure
 * bookkeeping: which dates the step records, which it clears because new proceedings begin.
 */
export function applyTransition(
  snapshot: CaseSnapshot,
  transition: CaseTransition,
  details: StepDetails,
  asOf: IsoDate,
): CaseSnapshot {
  const spec = TRANSITION_TABLE[transition];
  const next: CaseSnapshot = {
    ...snapshot,
    state: spec.to === 'SAME' ? snapshot.state : spec.to,
    overlays: overlaysAfter(snapshot.overlays, spec.overlay),
  };
  switch (transition) {
    case 'serve_nta':
      next.ntaServedOn = asOf;
      next.noticeServedOn = asOf;
      next.hearingOn = details.hearingDate ?? null;
      break;
    case 'serve_hearing_notice':
      next.noticeServedOn = asOf;
      next.hearingOn = details.hearingDate ?? null;
      break;
    case 'record_ij_decision':
      next.ijOutcome = details.outcome ?? null;
      break;
    case 'reserve_appeal':
      next.appealDeadline = details.appealDeadline ?? null;
      break;
    case 'begin_vd':
    case 'bia_reinstated_vd':
      next.vdDepartBy = details.vdDepartBy ?? null;
      break;
    case 'bia_remanded':
    case 'reopen':
      // New proceedings before the IJ: the old decision, window and notice no longer count.
      next.ijOutcome = null;
      next.appealDeadline = null;
      next.vdDepartBy = null;
      next.noticeServedOn = null;
      next.hearingOn = null;
      break;
    default:
      break;
  }
  if (isTerminal(next.state)) next.overlays = [];
  return next;
}

function overlaysAfter(
  overlays: readonly CaseOverlay[],
  change: TransitionSpec['overlay'],
): readonly CaseOverlay[] {
  if (change === undefined) return overlays;
  const kept = overlays.filter((o) => o !== change.remove && o !== change.add);
  return change.add === undefined ? kept : [...kept, change.add];
}
