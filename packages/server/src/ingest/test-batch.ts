/**
 * Test data for ingest: good admission records (CSV) and benefit records (NDJSON), and one defect
 * of each class of RELIABILITY.md T1, built from plain strings so each test states what it expects.
 * Test-only: imported by *.test.ts files.
 */

export const I94_COLUMNS = [
  'sourceRecordId',
  'recordType',
  'schemaVersion',
  'familyName',
  'givenName',
  'dateOfBirth',
  'sex',
  'nationality',
  'passportNumber',
  'passportIssuer',
  'i94Number',
  'classOfAdmission',
  'admissionDate',
  'admitUntil',
  'portOfEntry',
  'mode',
] as const;

const FAMILY = [
  'MUELLER',
  'GARCIA LOPEZ',
  'NGUYEN',
  'AL-HASSAN',
  'OKAFOR',
  'IVANOVA',
  'KIM',
  'SANTOS',
  'PATEL',
  'LI',
];
const GIVEN = ['ANNA', 'JOSE', 'THI LAN', 'AHMED', 'CHIDI', 'OLGA', 'MIN-JUN', 'MARIA', 'RAVI', 'WEI'];
const NATION = ['DEU', 'MEX', 'VNM', 'JOR', 'NGA', 'RUS', 'KOR', 'BRA', 'IND', 'CHN'];

/** The i-th good admission record, as a field map in I94_COLUMNS order. */
export function goodAdmission(i: number): Record<(typeof I94_COLUMNS)[number], string> {
  const month = String((i % 12) + 1).padStart(2, '0');
  return {
    sourceRecordId: `I94-${i}`,
    recordType: 'admission',
    schemaVersion: '1',
    familyName: FAMILY[i % 10]!,
    givenName: GIVEN[(i * 7) % 10]!,
    dateOfBirth: `${1950 + (i % 50)}-${month}-${String((i % 28) + 1).padStart(2, '0')}`,
    sex: i % 2 === 0 ? 'F' : 'M',
    nationality: NATION[i % 10]!,
    passportNumber: `P${String(i).padStart(8, '0')}`,
    passportIssuer: NATION[i % 10]!,
    i94Number: String(10_000_000_000 + i),
    classOfAdmission: i % 3 === 0 ? 'F1' : 'B2',
    admissionDate: `2024-${month}-10`,
    admitUntil: i % 3 === 0 ? 'D/S' : `2025-${month}-09`,
    portOfEntry: 'JFK',
    mode: 'AIR',
  };
}

export function csvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}

export function admissionLine(fields: Record<string, string>): string {
  return csvLine(I94_COLUMNS.map((c) => fields[c] ?? ''));
}

/** The i-th good benefit application, as an NDJSON object. */
export function goodApplication(i: number): Record<string, string> {
  return {
    sourceRecordId: `APP-${i}`,
    recordType: 'benefit_application',
    schemaVersion: '1',
    familyName: FAMILY[i % 10]!,
    givenName: GIVEN[i % 10]!,
    dateOfBirth: `${1960 + (i % 40)}`,
    aNumber: `A${String(200_000_000 + i)}`,
    receiptNumber: `EAC${String(2_400_000_000 + i)}`,
    form: 'I-539',
    benefitType: 'EXTENSION',
    filedDate: '2025-01-15',
    requestedUntil: '2025-12-31',
  };
}

/** A CSV defect: the bytes of one bad line in the cbp-i94 file, and the reason it must get. */
export type CsvDefect = { code: string; line: (i: number) => Buffer };
/** An NDJSON defect: the text of one bad line in the uscis-benefits file, and the reason. */
export type NdjsonDefect = { code: string; line: (i: number) => string };

const with_ = (i: number, patch: Record<string, string>) =>
  Buffer.from(admissionLine({ ...goodAdmission(i), ...patch }));

