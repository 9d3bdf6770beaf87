import { countryOf } from './countries.js';
import { addYears, isoOf } from './days.js';
import { ensureANumber, event, move, type PersonBuilder, passportAt, record } from './person.js';
import { type Rng, zipf } from './prng.js';

/**
 * Border crossings and visas: the I-94 admission (cbp-i94), departures recorded by carriers
 * (cbp-apis) or by Canada (cbsa-entries), departures nobody records (overland to Mexico, a lost
 * manifest), and State's visa decisions (dos-visas).
 */

export const IMMIGRANT_CLASSES: ReadonlySet<string> = new Set([
  'IR1',
  'IR2',
  'IR5',
  'CR1',
  'F21',
  'E21',
  'DV1',
]);

const AIRPORTS = zipf(
  ['JFK', 'LAX', 'MIA', 'ORD', 'SFO', 'IAH', 'ATL', 'EWR', 'IAD', 'DFW', 'SEA', 'BOS', 'MCO', 'DTW', 'PHL'],
  0.7,
);
const SOUTH_PORTS = zipf(
  ['SAN YSIDRO', 'EL PASO', 'LAREDO', 'NOGALES', 'HIDALGO', 'CALEXICO', 'OTAY MESA', 'BROWNSVILLE'],
  0.7,
);
const NORTH_PORTS = zipf(['BLAINE', 'DETROIT', 'BUFFALO', 'CHAMPLAIN', 'SWEETGRASS', 'DERBY LINE'], 0.7);
const SEAPORTS = zipf(['PORT EVERGLADES', 'MIAMI SEAPORT', 'PORT CANAVERAL', 'GALVESTON', 'SAN JUAN'], 0.7);
const CBSA_PORTS = zipf(
  [
    'DOUGLAS BC',
    'PACIFIC HIGHWAY BC',
    'LACOLLE QC',
    'WINDSOR ON',
    'FORT ERIE ON',
    'LANSDOWNE ON',
    'SARNIA ON',
    'STANSTEAD QC',
  ],
  0.7,
);
const AIRLINES = [
  'AA',
  'UA',
  'DL',
  'B6',
  'AS',
  'LH',
  'BA',
  'AF',
  'KL',
  'EK',
  'QR',
  'TK',
  'AM',
  'AV',
  'CM',
  'IB',
  'NH',
  'JL',
  'KE',
  'CX',
  'CA',
  'MU',
  'AI',
  'ET',
  'TP',
  'LA',
  'AC',
];
const CRUISE_LINES = ['RCL', 'CCL', 'NCL', 'MSC', 'PCL'];

export type Mode = 'AIR' | 'SEA' | 'LAND';

export type Admission = {
  day: number;
  cls: string;
  /** Last day of the admission period; 'D/S' for duration of status; null for immigrants. */
  until: number | 'D/S' | null;
  mode: Mode;
  i94: string;
};

function portOf(rng: Rng, mode: Mode, fromCanada: boolean): string {
  if (mode === 'AIR') return AIRPORTS(rng);
  if (mode === 'SEA') return SEAPORTS(rng);
  return fromCanada ? NORTH_PORTS(rng) : SOUTH_PORTS(rng);
}

/** An inspection and admission: an I-94 record, the `admission` event (and `lpr_granted` for an immigrant visa). */
export function admit(
  b: PersonBuilder,
  day: number,
  cls: string,
  until: number | 'D/S' | null,
  mode: Mode,
): Admission {
  const rng = b.rng;
  const i94 = b.ids.i94(rng, day);
  const immigrant = IMMIGRANT_CLASSES.has(cls);
  const passport = passportAt(b, day);
  const key = record(b, day, 'cbp-i94', 'admission', i94, {
    aNumber: immigrant ? b.aNumber : undefined,
    i94Number: i94,
    classOfAdmission: cls,
    admissionDate: isoOf(day),
    admitUntil: until === null ? undefined : until === 'D/S' ? 'D/S' : isoOf(until),
    portOfEntry: portOf(rng, mode, b.identity.nationality === 'CAN'),
    mode,
  });
  const admission: Record<string, unknown> = {
    type: 'admission',
    class: cls,
    admitUntil: until === null ? null : until === 'D/S' ? 'D/S' : isoOf(until),
    mode,
  };
  if (immigrant) admission.immigrant = true;
  admission.passportIssuer = passport.issuer;
  admission.i94Number = i94;
  event(b, day, admission as { type: string }, [key]);
  if (immigrant) event(b, day, { type: 'lpr_granted', via: 'IMMIGRANT_VISA' }, [key]);
  move(b, { day, dir: 'IN', recorded: true, mode });
  return { day, cls, until, mode, i94 };
}

