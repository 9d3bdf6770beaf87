/**
 * The safety invariants of issue 6 item 5 (RELIABILITY.md T14): no case may reach an enforcement step
 * for a person with citizenship evidence, an unresolved citizenship claim, only probable links, a
 * pending appeal or a stay, a running voluntary-departure period, protection for the designated
 * country, or TPS. The conditions are read here straight from the lifecycle events by deliberately
 * simple rules, independent of the status engine, so the check is not the gate grading itself.
 */
import { dayOf, isoOf } from '../status/calendar.js';
import { statusReport } from '../status/status-report.js';
import type { IsoDate, LifecycleEvent, StatusReport } from '../status/types.js';
import { checkGates, type GateCheck, type GateFacts } from './gates.js';
import {
  ADVERSE_TRANSITIONS,
  type CaseSnapshot,
  type CaseTransition,
  ENFORCEMENT_TRANSITIONS,
  NEW_CASE,
  type StepDetails,
  TRANSITION_TABLE,
} from './workflow.js';

export const PROTECTED_CONDITIONS = [
  'CITIZENSHIP_EVIDENCE',
  'CITIZENSHIP_CLAIM_UNRESOLVED',
  'ONLY_PROBABLE_LINKS',
  'APPEAL_PENDING',
  'STAY_IN_EFFECT',
  'VOLUNTARY_DEPARTURE_RUNNING',
  'PROTECTION_FOR_DESIGNATED_COUNTRY',
  'TPS',
] as const;
export type ProtectedCondition = (typeof PROTECTED_CONDITIONS)[number];

/** The conditions that freeze every adverse step, not only enforcement (RULES.md §1 invariant 1; DESIGN.md §2). */
export const FREEZING_CONDITIONS: readonly ProtectedCondition[] = [
  'CITIZENSHIP_EVIDENCE',
  'CITIZENSHIP_CLAIM_UNRESOLVED',
  'ONLY_PROBABLE_LINKS',
];

/**
 * Which protected conditions hold on asOf, by plain reading of the events (a sound subset: when this
 * says a condition holds, it does under RULES.md; it may miss rarer routes the engine knows).
 */
export function protectedConditions(
  events: readonly LifecycleEvent[],
  asOf: IsoDate,
  identityConfirmed: boolean,
): ProtectedCondition[] {
  const seen = events.filter((e) => e.date <= asOf);
  const found = new Set<ProtectedCondition>();
  const after = (index: number, test: (e: LifecycleEvent) => boolean) => seen.slice(index + 1).some(test);
  const lastIndex = (test: (e: LifecycleEvent) => boolean) => seen.findLastIndex(test);

  if (!identityConfirmed) found.add('ONLY_PROBABLE_LINKS');
  for (const e of seen) {
    if (
      (e.type === 'birth' && e.place === 'US' && e.diplomaticParent !== true) ||
      e.type === 'naturalized' ||
      (e.type === 'citizenship_claim_asserted' && e.resolution === 'CONFIRMED')
    )
      found.add('CITIZENSHIP_EVIDENCE');
  }
  const claim = seen.findLast((e) => e.type === 'citizenship_claim_asserted');
  if (claim?.type === 'citizenship_claim_asserted' && claim.resolution === 'UNDER_REVIEW')
    found.add('CITIZENSHIP_CLAIM_UNRESOLVED');

  const decisionAt = lastIndex((e) => e.type === 'ij_decision');
  const decision = seen[decisionAt];
  if (decision?.type === 'ij_decision') {
    // An appeal is pending when it was reserved (no waiver, not in absentia: no BIA appeal lies from that)
    // and filed within 10 days, timely under every rule version (RULES.md §7.2; C9).
    const boardAt = seen.findIndex(
      (e, i) => i > decisionAt && (e.type === 'bia_appeal_filed' || e.type === 'bia_decision'),
    );
    const appealAt =
      seen[boardAt]?.type === 'bia_appeal_filed' && dayOf(seen[boardAt].date) <= dayOf(decision.date) + 10
        ? boardAt
        : -1;
    if (
      appealAt >= 0 &&
      decision.appealWaived !== true &&
      decision.inAbsentia !== true &&
      !after(appealAt, (e) => e.type === 'bia_decision')
    )
      found.add('APPEAL_PENDING');

    const vd = decision.vd;
    if (
      decision.outcome === 'VOLUNTARY_DEPARTURE' &&
      vd !== undefined &&
      vd.departBy >= asOf &&
      // At-conclusion VD needs its bond within 5 business days; 5 calendar days is always within that.
      (vd.type === 'PRE_CONCLUSION' ||
        after(decisionAt, (e) => e.type === 'vd_bond_posted' && dayOf(e.date) <= dayOf(decision.date) + 5)) &&
      !after(decisionAt, (e) =>
        [
          'departure',
          'motion_to_reopen_filed',
          'petition_for_review_filed',
          'removal_executed',
          'bia_decision',
        ].includes(e.type),
      )
    )
      found.add('VOLUNTARY_DEPARTURE_RUNNING');

    const protection = decision.protection;
    if (
      protection !== undefined &&
      (decision.designatedCountry === undefined || decision.designatedCountry === protection.country) &&
      !after(decisionAt, (e) => e.type === 'bia_decision')
    )
      found.add('PROTECTION_FOR_DESIGNATED_COUNTRY');

    if (decision.inAbsentia === true) {
      const motionAt = seen.findIndex(
        (e, i) => i > decisionAt && e.type === 'motion_to_reopen_filed' && e.basis.startsWith('IN_ABSENTIA'),
      );
      if (motionAt >= 0 && !after(motionAt, (e) => e.type === 'motion_to_reopen_decided'))
        found.add('STAY_IN_EFFECT');
    }
  }
  seen.forEach((e, i) => {
    if (e.type !== 'stay_granted' || (e.until !== undefined && e.until < asOf)) return;
    if (!after(i, (l) => l.type === 'stay_lifted' && (l.by === undefined || l.by === e.by)))
      found.add('STAY_IN_EFFECT');
  });
  seen.forEach((e, i) => {
    if (e.type === 'tps_granted' && e.until >= asOf && !after(i, (d) => d.type === 'tps_denied'))
      found.add('TPS');
    // A prima facie applicant is protected until the application is decided (INA §244(a)(4)(B)).
    if (
      e.type === 'tps_filed' &&
      e.primaFacie === true &&
      !after(i, (d) => d.type === 'tps_denied' || d.type === 'tps_granted')
    )
      found.add('TPS');
  });
  return PROTECTED_CONDITIONS.filter((c) => found.has(c));
}

