import { spellingVariants } from './name-variants.js';
import { seededRandom } from './random.js';
import type { IdentityRecord } from './types.js';

/**
 * The immigration corruption suite: a seeded population of people from several naming cultures,
 * each seen by several agencies whose records carry the errors real immigration data has —
 * given and family names exchanged, day and month exchanged, year-only dates, names written in
 * the original script (Arabic, Cyrillic, Greek, Han) and romanised again by the matcher, other
 * romanisations of one name (MOHAMMED/MUHAMMAD), typos, dropped fields — plus namesakes and twins,
 * who must stay apart. Pure: the same options always give the same records.
 */
export type CorruptionOptions = {
  people: number;
  seed: number;
  /** Probability of each corruption per record (defaults below). */
  rates?: Partial<CorruptionRates>;
};

export type CorruptionRates = {
  nameSwap: number;
  dayMonthSwap: number;
  yearOnly: number;
  nativeScript: number;
  spellingVariant: number;
  typo: number;
  missingBirthDate: number;
  fullNameOnly: number;
  twins: number;
};

export const DEFAULT_CORRUPTION_RATES: CorruptionRates = {
  nameSwap: 0.08,
  dayMonthSwap: 0.06,
  yearOnly: 0.06,
  nativeScript: 0.12,
  spellingVariant: 0.12,
  typo: 0.08,
  missingBirthDate: 0.03,
  fullNameOnly: 0.08,
  twins: 0.02,
};

export type CorruptedPopulation = {
  records: IdentityRecord[];
  /** The person each record belongs to: the answer key, never a matcher input. */
  personOf: Map<string, string>;
};

type Culture = {
  code: string;
  male: readonly string[];
  female: readonly string[];
  family: readonly string[];
  /** Native-script forms of the names, where the suite writes them so. */
  native?: Readonly<Record<string, string>>;
  script?: 'cyrillic' | 'greek';
};

