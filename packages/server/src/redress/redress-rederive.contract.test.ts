import type { IsoDate } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsAfter, lastAuditId, type World, world } from '../access/test-accountability.js';
import { derivePersonStatuses } from '../persons/derive-one.js';
import { storeKinds } from '../test-support.js';
import { acknowledgeRedress, openRedress, resolveRedress } from './redress.js';

/**
 * Issue 5, Redress: "a correction becomes a new record version and everything derived is recomputed".
 * The person holding the corrected record has their status derived again in the amendment's own
 * transaction, from the corrected version.
 */
describe.each(storeKinds())('an amendment re-derives what rests on the record on %s', (kind) => {
  let w: World;
  const statusOf = async (personId: string) =>
    (
      await w.sql.query<{ status: string; as_of: string }>(
        "select status, to_char(as_of, 'YYYY-MM-DD') as as_of from person_status where person_id = $1",
        [personId],
      )
    )[0];

  beforeAll(async () => {
    w = await world(kind);
    // I94-5: a B-2 admission until 2025-06-09 and no departure: overstayed by 2026-06-30 (the fake clock).
    await w.sql.query(`insert into persons (person_id) values ('P-R')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id) values ('cbp-i94', 'I94-5', 'P-R')`,
    );
    await w.sql.transact((tx) => derivePersonStatuses(tx, ['P-R'], '2026-06-01' as IsoDate));
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it("derives the holder's status again from the corrected version, and names the person in the audit row", async () => {
    const before = await statusOf('P-R');
    const request = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-5',
      statement: 'I was admitted until 2027-06-09, as my I-94 says',
      fields: ['admitUntil'],
    });
    await acknowledgeRedress(w, w.as.adjudicator, request.id);
    const auditBefore = await lastAuditId(w);

    await resolveRedress(w, w.as.adjudicator, {
      id: request.id,
      outcome: 'amended',
      note: 'the I-94 on file shows 2027-06-09',
      corrections: { admitUntil: '2027-06-09' },
    });
    const after = await statusOf('P-R');
    const [row] = await auditRowsAfter(w, auditBefore);

    expect(before).toMatchObject({ status: 'OVERSTAY', as_of: '2026-06-01' });
    expect(after).toMatchObject({ status: 'NONIMMIGRANT_IN_STATUS', as_of: '2026-06-30' });
    expect(row).toMatchObject({
      event_type: 'redress.resolve',
      outcome: 'success',
      subjects: ['record:cbp-i94/I94-5', 'P-R'],
    });
    expect(JSON.parse(row!.details)).toMatchObject({ statusesRederived: 1 });
  });

  it('derives nothing for a record filed under no person, and a denial changes no status', async () => {
    const unfiled = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-7',
      statement: 'the port of entry is wrong',
      fields: ['portOfEntry'],
    });
    const resolved = await resolveRedress(w, w.as.adjudicator, {
      id: unfiled.id,
      outcome: 'amended',
      note: 'corrected',
      corrections: { portOfEntry: 'EWR' },
    });
    expect(resolved).toMatchObject({ resolution: 'amended' });
    expect(await w.sql.query("select person_id from person_status where person_id <> 'P-R'")).toEqual([]);

    // Mark the stored status, so a derivation would show: a denial must leave it as it is.
    await w.sql.query("update person_status set as_of = '2026-01-01' where person_id = 'P-R'");
    const denied = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-5',
      statement: 'and my name is wrong too',
      fields: ['givenName'],
    });
    await resolveRedress(w, w.as.adjudicator, {
      id: denied.id,
      outcome: 'denied',
      note: 'matches the passport',
    });
    expect(await statusOf('P-R')).toMatchObject({ status: 'NONIMMIGRANT_IN_STATUS', as_of: '2026-01-01' });
  });
});
