/**
 * The one door every case read and write goes through (ADR 0020, ADR 0012): the access layer's
 * `withAccess`, with the action's purpose (CASE_ADJUDICATION, bound to the case) and an audit row in
 * the same transaction. Reading a case or taking a step on it shows the person's facts, so it needs
 * the user's assignment to the case (or a live break-glass grant); opening a case and the case lists
 * carry no record content and need only the role. Who acts on the case — the officer recorded in its
 * history and checked by the two-person rule — is the authenticated user, never a name the caller gives.
 */
import type { AppError, CaseActor, DetailValue } from '@ilos/core';
import { type Grant, type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import type { Sql } from '../db/sql.js';

export const CASE_ACCESS_ACTIONS = [
  'case.open',
  'case.read',
  'case.list',
  'case.transition',
  'case.approve',
] as const;
export type CaseAccessAction = (typeof CASE_ACCESS_ACTIONS)[number];

/** Actions that show the person's data: bound to the case under CASE_ADJUDICATION. */
const BOUND: ReadonlySet<CaseAccessAction> = new Set(['case.read', 'case.transition', 'case.approve']);

export type CaseAccessRequest = {
  principal: Principal;
  action: CaseAccessAction;
  /** The case the access is bound to (read, transition, approve). */
  caseId?: string;
  /** Minimised parameters for the audit row: identifiers and codes, never record content. */
  query?: Record<string, DetailValue>;
};

/** What a case use case hands back: its value and whose data it touched, for the audit row. */
export type CaseDisclosure<T> = {
  value: T;
  subjects: readonly string[];
  fields: readonly string[];
  details?: Record<string, DetailValue>;
  /** A failure reported after the attempt's audit row is committed (the attempt is audited too). */
  error?: AppError;
};

/** The officer a grant names, as the case workflow records and checks them. */
export const caseActor = (grant: Grant): CaseActor => ({
  id: grant.actorId,
  role: grant.role === 'system' ? null : grant.role,
});

export async function withCaseAccess<T>(
  ctx: Context,
  request: CaseAccessRequest,
  work: (tx: Sql, actor: CaseActor, grant: Grant) => Promise<CaseDisclosure<T>>,
): Promise<T> {
  const bound = BOUND.has(request.action);
  return withAccess(
    ctx,
    {
      principal: request.principal,
      action: request.action,
      event: request.action,
      purpose: bound ? 'CASE_ADJUDICATION' : undefined,
      target: bound && request.caseId !== undefined ? `case:${request.caseId}` : undefined,
      query: { ...(request.caseId === undefined ? {} : { case: request.caseId }), ...request.query },
    },
    (tx, grant) => work(tx, caseActor(grant), grant),
  );
}
