/**
 * SQL for removal cases (migration 0020): the case row, its event log, approvals and counsel notices.
 * Legal dates leave the database as to_char(…, 'YYYY-MM-DD') so PGlite and PostgreSQL agree (ADR 0002).
 */
import type {
  CaseOverlay,
  CaseSnapshot,
  CaseTransition,
  GateFinding,
  IjDecisionOutcome,
  IsoDate,
  RemovalCaseState,
  StepDetails,
} from '@ilos/core';
import type { Sql } from '../db/sql.js';

/** A case as stored: the workflow snapshot plus who opened it and its concurrency version. */
export type RemovalCase = CaseSnapshot & {
  id: string;
  personId: string;
  matter: string;
  active: boolean;
  version: number;
  openedBy: string;
  openedAt: Date;
  updatedAt: Date;
};

type CaseRow = {
  id: string;
  person_id: string;
  matter: string;
  state: RemovalCaseState;
  overlays: CaseOverlay[];
  ij_outcome: IjDecisionOutcome | null;
  nta_served_on: IsoDate | null;
  hearing_on: IsoDate | null;
  notice_served_on: IsoDate | null;
  appeal_deadline: IsoDate | null;
  vd_depart_by: IsoDate | null;
  active: boolean;
  version: number;
  opened_by: string;
  opened_at: Date;
  updated_at: Date;
};

const CASE_COLUMNS = `id, person_id, matter, state, overlays, ij_outcome,
  to_char(nta_served_on, 'YYYY-MM-DD') as nta_served_on, to_char(hearing_on, 'YYYY-MM-DD') as hearing_on,
  to_char(notice_served_on, 'YYYY-MM-DD') as notice_served_on,
  to_char(appeal_deadline, 'YYYY-MM-DD') as appeal_deadline, to_char(vd_depart_by, 'YYYY-MM-DD') as vd_depart_by,
  active, version, opened_by, opened_at, updated_at`;

const toCase = (r: CaseRow): RemovalCase => ({
  id: r.id,
  personId: r.person_id,
  matter: r.matter,
  state: r.state,
  overlays: r.overlays,
  ijOutcome: r.ij_outcome,
  ntaServedOn: r.nta_served_on,
  hearingOn: r.hearing_on,
  noticeServedOn: r.notice_served_on,
  appealDeadline: r.appeal_deadline,
  vdDepartBy: r.vd_depart_by,
  active: r.active,
  version: r.version,
  openedBy: r.opened_by,
  openedAt: new Date(r.opened_at),
  updatedAt: new Date(r.updated_at),
});

/** A text[] parameter passed as JSON text: one form both drivers bind the same way. */
const TEXT_ARRAY = (param: string) => `array(select jsonb_array_elements_text(${param}::text::jsonb))`;

/** Inserts a case unless the person already has an active one in the matter; false when they do. */
export async function insertCase(tx: Sql, c: RemovalCase): Promise<boolean> {
  const rows = await tx.query(
    `insert into cases (id, person_id, matter, state, overlays, active, version, opened_by, opened_at, updated_at)
     values ($1, $2, $3, $4, ${TEXT_ARRAY('$5')}, $6, $7, $8, $9, $9)
     on conflict do nothing returning id`,
    [
      c.id,
      c.personId,
      c.matter,
      c.state,
      JSON.stringify(c.overlays),
      c.active,
      c.version,
      c.openedBy,
      c.openedAt,
    ],
  );
  return rows.length === 1;
}

/** A case by id; `lock` holds its row until the transaction ends, so two steps on it run one after the other. */
export async function findCase(
  tx: Sql,
  id: string,
  options: { lock?: boolean } = {},
): Promise<RemovalCase | undefined> {
  const [row] = await tx.query<CaseRow>(
    `select ${CASE_COLUMNS} from cases where id = $1${options.lock ? ' for update' : ''}`,
    [id],
  );
  return row === undefined ? undefined : toCase(row);
}

