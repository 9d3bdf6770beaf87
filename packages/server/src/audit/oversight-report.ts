import { type OversightOptions, type OversightReport, oversightReport } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { listBreakGlass } from '../db/access-repository.js';
import { listUsers } from '../db/accounts-repository.js';
import { readEventsBetween } from '../db/audit-repository.js';
import { sequenceAudit } from './sequencer.js';

export type OversightResult = OversightReport & {
  since: string;
  until: string;
  breakGlassReviews: {
    id: string;
    userId: string;
    target: string;
    openedAt: string;
    reviewDue: string;
    review: string;
  }[];
};

/**
 * `ilos report oversight`: the T8 misuse patterns over a window of the audit trail, for an auditor or
 * supervisor under the AUDIT purpose. The report is itself an audited read: it names subjects.
 */
export async function oversight(
  ctx: Context,
  principal: Principal,
  input: { since: Date; until: Date; target: string; options?: OversightOptions },
): Promise<OversightResult> {
  await sequenceAudit(ctx); // evidence is cited by sequence number
  return withAccess(
    ctx,
    {
      principal,
      action: 'audit.report',
      event: 'audit.report',
      purpose: 'AUDIT',
      target: input.target,
      query: { report: 'oversight', since: input.since.toISOString(), until: input.until.toISOString() },
    },
    async (tx) => {
      const events = await readEventsBetween(tx, input.since, input.until);
      const users = await listUsers(tx);
      const report = oversightReport(events, {
        ...input.options,
        disabledAccounts: users
          .filter((u) => u.status === 'disabled' && u.disabledAt !== null)
          .map((u) => ({ id: u.id, disabledAt: u.disabledAt!.toISOString() })),
      });
      const grants = await listBreakGlass(tx);
      const breakGlassReviews = grants
        .filter((g) => g.openedAt >= input.since && g.openedAt < input.until)
        .map((g) => ({
          id: g.id,
          userId: g.userId,
          target: g.target,
          openedAt: g.openedAt.toISOString(),
          reviewDue: g.reviewDue.toISOString(),
          review: g.reviewOutcome ?? (g.reviewDue < ctx.now() ? 'OVERDUE' : 'pending'),
        }));
      const subjects = [
        ...new Set([
          ...report.alerts.flatMap((a) => (a.subject === null ? [] : [a.subject])),
          ...report.subjectsWithoutCase.map((s) => s.subject),
        ]),
      ];
      return {
        value: {
          ...report,
          since: input.since.toISOString(),
          until: input.until.toISOString(),
          breakGlassReviews,
        },
        subjects,
        fields: ['actor', 'purpose', 'subject', 'evidence'],
        details: { events: events.length, alerts: report.alerts.length },
      };
    },
  );
}
