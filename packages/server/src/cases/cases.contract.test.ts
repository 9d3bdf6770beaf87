import type { CaseActor, CaseTransition, StepDetails } from '@ilos/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { freshContext, storeKinds } from '../test-support.js';
import {
  approveStep,
  declineStep,
  listCases,
  openCase,
  type StepResult,
  showCase,
  transitionCase,
} from './cases.js';
import {
  addDispute,
  addProbableLink,
  addRecord,
  as,
  assignOfficers,
  type Clock,
  counselRecord,
  courtRecord,
  fakeClock,
  forceState,
  loginOfficers,
  OFFICERS,
  seedPersons,
  situations,
} from './test-persons.js';
import { worklist } from './worklist.js';

const { ana, bo, sue, al } = OFFICERS;

describe.each(storeKinds())('removal cases on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let clock: Clock;

  beforeAll(async () => {
    clock = fakeClock();
    ctx = await freshContext(kind, { now: () => clock.now() });
    await seedPersons(ctx, situations());
    await addProbableLink(ctx, 'P-PROBABLE', 'cbp-i94:I94-106', 'eoir-cases:A106-002');
    await addDispute(ctx, 'RDR-107', 'eoir-cases', 'A107-002');
    await loginOfficers(ctx);
  });
  afterAll(async () => ctx?.dispose());
  beforeEach(async () => {
    clock.set('2025-06-02T12:00:00.000Z');
    await ctx.sql.exec('truncate counsel_notifications, case_approvals, case_events, cases');
  });

  const step = (caseId: string, transition: CaseTransition, details: StepDetails = {}, by: CaseActor = ana) =>
    transitionCase(ctx, as(by), { caseId, transition, reason: `${transition} for the test`, details });
  const approve = (caseId: string, by: CaseActor = sue) =>
    approveStep(ctx, as(by), { caseId, reason: 'checked the file' });
  const opened = async (personId: string) => {
    const id = (await openCase(ctx, as(ana), { personId, reason: 'referred by the field office' })).case.id;
    await assignOfficers(ctx, id);
    return id;
  };
  const codes = (r: StepResult) => r.check?.blocking.map((f) => f.code) ?? [];

  it('keeps one active removal case per person', async () => {
    await opened('P-CLEAR');

    await expect(opened('P-CLEAR')).rejects.toMatchObject({ code: 'conflict' });
    await expect(opened('P-NOBODY')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('walks a case from NONE to DEPARTURE_VERIFIED, every adverse step waiting for a second person', async () => {
    const id = await opened('P-CLEAR');

    const served = await step(id, 'serve_nta', { hearingDate: '2025-06-20' });
    expect(served).toMatchObject({ outcome: 'pending_approval', case: { state: 'NONE' } });
    expect(codes(await approve(id, ana))).toEqual(['SAME_PERSON']);
    expect(codes(await approve(id, bo))).toEqual(['NOT_SUPERVISOR']);
    expect(await approve(id)).toMatchObject({ outcome: 'approved', case: { state: 'NTA_ISSUED' } });

    await step(id, 'file_nta');
    expect((await approve(id)).case.state).toBe('PENDING_BEFORE_IJ');
    expect(codes(await step(id, 'record_ij_decision', { outcome: 'REMOVAL_ORDERED' }))).toEqual([
      'DECISION_BEFORE_HEARING',
    ]);
    clock.advanceDays(18);
    expect((await step(id, 'record_ij_decision', { outcome: 'REMOVAL_ORDERED' })).case.state).toBe(
      'IJ_DECIDED',
    );
    await step(id, 'waive_appeal');
    expect((await approve(id)).case.state).toBe('FINAL_ORDER');
    await step(id, 'execute_removal', {}, bo);
    expect((await approve(id)).case).toMatchObject({ state: 'REMOVAL_EXECUTED', active: true });

    expect(codes(await step(id, 'verify_departure'))).toEqual(['DEPARTURE_NOT_VERIFIED']);
    await addRecord(ctx.sql, 'P-CLEAR', {
      source: 'ice-removals',
      id: 'EID-100-X',
      type: 'removal_event',
      fields: { aNumber: 'A100', eventType: 'REMOVAL_EXECUTED', eventDate: '2025-06-20' },
    });
    expect((await step(id, 'verify_departure')).case).toMatchObject({
      state: 'DEPARTURE_VERIFIED',
      active: false,
    });

    const history = (await showCase(ctx, as(sue), id)).events.map(
      (e) => `${e.action}:${e.transition ?? ''}:${e.outcome}`,
    );
    expect(history).toEqual([
      'open::opened',
      'transition:serve_nta:pending_approval',
      'approve:serve_nta:refused',
      'approve:serve_nta:refused',
      'approve:serve_nta:approved',
      'transition:file_nta:pending_approval',
      'approve:file_nta:approved',
      'transition:record_ij_decision:refused',
      'transition:record_ij_decision:applied',
      'transition:waive_appeal:pending_approval',
      'approve:waive_appeal:approved',
      'transition:execute_removal:pending_approval',
      'approve:execute_removal:approved',
      'transition:verify_departure:refused',
      'transition:verify_departure:applied',
    ]);
    await addRecordCleanup(ctx);
  });

  it.each([
    { personId: 'P-CITIZEN', code: 'US_CITIZEN', records: ['vital-records:BC-101'] },
    { personId: 'P-CLAIM', code: 'CITIZENSHIP_CLAIM_UNRESOLVED', records: ['counsel-filings:CF-102-claim'] },
    { personId: 'P-STAY', code: 'STAY_OF_REMOVAL_IN_EFFECT', records: ['eoir-cases:A103-003'] },
    { personId: 'P-TPS', code: 'TPS_IN_EFFECT', records: ['uscis-benefits:TPS-104'] },
    { personId: 'P-PENDING', code: 'NO_REMOVAL_ORDER', records: ['eoir-cases:A105-001'] },
    { personId: 'P-PENDING', code: 'PROCEEDINGS_PENDING', records: ['eoir-cases:A105-001'] },
    {
      personId: 'P-PROBABLE',
      code: 'IDENTITY_UNCONFIRMED',
      records: ['cbp-i94:I94-106', 'eoir-cases:A106-002'],
    },
    { personId: 'P-DISPUTED', code: 'RECORD_DISPUTED', records: ['eoir-cases:A107-002'] },
    { personId: 'P-DEPARTED', code: 'NOT_IN_UNITED_STATES', records: ['cbp-apis:APIS-108'] },
  ])(
    'refuses execute_removal for $personId on $code, naming the records, and records the attempt',
    async ({ personId, code, records }) => {
      const id = await opened(personId);
      await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });

      const result = await step(id, 'execute_removal');

      expect(result.outcome).toBe('refused');
      const finding = result.check?.blocking.find((f) => f.code === code);
      expect(finding?.recordIds).toEqual(expect.arrayContaining(records));
      const [event] = (await showCase(ctx, as(sue), id)).events.filter((e) => e.outcome === 'refused');
      expect(event).toMatchObject({ actorId: 'ana', transition: 'execute_removal', asOf: '2025-06-02' });
      expect(event?.blockers.map((b) => b.code)).toContain(code);
    },
  );

  it('checks the gates again at approval: a stay that arrives meanwhile stops the removal', async () => {
    const id = await opened('P-CLEAR');
    await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });
    expect((await step(id, 'execute_removal')).outcome).toBe('pending_approval');

    await addRecord(
      ctx.sql,
      'P-CLEAR',
      courtRecord('100', 9, {
        eventType: 'STAY_GRANTED',
        eventDate: '2025-06-02',
        stayBy: 'COURT_OF_APPEALS',
      }),
    );
    const refused = await approve(id);

    expect(refused).toMatchObject({ outcome: 'refused', case: { state: 'FINAL_ORDER' } });
    expect(codes(refused)).toEqual(['STAY_OF_REMOVAL_IN_EFFECT']);
    expect((await showCase(ctx, as(sue), id)).pending?.approval.status).toBe('pending');
    expect((await declineStep(ctx, as(sue), { caseId: id, reason: 'stayed by the court' })).outcome).toBe(
      'declined',
    );
    await ctx.sql.query(`delete from person_records where source_record_id = 'A100-009'`);
    await ctx.sql.query(`delete from records where source_record_id = 'A100-009'`);
  });

  it("holds an adverse step while an identity review about one of the person's records is open", async () => {
    const id = await opened('P-CLEAR');
    await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });
    const [record] = await ctx.sql.query<{ k: string }>(
      `select source_id || ':' || source_record_id as k from person_records where person_id = 'P-CLEAR'
        order by 1 limit 1`,
    );
    // A birth record in another cluster may be this person's: until a reviewer decides, nobody is removed.
    await ctx.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-OPEN', $1, 'vital-records:BC-elsewhere', 'doubtful', 'in the review band', 0.3, 2.1, '[]'::jsonb)`,
      [record!.k],
    );

    const held = await step(id, 'execute_removal');

    expect(held.outcome).toBe('refused');
    const finding = held.check?.blocking.find((f) => f.code === 'IDENTITY_UNCONFIRMED');
    expect(finding?.recordIds).toEqual(expect.arrayContaining([record!.k, 'vital-records:BC-elsewhere']));

    await ctx.sql.query(
      `update review_tasks set state = 'decided', decision = 'different', decided_by = 'sue', decided_at = now()
        where task_id = 'T-OPEN'`,
    );
    expect((await step(id, 'execute_removal')).outcome).toBe('pending_approval');
    expect((await declineStep(ctx, as(sue), { caseId: id, reason: 'test over' })).outcome).toBe('declined');
    await ctx.sql.query(`delete from review_tasks where task_id = 'T-OPEN'`);
  });

  it('opens a review task for each probable link a refused step waits on, once', async () => {
    await ctx.sql.query(`delete from review_tasks where reason = 'case-hold'`); // earlier refusals opened one
    const id = await opened('P-PROBABLE');
    await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });

    expect((await step(id, 'execute_removal')).outcome).toBe('refused');
    expect((await step(id, 'execute_removal')).outcome).toBe('refused');

    const tasks = await ctx.sql.query<{
      a: string;
      b: string;
      reason: string;
      state: string;
      detail: string;
    }>(`select a, b, reason, state, detail from review_tasks where reason = 'case-hold'`);
    expect(tasks).toEqual([
      {
        a: 'cbp-i94:I94-106',
        b: 'eoir-cases:A106-002',
        reason: 'case-hold',
        state: 'open',
        detail: expect.stringContaining(id),
      },
    ]);
    await ctx.sql.query(`delete from review_tasks where reason = 'case-hold'`);
  });

  it('notifies counsel of record of each step, and refuses a decision counsel was not told of', async () => {
    const id = await opened('P-CLEAR');
    await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });
    await step(id, 'execute_removal');
    await addRecord(ctx.sql, 'P-CLEAR', {
      ...counselRecord('100', '2025-06-01', 'Lee Park'),
      id: 'CF-100-court',
    });
    // The new appearance is the latest EOIR-28: counsel of record changed after the request.

    const refused = await approve(id);
    expect(codes(refused)).toEqual(['COUNSEL_NOT_NOTIFIED']);
    expect(refused.notified).toBe(1);
    expect((await approve(id)).outcome).toBe('approved');

    const notices = (await showCase(ctx, as(sue), id)).notifications.map(
      (n) => `${n.counselName}: ${n.subject}`,
    );
    expect(notices[0]).toMatch(/^Ana Ruiz: removal case CASE-/);
    expect(notices).toContain(
      "Ana Ruiz: execute_removal requested (FINAL_ORDER → REMOVAL_EXECUTED); it waits for a second person's approval",
    );
    expect(notices.filter((n) => n.startsWith('Lee Park')).length).toBe(2);
    await ctx.sql.query(`delete from person_records where source_record_id = 'CF-100-court'`);
    await ctx.sql.query(`delete from records where source_record_id = 'CF-100-court'`);
  });

  it('freezes a citizen’s case until it is closed, and lets an analyst record but never approve', async () => {
    const id = await opened('P-CITIZEN');

    expect(codes(await step(id, 'serve_nta', { hearingDate: '2025-07-01' }, al))).toEqual(['US_CITIZEN']);
    const closed = await step(id, 'close_citizen', {}, al);

    expect(closed).toMatchObject({ outcome: 'applied', case: { state: 'CLOSED_CITIZEN', active: false } });
    const other = await opened('P-CLEAR');
    await forceState(ctx, other, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });
    await step(other, 'execute_removal');
    expect(codes(await approve(other, al))).toEqual(['NOT_SUPERVISOR']);
  });

  it('lets a protective step through while an adverse one waits, and sets the stale request aside', async () => {
    const id = await opened('P-CLEAR');
    await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });
    await step(id, 'execute_removal');

    expect(codes(await step(id, 'record_self_removal'))).toContain('STEP_AWAITING_APPROVAL');
    expect((await step(id, 'reopen')).case.state).toBe('PENDING_BEFORE_IJ');
    expect((await showCase(ctx, as(sue), id)).approvals.map((a) => a.status)).toEqual(['superseded']);
    await expect(approve(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists cases and orders the work list by legal deadline only', async () => {
    const late = await opened('P-STAY');
    await forceState(ctx, late, 'APPEAL_WINDOW', {
      ijOutcome: 'REMOVAL_ORDERED',
      appealDeadline: '2025-06-30',
    });
    const soon = await opened('P-TPS');
    await forceState(ctx, soon, 'VD_PERIOD', { ijOutcome: 'VD_GRANTED', vdDepartBy: '2025-06-10' });
    const none = await opened('P-PENDING');

    const list = await worklist(ctx, as(sue));

    expect(list.items.map((i) => i.caseId)).toEqual([soon, late, none]);
    expect(list.items[0]?.next).toMatchObject({ kind: 'VOLUNTARY_DEPARTURE_EXPIRY', due: '2025-06-10' });
    expect((await listCases(ctx, as(sue), { state: 'APPEAL_WINDOW' })).map((c) => c.id)).toEqual([late]);
  });

  it('shows each next step with its gates', async () => {
    const id = await opened('P-TPS');
    await forceState(ctx, id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });

    const view = await showCase(ctx, as(sue), id);

    expect(view.person).toMatchObject({ personId: 'P-TPS', identityConfirmed: true });
    expect(view.person.blockers).toContain('TPS_IN_EFFECT');
    const execute = view.next.find((n) => n.transition === 'execute_removal');
    expect(execute?.blocking.map((f) => f.code)).toEqual(['TPS_IN_EFFECT']);
    expect(view.next.find((n) => n.transition === 'reopen')?.allowed).toBe(true);
  });
});

