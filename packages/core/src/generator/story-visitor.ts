import {
  decideAdjustment,
  decideAsylum,
  decideStay,
  fileAdjustment,
  fileAsylum,
  fileStay,
} from './benefits.js';
import { countryOf } from './countries.js';
import { removalCase } from './court.js';
import { addMonths, addYears } from './days.js';
import { counselAppearance, selfReportedDeparture } from './filings.js';
import { settleIdentity } from './identity.js';
import { type Admission, admit, chooseExit, depart, type Exit, type Mode, visa } from './movements.js';
import type { Draft, PersonBuilder } from './person.js';
import { weighted } from './prng.js';
import { anchorFor, FIRST_ADMISSION_DAY } from './timeline.js';

/**
 * Visitors for business or pleasure (B1/B2 with a visa, WT/WB under the Visa Waiver Program),
 * transit passengers and crew (C1/D1), and applicants refused a visa who never came. Most make
 * one to a few trips and leave on time; a small share overstay (RULES.md §4.4: about 1–2%).
 */

const VISA_COUNTRIES = weighted<string>([
  ['MEX', 24],
  ['IND', 9],
  ['CHN', 8],
  ['BRA', 7],
  ['COL', 5],
  ['PHL', 3],
  ['DOM', 3],
  ['ARG', 3],
  ['ECU', 2],
  ['PER', 2],
  ['GTM', 2],
  ['SLV', 1.5],
  ['HND', 1.5],
  ['NGA', 2],
  ['VNM', 2],
  ['TUR', 2],
  ['EGY', 1],
  ['SAU', 1],
  ['ARE', 1],
  ['JOR', 0.6],
  ['LBN', 0.6],
  ['MAR', 0.6],
  ['PAK', 1],
  ['BGD', 0.6],
  ['RUS', 1],
  ['UKR', 1],
  ['KAZ', 0.4],
  ['IRN', 0.4],
  ['IDN', 1],
  ['HKG', 1],
  ['JAM', 1],
  ['HTI', 0.8],
  ['GHA', 0.6],
  ['VEN', 1],
  ['CUB', 0.4],
  ['NIC', 0.4],
  ['IRQ', 0.3],
  ['AFG', 0.2],
  ['NPL', 0.4],
  ['LKA', 0.3],
  ['MYS', 0.5],
  ['SOM', 0.1],
  ['YEM', 0.1],
  ['SDN', 0.1],
  ['SYR', 0.1],
]);

const VWP_COUNTRIES = weighted<string>([
  ['GBR', 22],
  ['DEU', 11],
  ['FRA', 9],
  ['JPN', 9],
  ['KOR', 8],
  ['ITA', 6],
  ['ESP', 6],
  ['AUS', 5],
  ['NLD', 4],
  ['IRL', 3],
  ['CHE', 2.5],
  ['SWE', 2.5],
  ['TWN', 3],
  ['BEL', 1.5],
  ['CHL', 1.5],
  ['POL', 2],
  ['AUT', 1.2],
  ['DNK', 1.2],
  ['NOR', 1.2],
  ['NZL', 1.2],
  ['PRT', 1],
  ['FIN', 0.6],
  ['SGP', 1],
  ['QAT', 0.3],
]);

/** Countries whose visitors overstay most (DHS FY2023 country rates); a multiplier on the base rate. */
const HIGH_OVERSTAY: ReadonlySet<string> = new Set([
  'HTI',
  'NGA',
  'GHA',
  'AFG',
  'SOM',
  'YEM',
  'SDN',
  'VEN',
  'CUB',
  'NIC',
  'HND',
  'GTM',
  'SLV',
]);

/** How many years a B visa is valid, by reciprocity. */
function visaYears(nationality: string): number {
  if (
    ['MEX', 'IND', 'CHN', 'BRA', 'COL', 'ARG', 'PHL', 'PER', 'ECU', 'DOM', 'IDN', 'HKG'].includes(nationality)
  )
    return 10;
  if (['NGA', 'GHA', 'VNM', 'PAK', 'EGY'].includes(nationality)) return 2;
  return 5;
}

function entryMode(draftNationality: string, vwp: boolean, r: number): Mode {
  if (vwp) return r < 0.97 ? 'AIR' : 'SEA';
  if (draftNationality === 'MEX') return r < 0.45 ? 'LAND' : 'AIR';
  return r < 0.97 ? 'AIR' : 'SEA';
}

