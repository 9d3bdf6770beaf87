import type { NamePart, TrueName } from './names.js';
import type { Rng } from './prng.js';

/**
 * How each agency writes a name (SOURCES.md, "Realism"):
 * - PASSPORT: CBP and CBSA read the passport (ICAO letters, upper case); a single name gets FNU.
 * - AIRLINE: carriers' manifests: the passport name, often only the first given name, a title glued on.
 * - CONSULAR: State's romanisation, from the application in the original script (MUHAMMAD, ALEKSEY).
 * - FORM: whatever the person wrote on a USCIS form: mixed case, diacritics, sometimes the
 *   original script, an adopted English name, or the family name first.
 * - CLERK: court and ICE clerks typing from paper: upper case, compound surnames cut or joined,
 *   particles merged (ALHASSAN, DELACRUZ), middle names lost, typos.
 * - VITAL: a US birth certificate, as the parents registered the name.
 * - US_PASSPORT: a US passport, upper case without diacritics.
 */
export type NameStyle = 'PASSPORT' | 'AIRLINE' | 'CONSULAR' | 'FORM' | 'CLERK' | 'VITAL' | 'US_PASSPORT';

export type RenderedName = { familyName: string; givenName?: string };

/** The placeholder US agencies enter for a person with no given name ("first name unknown"). */
export const FIRST_NAME_UNKNOWN = 'FNU';

export function renderName(rng: Rng, name: TrueName, style: NameStyle): RenderedName {
  switch (style) {
    case 'PASSPORT':
      return maybeTypo(rng, passportName(name), 0.003);
    case 'AIRLINE':
      return maybeTypo(rng, airlineName(rng, name), 0.008);
    case 'CONSULAR':
      return consularName(rng, name);
    case 'FORM':
      return maybeTypo(rng, formName(rng, name), 0.007);
    case 'CLERK':
      return maybeTypo(rng, clerkName(rng, name), 0.05);
    case 'VITAL':
      return vitalName(rng, name);
    case 'US_PASSPORT':
      return usPassportName(name);
  }
}

function passportName(name: TrueName): RenderedName {
  if (name.family.length === 0)
    return { familyName: name.passportGiven.join(' '), givenName: FIRST_NAME_UNKNOWN };
  return { familyName: name.passportFamily.join(' '), givenName: name.passportGiven.join(' ') };
}

function airlineName(rng: Rng, name: TrueName): RenderedName {
  if (name.family.length === 0) {
    const single = name.passportGiven.join(' ');
    return { familyName: single, givenName: rng.chance(0.5) ? single : FIRST_NAME_UNKNOWN };
  }
  let given = rng.chance(0.35) ? (name.passportGiven[0] as string) : name.passportGiven.join(' ');
  // Reservation systems glue the title to the given name, and manifests inherit it.
  if (rng.chance(0.04)) given += rng.chance(0.5) ? ' MR' : ' MS';
  return { familyName: name.passportFamily.join(' '), givenName: given };
}

function consularName(rng: Rng, name: TrueName): RenderedName {
  const spell = (part: NamePart, passport: string | undefined): string => {
    if (passport !== undefined && rng.chance(0.7)) return passport;
    return part.alternates.length > 0 && rng.chance(0.6) ? rng.pick(part.alternates) : part.icao;
  };
  const given = [...name.given, ...name.middle].map((p, i) => spell(p, name.passportGiven[i])).join(' ');
  if (name.family.length === 0) return { familyName: given, givenName: FIRST_NAME_UNKNOWN };
  return {
    familyName: name.family.map((p, i) => spell(p, name.passportFamily[i])).join(' '),
    givenName: given,
  };
}

const titleCased = new Map<string, string>();

/** MOHAMMED → Mohammed, AL HASSAN → Al Hassan (cached: the same few thousand spellings recur). */
function titleCase(upper: string): string {
  let out = titleCased.get(upper);
  if (out === undefined) {
    out = upper
      .toLowerCase()
      .replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
    titleCased.set(upper, out);
  }
  return out;
}

function formName(rng: Rng, name: TrueName): RenderedName {
  const nativeParts = [...name.given, ...name.family];
  if (name.script !== 'Latn' && nativeParts.every((p) => p.native !== undefined) && rng.chance(0.04)) {
    // The original script, as typed into the form; Chinese, Korean and Japanese write no space.
    const sep = name.script === 'Arab' || name.script === 'Cyrl' ? ' ' : '';
    const given = name.given.map((p) => p.native).join(sep);
    const family = name.family.map((p) => p.native).join(sep);
    return family === '' ? { familyName: given } : { familyName: family, givenName: given };
  }
  const style = rng.next();
  const write = (part: NamePart, passport: string | undefined): string =>
    style < 0.55 ? part.form : style < 0.85 ? part.bare : titleCase(passport ?? part.plain);
  const givenParts = name.given.map((p, i) => write(p, name.passportGiven[i]));
  if (name.adopted !== undefined && rng.chance(0.4)) givenParts.splice(0, givenParts.length, name.adopted);
  const middle = name.middle.map((p) => write(p, undefined));
  let family = name.family.map((p, i) => write(p, name.passportFamily[i])).join(' ');
  const m = rng.next();
  if (middle.length > 0 && m < 0.45) givenParts.push(...middle);
  else if (middle.length > 0 && m < 0.6) givenParts.push(`${(middle[0] as string).charAt(0)}.`);
  else if (middle.length > 0 && m < 0.7 && name.culture === 'ARABIC')
    family = `${middle.join(' ')} ${family}`;
  const given = givenParts.join(' ');
  if (family === '') return { familyName: given };
  if (name.familyFirst && rng.chance(0.06)) return { familyName: given, givenName: family };
  return { familyName: family, givenName: given };
}

