import { describe, expect, it } from 'vitest';
import {
  ADVERSE_TRANSITIONS,
  applyTransition,
  CASE_TRANSITIONS,
  type CaseTransition,
  ENFORCEMENT_TRANSITIONS,
  isTerminal,
  NEW_CASE,
  REMOVAL_CASE_STATES,
  type RemovalCaseState,
  startsFrom,
  TERMINAL_CASE_STATES,
  TRANSITION_TABLE,
  transitionsFrom,
} from './workflow.js';

/** RULES.md §7.2, row by row: the table must say what the rule says. */
const RULES_7_2: {
  rule: string;
  transition: CaseTransition;
  from: RemovalCaseState;
  to: RemovalCaseState;
  adverse: boolean;
}[] = [
  {
    rule: 'NONE → NTA_ISSUED: NTA served (INA §239(a))',
    transition: 'serve_nta',
    from: 'NONE',
    to: 'NTA_ISSUED',
    adverse: true,
  },
  {
    rule: 'NTA_ISSUED → PENDING_BEFORE_IJ: NTA filed (8 CFR 1003.14(a))',
    transition: 'file_nta',
    from: 'NTA_ISSUED',
    to: 'PENDING_BEFORE_IJ',
    adverse: true,
  },
  {
    rule: 'PENDING: notice of hearing (INA §239(a)(1)(G))',
    transition: 'serve_hearing_notice',
    from: 'PENDING_BEFORE_IJ',
    to: 'PENDING_BEFORE_IJ',
    adverse: false,
  },
  {
    rule: 'PENDING → IJ_DECIDED (8 CFR 1240.12)',
    transition: 'record_ij_decision',
    from: 'PENDING_BEFORE_IJ',
    to: 'IJ_DECIDED',
    adverse: false,
  },
  {
    rule: 'IJ_DECIDED → FINAL_ORDER (a) waives appeal (8 CFR 1241.1(b))',
    transition: 'waive_appeal',
    from: 'IJ_DECIDED',
    to: 'FINAL_ORDER',
    adverse: true,
  },
  {
    rule: 'IJ_DECIDED → FINAL_ORDER (b) in absentia (8 CFR 1241.1(e))',
    transition: 'final_in_absentia',
    from: 'IJ_DECIDED',
    to: 'FINAL_ORDER',
    adverse: true,
  },
  {
    rule: 'IJ_DECIDED → APPEAL_WINDOW (8 CFR 1003.38)',
    transition: 'reserve_appeal',
    from: 'IJ_DECIDED',
    to: 'APPEAL_WINDOW',
    adverse: false,
  },
  {
    rule: 'APPEAL_WINDOW → FINAL_ORDER: window expires (8 CFR 1241.1(c))',
    transition: 'order_became_final',
    from: 'APPEAL_WINDOW',
    to: 'FINAL_ORDER',
    adverse: true,
  },
  {
    rule: 'APPEAL_WINDOW → BIA_PENDING: timely EOIR-26 (8 CFR 1003.3)',
    transition: 'file_appeal',
    from: 'APPEAL_WINDOW',
    to: 'BIA_PENDING',
    adverse: false,
  },
  {
    rule: 'BIA_PENDING → FINAL_ORDER: BIA dismisses (8 CFR 1241.1(a))',
    transition: 'bia_final_order',
    from: 'BIA_PENDING',
    to: 'FINAL_ORDER',
    adverse: true,
  },
  {
    rule: 'BIA_PENDING → REMANDED → PENDING_BEFORE_IJ (8 CFR 1003.1(d))',
    transition: 'bia_remanded',
    from: 'BIA_PENDING',
    to: 'PENDING_BEFORE_IJ',
    adverse: false,
  },
  {
    rule: 'BIA_PENDING → RELIEF_GRANTED (8 CFR 1003.1(d))',
    transition: 'bia_granted_relief',
    from: 'BIA_PENDING',
    to: 'RELIEF_GRANTED',
    adverse: false,
  },
  {
    rule: 'IJ_DECIDED(VD) → VD_PERIOD (INA §240B)',
    transition: 'begin_vd',
    from: 'IJ_DECIDED',
    to: 'VD_PERIOD',
    adverse: false,
  },
  {
    rule: 'VD_PERIOD → VD_COMPLIED: verified departure (8 CFR 241.7)',
    transition: 'vd_complied',
    from: 'VD_PERIOD',
    to: 'VD_COMPLIED',
    adverse: false,
  },
  {
    rule: 'VD_PERIOD → FINAL_ORDER: overstay of VD (8 CFR 1241.1(f))',
    transition: 'vd_overstayed',
    from: 'VD_PERIOD',
    to: 'FINAL_ORDER',
    adverse: true,
  },
  {
    rule: 'FINAL_ORDER → REOPENED (INA §240(c)(7))',
    transition: 'reopen',
    from: 'FINAL_ORDER',
    to: 'PENDING_BEFORE_IJ',
    adverse: false,
  },
  {
    rule: 'FINAL_ORDER → REMOVAL_EXECUTED: I-205 (INA §241(a)(1))',
    transition: 'execute_removal',
    from: 'FINAL_ORDER',
    to: 'REMOVAL_EXECUTED',
    adverse: true,
  },
  {
    rule: 'REMOVAL_EXECUTED → DEPARTURE_VERIFIED (§7.1 terminal)',
    transition: 'verify_departure',
    from: 'REMOVAL_EXECUTED',
    to: 'DEPARTURE_VERIFIED',
    adverse: false,
  },
  {
    rule: 'FINAL_ORDER → SELF_REMOVED (INA §101(g))',
    transition: 'record_self_removal',
    from: 'FINAL_ORDER',
    to: 'SELF_REMOVED',
    adverse: true,
  },
  {
    rule: 'any → CLOSED_CITIZEN (INA §101(a)(3))',
    transition: 'close_citizen',
    from: 'BIA_PENDING',
    to: 'CLOSED_CITIZEN',
    adverse: false,
  },
  {
    rule: 'any → STAYED (8 CFR 1003.6(a); 241.6)',
    transition: 'grant_stay',
    from: 'FINAL_ORDER',
    to: 'FINAL_ORDER',
    adverse: false,
  },
];