/** How a person leaves: recorded by a carrier or by Canada, or unrecorded (overland to Mexico, a lost manifest). */
export type Exit = 'AIR' | 'SEA' | 'LAND_CANADA' | 'LAND_MEXICO' | 'AIR_UNRECORDED';

/** The usual way out for this person, given how they came in. */
export function chooseExit(b: PersonBuilder, entryMode: Mode): Exit {
  const r = b.rng.next();
  const { nationality } = b.identity;
  if (entryMode === 'LAND' && nationality !== 'CAN') return r < 0.93 ? 'LAND_MEXICO' : 'AIR';
  if (nationality === 'CAN') return r < 0.45 ? 'LAND_CANADA' : 'AIR';
  if (countryOf(nationality).overland) {
    if (r < 0.012) return 'LAND_MEXICO';
    if (r < 0.022) return 'SEA';
    if (r < 0.032) return 'LAND_CANADA';
    if (r < 0.034) return 'AIR_UNRECORDED';
    return 'AIR';
  }
  if (r < 0.002) return 'LAND_MEXICO';
  if (r < 0.014) return 'SEA';
  if (r < 0.032) return 'LAND_CANADA';
  if (r < 0.034) return 'AIR_UNRECORDED';
  return 'AIR';
}

/** A departure: a verified record and `departure` event where one exists, and always the real move. */
export function depart(b: PersonBuilder, day: number, exit: Exit): void {
  const rng = b.rng;
  switch (exit) {
    case 'AIR':
    case 'SEA': {
      const air = exit === 'AIR';
      const source = air ? 'CBP_APIS_AIR' : 'CBP_APIS_SEA';
      const port = air ? AIRPORTS(rng) : SEAPORTS(rng);
      const carrier = air
        ? `${rng.pick(AIRLINES)}${String(rng.int(1, 9999)).padStart(4, '0')}`
        : `${rng.pick(CRUISE_LINES)}${rng.int(100, 999)}`;
      const key = record(b, day, 'cbp-apis', 'departure', b.ids.recordId('APIS'), {
        departureDate: isoOf(day),
        departureSource: source,
        port,
        carrier,
      });
      event(b, day, { type: 'departure', source, verified: true }, [key]);
      move(b, { day, dir: 'OUT', recorded: true, mode: exit });
      return;
    }
    case 'LAND_CANADA': {
      const port = CBSA_PORTS(rng);
      const key = record(b, day, 'cbsa-entries', 'departure', b.ids.recordId('CBSA'), {
        departureDate: isoOf(day),
        departureSource: 'CBSA_ENTRY_RECORD',
        port,
      });
      event(b, day, { type: 'departure', source: 'CBSA_ENTRY_RECORD', verified: true }, [key]);
      move(b, { day, dir: 'OUT', recorded: true, mode: 'LAND', to: 'CAN' });
      return;
    }
    case 'LAND_MEXICO':
      move(b, { day, dir: 'OUT', recorded: false, mode: 'LAND', to: 'MEX' });
      return;
    case 'AIR_UNRECORDED':
      move(b, { day, dir: 'OUT', recorded: false, mode: 'AIR' });
      return;
  }
}

/** A visa decision at a consulate; immigrant visas carry the A-Number USCIS assigned with the petition. */
export function visa(
  b: PersonBuilder,
  day: number,
  cls: string,
  outcome: 'ISSUED' | 'REFUSED',
  validYears: number,
): void {
  const rng = b.rng;
  const issuer = b.identity.travelNationality ?? b.identity.nationality;
  if (IMMIGRANT_CLASSES.has(cls)) ensureANumber(b);
  const expiry =
    outcome === 'ISSUED'
      ? IMMIGRANT_CLASSES.has(cls)
        ? day + 180
        : addYears(day, validYears) - 1
      : undefined;
  record(b, day, 'dos-visas', 'visa_issuance', b.ids.recordId('CCD'), {
    visaFoilNumber: b.ids.visaFoil(),
    visaClass: cls,
    outcome,
    decisionDate: isoOf(day),
    expiryDate: expiry === undefined ? undefined : isoOf(expiry),
    post: rng.pick(countryOf(issuer).posts),
  });
}