const CULTURES: readonly Culture[] = [
  {
    code: 'EGY',
    male: [
      'MOHAMMED',
      'AHMED',
      'ALI',
      'HASSAN',
      'HUSSEIN',
      'OMAR',
      'YOUSSEF',
      'KHALED',
      'IBRAHIM',
      'MUSTAFA',
      'MAHMOUD',
    ],
    female: ['FATIMA', 'AISHA', 'MARYAM', 'ZAINAB', 'KHADIJA', 'NOUR', 'LAYLA', 'SARA'],
    family: [
      'HADDAD',
      'KHOURY',
      'MANSOUR',
      'SALEH',
      'ABBAS',
      'HAMDAN',
      'QASIM',
      'NASSER',
      'SAID',
      'YOUNES',
      'ALI',
    ],
    native: {
      MOHAMMED: 'محمد',
      AHMED: 'أحمد',
      ALI: 'علي',
      HASSAN: 'حسن',
      HUSSEIN: 'حسين',
      OMAR: 'عمر',
      YOUSSEF: 'يوسف',
      KHALED: 'خالد',
      IBRAHIM: 'إبراهيم',
      MUSTAFA: 'مصطفى',
      MAHMOUD: 'محمود',
      FATIMA: 'فاطمة',
      AISHA: 'عائشة',
      MARYAM: 'مريم',
      ZAINAB: 'زينب',
      KHADIJA: 'خديجة',
      NOUR: 'نور',
      LAYLA: 'ليلى',
      SARA: 'سارة',
      HADDAD: 'حداد',
      KHOURY: 'خوري',
      MANSOUR: 'منصور',
      SALEH: 'صالح',
      ABBAS: 'عباس',
      HAMDAN: 'حمدان',
      QASIM: 'قاسم',
      NASSER: 'ناصر',
      SAID: 'سعيد',
      YOUNES: 'يونس',
    },
  },
  {
    code: 'CHN',
    male: ['WEI', 'JIANGUO', 'HAO', 'JUN', 'MING', 'LEI', 'QIANG', 'YONG'],
    female: ['FANG', 'LI', 'JING', 'XIUYING', 'YAN', 'MEI', 'LING'],
    family: ['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN', 'YANG', 'HUANG', 'ZHAO', 'WU', 'ZHOU'],
    native: {
      WEI: '伟',
      JIANGUO: '建国',
      HAO: '浩',
      JUN: '军',
      MING: '明',
      LEI: '磊',
      QIANG: '强',
      YONG: '勇',
      FANG: '芳',
      LI: '丽',
      JING: '静',
      XIUYING: '秀英',
      YAN: '燕',
      MEI: '梅',
      LING: '玲',
      WANG: '王',
      ZHANG: '张',
      LIU: '刘',
      CHEN: '陈',
      YANG: '杨',
      HUANG: '黄',
      ZHAO: '赵',
      WU: '吴',
      ZHOU: '周',
    },
  },
  {
    code: 'RUS',
    male: [
      'ALEKSANDR',
      'SERGEY',
      'DMITRY',
      'ANDREY',
      'ALEKSEY',
      'MIKHAIL',
      'IVAN',
      'NIKOLAY',
      'VLADIMIR',
      'YURY',
    ],
    female: ['TATYANA', 'NATALYA', 'OLGA', 'YELENA', 'IRINA', 'SVETLANA', 'ANNA', 'MARIYA'],
    family: [
      'IVANOV',
      'SMIRNOV',
      'KUZNETSOV',
      'POPOV',
      'VASILYEV',
      'PETROV',
      'SOKOLOV',
      'MIKHAYLOV',
      'FEDOROV',
      'MOROZOV',
    ],
    script: 'cyrillic',
  },
  {
    code: 'GRC',
    male: ['GEORGIOS', 'DIMITRIOS', 'KONSTANTINOS', 'IOANNIS', 'NIKOLAOS', 'PANAGIOTIS'],
    female: ['MARIA', 'ELENI', 'AIKATERINI', 'VASILIKI', 'SOFIA', 'ANGELIKI'],
    family: ['PAPADOPOULOS', 'PAPPAS', 'OIKONOMOU', 'GEORGIOU', 'NIKOLAIDIS', 'KARAGIANNIS', 'VLACHOS'],
    script: 'greek',
  },
  {
    code: 'MEX',
    male: ['JOSE', 'JUAN', 'LUIS', 'CARLOS', 'JESUS', 'MIGUEL', 'ALEJANDRO', 'FRANCISCO'],
    female: ['MARIA', 'GUADALUPE', 'JUANA', 'ROSA', 'VERONICA', 'ALEJANDRA', 'PATRICIA'],
    family: [
      'HERNANDEZ',
      'GARCIA',
      'MARTINEZ',
      'LOPEZ',
      'GONZALEZ',
      'RODRIGUEZ',
      'PEREZ',
      'SANCHEZ',
      'RAMIREZ',
      'CRUZ',
    ],
  },
  {
    code: 'VNM',
    male: ['MINH', 'TUAN', 'DUC', 'HUNG', 'THANH', 'DUNG'],
    female: ['LAN', 'HUONG', 'LINH', 'THAO', 'NGOC', 'MAI'],
    family: ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'HUYNH', 'VU', 'DANG'],
  },
  {
    code: 'KOR',
    male: ['MINJUN', 'SEOJUN', 'JIHOON', 'HYUNWOO', 'DONGHYUN'],
    female: ['SEOYEON', 'JIWOO', 'MINSEO', 'HAEUN', 'SOYEON'],
    family: ['KIM', 'LEE', 'PARK', 'CHOI', 'JUNG', 'KANG', 'CHO', 'YOON'],
  },
  {
    code: 'DEU',
    male: ['LUKAS', 'JONAS', 'FELIX', 'MAXIMILIAN', 'PAUL', 'JUERGEN'],
    female: ['ANNA', 'LEONIE', 'LENA', 'SOPHIE', 'KATHARINA', 'JULIA'],
    family: ['MUELLER', 'SCHMIDT', 'SCHNEIDER', 'FISCHER', 'WEBER', 'MEYER', 'WAGNER', 'BECKER'],
  },
  {
    code: 'IND',
    male: ['RAHUL', 'AMIT', 'SURESH', 'RAJESH', 'VIKRAM', 'ARJUN', 'SANJAY'],
    female: ['PRIYA', 'ANITA', 'SUNITA', 'LAKSHMI', 'KAVITA', 'DEEPA'],
    family: ['SHARMA', 'SINGH', 'KUMAR', 'PATEL', 'GUPTA', 'REDDY', 'CHAUDHARY', 'IYER'],
  },
];

