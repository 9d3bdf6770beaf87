import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../records/field-kinds.js';
import { RECORD_TYPES, type RecordType } from '../records/record-types.js';
import { SEED_SOURCES } from '../records/sources.js';
import { validateRecord } from '../records/validate-record.js';
import { dayOf } from './days.js';
import { generatePopulation, POPULATION_CHUNK } from './population.js';
import { GENERATOR_SOURCE_FILES } from './records.js';
import { DEFAULT_REFERENCE_DATE } from './timeline.js';
import type { GeneratedPerson, GeneratedRecord } from './types.js';

const take = (people: number, seed: string | number = 11): GeneratedPerson[] => [
  ...generatePopulation({ people, seed }),
];

const small = take(2000);
const records = small.flatMap((p) => p.records);

// Our own reading of the record contract (RULES.md §8.2), stricter than the ingest validator where
// the generator promises more: A-Numbers always have 9 digits, documents are upper-case alphanumerics.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KIND: Record<string, RegExp> = {
  date: DATE,
  partialDate: /^\d{4}(-\d{2}(-\d{2})?)?$/,
  dateOrDS: /^(\d{4}-\d{2}-\d{2}|D\/S)$/,
  country: /^[A-Z]{3}$/,
  aNumber: /^A\d{9}$/,
  i94Number: /^(\d{11}|\d{9}[A-Z]\d)$/,
  receiptNumber: /^[A-Z]{3}\d{10}$/,
  sevisId: /^N\d{10}$/,
  document: /^[A-Z0-9]{1,20}$/,
  opaqueId: /^[\x21-\x7E]{1,64}$/,
  boolean: /^(true|false)$/,
  usd: /^\d+$/,
};

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  if (m === undefined) return true;
  const date = new Date(Date.UTC(y as number, m - 1, d ?? 1));
  return date.getUTCMonth() === m - 1 && (d === undefined || date.getUTCDate() === d);
}

