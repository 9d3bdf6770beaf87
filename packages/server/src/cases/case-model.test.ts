/**
 * RELIABILITY.md T4.1: a model-based test of the removal-case workflow. fast-check runs random sequences
 * of open / step (notify, decide, appeal, stay, close, reopen …) / approve / decline / time passing
 * against the real use cases on a real store, and against a plain state-machine model written here
 * from RULES.md §7 on its own. Any difference in outcome, state, overlays or the waiting approval is a
 * divergence. After each run the stored history is audited: no applied step skipped a due-process gate
 * (notice before decision, the appeal window, two-person approval).
 */
import {
  type CaseActor,
  type CaseTransition,
  IJ_DECISION_OUTCOMES,
  type IjDecisionOutcome,
  type IsoDate,
  type RemovalCaseState,
  type StepDetails,
} from '@ilos/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { freshContext, storeKinds } from '../test-support.js';
import { findCase, pendingApprovalOf } from './case-store.js';
import { approveStep, declineStep, openCase, transitionCase } from './cases.js';
import {
  addProbableLink,
  addRecord,
  as,
  assignOfficers,
  type Clock,
  courtRecord,
  fakeClock,
  loginOfficers,
  OFFICERS,
  seedPersons,
  situations,
} from './test-persons.js';

const RUNS = 200;
const MAX_COMMANDS = 50;

// ---- The model: a plain table, from RULES.md §7.1–§7.2 ------------------------------------------------

type State = RemovalCaseState;
const TERMINAL: State[] = [
  'VD_COMPLIED',
  'RELIEF_GRANTED',
  'TERMINATED',
  'DEPARTURE_VERIFIED',
  'SELF_REMOVED',
  'CLOSED_CITIZEN',
];
const OPEN_STATES: State[] = [
  'NONE',
  'NTA_ISSUED',
  'PENDING_BEFORE_IJ',
  'IJ_DECIDED',
  'APPEAL_WINDOW',
  'BIA_PENDING',
  'FINAL_ORDER',
  'VD_PERIOD',
  'REMOVAL_EXECUTED',
];

const MODEL_TABLE: Record<State, Partial<Record<CaseTransition, State | 'SAME'>>> = {
  NONE: { serve_nta: 'NTA_ISSUED' },
  NTA_ISSUED: { file_nta: 'PENDING_BEFORE_IJ', serve_hearing_notice: 'SAME', grant_stay: 'SAME' },
  PENDING_BEFORE_IJ: { serve_hearing_notice: 'SAME', record_ij_decision: 'IJ_DECIDED', grant_stay: 'SAME' },
  IJ_DECIDED: {
    waive_appeal: 'FINAL_ORDER',
    final_in_absentia: 'FINAL_ORDER',
    reserve_appeal: 'APPEAL_WINDOW',
    begin_vd: 'VD_PERIOD',
    relief_became_final: 'RELIEF_GRANTED',
    proceedings_terminated: 'TERMINATED',
    grant_stay: 'SAME',
  },
  APPEAL_WINDOW: {
    file_appeal: 'BIA_PENDING',
    order_became_final: 'FINAL_ORDER',
    begin_vd: 'VD_PERIOD',
    relief_became_final: 'RELIEF_GRANTED',
    proceedings_terminated: 'TERMINATED',
    grant_stay: 'SAME',
  },
  BIA_PENDING: {
    bia_final_order: 'FINAL_ORDER',
    bia_remanded: 'PENDING_BEFORE_IJ',
    bia_granted_relief: 'RELIEF_GRANTED',
    bia_reinstated_vd: 'VD_PERIOD',
    grant_stay: 'SAME',
  },
  FINAL_ORDER: {
    reopen: 'PENDING_BEFORE_IJ',
    execute_removal: 'REMOVAL_EXECUTED',
    record_self_removal: 'SELF_REMOVED',
    grant_stay: 'SAME',
  },
  VD_PERIOD: { vd_complied: 'VD_COMPLIED', vd_overstayed: 'FINAL_ORDER', grant_stay: 'SAME' },
  REMOVAL_EXECUTED: { verify_departure: 'DEPARTURE_VERIFIED' },
  VD_COMPLIED: {},
  RELIEF_GRANTED: {},
  TERMINATED: {},
  DEPARTURE_VERIFIED: {},
  SELF_REMOVED: {},
  CLOSED_CITIZEN: {},
};
// Steps open from every state that is not terminal.
for (const state of OPEN_STATES) {
  MODEL_TABLE[state].close_citizen = 'CLOSED_CITIZEN';
  MODEL_TABLE[state].lift_stay = 'SAME';
}

