import { alignNames, nameLevel, TOKEN_FUZZY88 } from './compare-name.js';
import { NAME, NAME_LEVELS } from './fields.js';
import { nameValue } from './name-value.js';
import { normaliseName } from './normalise-name.js';

export type NameComparison = {
  level: (typeof NAME_LEVELS)[number];
  /** True for every level from exact to partial: the names can be one person's name as written by two sources. */
  compatible: boolean;
  /** The two names as compared (normalised words). */
  normalised: [string, string];
};

/**
 * Compares two whole names written in any script and order, with the levels the resolver uses
 * for names. `compatible` is the one fixed decision rule: every word of one name is found in the
 * other (exactly, as a spelling variant or transliteration, within one keystroke or Jaro–Winkler
 * 0.94, by sound, or as an initial), extra words on one side only (a middle name, a title) being
 * allowed, and no unmatched words on both sides.
 */
export function compareNames(a: string, b: string): NameComparison {
  const keys = new Map<string, number>();
  const x = normaliseName(a, 'full');
  const y = normaliseName(b, 'full');
  if (x === null || y === null) {
    return {
      level: 'missing',
      compatible: false,
      normalised: [x?.tokens.join(' ') ?? '', y?.tokens.join(' ') ?? ''],
    };
  }
  const vx = nameValue(keys, x);
  const vy = nameValue(keys, y);
  const level = nameLevel(vx, vy);
  const alignment = alignNames(vx.tokens, vy.tokens);
  // Every aligned word must agree at least as a variant, within one keystroke or Jaro–Winkler 0.94,
  // by sound or as an initial: a 0.88 resemblance alone (SANCHO/SANCHEZ) is another name.
  const strongWords = alignment.aligned > 0 && alignment.weakest !== TOKEN_FUZZY88;
  const oneSideOnly = alignment.unmatchedA === 0 || alignment.unmatchedB === 0;
  return {
    level: NAME_LEVELS[level]!,
    compatible: level === NAME.exact || level === NAME.variant || (strongWords && oneSideOnly),
    normalised: [x.tokens.join(' '), y.tokens.join(' ')],
  };
}
