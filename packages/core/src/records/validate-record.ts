import { err, ok, type Result } from '../shared/result.js';
import { isCountryCode } from './countries.js';
import type { FieldSpec } from './field-kinds.js';
import { protectedWord } from './protected-fields.js';
import type { RecordIssue } from './reason-codes.js';
import { RECORD_TYPES, type RecordType, SCHEMA_VERSION } from './record-types.js';
import type { Source } from './sources.js';

/** A record that passed every check: its envelope and its normalised fields (empty ones dropped). */
export type ValidRecord = {
  sourceRecordId: string;
  recordType: RecordType;
  /** The source's own version number; 0 when the source sends none. */
  sourceVersion: number;
  fields: Record<string, string>;
};

export type ValidationContext = {
  source: Source;
  /** Today's date, for dates of birth in the future (core never reads the clock). */
  today: string;
};

/** Longest value a field may hold. Longer ones are quarantined, not truncated. */
export const MAX_FIELD_CHARS = 4096;
const MAX_AGE_YEARS = 130;
const ENVELOPE = new Set(['sourceRecordId', 'recordType', 'schemaVersion', 'sourceVersion', 'recalledOn']);

/** Checks one raw record (from a CSV row or an NDJSON object) against its type and its source's registration. */
export function validateRecord(
  raw: Readonly<Record<string, unknown>>,
  ctx: ValidationContext,
): Result<ValidRecord, RecordIssue> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const word = protectedWordOf(name);
    if (word !== undefined) {
      return issue(
        'PROTECTED_CATEGORY',
        name,
        `field '${name}' is protected-category or surveillance data ('${word}'); ilos refuses it (SCOPE.md)`,
      );
    }
    if (value === null || value === undefined || value === '') continue;
    if (typeof value === 'object')
      return issue(
        'INVALID_FIELD_TYPE',
        name,
        `field '${name}' holds a nested ${Array.isArray(value) ? 'array' : 'object'}; fields are flat values`,
      );
    const text = typeof value === 'string' ? value.trim() : String(value);
    if (text !== '') values[name] = text;
  }

  const schemaVersion = values.schemaVersion;
  if (schemaVersion === undefined)
    return issue('MISSING_REQUIRED_FIELD', 'schemaVersion', 'schemaVersion is missing');
  if (schemaVersion !== SCHEMA_VERSION) {
    return issue(
      'SCHEMA_VERSION_MISMATCH',
      'schemaVersion',
      `schemaVersion '${clip(schemaVersion)}' is not the supported '${SCHEMA_VERSION}'`,
    );
  }
  const recordType = values.recordType;
  if (recordType === undefined) return issue('MISSING_REQUIRED_FIELD', 'recordType', 'recordType is missing');
  if (!Object.hasOwn(RECORD_TYPES, recordType)) {
    return issue(
      'UNKNOWN_RECORD_TYPE',
      'recordType',
      `recordType '${clip(recordType)}' is not a record type ilos knows`,
    );
  }
  const type = recordType as RecordType;
  const registered = ctx.source.recordTypes[type];
  if (registered === undefined) {
    return issue(
      'RECORD_TYPE_NOT_REGISTERED',
      'recordType',
      `source '${ctx.source.id}' is not registered to send '${type}' records`,
    );
  }
  const sourceRecordId = values.sourceRecordId;
  if (sourceRecordId === undefined)
    return issue('MISSING_REQUIRED_FIELD', 'sourceRecordId', 'sourceRecordId is missing');
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(sourceRecordId)) {
    return issue(
      'INVALID_IDENTIFIER',
      'sourceRecordId',
      'sourceRecordId must be 1–64 letters, digits, . _ : or -',
    );
  }
  let sourceVersion = 0;
  if (values.sourceVersion !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(values.sourceVersion)) {
      return issue('INVALID_IDENTIFIER', 'sourceVersion', 'sourceVersion must be a positive whole number');
    }
    sourceVersion = Number(values.sourceVersion);
  }
  const recalledOn = values.recalledOn;
  if (recalledOn !== undefined) {
    const date = checkDate('recalledOn', recalledOn, ctx, false);
    if (!date.ok) return date;
  }

  const allowed = allowedFields(ctx.source, type, registered);
  const specs: Readonly<Record<string, FieldSpec>> = RECORD_TYPES[type];
  const fields: Record<string, string> = {};
  for (const [name, text] of Object.entries(values)) {
    if (!allowed.has(name)) {
      return issue(
        'FIELD_NOT_REGISTERED',
        name,
        `field '${clip(name)}' is not registered for '${type}' records from '${ctx.source.id}'`,
      );
    }
    if (ENVELOPE.has(name)) continue;
    const spec = specs[name];
    if (spec === undefined)
      return issue('FIELD_NOT_REGISTERED', name, `field '${clip(name)}' is not part of '${type}' records`);
    const checked = checkField(name, text, spec, ctx);
    if (!checked.ok) return checked;
    fields[name] = checked.value;
  }
  // A recall needs nothing but its envelope: it withdraws the record, whatever the record said.
  if (recalledOn !== undefined)
    return ok({ sourceRecordId, recordType: type, sourceVersion, fields: { ...fields, recalledOn } });
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required === true && fields[name] === undefined) {
      return issue('MISSING_REQUIRED_FIELD', name, `'${type}' records need ${name}`);
    }
  }
  const order = checkOrder(fields);
  if (!order.ok) return order;
  return ok({ sourceRecordId, recordType: type, sourceVersion, fields });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const FORMULA = /^[=+\-@\t\r]/;
// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and marks that hide them.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
// Finding control characters is the point of this pattern.
// biome-ignore lint/suspicious/noControlCharactersInRegex: it detects them in untrusted input
const CONTROL = /[\u0001-\u001F\u007F-\u009F]/;
const ASCII = /^[\x20-\x7E]*$/;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

// Field names repeat across millions of records: remember each name's verdict (bounded, since an
// NDJSON sender controls the names).
const protectedCache = new Map<string, string | undefined>();
function protectedWordOf(name: string): string | undefined {
  if (protectedCache.has(name)) return protectedCache.get(name);
  const word = protectedWord(name);
  if (protectedCache.size < 10_000) protectedCache.set(name, word);
  return word;
}

const allowedCache = new WeakMap<Source, Map<string, ReadonlySet<string>>>();
function allowedFields(source: Source, type: RecordType, registered: readonly string[]): ReadonlySet<string> {
  let byType = allowedCache.get(source);
  if (byType === undefined) {
    byType = new Map();
    allowedCache.set(source, byType);
  }
  let allowed = byType.get(type);
  if (allowed === undefined) {
    allowed = new Set(registered);
    byType.set(type, allowed);
  }
  return allowed;
}

function checkField(
  name: string,
  text: string,
  spec: FieldSpec,
  ctx: ValidationContext,
): Result<string, RecordIssue> {
  if (text.length > MAX_FIELD_CHARS) {
    return issue(
      'FIELD_TOO_LARGE',
      name,
      `field '${name}' holds ${text.length} characters; the limit is ${MAX_FIELD_CHARS}`,
    );
  }
  if (text.includes('\u0000')) return issue('NUL_BYTE', name, `field '${name}' contains a NUL byte`);
  if (text.includes('\uFEFF'))
    return issue('EMBEDDED_BOM', name, `field '${name}' contains a byte-order mark`);
  if (BIDI.test(text))
    return issue(
      'BIDI_CONTROL',
      name,
      `field '${name}' contains a bidirectional-override character, which can disguise text`,
    );
  if (CONTROL.test(text))
    return issue('CONTROL_CHARACTER', name, `field '${name}' contains a control character`);

  switch (spec.kind) {
    case 'text': {
      if (FORMULA.test(text)) {
        return issue(
          'FORMULA_PREFIX',
          name,
          `field '${name}' starts with '${text[0]}', which spreadsheets run as a formula`,
        );
      }
      if (
        !ASCII.test(text) &&
        text.split(/\s+/).some((word) => LATIN.test(word) && LOOKALIKE_SCRIPT.test(word))
      ) {
        return issue(
          'CONFUSABLE_CHARACTERS',
          name,
          `field '${name}' mixes Latin with Cyrillic or Greek look-alike letters in one word`,
        );
      }
      return ok(ASCII.test(text) ? text : text.normalize('NFC'));
    }
    case 'code': {
      const value = text.toUpperCase();
      if (spec.values?.includes(value) !== true) {
        return issue(
          'INVALID_CODE',
          name,
          `field '${name}' is '${clip(text)}'; allowed: ${spec.values?.join(', ')}`,
        );
      }
      return ok(value);
    }
    case 'date':
      return checkDate(name, text, ctx, false);
    case 'partialDate':
      return checkDate(name, text, ctx, true);
    case 'dateOrDS':
      return text.toUpperCase() === 'D/S' ? ok('D/S') : checkDate(name, text, ctx, false);
    case 'country': {
      const code = text.toUpperCase();
      return isCountryCode(code)
        ? ok(code)
        : issue(
            'INVALID_COUNTRY',
            name,
            `field '${name}' is '${clip(text)}', not an ISO 3166-1 alpha-3 or ICAO 9303 code`,
          );
    }
    case 'aNumber': {
      const match = /^A?-?(\d{7,9})$/i.exec(text.replace(/\s/g, ''));
      if (match === null)
        return issue('INVALID_IDENTIFIER', name, `'${clip(text)}' is not an A-Number ('A' + 7–9 digits)`);
      return ok(`A${match[1]!.padStart(9, '0')}`);
    }
    case 'i94Number':
      return /^(\d{11}|\d{9}[A-Z]\d)$/.test(text.toUpperCase())
        ? ok(text.toUpperCase())
        : issue(
            'INVALID_IDENTIFIER',
            name,
            `'${clip(text)}' is not an I-94 number (11 digits, or 9 digits + letter + digit)`,
          );
    case 'receiptNumber':
      return /^[A-Z]{3}\d{10}$/.test(text.toUpperCase())
        ? ok(text.toUpperCase())
        : issue(
            'INVALID_IDENTIFIER',
            name,
            `'${clip(text)}' is not a USCIS receipt number (3 letters + 10 digits)`,
          );
    case 'sevisId':
      return /^N\d{10}$/.test(text.toUpperCase())
        ? ok(text.toUpperCase())
        : issue('INVALID_IDENTIFIER', name, `'${clip(text)}' is not a SEVIS id ('N' + 10 digits)`);
    case 'document': {
      const value = text.toUpperCase().replace(/[\s-]/g, '');
      return /^[A-Z0-9]{1,20}$/.test(value)
        ? ok(value)
        : issue(
            'INVALID_IDENTIFIER',
            name,
            `'${clip(text)}' is not a document number (1–20 letters and digits)`,
          );
    }
    case 'opaqueId':
      return /^[\x21-\x7E]{1,64}$/.test(text)
        ? ok(text)
        : issue('INVALID_IDENTIFIER', name, `'${clip(text)}' is not a valid identifier`);
    case 'boolean': {
      const value = text.toLowerCase();
      return value === 'true' || value === 'false'
        ? ok(value)
        : issue('INVALID_CODE', name, `field '${name}' must be true or false`);
    }
    case 'usd':
      return /^\d{1,9}$/.test(text)
        ? ok(text)
        : issue('INVALID_CODE', name, `field '${name}' must be a whole number of dollars`);
  }
}

