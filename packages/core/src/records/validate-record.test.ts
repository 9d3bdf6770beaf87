import { describe, expect, it } from 'vitest';
import { classifyIncoming } from './classify-incoming.js';
import { protectedWord } from './protected-fields.js';
import { SEED_SOURCES } from './sources.js';
import { validateRecord } from './validate-record.js';

const cbp = SEED_SOURCES.find((s) => s.id === 'cbp-i94')!;
const eoir = SEED_SOURCES.find((s) => s.id === 'eoir-cases')!;
const ctx = { source: cbp, today: '2026-06-30' };

const admission = {
  sourceRecordId: 'I94-1',
  recordType: 'admission',
  schemaVersion: '1',
  familyName: 'Müller',
  givenName: 'Anna',
  dateOfBirth: '1990',
  nationality: 'deu',
  passportNumber: 'c01x 00t47',
  passportIssuer: 'D',
  i94Number: '12345678901',
  classOfAdmission: 'b2',
  admissionDate: '2024-01-10',
  admitUntil: 'd/s',
  portOfEntry: 'JFK',
  mode: 'AIR',
};

describe('validateRecord', () => {
  it('accepts a good record and normalises codes, documents and countries, keeping names as written', () => {
    const result = validateRecord(admission, ctx);

    expect(result).toEqual({
      ok: true,
      value: {
        sourceRecordId: 'I94-1',
        recordType: 'admission',
        sourceVersion: 0,
        fields: {
          familyName: 'Müller',
          givenName: 'Anna',
          dateOfBirth: '1990',
          nationality: 'DEU',
          passportNumber: 'C01X00T47',
          passportIssuer: 'D',
          i94Number: '12345678901',
          classOfAdmission: 'B2',
          admissionDate: '2024-01-10',
          admitUntil: 'D/S',
          portOfEntry: 'JFK',
          mode: 'AIR',
        },
      },
    });
  });

  it('pads A-Numbers to nine digits (RULES.md §8.2)', () => {
    const record = {
      sourceRecordId: 'E1',
      recordType: 'court_event',
      schemaVersion: '1',
      familyName: 'X',
      aNumber: 'A1234567',
      eventType: 'NTA_FILED',
      eventDate: '2025-01-02',
    };

    const result = validateRecord(record, { source: eoir, today: '2026-06-30' });

    expect(result.ok && result.value.fields.aNumber).toBe('A001234567');
  });

  it.each([
    { name: 'a month that does not exist', patch: { admissionDate: '2024-13-01' }, code: 'IMPOSSIBLE_DATE' },
    { name: 'February 29 in a common year', patch: { admissionDate: '2023-02-29' }, code: 'IMPOSSIBLE_DATE' },
    { name: 'a date of birth tomorrow', patch: { dateOfBirth: '2026-07-01' }, code: 'DATE_OUT_OF_RANGE' },
    { name: 'a date of birth 131 years ago', patch: { dateOfBirth: '1895' }, code: 'DATE_OUT_OF_RANGE' },
    {
      name: 'an admit-until before the admission',
      patch: { admitUntil: '2024-01-09' },
      code: 'END_BEFORE_START',
    },
    {
      name: 'a date of birth after the admission',
      patch: { dateOfBirth: '2024-02' },
      code: 'END_BEFORE_START',
    },
    { name: 'an unknown class of admission', patch: { classOfAdmission: 'Z9' }, code: 'INVALID_CODE' },
    { name: 'a bad I-94 number', patch: { i94Number: '1234567890A' }, code: 'INVALID_IDENTIFIER' },
    { name: 'a country that is not a code', patch: { nationality: 'GERMANY' }, code: 'INVALID_COUNTRY' },
    { name: 'a formula in a name', patch: { familyName: '@SUM(A1)' }, code: 'FORMULA_PREFIX' },
    {
      name: 'Cyrillic look-alikes inside a Latin name',
      patch: { familyName: 'M\u0443LLER' },
      code: 'CONFUSABLE_CHARACTERS',
    },
    { name: 'a name wholly in Cyrillic (allowed)', patch: { familyName: 'ИВАНОВА' }, code: undefined },
    { name: 'a right-to-left override', patch: { givenName: 'An\u202Ena' }, code: 'BIDI_CONTROL' },
    { name: 'a missing required field', patch: { portOfEntry: '' }, code: 'MISSING_REQUIRED_FIELD' },
    {
      name: 'a field of another record type',
      patch: { receiptNumber: 'EAC1234567890' },
      code: 'FIELD_NOT_REGISTERED',
    },
    { name: 'a protected-category field', patch: { ethnicity: 'x' }, code: 'PROTECTED_CATEGORY' },
    { name: 'a location-surveillance field', patch: { gpsLatitude: '1.0' }, code: 'PROTECTED_CATEGORY' },
    {
      name: 'a record type the source may not send',
      patch: { recordType: 'court_event' },
      code: 'RECORD_TYPE_NOT_REGISTERED',
    },
    { name: 'a newer schema version', patch: { schemaVersion: '2' }, code: 'SCHEMA_VERSION_MISMATCH' },
    {
      name: 'a sourceVersion that is not a whole number',
      patch: { sourceVersion: '1.5' },
      code: 'INVALID_IDENTIFIER',
    },
  ])('answers $code for $name', ({ patch, code }) => {
    const result = validateRecord({ ...admission, ...patch }, ctx);

    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});

describe('protectedWord', () => {
  it.each([
    ['religion', 'religion'],
    ['unionMembership', 'union'],
    ['political_party', 'political'],
    ['address', undefined],
    ['trace_id', undefined],
    ['expressDelivery', undefined],
  ])('finds %s → %s by whole words only', (field, word) => {
    expect(protectedWord(field)).toBe(word);
  });
});

describe('classifyIncoming', () => {
  const v1 = { version: 1, sourceVersion: 1, contentSha256: 'a', ingestRunId: 'run1' };

  it('treats the same content as a duplicate, whatever its version number', () => {
    expect(classifyIncoming({ sourceVersion: 7, contentSha256: 'a' }, [v1], 'run2')).toEqual({
      kind: 'duplicate',
    });
  });

  it('keeps an older source version as history without making it current', () => {
    const v3 = { version: 2, sourceVersion: 3, contentSha256: 'c', ingestRunId: 'run2' };

    expect(classifyIncoming({ sourceVersion: 2, contentSha256: 'b' }, [v1, v3], 'run3')).toEqual({
      kind: 'version',
      version: 3,
      current: false,
    });
  });

  it('flags other content under the same id and version within one file as a conflict', () => {
    expect(classifyIncoming({ sourceVersion: 1, contentSha256: 'b' }, [v1], 'run1')).toEqual({
      kind: 'conflict',
      withVersion: 1,
    });
  });
});