/** A visitor's typical stay: most leave within a few weeks, a long tail stays months. */
function stayLength(b: PersonBuilder, adm: Admission): number {
  const max = typeof adm.until === 'number' ? adm.until - adm.day : 180;
  const days = Math.round(3 + b.rng.next() ** 2.2 * 120);
  return Math.max(1, Math.min(days, max));
}

/** Sometimes a person whose departure nobody recorded tells USCIS or counsel that they left. */
function maybeSelfReport(b: PersonBuilder, exit: Exit, day: number, p: number): void {
  if ((exit === 'LAND_MEXICO' || exit === 'AIR_UNRECORDED') && b.rng.chance(p)) {
    selfReportedDeparture(b, day, day + b.rng.int(20, 400));
  }
}

export function visitorStory(draft: Draft, vwp: boolean): void {
  const rng = draft.rng;
  const nationality =
    draft.template?.identity.nationality ?? (vwp ? VWP_COUNTRIES(rng) : VISA_COUNTRIES(rng));
  const start = anchorFor(draft, FIRST_ADMISSION_DAY, draft.ref);
  const minor = rng.chance(0.1);
  const b = settleIdentity(draft, {
    nationality,
    bornFrom: minor ? start - 17 * 365 : start - 78 * 365,
    bornTo: minor ? start - 365 : start - 18 * 365,
  });
  if (!vwp) {
    const visaDay = start - rng.int(15, 200);
    if (rng.chance(0.08)) visa(b, visaDay - rng.int(60, 700), 'B2', 'REFUSED', 0);
    visa(b, visaDay, rng.chance(0.85) ? 'B2' : 'B1', 'ISSUED', visaYears(nationality));
  }
  const country = countryOf(nationality);
  const overstayRate =
    (vwp ? 0.007 : 0.011) * (HIGH_OVERSTAY.has(nationality) ? 3 : country.overland ? 1.4 : 1);
  const trips = 1 + Math.min(5, Math.floor(Math.log(1 - rng.next()) / Math.log(0.45)));

  let day = start;
  for (let t = 0; t < trips && day <= b.ref; t++) {
    const cls = vwp ? (rng.chance(0.9) ? 'WT' : 'WB') : rng.chance(0.85) ? 'B2' : 'B1';
    const mode = entryMode(nationality, vwp, rng.next());
    const until = vwp
      ? day + 89
      : cls === 'B1' && rng.chance(0.3)
        ? addMonths(day, rng.int(1, 5)) - 1
        : addMonths(day, 6) - 1;
    const adm = admit(b, day, cls, until, mode);
    const last = t === trips - 1;
    const r = rng.next();
    if (last && r < overstayRate) {
      overstay(b, adm, vwp);
      return;
    }
    if (last && !vwp && r < overstayRate + 0.03) {
      extension(b, adm);
      return;
    }
    const exitDay = day + stayLength(b, adm);
    const exit = chooseExit(b, mode);
    depart(b, exitDay, exit);
    maybeSelfReport(b, exit, exitDay, 0.12);
    day = exitDay + rng.int(30, 500);
  }
}

/** A timely I-539 for six more months: mostly approved, sometimes denied, sometimes still pending. */
function extension(b: PersonBuilder, adm: Admission): void {
  const rng = b.rng;
  const until = adm.until as number;
  const filed = Math.max(adm.day + 20, until - rng.int(5, 45));
  const requested = addMonths(until, 6);
  const receipt = fileStay(b, filed, 'EXTENSION', 'I-539', requested);
  // USCIS decides before the requested period ends (a decision record never grants a date already past).
  const decided = filed + rng.int(60, Math.max(61, requested - filed - 15));
  const r = rng.next();
  if (r < 0.8) {
    decideStay(b, decided, 'EXTENSION', receipt, 'APPROVED', requested);
    const exitDay = Math.max(decided + 1, requested - rng.int(0, 60));
    depart(b, exitDay, chooseExit(b, adm.mode));
  } else if (r < 0.95) {
    decideStay(b, decided, 'EXTENSION', receipt, 'DENIED', undefined, 'INELIGIBLE');
    if (rng.chance(0.8)) depart(b, decided + rng.int(3, 40), 'AIR');
    else overstayTail(b, decided, true);
  }
  // else: still pending, the visitor waits in a period of authorized stay.
}