const CYRILLIC: readonly [string, string][] = [
  ['SHCH', 'Щ'],
  ['KH', 'Х'],
  ['TS', 'Ц'],
  ['CH', 'Ч'],
  ['SH', 'Ш'],
  ['ZH', 'Ж'],
  ['YU', 'Ю'],
  ['YA', 'Я'],
  ['YE', 'Е'],
  ['A', 'А'],
  ['B', 'Б'],
  ['V', 'В'],
  ['G', 'Г'],
  ['D', 'Д'],
  ['E', 'Е'],
  ['Z', 'З'],
  ['I', 'И'],
  ['Y', 'Й'],
  ['K', 'К'],
  ['L', 'Л'],
  ['M', 'М'],
  ['N', 'Н'],
  ['O', 'О'],
  ['P', 'П'],
  ['R', 'Р'],
  ['S', 'С'],
  ['T', 'Т'],
  ['U', 'У'],
  ['F', 'Ф'],
];

const GREEK: readonly [string, string][] = [
  ['TH', 'Θ'],
  ['CH', 'Χ'],
  ['PS', 'Ψ'],
  ['A', 'Α'],
  ['B', 'Β'],
  ['V', 'Β'],
  ['G', 'Γ'],
  ['D', 'Δ'],
  ['E', 'Ε'],
  ['Z', 'Ζ'],
  ['I', 'Ι'],
  ['K', 'Κ'],
  ['L', 'Λ'],
  ['M', 'Μ'],
  ['N', 'Ν'],
  ['X', 'Ξ'],
  ['O', 'Ο'],
  ['P', 'Π'],
  ['R', 'Ρ'],
  ['S', 'Σ'],
  ['T', 'Τ'],
  ['Y', 'Υ'],
  ['F', 'Φ'],
  ['U', 'Υ'],
];

/** Writes a Latin name in another alphabet, longest letter groups first (a consular clerk's spelling). */
export function toScript(latin: string, table: readonly [string, string][]): string {
  let out = '';
  let i = 0;
  while (i < latin.length) {
    const hit = table.find(([from]) => latin.startsWith(from, i));
    if (hit === undefined) {
      out += latin[i];
      i++;
    } else {
      out += hit[1];
      i += hit[0].length;
    }
  }
  // Title case reads as a name, not an acronym; any-ascii keeps the case it is given.
  return out.charAt(0) + out.slice(1).toLowerCase();
}

type Person = {
  id: string;
  culture: Culture;
  sex: 'M' | 'F';
  given: string;
  family: string;
  birth: { year: number; month: number; day: number };
  passport: string;
  /** A renewed passport: same issuer, a new number and issue date (not a contradiction). */
  renewal: string | null;
  aNumber: string | null;
};

const SOURCES = ['dos-visas', 'cbp-i94', 'uscis-benefits', 'eoir-cases'] as const;