describe.each(storeKinds())('removal cases through the access layer on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let clock: Clock;

  beforeAll(async () => {
    clock = fakeClock();
    ctx = await freshContext(kind, { now: () => clock.now() });
    await seedPersons(ctx, { 'P-CLEAR': situations()['P-CLEAR']!, 'P-TPS': situations()['P-TPS']! });
    await loginOfficers(ctx);
  });
  afterAll(async () => ctx?.dispose());

  type Row = {
    event_type: string;
    actor_id: string;
    outcome: string;
    reason: string | null;
    purpose: string | null;
    target: string | null;
    subjects: string[] | string;
  };
  const rowsAfter = async (id: number) =>
    (
      await ctx.sql.query<Row>(
        `select event_type, actor_id, outcome, reason, purpose, target, subjects from audit_log
          where id > $1 and event_type like 'case.%' order by id`,
        [id],
      )
    ).map((r) => ({ ...r, subjects: typeof r.subjects === 'string' ? JSON.parse(r.subjects) : r.subjects }));
  const lastId = async () =>
    Number(
      (await ctx.sql.query<{ id: string | null }>('select max(id)::text as id from audit_log'))[0]?.id ?? 0,
    );

  it('audits every case call with its purpose, the case and the person', async () => {
    const before = await lastId();

    const { case: c } = await openCase(ctx, as(ana), { personId: 'P-CLEAR', reason: 'referred' });
    await showCase(ctx, as(ana), c.id);
    await transitionCase(ctx, as(ana), {
      caseId: c.id,
      transition: 'serve_nta',
      reason: 'served',
      details: { hearingDate: '2025-07-15' },
    });

    expect(await rowsAfter(before)).toEqual([
      {
        event_type: 'case.open',
        actor_id: 'ana',
        outcome: 'success',
        reason: null,
        purpose: null,
        target: null,
        subjects: ['P-CLEAR'],
      },
      {
        event_type: 'case.read',
        actor_id: 'ana',
        outcome: 'success',
        reason: null,
        purpose: 'CASE_ADJUDICATION',
        target: `case:${c.id}`,
        subjects: ['P-CLEAR'],
      },
      {
        event_type: 'case.transition',
        actor_id: 'ana',
        outcome: 'success',
        reason: null,
        purpose: 'CASE_ADJUDICATION',
        target: `case:${c.id}`,
        subjects: ['P-CLEAR'],
      },
    ]);
  });

  it('refuses a case to an officer not assigned to it, and audits the refusal', async () => {
    const { case: c } = await openCase(ctx, as(ana), { personId: 'P-TPS', reason: 'referred' });
    const before = await lastId();

    await expect(showCase(ctx, as(bo), c.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      transitionCase(ctx, as(bo), { caseId: c.id, transition: 'grant_stay', reason: 'not mine' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(approveStep(ctx, as(sue), { caseId: c.id, reason: 'not mine' })).rejects.toMatchObject({
      code: 'forbidden',
    });

    expect((await rowsAfter(before)).map((r) => [r.event_type, r.actor_id, r.outcome, r.reason])).toEqual([
      ['case.read', 'bo', 'denied', 'not_assigned'],
      ['case.transition', 'bo', 'denied', 'not_assigned'],
      ['case.approve', 'sue', 'denied', 'not_assigned'],
    ]);
    const [events] = await ctx.sql.query<{ n: number }>(
      `select count(*)::int as n from case_events where case_id = $1 and actor_id <> 'ana'`,
      [c.id],
    );
    expect(events?.n).toBe(0);
  });

  it('lists to an officer only the cases they are assigned to; a supervisor sees every case', async () => {
    const mine = (await listCases(ctx, as(ana))).map((c) => c.personId).sort();
    const bos = await listCases(ctx, as(bo));
    const all = (await listCases(ctx, as(sue))).map((c) => c.personId).sort();
    const work = await worklist(ctx, as(bo));

    expect(mine).toEqual(['P-CLEAR', 'P-TPS']);
    expect(bos).toEqual([]);
    expect(work.items).toEqual([]);
    expect(all).toEqual(['P-CLEAR', 'P-TPS']);
  });

  it('refuses every case call without a live session', async () => {
    const nobody = { kind: 'session', token: 'not-a-session' } as const;

    await expect(listCases(ctx, nobody)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(openCase(ctx, nobody, { personId: 'P-CLEAR', reason: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

/** The walk-through adds a removal record to P-CLEAR; later tests expect the person as seeded. */
async function addRecordCleanup(ctx: Context): Promise<void> {
  await ctx.sql.query(`delete from person_records where source_record_id = 'EID-100-X'`);
  await ctx.sql.query(`delete from records where source_record_id = 'EID-100-X'`);
}
