import anyAscii from 'any-ascii';
import { pinyin } from 'pinyin-pro';
import {
  detectScript,
  icaoFold,
  isAbjad,
  type Script,
  simpleFold,
  splitCamelCase,
} from './normalise-text.js';

/** Which part of a name a string holds. 'full' is a whole name whose parts the source did not split. */
export type NameRole = 'given' | 'family' | 'full';

/** A name reduced to comparable words, with the facts the comparators need about it. */
export type NormalisedName = {
  /** Words after the simple fold (MULLER), titles removed, particles kept. */
  tokens: readonly string[];
  /** The same words after the ICAO 9303 transliteration (MUELLER); equal to tokens for plain ASCII. */
  icaoTokens: readonly string[];
  /** Words that carry the name: tokens without particles (AL, BIN, DE, VAN, …). */
  core: readonly string[];
  script: Script;
  /** For a full name written "FAMILY, Given" or in an East Asian script: the split it implies. */
  family?: readonly string[];
  given?: readonly string[];
};

/**
 * Connecting words of names: Arabic article and filiation (AL, EL, BIN, IBN, BINT), Romance and
 * Germanic particles (DE, DA, DOS, DEL, DELLA, VAN, VON, DER, TER, ZU), Spanish Y and Portuguese E.
 * They are kept in the written form but left out of the name's core, so AL-ASSAD matches ASSAD.
 */
const PARTICLES = new Set([
  'AL',
  'EL',
  'UL',
  'BIN',
  'BEN',
  'IBN',
  'BINT',
  'BINTI',
  'BINTE',
  'OULD',
  'DE',
  'DA',
  'DI',
  'DO',
  'DU',
  'DOS',
  'DAS',
  'DEL',
  'DELA',
  'DELLA',
  'DELLE',
  'DEGLI',
  'DEI',
  'DES',
  'LA',
  'LE',
  'LO',
  'LOS',
  'LAS',
  'VAN',
  'VON',
  'DER',
  'DEN',
  'TER',
  'TEN',
  'ZU',
  'ZUM',
  'ZUR',
  'Y',
  'E',
  'D',
  'L',
]);

/** Honorifics and generational suffixes: not part of anyone's name in an identity document. */
const TITLES = new Set([
  'MR',
  'MRS',
  'MS',
  'MISS',
  'MX',
  'DR',
  'PROF',
  'SIR',
  'DAME',
  'LORD',
  'LADY',
  'REV',
  'MONSIEUR',
  'MADAME',
  'MME',
  'MLLE',
  'M',
  'HERR',
  'FRAU',
  'SENOR',
  'SENORA',
  'SHEIKH',
  'SHAIKH',
  'SHEIK',
  'JR',
  'SR',
  'II',
  'III',
  'IV',
  'ESQ',
]);

/** Chinese two-character surnames; every other Chinese surname is one character. */
const COMPOUND_HAN_SURNAMES = new Set([
  '欧阳',
  '歐陽',
  '司马',
  '司馬',
  '上官',
  '诸葛',
  '諸葛',
  '东方',
  '東方',
  '皇甫',
  '尉迟',
  '尉遲',
  '公孙',
  '公孫',
  '慕容',
  '长孙',
  '長孫',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '澹台',
  '轩辕',
  '軒轅',
]);

export const isParticle = (token: string): boolean => PARTICLES.has(token);

const words = (text: string): string[] => (text.length === 0 ? [] : text.split(' '));

/**
 * Normalises one name as written, in any script, into comparable Latin words.
 * Han characters go through pinyin-pro (surname readings for the family part: 单 → SHAN, 曾 → ZENG),
 * Hangul and kana through any-ascii syllable by syllable, other scripts through any-ascii; Latin
 * letters get both the ICAO and the simple fold. Returns null when nothing name-like is left.
 */
