/**
 * Untrusted lifecycle events (a CLI file, an HTTP body) → typed events, or the first problem found,
 * naming the event index and field. One table per event type; extra fields are allowed (sources
 * carry more than the engine reads).
 */

import { err, ok, type Result } from '../shared/result.js';
import { isIsoDate } from './calendar.js';
import {
  ASYLUM_OUTCOMES,
  AUTHORIZED_STAY_BASES,
  BAR_EXCEPTION_BASES,
  BIA_OUTCOMES,
  CLAIM_RESOLUTIONS,
  DECISION_OUTCOMES,
  DENIAL_REASONS,
  DEPARTURE_SOURCES,
  FEAR_SCREENINGS,
  IJ_OUTCOMES,
  type LifecycleEvent,
  type LifecycleEventType,
  MTR_BASES,
  RELIEF_TYPES,
  REMOVAL_TRACKS,
  SEVIS_END_REASONS,
  STAY_AUTHORITIES,
  VD_TYPES,
} from './types.js';

type Field =
  | { kind: 'date' | 'string' | 'boolean' | 'number' | 'dateOrDs' | 'dateOrDsOrNull'; optional: boolean }
  | { kind: 'enum'; values: readonly string[]; optional: boolean }
  | { kind: 'object'; fields: Fields; optional: boolean };
type Fields = Record<string, Field>;

const date: Field = { kind: 'date', optional: false };
const text: Field = { kind: 'string', optional: false };
const flag: Field = { kind: 'boolean', optional: false };
const oneOf = (values: readonly string[]): Field => ({ kind: 'enum', values, optional: false });
const optional = (field: Field): Field => ({ ...field, optional: true });

const filing: Fields = {
  form: optional(text),
  requestedUntil: optional({ kind: 'dateOrDs', optional: true }),
  toClass: optional(text),
  sameEmployer: optional(flag),
  nonFrivolous: optional(flag),
  unauthorizedEmployment: optional(flag),
  lateFilingReason: optional(text),
};
const decision: Fields = {
  outcome: oneOf(DECISION_OUTCOMES),
  grantedUntil: optional({ kind: 'dateOrDs', optional: true }),
  denialReason: optional(oneOf(DENIAL_REASONS)),
  statusViolationFinding: optional(flag),
  lateFilingExcused: optional(flag),
};
const stay: Fields = { by: optional(oneOf(STAY_AUTHORITIES)), until: optional(date) };

/** The fields each event type may carry beyond `type`, `date` and `recordIds`. */
const EVENT_FIELDS: Record<LifecycleEventType, Fields> = {
  birth: {
    place: oneOf(['US', 'ABROAD']),
    countryOfBirth: optional(text),
    diplomaticParent: optional(flag),
    evidence: optional(text),
    parentalStatusDisputed: optional(flag),
  },
  admission: {
    class: text,
    admitUntil: { kind: 'dateOrDsOrNull', optional: false },
    mode: optional(oneOf(['AIR', 'SEA', 'LAND'])),
    immigrant: optional(flag),
    passportIssuer: optional(text),
    i94Number: optional(text),
  },
  entry_without_inspection: {},
  departure: { source: oneOf(DEPARTURE_SOURCES), verified: flag },
  satisfactory_departure_granted: { until: date, by: optional(text) },
  sevis_program_end: { reason: oneOf(SEVIS_END_REASONS) },
  employment_ended: {},
  extension_filed: filing,
  change_of_status_filed: filing,
  extension_decided: decision,
  change_of_status_decided: decision,
  aos_filed: { form: optional(text), basis: optional(text) },
  aos_decided: {
    form: optional(text),
    outcome: oneOf(DECISION_OUTCOMES),
    statusViolationFinding: optional(flag),
  },
  lpr_granted: { via: optional(text) },
  naturalized: { certificate: optional(text) },
  parent_naturalized: {
    relationship: optional(text),
    childInLegalAndPhysicalCustody: optional(flag),
    childResidingInUS: optional(flag),
  },
  citizenship_claim_asserted: {
    basis: optional(text),
    evidence: optional(text),
    resolution: oneOf(CLAIM_RESOLUTIONS),
  },
  asylum_filed: {
    forum: optional(oneOf(['USCIS', 'IJ'])),
    bonaFide: optional(flag),
    unauthorizedEmployment: optional(flag),
  },
  asylum_decided: { outcome: oneOf(ASYLUM_OUTCOMES) },
  tps_granted: { until: date, country: text },
  tps_filed: { country: text, primaFacie: optional(flag) },
  tps_denied: {},
  nta_issued: {},
  nta_filed: {},
  master_hearing: {},
  individual_hearing: {},
  relief_application_filed: { relief: oneOf(RELIEF_TYPES) },
  ij_decision: {
    outcome: oneOf(IJ_OUTCOMES),
    inAbsentia: optional(flag),
    appealWaived: optional(flag),
    appealReserved: optional(flag),
    designatedCountry: optional(text),
    asylumAdjudicatedOnMerits: optional(flag),
    protection: { kind: 'object', optional: true, fields: { type: text, country: text } },
    vd: {
      kind: 'object',
      optional: true,
      fields: {
        type: oneOf(VD_TYPES),
        departBy: date,
        bondAmountUSD: optional({ kind: 'number', optional: true }),
      },
    },
    alternateOrderCountry: optional(text),
  },
  vd_bond_posted: {},
  bia_appeal_filed: { by: optional(text) },
  bia_decision: { outcome: oneOf(BIA_OUTCOMES), vdReinstatedDepartBy: optional(date) },
  motion_to_reopen_filed: { forum: optional(text), basis: oneOf(MTR_BASES) },
  motion_to_reopen_decided: { outcome: oneOf(['GRANTED', 'DENIED']) },
  petition_for_review_filed: { court: optional(text), stayMotionFiled: optional(flag) },
  stay_granted: stay,
  stay_lifted: stay,
  removal_executed: { verifiedBy: optional(text) },
  removal_order_issued: {
    track: oneOf(REMOVAL_TRACKS),
    designatedCountry: optional(text),
    fearClaimed: optional(flag),
    fearScreening: optional(oneOf(FEAR_SCREENINGS)),
  },
  authorized_stay_granted: { basis: oneOf(AUTHORIZED_STAY_BASES), until: optional(date) },
  bar_exception_determined: { basis: oneOf(BAR_EXCEPTION_BASES) },
};

