import { describe, expect, it } from 'vitest';
import { statusReport } from '../status/status-report.js';
import type { IsoDate, LifecycleEvent, RemovalBlocker } from '../status/types.js';
import { checkGates, type GateFacts, resolveStepDetails } from './gates.js';
import { type CaseSnapshot, type CaseTransition, NEW_CASE } from './workflow.js';

const admission: LifecycleEvent = {
  type: 'admission',
  date: '2022-09-01',
  class: 'B2',
  admitUntil: '2023-02-28',
  mode: 'AIR',
  recordIds: ['cbp-i94:I94-1'],
};
const proceedings: LifecycleEvent[] = [
  admission,
  { type: 'nta_issued', date: '2023-11-01', recordIds: ['ice-removals:EID-1'] },
  { type: 'nta_filed', date: '2024-01-10', recordIds: ['eoir-cases:A1-001'] },
];
const order: LifecycleEvent = {
  type: 'ij_decision',
  date: '2025-04-10',
  outcome: 'REMOVAL_ORDERED',
  designatedCountry: 'PER',
  appealWaived: true,
  recordIds: ['eoir-cases:A1-002'],
};
/** A final order, waived appeal, nothing else: removal may proceed on 2025-06-01 (scenario S21's shape). */
const finalOrder = [...proceedings, order];
const AS_OF: IsoDate = '2025-06-01';
const atFinalOrder: CaseSnapshot = { ...NEW_CASE, state: 'FINAL_ORDER', noticeServedOn: '2024-02-01' };

function factsFor(events: LifecycleEvent[], asOf: IsoDate = AS_OF, over: Partial<GateFacts> = {}): GateFacts {
  return {
    asOf,
    report: statusReport(events, asOf),
    events,
    identity: { confirmed: true, probableLinkRecords: [] },
    disputes: [],
    counsel: { ofRecord: [], notified: 'WITH_THIS_STEP' },
    ...over,
  };
}