/** The visitor stays past the admission period: leaves late, or stays, and what follows. */
function overstay(b: PersonBuilder, adm: Admission, vwp: boolean): void {
  const rng = b.rng;
  const until = adm.until as number;
  const r = rng.next();
  if (r < 0.12) {
    depart(b, until + rng.int(1, 400), 'AIR');
    return;
  }
  if (r < 0.18) {
    const day = until + rng.int(10, 300);
    depart(b, day, 'LAND_MEXICO');
    maybeSelfReport(b, 'LAND_MEXICO', day, 0.3);
    return;
  }
  overstayTail(b, until, !vwp || rng.chance(0.5));
}

/**
 * What a person who stays past their lawful stay does next: an encounter and removal
 * proceedings, marriage to a citizen and adjustment, a late asylum claim, or nothing on record.
 */
export function overstayTail(b: PersonBuilder, lastLawfulDay: number, canAdjust: boolean): void {
  const rng = b.rng;
  const r = rng.next();
  if (r < 0.2) {
    removalCase(b, lastLawfulDay + rng.int(60, 1500), 'OVERSTAY');
  } else if (r < 0.32 && canAdjust) {
    const filed = lastLawfulDay + rng.int(30, 900);
    const receipt = fileAdjustment(b, filed);
    if (rng.chance(0.5)) counselAppearance(b, filed, 'G-28');
    decideAdjustment(b, filed + rng.int(240, 700), receipt, rng.chance(0.9) ? 'APPROVED' : 'DENIED');
  } else if (r < 0.38) {
    const filed = lastLawfulDay + rng.int(30, 400);
    const receipt = fileAsylum(b, filed);
    if (rng.chance(0.3)) {
      const decided = filed + rng.int(400, 1800);
      decideAsylum(b, decided, receipt, 'REFERRED_TO_IJ');
      removalCase(b, decided + rng.int(10, 60), 'ASYLUM_REFERRAL');
    }
  } else if (r < 0.41) {
    const filed = lastLawfulDay + rng.int(10, 120);
    const receipt = fileStay(b, filed, 'EXTENSION', 'I-539', addMonths(lastLawfulDay, 6));
    decideStay(b, filed + rng.int(60, 300), 'EXTENSION', receipt, 'DENIED', undefined, 'INELIGIBLE');
  }
  // else: here, with nothing on record.
}

/** A passenger in transit (C1) or a crew member (D1): hours to days, out of the DHS report's scope. */
export function transitStory(draft: Draft): void {
  const rng = draft.rng;
  const crew = rng.chance(0.4);
  const nationality =
    draft.template?.identity.nationality ??
    (crew ? rng.pick(['PHL', 'IND', 'IDN', 'UKR', 'RUS', 'CHN']) : VISA_COUNTRIES(rng));
  const start = anchorFor(draft, FIRST_ADMISSION_DAY, draft.ref);
  const b = settleIdentity(draft, { nationality, bornFrom: start - 65 * 365, bornTo: start - 20 * 365 });
  visa(b, start - rng.int(10, 300), crew ? 'D1' : 'C1', 'ISSUED', 5);
  let day = start;
  for (let t = 0; t < (crew ? rng.int(1, 4) : 1) && day <= b.ref; t++) {
    const mode: Mode = crew && rng.chance(0.6) ? 'SEA' : 'AIR';
    const adm = admit(b, day, crew ? 'D1' : 'C1', day + 28, mode);
    if (rng.chance(0.005)) {
      overstayTail(b, adm.until as number, false);
      return;
    }
    const exitDay = day + rng.int(0, 6);
    depart(b, exitDay, mode === 'SEA' ? 'SEA' : 'AIR');
    day = exitDay + rng.int(20, 200);
  }
}

/** Refused a visa (INA §214(b)), once or twice, and never admitted: a record in dos-visas only. */
export function refusedStory(draft: Draft): void {
  const rng = draft.rng;
  const nationality = draft.template?.identity.nationality ?? VISA_COUNTRIES(rng);
  const day = anchorFor(draft, FIRST_ADMISSION_DAY - 365, draft.ref);
  const b = settleIdentity(draft, { nationality, bornFrom: day - 60 * 365, bornTo: day - 18 * 365 });
  visa(b, day, 'B2', 'REFUSED', 0);
  if (rng.chance(0.25)) visa(b, addYears(day, 1) + rng.int(-90, 200), rng.pick(['B2', 'F1']), 'REFUSED', 0);
}
