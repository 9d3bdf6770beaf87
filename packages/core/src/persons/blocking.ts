import { IDENTIFIER_FIELDS } from './fields.js';
import { internKey, type KeyInterner, type NameValue } from './name-value.js';
import type { BirthDate } from './normalise-date.js';
import { nysiis } from './phonetic.js';
import type { DocumentValue, RecordStore, TextValue } from './record-store.js';

/**
 * Blocking rules: a pair of records is compared when they share at least one key of any rule.
 * Every rule joins two selective facts, so a pair is found when any two of them survive the
 * errors of the sources: a name (phonetic code of the family or given name; the set of both, so
 * swapped names still meet), the birth year or month, the full date of birth, an initial, and the parts of
 * the address of record (postcode, city, street, house number). Identifiers (A-Number, FIN,
 * passport number, I-94 number, receipt number, SEVIS ID, identifier-like extra attributes) are keys on their own, so every
 * deterministic pair is a candidate whatever the names say.
 * Keys are exact values, never neighbourhoods in a sorted list: a key-based candidate set is the
 * same whatever the order records arrive in, which is what makes incremental equal batch.
 */
export const BLOCKING_RULES = [
  'family+year',
  'given+month',
  'names',
  'initial+dob',
  'name+postcode',
  'name+city',
  'name+street',
  'dob+postcode',
  'dob+city',
  'dob+street',
  'postcode+city',
  'postcode+street',
  'city+street',
  'street+number',
  'postcode+number',
  'identifier',
] as const;
export type BlockingRule = (typeof BLOCKING_RULES)[number];

export type BlockingPlan = {
  rules: readonly BlockingRule[];
  /** extra:<name> fields used as identifier keys (nearly unique values). */
  identifierExtras: readonly string[];
  /** Keys whose blocks were too large when the model was fitted: skipped, other rules cover them. */
  stopKeys: readonly string[];
  maxBlockSize: number;
};

type Accessors = {
  given: number;
  family: number;
  full: number;
  date: number;
  postcode: number;
  city: number;
  street: number;
  streetNumber: number;
  identifiers: number[];
};

function accessors(store: RecordStore, plan: BlockingPlan): Accessors {
  const at = (id: string) => store.fieldIndex.get(id) ?? -1;
  return {
    given: at('givenName'),
    family: at('familyName'),
    full: at('fullName'),
    date: at('dateOfBirth'),
    postcode: at('postalCode'),
    city: at('city'),
    street: at('street'),
    streetNumber: at('streetNumber'),
    identifiers: [...IDENTIFIER_FIELDS, ...plan.identifierExtras].map(at).filter((f) => f >= 0),
  };
}

const phoneticCache = new Map<string, string>();
function phonetic(token: string): string {
  let code = phoneticCache.get(token);
  if (code === undefined) {
    code = nysiis(token) || token;
    if (phoneticCache.size < 1_000_000) phoneticCache.set(token, code);
  }
  return code;
}

/** The blocking keys of one record, as strings prefixed by their rule. */
export function blockingKeys(store: RecordStore, plan: BlockingPlan, record: number): string[] {
  const a = accessors(store, plan);
  return keysWith(store, plan, a, record);
}