describe('checkGates on the enforcement step (RULES.md §7.5)', () => {
  it('lets execute_removal through on a final order with no blocker, pending a supervisor’s approval', () => {
    const check = checkGates(atFinalOrder, 'execute_removal', factsFor(finalOrder));

    expect(check).toMatchObject({ allowed: true, needsApproval: true, blocking: [], to: 'REMOVAL_EXECUTED' });
  });

  const BLOCKERS: {
    code: RemovalBlocker;
    events: LifecycleEvent[];
    asOf?: IsoDate;
    records: string[];
  }[] = [
    {
      code: 'US_CITIZEN',
      events: [
        ...finalOrder,
        { type: 'birth', date: '1990-03-04', place: 'US', recordIds: ['vital-records:BC-1'] },
      ],
      records: ['vital-records:BC-1'],
    },
    {
      code: 'CITIZENSHIP_CLAIM_UNRESOLVED',
      events: [
        ...finalOrder,
        {
          type: 'citizenship_claim_asserted',
          date: '2025-05-01',
          basis: 'DERIVATION',
          resolution: 'UNDER_REVIEW',
          recordIds: ['counsel-filings:CF-1'],
        },
      ],
      records: ['counsel-filings:CF-1'],
    },
    {
      code: 'NOT_IN_UNITED_STATES',
      events: [
        ...finalOrder,
        {
          type: 'departure',
          date: '2025-05-02',
          source: 'CBP_APIS_AIR',
          verified: true,
          recordIds: ['cbp-apis:APIS-1'],
        },
      ],
      records: ['cbp-apis:APIS-1'],
    },
    { code: 'NO_REMOVAL_ORDER', events: proceedings, records: ['ice-removals:EID-1', 'eoir-cases:A1-001'] },
    { code: 'PROCEEDINGS_PENDING', events: proceedings, records: ['eoir-cases:A1-001'] },
    {
      code: 'ORDER_NOT_FINAL_APPEAL_PERIOD',
      events: [...proceedings, { ...order, appealWaived: false, appealReserved: true }],
      asOf: '2025-04-20',
      records: ['eoir-cases:A1-002'],
    },
    {
      code: 'ORDER_NOT_FINAL_APPEAL_PENDING',
      events: [
        ...proceedings,
        { ...order, appealWaived: false, appealReserved: true },
        { type: 'bia_appeal_filed', date: '2025-04-20', by: 'RESPONDENT', recordIds: ['eoir-cases:A1-003'] },
      ],
      records: ['eoir-cases:A1-002', 'eoir-cases:A1-003'],
    },
    {
      code: 'VOLUNTARY_DEPARTURE_PERIOD_RUNNING',
      events: [
        ...proceedings,
        {
          ...order,
          outcome: 'VOLUNTARY_DEPARTURE',
          alternateOrderCountry: 'PER',
          vd: { type: 'PRE_CONCLUSION', departBy: '2025-08-01' },
        },
      ],
      records: ['eoir-cases:A1-002'],
    },
    {
      code: 'VOLUNTARY_DEPARTURE_COMPLIED',
      events: [
        ...proceedings,
        {
          ...order,
          outcome: 'VOLUNTARY_DEPARTURE',
          alternateOrderCountry: 'PER',
          vd: { type: 'PRE_CONCLUSION', departBy: '2025-08-01' },
        },
        {
          type: 'departure',
          date: '2025-05-02',
          source: 'CBP_APIS_AIR',
          verified: true,
          recordIds: ['cbp-apis:APIS-2'],
        },
      ],
      records: ['eoir-cases:A1-002', 'cbp-apis:APIS-2'],
    },
    {
      code: 'STAY_OF_REMOVAL_IN_EFFECT',
      events: [
        ...finalOrder,
        { type: 'stay_granted', date: '2025-05-01', by: 'DHS', recordIds: ['eoir-cases:A1-004'] },
      ],
      records: ['eoir-cases:A1-004'],
    },
    {
      code: 'AUTOMATIC_STAY_MTR_IN_ABSENTIA',
      events: [
        ...proceedings,
        {
          type: 'ij_decision',
          date: '2025-04-10',
          outcome: 'REMOVAL_ORDERED',
          designatedCountry: 'PER',
          inAbsentia: true,
          recordIds: ['eoir-cases:A1-002'],
        },
        {
          type: 'motion_to_reopen_filed',
          date: '2025-05-01',
          basis: 'IN_ABSENTIA_LACK_OF_NOTICE',
          recordIds: ['eoir-cases:A1-005'],
        },
      ],
      records: ['eoir-cases:A1-002', 'eoir-cases:A1-005'],
    },
    {
      code: 'PROTECTION_GRANTED_FOR_DESIGNATED_COUNTRY',
      events: [...proceedings, { ...order, protection: { type: 'WITHHOLDING', country: 'PER' } }],
      records: ['eoir-cases:A1-002'],
    },
    {
      code: 'TPS_IN_EFFECT',
      events: [
        ...finalOrder,
        {
          type: 'tps_granted',
          date: '2025-05-01',
          until: '2026-09-09',
          country: 'PER',
          recordIds: ['uscis-benefits:TPS-1'],
        },
      ],
      records: ['uscis-benefits:TPS-1'],
    },
  ];

  it.each(BLOCKERS)(
    'refuses execute_removal on $code, naming its records',
    ({ code, events, asOf, records }) => {
      const facts = factsFor(events, asOf);

      const check = checkGates(atFinalOrder, 'execute_removal', facts);

      expect(facts.report.removal.blockers).toContain(code);
      expect(check.allowed).toBe(false);
      const finding = check.blocking.find((f) => f.code === code);
      expect(finding).toMatchObject({ kind: 'BLOCKER', rule: `§7.5 ${code}` });
      expect(finding?.recordIds).toEqual(expect.arrayContaining(records));
    },
  );

  it('refuses on a review hold (a pending application with a final order)', () => {
    const events: LifecycleEvent[] = [
      ...finalOrder,
      { type: 'aos_filed', date: '2025-05-01', form: 'I-485', recordIds: ['uscis-benefits:APP-1'] },
    ];

    const check = checkGates(atFinalOrder, 'execute_removal', factsFor(events));

    expect(check.blocking.map((f) => f.code)).toContain('PENDING_APPLICATION');
    expect(check.blocking.find((f) => f.code === 'PENDING_APPLICATION')?.recordIds).toEqual([
      'uscis-benefits:APP-1',
    ]);
  });

  it('refuses when the identity rests on a probable link, naming the linked records', () => {
    const facts = factsFor(finalOrder, AS_OF, {
      identity: { confirmed: false, probableLinkRecords: ['cbp-i94:I94-1', 'eoir-cases:A1-002'] },
    });

    const check = checkGates(atFinalOrder, 'execute_removal', facts);

    expect(check.blocking).toEqual([
      expect.objectContaining({
        code: 'IDENTITY_UNCONFIRMED',
        recordIds: ['cbp-i94:I94-1', 'eoir-cases:A1-002'],
      }),
    ]);
  });

  it('freezes adverse steps that rest on a disputed record (redress)', () => {
    const facts = factsFor(finalOrder, AS_OF, {
      disputes: [{ disputeId: 'RDR-1', recordId: 'eoir-cases:A1-002' }],
    });

    expect(checkGates(atFinalOrder, 'execute_removal', facts).blocking).toEqual([
      expect.objectContaining({ code: 'RECORD_DISPUTED', recordIds: ['eoir-cases:A1-002'] }),
    ]);
    expect(checkGates(atFinalOrder, 'reopen', facts).allowed).toBe(true);
  });

  it('refuses a decision when counsel of record was not told of the step before it', () => {
    const counsel = {
      recordId: 'counsel-filings:CF-9',
      name: 'Ana Ruiz',
      barNumber: 'NY-1',
      form: 'EOIR-28',
      filedOn: '2025-05-20' as IsoDate,
    };
    const told = factsFor(finalOrder, AS_OF, {
      counsel: { ofRecord: [counsel], notified: ['counsel-filings:CF-9'] },
    });
    const untold = factsFor(finalOrder, AS_OF, { counsel: { ofRecord: [counsel], notified: [] } });

    expect(checkGates(atFinalOrder, 'execute_removal', told).allowed).toBe(true);
    expect(checkGates(atFinalOrder, 'execute_removal', untold).blocking).toEqual([
      expect.objectContaining({ code: 'COUNSEL_NOT_NOTIFIED', recordIds: ['counsel-filings:CF-9'] }),
    ]);
  });

  it('refuses while the case itself carries a stay', () => {
    const check = checkGates(
      { ...atFinalOrder, overlays: ['STAYED'] },
      'execute_removal',
      factsFor(finalOrder),
    );

    expect(check.blocking.map((f) => f.code)).toEqual(['CASE_STAYED']);
  });
});

