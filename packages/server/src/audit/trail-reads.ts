import type { AuditEntry } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { readEntries, readState } from '../db/audit-repository.js';
import { sequenceAudit } from './sequencer.js';

/**
 * Reading the audit trail itself, for auditors (the audit viewer): entries page by page, and who
 * accessed one person and why. Both are AUDIT-purpose reads, audited in turn (AU-9: audit-log access is
 * an audited event). Only the auditor role has `audit.export`.
 */
export async function auditEntries(
  ctx: Context,
  principal: Principal,
  input: { target: string; offset: number; limit: number },
): Promise<{ items: AuditEntry[]; total: number; unsequenced: number }> {
  await sequenceAudit(ctx);
  return withAccess(
    ctx,
    {
      principal,
      action: 'audit.export',
      event: 'audit.export',
      purpose: 'AUDIT',
      target: input.target,
      query: { view: 'entries', offset: input.offset, limit: input.limit },
    },
    async (tx) => {
      const state = await readState(tx);
      // Sequence numbers are dense from 1: the entries after `offset` are the page.
      const items = await readEntries(tx, input.offset, input.limit);
      const [pending] = await tx.query<{ n: number }>(
        'select count(*)::int as n from audit_log where seq is null',
      );
      return {
        value: { items, total: state.size, unsequenced: pending?.n ?? 0 },
        subjects: [...new Set(items.flatMap((e) => e.subjects))],
        fields: ['audit_log'],
        details: { entries: items.length },
      };
    },
  );
}

/** One access to a person's data as the trail recorded it: who, when, why, what, and the outcome. */
export type PersonAccess = {
  seq: number | null;
  at: string;
  actorId: string;
  actorRole: string;
  eventType: string;
  purpose: string | null;
  target: string | null;
  outcome: string;
  reason: string | null;
  fields: string[];
  component: string;
  /** How the reader was bound to the target: 'assigned', 'break_glass' (T8.2: shown here), or null. */
  binding: string | null;
};

/** The binding an audit row's details record, if any (details are minimised JSON, or a redaction's blank). */
function bindingOf(details: string | null): string | null {
  try {
    const binding = (JSON.parse(details ?? 'null') as { binding?: unknown } | null)?.binding;
    return typeof binding === 'string' ? binding : null;
  } catch {
    return null;
  }
}

/**
 * Who accessed a person, and why: every audit row naming the person or one of their records (newest
 * first), including refusals. The subjects column is GIN-indexed.
 */
export async function accessesOfPerson(
  ctx: Context,
  principal: Principal,
  input: { personId: string; target: string; offset: number; limit: number },
): Promise<{ personId: string; items: PersonAccess[]; more: boolean }> {
  return withAccess(
    ctx,
    {
      principal,
      action: 'audit.export',
      event: 'audit.report',
      purpose: 'AUDIT',
      target: input.target,
      query: { report: 'accesses', person: input.personId, offset: input.offset },
    },
    async (tx) => {
      const keys = await tx.query<{ s: string; r: string }>(
        'select source_id as s, source_record_id as r from person_records where person_id = $1',
        [input.personId],
      );
      // Records are named 'source:id' in person reads and 'record:source/id' in record and redress reads.
      const names = [input.personId, ...keys.flatMap((k) => [`${k.s}:${k.r}`, `record:${k.s}/${k.r}`])];
      const rows = await tx.query<{
        seq: string | null;
        at: Date;
        actor_id: string;
        actor_role: string;
        event_type: string;
        purpose: string | null;
        target: string | null;
        outcome: string;
        reason: string | null;
        fields: string[];
        component: string;
        details: string | null;
      }>(
        `select seq::text as seq, at, actor_id, actor_role, event_type, purpose, target, outcome, reason, fields, component,
                details
           from audit_log where subjects && $1::text[] order by id desc offset $2 limit $3`,
        [names, input.offset, input.limit + 1],
      );
      const items = rows.slice(0, input.limit).map((r) => ({
        seq: r.seq === null ? null : Number(r.seq),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        eventType: r.event_type,
        purpose: r.purpose,
        target: r.target,
        outcome: r.outcome,
        reason: r.reason,
        fields: r.fields,
        component: r.component,
        binding: bindingOf(r.details),
      }));
      return {
        value: { personId: input.personId, items, more: rows.length > input.limit },
        subjects: [input.personId],
        fields: ['audit_log'],
        details: { rows: items.length },
      };
    },
  );
}
