/**
 * Removal-case use cases (RULES.md §7; ADR 0020): open a case, take a step, approve or decline an
 * adverse step, read cases. Every step re-derives the person's status from their current records at
 * that moment, checks every gate, and records the attempt — allowed or refused — with who, why and the
 * records behind each finding. Adverse steps wait for a supervisor other than the requester, and are
 * checked again when approved. Counsel of record gets a queued notice of every step.
 *
 * Each use case goes through the access layer (case-access.ts): the caller is a session principal, the
 * officer is the authenticated user, and every call writes its audit row in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import {
  AppError,
  applyTransition,
  type CaseActor,
  type CaseTransition,
  type CounselOfRecord,
  checkApproval,
  checkGates,
  type GateCheck,
  type GateFacts,
  type GateFinding,
  type IsoDate,
  isTerminal,
  NEW_CASE,
  REMOVAL_CASE_STATES,
  type RemovalCaseState,
  resolveStepDetails,
  type StepDetails,
  TRANSITION_TABLE,
  transitionsFrom,
} from '@ilos/core';
import type { Principal } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { insertAssignment } from '../db/access-repository.js';
import type { Sql } from '../db/sql.js';
import { withCaseAccess } from './case-access.js';
import {
  type Approval,
  activeCaseOf,
  approvalsOf,
  type CaseEvent,
  type CaseFilter,
  type CaseOutcome,
  type CounselNotification,
  decideApproval,
  eventsOf,
  findCase,
  insertApproval,
  insertCase,
  insertEvent,
  insertNotifications,
  listCaseRows,
  notificationsOf,
  type RemovalCase,
  updateCase,
} from './case-store.js';
import { openIdentityHolds } from './identity-holds.js';
import { type PersonFacts, personFacts, stepFacts } from './person-facts.js';

export type { Approval, CaseEvent, CounselNotification, RemovalCase } from './case-store.js';

/** What a step did: the case after it, the recorded attempt, the gate check, and notices queued. */
export type StepResult = {
  outcome: CaseOutcome;
  case: RemovalCase;
  event: CaseEvent;
  check: GateCheck | null;
  approval: Approval | null;
  /** Counsel notices queued by this step. */
  notified: number;
};

/** The civil date of an instant (C1: dates without time zone; the agency works in UTC here). */
export const dayOfInstant = (at: Date): IsoDate => at.toISOString().slice(0, 10) as IsoDate;

const newId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;

function gateFacts(facts: PersonFacts, notified: readonly string[] | 'WITH_THIS_STEP'): GateFacts {
  return {
    asOf: facts.asOf,
    report: facts.report,
    events: facts.events,
    identity: facts.identity,
    disputes: facts.disputes,
    counsel: { ofRecord: facts.counsel, notified },
  };
}

function withFinding(check: GateCheck, finding: GateFinding): GateCheck {
  return {
    ...check,
    allowed: false,
    findings: [...check.findings, finding],
    blocking: [...check.blocking, finding],
  };
}

const approvalFinding = (code: 'STEP_AWAITING_APPROVAL' | 'STEP_SUPERSEDED', text: string): GateFinding => ({
  code,
  kind: 'APPROVAL',
  blocking: true,
  text,
  rule: 'two-person rule',
  citation: 'DESIGN.md §2 "Case"; ADR 0020',
  recordIds: [],
});

async function lockedCase(tx: Sql, caseId: string): Promise<RemovalCase> {
  const found = await findCase(tx, caseId, { lock: true });
  if (found === undefined) throw new AppError('not_found', `no case '${caseId}'`);
  return found;
}

async function notifyCounsel(
  tx: Sql,
  c: RemovalCase,
  counsel: readonly CounselOfRecord[],
  event: CaseEvent,
  approvalId: string | null,
  subject: string,
): Promise<number> {
  await insertNotifications(
    tx,
    counsel.map((k) => ({
      caseId: c.id,
      caseEventId: event.id,
      approvalId,
      personId: c.personId,
      counselRecord: k.recordId,
      counselName: k.name,
      counselBarNumber: k.barNumber,
      form: k.form,
      subject,
      createdAt: event.at,
    })),
  );
  return counsel.length;
}

