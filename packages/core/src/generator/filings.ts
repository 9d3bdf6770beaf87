import { isoOf } from './days.js';
import { createTrueName } from './names.js';
import { event, type PersonBuilder, record } from './person.js';
import { createRng, type Rng, zipf } from './prng.js';

/**
 * What counsel and the person file themselves (counsel-filings): appearances (EOIR-28, G-28), an
 * address of record (AR-11, only as filed, SCOPE.md), citizenship claims, and self-reported
 * departures, which are claims and never verified departures (RULES.md §4.5.5).
 */

export type Counsel = { name: string; barNumber: string };

const BAR_STATES = ['NY', 'CA', 'TX', 'FL', 'IL', 'NJ', 'VA', 'MA', 'GA', 'WA'];

/** A fixed pool of attorneys per seed: the same lawyer represents many people, as in real dockets. */
export function createCounselPool(seed: string | number, size = 400): Counsel[] {
  const rng = createRng(seed, 'counsel');
  const pool: Counsel[] = [];
  for (let i = 0; i < size; i++) {
    const culture = rng.chance(0.65) ? 'ANGLO' : rng.chance(0.6) ? 'HISPANIC' : 'CHINESE';
    const name = createTrueName(rng, culture, rng.chance(0.5) ? 'M' : 'F', 'USA');
    const given = name.given.map((p) => p.form).join(' ');
    const family = name.family.map((p) => p.form).join(' ');
    pool.push({
      name: `${given} ${family}${rng.chance(0.3) ? ', Esq.' : ''}`,
      barNumber: `${rng.pick(BAR_STATES)}${String(rng.int(100000, 9999999))}`,
    });
  }
  return pool;
}

/** An appearance of counsel: EOIR-28 before the court, G-28 before USCIS. */
export function counselAppearance(b: PersonBuilder, day: number, form: 'EOIR-28' | 'G-28'): void {
  const { counsel: pool, pickCounsel } = b.world;
  const counsel = pool[pickCounsel(b.rng) % pool.length] as Counsel;
  record(b, day, 'counsel-filings', 'counsel_appearance', b.ids.recordId('CF'), {
    filedDate: isoOf(day),
    form,
    counselName: counsel.name,
    counselBarNumber: b.rng.chance(0.85) ? counsel.barNumber : undefined,
  });
}

/** Busy immigration practices take a large share of cases: a skewed pick over the pool. */
export function counselPicker(size: number): (rng: Rng) => number {
  return zipf(
    Array.from({ length: size }, (_, i) => i),
    0.9,
  );
}

const CITIES: readonly (readonly [string, string, string])[] = [
  ['Houston', 'TX', '770'],
  ['Los Angeles', 'CA', '900'],
  ['Miami', 'FL', '331'],
  ['New York', 'NY', '100'],
  ['Queens', 'NY', '113'],
  ['Chicago', 'IL', '606'],
  ['Dallas', 'TX', '752'],
  ['San Jose', 'CA', '951'],
  ['Newark', 'NJ', '071'],
  ['Atlanta', 'GA', '303'],
  ['Phoenix', 'AZ', '850'],
  ['Seattle', 'WA', '981'],
  ['Boston', 'MA', '021'],
  ['Charlotte', 'NC', '282'],
  ['Denver', 'CO', '802'],
  ['Orlando', 'FL', '328'],
  ['Fairfax', 'VA', '220'],
  ['Minneapolis', 'MN', '554'],
];
const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Washington Blvd',
  'Park Ave',
  '5th St',
  'Elm St',
  'Lincoln Ave',
  'Sunset Blvd',
  'Cedar Ln',
  'Lake Shore Dr',
  'Broadway',
];

/** Form AR-11: an address the person filed. Nothing about where the person is, only what they declared. */
export function addressOfRecord(b: PersonBuilder, day: number): void {
  const rng = b.rng;
  const [city, state, zip] = rng.pick(CITIES);
  const unit = rng.chance(0.4) ? ` Apt ${rng.int(1, 40)}${rng.pick(['', 'A', 'B', 'C'])}` : '';
  record(b, day, 'counsel-filings', 'address_of_record', b.ids.recordId('CF'), {
    filedDate: isoOf(day),
    street: `${rng.int(10, 9899)} ${rng.pick(STREETS)}${unit}`,
    city,
    state,
    postalCode: `${zip}${String(rng.int(0, 99)).padStart(2, '0')}`,
  });
}

export type ClaimBasis = 'BIRTH_IN_US' | 'DERIVATION' | 'ACQUISITION_AT_BIRTH' | 'NATURALIZATION';

/** A claim to US citizenship asserted by the person or counsel; `isTrue` is the truth, not the record. */
export function citizenshipClaim(
  b: PersonBuilder,
  day: number,
  basis: ClaimBasis,
  resolution: 'UNDER_REVIEW' | 'CONFIRMED' | 'REJECTED',
  isTrue: boolean,
): void {
  const key = record(b, day, 'counsel-filings', 'citizenship_claim', b.ids.recordId('CF'), {
    assertedDate: isoOf(day),
    basis,
    resolution,
  });
  event(b, day, { type: 'citizenship_claim_asserted', basis, resolution }, [key]);
  if (day <= b.ref) b.citizenshipClaim = { basis, isTrue };
}

/** The person says they left on `departureDay` (reported later): a claim, so `verified: false`. */
export function selfReportedDeparture(b: PersonBuilder, departureDay: number, reportedDay: number): void {
  if (reportedDay > b.ref) return;
  const key = record(b, reportedDay, 'counsel-filings', 'self_reported_departure', b.ids.recordId('CF'), {
    departureDate: isoOf(departureDay),
    reportedDate: isoOf(reportedDay),
  });
  event(b, departureDay, { type: 'departure', source: 'SELF_REPORTED', verified: false }, [key]);
}
