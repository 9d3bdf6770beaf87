/**
 * The case work list (SCOPE.md 2, issue 6 item 3): active cases ordered by legal deadline only — the
 * noticed hearing, the last day to appeal, the voluntary-departure depart-by date, and the Privacy Act
 * clocks of disputes on the person's records. What the list carries about the person is their id and
 * whether a verified departure closed the work; nothing about them feeds the order.
 */
import {
  caseDeadlines,
  type IsoDate,
  type LegalDeadline,
  nextDeadline,
  nextRedressDeadline,
  type RedressOutcome,
  type RedressStatus,
  type RemovalCaseState,
  worklistOrder,
} from '@ilos/core';
import type { Principal } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { withCaseAccess } from './case-access.js';
import { listCaseRows } from './case-store.js';
import { dayOfInstant } from './cases.js';

export type WorkItem = {
  caseId: string;
  personId: string;
  state: RemovalCaseState;
  deadlines: LegalDeadline[];
  next: LegalDeadline | null;
  overdue: boolean;
  /** An adverse step waits for a supervisor (shown, not ranked). */
  awaitingApproval: string | null;
  /**
   * A verified departure after the last entry is on file (as of the last derivation): the work is
   * closed once the closing step is recorded, so the case leaves the deadline order.
   */
  departureVerified: boolean;
};

const PRIVACY_ACT_KIND = {
  acknowledge: 'PRIVACY_ACT_ACKNOWLEDGE',
  decide: 'PRIVACY_ACT_DECIDE',
  appeal: 'PRIVACY_ACT_APPEAL',
} as const;

/**
 * The work list through the access layer (case.list, audited): a supervisor's covers every active case,
 * anyone else's the cases they are assigned to.
 */
export async function worklist(
  ctx: Context,
  principal: Principal,
  options: { asOf?: IsoDate; limit?: number } = {},
): Promise<{ asOf: IsoDate; items: WorkItem[] }> {
  const asOf = options.asOf ?? dayOfInstant(ctx.now());
  const query = { list: 'worklist', asOf };
  return withCaseAccess(ctx, { principal, action: 'case.list', query }, async (tx, actor) => {
    const scope = actor.role === 'supervisor' ? {} : { assignedTo: actor.id };
    const cases = await listCaseRows(tx, { active: true, limit: 100_000, ...scope });
    const extra = await tx.query<{
      case_id: string;
      approval: string | null;
      departed: boolean;
    }>(
      `select c.id as case_id,
              (select a.transition || ' (' || a.id || ')' from case_approvals a
                where a.case_id = c.id and a.status = 'pending') as approval,
              coalesce((ps.report -> 'removal' -> 'blockers') ? 'NOT_IN_UNITED_STATES', false) as departed
         from cases c left join person_status ps on ps.person_id = c.person_id
        where c.active`,
    );
    const byCase = new Map(extra.map((e) => [e.case_id, e]));
    const disputes = await tx.query<{
      person_id: string;
      status: RedressStatus;
      resolution: RedressOutcome | null;
      acknowledge_by: IsoDate;
      decide_by: IsoDate;
      appeal_by: IsoDate | null;
    }>(
      `select distinct pr.person_id, r.id, r.status, r.resolution,
              to_char(r.acknowledge_by, 'YYYY-MM-DD') as acknowledge_by, to_char(r.decide_by, 'YYYY-MM-DD') as decide_by,
              to_char(r.appeal_by, 'YYYY-MM-DD') as appeal_by
         from redress_requests r
         join person_records pr on pr.source_id = r.source_id and pr.source_record_id = r.source_record_id
         join cases c on c.person_id = pr.person_id and c.active`,
    );
    const clocks = new Map<string, LegalDeadline[]>();
    for (const d of disputes) {
      const due = nextRedressDeadline(
        {
          status: d.status,
          resolution: d.resolution,
          acknowledgeBy: d.acknowledge_by,
          decideBy: d.decide_by,
          appealBy: d.appeal_by,
        },
        asOf,
      );
      if (due === undefined) continue;
      const list = clocks.get(d.person_id) ?? [];
      list.push({
        kind: PRIVACY_ACT_KIND[due.kind],
        due: due.due as IsoDate,
        citation: '5 U.S.C. 552a(d)(2)-(3)',
      });
      clocks.set(d.person_id, list);
    }

    const items: WorkItem[] = cases.map((c) => {
      const row = byCase.get(c.id);
      const departureVerified = row?.departed ?? false;
      const deadlines = departureVerified ? [] : [...caseDeadlines(c), ...(clocks.get(c.personId) ?? [])];
      const next = nextDeadline({ caseId: c.id, deadlines }) ?? null;
      return {
        caseId: c.id,
        personId: c.personId,
        state: c.state,
        deadlines,
        next,
        overdue: next !== null && next.due < asOf,
        awaitingApproval: row?.approval ?? null,
        departureVerified,
      };
    });
    const ordered = worklistOrder(items);
    const shown = options.limit === undefined ? ordered : ordered.slice(0, options.limit);
    return {
      value: { asOf, items: shown },
      subjects: [...new Set(shown.map((i) => i.personId))],
      fields: ['case.id', 'case.state', 'deadlines', 'departureVerified'],
      details: { count: shown.length, scope: actor.role === 'supervisor' ? 'all' : 'assigned' },
    };
  });
}
