import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { decideReviewTask, type ReviewTask } from '../persons/review.js';

/**
 * A reviewer's identity decision (the two records of a review task are one person, or two), through the
 * access layer as its own audited action, `identity.decide`: under IDENTITY_REVIEW bound to that task, by
 * a user assigned to it, with the decision in the audit row and the two records as its subjects. The
 * decider is the session's user, never a name the caller passes. The caller then re-resolves persons.
 */
export async function decideIdentity(
  ctx: Context,
  principal: Principal,
  input: { taskId: string; decision: 'same' | 'different'; reason: string },
): Promise<ReviewTask> {
  return withAccess(
    ctx,
    {
      principal,
      action: 'identity.decide',
      event: 'identity.decide',
      purpose: 'IDENTITY_REVIEW',
      target: `task:${input.taskId}`,
      query: { task: input.taskId, decision: input.decision },
    },
    async (tx, grant) => {
      const task = await decideReviewTask({ ...ctx, sql: tx }, input.taskId, {
        decision: input.decision,
        reason: input.reason,
        by: grant.actorId,
      });
      return {
        value: task,
        subjects: [task.a, task.b],
        fields: ['decision', 'decision_reason'],
        details: { decision: task.decision },
      };
    },
  );
}
