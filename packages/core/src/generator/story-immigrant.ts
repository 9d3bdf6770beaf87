import { decideNaturalization, fileNaturalization } from './benefits.js';
import { usPassports } from './citizen.js';
import { countryOf } from './countries.js';
import { removalCase } from './court.js';
import { dayOf } from './days.js';
import { addressOfRecord } from './filings.js';
import { settleIdentity } from './identity.js';
import { admit, visa } from './movements.js';
import type { Draft, PersonBuilder } from './person.js';
import { weighted } from './prng.js';
import { anchorFor } from './timeline.js';

/**
 * Immigrants admitted on an immigrant visa (spouses IR1/CR1, children IR2, parents IR5, family
 * preference F21, employment E21, diversity DV1): permanent residents on the day of admission;
 * many naturalize after three or five years. Their histories reach back before 2021.
 */

const IMMIGRANT_COUNTRIES = weighted<string>([
  ['MEX', 16],
  ['IND', 7],
  ['CHN', 6],
  ['PHL', 6],
  ['DOM', 5],
  ['CUB', 4],
  ['VNM', 4],
  ['SLV', 3],
  ['HTI', 2],
  ['COL', 2],
  ['JAM', 2],
  ['BGD', 1.5],
  ['PAK', 1.5],
  ['KOR', 1],
  ['NGA', 1.5],
  ['BRA', 1],
  ['GTM', 1.5],
  ['HND', 1],
  ['IRN', 0.8],
  ['EGY', 0.8],
  ['UKR', 0.8],
  ['RUS', 0.6],
  ['GBR', 0.8],
  ['CAN', 0.6],
  ['PER', 0.8],
  ['ECU', 0.8],
  ['VEN', 0.8],
  ['GHA', 0.5],
  ['IRQ', 0.5],
  ['AFG', 0.5],
  ['NPL', 0.4],
  ['TUR', 0.4],
]);

const CLASSES = weighted<string>([
  ['IR1', 25],
  ['CR1', 15],
  ['IR5', 15],
  ['IR2', 10],
  ['F21', 10],
  ['E21', 8],
  ['DV1', 5],
]);

const EARLIEST = dayOf('2008-01-01');

export function immigrantStory(draft: Draft): void {
  const rng = draft.rng;
  const nationality = draft.template?.identity.nationality ?? IMMIGRANT_COUNTRIES(rng);
  const cls = CLASSES(rng);
  const day = anchorFor(draft, EARLIEST, draft.ref);
  // Age at admission by class: children under 21, parents of adult citizens, adults otherwise.
  const [oldest, youngest] = cls === 'IR2' ? [20, 1] : cls === 'IR5' ? [80, 48] : [60, 21];
  const b = settleIdentity(draft, {
    nationality,
    bornFrom: day - oldest * 365,
    bornTo: day - youngest * 365,
  });
  visa(b, day - rng.int(20, 170), cls, 'ISSUED', 0);
  admit(b, day, cls, null, nationality === 'MEX' && rng.chance(0.12) ? 'LAND' : 'AIR');
  if (rng.chance(0.05)) addressOfRecord(b, day + rng.int(100, 2000));
  if (rng.chance(0.008)) {
    removalCase(b, day + rng.int(1200, 5000), 'LPR');
    return;
  }
  naturalization(b, day, cls === 'IR1' || cls === 'CR1' ? 3 : 5);
}

/**
 * Naturalization of a permanent resident who became one on `lprDay`: eligible after 3 or 5
 * years; about half apply, most are approved and take the oath; many then get a US passport.
 */
export function naturalization(b: PersonBuilder, lprDay: number, years: number): void {
  const rng = b.rng;
  if (!rng.chance(0.55)) return;
  const filed = lprDay + years * 365 - 90 + rng.int(0, 1500);
  if (filed > b.ref) return;
  const receipt = fileNaturalization(b, filed);
  const oath = filed + rng.int(180, 500);
  const approved = rng.chance(0.9);
  decideNaturalization(b, oath, receipt, approved);
  if (approved && rng.chance(0.6)) {
    const place = countryOf(b.identity.countryOfBirth).name;
    usPassports(b, oath + rng.int(20, 400), 'NATURALIZATION', place);
  }
}
