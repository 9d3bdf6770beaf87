import type { FieldSpec } from './field-kinds.js';

/**
 * The record types ilos accepts, one schema each, in one place (DESIGN.md §2, SOURCES.md).
 * Field names are the same in CSV headers and NDJSON keys. Every record also carries
 * `sourceRecordId` (the sending system's id), `recordType`, `schemaVersion` and optionally
 * `sourceVersion` (a positive integer the source increments; the highest is current, whatever the arrival order).
 * A source's registration (sources.ts) says which of these types and fields it may send.
 */

export const SCHEMA_VERSION = '1';

const SEX = ['M', 'F', 'X'] as const;

/** Identity attributes a record may carry about the person it concerns (DESIGN.md §2). */
const identity = {
  familyName: { kind: 'text', required: true },
  givenName: { kind: 'text' },
  dateOfBirth: { kind: 'partialDate' },
  sex: { kind: 'code', values: SEX },
  countryOfBirth: { kind: 'country' },
  nationality: { kind: 'country' },
  passportNumber: { kind: 'document' },
  passportIssuer: { kind: 'country' },
  aNumber: { kind: 'aNumber' },
  fin: { kind: 'opaqueId' },
} as const satisfies Record<string, FieldSpec>;

export const CLASSES_OF_ADMISSION = [
  'B1',
  'B2',
  'WT',
  'WB',
  'F1',
  'F2',
  'M1',
  'J1',
  'J2',
  'H1B',
  'H2A',
  'H2B',
  'H4',
  'L1A',
  'L1B',
  'L2',
  'O1',
  'TN',
  'E2',
  'C1',
  'D1',
  'IR1',
  'IR2',
  'IR5',
  'CR1',
  'F21',
  'E21',
  'DV1',
  'RE',
  'AS',
  'PAR',
] as const;

export const BENEFIT_TYPES = [
  'EXTENSION',
  'CHANGE_OF_STATUS',
  'ADJUSTMENT',
  'ASYLUM',
  'TPS',
  'NATURALIZATION',
] as const;

export const COURT_EVENT_TYPES = [
  'NTA_FILED',
  'MASTER_HEARING',
  'INDIVIDUAL_HEARING',
  'RELIEF_APPLICATION_FILED',
  'IJ_DECISION',
  'VD_BOND_POSTED',
  'BIA_APPEAL_FILED',
  'BIA_DECISION',
  'MOTION_TO_REOPEN_FILED',
  'STAY_GRANTED',
  'STAY_LIFTED',
] as const;

