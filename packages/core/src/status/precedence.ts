/**
 * RULES.md §6: the status label of a person on a day, first match wins. Each answer carries the rule
 * that decided it and the events behind it, so the report and the timeline explain the same way.
 */

import type { AdmissionPeriod } from './admission.js';
import { type Day, isoOf } from './calendar.js';
import type { Citizenship } from './citizenship.js';
import { isRemoval, type Stay } from './ledger.js';
import { type Window, windowOn } from './periods.js';
import type { RemovalCase } from './removal.js';
import type { PersonStatus } from './types.js';

export type StatusDecision = {
  status: PersonStatus;
  rule: string;
  text: string;
  citation: string;
  events: number[];
};

export type StatusFacts = {
  asOf: Day;
  citizenship: Citizenship;
  stay: Stay;
  period: AdmissionPeriod;
  windows: readonly Window[];
  removal: RemovalCase;
};

export function statusDecisionOf(facts: StatusFacts): StatusDecision {
  const { asOf, citizenship, stay, windows, removal } = facts;

  if (citizenship.citizenFrom !== null && citizenship.citizenFrom <= asOf) {
    return decided(
      'US_CITIZEN',
      '§6(1)',
      'A U.S. citizen: first in precedence, never removable.',
      'INA §101(a)(3); INA §301(a)',
    );
  }
  if (citizenship.underReview) {
    return decided(
      'CITIZENSHIP_CLAIM_UNDER_REVIEW',
      '§6(2)',
      'An unresolved claim or indicia of citizenship: under review before anything else is decided against the person.',
      'ICE Directive 16001.2 (2015-11-10)',
    );
  }
  if (stay.departure) {
    const removed = isRemoval(stay.departure);
    return decided(
      removed ? 'REMOVED' : 'DEPARTED',
      removed ? '§6(3)' : '§6(4)',
      removed
        ? `Removal executed on ${isoOf(stay.departure.day)} (verified on Form I-205), no later entry.`
        : `Departure on ${isoOf(stay.departure.day)} verified by an official source, no later entry.`,
      removed ? 'INA §241(a); 8 CFR 241.2' : 'RULES.md §4.5; 8 CFR 241.7',
      [stay.departure.index],
    );
  }
  if (stay.claimed) {
    return decided(
      'DEPARTURE_UNVERIFIED',
      '§6(4)',
      `A departure on ${isoOf(stay.claimed.day)} is claimed but not verified by an official source: presence is presumed until it is corroborated.`,
      'RULES.md §4.5 item 5 [M]',
      [stay.claimed.index],
    );
  }
  const lpr = windowOn(windows, asOf, 'LPR');
  if (lpr)
    return decided(
      'LPR',
      '§6(5)',
      'A lawful permanent resident until a final order of removal.',
      '8 CFR 1.2; INA §101(a)(20)',
      lpr.events,
    );

  const protection = windowOn(windows, asOf, 'PROTECTION');
  if (protection && removal.finalOn !== null && removal.finalOn <= asOf) {
    return decided(
      'WITHHOLDING_GRANTED',
      '§6(6)',
      'Withholding of removal or CAT protection granted by a final order.',
      'INA §241(b)(3); 8 CFR 1208.16-.17',
      protection.events,
    );
  }
  const asylee = windowOn(windows, asOf, 'ASYLEE');
  if (asylee) {
    return decided(
      'WITHHOLDING_GRANTED',
      '§6(6)',
      'Granted asylum. The output schema has no asylee code, so the protection code is used: the person is protected from removal (protective reading).',
      'INA §208(c)(1) [M]',
      asylee.events,
    );
  }
  const tps = windowOn(windows, asOf, 'TPS');
  if (tps) return decided('TPS', '§6(7)', 'TPS granted and in effect.', 'INA §244(a)(1)', tps.events);
  const vd = windowOn(windows, asOf, 'VOLUNTARY_DEPARTURE');
  if (vd) {
    return decided(
      'VOLUNTARY_DEPARTURE_PERIOD',
      '§6(8)',
      'Voluntary departure granted and in force.',
      'INA §240B; 8 CFR 1240.26',
      vd.events,
    );
  }
  const adjustment = windowOn(windows, asOf, 'ADJUSTMENT_PENDING');
  if (adjustment) {
    return decided(
      'AUTHORIZED_STAY_PENDING_ADJUSTMENT',
      '§6(9)',
      'A properly filed adjustment application is pending.',
      'INA §245(a); AFM 40.9.2',
      adjustment.events,
    );
  }
  return nonimmigrantDecision(facts);
}