export const CSV_DEFECTS: readonly CsvDefect[] = [
  {
    code: 'INVALID_UTF8',
    line: (i) =>
      Buffer.concat([
        Buffer.from(`I94-${i},admission,1,MU`),
        Buffer.from([0xc3, 0x28]),
        with_(i, {}).subarray(`I94-${i},admission,1,MUELLER`.length),
      ]),
  },
  { code: 'NUL_BYTE', line: (i) => with_(i, { givenName: 'AN\u0000NA' }) },
  { code: 'EMBEDDED_BOM', line: (i) => Buffer.concat([Buffer.from('\uFEFF'), with_(i, {})]) },
  { code: 'BARE_CARRIAGE_RETURN', line: (i) => with_(i, { givenName: 'AN\rNA' }) },
  { code: 'WRONG_FIELD_COUNT', line: (i) => Buffer.concat([with_(i, {}), Buffer.from(',EXTRA')]) },
  {
    code: 'UNBALANCED_QUOTES',
    line: (i) => Buffer.from(admissionLine(goodAdmission(i)).replace(',JFK,', ',"JFK,')),
  },
  { code: 'RECORD_TOO_LARGE', line: (i) => with_(i, { portOfEntry: 'J'.repeat(2_200_000) }) },
  { code: 'FIELD_TOO_LARGE', line: (i) => with_(i, { givenName: 'A'.repeat(1024 * 1024) }) },
  { code: 'CONTROL_CHARACTER', line: (i) => with_(i, { givenName: 'AN\u0007NA' }) },
  { code: 'BIDI_CONTROL', line: (i) => with_(i, { familyName: 'SMITH\u202EHTIMS' }) },
  { code: 'CONFUSABLE_CHARACTERS', line: (i) => with_(i, { familyName: 'P\u0410YPAL' }) },
  { code: 'FORMULA_PREFIX', line: (i) => with_(i, { familyName: '=HYPERLINK("http://x")' }) },
  { code: 'MISSING_REQUIRED_FIELD', line: (i) => with_(i, { familyName: '' }) },
  { code: 'INVALID_DATE', line: (i) => with_(i, { admissionDate: '2024/01/05' }) },
  { code: 'IMPOSSIBLE_DATE', line: (i) => with_(i, { admissionDate: '2023-02-30' }) },
  {
    code: 'DATE_OUT_OF_RANGE',
    line: (i) => with_(i, { dateOfBirth: i % 2 === 0 ? '2099-01-01' : '1850-01-01' }),
  },
  {
    code: 'END_BEFORE_START',
    line: (i) => with_(i, { admissionDate: '2024-05-10', admitUntil: '2024-05-01' }),
  },
  { code: 'INVALID_CODE', line: (i) => with_(i, { mode: 'BOAT' }) },
  { code: 'INVALID_IDENTIFIER', line: (i) => with_(i, { i94Number: '123' }) },
  { code: 'INVALID_COUNTRY', line: (i) => with_(i, { nationality: 'QQQ' }) },
  { code: 'UNKNOWN_RECORD_TYPE', line: (i) => with_(i, { recordType: 'alien_registry' }) },
  { code: 'RECORD_TYPE_NOT_REGISTERED', line: (i) => with_(i, { recordType: 'court_event' }) },
  { code: 'SCHEMA_VERSION_MISMATCH', line: (i) => with_(i, { schemaVersion: '2' }) },
];

export const NDJSON_DEFECTS: readonly NdjsonDefect[] = [
  { code: 'MALFORMED_JSON', line: (i) => JSON.stringify(goodApplication(i)).slice(0, -5) },
  {
    code: 'JSON_TOO_DEEP',
    line: (i) =>
      JSON.stringify({ ...goodApplication(i), form: '' }).replace(
        '"form":""',
        `"form":${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      ),
  },
  {
    code: 'NUMBER_TOO_LONG',
    line: (i) =>
      JSON.stringify({ ...goodApplication(i), form: '' }).replace('"form":""', `"form":${'9'.repeat(400)}`),
  },
  { code: 'NOT_AN_OBJECT', line: (i) => JSON.stringify([goodApplication(i)]) },
  {
    code: 'INVALID_FIELD_TYPE',
    line: (i) => JSON.stringify({ ...goodApplication(i), familyName: { first: 'X' } }),
  },
  {
    code: 'FIELD_NOT_REGISTERED',
    line: (i) => JSON.stringify({ ...goodApplication(i), favouriteColour: 'blue' }),
  },
  { code: 'PROTECTED_CATEGORY', line: (i) => JSON.stringify({ ...goodApplication(i), religion: 'any' }) },
  {
    code: 'DUPLICATE_ID_CONFLICT',
    line: (i) => JSON.stringify({ ...goodApplication(i), filedDate: '2025-01-16' }),
  },
];
