import type { CultureId } from './name-tables.js';

/**
 * The countries of the synthetic population: which naming cultures their citizens come from,
 * whether they are in the Visa Waiver Program, how their passport numbers look, and the
 * consular posts that issue US visas there. Codes are ISO 3166-1 alpha-3 (RULES.md §8.3).
 */
export type Country = {
  code: string;
  /** As a US passport prints a foreign place of birth. */
  name: string;
  cultures: readonly (readonly [CultureId, number])[];
  /** Visa Waiver Program member (admitted WT/WB with ESTA, no visa). */
  vwp: boolean;
  /** Passport number shape: D a digit, L a letter, anything else literal. */
  passport: string;
  /** Share of citizens whose documents carry 1 January because the real date of birth is unknown. */
  jan1: number;
  /** Consular posts issuing US visas. */
  posts: readonly string[];
  /** Latin American: visitors from here sometimes leave the US overland to Mexico (the unrecorded exit). */
  overland: boolean;
};

const c = (
  code: string,
  name: string,
  cultures: Country['cultures'],
  passport: string,
  posts: readonly string[],
  extra: Partial<Pick<Country, 'vwp' | 'jan1' | 'overland'>> = {},
): Country => ({ code, name, cultures, passport, posts, vwp: false, jan1: 0, overland: false, ...extra });

const LATAM = { overland: true };

