import type { RecordType } from '../records/record-types.js';
import type { IsoDate, LifecycleEvent } from '../status/types.js';

/** A stored record as the derivation step sees it: its key, type and normalised fields. */
export type SourceRecord = {
  sourceId: string;
  sourceRecordId: string;
  recordType: RecordType | string;
  fields: Readonly<Record<string, string>>;
};

/** Classes of admission that admit an immigrant (an LPR on admission), RULES.md §3.2. */
const IMMIGRANT_CLASSES = new Set(['IR1', 'IR2', 'IR5', 'CR1', 'F21', 'E21', 'DV1']);

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const asDate = (value: string | undefined): IsoDate | undefined =>
  value !== undefined && FULL_DATE.test(value) ? (value as IsoDate) : undefined;
const flag = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : value === 'true';

/** Copies only the defined entries, so optional event fields stay absent rather than undefined. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The lifecycle events one record stands for, in the scenario vocabulary, each carrying the record's
 * key as provenance. Context-only records (visas, counsel, addresses) yield none. The mapping mirrors
 * the generator's (packages/core/src/generator/README.md) and SOURCES.md.
 */
export function recordEvents(record: SourceRecord): LifecycleEvent[] {
  const f = record.fields;
  const recordIds = [`${record.sourceId}:${record.sourceRecordId}`];
  const events = eventsOf(record.recordType, f);
  return events.map((event) => ({ ...event, recordIds }) as LifecycleEvent);
}

type Draft = Omit<LifecycleEvent, 'recordIds'> & Record<string, unknown>;

function eventsOf(type: string, f: Readonly<Record<string, string>>): Draft[] {
  switch (type) {
    case 'admission': {
      const date = asDate(f.admissionDate);
      if (date === undefined) return [];
      const immigrant = IMMIGRANT_CLASSES.has(f.classOfAdmission ?? '');
      const admitUntil = f.admitUntil === 'D/S' ? 'D/S' : (asDate(f.admitUntil) ?? null);
      const admission: Draft = defined({
        type: 'admission',
        date,
        class: f.classOfAdmission ?? '',
        admitUntil: immigrant ? null : admitUntil,
        mode: f.mode as 'AIR' | 'SEA' | 'LAND' | undefined,
        immigrant: immigrant || undefined,
        passportIssuer: f.passportIssuer,
        i94Number: f.i94Number,
      });
      // An immigrant visa holder becomes a permanent resident on admission (RULES.md §3.2; scenario S37).
      return immigrant ? [admission, { type: 'lpr_granted', date, via: 'IMMIGRANT_VISA' }] : [admission];
    }
    case 'departure': {
      const date = asDate(f.departureDate);
      return date === undefined
        ? []
        : [{ type: 'departure', date, source: f.departureSource as 'CBP_APIS_AIR', verified: true }];
    }
    case 'self_reported_departure': {
      const date = asDate(f.departureDate);
      return date === undefined
        ? []
        : [{ type: 'departure', date, source: 'SELF_REPORTED', verified: false }];
    }
    case 'benefit_application':
      return applicationEvents(f);
    case 'benefit_decision':
      return decisionEvents(f);
    case 'sevis_event': {
      const date = asDate(f.programEndDate);
      return date === undefined ? [] : [{ type: 'sevis_program_end', date, reason: f.reason as 'COMPLETED' }];
    }
    case 'court_event':
      return courtEvents(f);
    case 'removal_event': {
      const date = asDate(f.eventDate);
      if (date === undefined) return [];
      if (f.eventType === 'NTA_ISSUED') return [{ type: 'nta_issued', date }];
      if (f.eventType === 'REMOVAL_EXECUTED')
        return [{ type: 'removal_executed', date, verifiedBy: 'I-205' }];
      return [];
    }
    case 'birth_record': {
      const date = asDate(f.dateOfBirth);
      return date === undefined
        ? []
        : [{ type: 'birth', date, place: 'US', evidence: 'STATE_BIRTH_CERTIFICATE' }];
    }
    case 'us_passport': {
      if (f.acquisition === 'BIRTH') {
        const date = asDate(f.dateOfBirth);
        return date === undefined ? [] : [{ type: 'birth', date, place: 'US', evidence: 'US_PASSPORT' }];
      }
      // A passport issued to a naturalized citizen proves naturalization on or before its issue date.
      const date = asDate(f.issueDate);
      return date === undefined ? [] : [{ type: 'naturalized', date, certificate: 'US_PASSPORT' }];
    }
    case 'citizenship_claim': {
      const date = asDate(f.assertedDate);
      return date === undefined
        ? []
        : [
            {
              type: 'citizenship_claim_asserted',
              date,
              basis: f.basis,
              resolution: f.resolution as 'UNDER_REVIEW',
            },
          ];
    }
    default:
      return []; // visa_issuance, counsel_appearance, address_of_record: context, not status facts
  }
}