const ADVERSE: CaseTransition[] = [
  'serve_nta',
  'file_nta',
  'waive_appeal',
  'final_in_absentia',
  'order_became_final',
  'bia_final_order',
  'vd_overstayed',
  'lift_stay',
  'execute_removal',
  'record_self_removal',
];
const ORDERS: IjDecisionOutcome[] = ['REMOVAL_ORDERED', 'REMOVAL_ORDERED_WITH_PROTECTION'];
const OUTCOMES_NEEDED: Partial<Record<CaseTransition, IjDecisionOutcome[]>> = {
  waive_appeal: ORDERS,
  final_in_absentia: ['REMOVAL_ORDERED_IN_ABSENTIA'],
  reserve_appeal: IJ_DECISION_OUTCOMES.filter((o) => o !== 'REMOVAL_ORDERED_IN_ABSENTIA'),
  order_became_final: ORDERS,
  begin_vd: ['VD_GRANTED'],
  relief_became_final: ['RELIEF_GRANTED'],
  proceedings_terminated: ['TERMINATED'],
  bia_reinstated_vd: ['VD_GRANTED'],
};
const AFTER_WINDOW: CaseTransition[] = [
  'order_became_final',
  'begin_vd',
  'relief_became_final',
  'proceedings_terminated',
];

/** What each test person's records show (RULES.md §7.5), as the model knows it. */
const PERSONS = {
  'P-CLEAR': [],
  'P-CITIZEN': ['US_CITIZEN'],
  'P-CLAIM': ['CITIZENSHIP_CLAIM_UNRESOLVED'],
  'P-STAY': ['STAY_OF_REMOVAL_IN_EFFECT'],
  'P-DEPARTED': ['NOT_IN_UNITED_STATES'],
  'P-PROBABLE': ['IDENTITY_UNCONFIRMED'],
} as const satisfies Record<string, readonly string[]>;
type Person = keyof typeof PERSONS;
const PERSON_IDS = Object.keys(PERSONS) as Person[];

type ModelCase = {
  state: State;
  stayed: boolean;
  outcome: IjDecisionOutcome | null;
  notice: boolean;
  hearingOn: number | null;
  appealDeadline: number | null;
  vdDepartBy: number | null;
  pending: { transition: CaseTransition; by: string; details: StepDetails; from: State } | null;
};
type Model = {
  today: number;
  cases: Partial<Record<Person, ModelCase>>;
  /** Findings new evidence added to P-CLEAR's records during the run. */
  evidence: string[];
};

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(new Date(`${iso}T00:00:00Z`).getTime() / DAY);
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10) as IsoDate;

/** Why the model refuses a step (empty when it goes through), checked at `today`. */
function modelRefusals(m: Model, person: Person, c: ModelCase, t: CaseTransition, d: StepDetails): string[] {
  const to = MODEL_TABLE[c.state][t];
  if (to === undefined) return ['TRANSITION_NOT_ALLOWED'];
  const found: readonly string[] = person === 'P-CLEAR' ? m.evidence : PERSONS[person];
  const adverse = ADVERSE.includes(t);
  const why: string[] = [];
  if (found.includes('US_CITIZEN') && t !== 'close_citizen') why.push('US_CITIZEN');
  if (adverse)
    for (const f of ['CITIZENSHIP_CLAIM_UNRESOLVED', 'IDENTITY_UNCONFIRMED'])
      if (found.includes(f)) why.push(f);
  if (t === 'execute_removal') {
    why.push(...found);
    if (c.stayed) why.push('CASE_STAYED');
  }
  if ((t === 'serve_nta' || t === 'vd_overstayed') && found.includes('NOT_IN_UNITED_STATES'))
    why.push('NOT_IN_UNITED_STATES');
  if (t === 'lift_stay' && found.includes('STAY_OF_REMOVAL_IN_EFFECT')) why.push('STAY_OF_REMOVAL_IN_EFFECT');
  if (t === 'close_citizen' && !found.includes('US_CITIZEN')) why.push('NO_CITIZENSHIP_EVIDENCE');
  if (
    ['verify_departure', 'record_self_removal', 'vd_complied'].includes(t) &&
    !found.includes('NOT_IN_UNITED_STATES')
  )
    why.push('DEPARTURE_NOT_VERIFIED');
  const needed = OUTCOMES_NEEDED[t];
  if (needed !== undefined && (c.outcome === null || !needed.includes(c.outcome)))
    why.push('IJ_OUTCOME_MISMATCH');
  const today = m.today;
  if (t === 'serve_nta' && dayNumber(d.hearingDate!) < today + 10) why.push('HEARING_TOO_SOON');
  if (t === 'record_ij_decision') {
    if (!c.notice) why.push('NO_NOTICE_OF_HEARING');
    else if (c.hearingOn !== null && today < c.hearingOn) why.push('DECISION_BEFORE_HEARING');
  }
  if (t === 'file_appeal' && (c.appealDeadline === null || today > c.appealDeadline))
    why.push('APPEAL_WINDOW_CLOSED');
  if (AFTER_WINDOW.includes(t) && c.state === 'APPEAL_WINDOW' && today <= (c.appealDeadline ?? Infinity))
    why.push('APPEAL_WINDOW_OPEN');
  if (t === 'vd_overstayed' && today <= (c.vdDepartBy ?? Infinity)) why.push('VD_PERIOD_RUNNING');
  if (t === 'grant_stay' && c.stayed) why.push('ALREADY_STAYED');
  if (t === 'lift_stay' && !c.stayed) why.push('NOT_STAYED');
  return why;
}

