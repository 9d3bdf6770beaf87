/**
 * Review reads through the access layer: the queue is audited, a task is read only under a purpose bound
 * to it, and a record the law protects (8 CFR 208.6) is masked in a review as in any other read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '../test-support.js';
import { listReviews, showReview } from './review-reads.js';
import { auditRowsAfter, lastAuditId, type World, world } from './test-accountability.js';
import { assignWork } from './work.js';

describe.each(storeKinds())('review reads on %s', (kind) => {
  let w: World;

  beforeAll(async () => {
    w = await world(kind);
    await w.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-ASY', 'uscis-benefits:ASY-1', 'uscis-benefits:APP-0', 'probable', 'names agree', 0.7, 3, '[]')`,
    );
    await assignWork(w, w.as.supervisor, 'ana', 'task:T-ASY');
    await assignWork(w, w.as.supervisor, 'sue', 'task:T-ASY');
  }, 120_000);
  afterAll(async () => {
    await w?.dispose();
  });

  it('masks an asylum record for an analyst under IDENTITY_REVIEW, and says so in the audit row', async () => {
    const before = await lastAuditId(w);

    const shown = await showReview(w, w.as.analyst, { taskId: 'T-ASY', purpose: 'IDENTITY_REVIEW' });

    expect(shown.records['uscis-benefits:ASY-1']).not.toHaveProperty('benefitType');
    expect(shown.records['uscis-benefits:ASY-1']).not.toHaveProperty('familyName');
    expect(shown.records['uscis-benefits:APP-0']).toMatchObject({ benefitType: 'EXTENSION' });
    const [row] = await auditRowsAfter(w, before);
    expect(row).toMatchObject({ event_type: 'record.read', outcome: 'success', target: 'task:T-ASY' });
    expect(JSON.parse(row!.details)).toMatchObject({ masked: ['8 CFR 208.6'] });
  });

  it('refuses a task under a purpose bound to another one, and audits it as denied', async () => {
    const before = await lastAuditId(w);

    await expect(
      showReview(w, w.as.analyst, { taskId: 'T-ASY', purpose: 'IDENTITY_REVIEW', target: 'task:OTHER' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      showReview(w, w.as.auditor, { taskId: 'T-ASY', purpose: 'IDENTITY_REVIEW' }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.actor_id, r.outcome, r.reason])).toEqual([
      ['ana', 'denied', 'not_assigned'],
      ['ida', 'denied', 'role_not_allowed'],
    ]);
  });

  it('lists the queue for reviewers only, with the listed records as the audit row subjects', async () => {
    const before = await lastAuditId(w);

    const tasks = await listReviews(w, w.as.analyst, { state: 'open', limit: 10 });
    await expect(listReviews(w, w.as.admin, { state: 'open', limit: 10 })).rejects.toMatchObject({
      code: 'forbidden',
    });

    expect(tasks.map((t) => t.taskId)).toEqual(['T-ASY']);
    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.actor_id, r.outcome, r.subjects])).toEqual([
      ['review.list', 'ana', 'success', ['uscis-benefits:ASY-1', 'uscis-benefits:APP-0']],
      ['review.list', 'root', 'denied', []],
    ]);
  });
});
