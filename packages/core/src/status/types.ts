/**
 * The status engine's vocabulary: lifecycle events in (the scenario vocabulary of
 * shared/scenarios/status-scenarios.json, plus the few events RULES.md needs that it lacks),
 * a status report out (the scenario output schema plus an explained rule chain).
 */

/** A civil calendar date `YYYY-MM-DD`, no time of day, no time zone (RULES.md C1). */
export type IsoDate = `${number}-${number}-${number}`;

export const DEPARTURE_SOURCES = [
  'CBP_APIS_AIR',
  'CBP_APIS_SEA',
  'CBSA_ENTRY_RECORD',
  'CBP_LAND_EXIT_BIOMETRIC',
  'ICE_I205_REMOVAL_VERIFIED',
  'CONSULAR_DEPARTURE_VERIFICATION',
  'SELF_REPORTED',
  'FOREIGN_PASSPORT_STAMP',
] as const;
export type DepartureSource = (typeof DEPARTURE_SOURCES)[number];

export const SEVIS_END_REASONS = [
  'COMPLETED',
  'AUTHORIZED_WITHDRAWAL',
  'TERMINATED_STATUS_VIOLATION',
] as const;
export const DECISION_OUTCOMES = ['APPROVED', 'DENIED'] as const;
export const DENIAL_REASONS = [
  'FRIVOLOUS',
  'UNAUTHORIZED_EMPLOYMENT',
  'INELIGIBLE',
  'FAILED_TO_MAINTAIN_STATUS',
] as const;
export const CLAIM_RESOLUTIONS = ['UNDER_REVIEW', 'CONFIRMED', 'REJECTED'] as const;
export const ASYLUM_OUTCOMES = ['GRANTED', 'DENIED', 'REFERRED_TO_IJ'] as const;
export const RELIEF_TYPES = [
  'ASYLUM',
  'WITHHOLDING',
  'CAT',
  'CANCELLATION_LPR',
  'CANCELLATION_NON_LPR',
  'ADJUSTMENT',
  'VOLUNTARY_DEPARTURE',
] as const;
export const IJ_OUTCOMES = [
  'REMOVAL_ORDERED',
  'RELIEF_GRANTED',
  'TERMINATED',
  'VOLUNTARY_DEPARTURE',
] as const;
export const VD_TYPES = ['PRE_CONCLUSION', 'AT_CONCLUSION'] as const;
export const BIA_OUTCOMES = ['DISMISSED', 'SUMMARILY_DISMISSED', 'SUSTAINED', 'REMANDED'] as const;
export const MTR_BASES = [
  'IN_ABSENTIA_LACK_OF_NOTICE',
  'IN_ABSENTIA_EXCEPTIONAL_CIRCUMSTANCES',
  'GENERAL',
  'CHANGED_COUNTRY_CONDITIONS',
  'VAWA',
] as const;
export const STAY_AUTHORITIES = ['COURT_OF_APPEALS', 'BIA', 'IJ', 'DHS'] as const;
export const REMOVAL_TRACKS = [
  'EXPEDITED_REMOVAL',
  'REINSTATEMENT',
  'ADMINISTRATIVE_REMOVAL',
  'VWP_REMOVAL',
] as const;
export const FEAR_SCREENINGS = ['PENDING', 'POSITIVE', 'NEGATIVE'] as const;
export const AUTHORIZED_STAY_BASES = [
  'DEFERRED_ACTION',
  'DACA',
  'DED',
  'FAMILY_UNITY',
  'U_VISA',
  'T_VISA',
  'PAROLE',
  'OTHER',
] as const;
export const BAR_EXCEPTION_BASES = ['VAWA', 'TRAFFICKING'] as const;

type Provenance = {
  /** Ids of the source records the event was derived from (ingest provenance), echoed in the explanation. */
  recordIds?: string[];
};
// Distributive, so a union of types makes a union of events and Extract<…, { type: T }> finds each one.
type Dated<T extends string> = T extends string ? Provenance & { type: T; date: IsoDate } : never;

