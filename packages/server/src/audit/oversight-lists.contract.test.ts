import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsAfter, lastAuditId, type World, world } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { resolveAndDerive } from '../persons/resolve-store.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { flagSensitivePerson, linkPerson, sensitivePersons, setUserFamilyName } from './oversight-lists.js';
import { oversight } from './oversight-report.js';

/**
 * RELIABILITY.md T8.5 through the store: an admin links ana to her own person and records her family name,
 * a supervisor flags a person as sensitive (each audited), ana then reads her own record, the flagged
 * person's and one of a person sharing her family name, and the oversight report alerts on each of the
 * three, citing the audit rows of those reads as evidence.
 */
describe.each(storeKinds())('self-lookup, same-surname and VIP-flag alerts (T8.5) on %s', (kind) => {
  let w: World;
  const personOf = async (recordId: string) => {
    const [row] = await w.sql.query<{ person_id: string }>(
      "select person_id from person_records where source_id = 'cbp-i94' and source_record_id = $1",
      [recordId],
    );
    return row!.person_id;
  };
  const read = (id: string) =>
    showRecord(w, w.as.analyst, {
      sourceId: 'cbp-i94',
      sourceRecordId: id,
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-85',
    });

  beforeAll(async () => {
    w = await world(kind);
    await resolveAndDerive(w, '2026-06-01', { thread: false });
  }, 120_000);
  afterAll(async () => w?.dispose());

  it('audits every change to the links, the family name and the flag list; only the right roles may make them', async () => {
    const [own, vip] = [await personOf('I94-1'), await personOf('I94-2')];
    const before = await lastAuditId(w);

    expect(await linkPerson(w, w.as.admin, { userId: 'ana', personId: own })).toBe(true);
    await setUserFamilyName(w, w.as.admin, { userId: 'ana', familyName: 'al-Hassan' });
    expect(await flagSensitivePerson(w, w.as.supervisor, { personId: vip, reason: 'public figure' })).toBe(
      true,
    );
    await expect(linkPerson(w, w.as.supervisor, { userId: 'adam', personId: own })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      flagSensitivePerson(w, w.as.analyst, { personId: own, reason: 'curious' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      flagSensitivePerson(w, w.as.supervisor, { personId: 'P-nobody', reason: 'typo' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await sensitivePersons(w, w.as.auditor)).map((p) => [p.personId, p.flaggedBy])).toEqual([
      [vip, 'sue'],
    ]);

    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.actor_id, r.outcome])).toEqual([
      ['account.link_person', 'root', 'success'],
      ['account.family_name', 'root', 'success'],
      ['sensitive.flag', 'sue', 'success'],
      ['account.link_person', 'sue', 'denied'],
      ['sensitive.flag', 'ana', 'denied'],
      ['sensitive.flag', 'sue', 'failure'],
      ['sensitive.list', 'ida', 'success'],
    ]);
    expect(rows[0]!.subjects).toEqual(['user:ana', own]);
    expect(JSON.stringify(rows[1])).not.toMatch(/hassan/i); // the name itself stays out of the trail
    expect(rows[2]!.subjects).toEqual([vip]);
  });

  it("alerts on ana's reads of her own person, the flagged person and a namesake, with those reads as evidence", async () => {
    const [own, vip] = [await personOf('I94-1'), await personOf('I94-2')];
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-85');
    const before = await lastAuditId(w);
    for (const id of ['I94-1', 'I94-2', 'I94-3', 'I94-4']) await read(id); // I94-3: AL-HASSAN; I94-4: OKAFOR
    const reads = await auditRowsAfter(w, before);

    const report = await oversight(w, w.as.auditor, {
      since: new Date(0),
      until: new Date('2100-01-01'),
      target: 'task:T8-5',
    });

    const alerts = report.alerts.filter((a) => a.actorId === 'ana');
    expect(alerts.map((a) => [a.kind, a.subject])).toEqual([
      ['same_surname', null],
      ['self_lookup', own],
      ['sensitive_person', vip],
    ]);
    const [seqs] = await w.sql.query<{ seqs: string[] }>(
      'select array_agg(seq::text order by id) as seqs from audit_log where id = any($1::bigint[])',
      [reads.map((r) => r.id)],
    );
    const seqOf = (record: string) =>
      Number(seqs!.seqs[reads.findIndex((r) => r.subjects.includes(`record:cbp-i94/${record}`))]);
    expect(alerts.map((a) => a.evidence)).toEqual([[seqOf('I94-3')], [seqOf('I94-1')], [seqOf('I94-2')]]);
  });
});