function keysWith(store: RecordStore, plan: BlockingPlan, a: Accessors, record: number): string[] {
  const value = (field: number): unknown => {
    if (field < 0) return null;
    const id = store.values[field]![record]!;
    return id < 0 ? null : store.vocabs[field]!.values[id]!;
  };
  const given = value(a.given) as NameValue | null;
  const family = value(a.family) as NameValue | null;
  const full = value(a.full) as NameValue | null;
  const date = value(a.date) as BirthDate | null;
  const postcode = value(a.postcode) as string | null;
  const city = value(a.city) as TextValue | null;
  const street = value(a.street) as TextValue | null;
  const streetNumber = value(a.streetNumber) as string | null;
  const split = store.split[record] === 1;

  const givenWord = split ? given?.tokens[0]?.text : undefined;
  const familyWord = split ? family?.tokens[0]?.text : undefined;
  // Without a split, every core word of the full name may be the family name.
  const words = split
    ? [familyWord, givenWord].filter((w): w is string => w !== undefined)
    : (full?.tokens.slice(0, 4).map((t) => t.text) ?? []);
  const codes = [...new Set(words.map(phonetic))];
  const initials = [...new Set(words.map((w) => w.charAt(0)))];
  const dob = date !== null && date.precision === 'day' ? date.digits : null;
  const cityCode = city === null ? null : phonetic(city.words[0]!);
  const streetWord = street?.words.find((w) => w.length > 2);
  const streetCode = streetWord === undefined ? null : phonetic(streetWord);
  const keys: string[] = [];
  const withNames = (tag: string, other: string | number | null) => {
    if (other !== null) for (const code of codes) keys.push(`${tag}:${code}:${other}`);
  };
  const pair = (tag: string, x: string | number | null, y: string | number | null) => {
    if (x !== null && y !== null) keys.push(`${tag}:${x}:${y}`);
  };
  for (const rule of plan.rules) {
    switch (rule) {
      case 'family+year':
        // With the given initial: a common surname and a year alone make blocks that grow with the
        // population. Any word of an unsplit name may be the family name.
        if (date !== null) {
          if (split) {
            if (familyWord !== undefined)
              keys.push(`fy:${phonetic(familyWord)}:${date.year}:${givenWord?.charAt(0) ?? ''}`);
          } else for (const code of codes) keys.push(`fy:${code}:${date.year}`);
        }
        break;
      case 'given+month':
        // Given names are few: with the year alone their blocks grow with the population.
        if (date !== null && date.month !== null && givenWord !== undefined) {
          keys.push(`gm:${phonetic(givenWord)}:${date.year}-${date.month}`);
        }
        break;
      case 'names':
        for (let i = 0; i < codes.length; i++) {
          for (let j = i + 1; j < codes.length; j++) keys.push(`nn:${[codes[i], codes[j]].sort().join(':')}`);
        }
        break;
      case 'initial+dob':
        if (dob !== null) for (const initial of initials) keys.push(`id:${initial}:${dob}`);
        break;
      case 'name+postcode':
        withNames('np', postcode);
        break;
      case 'name+city':
        withNames('nc', cityCode);
        break;
      case 'name+street':
        withNames('ns', streetCode);
        break;
      case 'dob+postcode':
        pair('dp', dob, postcode);
        break;
      case 'dob+city':
        pair('dc', dob, cityCode);
        break;
      case 'dob+street':
        pair('ds', dob, streetCode);
        break;
      case 'postcode+city':
        pair('pc', postcode, cityCode);
        break;
      case 'postcode+street':
        pair('ps', postcode, streetCode);
        break;
      case 'city+street':
        pair('cs', cityCode, streetCode);
        break;
      case 'street+number':
        pair('sn', streetCode, streetNumber);
        break;
      case 'postcode+number':
        pair('pn', postcode, streetNumber);
        break;
      case 'identifier':
        for (const field of a.identifiers) {
          const v = value(field) as DocumentValue | string | null;
          if (v === null) continue;
          keys.push(`dc:${store.fields[field]!.id}:${typeof v === 'string' ? v : v.number}`);
        }
        break;
    }
  }
  return [...new Set(keys)];
}

/**
 * An inverted index from blocking key to records, appendable: the batch resolver fills it once,
 * the incremental index adds one record at a time.
 */
export type BlockIndex = {
  /** The plan; fitting replaces it once the stop list is known. */
  plan: BlockingPlan;
  keyIds: KeyInterner;
  stopped: Set<number>;
  /** Block members per key id. */
  blocks: number[][];
  /** Key ids of each record, ascending. */
  recordKeys: Int32Array[];
  accessors: Accessors;
  /** 1 for keys of the names rule, which pair two records only when one lacks a full date of birth. */
  conditional: number[];
  /** Whether a record lacks a complete, valid date of birth (missing, partial or impossible). */
  lacksDate: (record: number) => boolean;
};

export function createBlockIndex(store: RecordStore, plan: BlockingPlan): BlockIndex {
  const keyIds: KeyInterner = new Map();
  const stopped = new Set<number>();
  const conditional: number[] = [];
  for (const key of plan.stopKeys) {
    const id = internKey(keyIds, key);
    conditional[id] = key.startsWith(NAMES_PREFIX) ? 1 : 0;
    stopped.add(id);
  }
  const blocks: number[][] = [];
  const dob = store.fieldIndex.get('dateOfBirth') ?? -1;
  // The names rule finds the pairs that date-based keys cannot: one record has no usable date of
  // birth. Between two full dates it would only pair namesakes (every other rule still meets a
  // pair whose year or month agree), and its blocks grow with the square of the population.
  const lacksDate = (record: number): boolean => {
    if (dob < 0) return true;
    const id = store.values[dob]![record]!;
    if (id < 0) return true;
    const date = store.vocabs[dob]!.values[id] as BirthDate;
    return date.precision !== 'day' || !date.valid;
  };
  return {
    plan,
    keyIds,
    stopped,
    blocks,
    recordKeys: [],
    accessors: accessors(store, plan),
    conditional,
    lacksDate,
  };
}

