import { boundedDamerau } from './edit-distance.js';
import { NAME } from './fields.js';
import { jaroWinkler, jaroWinklerAtLeast, letterMask } from './jaro-winkler.js';
import { type NameToken, type NameValue, nameToken } from './name-value.js';

const intersects = (a: readonly number[], b: readonly number[]): boolean => {
  // Nearly every word belongs to one group: compare the keys without a loop.
  if (a.length === 1 && b.length === 1) return a[0] === b[0];
  for (let i = 0; i < a.length; i++) if (b.includes(a[i]!)) return true;
  return false;
};

/** Similarity classes of two name words, from the strongest (a sound-alike outranks a mere 0.88). */
export const TOKEN_EXACT = 5;
export const TOKEN_VARIANT = 4;
export const TOKEN_FUZZY94 = 3;
export const TOKEN_PHONETIC = 2;
export const TOKEN_FUZZY88 = 1;
export const TOKEN_INITIAL = 0;
const TOKEN_NONE = -1;

export function tokenClass(a: NameToken, b: NameToken): number {
  if (a.id >= 0 && b.id >= 0 ? a.id === b.id : a.text === b.text) return TOKEN_EXACT;
  if (intersects(a.variants, b.variants)) return TOKEN_VARIANT;
  // A vowel-less romanisation (محمد → MHMD) is compared by consonants only.
  if ((a.abjad || b.abjad) && a.skeleton === b.skeleton) return TOKEN_VARIANT;
  if (a.text.length === 1 || b.text.length === 1) {
    return a.text.charCodeAt(0) === b.text.charCodeAt(0) ? TOKEN_INITIAL : TOKEN_NONE;
  }
  const similarity = jaroWinklerAtLeast(a.text, b.text, 0.88, a.mask, b.mask);
  if (similarity >= 0.94) return TOKEN_FUZZY94;
  // Jaro–Winkler is harsh on short words: NGOC/NDOC or HADDAD/HDDDAD are one keystroke apart
  // (but a letter put before a name makes another name: ISHA/NISHA, ANNA/HANNA).
  if (
    a.text.length >= 4 &&
    b.text.length >= 4 &&
    (a.text.charCodeAt(0) === b.text.charCodeAt(0) || a.text.length === b.text.length) &&
    boundedDamerau(a.text, b.text, 1) <= 1
  ) {
    return TOKEN_FUZZY94;
  }
  if (a.phonetic === b.phonetic) return TOKEN_PHONETIC;
  return similarity >= 0.88 ? TOKEN_FUZZY88 : TOKEN_NONE;
}

/** How two multi-word names align word for word (order ignored). */
export type Alignment = {
  /** Pairs of aligned words and their class. */
  aligned: number;
  weakest: number;
  unmatchedA: number;
  unmatchedB: number;
};

/**
 * Aligns the core words of two names greedily, strongest pairs first, after joining adjacent
 * words of one side that spell a single word of the other (MOHAMMAD HASNI / MOHAMMADHASNI).
 */
export function alignNames(a: readonly NameToken[], b: readonly NameToken[]): Alignment {
  const left = joinSplitWords(a, b);
  const right = joinSplitWords(b, left);
  const candidates: [number, number, number][] = [];
  for (let i = 0; i < left.length; i++) {
    for (let j = 0; j < right.length; j++) {
      const cls = tokenClass(left[i]!, right[j]!);
      if (cls !== TOKEN_NONE) candidates.push([cls, i, j]);
    }
  }
  candidates.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  const usedLeft = new Uint8Array(left.length);
  const usedRight = new Uint8Array(right.length);
  let aligned = 0;
  let weakest = TOKEN_EXACT;
  for (const [cls, i, j] of candidates) {
    if (usedLeft[i] || usedRight[j]) continue;
    usedLeft[i] = 1;
    usedRight[j] = 1;
    aligned++;
    if (cls < weakest) weakest = cls;
  }
  return { aligned, weakest, unmatchedA: left.length - aligned, unmatchedB: right.length - aligned };
}

function joinSplitWords(words: readonly NameToken[], other: readonly NameToken[]): readonly NameToken[] {
  if (words.length < 2) return words;
  const targets = other.filter((t) => t.text.length >= 6);
  if (targets.length === 0) return words;
  const out: NameToken[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (next !== undefined) {
      const joined = word.text + next.text;
      const spelt = targets.some(
        (t) => joined === t.text || (joined.length >= 8 && jaroWinkler(joined, t.text) >= 0.94),
      );
      if (spelt) {
        // The joined word has no variant or phonetic keys: it aligns by spelling alone.
        out.push(nameToken(joined, -1, letterMask(joined), [], -1, -1, false));
        i++;
        continue;
      }
    }
    out.push(word);
  }
  return out;
}

const LEVEL_OF_CLASS: Readonly<Record<number, number>> = {
  [TOKEN_EXACT]: NAME.exact,
  [TOKEN_VARIANT]: NAME.variant,
  [TOKEN_FUZZY94]: NAME.fuzzy94,
  [TOKEN_FUZZY88]: NAME.fuzzy88,
  [TOKEN_PHONETIC]: NAME.phonetic,
  [TOKEN_INITIAL]: NAME.initial,
};

/**
 * The agreement level of two names of the same role (given with given, family with family, or
 * two full names): exact (also across the ICAO and simple transliterations), variant (spelling
 * variants, particles, word order, joined words, consonants of a vowel-less script), Jaro–Winkler
 * ≥ 0.94, ≥ 0.88, phonetic (NYSIIS), initials, partial (every word of one name found in the other,
 * as when a middle name is dropped), or different.
 */
export function nameLevel(a: NameValue, b: NameValue): number {
  if (a === b || a.textKey === b.textKey) return NAME.exact;
  if (a.icaoKey === b.icaoKey || a.icaoKey === b.textKey || a.textKey === b.icaoKey) return NAME.exact;
  if (a.coreKey === b.coreKey || a.squashedKey === b.squashedKey || a.sortedCoreKey === b.sortedCoreKey) {
    return NAME.variant;
  }
  const ta = a.tokens;
  const tb = b.tokens;
  if (ta.length === 1 && tb.length === 1) {
    const cls = tokenClass(ta[0]!, tb[0]!);
    return cls === TOKEN_NONE ? NAME.different : LEVEL_OF_CLASS[cls]!;
  }
  return multiWordLevel(a, b);
}

function multiWordLevel(a: NameValue, b: NameValue): number {
  const alignment = alignNames(a.tokens, b.tokens);
  if (alignment.aligned === 0) return NAME.different;
  if (alignment.unmatchedA === 0 && alignment.unmatchedB === 0) return LEVEL_OF_CLASS[alignment.weakest]!;
  if (a.phoneticKey === b.phoneticKey) return NAME.phonetic;
  // Extra words on one side only (a middle name, a second surname): partial. Unmatched words on
  // both sides mean two different names, however alike the rest (ALI RAWI / ALI TIKRITI).
  if (alignment.unmatchedA === 0 || alignment.unmatchedB === 0) {
    return a.initialsOnly || b.initialsOnly ? NAME.initial : NAME.partial;
  }
  return NAME.different;
}
