import { nameLevel } from './compare-name.js';
import { boundedDamerau } from './edit-distance.js';
import { CATEGORY, CODE, DATE, DOCUMENT, type FieldKind, NAME, TEXT } from './fields.js';
import { jaroWinklerAtLeast } from './jaro-winkler.js';
import type { NameValue } from './name-value.js';
import { type BirthDate, isConsistent, isDayMonthSwap } from './normalise-date.js';
import type { DocumentValue, FieldValue, RecordStore, TextValue } from './record-store.js';

/** Writes the comparison vector of records i and j (one level per field) into `out`. */
export type Comparator = (i: number, j: number, out: Uint8Array) => void;

export function dateLevel(a: BirthDate, b: BirthDate): number {
  if (a.digits === b.digits) return a.precision === 'day' ? DATE.exact : DATE.partial;
  return distinctDateLevel(a, b);
}

/** dateLevel for two dates known to differ (different ids in one vocabulary). */
function distinctDateLevel(a: BirthDate, b: BirthDate): number {
  if (a.precision !== 'day' || b.precision !== 'day') {
    if (isConsistent(a, b)) return DATE.partial;
    return a.year === b.year ? DATE.sameYear : DATE.different;
  }
  if (isDayMonthSwap(a, b)) return DATE.dayMonthSwap;
  if (boundedDamerau(a.digits, b.digits, 1) <= 1) return DATE.oneEdit;
  return a.year === b.year ? DATE.sameYear : DATE.different;
}

/**
 * Free text (street, city) compared word by word, so that reordered and misspelt words still
 * agree ("crescent cpafford" / "spafford crescent"): exact, same words reordered, every word
 * aligned with Jaro–Winkler ≥ 0.94 or ≥ 0.88, some words aligned (overlap), or different.
 */
export function textLevel(a: TextValue, b: TextValue): number {
  return a.text === b.text ? TEXT.exact : distinctTextLevel(a, b);
}

/** textLevel for two texts known to differ. */
function distinctTextLevel(a: TextValue, b: TextValue): number {
  if (a.sortedId === b.sortedId || a.squashedId === b.squashedId) return TEXT.reordered;
  const wa = a.words;
  const wb = b.words;
  let aligned = 0;
  let weakest = 1;
  for (let i = 0; i < wa.length; i++) {
    const word = wa[i]!;
    let best = 0;
    // Only the level matters, so a word found at 0.94 or better needs no better partner.
    for (let j = 0; j < wb.length && best < 0.94; j++) {
      const other = wb[j]!;
      const similarity =
        word === other ? 1 : jaroWinklerAtLeast(word, other, 0.88, a.wordMasks[i]!, b.wordMasks[j]!);
      if (similarity > best) best = similarity;
    }
    if (best >= 0.88) {
      aligned++;
      if (best < weakest) weakest = best;
    }
  }
  if (aligned === 0) {
    // One side may have run two words together ("bawleypoint" / "bawley point").
    return jaroWinklerAtLeast(a.squashed, b.squashed, 0.94, a.mask, b.mask) >= 0.94
      ? TEXT.fuzzy94
      : TEXT.different;
  }
  if (aligned < wa.length || wa.length !== wb.length) return TEXT.overlap;
  return weakest >= 0.94 ? TEXT.fuzzy94 : TEXT.fuzzy88;
}

export function codeLevel(a: string, b: string): number {
  return a === b ? CODE.exact : distinctCodeLevel(a, b);
}

/** codeLevel for two codes known to differ. */
function distinctCodeLevel(a: string, b: string): number {
  // Two edits are informative only in longer codes (a phone or social-security number, not a postcode).
  const limit = Math.min(a.length, b.length) >= 5 ? 2 : 1;
  const distance = boundedDamerau(a, b, limit);
  if (distance <= 1) return CODE.oneEdit;
  return distance === 2 && limit === 2 ? CODE.twoEdits : CODE.different;
}

export function documentLevel(a: DocumentValue, b: DocumentValue, needsIssuer: boolean): number {
  if (a.number === b.number) {
    if (!needsIssuer) return DOCUMENT.exact;
    // A passport number means nothing without its issuing State (RULES.md §8.2).
    return a.issuer !== null && a.issuer === b.issuer ? DOCUMENT.exact : DOCUMENT.numberOnly;
  }
  if (a.confusable === b.confusable) return DOCUMENT.oneEdit;
  return boundedDamerau(a.number, b.number, 1) <= 1 ? DOCUMENT.oneEdit : DOCUMENT.different;
}

const GOOD_NAME = (level: number) => level >= 1 && level <= 4;

/**
 * Builds the comparison kernel for a store. Field lookups are resolved once here, so the
 * per-pair work is integer compares plus string similarity only where keys disagree.
 */
