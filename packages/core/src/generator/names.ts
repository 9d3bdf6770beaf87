import {
  ADOPTED_ENGLISH,
  CHINESE_SYLLABLES,
  CULTURES,
  type CultureId,
  type CultureTable,
  KOREAN_SYLLABLES,
  PATRONYMICS,
  type Script,
  VIETNAMESE_MIDDLE,
} from './name-tables.js';
import { type Rng, type Weighted, zipf } from './prng.js';
import { cyrillicBgn, cyrillicIcao, icaoLatin, plainLatin, withoutDiacritics } from './transliterate.js';

/** One word-group of a name (a given name, a surname, a patronymic) in every spelling the agencies use. */
export type NamePart = {
  /** As its bearer writes it in Latin letters, diacritics kept (Müller, Nguyễn, Alexey). */
  form: string;
  /** In the original script, when that is not Latin (محمد, 李, Алексей). */
  native?: string;
  /** As a passport's machine-readable zone writes it (MUELLER, NGUYEN, ALEKSEI). */
  icao: string;
  /** Typed without diacritics, hyphens and apostrophes kept (MULLER, O'BRIEN). */
  plain: string;
  /** The written form without diacritics, case kept (Muller, Nguyen). */
  bare: string;
  /** Other romanisations of the same name (MUHAMMAD, MOHAMED; YULIYA; CHANG for 张 in Taiwan). */
  alternates: readonly string[];
  /** The romanisation of Taiwan's and Hong Kong's passports (Chinese names). */
  regional?: { TWN: string; HKG: string };
};

export type Sex = 'M' | 'F';

/** A person's true name, with the spelling their passport uses. */
export type TrueName = {
  culture: CultureId;
  script: Script;
  familyFirst: boolean;
  given: readonly NamePart[];
  /** Father's name, mother's surname, patronymic or Vietnamese middle name. */
  middle: readonly NamePart[];
  /** Empty for a person with a single name. */
  family: readonly NamePart[];
  /** The family name before any feminine ending (Ivanov for Ivanova), shared by brothers and sisters. */
  familyBase: readonly NamePart[];
  /** The passport's spelling of each given (then middle) part, and of each family part. */
  passportGiven: readonly string[];
  passportFamily: readonly string[];
  /** An English given name the person uses on some US forms (Kevin for 伟). */
  adopted?: string;
};

function makePart(
  form: string,
  native: string | undefined,
  variants: readonly string[],
  cyrillic: boolean,
): NamePart {
  const icao = cyrillic && native !== undefined ? cyrillicIcao(native) : icaoLatin(form);
  const plain = plainLatin(form);
  const candidates = [...variants];
  if (cyrillic && native !== undefined) candidates.push(cyrillicBgn(native), plain);
  const joined = plain.replace(/[-' ]/g, '');
  if (joined !== icao.replace(/ /g, '') || plain.includes('-')) candidates.push(joined);
  if (plain !== icao) candidates.push(plain.replace(/'/g, ''));
  const alternates = [...new Set(candidates.map((v) => v.trim()).filter((v) => v !== '' && v !== icao))];
  const part: NamePart = { form, icao, plain, bare: withoutDiacritics(form), alternates };
  if (native !== undefined && native !== '') part.native = native;
  return part;
}

/** Parses a table list: `Form:native:VAR,VAR; …`. Chinese surnames list Taiwan's then Hong Kong's spelling. */
export function parseNameList(text: string, cyrillic = false, regional = false): NamePart[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [form = '', native = '', variants = ''] = entry.split(':').map((s) => s.trim());
      const listed = variants === '' ? [] : variants.split(',').map((v) => v.trim());
      const part = makePart(form, native === '' ? undefined : native, listed, cyrillic);
      if (regional) part.regional = { TWN: listed[0] ?? part.icao, HKG: listed[1] ?? part.icao };
      return part;
    });
}

type Syllable = { latin: string; native: string; alternates: string[] };

function parseSyllables(text: string): Syllable[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [latin = '', native = '', ...alternates] = entry.split(':').map((s) => s.trim());
      return { latin, native, alternates };
    });
}

const syllables = {
  CHINESE: { M: parseSyllables(CHINESE_SYLLABLES.male), F: parseSyllables(CHINESE_SYLLABLES.female) },
  KOREAN: { M: parseSyllables(KOREAN_SYLLABLES.male), F: parseSyllables(KOREAN_SYLLABLES.female) },
};
const composedParts = new Map<string, NamePart>();

