import { dayOf, isoOf } from './days.js';
import { addressOfRecord, citizenshipClaim, counselAppearance, selfReportedDeparture } from './filings.js';
import { depart } from './movements.js';
import { ensureANumber, ensureFin, event, move, type PersonBuilder, passportAt, record } from './person.js';
import { zipf } from './prng.js';

/**
 * Removal proceedings (RULES.md §7): ICE serves the NTA (ice-removals), the court holds hearings
 * and decides (eoir-cases), the Board hears appeals, and ICE executes removal on Form I-205.
 * Every court event carries the A-Number, the court's case key.
 */

const COURTS = zipf(
  [
    'NEW YORK - BROADWAY',
    'HOUSTON',
    'MIAMI - KROME',
    'LOS ANGELES - OLIVE',
    'DALLAS',
    'CHICAGO',
    'SAN FRANCISCO',
    'ARLINGTON',
    'NEWARK',
    'ATLANTA',
    'BOSTON',
    'CHARLOTTE',
    'DENVER',
    'PHOENIX',
    'SEATTLE',
    'SAN ANTONIO',
    'ORLANDO',
    'EL PASO',
    'BALTIMORE',
    'NEW YORK - VARICK',
  ],
  0.6,
);

/** IJ decisions on or after this day have 10 days to appeal, or 30 where asylum was decided on the merits (RULES.md §3.4). */
const BIA_RULE_2026 = dayOf('2026-03-09');

type Relief =
  | 'ASYLUM'
  | 'WITHHOLDING'
  | 'CAT'
  | 'CANCELLATION_LPR'
  | 'CANCELLATION_NON_LPR'
  | 'ADJUSTMENT'
  | 'VOLUNTARY_DEPARTURE';

export type CaseKind = 'OVERSTAY' | 'ASYLUM_REFERRAL' | 'LPR' | 'CITIZEN_MISIDENTIFIED';

type Court = { name: string; aNumber: string };

function courtEvent(
  b: PersonBuilder,
  c: Court,
  day: number,
  eventType: string,
  own: Record<string, string | undefined>,
  lifecycle: { type: string } & Record<string, unknown>,
): void {
  b.courtEvents += 1;
  const id = `${c.aNumber}-${String(b.courtEvents).padStart(3, '0')}`;
  const key = record(b, day, 'eoir-cases', 'court_event', id, {
    aNumber: c.aNumber,
    eventType,
    eventDate: isoOf(day),
    court: c.name,
    ...own,
  });
  event(b, day, lifecycle, [key]);
}

function iceEvent(
  b: PersonBuilder,
  day: number,
  eventType: 'NTA_ISSUED' | 'REMOVAL_EXECUTED',
  country?: string,
  passport?: { passportNumber: string; passportIssuer: string },
): string | undefined {
  return record(b, day, 'ice-removals', 'removal_event', b.ids.recordId('EID'), {
    aNumber: ensureANumber(b),
    eventType,
    eventDate: isoOf(day),
    countryOfRemoval: country,
    ...passport,
  });
}

/**
 * The passport ICE lists on the charging documents when it holds the person's passport (the I-213
 * names the document the person was admitted on): a verified identifier tying the NTA to the border
 * records. Citizens misidentified have none to give, and ICE does not always hold it.
 */
function passportHeld(b: PersonBuilder, day: number, kind: CaseKind) {
  if (kind === 'CITIZEN_MISIDENTIFIED' || b.passports.length === 0 || !b.rng.chance(0.45)) return undefined;
  const passport = passportAt(b, day);
  return { passportNumber: passport.number, passportIssuer: passport.issuer };
}

/** ICE executes a final order: a verified departure on Form I-205. */
function removal(b: PersonBuilder, day: number): void {
  const key = iceEvent(b, day, 'REMOVAL_EXECUTED', b.identity.travelNationality ?? b.identity.nationality);
  event(b, day, { type: 'removal_executed', verifiedBy: 'I-205' }, [key]);
  move(b, { day, dir: 'OUT', recorded: true, mode: 'AIR', removal: true });
}

