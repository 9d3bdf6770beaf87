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

/** A keyed bijection of [0, size): multiply–xorshift rounds on enough bits, cycle-walking into range. */
export function createPermutation(size: number, key: number): (n: number) => number {
  const bits = Math.max(1, Math.ceil(Math.log2(size)));
  if (bits > 30) throw new Error('createPermutation: at most 2^30 values');
  const mask = 2 ** bits - 1;
  const [k1 = 0, k2 = 0, k3 = 0] = cyrb128(`perm${size}:${key}`);
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
    if (n < 0 || n >= size) throw new RangeError(`createPermutation: ${n} out of range`);
    let x = round(n);
    while (x >= size) x = round(x);
    return x;
  };
}

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const MAX_DOMAIN = 2 ** 30;

/**
 * The most identifiers of each kind one person can get (admissions, filings, trips…). Each chunk
 * of the population owns a disjoint range of every numbering, so chunks can be generated apart
 * (on several threads) and still never share a number.
 */
const PER_PERSON = {
  aNumber: 1,
  i94: 16,
  receipt: 16,
  sevis: 1,
  visaFoil: 8,
  usPassport: 4,
  certificate: 1,
  fin: 1,
  record: 16,
  passport: 4,
} as const;

/**
 * The identifiers of one chunk of `chunkSize` persons. Throws a RangeError when the population is
 * too large for a numbering (more than about 5 million persons).
 */
export function createIds(seed: string | number, chunk: number, chunkSize: number): Ids {
  const key = cyrb128(String(seed))[0] ?? 0;
  /** A run of numbers from [0, size), the chunk's own range of it, drawn through a permutation. */
  const range = (name: string, size: number, perPerson: number): (() => number) => {
    const permute = createPermutation(Math.min(size, MAX_DOMAIN), key ^ (cyrb128(name)[0] ?? 0));
    const width = chunkSize * perPerson;
    let next = chunk * width;
    const end = next + width;
    if (end > Math.min(size, MAX_DOMAIN))
      throw new RangeError(`generator: population too large for ${name} numbers`);
    return () => {
      if (next >= end) throw new RangeError(`generator: more ${name} numbers than a chunk may use`);
      return permute(next++);
    };
  };
  const digits = (name: string, width: number, perPerson: number): (() => string) => {
    const draw = range(name, 10 ** width, perPerson);
    return () => String(draw()).padStart(width, '0');
  };
  const aNumber = digits('aNumber', 8, PER_PERSON.aNumber);
  const i94 = digits('i94', 9, PER_PERSON.i94);
  const receipt = digits('receipt', 8, PER_PERSON.receipt);
  const sevis = digits('sevis', 8, PER_PERSON.sevis);
  const visaFoil = digits('visaFoil', 8, PER_PERSON.visaFoil);
  const usPassportA = digits('usPassportA', 8, PER_PERSON.usPassport);
  const usPassport = digits('usPassport', 9, PER_PERSON.usPassport);
  const certificate = digits('certificate', 7, PER_PERSON.certificate);
  const fin = digits('fin', 9, PER_PERSON.fin);
  const records = new Map<string, () => string>();
  const passports = new Map<string, (rng: Rng) => string>();
  const letter = (rng: Rng) => LETTERS.charAt(Math.floor(rng.next() * LETTERS.length));

  /** Passport numbers of an issuer: its pattern's letters and digits read as one mixed-radix number. */
  const passportOf = (issuer: string, pattern: string): ((rng: Rng) => string) => {
    const radices = [...pattern].map((ch) => (ch === 'D' ? 10 : ch === 'L' ? LETTERS.length : 1));
    const capacity = radices.reduce((a, r) => a * r, 1);
    const draw = range(`passport:${issuer}`, capacity, PER_PERSON.passport);
    return () => {
      let n = draw();
      const out: string[] = [];
      for (let i = pattern.length - 1; i >= 0; i--) {
        const ch = pattern.charAt(i);
        const radix = radices[i] as number;
        if (radix === 1) out.push(ch);
        else {
          const d = n % radix;
          n = Math.floor(n / radix);
          out.push(radix === 10 ? String(d) : LETTERS.charAt(d));
        }
      }
      return out.reverse().join('');
    };
  };

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
      let draw = passports.get(issuer);
      if (draw === undefined) {
        draw = passportOf(issuer, pattern);
        passports.set(issuer, draw);
      }
      return draw(rng);
    },
    visaFoil,
    usPassport: (day) => (yearOf(day) >= 2021 ? `A${usPassportA()}` : usPassport()),
    certificate: (state, year) => `${state}${year}${certificate()}`,
    fin: () => `1${fin()}`,
    recordId: (prefix) => {
      let draw = records.get(prefix);
      if (draw === undefined) {
        draw = digits(`record:${prefix}`, 9, PER_PERSON.record);
        records.set(prefix, draw);
      }
      return `${prefix}${draw()}`;
    },
  };
}