describe('citizenship freezes the case (RULES.md §1 invariant 1, §7.2 any → CLOSED_CITIZEN)', () => {
  const citizen = factsFor([
    ...finalOrder,
    { type: 'birth', date: '1990-03-04', place: 'US', recordIds: ['vital-records:BC-1'] },
  ]);
  const claim = factsFor([
    ...finalOrder,
    {
      type: 'citizenship_claim_asserted',
      date: '2025-05-01',
      basis: 'BIRTH_IN_US',
      resolution: 'UNDER_REVIEW',
      recordIds: ['counsel-filings:CF-1'],
    },
  ]);

  it.each<CaseTransition>(['reopen', 'grant_stay', 'execute_removal', 'record_self_removal'])(
    'refuses %s for a citizen: the only way on is to close the case',
    (transition) => {
      expect(checkGates(atFinalOrder, transition, citizen).blocking.map((f) => f.code)).toContain(
        'US_CITIZEN',
      );
    },
  );

  it('closes a citizen’s case', () => {
    expect(checkGates(atFinalOrder, 'close_citizen', citizen).allowed).toBe(true);
  });

  it('refuses every adverse step on an unresolved claim but lets protective steps through', () => {
    expect(checkGates(atFinalOrder, 'execute_removal', claim).allowed).toBe(false);
    expect(
      checkGates({ ...NEW_CASE }, 'serve_nta', claim, { hearingDate: '2025-07-01' }).blocking.map(
        (f) => f.code,
      ),
    ).toEqual(['CITIZENSHIP_CLAIM_UNRESOLVED']);
    expect(checkGates(atFinalOrder, 'reopen', claim).allowed).toBe(true);
    expect(checkGates(atFinalOrder, 'grant_stay', claim).allowed).toBe(true);
  });

  it('does not close a case on a claim alone', () => {
    expect(checkGates(atFinalOrder, 'close_citizen', claim).blocking.map((f) => f.code)).toEqual([
      'NO_CITIZENSHIP_EVIDENCE',
    ]);
  });
});