function ijDecision(
  b: PersonBuilder,
  c: Court,
  day: number,
  outcome: 'REMOVAL_ORDERED' | 'RELIEF_GRANTED' | 'TERMINATED' | 'VOLUNTARY_DEPARTURE',
  details: {
    inAbsentia?: boolean;
    appealWaived?: boolean;
    appealReserved?: boolean;
    asylumOnMerits?: boolean | undefined;
    country?: string;
    protection?: 'ASYLUM' | 'WITHHOLDING' | 'CAT';
    vd?: { type: 'PRE_CONCLUSION' | 'AT_CONCLUSION'; departBy: number; bond?: number };
  },
): void {
  const bool = (v: boolean | undefined) => (v === undefined ? undefined : String(v));
  const lifecycle: Record<string, unknown> = {
    type: 'ij_decision',
    outcome,
    inAbsentia: details.inAbsentia === true,
  };
  if (details.appealWaived === true) lifecycle.appealWaived = true;
  if (details.appealReserved === true) lifecycle.appealReserved = true;
  if (details.asylumOnMerits !== undefined) lifecycle.asylumAdjudicatedOnMerits = details.asylumOnMerits;
  if (details.country !== undefined) {
    // A voluntary-departure order names the country of the alternate removal order.
    if (outcome === 'VOLUNTARY_DEPARTURE') lifecycle.alternateOrderCountry = details.country;
    else lifecycle.designatedCountry = details.country;
  }
  if (details.protection !== undefined && details.country !== undefined) {
    lifecycle.protection = { type: details.protection, country: details.country };
  }
  if (details.vd !== undefined) {
    const vd: Record<string, unknown> = { type: details.vd.type, departBy: isoOf(details.vd.departBy) };
    if (details.vd.bond !== undefined) vd.bondAmountUSD = details.vd.bond;
    lifecycle.vd = vd;
  }
  courtEvent(
    b,
    c,
    day,
    'IJ_DECISION',
    {
      outcome,
      inAbsentia: String(details.inAbsentia === true),
      appealWaived: details.appealWaived === true ? 'true' : undefined,
      appealReserved: details.appealReserved === true ? 'true' : undefined,
      asylumAdjudicatedOnMerits: bool(details.asylumOnMerits),
      designatedCountry: details.country,
      protectionType: details.protection,
      vdType: details.vd?.type,
      vdDepartBy: details.vd === undefined ? undefined : isoOf(details.vd.departBy),
      vdBondUsd: details.vd?.bond === undefined ? undefined : String(details.vd.bond),
    },
    lifecycle as { type: string },
  );
}

function reliefFor(b: PersonBuilder, kind: CaseKind): Relief {
  const r = b.rng.next();
  if (kind === 'LPR') return 'CANCELLATION_LPR';
  if (kind === 'ASYLUM_REFERRAL') return r < 0.85 ? 'ASYLUM' : r < 0.95 ? 'WITHHOLDING' : 'CAT';
  if (r < 0.35) return 'ASYLUM';
  if (r < 0.45) return 'WITHHOLDING';
  if (r < 0.5) return 'CAT';
  if (r < 0.7) return 'CANCELLATION_NON_LPR';
  if (r < 0.8) return 'ADJUSTMENT';
  return 'VOLUNTARY_DEPARTURE';
}

/** After a final order: sometimes a stay, often removal, sometimes the person stays out of reach. */
function afterFinalOrder(b: PersonBuilder, c: Court, finalDay: number): void {
  const rng = b.rng;
  if (rng.chance(0.1)) {
    const stayDay = finalDay + rng.int(10, 60);
    const by = rng.chance(0.7) ? 'COURT_OF_APPEALS' : 'DHS';
    courtEvent(b, c, stayDay, 'STAY_GRANTED', { stayBy: by }, { type: 'stay_granted', by });
    if (rng.chance(0.3)) {
      const lifted = stayDay + rng.int(100, 500);
      courtEvent(b, c, lifted, 'STAY_LIFTED', { stayBy: by }, { type: 'stay_lifted', by });
      if (rng.chance(0.5)) removal(b, lifted + rng.int(20, 200));
    }
    return;
  }
  const r = rng.next();
  if (r < 0.55) removal(b, finalDay + rng.int(20, 400));
  else if (r < 0.62) depart(b, finalDay + rng.int(20, 300), 'LAND_MEXICO');
  // Leaves on their own by air while the order is outstanding (INA §101(g): the order is executed).
  else if (r < 0.74) depart(b, finalDay + rng.int(20, 300), 'AIR');
}