/** Generates the population and its records. */
export function corruptedPopulation(options: CorruptionOptions): CorruptedPopulation {
  const rates = { ...DEFAULT_CORRUPTION_RATES, ...options.rates };
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Zipf-like choice: a few names are very common, as in any real population (namesakes).
  const common = <T>(list: readonly T[]): T => list[Math.floor(list.length * random() ** 2)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

  const people: Person[] = [];
  for (let p = 0; p < options.people; p++) {
    const twin = people.length > 0 && random() < rates.twins ? people.at(-1)! : null;
    const culture = twin?.culture ?? pick(CULTURES);
    const sex: 'M' | 'F' = random() < 0.5 ? 'M' : 'F';
    const givenList = sex === 'M' ? culture.male : culture.female;
    let given = common(givenList);
    if (twin !== null) while (given === twin.given && givenList.length > 1) given = pick(givenList);
    people.push({
      id: `P${p}`,
      culture,
      sex,
      given,
      family: twin?.family ?? common(culture.family),
      birth: twin?.birth ?? {
        year: 1940 + Math.floor(random() * 65),
        month: 1 + Math.floor(random() * 12),
        day: 1 + Math.floor(random() * 28),
      },
      passport: `${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(8)}`,
      renewal: random() < 0.2 ? `${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(8)}` : null,
      aNumber: random() < 0.4 ? `A${digits(9)}` : null,
    });
  }

  const records: IdentityRecord[] = [];
  const personOf = new Map<string, string>();
  for (const person of people) {
    const count = 1 + Math.floor(random() * 3) + (random() < 0.2 ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const source = pick(SOURCES);
      const id = `${source}:${person.id}-${k}`;
      records.push(corruptRecord(person, id, source, rates, random, pick));
      personOf.set(id, person.id);
    }
  }
  return { records, personOf };
}

function corruptRecord(
  person: Person,
  id: string,
  source: (typeof SOURCES)[number],
  rates: CorruptionRates,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): IdentityRecord {
  const border = source === 'cbp-i94' || source === 'dos-visas';
  const spell = (name: string): string => {
    let out = name;
    if (random() < rates.spellingVariant) {
      const variants = spellingVariants(name);
      if (variants.length > 0) out = pick(variants);
    }
    if (random() < rates.typo && out.length > 3) out = typo(out, random);
    if (random() < rates.nativeScript) out = nativeForm(person.culture, name) ?? out;
    return out;
  };
  let given = spell(person.given);
  let family = spell(person.family);
  if (random() < rates.nameSwap) [given, family] = [family, given];

  const { year, month, day } = person.birth;
  const pad = (n: number) => String(n).padStart(2, '0');
  let dateOfBirth: string | undefined = `${year}-${pad(month)}-${pad(day)}`;
  // Border records read the date from the passport's machine-readable zone: they are verified
  // and keep it exact. Forms filled by hand carry the errors.
  if (!border) {
    const roll = random();
    if (roll < rates.missingBirthDate) dateOfBirth = undefined;
    else if (roll < rates.missingBirthDate + rates.yearOnly) dateOfBirth = String(year);
    else if (
      roll < rates.missingBirthDate + rates.yearOnly + rates.dayMonthSwap &&
      day <= 12 &&
      day !== month
    ) {
      dateOfBirth = `${year}-${pad(day)}-${pad(month)}`;
    }
  }

  const record: IdentityRecord = { id, source, sex: person.sex, nationality: person.culture.code };
  if (dateOfBirth !== undefined) record.dateOfBirth = dateOfBirth;
  if (border) {
    record.dateOfBirthVerified = true;
    const renewed = person.renewal !== null && random() < 0.5;
    record.passportNumber = renewed ? person.renewal! : person.passport;
    record.passportIssuer = person.culture.code;
    record.passportIssueDate = renewed ? '2021-06-01' : '2011-06-01';
  } else if (person.aNumber !== null && random() < 0.8) record.aNumber = person.aNumber;
  if (!border && random() < rates.fullNameOnly) {
    // Court and benefit files often hold one name string, "FAMILY, Given".
    record.fullName = `${family}, ${given}`;
  } else {
    record.givenName = given;
    record.familyName = family;
  }
  if (random() < 0.5) record.countryOfBirth = person.culture.code;
  return record;
}

function nativeForm(culture: Culture, name: string): string | null {
  if (culture.native !== undefined) return culture.native[name] ?? null;
  if (culture.script === 'cyrillic') return toScript(name, CYRILLIC);
  if (culture.script === 'greek') return toScript(name, GREEK);
  return null;
}

function typo(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = random();
  if (kind < 0.33) return word.slice(0, i) + word.slice(i + 1);
  if (kind < 0.66) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  return word.slice(0, i) + String.fromCharCode(65 + Math.floor(random() * 26)) + word.slice(i + 1);
}