/** Every state some run reached, to show the runs went deep. */
const visited = new Set<State>(['NONE']);

function modelApply(c: ModelCase, t: CaseTransition, d: StepDetails): void {
  const to = MODEL_TABLE[c.state][t]!;
  if (to !== 'SAME') c.state = to;
  visited.add(c.state);
  if (t === 'serve_nta' || t === 'serve_hearing_notice') {
    c.notice = true;
    c.hearingOn = dayNumber(d.hearingDate!);
  }
  if (t === 'record_ij_decision') c.outcome = d.outcome!;
  if (t === 'reserve_appeal') c.appealDeadline = dayNumber(d.appealDeadline!);
  if (t === 'begin_vd' || t === 'bia_reinstated_vd') c.vdDepartBy = dayNumber(d.vdDepartBy!);
  if (t === 'bia_remanded' || t === 'reopen') {
    c.outcome = null;
    c.notice = false;
    c.hearingOn = null;
    c.appealDeadline = null;
    c.vdDepartBy = null;
  }
  if (t === 'grant_stay') c.stayed = true;
  if (t === 'lift_stay') c.stayed = false;
  if (TERMINAL.includes(c.state)) c.stayed = false;
}

// ---- The system under test and the commands -------------------------------------------------------------

type Real = { ctx: Context; clock: Clock; caseIds: Partial<Record<Person, string>> };
const ACTORS: CaseActor[] = Object.values(OFFICERS);
const SUPERVISORS: CaseActor[] = [OFFICERS.sue, OFFICERS.sam];
const ALL_TRANSITIONS = Object.keys(MODEL_TABLE.FINAL_ORDER).concat(
  Object.values(MODEL_TABLE).flatMap((row) => Object.keys(row)),
) as CaseTransition[];

/** Compares the stored case with the model's; a difference is a divergence. */
async function compare(real: Real, person: Person, c: ModelCase | undefined): Promise<void> {
  const id = real.caseIds[person];
  if (id === undefined || c === undefined) return;
  const stored = await findCase(real.ctx.sql, id);
  const pending = await pendingApprovalOf(real.ctx.sql, id);
  expect({
    state: stored?.state,
    stayed: stored?.overlays.includes('STAYED'),
    active: stored?.active,
    pending: pending?.transition ?? null,
  }).toEqual({
    state: c.state,
    stayed: c.stayed,
    active: !TERMINAL.includes(c.state),
    pending: c.pending?.transition ?? null,
  });
}

type Command = fc.AsyncCommand<Model, Real>;

function openCommand(person: Person): Command {
  return {
    check: () => true,
    async run(m, r) {
      const current = m.cases[person];
      const active = current !== undefined && !TERMINAL.includes(current.state);
      const attempt = openCase(r.ctx, as(OFFICERS.ana), { personId: person, reason: 'model' });
      if (active) {
        await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
        return;
      }
      const result = await attempt;
      r.caseIds[person] = result.case.id;
      await assignOfficers(r.ctx, result.case.id);
      const fresh: ModelCase = {
        state: 'NONE',
        stayed: false,
        outcome: null,
        notice: false,
        hearingOn: null,
        appealDeadline: null,
        vdDepartBy: null,
        pending: null,
      };
      m.cases[person] = fresh;
      await compare(r, person, fresh);
    },
    toString: () => `open(${person})`,
  };
}

