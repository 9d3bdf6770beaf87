import { civilFromDay, yearOf } from './days.js';
import { cyrb128, type Rng } from './prng.js';

/**
 * Identifiers of the synthetic agencies (RULES.md §8.2). Each kind has a counter run through a
 * keyed bijection, so numbers never repeat, look random, differ by seed, and do not reveal which
 * records belong together (consecutive persons do not get consecutive numbers).
 */
export type Ids = {
  /** 'A' + 9 digits. */
  aNumber: () => string;
  /** 11 digits, or (as CBP issues since 2019) 9 digits, a letter and a digit; one per admission. */
  i94: (rng: Rng, day: number) => string;
  /** Service-centre prefix + fiscal year (2 digits) + 8 digits. */
  receipt: (prefix: string, day: number) => string;
  /** 'N' + 10 digits. */
  sevisId: () => string;
  /** A passport number in the issuing country's shape (D a digit, L a letter). */
  passport: (rng: Rng, issuer: string, pattern: string) => string;
  visaFoil: () => string;
  usPassport: (day: number) => string;
  /** A state birth-certificate number: state, year, 7 digits. */
  certificate: (state: string, year: number) => string;
  /** An IDENT/HART fingerprint number (format not public: opaque). */
  fin: () => string;
  /** A record id of a source whose records have no natural key. */
  recordId: (prefix: string) => string;
};

/** A keyed bijection of [0, 10^digits): multiply-xorshift rounds on enough bits, cycle-walking into range. */
export function createPermutation(digits: number, key: number): (n: number) => number {
  const size = 10 ** digits;
  const bits = Math.ceil(Math.log2(size));
  if (bits > 30) throw new Error('createPermutation: at most 9 digits');
  const mask = 2 ** bits - 1;
  const [k1 = 0, k2 = 0, k3 = 0] = cyrb128(`perm${digits}:${key}`);
  const a = (k1 | 1) & mask || 1;
  const b = (k2 | 1) & mask || 1;
  const add = k3 & mask;
  const shift1 = Math.max(1, bits >> 1);
  const shift2 = Math.max(1, (bits * 2) / 5) | 0;
  const round = (v: number): number => {
    let x = Math.imul(v, a) & mask;
    x ^= x >>> shift1;
    x = Math.imul(x, b) & mask;
    x ^= x >>> shift2;
    return (x + add) & mask;
  };
  return (n: number) => {
    if (n < 0 || n >= size) throw new Error(`createPermutation: ${n} out of range`);
    let x = round(n);
    while (x >= size) x = round(x);
    return x;
  };
}

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function createIds(seed: string | number): Ids {
  const key = cyrb128(String(seed))[0] ?? 0;
  /** A counter of one kind of number, drawn through its own permutation, zero-padded. */
  const sequence = (name: string, digits: number): (() => string) => {
    const permute = createPermutation(digits, key ^ (cyrb128(name)[0] ?? 0));
    let next = 0;
    return () => String(permute(next++)).padStart(digits, '0');
  };
  const keyed = (digits: number, prefix: string) => {
    const sequences = new Map<string, () => string>();
    return (name: string): string => {
      let draw = sequences.get(name);
      if (draw === undefined) {
        draw = sequence(`${prefix}:${name}`, digits);
        sequences.set(name, draw);
      }
      return draw();
    };
  };
  const aNumber = sequence('aNumber', 8);
  const i94 = sequence('i94', 9);
  const receipt = sequence('receipt', 8);
  const sevis = sequence('sevis', 8);
  const visaFoil = sequence('visaFoil', 8);
  const usPassportA = sequence('usPassportA', 8);
  const usPassport = sequence('usPassport', 9);
  const certificate = sequence('certificate', 7);
  const fin = sequence('fin', 9);
  const recordId = keyed(9, 'record');
  const passportDigits = new Map<string, () => string>();
  const letter = (rng: Rng) => LETTERS.charAt(Math.floor(rng.next() * LETTERS.length));

  return {
    aNumber: () => `A2${aNumber()}`,
    i94: (rng, day) => {
      const body = i94();
      // Since May 2019 CBP issues a letter in position 10.
      return yearOf(day) >= 2020 && rng.chance(0.6)
        ? `${body}${letter(rng)}${rng.int(0, 9)}`
        : `${body}${String(rng.int(0, 99)).padStart(2, '0')}`;
    },
    receipt: (prefix, day) => {
      const [y, m] = civilFromDay(day);
      const fiscal = (m >= 10 ? y + 1 : y) % 100;
      return `${prefix}${fiscal < 10 ? '0' : ''}${fiscal}${receipt()}`;
    },
    sevisId: () => `N00${sevis()}`,
    passport: (rng, issuer, pattern) => {
      let draw = passportDigits.get(issuer);
      if (draw === undefined) {
        draw = sequence(`passport:${issuer}`, [...pattern].filter((ch) => ch === 'D').length);
        passportDigits.set(issuer, draw);
      }
      const digits = draw();
      let out = '';
      let d = 0;
      for (let i = 0; i < pattern.length; i++) {
        const ch = pattern.charAt(i);
        out += ch === 'D' ? digits.charAt(d++) : ch === 'L' ? letter(rng) : ch;
      }
      return out;
    },
    visaFoil,
    usPassport: (day) => (yearOf(day) >= 2021 ? `A${usPassportA()}` : usPassport()),
    certificate: (state, year) => `${state}${year}${certificate()}`,
    fin: () => `1${fin()}`,
    recordId: (prefix) => `${prefix}${recordId(prefix)}`,
  };
}
