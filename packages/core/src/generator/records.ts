import { RECORD_TYPES, type RecordType, SCHEMA_VERSION } from '../records/record-types.js';
import { civilFromDay, dayFromCivil, daysInMonth, isoOf } from './days.js';
import { type NameStyle, renderName } from './name-forms.js';
import type { PersonBuilder } from './person.js';
import { passportAt } from './person.js';
import type { GeneratedRecord, SourceId } from './types.js';

/** How each agency writes a person's identity (SOURCES.md "Realism"): name style, date of birth, which attributes. */
type Profile = {
  style: NameStyle;
  /** EXACT as on the passport; FORM as a person writes it; CLERK as a clerk keys it. */
  dob: 'EXACT' | 'FORM' | 'CLERK';
  /** Share of records carrying each attribute when the person has it. */
  sex: number;
  countryOfBirth: number;
  nationality: number;
  passport: number;
  aNumber: number;
  fin: number;
};

const PROFILES: Readonly<Record<SourceId, Profile>> = {
  'dos-visas': {
    style: 'CONSULAR',
    dob: 'EXACT',
    sex: 1,
    countryOfBirth: 1,
    nationality: 1,
    passport: 1,
    aNumber: 1,
    fin: 0,
  },
  'cbp-i94': {
    style: 'PASSPORT',
    dob: 'EXACT',
    sex: 0.98,
    countryOfBirth: 0.6,
    nationality: 1,
    passport: 1,
    aNumber: 0,
    fin: 0,
  },
  'cbp-apis': {
    style: 'AIRLINE',
    dob: 'EXACT',
    sex: 0.95,
    countryOfBirth: 0,
    nationality: 0.95,
    passport: 1,
    aNumber: 0,
    fin: 0,
  },
  'cbsa-entries': {
    style: 'PASSPORT',
    dob: 'EXACT',
    sex: 1,
    countryOfBirth: 0,
    nationality: 1,
    passport: 1,
    aNumber: 0,
    fin: 0,
  },
  'uscis-benefits': {
    style: 'FORM',
    dob: 'FORM',
    sex: 0.98,
    countryOfBirth: 0.95,
    nationality: 0.98,
    passport: 0.5,
    aNumber: 0.93,
    fin: 0,
  },
  sevis: {
    style: 'FORM',
    dob: 'EXACT',
    sex: 1,
    countryOfBirth: 1,
    nationality: 1,
    passport: 0,
    aNumber: 0,
    fin: 0,
  },
  'eoir-cases': {
    style: 'CLERK',
    dob: 'CLERK',
    sex: 0.7,
    countryOfBirth: 0.3,
    nationality: 0.9,
    passport: 0,
    aNumber: 1,
    fin: 0,
  },
  'ice-removals': {
    style: 'CLERK',
    dob: 'CLERK',
    sex: 0.95,
    countryOfBirth: 0.8,
    nationality: 1,
    passport: 0.3,
    aNumber: 1,
    fin: 0.9,
  },
  'dos-passports': {
    style: 'US_PASSPORT',
    dob: 'EXACT',
    sex: 1,
    countryOfBirth: 1,
    nationality: 1,
    passport: 0,
    aNumber: 0,
    fin: 0,
  },
  'vital-records': {
    style: 'VITAL',
    dob: 'EXACT',
    sex: 1,
    countryOfBirth: 1,
    nationality: 0,
    passport: 0,
    aNumber: 0,
    fin: 0,
  },
  'counsel-filings': {
    style: 'FORM',
    dob: 'FORM',
    sex: 0,
    countryOfBirth: 0.3,
    nationality: 0.5,
    passport: 0,
    aNumber: 0.9,
    fin: 0,
  },
};

/** The date of birth as a record shows it: partial, with day and month swapped, off by a year, or missing. */
function renderDob(b: PersonBuilder, mode: Profile['dob'], recordDay: number): string | undefined {
  const { dob } = b.identity;
  if (mode === 'EXACT') return isoOf(dob);
  const rng = b.rng;
  const r = rng.next();
  const [y, m, d] = civilFromDay(dob);
  if (mode === 'CLERK') {
    if (r < 0.03) return undefined;
    if (r < 0.07) return String(y);
    if (r < 0.08) return isoOf(dob).slice(0, 7);
  } else if (r < 0.01) return String(y);
  const s = rng.next();
  if (s < (mode === 'CLERK' ? 0.02 : 0.015) && d <= 12 && d !== m) {
    const swapped = dayFromCivil(y, d, m);
    if (swapped < recordDay) return isoOf(swapped);
  }
  if (mode === 'CLERK' && s > 0.995) {
    const shifted = dayFromCivil(y - 1, m, Math.min(d, daysInMonth(y - 1, m)));
    return isoOf(shifted);
  }
  return isoOf(dob);
}