export type BirthEvent = Dated<'birth'> & {
  place: 'US' | 'ABROAD';
  countryOfBirth?: string;
  diplomaticParent?: boolean;
  evidence?: string;
  /** A dispute over the parents' status under EO 14160 (RULES.md §1 invariant 1): flagged, never decided. */
  parentalStatusDisputed?: boolean;
};
export type AdmissionEvent = Dated<'admission'> & {
  /** CBP class of admission, e.g. B2, WT, F1, J1, H1B, IR1. */
  class: string;
  admitUntil: IsoDate | 'D/S' | null;
  mode?: 'AIR' | 'SEA' | 'LAND';
  immigrant?: boolean;
  passportIssuer?: string;
  i94Number?: string;
};
export type EntryWithoutInspectionEvent = Dated<'entry_without_inspection'>;
export type DepartureEvent = Dated<'departure'> & { source: DepartureSource; verified: boolean };
export type SatisfactoryDepartureEvent = Dated<'satisfactory_departure_granted'> & {
  until: IsoDate;
  by?: string;
};
export type SevisProgramEndEvent = Dated<'sevis_program_end'> & {
  reason: (typeof SEVIS_END_REASONS)[number];
};
export type EmploymentEndedEvent = Dated<'employment_ended'>;
export type StayFilingEvent = Dated<'extension_filed' | 'change_of_status_filed'> & {
  form?: string;
  requestedUntil?: IsoDate | 'D/S';
  toClass?: string;
  sameEmployer?: boolean;
  /** Absent = not found frivolous (no guessing against the person). */
  nonFrivolous?: boolean;
  /** Absent = no unauthorized employment on record. */
  unauthorizedEmployment?: boolean;
  lateFilingReason?: string;
};
export type StayDecisionEvent = Dated<'extension_decided' | 'change_of_status_decided'> & {
  outcome: (typeof DECISION_OUTCOMES)[number];
  grantedUntil?: IsoDate | 'D/S';
  denialReason?: (typeof DENIAL_REASONS)[number];
  statusViolationFinding?: boolean;
  lateFilingExcused?: boolean;
};
export type AdjustmentFiledEvent = Dated<'aos_filed'> & { form?: string; basis?: string };
export type AdjustmentDecidedEvent = Dated<'aos_decided'> & {
  form?: string;
  outcome: (typeof DECISION_OUTCOMES)[number];
  statusViolationFinding?: boolean;
};
export type LprGrantedEvent = Dated<'lpr_granted'> & { via?: 'IMMIGRANT_VISA' | 'ADJUSTMENT' | string };
export type NaturalizedEvent = Dated<'naturalized'> & { certificate?: string };
export type ParentNaturalizedEvent = Dated<'parent_naturalized'> & {
  relationship?: string;
  childInLegalAndPhysicalCustody?: boolean;
  childResidingInUS?: boolean;
};
export type CitizenshipClaimEvent = Dated<'citizenship_claim_asserted'> & {
  basis?: string;
  evidence?: string;
  resolution: (typeof CLAIM_RESOLUTIONS)[number];
};
export type AsylumFiledEvent = Dated<'asylum_filed'> & {
  forum?: 'USCIS' | 'IJ';
  /** Absent = bona fide until found otherwise. */
  bonaFide?: boolean;
  unauthorizedEmployment?: boolean;
};
export type AsylumDecidedEvent = Dated<'asylum_decided'> & { outcome: (typeof ASYLUM_OUTCOMES)[number] };
export type TpsGrantedEvent = Dated<'tps_granted'> & { until: IsoDate; country: string };
/** A TPS application; a prima facie eligible applicant may not be removed (INA §244(a)(4)(B)). */
export type TpsFiledEvent = Dated<'tps_filed'> & { country: string; primaFacie?: boolean };
export type TpsDeniedEvent = Dated<'tps_denied'>;
export type ProceedingEvent = Dated<'nta_issued' | 'nta_filed' | 'master_hearing' | 'individual_hearing'>;
export type ReliefApplicationEvent = Dated<'relief_application_filed'> & {
  relief: (typeof RELIEF_TYPES)[number];
};
export type IjDecisionEvent = Dated<'ij_decision'> & {
  outcome: (typeof IJ_OUTCOMES)[number];
  inAbsentia?: boolean;
  appealWaived?: boolean;
  appealReserved?: boolean;
  designatedCountry?: string;
  asylumAdjudicatedOnMerits?: boolean;
  protection?: { type: string; country: string };
  vd?: { type: (typeof VD_TYPES)[number]; departBy: IsoDate; bondAmountUSD?: number };
  alternateOrderCountry?: string;
};
export type VdBondPostedEvent = Dated<'vd_bond_posted'>;
export type BiaAppealEvent = Dated<'bia_appeal_filed'> & { by?: 'RESPONDENT' | 'DHS' | string };
export type BiaDecisionEvent = Dated<'bia_decision'> & {
  outcome: (typeof BIA_OUTCOMES)[number];
  vdReinstatedDepartBy?: IsoDate;
};
export type MotionToReopenEvent = Dated<'motion_to_reopen_filed'> & {
  forum?: string;
  basis: (typeof MTR_BASES)[number];
};
/** The ruling on a motion to reopen: granted reopens proceedings, denied ends its automatic stay. */
export type MotionToReopenDecidedEvent = Dated<'motion_to_reopen_decided'> & {
  outcome: 'GRANTED' | 'DENIED';
};
export type PetitionForReviewEvent = Dated<'petition_for_review_filed'> & {
  court?: string;
  stayMotionFiled?: boolean;
};
export type StayEvent = Dated<'stay_granted' | 'stay_lifted'> & {
  by?: (typeof STAY_AUTHORITIES)[number];
  until?: IsoDate;
};
export type RemovalExecutedEvent = Dated<'removal_executed'> & { verifiedBy?: string };
/** An order entered without an immigration judge (RULES.md §7.2, non-§240 tracks). */
export type RemovalOrderIssuedEvent = Dated<'removal_order_issued'> & {
  track: (typeof REMOVAL_TRACKS)[number];
  designatedCountry?: string;
  fearClaimed?: boolean;
  fearScreening?: (typeof FEAR_SCREENINGS)[number];
};
/** A period of stay authorized by policy (AFM 40.9.2 list): deferred action, DACA, DED, Family Unity, … */
export type AuthorizedStayEvent = Dated<'authorized_stay_granted'> & {
  basis: (typeof AUTHORIZED_STAY_BASES)[number];
  until?: IsoDate;
};
/** INA §212(a)(9)(B)(iii)(IV)–(V): the 3-/10-year bars do not apply (a flag, not a day exclusion). */
export type BarExceptionEvent = Dated<'bar_exception_determined'> & {
  basis: (typeof BAR_EXCEPTION_BASES)[number];
};