function stepCommand(
  person: Person,
  pick: number,
  actorPick: number,
  thenApprove: boolean,
  hearingIn: number,
  outcome: number,
): Command {
  const transitionFor = (m: Model, c: ModelCase, details: StepDetails): CaseTransition => {
    const legal = Object.keys(MODEL_TABLE[c.state]) as CaseTransition[];
    // Half the steps are ones the model expects to go through, half of those moving the case on (so runs
    // reach deep states); one in eight is drawn from the whole table (illegal moves); the rest are any
    // step the table allows from the state.
    if (legal.length === 0 || pick % 8 === 0) return ALL_TRANSITIONS[pick % ALL_TRANSITIONS.length]!;
    const likely = legal.filter((t) => modelRefusals(m, person, c, t, details).length === 0);
    const forward = likely.filter(
      (t) => MODEL_TABLE[c.state][t] !== 'SAME' && t !== 'reopen' && t !== 'bia_remanded',
    );
    const from =
      pick % 4 === 1 && forward.length > 0 ? forward : pick % 2 === 1 && likely.length > 0 ? likely : legal;
    return from[Math.floor(pick / 8) % from.length]!;
  };
  return {
    check: (m) => m.cases[person] !== undefined,
    async run(m, r) {
      const c = m.cases[person]!;
      const details: StepDetails = {
        hearingDate: isoDay(m.today + hearingIn),
        outcome: IJ_DECISION_OUTCOMES[outcome % IJ_DECISION_OUTCOMES.length]!,
        appealDeadline: isoDay(m.today + 10),
        vdDepartBy: isoDay(m.today + 30),
      };
      const t = transitionFor(m, c, details);
      const actor = ACTORS[actorPick % ACTORS.length]!;
      const result = await transitionCase(r.ctx, as(actor), {
        caseId: r.caseIds[person]!,
        transition: t,
        reason: 'model',
        details,
      });

      const why = modelRefusals(m, person, c, t, details);
      if (ADVERSE.includes(t) && c.pending !== null) why.push('STEP_AWAITING_APPROVAL');
      const expected = why.length > 0 ? 'refused' : ADVERSE.includes(t) ? 'pending_approval' : 'applied';
      expect({ step: `${t} on ${c.state}`, outcome: result.outcome }).toEqual({
        step: `${t} on ${c.state}`,
        outcome: expected,
      });
      if (expected === 'refused') {
        expect(result.check?.blocking.map((f) => f.code)).toEqual(expect.arrayContaining(why));
      } else if (expected === 'pending_approval') {
        c.pending = { transition: t, by: actor.id, details, from: c.state };
        await compare(r, person, c);
        // A second supervisor at hand: the step and its approval in one command, so runs go deep.
        if (thenApprove) await approveAs(m, r, person, actor.id === 'sue' ? OFFICERS.sam : OFFICERS.sue);
      } else {
        modelApply(c, t, details);
        if (c.pending !== null && (c.pending.from !== c.state || TERMINAL.includes(c.state)))
          c.pending = null;
      }
      await compare(r, person, c);
    },
    toString: () =>
      `step(${person}, #${pick}, by ${actorPick}, hearing +${hearingIn}, outcome ${outcome}${thenApprove ? ', approved at once' : ''})`,
  };
}

/** Approves the waiting step as `actor`, on the model and on the system, and compares the outcomes. */
async function approveAs(m: Model, r: Real, person: Person, actor: CaseActor): Promise<void> {
  const c = m.cases[person]!;
  const attempt = approveStep(r.ctx, as(actor), { caseId: r.caseIds[person]!, reason: 'model' });
  if (c.pending === null) {
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    return;
  }
  const result = await attempt;
  const p = c.pending;
  const why = modelRefusals(m, person, c, p.transition, p.details);
  if (actor.id === p.by) why.push('SAME_PERSON');
  else if (actor.role !== 'supervisor') why.push('NOT_SUPERVISOR');
  expect({ approve: p.transition, outcome: result.outcome }).toEqual({
    approve: p.transition,
    outcome: why.length > 0 ? 'refused' : 'approved',
  });
  if (why.length > 0) {
    expect(result.check?.blocking.map((f) => f.code)).toEqual(expect.arrayContaining(why));
  } else {
    c.pending = null;
    modelApply(c, p.transition, p.details);
  }
  await compare(r, person, c);
}