const PARTICLE =
  /^(al|el|de|da|dos|das|do|del|dela|della|di|van|von|der|den|la|le|los|las|ben|bin|abu|abd|abdel|mac|st|saint)$/i;

/** How a clerk writes a family name that has particles or two surnames. */
function clerkFamily(rng: Rng, parts: readonly string[]): string {
  let words = parts.join(' ').split(/[\s-]+/);
  if (parts.length === 2) {
    const r = rng.next();
    if (r < 0.35) words = (parts[0] as string).split(/[\s-]+/);
    else if (r < 0.45) words = (parts[1] as string).split(/[\s-]+/);
    else if (r < 0.6) return parts.join('-');
  }
  const particles = words.filter((w, i) => i < words.length - 1 && PARTICLE.test(w)).length;
  if (particles > 0) {
    const r = rng.next();
    if (r < 0.3) return words.join('');
    if (r < 0.45) return words.slice(particles).join(' ');
  }
  return words.join(' ');
}

function clerkName(rng: Rng, name: TrueName): RenderedName {
  const fromPassport = rng.chance(0.5);
  const spell = (part: NamePart, passport: string | undefined): string =>
    fromPassport && passport !== undefined ? passport : part.plain;
  const given = name.given.map((p, i) => spell(p, name.passportGiven[i]));
  if (name.family.length === 0) {
    const single = given.join(' ');
    return rng.chance(0.6) ? { familyName: single, givenName: FIRST_NAME_UNKNOWN } : { familyName: single };
  }
  let family = clerkFamily(
    rng,
    name.family.map((p, i) => spell(p, name.passportFamily[i])),
  );
  const middle = name.middle.map((p) => p.plain);
  const m = rng.next();
  if (middle.length > 0 && m < 0.3) given.push(...middle);
  else if (middle.length > 0 && m < 0.4) family = `${middle.join(' ')} ${family}`;
  if (rng.chance(0.03)) return { familyName: given.join(' '), givenName: family };
  return { familyName: family, givenName: given.join(' ') };
}

function vitalName(rng: Rng, name: TrueName): RenderedName {
  const keep = rng.chance(0.6);
  const write = (p: NamePart) => (keep ? p.form : p.bare);
  const given = [...name.given, ...name.middle].map(write).join(' ');
  const family = name.family.map(write).join(' ');
  return family === '' ? { familyName: given } : { familyName: family, givenName: given };
}

function usPassportName(name: TrueName): RenderedName {
  const given = [...name.given, ...name.middle].map((p) => p.plain.replace(/'/g, '')).join(' ');
  const family = name.family.map((p) => p.plain.replace(/'/g, '')).join(' ');
  return family === ''
    ? { familyName: given, givenName: FIRST_NAME_UNKNOWN }
    : { familyName: family, givenName: given };
}

function maybeTypo(rng: Rng, name: RenderedName, p: number): RenderedName {
  if (!rng.chance(p)) return name;
  if (name.givenName !== undefined && name.givenName !== FIRST_NAME_UNKNOWN && rng.chance(0.5)) {
    return { familyName: name.familyName, givenName: typo(rng, name.givenName) };
  }
  return { ...name, familyName: typo(rng, name.familyName) };
}

const SOUND_ALIKE: readonly (readonly [string, string])[] = [
  ['PH', 'F'],
  ['TH', 'T'],
  ['CK', 'K'],
  ['OU', 'U'],
  ['EE', 'I'],
  ['Y', 'I'],
  ['W', 'V'],
  ['Z', 'S'],
  ['KH', 'K'],
  ['SH', 'S'],
];
const VOWEL_SWAP: Readonly<Record<string, string>> = {
  A: 'E',
  E: 'A',
  I: 'Y',
  O: 'U',
  U: 'O',
  a: 'e',
  e: 'a',
  i: 'y',
  o: 'u',
  u: 'o',
};

/** One keying or hearing error: a letter dropped, doubled, swapped, a vowel or a sound misheard. */
export function typo(rng: Rng, text: string): string {
  const chars = [...text];
  if (chars.length < 4) return text;
  const i = rng.int(1, chars.length - 2);
  const at = chars[i] as string;
  if (at === ' ' || at === '-' || chars[i + 1] === ' ') return text;
  switch (rng.int(0, 4)) {
    case 0:
      chars.splice(i, 1);
      return chars.join('');
    case 1:
      chars.splice(i, 0, at);
      return chars.join('');
    case 2:
      chars[i] = chars[i + 1] as string;
      chars[i + 1] = at;
      return chars.join('');
    case 3: {
      for (let j = i; j < chars.length; j++) {
        const swap = VOWEL_SWAP[chars[j] as string];
        if (swap !== undefined) {
          chars[j] = swap;
          return chars.join('');
        }
      }
      return text;
    }
    default: {
      const upper = text.toUpperCase() === text;
      for (const [from, to] of SOUND_ALIKE) {
        const f = upper ? from : from.toLowerCase();
        const k = text.indexOf(f, 1);
        if (k > 0) return text.slice(0, k) + (upper ? to : to.toLowerCase()) + text.slice(k + f.length);
      }
      chars.splice(i, 1);
      return chars.join('');
    }
  }
}
