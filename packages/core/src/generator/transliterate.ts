/**
 * How agencies turn a name into upper-case Latin letters (RULES.md §8.4): the ICAO 9303 Part 3
 * table a passport's machine-readable zone uses (MÜLLER → MUELLER), the plain fold a US clerk
 * types (MÜLLER → MULLER), and two romanisations of Cyrillic (ICAO 2013, used in Russian
 * passports since 2013, and BGN/PCGN, common in consular and US records).
 */

// ICAO 9303 Part 3 recommended transliterations of Latin letters with diacritics (the rest drop the mark).
const ICAO_SPECIAL: Readonly<Record<string, string>> = {
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
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Ħ: 'H',
};

// What a plain fold does with the letters that have no decomposition.
const PLAIN_SPECIAL: Readonly<Record<string, string>> = {
  ß: 'SS',
  ẞ: 'SS',
  Æ: 'AE',
  Ø: 'O',
  Œ: 'OE',
  Þ: 'TH',
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Ħ: 'H',
};

const MARKS = /[\u0300-\u036f]/g;

function mapLetters(upper: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of upper) out += table[ch] ?? ch;
  return out;
}

/** Upper case; JavaScript already maps the Turkish dotless ı to I, and İ decomposes to I + a mark. */
function upper(text: string): string {
  return text.toUpperCase();
}

/** The name as a passport's machine-readable zone writes it: ICAO letters, no punctuation. */
export function icaoLatin(text: string): string {
  return squeeze(
    mapLetters(upper(text), ICAO_SPECIAL)
      .normalize('NFD')
      .replace(MARKS, '')
      .replace(/['’.]/g, '')
      .replace(/-/g, ' '),
  );
}

/** The name as someone types it on a US keyboard: diacritics dropped, hyphens and apostrophes kept. */
export function plainLatin(text: string): string {
  return squeeze(
    mapLetters(upper(text), PLAIN_SPECIAL).normalize('NFD').replace(MARKS, '').replace(/\./g, ''),
  );
}

/** Removes diacritics but keeps the letter case (a form filled in without accents). */
export function withoutDiacritics(text: string): string {
  let out = '';
  for (const ch of text) {
    const mapped = PLAIN_SPECIAL[ch] ?? PLAIN_SPECIAL[ch.toUpperCase()];
    out += mapped === undefined ? ch : ch === ch.toUpperCase() ? mapped : mapped.toLowerCase();
  }
  return out.normalize('NFD').replace(MARKS, '').normalize('NFC');
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Cyrillic → Latin, ICAO 9303 (2013) as used in Russian and Ukrainian passports.
const CYRILLIC_ICAO: Readonly<Record<string, string>> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Ґ: 'G',
  Д: 'D',
  Е: 'E',
  Ё: 'E',
  Є: 'IE',
  Ж: 'ZH',
  З: 'Z',
  И: 'I',
  І: 'I',
  Ї: 'I',
  Й: 'I',
  К: 'K',
  Л: 'L',
  М: 'M',
  Н: 'N',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  У: 'U',
  Ф: 'F',
  Х: 'KH',
  Ц: 'TS',
  Ч: 'CH',
  Ш: 'SH',
  Щ: 'SHCH',
  Ъ: 'IE',
  Ы: 'Y',
  Ь: '',
  Э: 'E',
  Ю: 'IU',
  Я: 'IA',
};

// Cyrillic → Latin, BGN/PCGN-like, as consular and older records write it (ALEKSEY, YULIYA).
const CYRILLIC_BGN: Readonly<Record<string, string>> = {
  ...CYRILLIC_ICAO,
  Ё: 'YO',
  Є: 'YE',
  Ї: 'YI',
  Й: 'Y',
  Ъ: '',
  Ю: 'YU',
  Я: 'YA',
};

/** Cyrillic text romanised with ICAO 9303 (passport) letters. */
export function cyrillicIcao(text: string): string {
  return squeeze(mapLetters(upper(text), CYRILLIC_ICAO));
}

/** Cyrillic text romanised the BGN/PCGN way; a vowel after ь, ъ or a vowel takes a Y (Natalya, Dariya). */
export function cyrillicBgn(text: string): string {
  const letters = [...upper(text)];
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] as string;
    const before = letters[i - 1];
    if (ch === 'Е' && (i === 0 || before === 'Ь' || before === 'Ъ' || isCyrillicVowel(before))) {
      out += 'YE';
    } else if (ch === 'Я' && before === 'Ь') {
      out += 'YA';
    } else {
      out += CYRILLIC_BGN[ch] ?? ch;
    }
  }
  return squeeze(out);
}

function isCyrillicVowel(ch: string | undefined): boolean {
  return ch !== undefined && 'АЕЁИОУЫЭЮЯІЇЄ'.includes(ch);
}
