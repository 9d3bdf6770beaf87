import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showPerson } from '../persons/show-person.js';
import { decideIdentity } from '../records-access/decide-identity.js';
import { storeKinds } from '../test-support.js';
import { auditRowsAfter, lastAuditId, type World, world } from './test-accountability.js';
import { assignWork } from './work.js';

/**
 * Person-level access (RELIABILITY.md T7 BOLA): a person is read only within the case, review task or
 * dispute the purpose names, and a person outside it gets the same answer as one that does not exist.
 * Identity decisions are their own audited action.
 */
describe.each(storeKinds())('person access on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    // Three persons over the sample records; case C-1 is P-A's; review task T-1 pairs P-A's and P-C's records.
    await w.sql.query(`insert into persons (person_id) values ('P-A'), ('P-B'), ('P-C')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id)
       values ('cbp-i94', 'I94-0', 'P-A'), ('cbp-i94', 'I94-1', 'P-B'), ('cbp-i94', 'I94-2', 'P-C')`,
    );
    await w.sql.query(
      `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
       values ('C-1', 'P-A', 'NONE', true, 1, 'sue', now(), now())`,
    );
    await w.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-1', 'cbp-i94:I94-0', 'cbp-i94:I94-2', 'probable', 'names agree', 0.7, 3.1, '[]'),
              ('T-2', 'cbp-i94:I94-1', 'cbp-i94:I94-2', 'probable', 'names agree', 0.7, 3.1, '[]')`,
    );
    await assignWork(w, w.as.supervisor, 'adam', 'case:C-1');
    await assignWork(w, w.as.supervisor, 'ana', 'task:T-1');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('reads the person of the case named, and refuses another person exactly as a missing one', async () => {
    const before = await lastAuditId(w);

    const shown = await showPerson(w, w.as.adjudicator, {
      personId: 'P-A',
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-1',
    });
    const other = await showPerson(w, w.as.adjudicator, {
      personId: 'P-B',
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-1',
    }).catch((e: unknown) => e);
    const missing = await showPerson(w, w.as.adjudicator, {
      personId: 'P-NOBODY',
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-1',
    }).catch((e: unknown) => e);

    expect(shown.records.map((r) => r.key)).toEqual(['cbp-i94:I94-0']);
    expect(other).toMatchObject({ code: 'not_found', message: 'no person P-B in case:C-1' });
    expect(missing).toMatchObject({ code: 'not_found', message: 'no person P-NOBODY in case:C-1' });
    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.reason, r.subjects])).toEqual([
      ['record.read', 'success', null, ['P-A', 'cbp-i94:I94-0']],
      ['record.read', 'denied', 'not_in_target', ['P-B']],
      ['record.read', 'denied', 'not_in_target', ['P-NOBODY']],
    ]);
  });

  it('reads only the persons of a review task under IDENTITY_REVIEW', async () => {
    const inTask = await showPerson(w, w.as.analyst, {
      personId: 'P-C',
      purpose: 'IDENTITY_REVIEW',
      target: 'task:T-1',
    });
    expect(inTask.personId).toBe('P-C');
    await expect(
      showPerson(w, w.as.analyst, { personId: 'P-B', purpose: 'IDENTITY_REVIEW', target: 'task:T-1' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('audits an identity decision as identity.decide, by the session user, only when assigned to the task', async () => {
    const before = await lastAuditId(w);

    await expect(
      decideIdentity(w, w.as.analyst, { taskId: 'T-2', decision: 'same', reason: 'same passport' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const task = await decideIdentity(w, w.as.analyst, {
      taskId: 'T-1',
      decision: 'different',
      reason: 'different dates of birth on the passports',
    });

    expect(task).toMatchObject({ state: 'decided', decision: 'different', decidedBy: 'ana' });
    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.reason, r.purpose, r.target])).toEqual([
      ['identity.decide', 'denied', 'not_assigned', 'IDENTITY_REVIEW', 'task:T-2'],
      ['identity.decide', 'success', null, 'IDENTITY_REVIEW', 'task:T-1'],
    ]);
    expect(rows[1]!.subjects).toEqual(['cbp-i94:I94-0', 'cbp-i94:I94-2']);
    expect(JSON.parse(rows[1]!.details)).toMatchObject({ decision: 'different', task: 'T-1' });
    const [stored] = await w.sql.query<{ decided_by: string }>(
      `select decided_by from review_tasks where task_id = 'T-1'`,
    );
    expect(stored!.decided_by).toBe('ana');
  });
});