/**
 * A Chinese or Korean given name of one or two syllables (Zhiqiang 志强, Min-jun 민준): composing them
 * gives hundreds of names per sex instead of a few dozen, as in real populations.
 */
function composeGiven(rng: Rng, id: 'CHINESE' | 'KOREAN', sex: Sex): NamePart {
  const list = syllables[id][sex];
  const i = Math.floor(rng.next() ** 1.3 * list.length);
  const single = id === 'CHINESE' && rng.chance(0.25);
  let j = single ? -1 : Math.floor(rng.next() * list.length);
  if (j === i) j = (j + 1) % list.length;
  const key = `${id}${sex}${i}:${j}`;
  let part = composedParts.get(key);
  if (part === undefined) {
    const a = list[i] as Syllable;
    const b = list[j];
    if (id === 'CHINESE') {
      const form = b === undefined ? a.latin : a.latin + b.latin.toLowerCase();
      const tw = b === undefined ? (a.alternates[0] ?? '') : `${a.alternates[0]}-${b.alternates[0]}`;
      const hk = b === undefined ? (a.alternates[1] ?? '') : `${a.alternates[1]} ${b.alternates[1]}`;
      part = makePart(form, a.native + (b?.native ?? ''), [tw, hk], false);
      part.regional = { TWN: tw, HKG: hk };
    } else {
      const second = b as Syllable;
      const older = `${a.alternates[0] ?? a.latin.toUpperCase()} ${second.alternates[0] ?? second.latin.toUpperCase()}`;
      part = makePart(`${a.latin}-${second.latin.toLowerCase()}`, a.native + second.native, [older], false);
    }
    composedParts.set(key, part);
  }
  return part;
}

type ParsedCulture = {
  table: CultureTable;
  male: Weighted<NamePart>;
  female: Weighted<NamePart>;
  family: Weighted<NamePart>;
};

const parsed = new Map<CultureId, ParsedCulture>();

// The skew of the name pickers: our tables hold only the head of each culture's distribution, so
// an exponent below 1 keeps the most common names at realistic shares of a few per cent.
const GIVEN_SKEW = 0.45;
const FAMILY_SKEW = 0.6;

function culture(id: CultureId): ParsedCulture {
  let entry = parsed.get(id);
  if (entry === undefined) {
    const table = CULTURES[id];
    const cyr = table.transliterate === true;
    const familyParts = parseNameList(table.family, cyr, id === 'CHINESE');
    const given = (text: string) =>
      text === '' ? () => familyParts[0] as NamePart : zipf(parseNameList(text, cyr), GIVEN_SKEW);
    entry = {
      table,
      male: given(table.male),
      female: given(table.female),
      family: zipf(familyParts, FAMILY_SKEW),
    };
    parsed.set(id, entry);
  }
  return entry;
}

const patronymics = parseNameList(PATRONYMICS, true);
const patronymicsFemale = patronymics.map((p) =>
  makePart(p.form.replace(/ich$/, 'na'), p.native?.replace(/ич$/, 'на'), [], true),
);
const vietMiddle = {
  M: zipf(parseNameList(VIETNAMESE_MIDDLE.male), 1.2),
  F: zipf(parseNameList(VIETNAMESE_MIDDLE.female), 1.6),
};
const adopted = {
  M: parseNameList(ADOPTED_ENGLISH.male),
  F: parseNameList(ADOPTED_ENGLISH.female),
};
const feminineCache = new Map<NamePart, NamePart>();

/** The feminine form of a Slavic or Polish surname (Ivanov → Ivanova, Kowalski → Kowalska). */
function feminine(part: NamePart, rule: 'SLAVIC' | 'POLISH'): NamePart {
  let result = feminineCache.get(part);
  if (result === undefined) {
    if (rule === 'POLISH') {
      const form = part.form.replace(/ski$/, 'ska').replace(/cki$/, 'cka');
      result = form === part.form ? part : makePart(form, undefined, [], false);
    } else {
      const form = part.form.replace(/(ov|ev|in|yn)$/, '$1a').replace(/(sky|skiy)$/, 'skaya');
      const native = part.native?.replace(/(ов|ев|ин|ын)$/, '$1а').replace(/(с|ц)кий$/, '$1кая');
      result = form === part.form ? part : makePart(form, native, [], true);
    }
    feminineCache.set(part, result);
  }
  return result;
}

