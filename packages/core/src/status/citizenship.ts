/**
 * Citizenship first (RULES.md §1 invariant 1, §6 items 1–2): a citizen by birth, naturalization,
 * derivation or acquisition is never an alien; an unresolved claim or indicia puts the person under
 * review. Citizenship evidence overrides any conflicting admission or removal record.
 */
import { anniversaryOf, type Day, dayOf, isoOf } from './calendar.js';
import { type Explanation, explain } from './explanation.js';
import { allOfType, firstOfType, type Ledger } from './ledger.js';
import { LAW_DATES, UNLAWFUL_PRESENCE } from './rule-tables.js';

export type Citizenship = {
  /** First day as a citizen; null when not (or not yet) shown to be one. */
  citizenFrom: Day | null;
  /** A citizen from birth was never an alien: no overstay or unlawful presence on any record. */
  fromBirth: boolean;
  underReview: boolean;
  /** Rule ids that decided the answer (for the timeline). */
  rules: string[];
  flags: string[];
};

const BIRTH_CITATION = 'U.S. Const. amend. XIV §1; INA §301(a) [8 U.S.C. §1401(a)]; INA §101(a)(3)';
const REVIEW_CITATION = 'ICE Directive 16001.2 (2015-11-10); INA §242(b)(5) [8 U.S.C. §1252(b)(5)]';
const BIRTH_AT_BIRTH = /BIRTH|ACQUI|US_BIRTH/i;

export function citizenshipOf(ledger: Ledger, lprFrom: Day | null, why: Explanation): Citizenship {
  const result: Citizenship = {
    citizenFrom: null,
    fromBirth: false,
    underReview: false,
    rules: [],
    flags: [],
  };

  const birth = firstOfType(ledger, 'birth');
  if (birth?.event.place === 'US') {
    if (birth.event.diplomaticParent === true) {
      explain(
        why,
        '§6(1)',
        `Born in the United States on ${birth.event.date} to a foreign diplomat: not a citizen by birth.`,
        [birth.index],
        'INA §301(a) ("subject to the jurisdiction thereof"); 8 CFR 101.3',
      );
    } else {
      become(result, birth.day, true);
      explain(
        why,
        '§6(1)',
        `Born in the United States on ${birth.event.date}: a U.S. citizen from birth, never an alien; citizenship overrides any conflicting admission or removal record.`,
        [birth.index],
        BIRTH_CITATION,
      );
      if (
        birth.event.parentalStatusDisputed === true &&
        birth.event.date >= LAW_DATES.birthrightOrderApplies
      ) {
        result.flags.push('BIRTHRIGHT_EO_14160_LEGAL_REVIEW');
        explain(
          why,
          'INV1',
          'Born after 2025-02-19 with a dispute over the parents’ status: flagged for legal review, never treated as removable (EO 14160 enjoined).',
          [birth.index],
          'EO 14160 (2025-01-20); RULES.md §1 invariant 1 [M]',
        );
      }
    }
  }

  const naturalized = firstOfType(ledger, 'naturalized');
  if (naturalized) {
    become(result, naturalized.day, false);
    explain(
      why,
      '§6(1)',
      `Naturalized on ${naturalized.event.date} (oath): a U.S. citizen from that day.`,
      [naturalized.index],
      'INA §337(a); 8 CFR 337.9(a); INA §101(a)(3)',
    );
  }

  deriveCitizenship(ledger, lprFrom, why, result);

  const claims = allOfType(ledger, 'citizenship_claim_asserted');
  const claim = claims[claims.length - 1];
  if (claim) {
    const { resolution, basis } = claim.event;
    if (resolution === 'CONFIRMED') {
      const atBirth = basis !== undefined && BIRTH_AT_BIRTH.test(basis);
      become(result, atBirth && birth ? birth.day : claim.day, atBirth);
      explain(
        why,
        '§6(1)',
        `Citizenship claim (${basis ?? 'basis not stated'}) confirmed on ${claim.event.date}: a U.S. citizen.`,
        [claim.index],
        `${BIRTH_CITATION}; INA §§301, 309, 320`,
      );
    } else if (resolution === 'UNDER_REVIEW' && result.citizenFrom === null) {
      result.underReview = true;
      result.rules.push('§6(2)');
      explain(
        why,
        '§6(2)',
        `Citizenship claim (${basis ?? 'basis not stated'}) asserted on ${claim.event.date} and not yet resolved: the person is under review and may not be treated as an alien for enforcement until it is investigated.`,
        [claim.index],
        REVIEW_CITATION,
      );
    } else if (resolution === 'REJECTED') {
      explain(
        why,
        '§6(2)',
        `Citizenship claim of ${claim.event.date} was rejected; the other records decide.`,
        [claim.index],
        REVIEW_CITATION,
      );
    }
  }
  if (result.citizenFrom !== null) result.underReview = false;
  return result;
}

