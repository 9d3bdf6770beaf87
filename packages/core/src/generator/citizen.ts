import { addYears, isoOf, yearOf } from './days.js';
import { event, type PersonBuilder, record } from './person.js';
import { weighted } from './prng.js';

/**
 * Evidence of US citizenship: state birth records (vital-records) and US passports
 * (dos-passports), issued at birth or after naturalization.
 */

const BIRTHPLACES = weighted<readonly [string, string, string]>([
  [['TX', 'TEXAS', 'Houston'], 12],
  [['CA', 'CALIFORNIA', 'Los Angeles'], 16],
  [['NY', 'NEW YORK', 'New York'], 10],
  [['FL', 'FLORIDA', 'Miami'], 9],
  [['IL', 'ILLINOIS', 'Chicago'], 6],
  [['AZ', 'ARIZONA', 'Phoenix'], 4],
  [['NJ', 'NEW JERSEY', 'Newark'], 4],
  [['WA', 'WASHINGTON', 'Seattle'], 3],
  [['GA', 'GEORGIA', 'Atlanta'], 4],
  [['MA', 'MASSACHUSETTS', 'Boston'], 3],
  [['PA', 'PENNSYLVANIA', 'Philadelphia'], 4],
  [['OH', 'OHIO', 'Columbus'], 3],
  [['NC', 'NORTH CAROLINA', 'Charlotte'], 3],
  [['VA', 'VIRGINIA', 'Fairfax'], 3],
  [['CO', 'COLORADO', 'Denver'], 2],
  [['NM', 'NEW MEXICO', 'Albuquerque'], 1],
]);

export type Birthplace = { state: string; stateName: string; city: string };

export function pickBirthplace(b: PersonBuilder): Birthplace {
  const [state, stateName, city] = BIRTHPLACES(b.rng);
  return { state, stateName, city };
}

/** A state birth certificate, registered days after the birth: the `birth` event (place US). */
export function birthRecord(b: PersonBuilder, place: Birthplace): void {
  const { dob } = b.identity;
  const certificate = b.ids.certificate(place.state, yearOf(dob));
  const key = record(b, dob + b.rng.int(3, 40), 'vital-records', 'birth_record', certificate, {
    dateOfBirth: isoOf(dob),
    certificateNumber: certificate,
    birthState: place.state,
  });
  if (key !== undefined)
    event(b, dob, { type: 'birth', place: 'US', evidence: 'STATE_BIRTH_CERTIFICATE' }, [key]);
}

/**
 * US passports from `firstIssue` on, renewed (with a new number) for some; returns how many.
 * Each is evidence on its own: of a US birth (`birth` on the date of birth) or of naturalization
 * (`naturalized`, dated on the issue day: the passport proves it happened by then).
 * A passport prints the state of a US birth, or the country of a foreign one.
 */
export function usPassports(
  b: PersonBuilder,
  firstIssue: number,
  acquisition: 'BIRTH' | 'NATURALIZATION',
  placeOfBirth: string,
): number {
  let count = 0;
  let issue = firstIssue;
  for (let i = 0; i < 4 && issue <= b.ref; i++) {
    const number = b.ids.usPassport(issue);
    const key = record(b, issue, 'dos-passports', 'us_passport', number, {
      usPassportNumber: number,
      issueDate: isoOf(issue),
      placeOfBirth,
      acquisition,
    });
    if (key !== undefined) {
      count++;
      if (acquisition === 'BIRTH')
        event(b, b.identity.dob, { type: 'birth', place: 'US', evidence: 'US_PASSPORT' }, [key]);
      else event(b, issue, { type: 'naturalized', certificate: 'US_PASSPORT' }, [key]);
    }
    const minor = issue - b.identity.dob < 16 * 365;
    if (!b.rng.chance(minor ? 0.6 : 0.7)) break;
    issue = addYears(issue, minor ? 5 : 10) - b.rng.int(0, 200);
  }
  return count;
}
