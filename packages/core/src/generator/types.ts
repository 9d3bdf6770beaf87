import type { CultureId, Script } from './name-tables.js';

/** The synthetic agencies (SOURCES.md); the same ids as the seeded source registry. */
export const GENERATOR_SOURCE_IDS = [
  'dos-visas',
  'cbp-i94',
  'cbp-apis',
  'cbsa-entries',
  'uscis-benefits',
  'sevis',
  'eoir-cases',
  'ice-removals',
  'dos-passports',
  'vital-records',
  'counsel-filings',
] as const;
export type SourceId = (typeof GENERATOR_SOURCE_IDS)[number];

/** One official record as its agency sends it: flat string fields, envelope included. */
export type GeneratedRecord = {
  source: SourceId;
  /** sourceRecordId, recordType, schemaVersion, then the record type's fields; empty fields absent. */
  fields: Record<string, string>;
};

/**
 * A lifecycle event in the scenario vocabulary (shared/scenarios/status-scenarios.json), plus
 * `recordIds`: the `<source>:<sourceRecordId>` keys of the records that evidence it.
 */
export type TruthEvent = {
  type: string;
  date: string;
  recordIds: string[];
  [field: string]: unknown;
};

export const ARCHETYPES = [
  'VISITOR',
  'VISITOR_VWP',
  'STUDENT',
  'WORKER',
  'IMMIGRANT',
  'US_BORN',
  'VISA_REFUSED',
  'ASYLUM_SEEKER',
  'TPS',
  'TRANSIT_CREW',
] as const;
export type Archetype = (typeof ARCHETYPES)[number];

export type ReportCategory = 'NONE' | 'OUT_OF_COUNTRY' | 'SUSPECTED_IN_COUNTRY';

/**
 * Why a person counts as a suspected in-country overstay: either the count is right (the person
 * is here) or a departure exists that no verified record shows.
 */
export type UnverifiedReason =
  /** Left overland to Mexico: no exit is recorded at the southern border (RULES.md §4.5.1). */
  | 'LAND_GAP'
  /** Left by air, but the carrier's manifest never reached CBP. */
  | 'MISSING_MANIFEST'
  /** Left, and only says so (self-reported departure, a claim). */
  | 'SELF_REPORTED_ONLY'
  /** Here, nothing pending. */
  | 'STILL_PRESENT'
  /** Here, with an application pending that does not cure the overstay (asylum, a late extension, TPS). */
  | 'PENDING_BENEFIT'
  /** Here, in removal proceedings or under an order not yet executed. */
  | 'IN_PROCEEDINGS'
  /** Here, within a voluntary-departure period granted after the overstay began. */
  | 'VOLUNTARY_DEPARTURE_PERIOD';

/** What is true about a person, including what no record shows. */
export type TruthFacts = {
  archetype: Archetype;
  identity: {
    /** As the person writes the names in Latin letters (diacritics kept). */
    familyName: string;
    givenName: string;
    middleName?: string;
    /** In the original script, in its own order (李伟, محمد علي). */
    nativeName?: string;
    culture: CultureId;
    script: Script;
    sex: 'M' | 'F';
    dateOfBirth: string;
    /** The documents carry 1 January because the real date of birth is unknown. */
    dateOfBirthIsConvention?: true;
    countryOfBirth: string;
    nationality: string;
    /** A second nationality whose passport the person travels on (a US-born dual national). */
    travelNationality?: string;
    /** Every passport the person held, as `ISSUER:NUMBER`, oldest first. */
    passports: string[];
    aNumber?: string;
    fin?: string;
  };
  /** The personId of a twin (same surname, same date of birth). */
  twinOf?: string;
  /** The personId of an earlier person with the same full name, drawn on purpose with an equal or close birth date. */
  namesakeOf?: string;
  citizenship: 'US_CITIZEN' | 'LPR' | 'NONCITIZEN';
  citizenshipVia?: 'BIRTH' | 'NATURALIZATION';
  /** Physically in the United States on the reference date. */
  inUS: boolean;
  /** The most recent nonimmigrant admission on or before the reference date. */
  lastAdmission: { date: string; class: string; i94Number: string; mode: string } | null;
  /** About the last nonimmigrant admission, from what really happened (records or not). */
  overstay: {
    occurred: boolean;
    /** First day beyond the authorized admission period and any authorized stay. */
    since: string | null;
    /** When the person really left after that admission (recorded or not); null if still here. */
    departedOn: string | null;
    /** Whether a verified official record shows that departure. */
    departureRecorded: boolean | null;
  };
  /** RULES.md §4.3 on the records an agency holds on the reference date. */
  reportCategory: ReportCategory;
  unverifiedReason: UnverifiedReason | null;
  /** In the DHS report's scope: a nonimmigrant air/sea admission of a class other than C/D. */
  inReportScope: boolean;
  /** Departures that no verified record shows. */
  unrecordedDepartures: { date: string; mode: 'AIR' | 'LAND'; to?: string }[];
  /** A US citizen who appears in a foreign-passport admission record (the misidentification pattern). */
  misidentificationRisk?: true;
  /** A citizenship claim the person made, and whether it is true. */
  citizenshipClaim?: { basis: string; isTrue: boolean };
};

export type GeneratedPerson = {
  personId: string;
  /** Date-ordered (ties keep causal order); only events on or before the reference date. */
  lifecycle: TruthEvent[];
  facts: TruthFacts;
  records: GeneratedRecord[];
};
