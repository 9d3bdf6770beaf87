import { letterMask } from './jaro-winkler.js';
import { variantKeys } from './name-variants.js';
import { consonantSkeleton, lostVowels, type NormalisedName } from './normalise-name.js';
import { nysiis } from './phonetic.js';

/** Interns strings to small integers so the kernel compares keys as numbers. */
export type KeyInterner = Map<string, number>;

export function internKey(keys: KeyInterner, key: string): number {
  let id = keys.get(key);
  if (id === undefined) {
    id = keys.size;
    keys.set(key, id);
  }
  return id;
}

/** One core word of a name with its precomputed comparison keys. */
export type NameToken = {
  text: string;
  /** Interned text: equal words have equal ids (-1 for a word joined during alignment). */
  id: number;
  mask: number;
  variants: readonly number[];
  phonetic: number;
  /** Consonant skeleton: compared only when one side came from a script that drops vowels. */
  skeleton: number;
  abjad: boolean;
};

/**
 * A normalised name with every key the comparators need, computed once per distinct value
 * (the kernel then compares integers and calls Jaro–Winkler only when keys disagree).
 */
export type NameValue = {
  name: NormalisedName;
  text: string;
  textKey: number;
  icaoKey: number;
  /** All words run together: ABDUL AZIZ and ABDULAZIZ, VAN DER BERG and VANDERBERG agree here. */
  squashedKey: number;
  /** Core words (no particles) run together, the string Jaro–Winkler compares. */
  coreSquashed: string;
  coreMask: number;
  coreKey: number;
  sortedCoreKey: number;
  phoneticKey: number;
  tokens: readonly NameToken[];
  initialsOnly: boolean;
};

/** What a word's keys are, whatever store it is in: computed once per distinct word. */
type WordAnalysis = { mask: number; variants: readonly string[]; phonetic: string; skeleton: string };
const analyses = new Map<string, WordAnalysis>();

function analyse(word: string): WordAnalysis {
  let analysis = analyses.get(word);
  if (analysis === undefined) {
    analysis = {
      mask: letterMask(word),
      variants: variantKeys(word),
      phonetic: nysiis(word),
      skeleton: consonantSkeleton(word),
    };
    // A memo, not state: bounded so a long-running process cannot grow it without limit.
    if (analyses.size < 500_000) analyses.set(word, analysis);
  }
  return analysis;
}

export function nameToken(
  text: string,
  id: number,
  mask: number,
  variants: readonly number[],
  phonetic: number,
  skeleton: number,
  abjad: boolean,
): NameToken {
  return { text, id, mask, variants, phonetic, skeleton, abjad };
}

/** A word's interned keys in one store, so a word met again costs one lookup. */
type WordKeys = { id: number; variants: readonly number[]; phonetic: number; skeleton: number; mask: number };
const wordKeysOf = new WeakMap<KeyInterner, Map<string, WordKeys>>();

function wordKeys(keys: KeyInterner, text: string): WordKeys {
  let words = wordKeysOf.get(keys);
  if (words === undefined) {
    words = new Map();
    wordKeysOf.set(keys, words);
  }
  let known = words.get(text);
  if (known === undefined) {
    const analysis = analyse(text);
    known = {
      id: internKey(keys, `w:${text}`),
      variants: analysis.variants.map((v) => internKey(keys, `v:${v}`)),
      phonetic: internKey(keys, `p:${analysis.phonetic}`),
      skeleton: internKey(keys, `s:${analysis.skeleton}`),
      mask: analysis.mask,
    };
    words.set(text, known);
  }
  return known;
}

export function nameValue(keys: KeyInterner, name: NormalisedName): NameValue {
  const abjad = lostVowels(name);
  // Every token is built with one literal (one hidden class), so the comparators stay monomorphic.
  const tokens = name.core.map((text): NameToken => {
    const k = wordKeys(keys, text);
    return nameToken(text, k.id, k.mask, k.variants, k.phonetic, k.skeleton, abjad);
  });
  const text = name.tokens.join(' ');
  const icao = name.icaoTokens === name.tokens ? text : name.icaoTokens.join(' ');
  const textKey = internKey(keys, `t:${text}`);
  return {
    name,
    text,
    textKey,
    icaoKey: icao === text ? textKey : internKey(keys, `t:${icao}`),
    squashedKey: internKey(keys, `q:${name.tokens.join('')}`),
    coreSquashed: name.core.join(''),
    coreMask: letterMask(name.core.join('')),
    coreKey: internKey(keys, `c:${name.core.join(' ')}`),
    sortedCoreKey: internKey(keys, `c:${[...name.core].sort().join(' ')}`),
    phoneticKey: internKey(keys, `p:${name.core.map((w) => analyse(w).phonetic).join(' ')}`),
    tokens,
    initialsOnly: name.core.every((t) => t.length === 1),
  };
}