export type LifecycleEvent =
  | BirthEvent
  | AdmissionEvent
  | EntryWithoutInspectionEvent
  | DepartureEvent
  | SatisfactoryDepartureEvent
  | SevisProgramEndEvent
  | EmploymentEndedEvent
  | StayFilingEvent
  | StayDecisionEvent
  | AdjustmentFiledEvent
  | AdjustmentDecidedEvent
  | LprGrantedEvent
  | NaturalizedEvent
  | ParentNaturalizedEvent
  | CitizenshipClaimEvent
  | AsylumFiledEvent
  | AsylumDecidedEvent
  | TpsGrantedEvent
  | TpsFiledEvent
  | TpsDeniedEvent
  | ProceedingEvent
  | ReliefApplicationEvent
  | IjDecisionEvent
  | VdBondPostedEvent
  | BiaAppealEvent
  | BiaDecisionEvent
  | MotionToReopenEvent
  | MotionToReopenDecidedEvent
  | PetitionForReviewEvent
  | StayEvent
  | RemovalExecutedEvent
  | RemovalOrderIssuedEvent
  | AuthorizedStayEvent
  | BarExceptionEvent;

export type LifecycleEventType = LifecycleEvent['type'];

/** Status codes in the precedence order of RULES.md §6 (first match wins). */
export const PERSON_STATUSES = [
  'US_CITIZEN',
  'CITIZENSHIP_CLAIM_UNDER_REVIEW',
  'REMOVED',
  'DEPARTED',
  'DEPARTURE_UNVERIFIED',
  'LPR',
  'WITHHOLDING_GRANTED',
  'TPS',
  'VOLUNTARY_DEPARTURE_PERIOD',
  'AUTHORIZED_STAY_PENDING_ADJUSTMENT',
  'NONIMMIGRANT_IN_STATUS',
  'NONIMMIGRANT_GRACE_PERIOD',
  'OUT_OF_STATUS',
  'AUTHORIZED_STAY_PENDING_EXTENSION',
  'OVERSTAY',
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const REMOVAL_BLOCKERS = [
  'US_CITIZEN',
  'CITIZENSHIP_CLAIM_UNRESOLVED',
  'NOT_IN_UNITED_STATES',
  'NO_REMOVAL_ORDER',
  'PROCEEDINGS_PENDING',
  'ORDER_NOT_FINAL_APPEAL_PERIOD',
  'ORDER_NOT_FINAL_APPEAL_PENDING',
  'VOLUNTARY_DEPARTURE_PERIOD_RUNNING',
  'VOLUNTARY_DEPARTURE_COMPLIED',
  'STAY_OF_REMOVAL_IN_EFFECT',
  'AUTOMATIC_STAY_MTR_IN_ABSENTIA',
  'PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY',
  'TPS_IN_EFFECT',
] as const;
export type RemovalBlocker = (typeof REMOVAL_BLOCKERS)[number];

/**
 * Review holds (RULES.md §7.5, last paragraph [R]): not legal conclusions, but each one stops an
 * enforcement step and sends it to a person, so `mayProceed` is false while any is present.
 */
export const REVIEW_HOLDS = [
  'DEPARTURE_UNVERIFIED',
  'STAY_MOTION_PENDING_AUTOMATIC_TEMPORARY_STAY',
  'FEAR_SCREENING_NOT_COMPLETE',
  'THIRD_COUNTRY_REMOVAL_REVIEW',
  'PENDING_APPLICATION',
  'DEFERRED_ACTION_OR_PRIMA_FACIE_DETERMINATION',
  'TPS_APPLICATION_PENDING',
  'MINOR_TVPRA_REVIEW',
] as const;
export type ReviewHold = (typeof REVIEW_HOLDS)[number];

export const CASE_STATES = [
  'NONE',
  'NTA_ISSUED',
  'PENDING_BEFORE_IJ',
  'APPEAL_WINDOW',
  'BIA_PENDING',
  'FINAL_ORDER',
  'VD_PERIOD',
  'VD_COMPLIED',
  'RELIEF_GRANTED',
  'TERMINATED',
  'REMOVAL_EXECUTED',
  'SELF_REMOVED',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export type ReportCategory = 'NONE' | 'OUT_OF_COUNTRY' | 'SUSPECTED_IN_COUNTRY';
export type Bar = 'NONE' | 'THREE_YEAR' | 'TEN_YEAR';

/** One link of the rule chain: which rule decided what, from which events, on what authority. */
export type ExplanationStep = {
  /** A RULES.md id: `§5.2`, `§7.5 NO_REMOVAL_ORDER`, a convention `C3`, an invariant `INV1`. */
  rule: string;
  text: string;
  /** Indexes (0-based) of the input events the step used. */
  events: number[];
  citation: string;
  /** Provenance of those events, when ingest supplied it. */
  recordIds?: string[];
};

export type PriorStay = {
  entered: IsoDate | null;
  departed: IsoDate;
  days: number;
  bar: Bar;
  barAppliesThrough: IsoDate | null;
};

export type StatusReport = {
  status: PersonStatus;
  inUS: boolean | 'UNKNOWN';
  lawfulStatusEndedOn: IsoDate | null;
  overstay: {
    occurred: boolean;
    ongoing: boolean | 'UNKNOWN';
    since: IsoDate | null;
    reportCategory: ReportCategory;
  };
  unlawfulPresence: {
    applicable: boolean | 'UNDETERMINED';
    days: number;
    accruingOnAsOf: boolean;
    firstDay: IsoDate | null;
    bar: Bar;
    barAppliesThrough: IsoDate | null;
    priorStays?: PriorStay[];
    daysThroughClaimedDeparture?: number;
  };
  departureConfirmed: boolean | null;
  removal: {
    mayProceed: boolean;
    blockers: RemovalBlocker[];
    orderFinal: boolean | null;
    finalOn: IsoDate | null;
    caseState: CaseState;
    appealDeadline?: IsoDate;
    vdDepartBy?: IsoDate;
    ruleVersion?: string;
    reviewHolds: ReviewHold[];
    flags: string[];
  };
  /**
   * Informative: flags for legal review (leap-year readings, [R] rules), the rule versions used, and the
   * last day of work authorization under the 240-day rule (C12) when it applies; work authorization is
   * independent of unlawful presence.
   */
  extra: { flags: string[]; ruleVersions: string[]; workAuthorizedThrough?: IsoDate };
  explanation: ExplanationStep[];
};

/** One stretch of a person's status: `to` is the last day (inclusive); null while it runs on at asOf. */
export type StatusInterval = {
  from: IsoDate;
  to: IsoDate | null;
  status: PersonStatus;
  ruleIds: string[];
};