function checkDate(
  name: string,
  text: string,
  ctx: ValidationContext,
  partial: boolean,
): Result<string, RecordIssue> {
  const match = (partial ? PARTIAL_DATE : DATE).exec(text);
  if (match === null) {
    return issue(
      'INVALID_DATE',
      name,
      `field '${name}' is '${clip(text)}', not a date as ${partial ? 'YYYY, YYYY-MM or YYYY-MM-DD' : 'YYYY-MM-DD'}`,
    );
  }
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12))
    return issue('IMPOSSIBLE_DATE', name, `field '${name}' has month ${month}`);
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month))) {
    return issue('IMPOSSIBLE_DATE', name, `field '${name}' is ${text}, a day that does not exist`);
  }
  if (name === 'dateOfBirth') {
    const todayYear = Number(ctx.today.slice(0, 4));
    if (text.localeCompare(ctx.today.slice(0, text.length)) > 0) {
      return issue('DATE_OUT_OF_RANGE', name, `date of birth ${text} is in the future`);
    }
    if (year < todayYear - MAX_AGE_YEARS) {
      return issue(
        'DATE_OUT_OF_RANGE',
        name,
        `date of birth ${text} is more than ${MAX_AGE_YEARS} years ago`,
      );
    }
  } else if (year < 1900 || year > 2200) {
    return issue('DATE_OUT_OF_RANGE', name, `field '${name}' is ${text}, outside 1900–2200`);
  }
  return ok(text);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Pairs of (start, end) fields where the end may not come before the start. */
const ORDERED_PAIRS: readonly (readonly [string, string])[] = [
  ['admissionDate', 'admitUntil'],
  ['decisionDate', 'expiryDate'],
  ['filedDate', 'requestedUntil'],
  ['decisionDate', 'grantedUntil'],
  ['eventDate', 'vdDepartBy'],
  ['eventDate', 'stayUntil'],
  ['departureDate', 'reportedDate'],
  ['dateOfBirth', 'admissionDate'],
  ['dateOfBirth', 'departureDate'],
  ['dateOfBirth', 'issueDate'],
];

function checkOrder(fields: Record<string, string>): Result<true, RecordIssue> {
  for (const [startName, endName] of ORDERED_PAIRS) {
    const start = fields[startName];
    const end = fields[endName];
    if (start === undefined || end === undefined || end === 'D/S') continue;
    // Compare on the common prefix so a partial date of birth (YYYY) still orders against a full date.
    const width = Math.min(start.length, end.length);
    if (end.slice(0, width) < start.slice(0, width)) {
      return issue('END_BEFORE_START', endName, `${endName} ${end} is before ${startName} ${start}`);
    }
  }
  return ok(true);
}

function issue(code: RecordIssue['code'], field: string, message: string): Result<never, RecordIssue> {
  return err({ code, field, message });
}

/** Error messages quote at most 40 characters of a bad value (they end up in logs and receipts). */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