function approveCommand(person: Person, actorPick: number): Command {
  return {
    check: (m) => m.cases[person] !== undefined,
    // Mostly a supervisor, so steps get approved; sometimes anyone, so the two-person rule is tried.
    run: (m, r) =>
      approveAs(
        m,
        r,
        person,
        actorPick % 3 === 0 ? ACTORS[actorPick % ACTORS.length]! : SUPERVISORS[actorPick % 2]!,
      ),
    toString: () => `approve(${person}, by ${actorPick})`,
  };
}

function declineCommand(person: Person, actorPick: number): Command {
  return {
    check: (m) => m.cases[person] !== undefined,
    async run(m, r) {
      const c = m.cases[person]!;
      const actor = ACTORS[actorPick % ACTORS.length]!;
      const attempt = declineStep(r.ctx, as(actor), { caseId: r.caseIds[person]!, reason: 'model' });
      if (c.pending === null) {
        await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
      } else if (actor.role !== 'supervisor' && actor.id !== c.pending.by) {
        await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
      } else {
        expect((await attempt).outcome).toBe('declined');
        c.pending = null;
      }
      await compare(r, person, c);
    },
    toString: () => `decline(${person}, by ${actorPick})`,
  };
}

/** New records arrive for P-CLEAR (RELIABILITY.md T4.1 "add evidence"): the next step must see them. */
const EVIDENCE = {
  departure: {
    finding: 'NOT_IN_UNITED_STATES',
    record: (day: string) => ({
      source: 'cbp-apis',
      id: 'MODEL-APIS',
      type: 'departure',
      fields: {
        familyName: 'TESTER',
        givenName: 'PAT',
        dateOfBirth: '1985-01-01',
        departureDate: day,
        departureSource: 'CBP_APIS_AIR',
      },
    }),
  },
  stay: {
    finding: 'STAY_OF_REMOVAL_IN_EFFECT',
    record: (day: string) =>
      courtRecord('100', 90, { eventType: 'STAY_GRANTED', eventDate: day, stayBy: 'BIA' }),
  },
  claim: {
    finding: 'CITIZENSHIP_CLAIM_UNRESOLVED',
    record: (day: string) => ({
      source: 'counsel-filings',
      id: 'MODEL-CLAIM',
      type: 'citizenship_claim',
      fields: {
        familyName: 'TESTER',
        givenName: 'PAT',
        dateOfBirth: '1985-01-01',
        assertedDate: day,
        basis: 'DERIVATION',
        resolution: 'UNDER_REVIEW',
      },
    }),
  },
} as const;
type Evidence = keyof typeof EVIDENCE;

function evidenceCommand(kind: Evidence): Command {
  const { finding, record } = EVIDENCE[kind];
  return {
    check: (m) => !m.evidence.includes(finding),
    async run(m, r) {
      await addRecord(r.ctx.sql, 'P-CLEAR', record(isoDay(m.today)));
      m.evidence.push(finding);
    },
    toString: () => `evidence(${kind})`,
  };
}

function timePassesCommand(days: number): Command {
  return {
    check: () => true,
    async run(m, r) {
      m.today += days;
      r.clock.advanceDays(days);
    },
    toString: () => `time passes(${days} days)`,
  };
}

// P-CLEAR is the one person whose case can go all the way, so it is drawn most often.
const person = fc.oneof(
  { arbitrary: fc.constant<Person>('P-CLEAR'), weight: 8 },
  { arbitrary: fc.constantFrom(...PERSON_IDS), weight: 2 },
);
const step = (thenApprove: boolean) =>
  fc
    .tuple(person, fc.nat(1000), fc.nat(20), fc.constantFrom(0, 3, 10, 20), fc.nat(20))
    .map(([p, pick, a, h, o]) => stepCommand(p, pick, a, thenApprove, h, o));
const approve = fc.tuple(person, fc.nat(20)).map(([p, a]) => approveCommand(p, a));
const COMMANDS = [
  person.map(openCommand),
  step(false),
  step(true),
  step(true),
  step(true),
  step(true),
  approve,
  fc.tuple(person, fc.nat(20)).map(([p, a]) => declineCommand(p, a)),
  fc.integer({ min: 1, max: 40 }).map(timePassesCommand),
  fc.integer({ min: 1, max: 40 }).map(timePassesCommand),
  fc.constantFrom<Evidence>('departure', 'stay', 'claim').map(evidenceCommand),
];