export const RECORD_TYPES = {
  /** State CCD: a visa issued or refused. Context only: a visa is not an admission. */
  visa_issuance: {
    ...identity,
    visaFoilNumber: { kind: 'document', required: true },
    visaClass: { kind: 'code', required: true, values: CLASSES_OF_ADMISSION },
    outcome: { kind: 'code', required: true, values: ['ISSUED', 'REFUSED'] },
    decisionDate: { kind: 'date', required: true },
    expiryDate: { kind: 'date' },
    post: { kind: 'text' },
  },
  /** CBP I-94 arrival record → `admission`. */
  admission: {
    ...identity,
    i94Number: { kind: 'i94Number', required: true },
    classOfAdmission: { kind: 'code', required: true, values: CLASSES_OF_ADMISSION },
    admissionDate: { kind: 'date', required: true },
    admitUntil: { kind: 'dateOrDS' },
    portOfEntry: { kind: 'text', required: true },
    mode: { kind: 'code', required: true, values: ['AIR', 'SEA', 'LAND'] },
  },
  /** A departure recorded by a carrier manifest (APIS) or by Canada's entry record → `departure`. */
  departure: {
    ...identity,
    departureDate: { kind: 'date', required: true },
    departureSource: {
      kind: 'code',
      required: true,
      values: ['CBP_APIS_AIR', 'CBP_APIS_SEA', 'CBSA_ENTRY_RECORD'],
    },
    port: { kind: 'text', required: true },
    carrier: { kind: 'text' },
  },
  /** A USCIS benefit application → `extension_filed`, `change_of_status_filed`, `aos_filed`, `asylum_filed`. */
  benefit_application: {
    ...identity,
    receiptNumber: { kind: 'receiptNumber', required: true },
    form: { kind: 'code', required: true, values: ['I-539', 'I-129', 'I-485', 'I-589', 'I-821', 'N-400'] },
    benefitType: { kind: 'code', required: true, values: BENEFIT_TYPES },
    filedDate: { kind: 'date', required: true },
    requestedUntil: { kind: 'date' },
    toClass: { kind: 'code', values: CLASSES_OF_ADMISSION },
    tpsCountry: { kind: 'country' },
  },
  /** A USCIS decision → `*_decided`, `lpr_granted`, `tps_granted`, `naturalized`. */
  benefit_decision: {
    ...identity,
    receiptNumber: { kind: 'receiptNumber', required: true },
    benefitType: { kind: 'code', required: true, values: BENEFIT_TYPES },
    decisionDate: { kind: 'date', required: true },
    outcome: { kind: 'code', required: true, values: ['APPROVED', 'DENIED', 'REFERRED_TO_IJ'] },
    grantedUntil: { kind: 'date' },
    denialReason: {
      kind: 'code',
      values: ['FRIVOLOUS', 'UNAUTHORIZED_EMPLOYMENT', 'INELIGIBLE', 'FAILED_TO_MAINTAIN_STATUS'],
    },
    tpsCountry: { kind: 'country' },
  },
  /** SEVIS: end of a student's or exchange visitor's programme → `sevis_program_end`. */
  sevis_event: {
    ...identity,
    sevisId: { kind: 'sevisId', required: true },
    programEndDate: { kind: 'date', required: true },
    reason: {
      kind: 'code',
      required: true,
      values: ['COMPLETED', 'AUTHORIZED_WITHDRAWAL', 'TERMINATED_STATUS_VIOLATION'],
    },
  },
  /** EOIR: immigration-court and Board events, keyed by A-Number. */
  court_event: {
    ...identity,
    aNumber: { kind: 'aNumber', required: true },
    eventType: { kind: 'code', required: true, values: COURT_EVENT_TYPES },
    eventDate: { kind: 'date', required: true },
    court: { kind: 'text' },
    outcome: {
      kind: 'code',
      values: [
        'REMOVAL_ORDERED',
        'RELIEF_GRANTED',
        'TERMINATED',
        'VOLUNTARY_DEPARTURE',
        'DISMISSED',
        'SUMMARILY_DISMISSED',
        'SUSTAINED',
        'REMANDED',
      ],
    },
    relief: {
      kind: 'code',
      values: [
        'ASYLUM',
        'WITHHOLDING',
        'CAT',
        'CANCELLATION_LPR',
        'CANCELLATION_NON_LPR',
        'ADJUSTMENT',
        'VOLUNTARY_DEPARTURE',
      ],
    },
    inAbsentia: { kind: 'boolean' },
    appealWaived: { kind: 'boolean' },
    appealReserved: { kind: 'boolean' },
    asylumAdjudicatedOnMerits: { kind: 'boolean' },
    designatedCountry: { kind: 'country' },
    protectionType: { kind: 'code', values: ['ASYLUM', 'WITHHOLDING', 'CAT'] },
    vdType: { kind: 'code', values: ['PRE_CONCLUSION', 'AT_CONCLUSION'] },
    vdDepartBy: { kind: 'date' },
    vdBondUsd: { kind: 'usd' },
    filedBy: { kind: 'code', values: ['RESPONDENT', 'DHS'] },
    mtrBasis: {
      kind: 'code',
      values: [
        'IN_ABSENTIA_LACK_OF_NOTICE',
        'IN_ABSENTIA_EXCEPTIONAL_CIRCUMSTANCES',
        'GENERAL',
        'CHANGED_COUNTRY_CONDITIONS',
        'VAWA',
      ],
    },
    stayBy: { kind: 'code', values: ['COURT_OF_APPEALS', 'BIA', 'IJ', 'DHS'] },
    stayUntil: { kind: 'date' },
  },
  /** ICE: notice to appear served; removal executed (verified on Form I-205). */
  removal_event: {
    ...identity,
    aNumber: { kind: 'aNumber', required: true },
    eventType: { kind: 'code', required: true, values: ['NTA_ISSUED', 'REMOVAL_EXECUTED'] },
    eventDate: { kind: 'date', required: true },
    countryOfRemoval: { kind: 'country' },
  },
  /** State: a US passport issued, evidence of citizenship by birth or naturalization. */
  us_passport: {
    ...identity,
    usPassportNumber: { kind: 'document', required: true },
    issueDate: { kind: 'date', required: true },
    placeOfBirth: { kind: 'text', required: true },
    acquisition: { kind: 'code', required: true, values: ['BIRTH', 'NATURALIZATION'] },
  },
  /** A state birth record for a person born in the US → `birth` (place US). */
  birth_record: {
    ...identity,
    dateOfBirth: { kind: 'date', required: true },
    certificateNumber: { kind: 'document', required: true },
    birthState: { kind: 'text', required: true },
  },
  /** Counsel of record (EOIR-28 / G-28). */
  counsel_appearance: {
    ...identity,
    filedDate: { kind: 'date', required: true },
    form: { kind: 'code', required: true, values: ['EOIR-28', 'G-28'] },
    counselName: { kind: 'text', required: true },
    counselBarNumber: { kind: 'document' },
  },
  /** An address of record filed by the person (AR-11). Only as filed; never any other location data. */
  address_of_record: {
    ...identity,
    filedDate: { kind: 'date', required: true },
    street: { kind: 'text', required: true },
    city: { kind: 'text', required: true },
    state: { kind: 'text', required: true },
    postalCode: { kind: 'document' },
  },
  /** A claim to US citizenship asserted by the person or counsel → `citizenship_claim_asserted`. */
  citizenship_claim: {
    ...identity,
    assertedDate: { kind: 'date', required: true },
    basis: {
      kind: 'code',
      required: true,
      values: ['BIRTH_IN_US', 'DERIVATION', 'ACQUISITION_AT_BIRTH', 'NATURALIZATION'],
    },
    resolution: { kind: 'code', required: true, values: ['UNDER_REVIEW', 'CONFIRMED', 'REJECTED'] },
  },
  /** A departure the person reports (a claim, unverified) → `departure` with source SELF_REPORTED. */
  self_reported_departure: {
    ...identity,
    departureDate: { kind: 'date', required: true },
    reportedDate: { kind: 'date', required: true },
  },
} as const satisfies Record<string, Record<string, FieldSpec>>;

export type RecordType = keyof typeof RECORD_TYPES;
export const RECORD_TYPE_NAMES = Object.keys(RECORD_TYPES) as RecordType[];

/** Fields every record carries besides those of its type. */
/**
 * Fields every record may carry besides its type's own. `recalledOn` makes the version a recall (a
 * tombstone): the source withdraws the record from that date, and nothing is derived from it any more
 * (RELIABILITY.md T3.5; the recalled warrant of Herring v. United States, 555 U.S. 135 (2009)).
 */
export const ENVELOPE_FIELDS = [
  'sourceRecordId',
  'recordType',
  'schemaVersion',
  'sourceVersion',
  'recalledOn',
] as const;