export function normaliseName(raw: string, role: NameRole): NormalisedName | null {
  const text = raw.normalize('NFKC').trim();
  if (text.length === 0) return null;
  const script = detectScript(text);
  if (script === 'han') return hanName(text, role);
  if (script === 'hangul') return hangulName(text, role);

  // "FAMILY, Given" is the usual inverted form of a full name (NURISTANI, Abdul Aziz).
  const comma = role === 'full' ? text.indexOf(',') : -1;
  const prepared = readDigitsAsLetters(splitCamelCase(script === 'kana' ? anyAscii(text) : text));
  const simple = dropTitles(words(simpleFold(prepared)), role);
  if (simple.length === 0) return null;
  const icao = dropTitles(words(icaoFold(prepared)), role);
  const name: NormalisedName = {
    tokens: simple,
    icaoTokens: icao.length === simple.length ? icao : simple,
    core: coreOf(simple),
    script,
  };
  if (comma > 0) {
    const family = dropTitles(words(simpleFold(splitCamelCase(text.slice(0, comma)))), role);
    const given = dropTitles(words(simpleFold(splitCamelCase(text.slice(comma + 1)))), role);
    if (family.length > 0 && given.length > 0) return { ...name, family, given };
  }
  return name;
}

/** In a word that has letters, 0 and 1 are misread O and I (IG0R SECH1N): no name has digits. */
function readDigitsAsLetters(text: string): string {
  if (!/\d/.test(text)) return text;
  return text.replace(/\S+/g, (word) =>
    /\p{L}/u.test(word) ? word.replace(/0/g, 'O').replace(/1/g, 'I') : word,
  );
}

function dropTitles(tokens: string[], role: NameRole): string[] {
  if (role === 'family') return tokens;
  const kept = tokens.filter((t) => !TITLES.has(t));
  return kept.length > 0 ? kept : tokens;
}

function coreOf(tokens: readonly string[]): string[] {
  const core = tokens.filter((t) => !PARTICLES.has(t));
  return core.length > 0 ? core : [...tokens];
}

const joinSyllables = (syllables: readonly string[]): string =>
  syllables
    .join('')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');

function hanName(text: string, role: NameRole): NormalisedName | null {
  const han = text.replace(/[^\p{Script=Han}]/gu, '');
  if (han.length === 0) return null;
  const read = (chars: string, surname: boolean) =>
    pinyin(chars, {
      toneType: 'none',
      type: 'array',
      v: true,
      ...(surname ? { mode: 'surname' as const, surname: 'head' as const } : {}),
    });
  let family: string[] = [];
  let given: string[] = [];
  if (role === 'family') family = [joinSyllables(read(han, true))];
  else if (role === 'given') given = [joinSyllables(read(han, false))];
  else {
    // Chinese names are written family first; the surname is one character, or two for the few compounds.
    const surnameLength = han.length >= 3 && COMPOUND_HAN_SURNAMES.has(han.slice(0, 2)) ? 2 : 1;
    const syllables = read(han, true);
    family = [joinSyllables(syllables.slice(0, surnameLength))];
    if (han.length > surnameLength) given = [joinSyllables(syllables.slice(surnameLength))];
  }
  return eastAsian(family, given, 'han');
}

function hangulName(text: string, role: NameRole): NormalisedName | null {
  const syllables = [...text.replace(/[^\p{Script=Hangul}]/gu, '')].map((s) => joinSyllables([anyAscii(s)]));
  if (syllables.length === 0) return null;
  if (role === 'family') return eastAsian([syllables.join('')], [], 'hangul');
  if (role === 'given') return eastAsian([], [syllables.join('')], 'hangul');
  // Korean names: a one-syllable surname first, then the given name (usually two syllables).
  const given = syllables.slice(1).join('');
  return eastAsian([syllables[0]!], given.length > 0 ? [given] : [], 'hangul');
}

function eastAsian(family: string[], given: string[], script: Script): NormalisedName | null {
  const tokens = [...family, ...given].filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  const name: NormalisedName = { tokens, icaoTokens: tokens, core: tokens, script };
  return family.length > 0 && given.length > 0 ? { ...name, family, given } : name;
}

/** Whether a name's romanisation lost its short vowels (Arabic, Hebrew): compare consonants then. */
export const lostVowels = (name: NormalisedName): boolean => isAbjad(name.script);

/**
 * Consonant skeleton of a token: vowels and the semivowels W and Y dropped, doubles merged and a
 * final H (Arabic tā' marbūṭa, FATIMAH) dropped. any-ascii writes محمد as MHMD, and MUHAMMAD has
 * the same skeleton, MHMD.
 */
export function consonantSkeleton(token: string): string {
  return (
    token
      // Arabic has no P or V: بيريز is read back as BYRYZ for PEREZ.
      .replace(/P/g, 'B')
      .replace(/V/g, 'F')
      .replace(/[AEIOUYW]/g, '')
      .replace(/(.)\1+/g, '$1')
      .replace(/(.)H$/, '$1')
  );
}