function decided(
  status: PersonStatus,
  rule: string,
  text: string,
  citation: string,
  events: number[] = [],
): StatusDecision {
  return { status, rule, text, citation, events };
}

function nonimmigrantDecision({ asOf, period, removal, windows }: StatusFacts): StatusDecision {
  if (period.kind === 'IMMIGRANT') {
    // §6 item 10's last branch: permanent residence, the authorized period, ended with the final order.
    return decided(
      'OVERSTAY',
      '§6(10)',
      `Lawful permanent residence ended with the final order${removal.finalOn === null ? '' : ` (final ${isoOf(removal.finalOn)})`}; no other status or authorized stay.`,
      '8 CFR 1.2; INA §237(a)(1)(B)',
      period.events,
    );
  }
  if (period.kind === 'UNKNOWN' || period.kind === 'EWI') {
    // Never admitted (or no admission on record): "overstay" would assert an admission; the schema has
    // no code for presence without admission, so OUT_OF_STATUS, which asserts least.
    const text =
      period.kind === 'EWI'
        ? 'Present without admission: no lawful status.'
        : 'No admission on record: no lawful status can be shown.';
    return decided('OUT_OF_STATUS', '§6(10)', text, 'INA §212(a)(9)(B)(ii)', period.events);
  }
  if (asOf <= period.statusEnd) {
    const grace = asOf >= period.graceFrom;
    return grace
      ? decided(
          'NONIMMIGRANT_GRACE_PERIOD',
          '§6(10)',
          'In a grace period of the admission.',
          '8 CFR 214.2(f)(5)(iv); 8 CFR 214.1(l)(2)',
          period.events,
        )
      : decided(
          'NONIMMIGRANT_IN_STATUS',
          '§6(10)',
          'Within the authorized admission period and maintaining status.',
          '8 CFR 214.1(a); INA §101(a)(13)(A)',
          period.events,
        );
  }
  const extension = windowOn(windows, asOf, 'EXTENSION_PENDING');
  if (extension) {
    return decided(
      'AUTHORIZED_STAY_PENDING_EXTENSION',
      '§6(10)',
      'Lawful status has lapsed, but a timely extension or change of status is pending: a period of authorized stay.',
      '8 CFR 214.1(c)(4); INA §212(a)(9)(B)(iv); AFM 40.9.2',
      extension.events,
    );
  }
  const satisfactory = windowOn(windows, asOf, 'SATISFACTORY_DEPARTURE');
  if (satisfactory) {
    return decided(
      'NONIMMIGRANT_GRACE_PERIOD',
      '§6(10)',
      'Within a satisfactory-departure period (treated as a grace period of the admission).',
      '8 CFR 217.3(a)',
      satisfactory.events,
    );
  }
  if (asOf <= period.periodEnd) {
    return decided(
      'OUT_OF_STATUS',
      '§6(10)',
      'Status has ended (or was violated) but the authorized admission period has not passed.',
      '8 CFR 214.1(l)(2); INA §237(a)(1)(C)(i)',
      period.events,
    );
  }
  return decided(
    'OVERSTAY',
    '§6(10)',
    'Remained after the authorized admission period with no period of authorized stay that carries a status of its own.',
    'INA §237(a)(1)(B); DHS Entry/Exit Overstay Report definitions',
    period.events,
  );
}
