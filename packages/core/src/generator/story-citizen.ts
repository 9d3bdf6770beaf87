import { birthRecord, pickBirthplace, usPassports } from './citizen.js';
import { removalCase } from './court.js';
import { addMonths, dayOf } from './days.js';
import { settleIdentity } from './identity.js';
import { admit, chooseExit, depart } from './movements.js';
import type { Draft } from './person.js';
import { weighted } from './prng.js';
import { anchorFor, FIRST_ADMISSION_DAY } from './timeline.js';

/**
 * US-born citizens: a state birth record and often US passports. A few are also dual nationals
 * who were raised abroad and travel on their other passport: CBP admits them as visitors, and a
 * few of those end up with an NTA and an in-absentia order (the misidentification pattern of
 * RULES.md §1, invariant 1, and scenario S34).
 */

const DUAL_NATIONALITIES = weighted<string>([
  ['MEX', 70],
  ['GTM', 6],
  ['SLV', 6],
  ['HND', 4],
  ['DOM', 4],
  ['COL', 3],
  ['PHL', 3],
  ['VNM', 2],
  ['CHN', 2],
]);

const EARLIEST_BIRTH = dayOf('1940-01-01');

export function citizenStory(draft: Draft): void {
  const rng = draft.rng;
  const dual =
    draft.template?.identity.travelNationality ?? (rng.chance(0.02) ? DUAL_NATIONALITIES(rng) : undefined);
  const born = anchorFor(
    draft,
    EARLIEST_BIRTH,
    dual === undefined ? draft.ref - 60 : FIRST_ADMISSION_DAY - 18 * 365,
  );
  const b = settleIdentity(draft, {
    nationality: 'USA',
    bornFrom: born,
    bornTo: born,
    usBorn: true,
    ...(dual === undefined
      ? {}
      : {
          travelNationality: dual,
          culture:
            dual === 'PHL'
              ? 'FILIPINO'
              : dual === 'VNM'
                ? 'VIETNAMESE'
                : dual === 'CHN'
                  ? 'CHINESE'
                  : 'HISPANIC',
        }),
  });
  const place = pickBirthplace(b);
  const certificate = rng.chance(0.85) || dual !== undefined || b.identity.dob > b.ref - 3 * 365;
  if (certificate) birthRecord(b, place);
  // Everyone has at least one piece of evidence; a passport's first issue is at most 40 years after birth.
  if (rng.chance(0.45) || !certificate) {
    const first = Math.min(b.identity.dob + rng.int(60, 40 * 365), b.ref - rng.int(0, 3000));
    usPassports(b, Math.max(b.identity.dob + 30, first), 'BIRTH', `${place.stateName}, U.S.A.`);
  }
  if (dual === undefined) return;

  // Raised abroad, visiting on the other passport: admitted as a B2 visitor.
  b.misidentificationRisk = true;
  let day = FIRST_ADMISSION_DAY + rng.int(0, b.ref - FIRST_ADMISSION_DAY);
  for (let t = 0; t < 3 && day <= b.ref; t++) {
    const adm = admit(
      b,
      day,
      'B2',
      addMonths(day, 6) - 1,
      dual === 'MEX' && rng.chance(0.5) ? 'LAND' : 'AIR',
    );
    if (rng.chance(0.35)) {
      // Stayed on, as a citizen may; ICE took the foreign passport at face value.
      removalCase(b, (adm.until as number) + rng.int(60, 700), 'CITIZEN_MISIDENTIFIED');
      return;
    }
    const exitDay = day + rng.int(5, 90);
    depart(b, exitDay, chooseExit(b, adm.mode));
    day = exitDay + rng.int(60, 400);
  }
}