function applicationEvents(f: Readonly<Record<string, string>>): Draft[] {
  const date = asDate(f.filedDate);
  if (date === undefined) return [];
  switch (f.benefitType) {
    case 'EXTENSION':
      return [
        defined({ type: 'extension_filed', date, form: f.form, requestedUntil: asDate(f.requestedUntil) }),
      ];
    case 'CHANGE_OF_STATUS':
      return [
        defined({
          type: 'change_of_status_filed',
          date,
          form: f.form,
          requestedUntil: asDate(f.requestedUntil),
          toClass: f.toClass,
        }),
      ];
    case 'ADJUSTMENT':
      return [defined({ type: 'aos_filed', date, form: f.form ?? 'I-485' })];
    case 'ASYLUM':
      return [{ type: 'asylum_filed', date, forum: 'USCIS' }];
    case 'TPS':
      return f.tpsCountry === undefined ? [] : [{ type: 'tps_filed', date, country: f.tpsCountry }];
    default:
      return []; // NATURALIZATION: the filing changes nothing; the oath does
  }
}

function decisionEvents(f: Readonly<Record<string, string>>): Draft[] {
  const date = asDate(f.decisionDate);
  if (date === undefined) return [];
  const outcome = f.outcome === 'APPROVED' ? 'APPROVED' : 'DENIED';
  switch (f.benefitType) {
    case 'EXTENSION':
    case 'CHANGE_OF_STATUS':
      return [
        defined({
          type: f.benefitType === 'EXTENSION' ? 'extension_decided' : 'change_of_status_decided',
          date,
          outcome,
          grantedUntil: asDate(f.grantedUntil),
          denialReason: f.denialReason,
        }),
      ];
    case 'ADJUSTMENT':
      return outcome === 'APPROVED'
        ? [
            { type: 'aos_decided', date, outcome },
            { type: 'lpr_granted', date, via: 'ADJUSTMENT' },
          ]
        : [{ type: 'aos_decided', date, outcome }];
    case 'ASYLUM':
      return [
        {
          type: 'asylum_decided',
          date,
          outcome:
            f.outcome === 'APPROVED'
              ? 'GRANTED'
              : f.outcome === 'REFERRED_TO_IJ'
                ? 'REFERRED_TO_IJ'
                : 'DENIED',
        },
      ];
    case 'TPS': {
      const until = asDate(f.grantedUntil);
      if (outcome === 'APPROVED' && until !== undefined && f.tpsCountry !== undefined) {
        return [{ type: 'tps_granted', date, until, country: f.tpsCountry }];
      }
      return outcome === 'DENIED' ? [{ type: 'tps_denied', date }] : [];
    }
    case 'NATURALIZATION':
      return outcome === 'APPROVED' ? [{ type: 'naturalized', date }] : [];
    default:
      return [];
  }
}