const NAMES_PREFIX = 'nn:';

/** Indexes record `record` of the store (records must be added in store order). */
export function indexRecord(index: BlockIndex, store: RecordStore, record: number): Int32Array {
  const keys = keysWith(store, index.plan, index.accessors, record).map((k) => {
    const id = internKey(index.keyIds, k);
    if (index.conditional[id] === undefined) index.conditional[id] = k.startsWith(NAMES_PREFIX) ? 1 : 0;
    return id;
  });
  const ids = Int32Array.from(keys).sort();
  index.recordKeys[record] = ids;
  for (const key of ids) {
    let block = index.blocks[key];
    if (block === undefined) {
      block = [];
      index.blocks[key] = block;
    }
    block.push(record);
  }
  return ids;
}

/** Whether two records share a usable key smaller than `key` (so the pair was already emitted). */
function sharesEarlierKey(index: BlockIndex, a: number, b: number, key: number): boolean {
  const ka = index.recordKeys[a]!;
  const kb = index.recordKeys[b]!;
  let i = 0;
  let j = 0;
  while (i < ka.length && j < kb.length) {
    const x = ka[i]!;
    const y = kb[j]!;
    if (x >= key || y >= key) return false;
    if (x === y) {
      if (!index.stopped.has(x) && (index.conditional[x] === 0 || index.lacksDate(a) || index.lacksDate(b))) {
        return true;
      }
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return false;
}

/**
 * Calls `visit(a, b)` once for every candidate pair (a < b) of the indexed records: pairs that share
 * a key of a block that is not stopped. `inScope` filters pairs (e.g. across sources only).
 */
export function forEachCandidate(
  index: BlockIndex,
  inScope: (a: number, b: number) => boolean,
  visit: (a: number, b: number) => void,
): void {
  for (let key = 0; key < index.blocks.length; key++) {
    const block = index.blocks[key];
    if (block === undefined || block.length < 2 || index.stopped.has(key)) continue;
    if (index.conditional[key] === 1) {
      visitConditional(index, block, key, inScope, visit);
      continue;
    }
    for (let x = 0; x < block.length; x++) {
      const a = block[x]!;
      for (let y = x + 1; y < block.length; y++) {
        const b = block[y]!;
        if (!inScope(a, b)) continue;
        if (sharesEarlierKey(index, a, b, key)) continue;
        visit(a, b);
      }
    }
  }
}

/** A names-rule block: only pairs with at least one record lacking a full date, without touching the others. */
function visitConditional(
  index: BlockIndex,
  block: readonly number[],
  key: number,
  inScope: (a: number, b: number) => boolean,
  visit: (a: number, b: number) => void,
): void {
  const lacking = block.filter((r) => index.lacksDate(r));
  if (lacking.length === 0) return;
  const lackingSet = new Set(lacking);
  for (const a of lacking) {
    for (const b of block) {
      // Each pair once: two lacking records are visited from the smaller index only.
      if (a === b || (lackingSet.has(b) && b < a)) continue;
      const [x, y] = a < b ? [a, b] : [b, a];
      if (!inScope(x, y)) continue;
      if (sharesEarlierKey(index, x, y, key)) continue;
      visit(x, y);
    }
  }
}

/** The candidates of one record: members of its usable blocks, each once. */
export function candidatesOf(index: BlockIndex, record: number): number[] {
  const found = new Set<number>();
  for (const key of index.recordKeys[record] ?? []) {
    if (index.stopped.has(key)) continue;
    const conditional = index.conditional[key] === 1 && !index.lacksDate(record);
    for (const other of index.blocks[key]!) {
      if (other === record || found.has(other)) continue;
      if (conditional && !index.lacksDate(other)) continue;
      found.add(other);
    }
  }
  return [...found];
}

/** Keys whose blocks exceed the size limit: the stop list a model carries. */
export function oversizedKeys(index: BlockIndex, maxBlockSize: number): string[] {
  const names = [...index.keyIds.keys()];
  const out: string[] = [];
  index.blocks.forEach((block, key) => {
    if (block !== undefined && block.length > maxBlockSize) out.push(names[key]!);
  });
  return out;
}