/** What a step's audit row says was shown: the case, the gate findings and the records behind them. */
const STEP_FIELDS = ['case', 'gates', 'status', 'counsel'] as const;

/**
 * Opens a removal case for a person; one active case per person per matter. The officer who opens it is
 * assigned to it, so they can work it under CASE_ADJUDICATION.
 */
export async function openCase(
  ctx: Context,
  principal: Principal,
  input: { personId: string; matter?: string; reason: string; id?: string },
): Promise<StepResult> {
  const matter = input.matter ?? 'removal';
  const query = { person: input.personId, matter };
  return withCaseAccess(ctx, { principal, action: 'case.open', query }, async (tx, actor) => {
    const now = ctx.now();
    const facts = await personFacts(tx, input.personId, dayOfInstant(now));
    if (!facts.known) {
      const error = new AppError('not_found', `no person '${input.personId}' with records`);
      return { value: undefined as never, subjects: [input.personId], fields: [], error };
    }
    const c: RemovalCase = {
      ...NEW_CASE,
      id: input.id ?? newId('CASE'),
      personId: input.personId,
      matter,
      active: true,
      version: 1,
      openedBy: actor.id,
      openedAt: now,
      updatedAt: now,
    };
    if (!(await insertCase(tx, c))) {
      const existing = await activeCaseOf(tx, input.personId, matter);
      throw new AppError(
        'conflict',
        existing === undefined
          ? `case id ${c.id} is taken`
          : `${input.personId} already has an active ${matter} case (${existing.id})`,
      );
    }
    // What stands in the way right now, for information: the case opens whatever it says.
    const findings = checkGates(c, 'serve_nta', gateFacts(facts, 'WITH_THIS_STEP')).findings.filter(
      (f) => f.kind !== 'PRECONDITION',
    );
    const event = await insertEvent(tx, {
      caseId: c.id,
      at: now,
      asOf: facts.asOf,
      actorId: actor.id,
      actorRole: actor.role,
      action: 'open',
      transition: null,
      fromState: 'NONE',
      toState: 'NONE',
      outcome: 'opened',
      reason: input.reason,
      blockers: [],
      findings: findings.map((f) => ({ ...f, blocking: false })),
      details: {},
      approvalId: null,
    });
    await insertAssignment(tx, { userId: actor.id, target: `case:${c.id}`, by: actor.id, at: now });
    const notified = await notifyCounsel(tx, c, facts.counsel, event, null, `removal case ${c.id} opened`);
    const value: StepResult = { outcome: 'opened', case: c, event, check: null, approval: null, notified };
    return { value, subjects: [c.personId], fields: STEP_FIELDS, details: { case: c.id, outcome: 'opened' } };
  });
}

/** The audit row of a step: the person, what was shown, and what became of the step. */
const disclosed = (result: StepResult) => ({
  value: result,
  subjects: [result.case.personId],
  fields: STEP_FIELDS,
  details: {
    outcome: result.outcome,
    state: result.case.state,
    blockers: (result.check?.blocking ?? []).map((f) => f.code),
  },
});

/**
 * Takes one step on a case at the moment of the call (asOf = today): re-derives the person's status,
 * checks every gate and precondition, and either applies the step, queues an adverse step for a second
 * person's approval, or refuses it naming each blocker and its records. Every attempt is recorded.
 */
export async function transitionCase(
  ctx: Context,
  principal: Principal,
  input: { caseId: string; transition: CaseTransition; reason: string; details?: StepDetails },
): Promise<StepResult> {
  const request = {
    principal,
    action: 'case.transition',
    caseId: input.caseId,
    query: { transition: input.transition },
  } as const;
  return withCaseAccess(ctx, request, async (tx, actor) => disclosed(await takeStep(ctx, tx, actor, input)));
}

