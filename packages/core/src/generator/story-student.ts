import { decideAdjustment, decideStay, fileAdjustment, fileStay, sevisEnd } from './benefits.js';
import { addMonths, addYears, dayFromCivil, yearOf } from './days.js';
import { settleIdentity } from './identity.js';
import { admit, chooseExit, depart, visa } from './movements.js';
import type { Draft, PersonBuilder } from './person.js';
import { weighted } from './prng.js';
import { overstayTail } from './story-visitor.js';
import { workerTail } from './story-worker.js';
import { FIRST_ADMISSION_DAY } from './timeline.js';

/**
 * Students (F1, M1) and exchange visitors (J1): admitted for duration of status (D/S) while SEVIS
 * tracks the programme; after it ends the grace period runs (F1 60 days, J1 30, 15 after an
 * authorized withdrawal, none after a termination; RULES.md §3.2). Some change status to H1B,
 * some adjust, a few percent stay on.
 */

const STUDENT_COUNTRIES = weighted<string>([
  ['IND', 28],
  ['CHN', 24],
  ['KOR', 5],
  ['VNM', 4],
  ['NGA', 4],
  ['CAN', 3],
  ['SAU', 3],
  ['BRA', 3],
  ['MEX', 3],
  ['TWN', 3],
  ['JPN', 2],
  ['BGD', 2],
  ['NPL', 2],
  ['PAK', 2],
  ['IRN', 1.5],
  ['TUR', 2],
  ['COL', 2],
  ['DEU', 2],
  ['FRA', 1.5],
  ['GBR', 1.5],
  ['GHA', 1],
  ['EGY', 0.8],
  ['KAZ', 0.5],
  ['IDN', 1],
  ['HKG', 1],
]);

export function studentStory(draft: Draft): void {
  const rng = draft.rng;
  const nationality = draft.template?.identity.nationality ?? STUDENT_COUNTRIES(rng);
  const cls = rng.chance(0.75) ? 'F1' : rng.chance(0.8) ? 'J1' : 'M1';
  const start = draft.template?.anchor ?? termStart(draft);
  draft.anchor = start;
  const b = settleIdentity(draft, { nationality, bornFrom: start - 34 * 365, bornTo: start - 17 * 365 });

  const months = programMonths(b, cls);
  const planned = addMonths(start, months) - rng.int(0, 20);
  const sevisId = b.ids.sevisId();
  if (nationality !== 'CAN') visa(b, start - rng.int(30, 120), cls, 'ISSUED', cls === 'F1' ? 4 : 2);
  // M1 is not D/S: the programme plus 30 days, at most a year (8 CFR 214.2(m)(5)).
  const until = cls === 'M1' ? Math.min(planned + 30, addYears(start, 1) - 1) : 'D/S';
  let adm = admit(b, start, cls, until, 'AIR');

  // Winter visits home: each one a departure and a new admission (the I-94 is per admission).
  // They end two months before the programme does, so later filings happen in the United States.
  for (let year = yearOf(start); year < yearOf(planned); year++) {
    if (!rng.chance(0.35)) continue;
    const out = dayFromCivil(year, 12, rng.int(12, 22));
    const back = dayFromCivil(year + 1, 1, rng.int(4, 14));
    if (out <= start || back >= planned - 160 || back > b.ref) break;
    depart(b, out, chooseExit(b, 'AIR'));
    adm = admit(b, back, cls, until, 'AIR');
  }
  if (planned > b.ref) return;

  const r = rng.next();
  if (r < 0.02) {
    const day = adm.day + rng.int(30, Math.max(31, planned - adm.day));
    sevisEnd(b, day, sevisId, 'TERMINATED_STATUS_VIOLATION');
    if (rng.chance(0.5)) depart(b, day + rng.int(1, 20), 'AIR');
    else overstayTail(b, day, true);
    return;
  }
  if (r < 0.05) {
    const day = adm.day + rng.int(30, Math.max(31, planned - adm.day));
    sevisEnd(b, day, sevisId, 'AUTHORIZED_WITHDRAWAL');
    depart(b, day + rng.int(1, 15), chooseExit(b, 'AIR'));
    return;
  }
  const grace = cls === 'J1' ? 30 : 60;
  const o = rng.next();
  if (cls === 'F1' && o < 0.18) {
    // The employer files for H1B before the OPT ends (cap-gap): a change of status.
    const filed = Math.max(adm.day + 1, planned - rng.int(30, 150));
    const requested = addYears(filed, 3);
    const receipt = fileStay(b, filed, 'CHANGE_OF_STATUS', 'I-129', requested, 'H1B');
    const decided = filed + rng.int(30, 200);
    if (rng.chance(0.88)) {
      decideStay(b, decided, 'CHANGE_OF_STATUS', receipt, 'APPROVED', requested);
      sevisEnd(b, Math.max(planned, decided), sevisId, 'COMPLETED');
      workerTail(b, decided, requested, 'H1B');
      return;
    }
    decideStay(b, decided, 'CHANGE_OF_STATUS', receipt, 'DENIED', undefined, 'INELIGIBLE');
  }
  sevisEnd(b, planned, sevisId, 'COMPLETED');
  if (o < 0.21) {
    const filed = planned + rng.int(-60, 40);
    const receipt = fileAdjustment(b, filed);
    decideAdjustment(b, filed + rng.int(240, 700), receipt, 'APPROVED');
  } else if (o < 0.235) {
    overstayTail(b, planned + grace, true);
  } else if (o < 0.24) {
    depart(b, planned + grace + rng.int(1, 300), 'AIR');
  } else {
    // Within the grace period; an M1's fixed admission date already includes its 30 days.
    const last = typeof until === 'number' ? Math.min(planned + grace, until) : planned + grace;
    depart(b, planned + rng.int(1, Math.max(1, last - planned)), chooseExit(b, 'AIR'));
  }
}

/** Terms start in late August or mid-January, between 2021 and the reference date. */
function termStart(draft: Draft): number {
  const rng = draft.rng;
  const lastYear = yearOf(draft.ref);
  for (;;) {
    const year = rng.int(yearOf(FIRST_ADMISSION_DAY), lastYear);
    const day = rng.chance(0.65)
      ? dayFromCivil(year, 8, rng.int(10, 28))
      : dayFromCivil(year, 1, rng.int(5, 20));
    if (day <= draft.ref) return day;
  }
}

/** Programme length in months, practical training (OPT, STEM OPT) included. */
function programMonths(b: PersonBuilder, cls: string): number {
  const rng = b.rng;
  if (cls === 'J1') return rng.int(5, 24);
  if (cls === 'M1') return rng.int(6, 11);
  const r = rng.next();
  const degree = r < 0.35 ? 45 : r < 0.8 ? 21 : r < 0.9 ? 60 : 10;
  const t = rng.next();
  const opt = t < 0.3 ? 36 : t < 0.85 ? 12 : 0;
  return degree + opt;
}