describe('due-process preconditions of the case (RULES.md §7.2)', () => {
  const facts = factsFor(proceedings, '2024-03-01');

  it('needs the time and place of the hearing in the NTA, at least 10 days out (INA §239(b)(1))', () => {
    expect(checkGates(NEW_CASE, 'serve_nta', facts).blocking.map((f) => f.code)).toEqual([
      'NTA_TIME_AND_PLACE_MISSING',
    ]);
    expect(
      checkGates(NEW_CASE, 'serve_nta', facts, { hearingDate: '2024-03-05' }).blocking.map((f) => f.code),
    ).toEqual(['HEARING_TOO_SOON']);
    expect(
      checkGates(NEW_CASE, 'serve_nta', facts, { hearingDate: '2024-03-05', tenDayMinimumWaived: true })
        .allowed,
    ).toBe(true);
    expect(checkGates(NEW_CASE, 'serve_nta', facts, { hearingDate: '2024-03-11' }).allowed).toBe(true);
  });

  it('records no IJ decision before a notice of hearing, nor before the noticed hearing (notice before decision)', () => {
    const pending: CaseSnapshot = { ...NEW_CASE, state: 'PENDING_BEFORE_IJ' };

    expect(
      checkGates(pending, 'record_ij_decision', facts, { outcome: 'REMOVAL_ORDERED' }).blocking.map(
        (f) => f.code,
      ),
    ).toEqual(['NO_NOTICE_OF_HEARING']);
    expect(
      checkGates(
        { ...pending, noticeServedOn: '2024-02-01', hearingOn: '2024-03-02' },
        'record_ij_decision',
        facts,
        { outcome: 'REMOVAL_ORDERED' },
      ).blocking.map((f) => f.code),
    ).toEqual(['DECISION_BEFORE_HEARING']);
    expect(
      checkGates(
        { ...pending, noticeServedOn: '2024-02-01', hearingOn: '2024-03-01' },
        'record_ij_decision',
        facts,
        {
          outcome: 'REMOVAL_ORDERED',
        },
      ).allowed,
    ).toBe(true);
  });

  it('keeps the order from becoming final while the appeal window is open, and refuses a late appeal (8 CFR 1003.38)', () => {
    const window: CaseSnapshot = {
      ...NEW_CASE,
      state: 'APPEAL_WINDOW',
      ijOutcome: 'REMOVAL_ORDERED',
      appealDeadline: '2025-05-12',
    };
    const inside = factsFor(finalOrder, '2025-05-12');
    const after = factsFor(finalOrder, '2025-05-13');

    expect(checkGates(window, 'order_became_final', inside).blocking.map((f) => f.code)).toEqual([
      'APPEAL_WINDOW_OPEN',
    ]);
    expect(checkGates(window, 'order_became_final', after).allowed).toBe(true);
    expect(checkGates(window, 'file_appeal', inside).allowed).toBe(true);
    expect(checkGates(window, 'file_appeal', after).blocking.map((f) => f.code)).toEqual([
      'APPEAL_WINDOW_CLOSED',
    ]);
  });

  it('keeps the alternate order from taking effect while voluntary departure runs (8 CFR 1241.1(f))', () => {
    const vd: CaseSnapshot = {
      ...NEW_CASE,
      state: 'VD_PERIOD',
      ijOutcome: 'VD_GRANTED',
      vdDepartBy: '2025-08-01',
    };
    const running = factsFor(
      [
        ...proceedings,
        {
          ...order,
          outcome: 'VOLUNTARY_DEPARTURE',
          vd: { type: 'PRE_CONCLUSION', departBy: '2025-08-01' },
        },
      ],
      AS_OF,
    );

    expect(checkGates(vd, 'vd_overstayed', running).blocking.map((f) => f.code)).toEqual([
      'VOLUNTARY_DEPARTURE_PERIOD_RUNNING',
      'VD_PERIOD_RUNNING',
    ]);
  });

  it('closes the work only on a verified departure', () => {
    const departed = factsFor([
      ...finalOrder,
      { type: 'departure', date: '2025-05-02', source: 'SELF_REPORTED', verified: false, recordIds: ['x:1'] },
    ]);

    expect(checkGates(atFinalOrder, 'record_self_removal', departed).blocking.map((f) => f.code)).toEqual([
      'DEPARTURE_NOT_VERIFIED',
    ]);
  });

  it('names an illegal move as such', () => {
    expect(
      checkGates(NEW_CASE, 'execute_removal', factsFor(finalOrder)).blocking.map((f) => f.code),
    ).toContain('TRANSITION_NOT_ALLOWED');
  });

  it('takes the last day to appeal and the depart-by date from the court record when not given (C9, C11)', () => {
    const report = statusReport(
      [...proceedings, { ...order, appealWaived: false, appealReserved: true }],
      '2025-04-11',
    );

    expect(resolveStepDetails('reserve_appeal', {}, report).appealDeadline).toBe(
      report.removal.appealDeadline,
    );
    expect(
      resolveStepDetails('reserve_appeal', { appealDeadline: '2025-05-01' }, report).appealDeadline,
    ).toBe('2025-05-01');
  });
});