async function takeStep(
  ctx: Context,
  tx: Sql,
  actor: CaseActor,
  input: { caseId: string; transition: CaseTransition; reason: string; details?: StepDetails },
): Promise<StepResult> {
  const c = await lockedCase(tx, input.caseId);
  const now = ctx.now();
  const facts = await stepFacts(tx, c, dayOfInstant(now));
  const spec = TRANSITION_TABLE[input.transition];
  const details = resolveStepDetails(input.transition, input.details ?? {}, facts.report);
  let check = checkGates(c, input.transition, gateFacts(facts, 'WITH_THIS_STEP'), details);
  const pending = spec.adverse ? facts.pending?.approval : undefined;
  if (pending !== undefined) {
    check = withFinding(
      check,
      approvalFinding(
        'STEP_AWAITING_APPROVAL',
        `${pending.transition} (${pending.id}) awaits approval: approve or decline it before asking for another adverse step`,
      ),
    );
  }
  const base = {
    caseId: c.id,
    at: now,
    asOf: facts.asOf,
    actorId: actor.id,
    actorRole: actor.role,
    action: 'transition' as const,
    transition: input.transition,
    fromState: c.state,
    reason: input.reason,
    findings: check.findings,
    details,
  };
  if (!check.allowed) {
    const event = await insertEvent(tx, {
      ...base,
      toState: null,
      outcome: 'refused',
      blockers: check.blocking,
      approvalId: null,
    });
    await openIdentityHolds(tx, c, check);
    return { outcome: 'refused', case: c, event, check, approval: null, notified: 0 };
  }
  if (spec.adverse) {
    const approvalId = newId('APR');
    const event = await insertEvent(tx, {
      ...base,
      toState: check.to,
      outcome: 'pending_approval',
      blockers: [],
      approvalId,
    });
    const approval: Approval = {
      id: approvalId,
      caseId: c.id,
      transition: input.transition,
      fromState: c.state,
      details,
      requestedBy: actor.id,
      requestedAt: now,
      requestEventId: event.id,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
    };
    await insertApproval(tx, approval);
    const notified = await notifyCounsel(
      tx,
      c,
      facts.counsel,
      event,
      approvalId,
      `${input.transition} requested (${c.state} → ${check.to}); it waits for a second person's approval`,
    );
    return { outcome: 'pending_approval', case: c, event, check, approval, notified };
  }
  return applyStep(tx, c, { ...base, outcome: 'applied', approvalId: null }, check, facts, {
    approval: null,
    pending: facts.pending?.approval,
  });
}

type StepEvent = Omit<CaseEvent, 'id' | 'toState' | 'blockers'>;

/**
 * Applies an allowed step: the new snapshot, the event, stale approvals set aside, counsel told.
 * `pending` is the approval that waited on the case when it was locked (no other can appear meanwhile).
 */
async function applyStep(
  tx: Sql,
  c: RemovalCase,
  event: StepEvent,
  check: GateCheck,
  facts: PersonFacts,
  { approval, pending }: { approval: Approval | null; pending: Approval | undefined },
): Promise<StepResult> {
  const transition = event.transition as CaseTransition;
  const snapshot = applyTransition(c, transition, event.details, facts.asOf);
  const next: RemovalCase = {
    ...c,
    ...snapshot,
    active: !isTerminal(snapshot.state),
    version: c.version + 1,
    updatedAt: event.at,
  };
  if (!(await updateCase(tx, next, c.version))) {
    throw new AppError(
      'conflict',
      `case ${c.id} was changed by someone else meanwhile; look again and retry`,
    );
  }
  const saved = await insertEvent(tx, { ...event, toState: next.state, blockers: [] });
  // An adverse step asked for in another state, or on a case now closed, can no longer be approved.
  if (
    pending !== undefined &&
    pending.id !== approval?.id &&
    (pending.fromState !== next.state || !next.active)
  ) {
    await decideApproval(tx, pending.id, {
      status: 'superseded',
      by: event.actorId,
      at: event.at,
      reason: `${transition} moved the case to ${next.state}`,
    });
  }
  const notified = await notifyCounsel(
    tx,
    next,
    facts.counsel,
    saved,
    approval?.id ?? null,
    `${transition}: ${c.state} → ${next.state}${approval ? ` (approved by ${event.actorId})` : ''}`,
  );
  return { outcome: event.outcome, case: next, event: saved, check, approval, notified };
}

/**
 * A supervisor other than the requester approves the adverse step waiting on a case. The gates are
 * checked again now — the records may have changed since the request — and the step is applied only
 * if they still hold; otherwise the refusal is recorded and the step keeps waiting.
 */