export async function activeCaseOf(
  tx: Sql,
  personId: string,
  matter: string,
): Promise<RemovalCase | undefined> {
  const [row] = await tx.query<CaseRow>(
    `select ${CASE_COLUMNS} from cases where person_id = $1 and matter = $2 and active`,
    [personId, matter],
  );
  return row === undefined ? undefined : toCase(row);
}

/** Saves a case's new snapshot only if nobody changed it since `expectedVersion`; false when someone did. */
export async function updateCase(tx: Sql, c: RemovalCase, expectedVersion: number): Promise<boolean> {
  const rows = await tx.query(
    `update cases set state = $2, overlays = ${TEXT_ARRAY('$3')}, ij_outcome = $4, nta_served_on = $5, hearing_on = $6,
            notice_served_on = $7, appeal_deadline = $8, vd_depart_by = $9, active = $10, version = $11, updated_at = $12
      where id = $1 and version = $13 returning id`,
    [
      c.id,
      c.state,
      JSON.stringify(c.overlays),
      c.ijOutcome,
      c.ntaServedOn,
      c.hearingOn,
      c.noticeServedOn,
      c.appealDeadline,
      c.vdDepartBy,
      c.active,
      c.version,
      c.updatedAt,
      expectedVersion,
    ],
  );
  return rows.length === 1;
}

export type CaseFilter = {
  state?: RemovalCaseState | undefined;
  personId?: string | undefined;
  active?: boolean | undefined;
  limit?: number | undefined;
  /** Only cases this user is assigned to (a live assignment in access_assignments). */
  assignedTo?: string | undefined;
};

export async function listCaseRows(sql: Sql, filter: CaseFilter = {}): Promise<RemovalCase[]> {
  const rows = await sql.query<CaseRow>(
    `select ${CASE_COLUMNS} from cases
      where ($1::text is null or state = $1) and ($2::text is null or person_id = $2)
        and ($3::boolean is null or active = $3)
        and ($5::text is null or exists (select 1 from access_assignments a where a.user_id = $5
                                           and a.target = 'case:' || cases.id and a.revoked_at is null))
      order by opened_at, id limit $4`,
    [
      filter.state ?? null,
      filter.personId ?? null,
      filter.active ?? null,
      filter.limit ?? 1000,
      filter.assignedTo ?? null,
    ],
  );
  return rows.map(toCase);
}

