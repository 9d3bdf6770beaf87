/**
 * Why a record was quarantined or refused: a closed list (RELIABILITY.md T1.2 — no "OTHER").
 * The first group is found while reading the file, the second while checking a record
 * against its type and its source's registration.
 */
export const REASON_CODES = [
  // reading
  'INVALID_UTF8',
  'NUL_BYTE',
  'EMBEDDED_BOM',
  'BARE_CARRIAGE_RETURN',
  'TRUNCATED_LINE',
  'WRONG_FIELD_COUNT',
  'UNBALANCED_QUOTES',
  'RECORD_TOO_LARGE',
  'MALFORMED_JSON',
  'JSON_TOO_DEEP',
  'NUMBER_TOO_LONG',
  'NOT_AN_OBJECT',
  'INVALID_FIELD_TYPE',
  // checking
  'FIELD_TOO_LARGE',
  'CONTROL_CHARACTER',
  'BIDI_CONTROL',
  'CONFUSABLE_CHARACTERS',
  'FORMULA_PREFIX',
  'MISSING_REQUIRED_FIELD',
  'INVALID_DATE',
  'IMPOSSIBLE_DATE',
  'DATE_OUT_OF_RANGE',
  'END_BEFORE_START',
  'INVALID_CODE',
  'INVALID_IDENTIFIER',
  'INVALID_COUNTRY',
  'UNKNOWN_RECORD_TYPE',
  'RECORD_TYPE_NOT_REGISTERED',
  'FIELD_NOT_REGISTERED',
  'PROTECTED_CATEGORY',
  'SCHEMA_VERSION_MISMATCH',
  'DUPLICATE_ID_CONFLICT',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** A record that cannot be stored: the reason, the field at fault if any, and a sentence. */
export type RecordIssue = { code: ReasonCode; field?: string; message: string };