/** Adds the identity attributes one agency's record carries, in the record contract's field order. */
function identityFields(
  b: PersonBuilder,
  source: SourceId,
  day: number,
  fields: Record<string, string>,
): void {
  const p = PROFILES[source];
  const rng = b.rng;
  const id = b.identity;
  const name = renderName(rng, id.name, p.style);
  fields.familyName = name.familyName;
  if (name.givenName !== undefined && name.givenName !== '') fields.givenName = name.givenName;
  const dob = renderDob(b, p.dob, day);
  if (dob !== undefined) fields.dateOfBirth = dob;
  if (rng.chance(p.sex)) fields.sex = id.sex;
  const usDocument = source === 'dos-passports' || source === 'vital-records';
  if (rng.chance(p.countryOfBirth)) fields.countryOfBirth = id.countryOfBirth;
  if (rng.chance(p.nationality))
    fields.nationality = usDocument ? 'USA' : (id.travelNationality ?? id.nationality);
  if (
    p.passport > 0 &&
    rng.chance(p.passport) &&
    !(usDocument || (id.nationality === 'USA' && id.travelNationality === undefined))
  ) {
    const passport = passportAt(b, day);
    fields.passportNumber = passport.number;
    fields.passportIssuer = passport.issuer;
  }
  if (b.aNumber !== undefined && rng.chance(p.aNumber)) fields.aNumber = b.aNumber;
  if (b.fin !== undefined && rng.chance(p.fin)) fields.fin = b.fin;
}

/** Builds a record: envelope, identity as the agency writes it, then the type's own fields. */
export function buildRecord(
  b: PersonBuilder,
  day: number,
  source: SourceId,
  recordType: RecordType,
  sourceRecordId: string,
  own: Record<string, string | undefined>,
): GeneratedRecord {
  const fields: Record<string, string> = { sourceRecordId, recordType, schemaVersion: SCHEMA_VERSION };
  identityFields(b, source, day, fields);
  for (const key in own) {
    const value = own[key];
    if (value !== undefined && value !== '') fields[key] = value;
  }
  return { source, fields };
}

/** How each source's file is written, and for CSV which columns (envelope first, then contract order). */
export type SourceFile = {
  source: SourceId;
  format: 'csv' | 'ndjson';
  recordTypes: readonly RecordType[];
  /** CSV header; NDJSON files carry each record's own keys. */
  columns: readonly string[];
};

const ENVELOPE = ['sourceRecordId', 'recordType', 'schemaVersion'];

function csv(source: SourceId, type: RecordType, omit: readonly string[]): SourceFile {
  const columns = [...ENVELOPE, ...Object.keys(RECORD_TYPES[type]).filter((f) => !omit.includes(f))];
  return { source, format: 'csv', recordTypes: [type], columns };
}

function ndjson(source: SourceId, recordTypes: readonly RecordType[]): SourceFile {
  return { source, format: 'ndjson', recordTypes, columns: [] };
}

/**
 * One file per source. Border and State systems export flat tables (CSV); USCIS, the courts, ICE
 * and counsel send documents of several types with optional parts (NDJSON).
 */
export const GENERATOR_SOURCE_FILES: readonly SourceFile[] = [
  csv('dos-visas', 'visa_issuance', ['fin']),
  csv('cbp-i94', 'admission', ['fin']),
  csv('cbp-apis', 'departure', ['countryOfBirth', 'aNumber', 'fin']),
  csv('cbsa-entries', 'departure', ['countryOfBirth', 'aNumber', 'fin', 'carrier']),
  ndjson('uscis-benefits', ['benefit_application', 'benefit_decision']),
  csv('sevis', 'sevis_event', ['passportNumber', 'passportIssuer', 'aNumber', 'fin']),
  ndjson('eoir-cases', ['court_event']),
  ndjson('ice-removals', ['removal_event']),
  csv('dos-passports', 'us_passport', ['passportNumber', 'passportIssuer', 'aNumber', 'fin']),
  csv('vital-records', 'birth_record', ['nationality', 'passportNumber', 'passportIssuer', 'aNumber', 'fin']),
  ndjson('counsel-filings', [
    'counsel_appearance',
    'address_of_record',
    'citizenship_claim',
    'self_reported_departure',
  ]),
];