export async function approveStep(
  ctx: Context,
  principal: Principal,
  input: { caseId: string; reason: string },
): Promise<StepResult> {
  const request = {
    principal,
    action: 'case.approve',
    caseId: input.caseId,
    query: { decision: 'approve' },
  } as const;
  return withCaseAccess(ctx, request, async (tx, actor) =>
    disclosed(await approvePending(ctx, tx, actor, input)),
  );
}

async function approvePending(
  ctx: Context,
  tx: Sql,
  actor: CaseActor,
  input: { caseId: string; reason: string },
): Promise<StepResult> {
  const c = await lockedCase(tx, input.caseId);
  const now = ctx.now();
  const facts = await stepFacts(tx, c, dayOfInstant(now));
  if (facts.pending === undefined) throw new AppError('not_found', `no step awaits approval on ${c.id}`);
  const { approval: pending, notified } = facts.pending;
  let check = checkGates(c, pending.transition, gateFacts(facts, notified), pending.details);
  const twoPerson = checkApproval(pending.requestedBy, actor);
  if (!twoPerson.ok) check = withFinding(check, twoPerson.error);
  if (c.state !== pending.fromState) {
    check = withFinding(
      check,
      approvalFinding(
        'STEP_SUPERSEDED',
        `the case is ${c.state} now, not ${pending.fromState} as when asked`,
      ),
    );
  }
  const event: StepEvent = {
    caseId: c.id,
    at: now,
    asOf: facts.asOf,
    actorId: actor.id,
    actorRole: actor.role,
    action: 'approve',
    transition: pending.transition,
    fromState: c.state,
    outcome: 'approved',
    reason: input.reason,
    findings: check.findings,
    details: pending.details,
    approvalId: pending.id,
  };
  if (!check.allowed) {
    const refused = await insertEvent(tx, {
      ...event,
      outcome: 'refused',
      toState: null,
      blockers: check.blocking,
    });
    await openIdentityHolds(tx, c, check);
    // Counsel who appeared after the request are told now, so the next decision comes after notice.
    const missed = facts.counsel.filter((k) => !notified.includes(k.recordId));
    const told = await notifyCounsel(
      tx,
      c,
      missed,
      refused,
      pending.id,
      `${pending.transition} requested on ${c.id} (${pending.fromState} → ${check.to}); it waits for a second person's approval`,
    );
    return { outcome: 'refused', case: c, event: refused, check, approval: pending, notified: told };
  }
  await decideApproval(tx, pending.id, { status: 'approved', by: actor.id, at: now, reason: input.reason });
  const approved: Approval = {
    ...pending,
    status: 'approved',
    decidedBy: actor.id,
    decidedAt: now,
    decisionReason: input.reason,
  };
  return applyStep(tx, c, event, check, facts, { approval: approved, pending });
}

/** A supervisor declines the adverse step waiting on a case (or its requester withdraws it). */
export async function declineStep(
  ctx: Context,
  principal: Principal,
  input: { caseId: string; reason: string },
): Promise<StepResult> {
  const request = {
    principal,
    action: 'case.approve',
    caseId: input.caseId,
    query: { decision: 'decline' },
  } as const;
  return withCaseAccess(ctx, request, async (tx, actor) =>
    disclosed(await declinePending(ctx, tx, actor, input)),
  );
}

async function declinePending(
  ctx: Context,
  tx: Sql,
  actor: CaseActor,
  input: { caseId: string; reason: string },
): Promise<StepResult> {
  const c = await lockedCase(tx, input.caseId);
  const now = ctx.now();
  const facts = await stepFacts(tx, c, dayOfInstant(now));
  const pending = facts.pending?.approval;
  if (pending === undefined) throw new AppError('not_found', `no step awaits approval on ${c.id}`);
  if (actor.role !== 'supervisor' && actor.id !== pending.requestedBy) {
    throw new AppError('forbidden', 'only a supervisor, or the officer who asked, may decline a step');
  }
  await decideApproval(tx, pending.id, { status: 'declined', by: actor.id, at: now, reason: input.reason });
  const event = await insertEvent(tx, {
    caseId: c.id,
    at: now,
    asOf: facts.asOf,
    actorId: actor.id,
    actorRole: actor.role,
    action: 'decline',
    transition: pending.transition,
    fromState: c.state,
    toState: c.state,
    outcome: 'declined',
    reason: input.reason,
    blockers: [],
    findings: [],
    details: pending.details,
    approvalId: pending.id,
  });
  const notified = await notifyCounsel(
    tx,
    c,
    facts.counsel,
    event,
    pending.id,
    `${pending.transition} on ${c.id} declined`,
  );
  const approval: Approval = {
    ...pending,
    status: 'declined',
    decidedBy: actor.id,
    decidedAt: now,
    decisionReason: input.reason,
  };
  return { outcome: 'declined', case: c, event, check: null, approval, notified };
}