// ---- The due-process audit of what the system stored ---------------------------------------------------

/** Every applied step in the stored history, checked against the due-process gates; returns the breaches. */
async function dueProcessBreaches(ctx: Context): Promise<string[]> {
  const events = await ctx.sql.query<{
    case_id: string;
    action: string;
    transition: string | null;
    outcome: string;
    actor_id: string;
    actor_role: string | null;
    as_of: string;
    details: StepDetails | string;
    requested_by: string | null;
  }>(
    `select e.case_id, e.action, e.transition, e.outcome, e.actor_id, e.actor_role, to_char(e.as_of, 'YYYY-MM-DD') as as_of,
            e.details, a.requested_by
       from case_events e left join case_approvals a on a.id = e.approval_id
      order by e.case_id, e.id`,
  );
  const breaches: string[] = [];
  const byCase = new Map<string, { notice: boolean; deadline: string | null }>();
  for (const e of events) {
    const c = byCase.get(e.case_id) ?? { notice: false, deadline: null };
    byCase.set(e.case_id, c);
    if (e.outcome !== 'applied' && e.outcome !== 'approved') continue;
    const t = e.transition as CaseTransition;
    const details = (typeof e.details === 'string' ? JSON.parse(e.details) : e.details) as StepDetails;
    if (ADVERSE.includes(t)) {
      if (e.action !== 'approve' || e.actor_role !== 'supervisor' || e.actor_id === e.requested_by)
        breaches.push(`${e.case_id}: ${t} applied without a second person's approval`);
    }
    if (t === 'record_ij_decision' && !c.notice) breaches.push(`${e.case_id}: decision before notice`);
    if (AFTER_WINDOW.includes(t) && c.deadline !== null && e.as_of <= c.deadline)
      breaches.push(`${e.case_id}: ${t} inside the appeal window`);
    if (t === 'file_appeal' && (c.deadline === null || e.as_of > c.deadline))
      breaches.push(`${e.case_id}: appeal after the window`);
    if (t === 'serve_nta' || t === 'serve_hearing_notice') c.notice = true;
    if (t === 'bia_remanded' || t === 'reopen') Object.assign(c, { notice: false, deadline: null });
    if (t === 'reserve_appeal') c.deadline = details.appealDeadline ?? null;
  }
  return breaches;
}

describe.each(storeKinds())('T4.1 removal-case workflow, model-based, on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let clock: Clock;

  beforeAll(async () => {
    clock = fakeClock();
    ctx = await freshContext(kind, { now: () => clock.now() });
    const all = situations();
    await seedPersons(ctx, Object.fromEntries(PERSON_IDS.map((p) => [p, all[p]!])));
    await addProbableLink(ctx, 'P-PROBABLE', 'cbp-i94:I94-106', 'eoir-cases:A106-002');
    await loginOfficers(ctx);
  });
  afterAll(async () => ctx?.dispose());

  it(`runs ${RUNS} random command sequences (≤ ${MAX_COMMANDS} commands) with 0 divergences and no skipped gate`, async () => {
    let runs = 0;
    let commands = 0;
    const breaches: string[] = [];

    await fc.assert(
      fc.asyncProperty(fc.commands(COMMANDS, { maxCommands: MAX_COMMANDS, size: 'max' }), async (cmds) => {
        await ctx.sql.exec('truncate counsel_notifications, case_approvals, case_events, cases');
        await ctx.sql.exec(
          `delete from person_records where source_record_id in ('MODEL-APIS', 'MODEL-CLAIM', 'A100-090');
           delete from records where source_record_id in ('MODEL-APIS', 'MODEL-CLAIM', 'A100-090')`,
        );
        clock.set('2025-06-02T12:00:00.000Z');
        const model: Model = { today: dayNumber('2025-06-02'), cases: {}, evidence: [] };
        const real: Real = { ctx, clock, caseIds: {} };
        // Every run starts with P-CLEAR's case open, so no run spends itself waiting for an open.
        await openCommand('P-CLEAR').run(model, real);
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        runs++;
        commands += [...cmds].length;
        breaches.push(...(await dueProcessBreaches(ctx)));
        expect(breaches).toEqual([]);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );

    expect(runs).toBe(RUNS);
    expect(breaches).toEqual([]);
    console.info(
      `[T4.1 ${kind}] ${runs} runs, ${commands} commands, states reached: ${[...visited].sort().join(' ')}`,
    );
    expect(visited.size).toBeGreaterThanOrEqual(10);
  }, 600_000);
});