/**
 * A removal case from the NTA to its end as of the reference day. `ntaDay` is the day ICE serves
 * the NTA; everything later than the reference day simply has not happened.
 */
export function removalCase(b: PersonBuilder, ntaDay: number, kind: CaseKind): void {
  const rng = b.rng;
  const country = b.identity.travelNationality ?? b.identity.nationality;
  ensureANumber(b);
  if (kind !== 'CITIZEN_MISIDENTIFIED') ensureFin(b);
  const c: Court = { name: COURTS(rng), aNumber: b.aNumber as string };

  const ntaKey = iceEvent(b, ntaDay, 'NTA_ISSUED', undefined, passportHeld(b, ntaDay, kind));
  event(b, ntaDay, { type: 'nta_issued' }, [ntaKey]);
  const filed = ntaDay + rng.int(7, 90);
  courtEvent(b, c, filed, 'NTA_FILED', {}, { type: 'nta_filed' });
  const represented = kind === 'CITIZEN_MISIDENTIFIED' ? rng.chance(0.8) : rng.chance(0.6);
  if (represented) counselAppearance(b, filed + rng.int(10, 150), 'EOIR-28');
  if (rng.chance(0.4)) addressOfRecord(b, filed + rng.int(5, 60));

  let hearing = filed + rng.int(30, 240);
  const inAbsentia =
    kind === 'CITIZEN_MISIDENTIFIED'
      ? rng.chance(0.7)
      : kind === 'LPR'
        ? rng.chance(0.03)
        : rng.chance(represented ? 0.08 : 0.35);
  courtEvent(b, c, hearing, 'MASTER_HEARING', {}, { type: 'master_hearing' });
  if (inAbsentia) {
    ijDecision(b, c, hearing, 'REMOVAL_ORDERED', { inAbsentia: true, country });
    if (kind === 'CITIZEN_MISIDENTIFIED') {
      // The citizen learns of the order and asserts citizenship; counsel moves to reopen.
      const claimDay = hearing + rng.int(30, 700);
      citizenshipClaim(b, claimDay, 'BIRTH_IN_US', rng.chance(0.55) ? 'UNDER_REVIEW' : 'CONFIRMED', true);
      if (rng.chance(0.6)) {
        courtEvent(
          b,
          c,
          claimDay + rng.int(5, 60),
          'MOTION_TO_REOPEN_FILED',
          { mtrBasis: 'IN_ABSENTIA_LACK_OF_NOTICE', filedBy: 'RESPONDENT' },
          { type: 'motion_to_reopen_filed', basis: 'IN_ABSENTIA_LACK_OF_NOTICE' },
        );
      }
      return;
    }
    const r = rng.next();
    if (r < 0.25) {
      const basis = rng.chance(0.7) ? 'IN_ABSENTIA_LACK_OF_NOTICE' : 'IN_ABSENTIA_EXCEPTIONAL_CIRCUMSTANCES';
      courtEvent(
        b,
        c,
        hearing + rng.int(20, 300),
        'MOTION_TO_REOPEN_FILED',
        { mtrBasis: basis, filedBy: 'RESPONDENT' },
        { type: 'motion_to_reopen_filed', basis },
      );
    } else if (r < 0.45) removal(b, hearing + rng.int(60, 900));
    else if (r < 0.55) depart(b, hearing + rng.int(30, 600), 'LAND_MEXICO');
    else if (r < 0.62) depart(b, hearing + rng.int(30, 600), 'AIR');
    return;
  }

  const masters = rng.int(0, 2);
  const relief = reliefFor(b, kind);
  for (let i = 0; i < masters; i++) {
    hearing += rng.int(60, 300);
    courtEvent(b, c, hearing, 'MASTER_HEARING', {}, { type: 'master_hearing' });
  }
  courtEvent(
    b,
    c,
    hearing,
    'RELIEF_APPLICATION_FILED',
    { relief },
    { type: 'relief_application_filed', relief },
  );
  if (kind !== 'LPR' && kind !== 'CITIZEN_MISIDENTIFIED' && rng.chance(0.02)) {
    // A derivation claim that does not hold (the parent naturalized too late): resolved against the person.
    citizenshipClaim(
      b,
      hearing + rng.int(10, 90),
      'DERIVATION',
      rng.chance(0.7) ? 'REJECTED' : 'UNDER_REVIEW',
      false,
    );
  }
  const decisionDay = hearing + rng.int(120, 700);
  courtEvent(b, c, decisionDay, 'INDIVIDUAL_HEARING', {}, { type: 'individual_hearing' });
  const asylumOnMerits = relief === 'ASYLUM' ? true : undefined;
  const r = rng.next();
  const protection = relief === 'ASYLUM' || relief === 'WITHHOLDING' || relief === 'CAT' ? relief : undefined;

  if (r < 0.22 && (protection !== undefined || relief.startsWith('CANCELLATION'))) {
    ijDecision(b, c, decisionDay, 'RELIEF_GRANTED', {
      asylumOnMerits,
      ...(protection === undefined ? {} : { protection, country }),
    });
    return;
  }
  if (r < 0.42 && kind !== 'LPR') {
    const departBy = decisionDay + 60;
    const bond = rng.int(5, 30) * 100;
    ijDecision(b, c, decisionDay, 'VOLUNTARY_DEPARTURE', {
      asylumOnMerits,
      appealWaived: true,
      country,
      vd: { type: 'AT_CONCLUSION', departBy, bond },
    });
    if (rng.chance(0.85))
      courtEvent(b, c, decisionDay + rng.int(1, 5), 'VD_BOND_POSTED', {}, { type: 'vd_bond_posted' });
    const leave = rng.next();
    const day = decisionDay + rng.int(10, 58);
    if (leave < 0.65) depart(b, day, 'AIR');
    else if (leave < 0.82) {
      depart(b, day, 'LAND_MEXICO');
      if (rng.chance(0.5)) selfReportedDeparture(b, day, day + rng.int(10, 120));
    }
    return;
  }
  if (r < 0.52) {
    ijDecision(b, c, decisionDay, 'TERMINATED', { asylumOnMerits });
    return;
  }

  const a = rng.next();
  const waived = a < 0.3;
  const reserved = !waived && a < 0.75;
  ijDecision(b, c, decisionDay, 'REMOVAL_ORDERED', {
    appealWaived: waived,
    appealReserved: reserved,
    asylumOnMerits,
    country,
  });
  const deadline = decisionDay < BIA_RULE_2026 || asylumOnMerits === true ? 30 : 10;
  if (reserved && rng.chance(0.8)) {
    const appealDay = decisionDay + rng.int(3, deadline);
    courtEvent(
      b,
      c,
      appealDay,
      'BIA_APPEAL_FILED',
      { filedBy: 'RESPONDENT' },
      { type: 'bia_appeal_filed', by: 'RESPONDENT' },
    );
    const boardDay = appealDay + rng.int(150, 600);
    const o = rng.next();
    const summary = appealDay >= BIA_RULE_2026 && o < 0.4;
    const outcome = summary
      ? 'SUMMARILY_DISMISSED'
      : o < 0.75
        ? 'DISMISSED'
        : o < 0.85
          ? 'SUSTAINED'
          : 'REMANDED';
    courtEvent(b, c, boardDay, 'BIA_DECISION', { outcome }, { type: 'bia_decision', outcome });
    if (outcome === 'DISMISSED' || outcome === 'SUMMARILY_DISMISSED') afterFinalOrder(b, c, boardDay);
    return;
  }
  afterFinalOrder(b, c, waived ? decisionDay : decisionDay + deadline + 1);
}
