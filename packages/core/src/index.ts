export {
  type Citation,
  CONFIDENTIALITY,
  confidentialityOf,
  type Disclosed,
  discloseRecord,
  ENVELOPE_ONLY,
  hasNeedToKnow,
} from './access/confidentiality.js';
export {
  ACCOUNTING_YEARS,
  accountingExpired,
  DISCLOSURE_NATURES,
  type DisclosureNature,
  ROUTINE_USES,
  type RoutineUse,
  routineUse,
} from './access/disclosure.js';
export {
  ACTION_SPECS,
  type AccessDecision,
  type AccessInput,
  type Action,
  type Actor,
  type Binding,
  BULK_ACCESS,
  DENIAL_REASONS,
  type DenialReason,
  decideAccess,
  isPurpose,
  PURPOSE_SPECS,
  PURPOSES,
  type Purpose,
  parseTarget,
  ROLES,
  type Role,
  SYSTEM_ACTORS,
  type SystemActor,
  TARGET_KINDS,
  type TargetKind,
} from './access/policy.js';
export { isPastRetention, RECORD_DATE_FIELD, retainUntil } from './access/retention-schedule.js';
export {
  ACCOUNT_RULES,
  checkPassword,
  isInactive,
  type SessionFacts,
  type SessionState,
  sessionState,
  shouldLock,
  USER_ID_PATTERN,
} from './accounts/account-rules.js';
export { SYSTEM_USE_NOTICE, systemUseNoticeText } from './accounts/system-use-notice.js';
export {
  fromBase32,
  hotp,
  otpauthUri,
  TOTP,
  type TotpRefusal,
  toBase32,
  totpCode,
  totpStep,
  verifyTotp,
} from './accounts/totp.js';
export {
  AUDIT_EVENT_TYPES,
  AUDIT_OUTCOMES,
  type AuditEntry,
  type AuditEvent,
  type AuditEventType,
  type AuditOutcome,
  canonicalDetails,
  clip,
  type DetailValue,
  GENESIS_HASH,
  leafData,
  MAX_AUDIT_TEXT,
  minimiseEvent,
  REDACTED,
} from './audit/audit-entry.js';
export { equalBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from './audit/bytes.js';
export {
  type Checkpoint,
  type CheckpointProblem,
  checkpointBody,
  formatSigningKey,
  formatVerifierKey,
  nobleSignatureCheck,
  openCheckpoint,
  parseSigningKey,
  parseVerifierKey,
  type SignatureCheck,
  type SigningKey,
  signCheckpoint,
  signingKeyFromSeed,
  type VerifierKey,
  verifierOf,
} from './audit/checkpoint.js';
export {
  EXPORT_FORMAT,
  type ExportHeader,
  formatCheckpointLine,
  formatEntryLine,
  formatHeaderLine,
  parseCheckpointLine,
  parseEntryLine,
  parseHeaderLine,
} from './audit/export-format.js';
export {
  consistencyProof,
  createTreeBuilder,
  defaultSha256,
  hashChildren,
  hashLeaf,
  inclusionProof,
  type Sha256,
  type TreeBuilder,
  treeHead,
  verifyConsistency,
  verifyInclusion,
} from './audit/merkle.js';
export {
  ALERT_KINDS,
  type AlertKind,
  type OversightAlert,
  type OversightEvent,
  type OversightOptions,
  type OversightReport,
  oversightReport,
} from './audit/oversight.js';
export {
  EMPTY_LOG,
  type SequencedBatch,
  type SequencerState,
  sequenceRows,
  type UnsequencedRow,
} from './audit/sequence.js';
export { buildSyntheticLog, type SyntheticLog, seededRandom, syntheticEvent } from './audit/synthetic-log.js';
export {
  createLogVerifier,
  type UnreadableEntry,
  type VerifyCheck,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyReport,
  verifyAuditLog,
} from './audit/verify-log.js';
export { APPROVER_ROLE, type CaseActor, checkApproval } from './cases/approval.js';
export {
  type ActiveDispute,
  type CounselOfRecord,
  checkGates,
  FINDING_KINDS,
  type FindingKind,
  type GateCheck,
  type GateFacts,
  type GateFinding,
  resolveStepDetails,
} from './cases/gates.js';
export {
  checkSafetyInvariants,
  FREEZING_CONDITIONS,
  type InvariantResult,
  type InvariantViolation,
  PROTECTED_CONDITIONS,
  type ProtectedCondition,
  permissiveStep,
  protectedConditions,
  withFinalOrder,
} from './cases/safety-invariants.js';
export {
  ADVERSE_TRANSITIONS,
  applyTransition,
  CASE_GATES,
  CASE_OVERLAYS,
  CASE_PRECONDITIONS,
  CASE_TRANSITIONS,
  type CaseGate,
  type CaseOverlay,
  type CasePrecondition,
  type CaseSnapshot,
  type CaseTransition,
  ENFORCEMENT_TRANSITIONS,
  type GateCode,
  IJ_DECISION_OUTCOMES,
  type IjDecisionOutcome,
  isTerminal,
  NEW_CASE,
  REMOVAL_CASE_STATES,
  type RemovalCaseState,
  type StepDetails,
  startsFrom,
  TERMINAL_CASE_STATES,
  TRANSITION_TABLE,
  type TransitionSpec,
  transitionsFrom,
} from './cases/workflow.js';
export {
  caseDeadlines,
  DEADLINE_KINDS,
  type DeadlineKind,
  type LegalDeadline,
  nextDeadline,
  type WorklistItem,
  worklistOrder,
} from './cases/worklist-order.js';
export {
  type GenerateOptions,
  generatePopulation,
  MAX_PEOPLE,
  POPULATION_CHUNK,
} from './generator/population.js';
export { createRng, type Rng } from './generator/prng.js';
export { GENERATOR_SOURCE_FILES, type SourceFile as GeneratorSourceFile } from './generator/records.js';
export { DEFAULT_REFERENCE_DATE } from './generator/timeline.js';
export {
  ARCHETYPES,
  type Archetype,
  GENERATOR_SOURCE_IDS,
  type GeneratedPerson,
  type GeneratedRecord,
  type SourceId as GeneratorSourceId,
  type TruthEvent,
  type TruthFacts,
  type UnverifiedReason,
} from './generator/types.js';
export { type DerivedStatus, personStatus } from './lifecycle/person-status.js';
export { isRecalled, lifecycleEvents, recordEvents, type SourceRecord } from './lifecycle/record-events.js';
export { recordIdentity } from './lifecycle/record-identity.js';
export { blockingKeys } from './persons/blocking.js';
export { compareNames, type NameComparison } from './persons/compare-names.js';
export {
  type CorruptedPopulation,
  type CorruptionOptions,
  corruptedPopulation,
} from './persons/corruption.js';
export { damerauLevenshtein, levenshtein } from './persons/edit-distance.js';
export {
  type Counterfactual,
  explainLink,
  type FieldExplanation,
  type LinkExplanation,
} from './persons/explain.js';
export { jaroWinkler } from './persons/jaro-winkler.js';
export { type FieldModel, type FitOptions, fitLinkModel, type LinkModel } from './persons/model.js';
export { type BirthDate, parseBirthDate } from './persons/normalise-date.js';
export {
  normaliseANumber,
  normaliseFin,
  normaliseI94Number,
  normaliseIssuer,
  normalisePassportNumber,
} from './persons/normalise-document.js';
export { type NameRole, type NormalisedName, normaliseName } from './persons/normalise-name.js';
export { icaoFold, simpleFold } from './persons/normalise-text.js';
export { assignPersonIds, type PersonIdEvent } from './persons/person-ids.js';
export {
  addToIndex,
  buildPersonIndex,
  createPersonIndex,
  type IndexUpdate,
  indexResolution,
  type PersonIndex,
} from './persons/person-index.js';
export { nysiis } from './persons/phonetic.js';
export type {
  FieldEvidence,
  PersonCluster,
  PersonLink,
  Resolution,
  ReviewItem,
  ReviewReason,
} from './persons/resolution.js';
export { fitAndResolvePersons, resolvePersons } from './persons/resolve.js';
export type { ResolveOptions } from './persons/resolver.js';
export {
  DEFAULT_RESOLVE_CONFIG,
  type IdentityRecord,
  type LinkStrength,
  type PairScope,
  type ResolveConfig,
  type ReviewDecision,
} from './persons/types.js';
export {
  classifyIncoming,
  type Incoming,
  type Placement,
  type StoredVersion,
} from './records/classify-incoming.js';
export { isCountryCode } from './records/countries.js';
export type { FieldKind, FieldSpec } from './records/field-kinds.js';
export { protectedWord } from './records/protected-fields.js';
export { REASON_CODES, type ReasonCode, type RecordIssue } from './records/reason-codes.js';
export {
  BENEFIT_TYPES,
  CLASSES_OF_ADMISSION,
  COURT_EVENT_TYPES,
  ENVELOPE_FIELDS,
  RECORD_TYPE_NAMES,
  RECORD_TYPES,
  type RecordType,
  SCHEMA_VERSION,
} from './records/record-types.js';
export { allFieldsOf, SEED_SOURCES, type Source } from './records/sources.js';
export {
  MAX_FIELD_CHARS,
  type ValidationContext,
  type ValidRecord,
  validateRecord,
} from './records/validate-record.js';
export {
  appealDeadline,
  isDisputeActive,
  nextRedressDeadline,
  REDRESS_CLOCKS,
  REDRESS_OUTCOMES,
  REDRESS_STATUSES,
  type RedressClockFacts,
  type RedressDue,
  type RedressOutcome,
  type RedressStatus,
  redressDeadlines,
} from './redress/redress-rules.js';
export { addWorkingDays, federalHolidays, isFederalHoliday, isWorkingDay } from './redress/working-days.js';
export {
  DEPARTURE_GAPS,
  type DepartureGap,
  fiscalYearOf,
  type OverstayInput,
  type OverstayReport,
  type OverstayRow,
  overstayReport,
  overstayRow,
} from './reports/overstay-report.js';
export { APP_ERROR_CODES, AppError, type AppErrorCode } from './shared/app-error.js';
export { err, ok, type Result } from './shared/result.js';
export { federalHolidaysIn, isIsoDate } from './status/calendar.js';
export {
  LIFECYCLE_EVENT_TYPES,
  parseLifecycleEvent,
  parseLifecycleEvents,
} from './status/event-validation.js';
export { statusReport } from './status/status-report.js';
export { statusTimeline } from './status/status-timeline.js';
export {
  CASE_STATES,
  type CaseState,
  type ExplanationStep,
  type IsoDate,
  type LifecycleEvent,
  type LifecycleEventType,
  PERSON_STATUSES,
  type PersonStatus,
  REMOVAL_BLOCKERS,
  REVIEW_HOLDS,
  type RemovalBlocker,
  type ReviewHold,
  type StatusInterval,
  type StatusReport,
} from './status/types.js';
