/**
 * The one door every case read and write goes through (ADR 0020). Today it runs the work in one
 * transaction and the case's own event log records who did what; the accountability layer's access
 * policy has no case actions yet. When it does, this body becomes one call —
 *   withAccess(ctx, { principal, action: request.action, event: request.action, purpose: 'CASE_ADJUDICATION',
 *     target: `case:${request.caseId}` }, (tx, grant) => …)
 * — and nothing else in cases/ changes.
 */
import type { CaseActor } from '@ilos/core';
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

export type CaseAccessRequest = {
  actor: CaseActor;
  action: CaseAccessAction;
  caseId?: string;
  personId?: string;
};

export async function withCaseAccess<T>(
  ctx: Context,
  _request: CaseAccessRequest,
  work: (tx: Sql) => Promise<T>,
): Promise<T> {
  return ctx.sql.transact(work);
}
