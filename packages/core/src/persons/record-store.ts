import { type FieldSpec, fieldSpec } from './fields.js';
import { letterMask } from './jaro-winkler.js';
import { internKey, type KeyInterner, type NameValue, nameValue } from './name-value.js';
import { type BirthDate, isoBirthDate, parseBirthDate } from './normalise-date.js';
import {
  confusableKey,
  normaliseANumber,
  normaliseFin,
  normaliseI94Number,
  normaliseIssuer,
  normalisePassportNumber,
  normaliseReceiptNumber,
  normaliseSevisId,
} from './normalise-document.js';
import { isParticle, type NormalisedName, normaliseName } from './normalise-name.js';
import { simpleFold } from './normalise-text.js';
import type { IdentityRecord } from './types.js';

/**
 * Distinct values of one field, each normalised once however many records carry it. Outside
 * names, two raw spellings with one normal form share an id (`byValue`), so in the kernel a
 * different id means a different value and no string is compared for equality.
 */
export type Vocab<T> = {
  index: Map<string, number>;
  byValue: Map<string, number>;
  values: T[];
  keys: string[];
};

export type TextValue = {
  text: string;
  mask: number;
  sortedKey: string;
  /** The words run together, for a word split or joined by mistake. */
  squashed: string;
  /** Interned ids of sortedKey and squashed: the kernel compares numbers, not strings. */
  sortedId: number;
  squashedId: number;
  words: readonly string[];
  wordMasks: readonly number[];
};
export type DocumentValue = { number: string; issuer: string | null; confusable: string };
export type FieldValue = NameValue | BirthDate | TextValue | DocumentValue | string;

/** What clustering checks for contradictions (cannot-link), per record. */
export type RecordFacts = {
  aNumber: string | null;
  fin: string | null;
  /** A complete, valid date of birth read from a verified document. */
  verifiedBirthDate: string | null;
  /** The date of birth as recorded (verified or not), for the keying-error check. */
  birthDate: BirthDate | null;
  passport: { number: string; issuer: string; issueDate: string | null } | null;
  /** The country of birth as a code: one person has one, whatever their nationalities. */
  countryOfBirth: string | null;
};

/**
 * The prepared form of a set of records: per field a column of value ids (-1 = missing) into
 * a vocabulary of normalised values. Appendable, so one store serves batch and incremental use.
 */
export type RecordStore = {
  fields: readonly FieldSpec[];
  fieldIndex: ReadonlyMap<string, number>;
  size: number;
  ids: string[];
  idIndex: Map<string, number>;
  sources: number[];
  sourceIndex: Map<string, number>;
  /** values[field][record]. */
  values: number[][];
  /** 1 when the record's name is split into given and family parts. */
  split: number[];
  vocabs: Vocab<FieldValue>[];
  names: Vocab<FieldValue>;
  keys: KeyInterner;
  facts: RecordFacts[];
  records: IdentityRecord[];
};

const newVocab = <T>(): Vocab<T> => ({ index: new Map(), byValue: new Map(), values: [], keys: [] });

export function createStore(fieldIds: readonly string[]): RecordStore {
  const fields = fieldIds.map(fieldSpec);
  const names = newVocab<FieldValue>();
  return {
    fields,
    fieldIndex: new Map(fields.map((f, i) => [f.id, i])),
    size: 0,
    ids: [],
    idIndex: new Map(),
    sources: [],
    sourceIndex: new Map(),
    values: fields.map(() => []),
    split: [],
    vocabs: fields.map((f) => (f.kind === 'name' || f.kind === 'fullName' ? names : newVocab<FieldValue>())),
    names,
    keys: new Map(),
    facts: [],
    records: [],
  };
}

function intern<T extends FieldValue>(
  vocab: Vocab<FieldValue>,
  key: string,
  build: () => T | null,
  byValue = false,
): number {
  const known = vocab.index.get(key);
  if (known !== undefined) return known;
  const value = build();
  if (value === null) {
    vocab.index.set(key, -1);
    return -1;
  }
  if (byValue) {
    const normal = frequencyKey(value);
    const same = vocab.byValue.get(normal);
    if (same !== undefined) {
      vocab.index.set(key, same);
      return same;
    }
    vocab.byValue.set(normal, vocab.values.length);
  }
  const id = vocab.values.length;
  vocab.values.push(value);
  vocab.keys.push(key);
  vocab.index.set(key, id);
  return id;
}

const present = (value: string | undefined): value is string =>
  value !== undefined && value.trim().length > 0;

