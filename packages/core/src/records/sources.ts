import { ENVELOPE_FIELDS, RECORD_TYPES, type RecordType } from './record-types.js';

/**
 * A source: an agency system that sends records, registered with its legal authority,
 * the record types it may send, the fields each may carry, and a retention period (DESIGN.md §2).
 */
export type Source = {
  id: string;
  name: string;
  /** The statute or Privacy Act system of records notice (SORN) that authorises it. */
  authority: string;
  retentionYears: number;
  /** For each record type it may send, the fields each record may carry. */
  recordTypes: Partial<Record<RecordType, readonly string[]>>;
};

/** All fields of a record type, envelope included: the default registration. */
export function allFieldsOf(type: RecordType): string[] {
  return [...ENVELOPE_FIELDS, ...Object.keys(RECORD_TYPES[type])];
}

const all = (...types: RecordType[]) => Object.fromEntries(types.map((t) => [t, allFieldsOf(t)]));

/** The synthetic agencies of SOURCES.md, seeded into every new store. */
export const SEED_SOURCES: readonly Source[] = [
  {
    id: 'dos-visas',
    name: 'State Department Consular Consolidated Database (visa issuance)',
    authority: 'STATE-39 Visa Records',
    retentionYears: 100,
    recordTypes: all('visa_issuance'),
  },
  {
    id: 'cbp-i94',
    name: 'CBP arrival records (I-94, Nonimmigrant Information System)',
    authority: 'DHS/CBP-016 Nonimmigrant Information System',
    retentionYears: 75,
    recordTypes: all('admission'),
  },
  {
    id: 'cbp-apis',
    name: 'Advance Passenger Information System manifests (air and sea departures)',
    authority: 'DHS/CBP-005 Advance Passenger Information System',
    retentionYears: 75,
    recordTypes: all('departure'),
  },
  {
    id: 'cbsa-entries',
    name: 'Entries into Canada shared by CBSA (land departures from the US)',
    authority:
      'Beyond the Border entry/exit arrangement; DHS/CBP-021 Arrival and Departure Information System',
    retentionYears: 75,
    recordTypes: all('departure'),
  },
  {
    id: 'uscis-benefits',
    name: 'USCIS benefit applications and decisions (CLAIMS 3, ELIS)',
    authority: 'DHS/USCIS-007 Benefits Information System',
    retentionYears: 100,
    recordTypes: all('benefit_application', 'benefit_decision'),
  },
  {
    id: 'sevis',
    name: 'ICE Student and Exchange Visitor Information System',
    authority: 'DHS/ICE-001 Student and Exchange Visitor Information System',
    retentionYears: 75,
    recordTypes: all('sevis_event'),
  },
  {
    id: 'eoir-cases',
    name: 'EOIR immigration court and Board of Immigration Appeals records',
    authority: 'EOIR-001 Records and Management Information System',
    retentionYears: 100,
    recordTypes: all('court_event'),
  },
  {
    id: 'ice-removals',
    name: 'ICE removal records (NTA served, removal executed on Form I-205)',
    authority: 'DHS/ICE-011 Criminal Arrest Records and Immigration Enforcement Records',
    retentionYears: 75,
    recordTypes: all('removal_event'),
  },
  {
    id: 'dos-passports',
    name: 'US passport issuance (evidence of citizenship)',
    authority: 'STATE-26 Passport Records',
    retentionYears: 100,
    recordTypes: all('us_passport'),
  },
  {
    id: 'vital-records',
    name: 'State birth records (US birth, evidence of citizenship)',
    authority: 'State vital-records law; record presented or verified as evidence of citizenship',
    retentionYears: 100,
    recordTypes: all('birth_record'),
  },
  {
    id: 'counsel-filings',
    name: "Counsel appearances (EOIR-28, G-28) and a person's own filings",
    authority: 'EOIR-001; DHS/USCIS-007 Benefits Information System',
    retentionYears: 75,
    recordTypes: all(
      'counsel_appearance',
      'address_of_record',
      'citizenship_claim',
      'self_reported_departure',
    ),
  },
];
