import type { GateCheck } from '@ilos/core';
import { taskId } from '../db/persons-repository.js';
import type { Sql } from '../db/sql.js';

/** The reason of a review task a case opened because its step waits for an identity to be confirmed. */
export const CASE_HOLD = 'case-hold';

/**
 * A step refused because the person's records are joined only by probable links opens a review task for
 * each such link, so that the review queue holds what the case waits for; a reviewer's "same" makes the
 * link confirmed, "different" splits the person (ADR 0007 addendum). Tasks that exist are left as they
 * are. Returns how many tasks were opened.
 */
export async function openIdentityHolds(
  tx: Sql,
  c: { id: string; personId: string },
  check: Pick<GateCheck, 'blocking'>,
): Promise<number> {
  if (!check.blocking.some((f) => f.code === 'IDENTITY_UNCONFIRMED')) return 0;
  const links = await tx.query<{
    a: string;
    b: string;
    probability: number;
    weight: number;
    evidence: unknown;
  }>(
    `select a, b, probability, weight, evidence from identity_links
      where person_id = $1 and strength = 'probable' order by a, b`,
    [c.personId],
  );
  if (links.length === 0) return 0;
  const rows = links.map((l) => ({
    task_id: taskId(l.a, l.b),
    a: l.a,
    b: l.b,
    reason: CASE_HOLD,
    detail: `case ${c.id} waits for this link to be confirmed before any adverse step: same person, or not?`,
    probability: l.probability,
    weight: l.weight,
    evidence: l.evidence,
  }));
  const opened = await tx.query<{ task_id: string }>(
    `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
     select t.task_id, t.a, t.b, t.reason, t.detail, t.probability, t.weight, t.evidence
       from jsonb_to_recordset($1::text::jsonb) as t(task_id text, a text, b text, reason text, detail text,
            probability double precision, weight double precision, evidence jsonb)
     on conflict (a, b) do nothing
     returning task_id`,
    [JSON.stringify(rows)],
  );
  return opened.length;
}