const fromTokens = (tokens: readonly string[], like: NormalisedName): NormalisedName => {
  const core = tokens.filter((t) => !isParticle(t));
  return { tokens, icaoTokens: tokens, core: core.length > 0 ? core : tokens, script: like.script };
};

/** Adds one record and returns its index. Ids must be unique within the store. */
export function addRecord(store: RecordStore, record: IdentityRecord): number {
  if (store.idIndex.has(record.id)) throw new Error(`duplicate record id ${record.id}`);
  const index = store.size++;
  store.ids.push(record.id);
  store.idIndex.set(record.id, index);
  store.records.push(record);
  store.sources.push(present(record.source) ? internKey(store.sourceIndex, record.source) : -1);

  const names = nameIds(store, record);
  store.split.push(names.split ? 1 : 0);
  store.fields.forEach((field, f) => {
    let id: number;
    if (field.id === 'givenName') id = names.given;
    else if (field.id === 'familyName') id = names.family;
    else if (field.id === 'fullName') id = names.full;
    else id = valueId(store.vocabs[f]!, field, record, store.keys);
    store.values[f]!.push(id);
  });
  store.facts.push(factsOf(record));
  return index;
}

function nameIds(
  store: RecordStore,
  record: IdentityRecord,
): { given: number; family: number; full: number; split: boolean } {
  const vocab = store.names;
  const build = (raw: string, role: 'given' | 'family' | 'full') => () => {
    const name = normaliseName(raw, role);
    return name === null ? null : nameValue(store.keys, name);
  };
  if (present(record.givenName) || present(record.familyName)) {
    const given = present(record.givenName)
      ? intern(vocab, `g:${record.givenName}`, build(record.givenName, 'given'))
      : -1;
    const family = present(record.familyName)
      ? intern(vocab, `f:${record.familyName}`, build(record.familyName, 'family'))
      : -1;
    const full = intern(vocab, `n:${record.givenName ?? ''}\u0000${record.familyName ?? ''}`, () => {
      const parts = [given, family].filter((id) => id >= 0).map((id) => (vocab.values[id] as NameValue).name);
      if (parts.length === 0) return null;
      const tokens = parts.flatMap((p) => p.tokens);
      return nameValue(store.keys, {
        ...fromTokens(tokens, parts[0]!),
        icaoTokens: parts.flatMap((p) => p.icaoTokens),
      });
    });
    return { given, family, full, split: true };
  }
  if (!present(record.fullName)) return { given: -1, family: -1, full: -1, split: false };
  const full = intern(vocab, `n:${record.fullName}`, build(record.fullName, 'full'));
  const parsed = full >= 0 ? (vocab.values[full] as NameValue).name : null;
  if (parsed?.family !== undefined && parsed.given !== undefined) {
    // The writing itself says which part is the family name ("NURISTANI, Abdul Aziz", 習近平).
    const { family: familyTokens, given: givenTokens } = parsed;
    const family = intern(vocab, `f*:${familyTokens.join(' ')}`, () =>
      nameValue(store.keys, fromTokens(familyTokens, parsed)),
    );
    const given = intern(vocab, `g*:${givenTokens.join(' ')}`, () =>
      nameValue(store.keys, fromTokens(givenTokens, parsed)),
    );
    return { given, family, full, split: true };
  }
  return { given: -1, family: -1, full, split: false };
}

const codeOf = (raw: string): string => raw.toUpperCase().replace(/[^A-Z0-9]/g, '');

function valueId(
  vocab: Vocab<FieldValue>,
  field: FieldSpec,
  record: IdentityRecord,
  keys: KeyInterner,
): number {
  const raw = rawValue(field.id, record);
  if (raw === undefined) return -1;
  switch (field.kind) {
    case 'date':
      return intern(vocab, raw, () => parseBirthDate(raw), true);
    case 'text':
      return intern(
        vocab,
        raw,
        () => {
          const text = simpleFold(raw);
          if (text.length === 0) return null;
          const words = text.split(' ');
          const squashed = words.join('');
          const sortedKey = [...words].sort().join(' ');
          return {
            text,
            mask: letterMask(squashed),
            squashed,
            words,
            wordMasks: words.map(letterMask),
            sortedKey,
            sortedId: internKey(keys, `w:${sortedKey}`),
            squashedId: internKey(keys, `q:${squashed}`),
          };
        },
        true,
      );
    case 'document':
      return intern(
        vocab,
        `${raw}\u0000${field.id === 'passport' ? (record.passportIssuer ?? '') : ''}`,
        () => documentValue(field.id, raw, record),
        true,
      );
    case 'category':
      return intern(
        vocab,
        raw,
        () => {
          const code = codeOf(raw);
          return code.length === 0 ? null : field.id === 'sex' ? code.charAt(0) : code;
        },
        true,
      );
    default:
      return intern(
        vocab,
        raw,
        () => {
          const code = codeOf(raw);
          return code.length === 0 ? null : code;
        },
        true,
      );
  }
}

