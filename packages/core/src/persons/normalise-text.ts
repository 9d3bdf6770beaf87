import anyAscii from 'any-ascii';

/** The script a name was written in, as far as matching cares. */
export type Script =
  | 'latin'
  | 'han'
  | 'hangul'
  | 'kana'
  | 'arabic'
  | 'hebrew'
  | 'cyrillic'
  | 'greek'
  | 'other';

/**
 * ICAO Doc 9303 Part 3 §6 recommended transliteration of Latin-1 extended letters (RULES.md §8.4).
 * Letters not listed lose their diacritic (É → E). Keyed by the upper-case precomposed letter.
 */
const ICAO_LATIN: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ö: 'OE',
  Ø: 'OE',
  Ü: 'UE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ĳ: 'IJ',
  Œ: 'OE',
  Ñ: 'N',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ł: 'L',
  Ŀ: 'L',
  Ŋ: 'N',
  ı: 'I',
};

/** The "simple" fold of the same letters: what a clerk without the ICAO table types (MÜLLER → MULLER). */
const SIMPLE_LATIN: Readonly<Record<string, string>> = {
  Æ: 'AE',
  Ø: 'O',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ĳ: 'IJ',
  Œ: 'OE',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ł: 'L',
  Ŀ: 'L',
  Ŋ: 'N',
  ı: 'I',
};

const SCRIPT_TESTS: readonly [Script, RegExp][] = [
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
];
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
const NON_LATIN_LETTER = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

/** The first non-Latin script found in the text, or 'latin'. */
export function detectScript(text: string): Script {
  if (!NON_ASCII.test(text)) return 'latin';
  for (const [script, test] of SCRIPT_TESTS) if (test.test(text)) return script;
  return NON_LATIN_LETTER.test(text) ? 'other' : 'latin';
}

/** Scripts that usually write no short vowels: their romanisations agree only on consonants. */
export const isAbjad = (script: Script): boolean => script === 'arabic' || script === 'hebrew';

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʻʼʹ]/g;
const SEPARATORS = /[^A-Z]+/g;

function fold(text: string, table: Readonly<Record<string, string>>): string {
  let upper = text.normalize('NFKC').toUpperCase();
  if (NON_ASCII.test(upper)) {
    let mapped = '';
    for (const ch of upper) mapped += table[ch] ?? ch;
    upper = mapped.normalize('NFD').replace(COMBINING_MARKS, '');
    // Scripts without a table of ours (Cyrillic, Greek, Arabic, …) go through any-ascii.
    if (NON_ASCII.test(upper)) upper = anyAscii(upper).toUpperCase();
  }
  return upper.replace(APOSTROPHES, '').replace(SEPARATORS, ' ').trim();
}

/**
 * Upper-case A–Z words separated by single spaces, with the ICAO 9303 transliteration
 * (MÜLLER → MUELLER). Apostrophes vanish and other punctuation separates words, as in the MRZ.
 */
export function icaoFold(text: string): string {
  return fold(text, ICAO_LATIN);
}

/** Like icaoFold, but diacritics are simply dropped (MÜLLER → MULLER). */
export function simpleFold(text: string): string {
  return fold(text, SIMPLE_LATIN);
}

/** Splits "AlisherUsmanov" and any-ascii's "GimJeongEun" into words before folding. */
export function splitCamelCase(text: string): string {
  return text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
}
