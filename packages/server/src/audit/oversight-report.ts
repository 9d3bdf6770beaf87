import { type OversightOptions, type OversightReport, oversightReport } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { listBreakGlass } from '../db/access-repository.js';
import { listUsers } from '../db/accounts-repository.js';
import { readEventsBetween } from '../db/audit-repository.js';
import {
  listPersonLinks,
  listSensitivePersons,
  personSubjects,
  subjectFamilyNames,
} from '../db/oversight-repository.js';
import type { Sql } from '../db/sql.js';
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
        ...(await detectorFacts(tx, events, users)),
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

/**
 * What the self-lookup, same-surname and VIP-flag detectors need, fetched here so the report stays pure:
 * each linked or flagged person as every subject that names it (ids and record keys), the family names on
 * the accounts, and — only when an account has one — the family names of the subjects read in the window.
 */
async function detectorFacts(
  tx: Sql,
  events: readonly { subjects: readonly string[] }[],
  users: readonly { id: string; familyName: string | null }[],
): Promise<Pick<OversightOptions, 'ownSubjects' | 'familyNames' | 'sensitiveSubjects'>> {
  const links = await listPersonLinks(tx);
  const flagged = await listSensitivePersons(tx);
  const linked = await personSubjects(tx, [...new Set(links.map((l) => l.personId))]);
  const ownSubjects = new Map<string, Map<string, string>>();
  for (const link of links) {
    const mine = ownSubjects.get(link.userId) ?? new Map<string, string>();
    for (const [subject, person] of linked) if (person === link.personId) mine.set(subject, person);
    ownSubjects.set(link.userId, mine);
  }
  const sensitiveSubjects = await personSubjects(
    tx,
    flagged.map((p) => p.personId),
  );
  const named = new Map(users.flatMap((u) => (u.familyName === null ? [] : [[u.id, u.familyName] as const])));
  const familyNames =
    named.size === 0
      ? undefined
      : {
          users: named,
          subjects: await subjectFamilyNames(
            tx,
            events.flatMap((e) => e.subjects),
          ),
        };
  return { ownSubjects, sensitiveSubjects, ...(familyNames === undefined ? {} : { familyNames }) };
}