function become(result: Citizenship, day: Day, fromBirth: boolean) {
  if (result.citizenFrom === null || day < result.citizenFrom) {
    result.citizenFrom = day;
    result.fromBirth = fromBirth;
  }
  result.rules.push('§6(1)');
}

/** INA §320 (Child Citizenship Act): automatic on the day the last condition is met, before age 18. */
function deriveCitizenship(ledger: Ledger, lprFrom: Day | null, why: Explanation, result: Citizenship) {
  const parent = firstOfType(ledger, 'parent_naturalized');
  if (!parent || result.fromBirth) return;
  const birth = firstOfType(ledger, 'birth');
  const used = birth ? [parent.index, birth.index] : [parent.index];
  const citation = 'INA §320 [8 U.S.C. §1431]; Child Citizenship Act of 2000 (effective 2001-02-27)';
  const custody = parent.event.childInLegalAndPhysicalCustody;
  const residing = parent.event.childResidingInUS;
  if (custody === false || residing === false) {
    explain(
      why,
      '§6(1)',
      `Parent naturalized on ${parent.event.date}, but the child was not residing in the U.S. in the parent’s legal and physical custody: no derivation under INA §320.`,
      used,
      citation,
    );
    return;
  }
  if (!birth || custody === undefined || residing === undefined) {
    result.underReview = true;
    result.rules.push('§6(2)');
    explain(
      why,
      '§6(2)',
      `Parent naturalized on ${parent.event.date}, but the child’s ${birth ? 'custody and residence are' : 'date of birth is'} not on record: possible derivation under INA §320 is an indicium of citizenship, so the person is under review (no guessing against the person).`,
      used,
      `${citation}; ${REVIEW_CITATION}`,
    );
    return;
  }
  if (lprFrom === null) {
    explain(
      why,
      '§6(1)',
      `Parent naturalized on ${parent.event.date}, but the child is not an LPR on record: no derivation under INA §320 yet.`,
      used,
      citation,
    );
    return;
  }
  const eighteenth = anniversaryOf(birth.day, UNLAWFUL_PRESENCE.minorUntilAge, 'MARCH_1').day;
  const conditionsMet = Math.max(parent.day, lprFrom);
  const cca = dayOf(LAW_DATES.childCitizenshipAct);
  if (conditionsMet < cca && eighteenth <= cca) {
    // Former INA §321 governed; its conditions are not in the record, so counsel decides [R].
    result.underReview = true;
    result.rules.push('§6(2)');
    result.flags.push('FORMER_INA_321_DERIVATION_REVIEW');
    explain(
      why,
      '§6(2)',
      'Conditions for derivation were met before 2001-02-27 and the child was 18 by then: former INA §321 may have conferred citizenship; under review.',
      used,
      `former INA §321; ${REVIEW_CITATION} [R]`,
    );
    return;
  }
  const derivedOn = Math.max(conditionsMet, cca);
  if (derivedOn >= eighteenth) {
    explain(
      why,
      '§6(1)',
      `The last condition for derivation was met on ${isoOf(derivedOn)}, on or after the 18th birthday (${isoOf(eighteenth)}): no derivation under INA §320.`,
      used,
      citation,
    );
    return;
  }
  become(result, derivedOn, false);
  explain(
    why,
    '§6(1)',
    `Derived U.S. citizenship on ${isoOf(derivedOn)}: LPR, under 18, residing in the U.S. in the custody of a parent naturalized on ${parent.event.date}.`,
    used,
    citation,
  );
}