const COUNTRIES: Readonly<Record<string, Country>> = Object.fromEntries(
  [
    c(
      'USA',
      'UNITED STATES',
      [
        ['ANGLO', 55],
        ['HISPANIC', 22],
        ['CHINESE', 3],
        ['VIETNAMESE', 3],
        ['FILIPINO', 3],
        ['SOUTH_ASIAN', 3],
        ['ARABIC', 2],
        ['KOREAN', 2],
        ['WEST_AFRICAN', 2],
        ['GERMAN', 2],
        ['ITALIAN', 2],
        ['POLISH', 1],
      ],
      'DDDDDDDDD',
      [],
    ),
    c(
      'MEX',
      'MEXICO',
      [['HISPANIC', 1]],
      'GDDDDDDDD',
      ['MEXICO CITY', 'MONTERREY', 'GUADALAJARA', 'CIUDAD JUAREZ', 'TIJUANA'],
      LATAM,
    ),
    c('GTM', 'GUATEMALA', [['HISPANIC', 1]], 'DDDDDDDDD', ['GUATEMALA CITY'], LATAM),
    c('HND', 'HONDURAS', [['HISPANIC', 1]], 'LDDDDDDD', ['TEGUCIGALPA'], LATAM),
    c('SLV', 'EL SALVADOR', [['HISPANIC', 1]], 'LDDDDDDDD', ['SAN SALVADOR'], LATAM),
    c('NIC', 'NICARAGUA', [['HISPANIC', 1]], 'CDDDDDDDD', ['MANAGUA'], LATAM),
    c('CUB', 'CUBA', [['HISPANIC', 1]], 'LDDDDDDD', ['HAVANA'], LATAM),
    c('DOM', 'DOMINICAN REPUBLIC', [['HISPANIC', 1]], 'LLDDDDDDD', ['SANTO DOMINGO'], LATAM),
    c('HTI', 'HAITI', [['HAITIAN', 1]], 'LLDDDDDDD', ['PORT-AU-PRINCE'], LATAM),
    c('COL', 'COLOMBIA', [['HISPANIC', 1]], 'LLDDDDDDD', ['BOGOTA'], LATAM),
    c('VEN', 'VENEZUELA', [['HISPANIC', 1]], 'DDDDDDDDD', ['BOGOTA', 'CARACAS'], LATAM),
    c('PER', 'PERU', [['HISPANIC', 1]], 'DDDDDDDDD', ['LIMA'], LATAM),
    c('ECU', 'ECUADOR', [['HISPANIC', 1]], 'LDDDDDDDD', ['QUITO', 'GUAYAQUIL'], LATAM),
    c('BRA', 'BRAZIL', [['PORTUGUESE', 1]], 'LLDDDDDD', ['SAO PAULO', 'RIO DE JANEIRO', 'BRASILIA'], LATAM),
    c(
      'ARG',
      'ARGENTINA',
      [
        ['HISPANIC', 75],
        ['ITALIAN', 25],
      ],
      'DDDDDDDDL',
      ['BUENOS AIRES'],
      LATAM,
    ),
    c('CHL', 'CHILE', [['HISPANIC', 1]], 'LDDDDDDDD', ['SANTIAGO'], { vwp: true, overland: true }),
    c('JAM', 'JAMAICA', [['ANGLO', 1]], 'LDDDDDDD', ['KINGSTON']),
    c(
      'CAN',
      'CANADA',
      [
        ['ANGLO', 55],
        ['FRENCH', 15],
        ['CHINESE', 10],
        ['SOUTH_ASIAN', 10],
        ['FILIPINO', 3],
        ['ARABIC', 3],
        ['ITALIAN', 2],
        ['POLISH', 2],
      ],
      'LLDDDDDD',
      ['OTTAWA', 'TORONTO', 'VANCOUVER'],
    ),
    c(
      'GBR',
      'UNITED KINGDOM',
      [
        ['ANGLO', 75],
        ['SOUTH_ASIAN', 6],
        ['PAKISTANI', 6],
        ['WEST_AFRICAN', 4],
        ['ARABIC', 3],
        ['POLISH', 3],
        ['CHINESE', 3],
      ],
      'DDDDDDDDD',
      ['LONDON', 'BELFAST'],
      { vwp: true },
    ),
    c('IRL', 'IRELAND', [['ANGLO', 1]], 'LLDDDDDDD', ['DUBLIN'], { vwp: true }),
    c(
      'DEU',
      'GERMANY',
      [
        ['GERMAN', 88],
        ['TURKISH', 8],
        ['POLISH', 4],
      ],
      'CDDDDDDDD',
      ['FRANKFURT', 'BERLIN', 'MUNICH'],
      { vwp: true },
    ),
    c('AUT', 'AUSTRIA', [['GERMAN', 1]], 'LDDDDDDD', ['VIENNA'], { vwp: true }),
    c(
      'CHE',
      'SWITZERLAND',
      [
        ['GERMAN', 65],
        ['FRENCH', 22],
        ['ITALIAN', 13],
      ],
      'LDDDDDDD',
      ['BERN'],
      { vwp: true },
    ),
    c(
      'FRA',
      'FRANCE',
      [
        ['FRENCH', 80],
        ['ARABIC', 12],
        ['WEST_AFRICAN', 4],
        ['PORTUGUESE', 4],
      ],
      'DDLLDDDDD',
      ['PARIS'],
      { vwp: true },
    ),
    c(
      'BEL',
      'BELGIUM',
      [
        ['DUTCH', 55],
        ['FRENCH', 40],
        ['ARABIC', 5],
      ],
      'LLDDDDDD',
      ['BRUSSELS'],
      { vwp: true },
    ),
    c('ITA', 'ITALY', [['ITALIAN', 1]], 'LLDDDDDDD', ['ROME', 'MILAN', 'NAPLES'], { vwp: true }),
    c('ESP', 'SPAIN', [['HISPANIC', 1]], 'LLLDDDDDD', ['MADRID'], { vwp: true }),
    c('PRT', 'PORTUGAL', [['PORTUGUESE', 1]], 'LDDDDDD', ['LISBON'], { vwp: true }),
    c(
      'NLD',
      'NETHERLANDS',
      [
        ['DUTCH', 90],
        ['TURKISH', 5],
        ['ARABIC', 5],
      ],
      'LLDDDDDDD',
      ['AMSTERDAM'],
      { vwp: true },
    ),
    c('POL', 'POLAND', [['POLISH', 1]], 'LLDDDDDDD', ['WARSAW', 'KRAKOW'], { vwp: true }),
    c('SWE', 'SWEDEN', [['NORDIC', 1]], 'DDDDDDDD', ['STOCKHOLM'], { vwp: true }),
    c('NOR', 'NORWAY', [['NORDIC', 1]], 'LLDDDDDDD', ['OSLO'], { vwp: true }),
    c('DNK', 'DENMARK', [['NORDIC', 1]], 'DDDDDDDDD', ['COPENHAGEN'], { vwp: true }),
    c('FIN', 'FINLAND', [['NORDIC', 1]], 'LLDDDDDDD', ['HELSINKI'], { vwp: true }),
    c('TUR', 'TURKEY', [['TURKISH', 1]], 'LDDDDDDDD', ['ANKARA', 'ISTANBUL']),
    c('RUS', 'RUSSIA', [['CYRILLIC', 1]], 'DDDDDDDDD', ['MOSCOW', 'WARSAW']),
    c('UKR', 'UKRAINE', [['CYRILLIC', 1]], 'LLDDDDDD', ['KYIV']),
    c('KAZ', 'KAZAKHSTAN', [['CYRILLIC', 1]], 'LDDDDDDDD', ['ASTANA', 'ALMATY']),
    c('EGY', 'EGYPT', [['ARABIC', 1]], 'LDDDDDDDD', ['CAIRO']),
    c('MAR', 'MOROCCO', [['ARABIC', 1]], 'LLDDDDDDD', ['CASABLANCA']),
    c('JOR', 'JORDAN', [['ARABIC', 1]], 'LDDDDDDD', ['AMMAN']),
    c('LBN', 'LEBANON', [['ARABIC', 1]], 'LLDDDDDDD', ['BEIRUT']),
    c('SAU', 'SAUDI ARABIA', [['ARABIC', 1]], 'LDDDDDDD', ['RIYADH', 'JEDDAH']),
    c('ARE', 'UNITED ARAB EMIRATES', [['ARABIC', 1]], 'LDDDDDDD', ['ABU DHABI', 'DUBAI']),
    c('QAT', 'QATAR', [['ARABIC', 1]], 'LDDDDDDD', ['DOHA'], { vwp: true }),
    c('IRQ', 'IRAQ', [['ARABIC', 1]], 'LDDDDDDD', ['BAGHDAD', 'ERBIL'], { jan1: 0.25 }),
    c('SYR', 'SYRIA', [['ARABIC', 1]], 'DDDDDDDDD', ['AMMAN', 'BEIRUT'], { jan1: 0.1 }),
    c('YEM', 'YEMEN', [['ARABIC', 1]], 'DDDDDDDD', ['CAIRO', 'DJIBOUTI'], { jan1: 0.3 }),
    c('SDN', 'SUDAN', [['ARABIC', 1]], 'LDDDDDDDD', ['KHARTOUM', 'CAIRO'], { jan1: 0.3 }),
    c('SOM', 'SOMALIA', [['ARABIC', 1]], 'LLDDDDDDD', ['NAIROBI'], { jan1: 0.6 }),
    c('IRN', 'IRAN', [['PERSIAN', 1]], 'LDDDDDDDD', ['ABU DHABI', 'ANKARA', 'YEREVAN']),
    c('AFG', 'AFGHANISTAN', [['PERSIAN', 1]], 'LDDDDDDDD', ['KABUL', 'ISLAMABAD', 'DOHA'], { jan1: 0.6 }),
    c('PAK', 'PAKISTAN', [['PAKISTANI', 1]], 'LLDDDDDDD', ['ISLAMABAD', 'KARACHI'], { jan1: 0.05 }),
    c('BGD', 'BANGLADESH', [['PAKISTANI', 1]], 'LLDDDDDDD', ['DHAKA'], { jan1: 0.05 }),
    c(
      'IND',
      'INDIA',
      [
        ['SOUTH_ASIAN', 92],
        ['PAKISTANI', 8],
      ],
      'LDDDDDDD',
      ['NEW DELHI', 'MUMBAI', 'CHENNAI', 'HYDERABAD', 'KOLKATA'],
    ),
    c('NPL', 'NEPAL', [['SOUTH_ASIAN', 1]], 'LLDDDDDDD', ['KATHMANDU']),
    c('LKA', 'SRI LANKA', [['SOUTH_ASIAN', 1]], 'LDDDDDDD', ['COLOMBO']),
    c('CHN', 'CHINA', [['CHINESE', 1]], 'EDDDDDDDD', [
      'BEIJING',
      'SHANGHAI',
      'GUANGZHOU',
      'SHENYANG',
      'WUHAN',
    ]),
    c('TWN', 'TAIWAN', [['CHINESE', 1]], 'DDDDDDDDD', ['TAIPEI'], { vwp: true }),
    c('HKG', 'HONG KONG', [['CHINESE', 1]], 'LDDDDDDDD', ['HONG KONG']),
    c(
      'SGP',
      'SINGAPORE',
      [
        ['CHINESE', 75],
        ['SOUTH_ASIAN', 10],
        ['INDONESIAN', 15],
      ],
      'LDDDDDDDL',
      ['SINGAPORE'],
      { vwp: true },
    ),
    c(
      'MYS',
      'MALAYSIA',
      [
        ['INDONESIAN', 55],
        ['CHINESE', 35],
        ['SOUTH_ASIAN', 10],
      ],
      'LDDDDDDDD',
      ['KUALA LUMPUR'],
    ),
    c('JPN', 'JAPAN', [['JAPANESE', 1]], 'LLDDDDDDD', ['TOKYO', 'OSAKA'], { vwp: true }),
    c('KOR', 'KOREA, REPUBLIC OF', [['KOREAN', 1]], 'LDDDDDDDD', ['SEOUL'], { vwp: true }),
    c('VNM', 'VIETNAM', [['VIETNAMESE', 1]], 'LDDDDDDD', ['HANOI', 'HO CHI MINH CITY']),
    c('PHL', 'PHILIPPINES', [['FILIPINO', 1]], 'LDDDDDDDL', ['MANILA']),
    c('IDN', 'INDONESIA', [['INDONESIAN', 1]], 'LDDDDDDD', ['JAKARTA', 'SURABAYA']),
    c(
      'AUS',
      'AUSTRALIA',
      [
        ['ANGLO', 80],
        ['CHINESE', 8],
        ['VIETNAMESE', 4],
        ['SOUTH_ASIAN', 5],
        ['ITALIAN', 3],
      ],
      'LDDDDDDD',
      ['SYDNEY', 'MELBOURNE'],
      { vwp: true },
    ),
    c('NZL', 'NEW ZEALAND', [['ANGLO', 1]], 'LLDDDDDD', ['AUCKLAND'], { vwp: true }),
    c('NGA', 'NIGERIA', [['WEST_AFRICAN', 1]], 'LDDDDDDDD', ['LAGOS', 'ABUJA'], { jan1: 0.05 }),
    c('GHA', 'GHANA', [['WEST_AFRICAN', 1]], 'LDDDDDDD', ['ACCRA'], { jan1: 0.05 }),
  ].map((country) => [country.code, country]),
);

/** The country of a code the generator uses; a typo in a table is a bug, so it throws. */
export function countryOf(code: string): Country {
  const country = COUNTRIES[code];
  if (country === undefined) throw new Error(`generator: unknown country ${code}`);
  return country;
}