function rawValue(fieldId: string, record: IdentityRecord): string | undefined {
  let raw: string | undefined;
  if (fieldId.startsWith('extra:')) raw = record.extra?.[fieldId.slice(6)];
  else if (fieldId === 'passport') raw = record.passportNumber;
  else raw = record[fieldId as keyof IdentityRecord] as string | undefined;
  return present(raw) ? raw.trim() : undefined;
}

function documentValue(fieldId: string, raw: string, record: IdentityRecord): DocumentValue | null {
  let number: string | null;
  let issuer: string | null = null;
  if (fieldId === 'aNumber') number = normaliseANumber(raw);
  else if (fieldId === 'fin') number = normaliseFin(raw);
  else if (fieldId === 'i94Number') number = normaliseI94Number(raw);
  else if (fieldId === 'receiptNumber') number = normaliseReceiptNumber(raw);
  else if (fieldId === 'sevisId') number = normaliseSevisId(raw);
  else {
    number = normalisePassportNumber(raw);
    issuer = present(record.passportIssuer) ? normaliseIssuer(record.passportIssuer) : null;
  }
  return number === null ? null : { number, issuer, confusable: confusableKey(number) };
}

function factsOf(record: IdentityRecord): RecordFacts {
  const birthDate = present(record.dateOfBirth) ? parseBirthDate(record.dateOfBirth) : null;
  const birth = record.dateOfBirthVerified === true && birthDate?.valid === true ? birthDate : null;
  const number = present(record.passportNumber) ? normalisePassportNumber(record.passportNumber) : null;
  const issuer = present(record.passportIssuer) ? normaliseIssuer(record.passportIssuer) : null;
  return {
    aNumber: present(record.aNumber) ? normaliseANumber(record.aNumber) : null,
    countryOfBirth: present(record.countryOfBirth) ? codeOf(record.countryOfBirth) || null : null,
    fin: present(record.fin) ? normaliseFin(record.fin) : null,
    verifiedBirthDate: birth === null ? null : isoBirthDate(birth),
    birthDate,
    passport:
      number !== null && issuer !== null
        ? {
            number,
            issuer,
            issueDate: present(record.passportIssueDate) ? record.passportIssueDate.trim() : null,
          }
        : null,
  };
}

/** The value of a field of a record, or null. */
export function fieldValue(store: RecordStore, field: number, record: number): FieldValue | null {
  const id = store.values[field]![record]!;
  return id < 0 ? null : store.vocabs[field]!.values[id]!;
}

/** The key under which a value is counted for term frequencies (the normalised form, not the raw). */
export function frequencyKey(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if ('textKey' in value) return value.text;
  if ('digits' in value) return value.digits;
  if ('words' in value) return value.text;
  return `${value.number}/${value.issuer ?? ''}`;
}

/** Which catalogue fields (and extra attributes) the records actually carry. */
export function presentFields(records: readonly IdentityRecord[]): string[] {
  const seen = new Set<string>();
  const catalogue = [
    'dateOfBirth',
    'sex',
    'countryOfBirth',
    'nationality',
    'aNumber',
    'fin',
    'i94Number',
    'receiptNumber',
    'sevisId',
    'streetNumber',
    'street',
    'addressLine2',
    'city',
    'postalCode',
    'state',
  ] as const;
  for (const r of records) {
    if (present(r.givenName)) seen.add('givenName');
    if (present(r.familyName)) seen.add('familyName');
    if (present(r.fullName)) seen.add('fullName');
    if (present(r.passportNumber)) seen.add('passport');
    for (const f of catalogue) if (present(r[f])) seen.add(f);
    if (r.extra) for (const [k, v] of Object.entries(r.extra)) if (present(v)) seen.add(`extra:${k}`);
  }
  // A full name is compared whenever some record lacks a split name, against the joined parts of others.
  if (seen.has('fullName')) {
    seen.add('givenName');
    seen.add('familyName');
  }
  const order = ['givenName', 'familyName', 'fullName', 'passport', ...catalogue];
  const known = order.filter((f) => seen.has(f));
  const extras = [...seen].filter((f) => f.startsWith('extra:')).sort();
  return [...known, ...extras];
}