/**
 * Cases, by state or person: a supervisor (who assigns the work) sees every case, anyone else the cases
 * they are assigned to. Ids, states and dates only; the person's facts need `showCase`.
 */
export async function listCases(
  ctx: Context,
  principal: Principal,
  filter: Omit<CaseFilter, 'assignedTo'> = {},
): Promise<RemovalCase[]> {
  const query = { state: filter.state ?? null, person: filter.personId ?? null };
  return withCaseAccess(ctx, { principal, action: 'case.list', query }, async (tx, actor) => {
    const scoped = actor.role === 'supervisor' ? filter : { ...filter, assignedTo: actor.id };
    const cases = await listCaseRows(tx, scoped);
    return {
      value: cases,
      subjects: [...new Set(cases.map((c) => c.personId))],
      fields: ['case.id', 'case.state', 'case.dates'],
      details: { count: cases.length, scope: actor.role === 'supervisor' ? 'all' : 'assigned' },
    };
  });
}

/** A case page: the case, its history, approvals, counsel notices, and the gates of each next step today. */
export type CaseView = {
  case: RemovalCase;
  asOf: IsoDate;
  person: {
    personId: string;
    status: string;
    blockers: string[];
    reviewHolds: string[];
    identityConfirmed: boolean;
    counsel: CounselOfRecord[];
    disputes: string[];
  };
  /** The steps the table allows from here, each checked against today's facts (details not yet given). */
  next: GateCheck[];
  pending: { approval: Approval; check: GateCheck } | null;
  events: CaseEvent[];
  approvals: Approval[];
  notifications: CounselNotification[];
};

/** A case page, read under CASE_ADJUDICATION by someone assigned to the case; audited. */
export async function showCase(ctx: Context, principal: Principal, caseId: string): Promise<CaseView> {
  return withCaseAccess(ctx, { principal, action: 'case.read', caseId }, async (tx) => {
    const view = await caseView(ctx, tx, caseId);
    return {
      value: view,
      subjects: [view.case.personId],
      fields: [...STEP_FIELDS, 'history', 'approvals', 'notices'],
    };
  });
}

async function caseView(ctx: Context, tx: Sql, caseId: string): Promise<CaseView> {
  const c = await findCase(tx, caseId);
  if (c === undefined) throw new AppError('not_found', `no case '${caseId}'`);
  const facts = await stepFacts(tx, c, dayOfInstant(ctx.now()));
  const now = gateFacts(facts, 'WITH_THIS_STEP');
  const pending =
    facts.pending === undefined
      ? null
      : {
          approval: facts.pending.approval,
          check: checkGates(
            c,
            facts.pending.approval.transition,
            gateFacts(facts, facts.pending.notified),
            facts.pending.approval.details,
          ),
        };
  return {
    case: c,
    asOf: facts.asOf,
    person: {
      personId: c.personId,
      status: facts.report.status,
      blockers: [...facts.report.removal.blockers],
      reviewHolds: [...facts.report.removal.reviewHolds],
      identityConfirmed: facts.identity.confirmed,
      counsel: [...facts.counsel],
      disputes: facts.disputes.map((d) => d.disputeId),
    },
    next: transitionsFrom(c).map((t) => checkGates(c, t, now, resolveStepDetails(t, {}, facts.report))),
    pending,
    events: await eventsOf(tx, c.id),
    approvals: await approvalsOf(tx, c.id),
    notifications: await notificationsOf(tx, c.id),
  };
}

/** Whether a string names a case state (RULES.md §7.1). */
export const isCaseState = (value: string): value is RemovalCaseState =>
  (REMOVAL_CASE_STATES as readonly string[]).includes(value);