export const CASE_ACTIONS = ['open', 'transition', 'approve', 'decline'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CASE_OUTCOMES = [
  'opened',
  'applied',
  'pending_approval',
  'approved',
  'declined',
  'refused',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** One attempt to move a case, allowed or refused: who, when, for which day, why, and what the gates found. */
export type CaseEvent = {
  id: number;
  caseId: string;
  at: Date;
  asOf: IsoDate;
  actorId: string;
  actorRole: string | null;
  action: CaseAction;
  transition: CaseTransition | null;
  fromState: RemovalCaseState;
  toState: RemovalCaseState | null;
  outcome: CaseOutcome;
  reason: string;
  blockers: GateFinding[];
  findings: GateFinding[];
  details: StepDetails;
  approvalId: string | null;
};

type EventRow = {
  id: number;
  case_id: string;
  at: Date;
  as_of: IsoDate;
  actor_id: string;
  actor_role: string | null;
  action: CaseAction;
  transition: CaseTransition | null;
  from_state: RemovalCaseState;
  to_state: RemovalCaseState | null;
  outcome: CaseOutcome;
  reason: string;
  blockers: GateFinding[] | string;
  findings: GateFinding[] | string;
  details: StepDetails | string;
  approval_id: string | null;
};

/** jsonb arrives parsed from PGlite and from postgres.js alike; a string is parsed defensively. */
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const toEvent = (r: EventRow): CaseEvent => ({
  id: r.id,
  caseId: r.case_id,
  at: new Date(r.at),
  asOf: r.as_of,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  transition: r.transition,
  fromState: r.from_state,
  toState: r.to_state,
  outcome: r.outcome,
  reason: r.reason,
  blockers: json(r.blockers),
  findings: json(r.findings),
  details: json(r.details),
  approvalId: r.approval_id,
});

export async function insertEvent(tx: Sql, e: Omit<CaseEvent, 'id'>): Promise<CaseEvent> {
  const [row] = await tx.query<{ id: number }>(
    `insert into case_events (case_id, at, as_of, actor_id, actor_role, action, transition, from_state, to_state,
                              outcome, reason, blockers, findings, details, approval_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13::text::jsonb, $14::text::jsonb, $15)
     returning id`,
    [
      e.caseId,
      e.at,
      e.asOf,
      e.actorId,
      e.actorRole,
      e.action,
      e.transition,
      e.fromState,
      e.toState,
      e.outcome,
      e.reason,
      JSON.stringify(e.blockers),
      JSON.stringify(e.findings),
      JSON.stringify(e.details),
      e.approvalId,
    ],
  );
  return { ...e, id: row!.id };
}

export async function eventsOf(sql: Sql, caseId: string): Promise<CaseEvent[]> {
  const rows = await sql.query<EventRow>(
    `select id, case_id, at, to_char(as_of, 'YYYY-MM-DD') as as_of, actor_id, actor_role, action, transition,
            from_state, to_state, outcome, reason, blockers, findings, details, approval_id
       from case_events where case_id = $1 order by id`,
    [caseId],
  );
  return rows.map(toEvent);
}

export const APPROVAL_STATUSES = ['pending', 'approved', 'declined', 'superseded'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** An adverse step waiting for (or decided by) a second person. */
export type Approval = {
  id: string;
  caseId: string;
  transition: CaseTransition;
  fromState: RemovalCaseState;
  details: StepDetails;
  requestedBy: string;
  requestedAt: Date;
  requestEventId: number;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
};

export type ApprovalRow = {
  id: string;
  case_id: string;
  transition: CaseTransition;
  from_state: RemovalCaseState;
  details: StepDetails | string;
  requested_by: string;
  requested_at: Date;
  request_event_id: number;
  status: ApprovalStatus;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
};

const toApproval = (r: ApprovalRow): Approval => ({
  id: r.id,
  caseId: r.case_id,
  transition: r.transition,
  fromState: r.from_state,
  details: json(r.details),
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at),
  requestEventId: r.request_event_id,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
  decisionReason: r.decision_reason,
});

const APPROVAL_COLUMNS = `id, case_id, transition, from_state, details, requested_by, requested_at, request_event_id,
  status, decided_by, decided_at, decision_reason`;

/** The approval waiting on a case and the counsel already told of it (notified with the request or since). */
export type PendingApproval = { approval: Approval; notified: string[] };

/**
 * SQL for one json value: the approval waiting on the case `caseParam` names, with the counsel told of
 * it, or null — so a step reads it in the same statement as the person's facts.
 */
export const pendingApprovalJson = (caseParam: string) =>
  `(select json_build_object('approval', row_to_json(a),
      'notified', (select coalesce(json_agg(distinct n.counsel_record), '[]'::json)
                     from counsel_notifications n where n.approval_id = a.id))
     from (select ${APPROVAL_COLUMNS} from case_approvals where case_id = ${caseParam} and status = 'pending' limit 1) a)`;

export const toPendingApproval = (
  value: { approval: ApprovalRow; notified: string[] } | string | null | undefined,
): PendingApproval | undefined => {
  if (value === null || value === undefined) return undefined;
  const { approval, notified } = json(value);
  return { approval: toApproval(approval), notified };
};

export async function insertApproval(tx: Sql, a: Approval): Promise<void> {
  await tx.query(
    `insert into case_approvals (id, case_id, transition, from_state, details, requested_by, requested_at,
                                 request_event_id, status)
     values ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9)`,
    [
      a.id,
      a.caseId,
      a.transition,
      a.fromState,
      JSON.stringify(a.details),
      a.requestedBy,
      a.requestedAt,
      a.requestEventId,
      a.status,
    ],
  );
}

export async function pendingApprovalOf(tx: Sql, caseId: string): Promise<Approval | undefined> {
  const [row] = await tx.query<ApprovalRow>(
    `select ${APPROVAL_COLUMNS} from case_approvals where case_id = $1 and status = 'pending'`,
    [caseId],
  );
  return row === undefined ? undefined : toApproval(row);
}

export async function approvalsOf(sql: Sql, caseId: string): Promise<Approval[]> {
  const rows = await sql.query<ApprovalRow>(
    `select ${APPROVAL_COLUMNS} from case_approvals where case_id = $1 order by requested_at, id`,
    [caseId],
  );
  return rows.map(toApproval);
}

export async function decideApproval(
  tx: Sql,
  id: string,
  decision: { status: Exclude<ApprovalStatus, 'pending'>; by: string; at: Date; reason: string },
): Promise<boolean> {
  const rows = await tx.query(
    `update case_approvals set status = $2, decided_by = $3, decided_at = $4, decision_reason = $5
      where id = $1 and status = 'pending' returning id`,
    [id, decision.status, decision.by, decision.at, decision.reason],
  );
  return rows.length === 1;
}

/** A notice queued for counsel of record about one step of the case. */
export type CounselNotification = {
  id: number;
  caseId: string;
  caseEventId: number;
  approvalId: string | null;
  personId: string;
  counselRecord: string;
  counselName: string;
  counselBarNumber: string | null;
  form: string;
  subject: string;
  createdAt: Date;
  delivery: 'queued';
};

type NotificationRow = {
  id: number;
  case_id: string;
  case_event_id: number;
  approval_id: string | null;
  person_id: string;
  counsel_record: string;
  counsel_name: string;
  counsel_bar_number: string | null;
  form: string;
  subject: string;
  created_at: Date;
  delivery: 'queued';
};

export async function insertNotifications(
  tx: Sql,
  rows: readonly Omit<CounselNotification, 'id' | 'delivery'>[],
): Promise<void> {
  if (rows.length === 0) return;
  // One statement for all of a step's notices: ten parameters a row.
  const values = rows.map(
    (_, i) => `(${Array.from({ length: 10 }, (_, j) => `$${i * 10 + j + 1}`).join(', ')})`,
  );
  await tx.query(
    `insert into counsel_notifications (case_id, case_event_id, approval_id, person_id, counsel_record, counsel_name,
                                        counsel_bar_number, form, subject, created_at)
     values ${values.join(', ')}`,
    rows.flatMap((n) => [
      n.caseId,
      n.caseEventId,
      n.approvalId,
      n.personId,
      n.counselRecord,
      n.counselName,
      n.counselBarNumber,
      n.form,
      n.subject,
      n.createdAt,
    ]),
  );
}

export async function notificationsOf(sql: Sql, caseId: string): Promise<CounselNotification[]> {
  const rows = await sql.query<NotificationRow>(
    `select id, case_id, case_event_id, approval_id, person_id, counsel_record, counsel_name, counsel_bar_number, form,
            subject, created_at, delivery
       from counsel_notifications where case_id = $1 order by id`,
    [caseId],
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseEventId: r.case_event_id,
    approvalId: r.approval_id,
    personId: r.person_id,
    counselRecord: r.counsel_record,
    counselName: r.counsel_name,
    counselBarNumber: r.counsel_bar_number,
    form: r.form,
    subject: r.subject,
    createdAt: new Date(r.created_at),
    delivery: r.delivery,
  }));
}

/** Counsel records already told about an approval's step (notified with the request or since). */
export async function counselNotifiedOf(tx: Sql, approvalId: string): Promise<string[]> {
  const rows = await tx.query<{ counsel_record: string }>(
    'select distinct counsel_record from counsel_notifications where approval_id = $1',
    [approvalId],
  );
  return rows.map((r) => r.counsel_record);
}