function courtEvents(f: Readonly<Record<string, string>>): Draft[] {
  const date = asDate(f.eventDate);
  if (date === undefined) return [];
  switch (f.eventType) {
    case 'NTA_FILED':
      return [{ type: 'nta_filed', date }];
    case 'MASTER_HEARING':
      return [{ type: 'master_hearing', date }];
    case 'INDIVIDUAL_HEARING':
      return [{ type: 'individual_hearing', date }];
    case 'RELIEF_APPLICATION_FILED':
      return f.relief === undefined
        ? []
        : [{ type: 'relief_application_filed', date, relief: f.relief as 'ASYLUM' }];
    case 'IJ_DECISION': {
      if (f.outcome === undefined) return [];
      const departBy = asDate(f.vdDepartBy);
      return [
        defined({
          type: 'ij_decision',
          date,
          outcome: f.outcome as 'REMOVAL_ORDERED',
          inAbsentia: flag(f.inAbsentia),
          appealWaived: flag(f.appealWaived),
          appealReserved: flag(f.appealReserved),
          // With voluntary departure, the country on the decision is the alternate order's (scenario S26).
          designatedCountry: f.outcome === 'VOLUNTARY_DEPARTURE' ? undefined : f.designatedCountry,
          alternateOrderCountry: f.outcome === 'VOLUNTARY_DEPARTURE' ? f.designatedCountry : undefined,
          asylumAdjudicatedOnMerits: flag(f.asylumAdjudicatedOnMerits),
          protection:
            f.protectionType === undefined
              ? undefined
              : { type: f.protectionType, country: f.designatedCountry ?? '' },
          vd:
            f.vdType === undefined || departBy === undefined
              ? undefined
              : defined({
                  type: f.vdType as 'AT_CONCLUSION',
                  departBy,
                  bondAmountUSD: f.vdBondUsd === undefined ? undefined : Number(f.vdBondUsd),
                }),
        }),
      ];
    }
    case 'VD_BOND_POSTED':
      return [{ type: 'vd_bond_posted', date }];
    case 'BIA_APPEAL_FILED':
      return [defined({ type: 'bia_appeal_filed', date, by: f.filedBy })];
    case 'BIA_DECISION':
      return f.outcome === undefined
        ? []
        : [
            defined({
              type: 'bia_decision',
              date,
              outcome: f.outcome as 'DISMISSED',
              vdReinstatedDepartBy: asDate(f.vdDepartBy),
            }),
          ];
    case 'MOTION_TO_REOPEN_FILED':
      return f.mtrBasis === undefined
        ? []
        : [{ type: 'motion_to_reopen_filed', date, basis: f.mtrBasis as 'GENERAL' }];
    case 'STAY_GRANTED':
    case 'STAY_LIFTED':
      return [
        defined({
          type: f.eventType === 'STAY_GRANTED' ? 'stay_granted' : 'stay_lifted',
          date,
          by: f.stayBy as 'BIA' | undefined,
          until: asDate(f.stayUntil),
        }),
      ];
    default:
      return [];
  }
}

/** Record types whose date of birth is read from a document (passport MRZ, birth certificate). */
const DOCUMENTED_BIRTH_DATE = new Set([
  'admission',
  'departure',
  'visa_issuance',
  'us_passport',
  'birth_record',
]);

/**
 * The birth of a person with no US birth evidence, from the dates of birth their records carry: the
 * date most records agree on, documents first; on a tie the latest date, and for a partial date the
 * last day it could be, since a younger age never counts against a person (RULES.md §5.3 minors).
 */
function derivedBirth(records: readonly SourceRecord[]): Draft | undefined {
  const votes = new Map<string, { score: number; recordIds: string[] }>();
  const countries = new Map<string, number>();
  for (const record of records) {
    const dob = record.fields.dateOfBirth;
    if (record.fields.countryOfBirth !== undefined)
      countries.set(record.fields.countryOfBirth, (countries.get(record.fields.countryOfBirth) ?? 0) + 1);
    if (dob === undefined) continue;
    const date = latestDayOf(dob);
    const vote = votes.get(date) ?? { score: 0, recordIds: [] };
    vote.score += (DOCUMENTED_BIRTH_DATE.has(record.recordType) ? 2 : 1) * (dob.length === 10 ? 2 : 1);
    vote.recordIds.push(`${record.sourceId}:${record.sourceRecordId}`);
    votes.set(date, vote);
  }
  const best = [...votes].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? 1 : -1))[0];
  if (best === undefined) return undefined;
  const country = [...countries].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return defined({
    type: 'birth' as const,
    date: best[0] as IsoDate,
    place: 'ABROAD' as const,
    countryOfBirth: country,
    recordIds: best[1].recordIds,
  });
}

function latestDayOf(partial: string): string {
  if (partial.length === 10) return partial;
  const year = Number(partial.slice(0, 4));
  if (partial.length === 4) return `${year}-12-31`;
  const month = Number(partial.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${partial}-${String(last).padStart(2, '0')}`;
}

/**
 * All events of a person's records, in date order (ties keep record order), ready for the engine.
 * A person with no US birth evidence also gets a `birth` abroad from their records' dates of birth.
 */
export function lifecycleEvents(records: readonly SourceRecord[]): LifecycleEvent[] {
  const live = records.filter((r) => !isRecalled(r));
  const events = live.flatMap(recordEvents);
  if (!events.some((e) => e.type === 'birth')) {
    const birth = derivedBirth(live);
    if (birth !== undefined) events.push(birth as LifecycleEvent);
  }
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.index - b.index))
    .map(({ event }) => event);
}

/** A record whose current version is a recall (a tombstone): nothing is derived from it. */
export function isRecalled(record: SourceRecord): boolean {
  return record.fields.recalledOn !== undefined;
}