export const LIFECYCLE_EVENT_TYPES = Object.keys(EVENT_FIELDS) as LifecycleEventType[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function problemOf(field: Field, value: unknown): string | null {
  if (value === undefined) return field.optional ? null : 'is required';
  switch (field.kind) {
    case 'date':
      return isIsoDate(value) ? null : 'must be a date YYYY-MM-DD';
    case 'dateOrDs':
      return isIsoDate(value) || value === 'D/S' ? null : "must be a date YYYY-MM-DD or 'D/S'";
    case 'dateOrDsOrNull':
      return value === null || isIsoDate(value) || value === 'D/S'
        ? null
        : "must be a date YYYY-MM-DD, 'D/S' or null";
    case 'string':
      return typeof value === 'string' && value.length > 0 ? null : 'must be a non-empty string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'enum':
      return typeof value === 'string' && field.values.includes(value)
        ? null
        : `must be one of ${field.values.join(', ')}`;
    case 'object': {
      if (!isRecord(value)) return 'must be an object';
      for (const [name, inner] of Object.entries(field.fields)) {
        const problem = problemOf(inner, value[name]);
        if (problem) return `.${name} ${problem}`;
      }
      return null;
    }
  }
}

/** One event, or why it is not one. `where` names it in messages ("event 3"). */
export function parseLifecycleEvent(input: unknown, where: string): Result<LifecycleEvent, string> {
  if (!isRecord(input)) return err(`${where}: must be an object with "type" and "date"`);
  const type = input.type;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_FIELDS, type)) {
    return err(
      `${where}: unknown event type ${JSON.stringify(type)} (known: ${LIFECYCLE_EVENT_TYPES.join(', ')})`,
    );
  }
  const fields = EVENT_FIELDS[type as LifecycleEventType];
  const named = `${where} (${type})`;
  if (!isIsoDate(input.date))
    return err(`${named}: field "date" must be a date YYYY-MM-DD, got ${JSON.stringify(input.date)}`);
  for (const [name, field] of Object.entries(fields)) {
    const problem = problemOf(field, input[name]);
    if (problem) return err(`${named}: field "${name}"${problem.startsWith('.') ? problem : ` ${problem}`}`);
  }
  const recordIds = input.recordIds;
  if (
    recordIds !== undefined &&
    !(Array.isArray(recordIds) && recordIds.every((id) => typeof id === 'string'))
  ) {
    return err(`${named}: field "recordIds" must be an array of strings`);
  }
  return ok(input as LifecycleEvent);
}

/** A JSON array of lifecycle events, or the first problem found ("event 3 (admission): field …"). */
export function parseLifecycleEvents(input: unknown): Result<LifecycleEvent[], string> {
  if (!Array.isArray(input)) return err('expected a JSON array of lifecycle events');
  const events: LifecycleEvent[] = [];
  for (let index = 0; index < input.length; index++) {
    const parsed = parseLifecycleEvent(input[index], `event ${index}`);
    if (!parsed.ok) return parsed;
    events.push(parsed.value);
  }
  return ok(events);
}
