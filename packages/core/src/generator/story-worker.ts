import { decideAdjustment, decideStay, fileAdjustment, fileStay } from './benefits.js';
import { addMonths, addYears, dayFromCivil, yearOf } from './days.js';
import { counselAppearance } from './filings.js';
import { settleIdentity } from './identity.js';
import { admit, chooseExit, depart, visa } from './movements.js';
import type { Draft, PersonBuilder } from './person.js';
import { weighted } from './prng.js';
import { naturalization } from './story-immigrant.js';
import { overstayTail } from './story-visitor.js';
import { anchorFor, FIRST_ADMISSION_DAY } from './timeline.js';

/**
 * Temporary workers: specialty occupations (H1B), intracompany transferees (L1A, L1B), NAFTA/USMCA
 * professionals (TN), extraordinary ability (O1), treaty investors (E2), and seasonal workers
 * (H2A, H2B). Employers extend with I-129; many H1B and L1 workers adjust to permanent residence.
 */

const WORKER_COUNTRIES = weighted<string>([
  ['IND', 55],
  ['CHN', 9],
  ['CAN', 7],
  ['MEX', 8],
  ['PHL', 3],
  ['KOR', 3],
  ['GBR', 3],
  ['JPN', 2],
  ['DEU', 2],
  ['FRA', 1],
  ['BRA', 2],
  ['GTM', 2],
  ['JAM', 1.5],
  ['TWN', 1],
  ['PAK', 1],
  ['NGA', 1],
  ['ITA', 0.5],
]);

function workerClass(b: Draft, nationality: string): string {
  const r = b.rng.next();
  switch (nationality) {
    case 'CAN':
      return r < 0.75 ? 'TN' : r < 0.9 ? 'L1A' : 'H1B';
    case 'MEX':
      return r < 0.35 ? 'TN' : r < 0.8 ? 'H2A' : r < 0.9 ? 'H2B' : 'H1B';
    case 'GTM':
    case 'JAM':
      return r < 0.6 ? 'H2A' : 'H2B';
    case 'JPN':
    case 'DEU':
    case 'GBR':
    case 'FRA':
    case 'KOR':
    case 'ITA':
      return r < 0.3 ? 'E2' : r < 0.55 ? 'L1A' : r < 0.65 ? 'O1' : 'H1B';
    default:
      return r < 0.8 ? 'H1B' : r < 0.88 ? 'L1A' : r < 0.95 ? 'L1B' : 'O1';
  }
}

const YEARS: Readonly<Record<string, number>> = { H1B: 3, L1A: 3, L1B: 3, TN: 3, O1: 3, E2: 2 };

export function workerStory(draft: Draft): void {
  const rng = draft.rng;
  const nationality = draft.template?.identity.nationality ?? WORKER_COUNTRIES(rng);
  const cls = workerClass(draft, nationality);
  const start = anchorFor(draft, FIRST_ADMISSION_DAY, draft.ref);
  const b = settleIdentity(draft, { nationality, bornFrom: start - 55 * 365, bornTo: start - 22 * 365 });
  if (cls === 'H2A' || cls === 'H2B') {
    seasonal(b, start, cls);
    return;
  }
  if (nationality !== 'CAN') visa(b, start - rng.int(20, 150), cls, 'ISSUED', YEARS[cls] ?? 3);
  // The I-94 runs to the petition's end plus the 10-day grace CBP adds for H and L workers.
  const years = YEARS[cls] ?? 3;
  const grace = cls === 'H1B' || cls.startsWith('L1') ? 10 : 0;
  const until = addYears(start, years) - 1 + grace;
  admit(b, start, cls, until, nationality === 'CAN' && rng.chance(0.4) ? 'LAND' : 'AIR');
  workerTail(b, start, until, cls);
}

/**
 * A worker's years after admission or a change of status into a work class: visits abroad with
 * new admissions, extensions by the employer, adjustment to permanent residence, or leaving.
 */
export function workerTail(b: PersonBuilder, from: number, firstUntil: number, cls: string): void {
  const rng = b.rng;
  let until = firstUntil;
  let day = from;
  const adjusts = (cls === 'H1B' || cls.startsWith('L1')) && rng.chance(0.35);
  const aosDay = adjusts ? from + rng.int(400, 1600) : Number.POSITIVE_INFINITY;
  const leaves = rng.chance(0.2) ? from + rng.int(120, 1400) : Number.POSITIVE_INFINITY;

  for (let guard = 0; guard < 12 && day <= b.ref; guard++) {
    const nextTrip = day + rng.int(200, 500);
    const extensionDay = Math.max(day + 1, until - rng.int(30, 180));
    const next = Math.min(nextTrip, extensionDay, aosDay, leaves);
    if (next > b.ref) return;
    if (next === leaves) {
      depart(b, leaves, chooseExit(b, 'AIR'));
      return;
    }
    if (next === aosDay) {
      const receipt = fileAdjustment(b, aosDay);
      if (rng.chance(0.4)) counselAppearance(b, aosDay, 'G-28');
      const decided = aosDay + rng.int(300, 900);
      decideAdjustment(b, decided, receipt, rng.chance(0.95) ? 'APPROVED' : 'DENIED');
      naturalization(b, decided, 5);
      return;
    }
    if (next === extensionDay) {
      const requested = addYears(until, 3);
      const receipt = fileStay(b, extensionDay, 'EXTENSION', 'I-129', requested);
      const decided = extensionDay + rng.int(15, 240);
      if (rng.chance(0.95)) {
        decideStay(b, decided, 'EXTENSION', receipt, 'APPROVED', requested);
        until = requested;
        day = decided;
        continue;
      }
      decideStay(b, decided, 'EXTENSION', receipt, 'DENIED', undefined, 'INELIGIBLE');
      if (rng.chance(0.8)) depart(b, decided + rng.int(5, 30), 'AIR');
      else overstayTail(b, Math.max(until, decided), true);
      return;
    }
    // A trip abroad and back: a new admission to the same date (the petition's end).
    const out = nextTrip;
    const back = out + rng.int(6, 21);
    if (back >= until || (aosDay >= out && aosDay <= back) || (leaves >= out && leaves <= back)) {
      // No trip across the day the worker files or leaves: those happen in the United States.
      day = out;
      continue;
    }
    depart(b, out, chooseExit(b, 'AIR'));
    admit(b, back, cls, until, 'AIR');
    day = back;
  }
}

/** Seasonal farm (H2A) or non-farm (H2B) work: a few seasons, home each winter. */
function seasonal(b: PersonBuilder, start: number, cls: string): void {
  const rng = b.rng;
  const overland = b.identity.nationality === 'MEX';
  let season = start;
  for (let i = 0; i < 4 && season <= b.ref; i++) {
    visa(b, season - rng.int(15, 60), cls, 'ISSUED', 1);
    const until = addMonths(season, rng.int(6, 10)) - 1;
    const adm = admit(b, season, cls, until, overland ? 'LAND' : 'AIR');
    if (rng.chance(0.01)) {
      overstayTail(b, adm.until as number, false);
      return;
    }
    const exitDay = until - rng.int(0, 20);
    depart(b, exitDay, overland ? 'LAND_MEXICO' : 'AIR');
    season = dayFromCivil(yearOf(season) + 1, rng.int(2, 5), rng.int(1, 28));
  }
}
