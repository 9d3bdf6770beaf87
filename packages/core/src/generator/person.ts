import type { RecordType } from '../records/record-types.js';
import { countryOf } from './countries.js';
import { addYears, isoOf } from './days.js';
import type { Counsel } from './filings.js';
import type { Ids } from './identifiers.js';
import type { Sex, TrueName } from './names.js';
import type { Rng } from './prng.js';
import { buildRecord } from './records.js';
import type { Archetype, GeneratedRecord, SourceId, TruthEvent } from './types.js';

/** Who a person really is. */
export type Identity = {
  name: TrueName;
  sex: Sex;
  /** Day number of the date of birth (1 January of the year when `dobJan1`). */
  dob: number;
  dobJan1: boolean;
  countryOfBirth: string;
  nationality: string;
  /** The nationality of the passport a US-born dual national travels on. */
  travelNationality?: string;
};

export type Passport = { issuer: string; number: string; issued: number; expires: number };

/** A real crossing of the border, recorded or not; the truth the facts are computed from. */
export type Move = {
  day: number;
  dir: 'IN' | 'OUT';
  /** A verified official record shows it (I-94, APIS, CBSA, I-205). */
  recorded: boolean;
  mode: 'AIR' | 'SEA' | 'LAND';
  to?: string;
  removal?: boolean;
};

/** What all persons share: the attorneys who appear for them, and recent identities namesakes copy. */
export type World = {
  counsel: readonly Counsel[];
  pickCounsel: (rng: Rng) => number;
  /** A bounded ring of recent persons, so a namesake can copy a name and a close birth date. */
  recent: { personId: string; identity: Identity }[];
};

/** A twin's sibling: the second twin shares surname, birth date, nationality and the story's anchor day. */
export type Template = { personId: string; identity: Identity; anchor: number };

/** The state of one person while their story is written. */
export type PersonBuilder = {
  rng: Rng;
  ids: Ids;
  world: World;
  /** The reference day: nothing after it has happened yet. */
  ref: number;
  personId: string;
  archetype: Archetype;
  /** Set by the story (settleIdentity) before it writes any record. */
  identity: Identity;
  events: TruthEvent[];
  /** Day numbers of `events`, same order. */
  eventDays: number[];
  records: GeneratedRecord[];
  moves: Move[];
  passports: Passport[];
  aNumber?: string;
  fin?: string;
  courtEvents: number;
  misidentificationRisk?: boolean;
  template?: Template;
  twinOf?: string;
  namesakeOf?: string;
  /** The story's anchor day (first admission, birth, …): a twin travels with the sibling. */
  anchor?: number;
  citizenshipClaim?: { basis: string; isTrue: boolean };
};

/** A person before the story has settled who they are. */
export type Draft = Omit<PersonBuilder, 'identity'> & { identity?: Identity };

/** The passport the person travels on at a day, renewing (a new number) when one expires. */
export function passportAt(b: PersonBuilder, day: number): Passport {
  const issuer = b.identity.travelNationality ?? b.identity.nationality;
  let last = b.passports[b.passports.length - 1];
  if (last === undefined) {
    const issued = Math.max(b.identity.dob + 30, day - b.rng.int(30, 9 * 365));
    last = newPassport(b, issuer, issued);
  }
  while (last.expires < day) last = newPassport(b, issuer, last.expires - b.rng.int(0, 120));
  return last;
}

function newPassport(b: PersonBuilder, issuer: string, issued: number): Passport {
  const minor = issued - b.identity.dob < 16 * 365;
  const passport: Passport = {
    issuer,
    number: b.ids.passport(b.rng, issuer, countryOf(issuer).passport),
    issued,
    expires: addYears(issued, minor ? 5 : 10) - 1,
  };
  b.passports.push(passport);
  return passport;
}

/** USCIS or ICE assigns an A-Number at the first filing or encounter that needs one; it is kept for life. */
export function ensureANumber(b: PersonBuilder): string {
  b.aNumber ??= b.ids.aNumber();
  return b.aNumber;
}

export function ensureFin(b: PersonBuilder): string {
  b.fin ??= b.ids.fin();
  return b.fin;
}

/**
 * Writes an official record if its day has come (on or before the reference day) and returns its
 * `<source>:<sourceRecordId>` key; a record dated later does not exist yet.
 */
export function record(
  b: PersonBuilder,
  day: number,
  source: SourceId,
  type: RecordType,
  sourceRecordId: string,
  own: Record<string, string | undefined>,
): string | undefined {
  if (day > b.ref) return undefined;
  b.records.push(buildRecord(b, day, source, type, sourceRecordId, own));
  return `${source}:${sourceRecordId}`;
}

/** Adds a lifecycle event if it has happened by the reference day, linked to the records that show it. */
export function event(
  b: PersonBuilder,
  day: number,
  fields: { type: string } & Record<string, unknown>,
  recordKeys: readonly (string | undefined)[],
): void {
  if (day > b.ref) return;
  const e: Record<string, unknown> = { type: fields.type, date: isoOf(day) };
  for (const k in fields) if (k !== 'type') e[k] = fields[k];
  const recordIds: string[] = [];
  for (const k of recordKeys) if (k !== undefined) recordIds.push(k);
  e.recordIds = recordIds;
  b.events.push(e as TruthEvent);
  b.eventDays.push(day);
}

/** Records a real crossing (the truth; records are written separately). */
export function move(b: PersonBuilder, m: Move): void {
  if (m.day <= b.ref) b.moves.push(m);
}
