import { AppError } from '@ilos/core';
import type { Context } from '../context.js';

export type ReviewTask = {
  taskId: string;
  a: string;
  b: string;
  reason: string;
  detail: string;
  probability: number;
  weight: number;
  evidence: { field: string; level: string; weight: number }[];
  state: 'open' | 'decided' | 'obsolete';
  decision: 'same' | 'different' | null;
  decisionReason: string | null;
  decidedBy: string | null;
};

type TaskRow = {
  task_id: string;
  a: string;
  b: string;
  reason: string;
  detail: string;
  probability: number;
  weight: number;
  evidence: ReviewTask['evidence'];
  state: ReviewTask['state'];
  decision: ReviewTask['decision'];
  decision_reason: string | null;
  decided_by: string | null;
};

const toTask = (r: TaskRow): ReviewTask => ({
  taskId: r.task_id,
  a: r.a,
  b: r.b,
  reason: r.reason,
  detail: r.detail,
  probability: r.probability,
  weight: r.weight,
  evidence: r.evidence,
  state: r.state,
  decision: r.decision,
  decisionReason: r.decision_reason,
  decidedBy: r.decided_by,
});

const COLUMNS =
  'task_id, a, b, reason, detail, probability, weight, evidence, state, decision, decision_reason, decided_by';

/** The review queue: open tasks first, oldest first (never ordered by anything about the person). */
export async function listReviewTasks(
  ctx: Context,
  options: { state?: string; limit?: number; offset?: number } = {},
): Promise<ReviewTask[]> {
  const rows = await ctx.sql.query<TaskRow>(
    `select ${COLUMNS} from review_tasks where state = $1 order by created_at, task_id limit $2 offset $3`,
    [options.state ?? 'open', options.limit ?? 50, options.offset ?? 0],
  );
  return rows.map(toTask);
}

export async function getReviewTask(
  ctx: Context,
  taskId: string,
): Promise<{ task: ReviewTask; records: Record<string, Record<string, string> | null> }> {
  const rows = await ctx.sql.query<TaskRow>(`select ${COLUMNS} from review_tasks where task_id = $1`, [
    taskId,
  ]);
  const row = rows[0];
  if (row === undefined)
    throw new AppError('not_found', `review task '${taskId}' does not exist; see 'ilos review list'`);
  const records: Record<string, Record<string, string> | null> = {};
  for (const key of [row.a, row.b]) {
    const colon = key.indexOf(':');
    const found = await ctx.sql.query<{ payload: Record<string, string> }>(
      'select payload from records where source_id = $1 and source_record_id = $2 and is_current',
      [key.slice(0, colon), key.slice(colon + 1)],
    );
    records[key] = found[0]?.payload ?? null;
  }
  return { task: toTask(row), records };
}

/** Records a reviewer's decision with who and why; the caller then re-resolves and re-derives. */
export async function decideReviewTask(
  ctx: Context,
  taskId: string,
  decision: { decision: 'same' | 'different'; reason: string; by: string },
): Promise<ReviewTask> {
  if (decision.reason.trim().length < 5)
    throw new AppError('invalid_input', 'a decision needs a reason a person can read (--reason "…")');
  const { task } = await getReviewTask(ctx, taskId);
  if (task.state === 'decided')
    throw new AppError(
      'conflict',
      `review task ${taskId} was already decided (${task.decision}) by ${task.decidedBy}`,
    );
  if (task.state === 'obsolete')
    throw new AppError('conflict', `review task ${taskId} is obsolete: the records no longer need review`);
  const rows = await ctx.sql.query<TaskRow>(
    `update review_tasks set state = 'decided', decision = $2, decision_reason = $3, decided_by = $4, decided_at = now()
      where task_id = $1 and state = 'open' returning ${COLUMNS}`,
    [taskId, decision.decision, decision.reason, decision.by],
  );
  if (rows[0] === undefined)
    throw new AppError('conflict', `review task ${taskId} was decided by someone else meanwhile`);
  return toTask(rows[0]);
}
