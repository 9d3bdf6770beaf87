import {
  decideAdjustment,
  decideAsylum,
  decideTps,
  fileAdjustment,
  fileAsylum,
  fileTps,
} from './benefits.js';
import { removalCase } from './court.js';
import { addMonths, dayOf } from './days.js';
import { addressOfRecord, counselAppearance } from './filings.js';
import { settleIdentity } from './identity.js';
import { admit, depart, visa } from './movements.js';
import type { Draft } from './person.js';
import { weighted } from './prng.js';
import { anchorFor, FIRST_ADMISSION_DAY } from './timeline.js';

/**
 * Asylum seekers admitted as visitors who file an I-589 (USCIS decides, or refers the case to
 * an immigration judge), and nationals of TPS-designated countries who receive TPS while still
 * in their admission period.
 */

const ASYLUM_COUNTRIES = weighted<string>([
  ['VEN', 20],
  ['CHN', 10],
  ['AFG', 6],
  ['GTM', 6],
  ['HND', 6],
  ['SLV', 5],
  ['RUS', 5],
  ['HTI', 5],
  ['TUR', 5],
  ['COL', 5],
  ['IND', 5],
  ['NIC', 4],
  ['CUB', 4],
  ['EGY', 2],
  ['IRN', 2],
  ['NGA', 2],
  ['UKR', 3],
  ['ECU', 3],
  ['PER', 2],
  ['MEX', 3],
]);

/** TPS designations and the end of the grant as the reference date's configuration has it. */
const TPS = weighted<readonly [string, string]>([
  [['VEN', '2027-03-10'], 40],
  [['HTI', '2027-02-03'], 20],
  [['SLV', '2026-09-09'], 10],
  [['HND', '2027-01-05'], 8],
  [['UKR', '2026-10-19'], 8],
  [['AFG', '2026-11-20'], 5],
  [['SDN', '2026-10-19'], 3],
  [['NIC', '2027-01-05'], 3],
  [['SOM', '2026-09-17'], 3],
]);

export function asylumStory(draft: Draft): void {
  const rng = draft.rng;
  const nationality = draft.template?.identity.nationality ?? ASYLUM_COUNTRIES(rng);
  const start = anchorFor(draft, FIRST_ADMISSION_DAY, draft.ref);
  const b = settleIdentity(draft, { nationality, bornFrom: start - 60 * 365, bornTo: start - 18 * 365 });
  visa(b, start - rng.int(20, 300), 'B2', 'ISSUED', 5);
  const until = addMonths(start, 6) - 1;
  const adm = admit(b, start, 'B2', until, 'AIR');
  // Within the one-year filing deadline; most file while still admitted.
  const filed = rng.chance(0.7) ? adm.day + rng.int(20, until - adm.day) : until + rng.int(1, 300);
  const receipt = fileAsylum(b, filed);
  if (rng.chance(0.5)) counselAppearance(b, filed + rng.int(-10, 30), 'G-28');
  if (rng.chance(0.5)) addressOfRecord(b, filed + rng.int(0, 400));
  const decided = filed + rng.int(300, 2000);
  const r = rng.next();
  if (r < 0.3) {
    decideAsylum(b, decided, receipt, 'GRANTED');
    // Asylees may adjust after a year of physical presence.
    if (rng.chance(0.5)) {
      const aos = decided + rng.int(370, 900);
      const aosReceipt = fileAdjustment(b, aos);
      decideAdjustment(b, aos + rng.int(300, 900), aosReceipt, 'APPROVED');
    }
    return;
  }
  if (r < 0.85) {
    decideAsylum(b, decided, receipt, 'REFERRED_TO_IJ');
    removalCase(b, decided + rng.int(10, 60), 'ASYLUM_REFERRAL');
    return;
  }
  if (r < 0.9) depart(b, filed + rng.int(60, 600), 'AIR');
  // else: still pending on the reference date (the affirmative backlog).
}

const TPS_EARLIEST = dayOf('2022-03-01');

export function tpsStory(draft: Draft): void {
  const rng = draft.rng;
  const [country, tpsUntil] = TPS(rng);
  const nationality = draft.template?.identity.nationality ?? country;
  const start = anchorFor(draft, TPS_EARLIEST, draft.ref);
  const b = settleIdentity(draft, { nationality, bornFrom: start - 65 * 365, bornTo: start - 1 * 365 });
  visa(b, start - rng.int(20, 300), 'B2', 'ISSUED', 5);
  const until = addMonths(start, 6) - 1;
  admit(b, start, 'B2', until, 'AIR');
  const filed = start + rng.int(15, 60);
  const receipt = fileTps(b, filed, nationality);
  const decided = filed + rng.int(30, 100);
  // The grant runs to the designation's end (never before the decision, whatever the reference date).
  if (rng.chance(0.95)) decideTps(b, decided, receipt, nationality, Math.max(dayOf(tpsUntil), decided + 180));
  else {
    decideTps(b, decided, receipt, nationality, null);
    if (rng.chance(0.3)) removalCase(b, until + rng.int(100, 900), 'OVERSTAY');
  }
}