const PASSPORT_VARIANT_SHARE: Partial<Record<CultureId, number>> = {
  ARABIC: 0.45,
  PERSIAN: 0.4,
  PAKISTANI: 0.35,
  SOUTH_ASIAN: 0.2,
  WEST_AFRICAN: 0.15,
  KOREAN: 0.3,
  JAPANESE: 0.2,
  FILIPINO: 0.2,
};

/** The spelling of one part in this person's passport. */
function passportSpelling(rng: Rng, id: CultureId, part: NamePart, nationality: string): string {
  if (part.regional !== undefined) {
    if (nationality === 'TWN') return part.regional.TWN;
    if (nationality === 'HKG') return part.regional.HKG;
    return part.icao;
  }
  const share = PASSPORT_VARIANT_SHARE[id] ?? 0;
  if (share > 0 && part.alternates.length > 0 && rng.chance(share)) return rng.pick(part.alternates);
  return part.icao;
}

function pickDistinct(rng: Rng, picker: Weighted<NamePart>, other: NamePart): NamePart {
  for (let i = 0; i < 4; i++) {
    const part = picker(rng);
    if (part !== other) return part;
  }
  return other;
}

/** Draws a true name of a culture; `family` reuses a base surname (twins, the same family). */
export function createTrueName(
  rng: Rng,
  id: CultureId,
  sex: Sex,
  nationality: string,
  family?: readonly NamePart[],
): TrueName {
  const c = culture(id);
  const t = c.table;
  const givenPicker =
    id === 'CHINESE' || id === 'KOREAN'
      ? (r: Rng) => composeGiven(r, id, sex)
      : sex === 'M'
        ? c.male
        : c.female;
  const first = givenPicker(rng);
  const given =
    t.doubleGiven !== undefined && rng.chance(t.doubleGiven)
      ? [first, pickDistinct(rng, givenPicker, first)]
      : [first];

  let familyBase: readonly NamePart[];
  if (family !== undefined) familyBase = family;
  else if (t.mononym !== undefined && rng.chance(t.mononym)) familyBase = [];
  else {
    const paternal = c.family(rng);
    familyBase =
      t.doubleSurname !== undefined && rng.chance(t.doubleSurname)
        ? [paternal, pickDistinct(rng, c.family, paternal)]
        : [paternal];
  }
  const rule = t.feminine;
  const familyParts =
    sex === 'F' && rule !== undefined ? familyBase.map((p) => feminine(p, rule)) : familyBase;

  const middle: NamePart[] = [];
  if (t.middle !== undefined && familyParts.length > 0 && rng.chance(t.middle.share)) {
    switch (t.middle.kind) {
      case 'FATHER':
        middle.push(c.male(rng));
        break;
      case 'MOTHER_SURNAME':
        middle.push(pickDistinct(rng, c.family, familyParts[0] as NamePart));
        break;
      case 'PATRONYMIC':
        middle.push(rng.pick(sex === 'M' ? patronymics : patronymicsFemale));
        break;
      case 'VIETNAMESE':
        middle.push(vietMiddle[sex](rng));
        break;
    }
  }

  // Russian international passports leave the patronymic out; others carry the middle name as a given name.
  const passportMiddle = t.middle?.kind === 'PATRONYMIC' ? [] : middle;
  const passportGiven = [...given, ...passportMiddle].map((p) => passportSpelling(rng, id, p, nationality));
  const passportFamily = familyParts.map((p) => passportSpelling(rng, id, p, nationality));
  const name: TrueName = {
    culture: id,
    script: t.script,
    familyFirst: t.familyFirst,
    given,
    middle,
    family: familyParts,
    familyBase,
    passportGiven,
    passportFamily,
  };
  if ((id === 'CHINESE' || id === 'KOREAN') && rng.chance(0.12)) name.adopted = rng.pick(adopted[sex]).form;
  return name;
}

/** A different given name for the same family (a twin), keeping surname, middle and passport family. */
export function siblingName(rng: Rng, sibling: TrueName, sex: Sex, nationality: string): TrueName {
  const own = createTrueName(rng, sibling.culture, sex, nationality, sibling.familyBase);
  // Twins' passports come from the same office in the same spelling, unless the surname changes with sex.
  return own.family === sibling.family ? { ...own, passportFamily: sibling.passportFamily } : own;
}
