import { createHash, randomBytes } from 'node:crypto';
import { AppError, BULK_ACCESS, type DetailValue } from '@ilos/core';
import type { Context } from '../context.js';
import {
  type BulkApprovalRow,
  findBulkApproval,
  grantBulkApproval,
  insertBulkApproval,
  listBulkApprovals,
  useBulkApproval,
} from '../db/bulk-approvals-repository.js';
import type { Sql } from '../db/sql.js';

export type { BulkApprovalRow };

import { type Grant, type Principal, withAccess } from './access-layer.js';

/**
 * Bulk access (RELIABILITY.md T8.4, ADR 0016): a search or export that would show more persons than the
 * bulk limit needs a second person's approval. The requester asks for one query under one purpose and
 * target; a supervisor other than the requester grants it; the grant is used once, within its hour.
 */

/** Persons a search or export may show without an approval: ILOS_BULK_LIMIT, else BULK_ACCESS.maxSubjects. */
export const bulkLimit = (ctx: Context): number => ctx.config.bulkLimit ?? BULK_ACCESS.maxSubjects;

/** The identity of a minimised query (the hashed terms the audit row keeps), independent of key order. */
export function queryHash(kind: 'search' | 'export', query: Readonly<Record<string, DetailValue>>): string {
  const keys = Object.keys(query).sort();
  return createHash('sha256')
    .update(JSON.stringify([kind, ...keys.map((k) => [k, query[k] ?? null])]))
    .digest('hex');
}

export type BulkRequest = {
  kind: 'search' | 'export';
  purpose: string | undefined;
  target: string | undefined;
  /** The minimised query the approval covers (hashes of the terms, never the terms). */
  query: Record<string, DetailValue>;
  reason: string;
};

/** The first person asks: an approval for one query, purpose and target, which a supervisor must grant. */
export async function requestBulkAccess(
  ctx: Context,
  principal: Principal,
  input: BulkRequest,
): Promise<BulkApprovalRow> {
  if (Object.keys(input.query).length === 0)
    throw new AppError('invalid_input', 'name the query the approval is for (at least one search term)');
  const reason = input.reason.trim();
  if ([...reason].length < 20)
    throw new AppError('invalid_input', 'a bulk-access request needs a reason of at least 20 characters');
  return withAccess(
    ctx,
    {
      principal,
      action: 'bulk.request',
      event: 'access.bulk_request',
      purpose: input.purpose,
      target: input.target,
      query: { kind: input.kind, ...input.query },
    },
    async (tx, grant) => {
      const row = {
        id: `BA-${randomBytes(6).toString('hex')}`,
        kind: input.kind,
        requestedBy: grant.actorId,
        purpose: grant.purpose!,
        target: grant.target!,
        queryHash: queryHash(input.kind, input.query),
        reason,
        requestedAt: grant.now,
        requestExpiresAt: new Date(grant.now.getTime() + BULK_ACCESS.requestLifetimeMs),
      };
      await insertBulkApproval(tx, row);
      return {
        value: { ...row, grantedBy: null, grantedAt: null, expiresAt: null, usedAt: null },
        subjects: [],
        fields: [],
        details: { approval: row.id },
      };
    },
  );
}

/** The second person (a supervisor, never the requester) grants a request; it may be used once, within an hour. */
export async function grantBulkAccess(
  ctx: Context,
  principal: Principal,
  input: { id: string },
): Promise<BulkApprovalRow> {
  return withAccess(
    ctx,
    { principal, action: 'bulk.approve', event: 'access.bulk_approve', query: { approval: input.id } },
    async (tx, grant) => {
      const row = await findBulkApproval(tx, input.id);
      const refuse = (code: 'not_found' | 'forbidden' | 'conflict', message: string) => ({
        value: undefined as never,
        subjects: [],
        fields: [],
        error: new AppError(code, message),
      });
      if (row === undefined) return refuse('not_found', `no bulk-access request '${input.id}'`);
      if (row.requestedBy === grant.actorId)
        return refuse('forbidden', 'a bulk access is approved by a second person, not by its requester');
      if (row.grantedAt !== null) return refuse('conflict', `${input.id} was granted already`);
      if (row.requestExpiresAt <= grant.now)
        return refuse('conflict', `${input.id} lapsed before it was granted`);
      const expiresAt = new Date(grant.now.getTime() + BULK_ACCESS.grantLifetimeMs);
      await grantBulkApproval(tx, { id: row.id, by: grant.actorId, at: grant.now, expiresAt });
      return {
        value: { ...row, grantedBy: grant.actorId, grantedAt: grant.now, expiresAt },
        subjects: [`user:${row.requestedBy}`],
        fields: [],
        details: { approval: row.id, requestedBy: row.requestedBy, purpose: row.purpose, target: row.target },
      };
    },
  );
}

/** Requests waiting for a supervisor (or all, newest last): ids, requesters, purposes, targets, reasons. */
export async function bulkAccessRequests(
  ctx: Context,
  principal: Principal,
  open = true,
): Promise<BulkApprovalRow[]> {
  return withAccess(
    ctx,
    { principal, action: 'bulk.approve', event: 'access.list', query: { list: 'bulk_approvals' } },
    async (tx) => {
      const rows = await listBulkApprovals(tx, { open });
      return {
        value: rows,
        subjects: [],
        fields: ['id', 'requestedBy', 'target', 'reason'],
        details: { count: rows.length },
      };
    },
  );
}

/**
 * Inside an access's work: may it show `count` persons? At or under the limit, yes. Over it, only with a
 * granted, unexpired, unused approval of this user for this purpose, target and query, which is used up
 * here (in the access's transaction, so a refused or failed access does not spend it). Returns the
 * refusal to report, or the audit details of the approval used.
 */
export async function checkBulk(
  ctx: Context,
  tx: Sql,
  grant: Grant,
  input: {
    kind: 'search' | 'export';
    count: number;
    approval: string | undefined;
    query: Readonly<Record<string, DetailValue>>;
  },
): Promise<{ ok: true; details: Record<string, DetailValue> } | { ok: false; error: AppError }> {
  const limit = bulkLimit(ctx);
  if (input.count <= limit) return { ok: true, details: {} };
  const refuse = (why: string) => ({
    ok: false as const,
    error: new AppError(
      'forbidden',
      `this ${input.kind} would show more than ${limit} persons: ${why} (a second person's approval: ilos approval request, then a supervisor grants it)`,
      { details: { reason: 'bulk_approval_required', limit } },
    ),
  });
  if (input.approval === undefined) return refuse('it needs an approval id');
  const row = await findBulkApproval(tx, input.approval);
  if (row === undefined || row.requestedBy !== grant.actorId)
    return refuse(`no approval ${input.approval} of yours`);
  if (row.grantedAt === null || row.expiresAt === null) return refuse(`${row.id} is not granted yet`);
  if (row.usedAt !== null) return refuse(`${row.id} was used already`);
  if (row.expiresAt <= grant.now) return refuse(`${row.id} expired`);
  if (row.kind !== input.kind || row.purpose !== grant.purpose || row.target !== grant.target)
    return refuse(`${row.id} is for another ${row.kind}, purpose or target`);
  if (row.queryHash !== queryHash(input.kind, input.query)) return refuse(`${row.id} is for another query`);
  if (!(await useBulkApproval(tx, row.id, grant.now))) return refuse(`${row.id} was used already`);
  return { ok: true, details: { approval: row.id, approvedBy: row.grantedBy } };
}
