/**
 * RELIABILITY.md T12.2 at its figure: a dispute statement filed, then **every** later disclosure of the
 * record carries the statement and flags the disputed fields (100% of 50 generated disclosures, with
 * random recipients, routine uses and companion records); after an accepted amendment, a notice row for
 * each prior recipient in the accounting (100%).
 */
import { DISCLOSURE_NATURES, ROUTINE_USES, seededRandom } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type World, world } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { openRedress, resolveRedress } from '../redress/redress.js';
import { storeKinds } from '../test-support.js';
import { discloseRecords } from './disclose.js';

const SEED = Number(process.env.T122_SEED ?? 12_2);

describe.each(storeKinds())(`disputes travel with 50 disclosures (T12.2, seed ${SEED}) on %s`, (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    await w.sql.query(`insert into persons (person_id) values ('P-D')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id)
       select 'cbp-i94', 'I94-' || i, 'P-D' from generate_series(0, 9) as i`,
    );
    await w.sql.query(
      `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
       values ('C-D', 'P-D', 'NONE', true, 1, 'sue', now(), now())`,
    );
    await assignWork(w, w.as.supervisor, 'adam', 'case:C-D');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('every one of 50 later disclosures carries the statement and the disputed fields; the amendment notifies each recipient', async () => {
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const uses = ROUTINE_USES.map((u) => u.id);
    const redress = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-4',
      statement: 'the class of admission was F-1, not B-2',
      fields: ['classOfAdmission', 'admitUntil'],
    });

    const missed: string[] = [];
    const ids: string[] = [];
    for (let n = 0; n < 50; n++) {
      const others = ['I94-0', 'I94-1', 'I94-2', 'I94-3', 'I94-5', 'I94-6'].filter(() => random() < 0.3);
      const records = [...others, 'I94-4'].sort(() => random() - 0.5);
      const d = await discloseRecords(w, w.as.adjudicator, {
        records: records.map((id) => ({ sourceId: 'cbp-i94', sourceRecordId: id })),
        routineUse: pick(uses),
        nature: pick(DISCLOSURE_NATURES),
        recipient: { name: `Recipient ${n}`, contact: `${100 + n} Main St, Springfield` },
        purpose: 'CASE_ADJUDICATION',
        target: 'case:C-D',
      });
      ids.push(d.id);
      const disputed = d.records.find((r) => r.sourceRecordId === 'I94-4');
      const statementOk = disputed?.disputes.map((x) => x.statement).join() === redress.statement;
      const fieldsOk = JSON.stringify(disputed?.disputedFields) === '["admitUntil","classOfAdmission"]';
      const othersClean = d.records
        .filter((r) => r.sourceRecordId !== 'I94-4')
        .every((r) => r.disputes.length === 0);
      if (!(statementOk && fieldsOk && othersClean)) missed.push(`disclosure ${n}`);
    }

    expect(missed).toEqual([]);

    await resolveRedress(w, w.as.adjudicator, {
      id: redress.id,
      outcome: 'amended',
      note: 'the visa foil shows F-1',
      corrections: { classOfAdmission: 'F1', admitUntil: 'D/S' },
    });
    const notices = await w.sql.query<{ disclosure_id: string }>(
      'select disclosure_id from disclosure_notices where redress_id = $1',
      [redress.id],
    );
    expect(notices.map((x) => x.disclosure_id).sort()).toEqual([...ids].sort());
  });
});
