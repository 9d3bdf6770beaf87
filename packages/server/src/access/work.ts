import { randomBytes } from 'node:crypto';
import { AppError, isPurpose, PURPOSE_SPECS, parseTarget } from '@ilos/core';
import type { Context } from '../context.js';
import {
  type AssignmentRow,
  type BreakGlassRow,
  countBreakGlassSince,
  findBreakGlass,
  insertAssignment,
  insertBreakGlass,
  listAssignments,
  listBreakGlass,
  reviewBreakGlass,
  revokeAssignment,
} from '../db/access-repository.js';
import { findUser } from '../db/accounts-repository.js';
import { type Principal, withAccess } from './access-layer.js';

/** Break-glass rules (RELIABILITY.md T8.2): a real justification, a short life, a review within a day. */
export const BREAK_GLASS = {
  minJustification: 20,
  lifetimeMs: 60 * 60_000,
  reviewWithinMs: 24 * 3600_000,
  perUserPerDay: 3,
} as const;

function checkedTarget(target: string): string {
  const parsed = parseTarget(target);
  if (parsed === undefined) {
    throw new AppError(
      'invalid_input',
      `'${target}' is not a case or task: use case:ID, task:ID or redress:ID`,
    );
  }
  return `${parsed.kind}:${parsed.id}`;
}

/** A supervisor assigns a user to a case, task or dispute; from then on the user may use it as a purpose binding. */
export async function assignWork(
  ctx: Context,
  principal: Principal,
  userId: string,
  target: string,
): Promise<boolean> {
  const bound = checkedTarget(target);
  return withAccess(
    ctx,
    { principal, action: 'work.assign', event: 'access.assign', query: { user: userId, target: bound } },
    async (tx, grant) => {
      if ((await findUser(tx, userId)) === undefined) throw new AppError('not_found', `no user '${userId}'`);
      const added = await insertAssignment(tx, { userId, target: bound, by: grant.actorId, at: grant.now });
      return { value: added, subjects: [`user:${userId}`], fields: [], details: { added } };
    },
  );
}

/** Ends an assignment; the very next access under it is refused (T7.6). */
export async function unassignWork(
  ctx: Context,
  principal: Principal,
  userId: string,
  target: string,
): Promise<boolean> {
  const bound = checkedTarget(target);
  return withAccess(
    ctx,
    { principal, action: 'work.assign', event: 'access.unassign', query: { user: userId, target: bound } },
    async (tx, grant) => {
      const revoked = await revokeAssignment(tx, { userId, target: bound, by: grant.actorId, at: grant.now });
      if (!revoked) throw new AppError('not_found', `${userId} is not assigned to ${bound}`);
      return { value: revoked, subjects: [`user:${userId}`], fields: [] };
    },
  );
}

export async function assignments(
  ctx: Context,
  principal: Principal,
  userId?: string,
): Promise<AssignmentRow[]> {
  return withAccess(
    ctx,
    { principal, action: 'work.assign', event: 'access.list', query: { list: 'assignments' } },
    async (tx) => {
      const rows = await listAssignments(tx, userId);
      return { value: rows, subjects: [], fields: ['user', 'target'], details: { count: rows.length } };
    },
  );
}

/**
 * Emergency access to a case or task the user is not assigned to: with a justification of at least 20
 * characters, at most 3 a day, for one hour; it opens a review a supervisor must close within 24 hours.
 * It never lifts statutory confidentiality (8 CFR 208.6, 8 U.S.C. 1367).
 */
export async function openBreakGlass(
  ctx: Context,
  principal: Principal,
  input: { purpose: string; target: string; justification: string },
): Promise<BreakGlassRow> {
  const bound = checkedTarget(input.target);
  if (!isPurpose(input.purpose) || PURPOSE_SPECS[input.purpose].system) {
    throw new AppError('invalid_input', `'${input.purpose}' is not a purpose a person may use`);
  }
  const justification = input.justification.trim();
  if ([...justification].length < BREAK_GLASS.minJustification) {
    throw new AppError(
      'invalid_input',
      `a break-glass justification needs at least ${BREAK_GLASS.minJustification} characters`,
    );
  }
  return withAccess(
    ctx,
    {
      principal,
      action: 'break_glass.open',
      event: 'access.break_glass',
      purpose: input.purpose,
      target: bound,
      query: { target: bound },
    },
    async (tx, grant) => {
      const since = new Date(grant.now.getTime() - 24 * 3600_000);
      if ((await countBreakGlassSince(tx, grant.actorId, since)) >= BREAK_GLASS.perUserPerDay) {
        // Refused, and the refusal is audited (outcome failure) before it is reported.
        return {
          value: undefined as unknown as BreakGlassRow,
          subjects: [],
          fields: [],
          details: { refused: 'daily_limit' },
          error: new AppError(
            'forbidden',
            `at most ${BREAK_GLASS.perUserPerDay} break-glass accesses a day; ask a supervisor`,
          ),
        };
      }
      const row = {
        id: `bg_${randomBytes(6).toString('hex')}`,
        userId: grant.actorId,
        purpose: input.purpose,
        target: bound,
        justification,
        openedAt: grant.now,
        expiresAt: new Date(grant.now.getTime() + BREAK_GLASS.lifetimeMs),
        reviewDue: new Date(grant.now.getTime() + BREAK_GLASS.reviewWithinMs),
      };
      await insertBreakGlass(tx, row);
      return {
        value: { ...row, reviewedBy: null, reviewedAt: null, reviewOutcome: null, reviewNote: null },
        subjects: [],
        fields: [],
        details: { breakGlass: row.id, purpose: input.purpose, expiresAt: row.expiresAt.toISOString() },
      };
    },
  );
}

export async function breakGlassReviews(
  ctx: Context,
  principal: Principal,
  open = true,
): Promise<BreakGlassRow[]> {
  return withAccess(
    ctx,
    { principal, action: 'break_glass.review', event: 'access.list', query: { list: 'break_glass' } },
    async (tx) => {
      const rows = await listBreakGlass(tx, { open });
      return {
        value: rows,
        subjects: [],
        fields: ['id', 'user', 'target', 'justification'],
        details: { count: rows.length },
      };
    },
  );
}

/** A supervisor (never the user who broke the glass) closes the review; a grant still running ends now. */
export async function reviewBreakGlassAccess(
  ctx: Context,
  principal: Principal,
  input: { id: string; outcome: 'justified' | 'misuse'; note: string },
): Promise<void> {
  await withAccess(
    ctx,
    {
      principal,
      action: 'break_glass.review',
      event: 'access.review',
      query: { breakGlass: input.id, outcome: input.outcome },
    },
    async (tx, grant) => {
      const row = await findBreakGlass(tx, input.id);
      if (row === undefined) throw new AppError('not_found', `no break-glass access '${input.id}'`);
      if (row.userId === grant.actorId)
        throw new AppError('forbidden', 'a break-glass access is reviewed by someone else');
      if (row.reviewedAt !== null) throw new AppError('conflict', `${input.id} was reviewed already`);
      await reviewBreakGlass(tx, {
        id: input.id,
        by: grant.actorId,
        at: grant.now,
        outcome: input.outcome,
        note: input.note,
      });
      return { value: undefined, subjects: [`user:${row.userId}`], fields: [] };
    },
  );
}