function problems(record: GeneratedRecord): string[] {
  const out: string[] = [];
  const { recordType, schemaVersion, sourceRecordId } = record.fields;
  const specs = RECORD_TYPES[recordType as RecordType] as Record<string, FieldSpec> | undefined;
  if (specs === undefined) return [`unknown type ${recordType}`];
  if (schemaVersion !== '1') out.push('schemaVersion');
  if (sourceRecordId === undefined || sourceRecordId === '') out.push('sourceRecordId');
  for (const [name, spec] of Object.entries(specs)) {
    const value = record.fields[name];
    if (value === undefined) {
      if (spec.required === true) out.push(`${name} missing`);
      continue;
    }
    if (value === '' || value.trim() !== value) out.push(`${name} blank or padded`);
    if (spec.kind === 'code' && !spec.values?.includes(value)) out.push(`${name}=${value} not a code`);
    const pattern = KIND[spec.kind];
    if (pattern !== undefined && !pattern.test(value)) out.push(`${name}=${value} not ${spec.kind}`);
    if ((spec.kind === 'date' || spec.kind === 'partialDate') && !isRealDate(value))
      out.push(`${name}=${value} impossible`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (spec.kind === 'text' && /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(value))
      out.push(`${name} control`);
  }
  for (const name of Object.keys(record.fields)) {
    if (!['sourceRecordId', 'recordType', 'schemaVersion'].includes(name) && specs[name] === undefined)
      out.push(`${name} not in type`);
  }
  return out;
}

describe('generatePopulation', () => {
  it('is deterministic for a seed, person by person, whatever the population size', () => {
    const again = take(500);
    const other = take(500, 12);

    expect(JSON.stringify(again)).toBe(JSON.stringify(small.slice(0, 500)));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(again));
  });

  it('generates any chunk on its own exactly as within the whole population', () => {
    const alone = [...generatePopulation({ people: 2000, seed: 11, chunks: { first: 1, end: 2 } })];

    expect(alone.map((p) => p.personId)[0]).toBe(`P${String(POPULATION_CHUNK + 1).padStart(7, '0')}`);
    expect(JSON.stringify(alone)).toBe(JSON.stringify(small.slice(POPULATION_CHUNK, 2 * POPULATION_CHUNK)));
  });

  it('writes every record to its record type: required fields, codes, identifier formats, real dates', () => {
    const bad = records.map((r) => ({ r, p: problems(r) })).filter((x) => x.p.length > 0);

    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('passes the ingest validator for every record, under its source registration', () => {
    const sources = new Map(SEED_SOURCES.map((s) => [s.id, s]));
    const failures = records
      .map((r) => validateRecord(r.fields, { source: sources.get(r.source)!, today: DEFAULT_REFERENCE_DATE }))
      .filter((v) => !v.ok);

    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('keeps each record inside its source file spec, with sourceRecordId unique per source', () => {
    const specs = new Map(GENERATOR_SOURCE_FILES.map((f) => [f.source, f]));
    const seen = new Set<string>();
    for (const r of records) {
      const spec = specs.get(r.source)!;
      const key = `${r.source}:${r.fields.sourceRecordId}`;

      expect(seen.has(key)).toBe(false);
      expect(spec.recordTypes).toContain(r.fields.recordType);
      if (spec.format === 'csv')
        expect(Object.keys(r.fields).filter((f) => !spec.columns.includes(f))).toEqual([]);
      seen.add(key);
    }
    expect(new Set(GENERATOR_SOURCE_FILES.map((f) => f.format))).toEqual(new Set(['csv', 'ndjson']));
  });

  it('links every record to the events it evidences, and every event to records of the same person', () => {
    const context = (r: GeneratedRecord) =>
      ['visa_issuance', 'counsel_appearance', 'address_of_record'].includes(r.fields.recordType ?? '') ||
      (r.fields.benefitType === 'NATURALIZATION' && r.fields.outcome !== 'APPROVED');
    for (const person of small) {
      const keys = new Set(person.records.map((r) => `${r.source}:${r.fields.sourceRecordId}`));
      const linked = new Set(person.lifecycle.flatMap((e) => e.recordIds));

      expect([...linked].filter((k) => !keys.has(k))).toEqual([]);
      expect(
        person.records.filter((r) => !context(r) && !linked.has(`${r.source}:${r.fields.sourceRecordId}`)),
      ).toEqual([]);
      expect(
        person.lifecycle
          .filter((e) => e.recordIds.length === 0)
          .every((e) => e.type === 'birth' && e.place === 'ABROAD'),
      ).toBe(true);
    }
  });

  it('orders each lifecycle by date and stops at the reference date', () => {
    const ref = dayOf(DEFAULT_REFERENCE_DATE);
    for (const person of small) {
      const days = person.lifecycle.map((e) => dayOf(e.date));

      expect(days).toEqual([...days].sort((a, b) => a - b));
      expect(days.every((d) => d <= ref)).toBe(true);
      for (const r of person.records) {
        for (const [name, value] of Object.entries(r.fields)) {
          if (DATE.test(value) && name !== 'dateOfBirth' && !/until|expiry|departBy/i.test(name))
            expect(dayOf(value)).toBeLessThanOrEqual(ref);
        }
      }
    }
  });

  it('gives the truth facts that the records support', () => {
    for (const { lifecycle, facts } of small) {
      const last = lifecycle.findLastIndex((e) => e.type === 'admission' && e.immigrant !== true);
      const verifiedOut = lifecycle.some(
        (e, i) =>
          i > last && ((e.type === 'departure' && e.verified === true) || e.type === 'removal_executed'),
      );
      if (facts.reportCategory === 'OUT_OF_COUNTRY') expect(verifiedOut).toBe(true);
      if (facts.reportCategory === 'SUSPECTED_IN_COUNTRY') {
        expect(verifiedOut).toBe(false);
        expect(facts.unverifiedReason).not.toBeNull();
      }
      if (facts.unverifiedReason === 'LAND_GAP') expect(facts.inUS).toBe(false);
      if (facts.citizenshipVia === 'BIRTH') expect(facts.reportCategory).toBe('NONE');
      if (facts.archetype === 'US_BORN') expect(facts.citizenship).toBe('US_CITIZEN');
    }
  });

  it('produces a realistic mix: mostly visitors, a small share of overstays, citizens, court cases', () => {
    const count = (f: (p: GeneratedPerson) => boolean) => small.filter(f).length;
    const visitors = small.filter(
      (p) => p.facts.archetype === 'VISITOR' || p.facts.archetype === 'VISITOR_VWP',
    );
    const overstayed = visitors.filter((p) => p.facts.overstay.occurred).length / visitors.length;

    expect(visitors.length / small.length).toBeGreaterThan(0.45);
    expect(overstayed).toBeGreaterThan(0.003);
    expect(overstayed).toBeLessThan(0.04);
    expect(count((p) => p.facts.reportCategory === 'SUSPECTED_IN_COUNTRY')).toBeGreaterThan(10);
    expect(count((p) => p.facts.reportCategory === 'OUT_OF_COUNTRY')).toBeGreaterThan(2);
    expect(count((p) => p.facts.unverifiedReason === 'LAND_GAP')).toBeGreaterThan(2);
    expect(count((p) => p.facts.citizenship === 'US_CITIZEN')).toBeGreaterThan(100);
    expect(count((p) => p.records.some((r) => r.source === 'eoir-cases'))).toBeGreaterThan(5);
    expect(new Set(records.map((r) => r.fields.classOfAdmission).filter(Boolean)).size).toBeGreaterThan(15);
  });
});

describe('namesakes and twins', () => {
  const large = take(20000, 3);

  it('has many different people sharing a full name, some with the same date of birth', () => {
    const byName = new Map<string, GeneratedPerson[]>();
    for (const p of large) {
      const key = `${p.facts.identity.givenName} ${p.facts.identity.familyName}`;
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
    const shared = [...byName.values()].filter((ps) => ps.length > 1);
    const sameBirth = shared.filter(
      (ps) => new Set(ps.map((p) => p.facts.identity.dateOfBirth)).size < ps.length,
    );

    expect(shared.length).toBeGreaterThan(300);
    expect(Math.max(...shared.map((ps) => ps.length))).toBeGreaterThanOrEqual(10);
    expect(sameBirth.length).toBeGreaterThan(10);
    expect(large.filter((p) => p.facts.namesakeOf !== undefined).length).toBeGreaterThan(20);
  });

  it('has twins: same surname and date of birth, different persons', () => {
    const byId = new Map(large.map((p) => [p.personId, p]));
    const twins = large.filter((p) => p.facts.twinOf !== undefined);

    expect(twins.length).toBeGreaterThan(100);
    for (const t of twins) {
      const sibling = byId.get(t.facts.twinOf!)!;
      expect(t.facts.identity.dateOfBirth).toBe(sibling.facts.identity.dateOfBirth);
      expect(t.facts.identity.familyName.slice(0, 3)).toBe(sibling.facts.identity.familyName.slice(0, 3));
    }
  });

  it('writes names in many scripts and the same person differently across agencies', () => {
    const scripts = new Set(large.map((p) => p.facts.identity.script));
    const nonLatin = large
      .flatMap((p) => p.records)
      .filter((r) => /[^\p{Script=Latin}\p{M}\s.'-]/u.test(r.fields.familyName ?? ''));
    const spellings = large
      .filter((p) => p.records.length >= 3)
      .map((p) => new Set(p.records.map((r) => (r.fields.familyName ?? '').toUpperCase())).size);

    expect([...scripts].sort()).toEqual(['Arab', 'Cyrl', 'Hang', 'Hani', 'Jpan', 'Latn']);
    expect(nonLatin.length).toBeGreaterThan(20);
    expect(spellings.filter((n) => n > 1).length / spellings.length).toBeGreaterThan(0.1);
  });
});
