import { AppError } from '@ilos/core';
import type { Context } from '../context.js';
import { recordHistory } from '../db/records-repository.js';
import { getReviewTask, listReviewTasks, type ReviewTask } from '../persons/review.js';
import { type DisputeNote, disputesFor, recordKey } from '../redress/disputes.js';
import { type Principal, withAccess } from './access-layer.js';

const NAME_FIELDS = new Set(['familyName', 'givenName']);

/**
 * The identity review queue (task ids, record keys, reasons, scores; no record content), for reviewers,
 * through the access layer: audited as `review.list` with the listed record keys as its subjects.
 */
export async function listReviews(
  ctx: Context,
  principal: Principal,
  options: { state: string; limit: number; offset?: number },
): Promise<ReviewTask[]> {
  if (!['open', 'decided', 'obsolete'].includes(options.state))
    throw new AppError('invalid_input', 'state must be open, decided or obsolete');
  return withAccess(
    ctx,
    {
      principal,
      action: 'review.list',
      event: 'review.list',
      query: { state: options.state, limit: options.limit, offset: options.offset ?? 0 },
    },
    async (tx) => {
      const tasks = await listReviewTasks({ ...ctx, sql: tx }, options);
      return {
        value: tasks,
        subjects: tasks.flatMap((t) => [t.a, t.b]),
        fields: ['taskId', 'a', 'b', 'reason', 'probability'],
        details: { count: tasks.length },
      };
    },
  );
}

/**
 * Both records of a review task side by side, with the evidence: a record read under IDENTITY_REVIEW (or
 * another purpose the role may use for a task) bound to that very task, by a user assigned to it. `blind`
 * hides the names, so identifiers and dates are judged first; the audit row names the fields shown.
 */
export async function showReview(
  ctx: Context,
  principal: Principal,
  input: { taskId: string; purpose: string | undefined; target?: string | undefined; blind?: boolean },
): Promise<{
  task: ReviewTask;
  records: Record<string, Record<string, string> | null>;
  /** The disputes of each record (Privacy Act amendment requests), shown wherever the record shows. */
  disputes: Record<string, DisputeNote[]>;
  blind: boolean;
}> {
  const bound = `task:${input.taskId}`;
  const blind = input.blind === true;
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.read',
      event: 'record.read',
      purpose: input.purpose,
      target: input.target ?? bound,
      query: { task: input.taskId, blind },
    },
    async (tx, grant) => {
      if (grant.target !== bound) {
        // Bound to another task than the one asked for: refused (and audited as denied).
        const message = `reading task ${input.taskId} needs the purpose bound to ${bound}`;
        return {
          value: undefined as never,
          subjects: [],
          fields: [],
          error: new AppError('forbidden', message),
        };
      }
      let shown: Awaited<ReturnType<typeof getReviewTask>>;
      try {
        shown = await getReviewTask({ ...ctx, sql: tx }, input.taskId);
      } catch (error) {
        // A task that does not exist: the attempt is still audited (outcome failure).
        if (error instanceof AppError && error.code === 'not_found')
          return { value: undefined as never, subjects: [], fields: [], error };
        throw error;
      }
      // Statutory confidentiality (8 CFR 208.6, 8 U.S.C. 1367) applies here as on any record read.
      const masked = new Set<string>();
      const records: Record<string, Record<string, string> | null> = {};
      const disputes: Record<string, DisputeNote[]> = {};
      const keyOf = (key: string) =>
        recordKey(key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1));
      const filed = await disputesFor(
        tx,
        Object.keys(shown.records).map(keyOf),
        grant.now.toISOString().slice(0, 10),
      );
      for (const [key, fields] of Object.entries(shown.records)) {
        disputes[key] = [];
        if (fields === null) {
          records[key] = null;
          continue;
        }
        const colon = key.indexOf(':');
        const current = (await recordHistory(tx, key.slice(0, colon), key.slice(colon + 1))).find(
          (v) => v.isCurrent,
        );
        const disclosed = grant.disclose(current?.recordType ?? '', fields);
        for (const citation of disclosed.masked) masked.add(citation);
        records[key] = Object.fromEntries(
          Object.entries(disclosed.payload).map(([k, v]) => [k, blind && NAME_FIELDS.has(k) ? '•••' : v]),
        );
        // A statement can disclose what a masked record protects, or the names a blind review hides.
        disputes[key] = filed
          .filter((d) => d.recordKey === keyOf(key))
          .map((d) =>
            disclosed.masked.length > 0
              ? { ...d, statement: '[withheld with the record]', fields: [] }
              : blind
                ? { ...d, statement: '[hidden in a blind review]' }
                : d,
          );
      }
      const fields = [
        ...new Set(Object.values(records).flatMap((r) => (r === null ? [] : Object.keys(r)))),
      ].sort();
      return {
        value: { task: shown.task, records, disputes, blind },
        subjects: [shown.task.a, shown.task.b],
        fields: blind ? fields.filter((f) => !NAME_FIELDS.has(f)) : fields,
        details: { blind, masked: [...masked], disputes: Object.values(disputes).flat().length },
      };
    },
  );
}
