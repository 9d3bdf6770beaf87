import { countryOf } from './countries.js';
import { civilFromDay, dayFromCivil, daysInMonth } from './days.js';
import type { CultureId } from './name-tables.js';
import { createTrueName, type Sex, siblingName } from './names.js';
import type { Draft, Identity, PersonBuilder } from './person.js';
import { type Rng, weighted } from './prng.js';

/**
 * Who a person is: nationality, naming culture, name, sex and date of birth. Namesakes arise from
 * the skewed name tables; on top of that a small share of persons deliberately copy a recent
 * person's full name with an equal or close date of birth (the case a matcher must not merge),
 * and twins share surname and birthday.
 */

/** Share of persons who copy a recent person's full name and a close birth date. */
const NAMESAKE_ECHO = 0.006;
const RECENT_SIZE = 256;

/** Where people of a naming culture were born when their passport is from elsewhere (GBR, CAN, FRA…). */
const ORIGIN: Partial<Record<CultureId, readonly string[]>> = {
  SOUTH_ASIAN: ['IND', 'IND', 'LKA'],
  PAKISTANI: ['PAK', 'BGD'],
  CHINESE: ['CHN', 'HKG'],
  ARABIC: ['EGY', 'MAR', 'LBN', 'IRQ'],
  WEST_AFRICAN: ['NGA', 'GHA'],
  TURKISH: ['TUR'],
  POLISH: ['POL'],
  VIETNAMESE: ['VNM'],
  FILIPINO: ['PHL'],
  PORTUGUESE: ['PRT', 'BRA'],
  HISPANIC: ['MEX', 'COL', 'CUB'],
};

const DIASPORA: ReadonlySet<string> = new Set(['GBR', 'CAN', 'FRA', 'DEU', 'NLD', 'BEL', 'AUS', 'CHE']);

const pickers = new Map<string, (rng: Rng) => CultureId>();

function cultureOf(rng: Rng, nationality: string): CultureId {
  let pick = pickers.get(nationality);
  if (pick === undefined) {
    pick = weighted(countryOf(nationality).cultures);
    pickers.set(nationality, pick);
  }
  return pick(rng);
}

export type IdentitySpec = {
  nationality: string;
  /** Earliest and latest day of birth the story allows. */
  bornFrom: number;
  bornTo: number;
  /** A US-born person: born in the USA, never a 1 January convention. */
  usBorn?: boolean;
  /** A US-born dual national's other passport. */
  travelNationality?: string;
  /** Force a culture (a US-born child of immigrants from the travel nationality). */
  culture?: CultureId;
};

/** Settles the person's identity for the story (or copies the twin's) and remembers it for namesakes. */
export function settleIdentity(draft: Draft, spec: IdentitySpec): PersonBuilder {
  const rng = draft.rng;
  const template = draft.template;
  let identity: Identity;
  if (template !== undefined) {
    const sibling = template.identity;
    const sex: Sex = rng.chance(0.5) ? 'M' : 'F';
    identity = {
      ...sibling,
      sex,
      name: siblingName(rng, sibling.name, sex, sibling.travelNationality ?? sibling.nationality),
    };
    draft.twinOf = template.personId;
  } else {
    identity = echoOrNew(draft, rng, spec);
  }
  draft.identity = identity;
  const recent = draft.world.recent;
  const entry = { personId: draft.personId, identity };
  // A ring: slot i mod RECENT_SIZE, so memory stays constant without shifting the array.
  if (recent.length < RECENT_SIZE) recent.push(entry);
  else recent[Number(draft.personId.slice(1)) % RECENT_SIZE] = entry;
  return draft as PersonBuilder;
}

function echoOrNew(draft: Draft, rng: Rng, spec: IdentitySpec): Identity {
  const culture =
    spec.culture ?? (spec.usBorn === true ? cultureOf(rng, 'USA') : cultureOf(rng, spec.nationality));
  const sex: Sex = rng.chance(0.5) ? 'M' : 'F';
  const country = countryOf(spec.nationality);
  let dob = spec.bornFrom + Math.floor(rng.next() * (spec.bornTo - spec.bornFrom + 1));
  let dobJan1 = false;
  if (spec.usBorn !== true && country.jan1 > 0 && rng.chance(country.jan1)) {
    dob = dayFromCivil(civilFromDay(dob)[0], 1, 1);
    dobJan1 = true;
  }
  let name = createTrueName(rng, culture, sex, spec.travelNationality ?? spec.nationality);
  let echoSex = sex;
  if (rng.chance(NAMESAKE_ECHO)) {
    const candidates = draft.world.recent.filter(
      (r) => r.identity.name.culture === culture && r.personId !== draft.personId,
    );
    const other = candidates.length > 0 ? rng.pick(candidates) : undefined;
    if (other !== undefined) {
      name = other.identity.name;
      echoSex = other.identity.sex;
      const close = closeBirthDate(rng, other.identity.dob);
      if (close >= spec.bornFrom && close <= spec.bornTo) {
        dob = close;
        dobJan1 = other.identity.dobJan1 && close === other.identity.dob;
      }
      draft.namesakeOf = other.personId;
    }
  }
  let countryOfBirth = spec.usBorn === true ? 'USA' : spec.nationality;
  const origin = ORIGIN[culture];
  // Citizens of immigration countries whose names come from elsewhere were often born there.
  if (
    origin !== undefined &&
    DIASPORA.has(spec.nationality) &&
    culture !== country.cultures[0]?.[0] &&
    rng.chance(0.5)
  ) {
    countryOfBirth = rng.pick(origin);
  }
  const identity: Identity = {
    name,
    sex: echoSex,
    dob,
    dobJan1,
    countryOfBirth,
    nationality: spec.usBorn === true ? 'USA' : spec.nationality,
  };
  if (spec.travelNationality !== undefined) identity.travelNationality = spec.travelNationality;
  return identity;
}

/** The same day, a day or three apart, or the same month of the same year: namesakes a matcher must keep apart. */
function closeBirthDate(rng: Rng, dob: number): number {
  const r = rng.next();
  if (r < 0.4) return dob;
  if (r < 0.7) return dob + (rng.chance(0.5) ? 1 : -1) * rng.int(1, 3);
  const [y, m] = civilFromDay(dob);
  return dayFromCivil(y, m, rng.int(1, daysInMonth(y, m)));
}