/**
 * The case and details that give a step its best chance: every case-level precondition met (window
 * run out, notice served, stay recorded for lift_stay …), so only the facts of the person can stop it.
 */
export function permissiveStep(
  transition: CaseTransition,
  asOf: IsoDate,
): { snapshot: CaseSnapshot; details: StepDetails } {
  const spec = TRANSITION_TABLE[transition];
  const yesterday = isoOf(dayOf(asOf) - 1);
  const state = spec.from === 'ACTIVE' ? 'FINAL_ORDER' : (spec.from[0] ?? 'NONE');
  return {
    snapshot: {
      ...NEW_CASE,
      state,
      overlays: transition === 'lift_stay' ? ['STAYED'] : [],
      ijOutcome: spec.outcomes?.[0] ?? null,
      ntaServedOn: yesterday,
      hearingOn: yesterday,
      noticeServedOn: yesterday,
      appealDeadline: yesterday,
      vdDepartBy: yesterday,
    },
    details: {
      hearingDate: isoOf(dayOf(asOf) + 30),
      outcome: 'REMOVAL_ORDERED',
      appealDeadline: isoOf(dayOf(asOf) + 10),
      vdDepartBy: isoOf(dayOf(asOf) + 60),
    },
  };
}

export type InvariantViolation = {
  transition: CaseTransition;
  conditions: ProtectedCondition[];
  check: GateCheck;
};

export type InvariantResult = {
  conditions: ProtectedCondition[];
  report: StatusReport;
  /** Steps the gates let through (enforcement and adverse). */
  allowed: CaseTransition[];
  violations: InvariantViolation[];
};

/**
 * Tries every enforcement step (and, for the freezing conditions, every adverse step) on one person
 * with every case precondition met, and returns each step the gates let through although a protected
 * condition holds. Counsel is taken as notified and no record disputed, so only the invariant's
 * conditions decide.
 */
export function checkSafetyInvariants(
  events: readonly LifecycleEvent[],
  asOf: IsoDate,
  identityConfirmed: boolean,
  report: StatusReport = statusReport(events, asOf),
): InvariantResult {
  const conditions = protectedConditions(events, asOf, identityConfirmed);
  const facts: GateFacts = {
    asOf,
    report,
    events,
    identity: { confirmed: identityConfirmed, probableLinkRecords: [] },
    disputes: [],
    counsel: { ofRecord: [], notified: 'WITH_THIS_STEP' },
  };
  const freezing = conditions.filter((c) => FREEZING_CONDITIONS.includes(c));
  const allowed: CaseTransition[] = [];
  const violations: InvariantViolation[] = [];
  for (const transition of ADVERSE_TRANSITIONS) {
    const enforcement = ENFORCEMENT_TRANSITIONS.includes(transition);
    const { snapshot, details } = permissiveStep(transition, asOf);
    const check = checkGates(snapshot, transition, facts, details);
    if (!check.allowed) continue;
    allowed.push(transition);
    const broken = enforcement ? conditions : freezing;
    if (broken.length > 0) violations.push({ transition, conditions: broken, check });
  }
  return { conditions, report, allowed, violations };
}

/**
 * The person's events with a final in absentia order added 30 days before asOf when they have none:
 * most people never see a court, and without an order NO_REMOVAL_ORDER alone would stop every
 * enforcement step, hiding whether the other gates hold.
 */
export function withFinalOrder(events: readonly LifecycleEvent[], asOf: IsoDate): LifecycleEvent[] {
  if (events.some((e) => e.type === 'ij_decision' || e.type === 'removal_order_issued')) return [...events];
  const date = isoOf(dayOf(asOf) - 30);
  const order: LifecycleEvent = { type: 'ij_decision', date, outcome: 'REMOVAL_ORDERED', inAbsentia: true };
  const at = events.findIndex((e) => e.date > date);
  return at < 0 ? [...events, order] : [...events.slice(0, at), order, ...events.slice(at)];
}
