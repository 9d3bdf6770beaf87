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
export { APP_ERROR_CODES, AppError, type AppErrorCode } from './shared/app-error.js';
export { err, ok, type Result } from './shared/result.js';