describe('the removal-case transition table (RULES.md §7)', () => {
  it.each(RULES_7_2)('$rule', ({ transition, from, to, adverse }) => {
    const spec = TRANSITION_TABLE[transition];

    expect(startsFrom(transition, from)).toBe(true);
    expect(spec.to === 'SAME' ? from : spec.to).toBe(to);
    expect(spec.adverse).toBe(adverse);
  });

  it('lets removal proceed by exactly one step, executing the Warrant of Removal (§7.5 applies to it)', () => {
    expect(ENFORCEMENT_TRANSITIONS).toEqual(['execute_removal']);
    expect(TRANSITION_TABLE.execute_removal.adverse).toBe(true);
  });

  it('stops the enforcement step on every §7.5 blocker and every review hold', () => {
    expect(TRANSITION_TABLE.execute_removal.stoppedBy).toEqual(
      expect.arrayContaining([
        'US_CITIZEN',
        'CITIZENSHIP_CLAIM_UNRESOLVED',
        'NOT_IN_UNITED_STATES',
        'NO_REMOVAL_ORDER',
        'PROCEEDINGS_PENDING',
        'ORDER_NOT_FINAL_APPEAL_PERIOD',
        'ORDER_NOT_FINAL_APPEAL_PENDING',
        'VOLUNTARY_DEPARTURE_PERIOD_RUNNING',
        'VOLUNTARY_DEPARTURE_COMPLIED',
        'STAY_OF_REMOVAL_IN_EFFECT',
        'AUTOMATIC_STAY_MTR_IN_ABSENTIA',
        'PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY',
        'TPS_IN_EFFECT',
        'CASE_STAYED',
      ]),
    );
  });

  it('makes every step that finalises or executes an order adverse (two-person rule)', () => {
    for (const t of CASE_TRANSITIONS) {
      const to = TRANSITION_TABLE[t].to;
      if (to === 'FINAL_ORDER' || to === 'REMOVAL_EXECUTED' || to === 'SELF_REMOVED')
        expect(ADVERSE_TRANSITIONS).toContain(t);
    }
  });

  it('lets nothing out of a terminal state (§7.1 terminal)', () => {
    for (const state of TERMINAL_CASE_STATES) {
      expect(transitionsFrom({ ...NEW_CASE, state })).toEqual([]);
    }
  });

  it('closes a citizen’s case from any open state (§7.2 any → CLOSED_CITIZEN)', () => {
    for (const state of REMOVAL_CASE_STATES) {
      expect(startsFrom('close_citizen', state)).toBe(!isTerminal(state));
    }
  });

  it('reaches every state from NONE', () => {
    const reached = new Set<RemovalCaseState>(['NONE']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const state of [...reached]) {
        for (const t of transitionsFrom({ ...NEW_CASE, state })) {
          const to = TRANSITION_TABLE[t].to;
          if (to !== 'SAME' && !reached.has(to)) {
            reached.add(to);
            grew = true;
          }
        }
      }
    }

    expect([...reached].sort()).toEqual([...REMOVAL_CASE_STATES].sort());
  });

  it('asks for a new notice of hearing after a remand or a reopening (notice before decision)', () => {
    const decided = { ...NEW_CASE, state: 'BIA_PENDING' as const, noticeServedOn: '2025-01-02' as const };

    expect(applyTransition(decided, 'bia_remanded', {}, '2025-06-01')).toMatchObject({
      state: 'PENDING_BEFORE_IJ',
      noticeServedOn: null,
      ijOutcome: null,
    });
    expect(applyTransition({ ...decided, state: 'FINAL_ORDER' }, 'reopen', {}, '2025-06-01')).toMatchObject({
      state: 'PENDING_BEFORE_IJ',
      overlays: ['REOPENED'],
      noticeServedOn: null,
    });
  });

  it('records the NTA’s hearing as the first notice, and drops overlays when the case ends', () => {
    const served = applyTransition(NEW_CASE, 'serve_nta', { hearingDate: '2025-03-01' }, '2025-02-01');
    const stayed = applyTransition({ ...served, state: 'FINAL_ORDER' }, 'grant_stay', {}, '2025-04-01');

    expect(served).toMatchObject({
      ntaServedOn: '2025-02-01',
      noticeServedOn: '2025-02-01',
      hearingOn: '2025-03-01',
    });
    expect(stayed.overlays).toEqual(['STAYED']);
    expect(applyTransition(stayed, 'close_citizen', {}, '2025-05-01').overlays).toEqual([]);
  });
});
