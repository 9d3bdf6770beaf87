import { auditSystemWrite } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { redactable, redactEntries } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';
import { sequenceAudit } from './sequencer.js';

/** CJIS: audit records are kept at least one year; a shorter configured schedule is raised to it. */
export const AUDIT_MIN_RETENTION_DAYS = 365;

export type RedactionResult = { before: string; redacted: number; throughSeq: number };

/**
 * Audit retention (RELIABILITY.md T13.2, ADR 0014): entries older than the schedule are purged only by
 * redaction — their personal columns blanked, their seq, times, chain and Merkle leaf hashes kept — so
 * `audit verify` still passes. The redaction is an audit entry itself (`audit.redact`, with the last seq
 * it covers), committed with the blanking, then sequenced and signed; verify refuses any redacted entry
 * that no such entry covers.
 */
export async function redactAuditTrail(
  ctx: Context,
  options: { retentionDays?: number | undefined; runId: string },
): Promise<RedactionResult> {
  const days = Math.max(AUDIT_MIN_RETENTION_DAYS, options.retentionDays ?? AUDIT_MIN_RETENTION_DAYS);
  const now = ctx.now();
  const before = new Date(now.getTime() - days * 86_400_000);
  await sequenceAudit(ctx); // only sequenced entries are redacted: their leaf hashes exist
  const result = await ctx.sql.transact(async (tx) => {
    const due = await redactable(tx, before);
    if (due.count === 0) return { redacted: 0, throughSeq: 0 };
    await auditSystemWrite(tx, now, {
      system: 'retention',
      action: 'audit.redact',
      event: 'audit.redact',
      purpose: 'RETENTION',
      target: `run:${options.runId}`,
      subjects: [],
      details: { throughSeq: due.throughSeq, redacted: due.count, before: before.toISOString() },
    });
    await actAsRedactor(tx);
    const redacted = await redactEntries(tx, due.throughSeq, before, now);
    if (redacted !== due.count)
      throw new Error(
        `audit redaction found ${due.count} entries but blanked ${redacted}; nothing was changed`,
      );
    return { redacted, throughSeq: due.throughSeq };
  });
  if (result.redacted > 0) await sequenceAudit(ctx, { final: true }); // the audit.redact entry, signed
  return { before: before.toISOString(), ...result };
}

/** Becomes ilos_redactor for the rest of this transaction on PostgreSQL (migration 0017). */
async function actAsRedactor(tx: Sql): Promise<void> {
  if (tx.kind !== 'postgres') return;
  const [row] = await tx.query<{ ok: boolean }>(
    `select exists (select 1 from pg_roles where rolname = 'ilos_redactor')
            and pg_has_role(session_user, 'ilos_redactor', 'MEMBER') as ok`,
  );
  if (row?.ok) await tx.exec('set local role ilos_redactor');
}