export function createComparator(store: RecordStore): Comparator {
  const given = store.fieldIndex.get('givenName') ?? -1;
  const family = store.fieldIndex.get('familyName') ?? -1;
  const full = store.fieldIndex.get('fullName') ?? -1;
  // One loop per kind of field, each calling one comparison function: the call sites stay
  // monomorphic (a loop over a list of per-field closures measured twice as slow).
  const group = (kind: FieldKind) => {
    const fields = store.fields.flatMap((f, index) => (f.kind === kind ? [index] : []));
    return {
      out: fields,
      columns: fields.map((f) => store.values[f]!),
      values: fields.map((f) => store.vocabs[f]!.values),
    };
  };
  const dates = group('date');
  const texts = group('text');
  const codes = group('code');
  const categories = group('category');
  const documents = group('document');
  const needsIssuer = documents.out.map((f) => store.fields[f]!.id === 'passport');
  const names = store.names.values as NameValue[];
  const { values, split } = store;
  const givenIds = given >= 0 ? values[given]! : [];
  const familyIds = family >= 0 ? values[family]! : [];
  const fullIds = full >= 0 ? values[full]! : [];
  const hasGiven = given >= 0;
  const hasFamily = family >= 0;
  const hasFull = full >= 0;

  const level = (x: number, y: number): number =>
    x < 0 || y < 0 ? MISSING : x === y ? NAME_EXACT : nameLevel(names[x]!, names[y]!);

  return (i, j, out) => {
    if (split[i] === 1 && split[j] === 1) {
      let g = hasGiven ? level(givenIds[i]!, givenIds[j]!) : MISSING;
      let f = hasFamily ? level(familyIds[i]!, familyIds[j]!) : MISSING;
      if (hasGiven && hasFamily && !(GOOD_NAME(g) && GOOD_NAME(f))) {
        // Given and family names exchanged (a form filled in the other order): both must cross-agree.
        // The exchange is one event: it is scored once, on the given-name field, and the family
        // field stays silent (two 'swapped' levels would count the same evidence twice).
        if (GOOD_NAME(level(givenIds[i]!, familyIds[j]!)) && GOOD_NAME(level(familyIds[i]!, givenIds[j]!))) {
          g = NAME_SWAPPED;
          f = MISSING;
        }
      }
      if (hasGiven) out[given] = g;
      if (hasFamily) out[family] = f;
      if (hasFull) out[full] = MISSING;
    } else {
      if (hasGiven) out[given] = MISSING;
      if (hasFamily) out[family] = MISSING;
      if (hasFull) out[full] = level(fullIds[i]!, fullIds[j]!);
    }
    for (let k = 0; k < dates.out.length; k++) {
      const x = dates.columns[k]![i]!;
      const y = dates.columns[k]![j]!;
      if (x < 0 || y < 0) out[dates.out[k]!] = MISSING;
      else {
        const a = dates.values[k]![x] as BirthDate;
        out[dates.out[k]!] =
          x === y
            ? a.precision === 'day'
              ? DATE.exact
              : DATE.partial
            : distinctDateLevel(a, dates.values[k]![y] as BirthDate);
      }
    }
    for (let k = 0; k < texts.out.length; k++) {
      const x = texts.columns[k]![i]!;
      const y = texts.columns[k]![j]!;
      out[texts.out[k]!] =
        x < 0 || y < 0
          ? MISSING
          : x === y
            ? TEXT.exact
            : distinctTextLevel(texts.values[k]![x] as TextValue, texts.values[k]![y] as TextValue);
    }
    for (let k = 0; k < codes.out.length; k++) {
      const x = codes.columns[k]![i]!;
      const y = codes.columns[k]![j]!;
      out[codes.out[k]!] =
        x < 0 || y < 0
          ? MISSING
          : x === y
            ? CODE.exact
            : distinctCodeLevel(codes.values[k]![x] as string, codes.values[k]![y] as string);
    }
    for (let k = 0; k < categories.out.length; k++) {
      const x = categories.columns[k]![i]!;
      const y = categories.columns[k]![j]!;
      out[categories.out[k]!] = x < 0 || y < 0 ? MISSING : x === y ? CATEGORY.exact : CATEGORY.different;
    }
    for (let k = 0; k < documents.out.length; k++) {
      const x = documents.columns[k]![i]!;
      const y = documents.columns[k]![j]!;
      out[documents.out[k]!] =
        x < 0 || y < 0
          ? MISSING
          : documentLevel(
              documents.values[k]![x] as DocumentValue,
              documents.values[k]![y] as DocumentValue,
              needsIssuer[k]!,
            );
    }
  };
}

const MISSING = 0;
const NAME_EXACT = NAME.exact;
const NAME_SWAPPED = NAME.swapped;

export type { FieldValue };
