import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessesOfPerson } from '../audit/trail-reads.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { type World, world } from './test-accountability.js';
import { assignWork, BREAK_GLASS, breakGlassReviews, openBreakGlass } from './work.js';

/**
 * RELIABILITY.md T8.2, the parts the access-layer suite leaves out: a break-glass access opens a
 * supervisor review due within 24 hours, and it is visible as break-glass in the subject's "accessed by"
 * panel (`accessesOfPerson`, POST /api/persons/accesses), beside the reads made by assignment.
 */
describe.each(storeKinds())('break-glass, seen from the subject (T8.2) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    // Person P-BG holds I94-3 and I94-4; case C-BG is about P-BG.
    await w.sql.query(`insert into persons (person_id) values ('P-BG')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id)
       values ('cbp-i94', 'I94-3', 'P-BG'), ('cbp-i94', 'I94-4', 'P-BG')`,
    );
    await w.sql.query(
      `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
       values ('C-BG', 'P-BG', 'NONE', true, 1, 'sue', now(), now())`,
    );
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('opens a supervisor review due 24 hours after the glass is broken', async () => {
    const openedAt = w.clock.now().getTime();
    const grant = await openBreakGlass(w, w.as.adjudicator, {
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-BG',
      justification: 'detention hearing moved to this morning; officer out sick',
    });

    const open = await breakGlassReviews(w, w.as.supervisor);
    const review = open.find((r) => r.id === grant.id);

    expect(BREAK_GLASS.reviewWithinMs).toBe(24 * 3600_000);
    expect(review).toMatchObject({ userId: 'adam', target: 'case:C-BG', reviewedAt: null });
    expect(new Date(review!.reviewDue).getTime()).toBe(openedAt + 24 * 3600_000);
    expect(new Date(review!.expiresAt).getTime()).toBe(openedAt + BREAK_GLASS.lifetimeMs);
  });

  it("shows a break-glass read as break-glass in the subject's accessed-by panel, an assigned one as assigned", async () => {
    const read = (recordId: string) =>
      showRecord(w, w.as.adjudicator, {
        sourceId: 'cbp-i94',
        sourceRecordId: recordId,
        purpose: 'CASE_ADJUDICATION',
        target: 'case:C-BG',
      });
    await read('I94-3'); // under the break-glass grant of the test above
    await assignWork(w, w.as.supervisor, 'adam', 'case:C-BG');
    await read('I94-4'); // now by assignment

    const panel = await accessesOfPerson(w, w.as.auditor, {
      personId: 'P-BG',
      target: 'task:AUDIT-BG',
      offset: 0,
      limit: 50,
    });
    const reads = panel.items.filter((i) => i.eventType === 'record.read');

    expect(reads.map((r) => [r.actorId, r.target, r.outcome, r.binding])).toEqual([
      ['adam', 'case:C-BG', 'success', 'assigned'],
      ['adam', 'case:C-BG', 'success', 'break_glass'],
    ]);
  });
});
