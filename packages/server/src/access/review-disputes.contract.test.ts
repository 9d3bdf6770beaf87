/**
 * Issue 5, Redress: "a dispute attached to a record shows wherever that record shows" — here, in an
 * identity review of the record, with the statement withheld where the record is masked by statute
 * (8 CFR 208.6) and hidden in a blind review (it may carry the names the review hides).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedress } from '../redress/redress.js';
import { storeKinds } from '../test-support.js';
import { showReview } from './review-reads.js';
import { auditRowsAfter, lastAuditId, type World, world } from './test-accountability.js';
import { assignWork } from './work.js';

describe.each(storeKinds())('disputes in an identity review on %s', (kind) => {
  let w: World;
  let onI94 = '';

  beforeAll(async () => {
    w = await world(kind);
    await w.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-D', 'cbp-i94:I94-6', 'cbp-i94:I94-8', 'probable', 'names agree', 0.7, 3, '[]'),
              ('T-ASY', 'uscis-benefits:ASY-1', 'uscis-benefits:APP-0', 'probable', 'names agree', 0.7, 3, '[]')`,
    );
    await assignWork(w, w.as.supervisor, 'ana', 'task:T-D');
    await assignWork(w, w.as.supervisor, 'ana', 'task:T-ASY');
    onI94 = (
      await openRedress(w, w.as.adjudicator, {
        sourceId: 'cbp-i94',
        sourceRecordId: 'I94-6',
        statement: 'my family name is spelt GARCÍA, with the accent',
        fields: ['familyName'],
      })
    ).id;
    await openRedress(w, w.as.adjudicator, {
      sourceId: 'uscis-benefits',
      sourceRecordId: 'ASY-1',
      statement: 'the asylum application was filed in March, not May',
      fields: ['receiptDate'],
    });
  }, 120_000);
  afterAll(async () => {
    await w?.dispose();
  });

  it("shows each record's disputes beside it, and counts them in the audit row", async () => {
    const before = await lastAuditId(w);

    const shown = await showReview(w, w.as.analyst, { taskId: 'T-D', purpose: 'IDENTITY_REVIEW' });
    const [row] = await auditRowsAfter(w, before);

    expect(shown.disputes['cbp-i94:I94-6']).toMatchObject([
      {
        id: onI94,
        active: true,
        fields: ['familyName'],
        statement: 'my family name is spelt GARCÍA, with the accent',
      },
    ]);
    expect(shown.disputes['cbp-i94:I94-8']).toEqual([]);
    expect(JSON.parse(row!.details)).toMatchObject({ disputes: 1 });
    expect(row!.details).not.toContain('GARCÍA'); // the audit row counts disputes, never their statements
  });

  it('hides the statement in a blind review, and withholds it with a record masked by statute', async () => {
    const blind = await showReview(w, w.as.analyst, {
      taskId: 'T-D',
      purpose: 'IDENTITY_REVIEW',
      blind: true,
    });
    const masked = await showReview(w, w.as.analyst, { taskId: 'T-ASY', purpose: 'IDENTITY_REVIEW' });

    expect(blind.disputes['cbp-i94:I94-6']).toMatchObject([
      { id: onI94, statement: '[hidden in a blind review]', fields: ['familyName'] },
    ]);
    expect(masked.disputes['uscis-benefits:ASY-1']).toMatchObject([
      { statement: '[withheld with the record]', fields: [] },
    ]);
    expect(JSON.stringify(masked)).not.toContain('March');
  });
});
