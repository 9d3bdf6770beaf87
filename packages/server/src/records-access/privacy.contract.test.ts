import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsAfter, lastAuditId, type World, world } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { openRedress, resolveRedress } from '../redress/redress.js';
import { runRetention } from '../retention/retention.js';
import { storeKinds } from '../test-support.js';
import { discloseRecords, individualAccessReport } from './disclose.js';

/**
 * Privacy Act workflows (RELIABILITY.md T12): the accounting of disclosures (T12.1), notices to earlier
 * recipients of an amended record (T12.2), the individual's access report (T12.3), and what retention
 * keeps of the accounting and removes of what derives from a disposed record (T13.3).
 */
describe.each(storeKinds())('Privacy Act workflows on %s', (kind) => {
  let w: World;
  const recipient = { name: 'Immigration Court, Arlington', contact: '1901 S. Bell St, Arlington VA' };
  const accountingRows = async () =>
    (await w.sql.query<{ n: number }>('select count(*)::int as n from disclosures'))[0]!.n;

  beforeAll(async () => {
    w = await world(kind);
    // cbp-i94 keeps records 75 years from admission. OLD-2Y's schedule ends 2028-06-30, two years after the
    // clock's 2026-06-30; OLD-8Y's ends 2034-06-30, eight years after.
    const old = [
      { id: 'OLD-2Y', admitted: '1953-06-30' },
      { id: 'OLD-8Y', admitted: '1959-06-30' },
    ].map((o, i) => ({
      ...goodAdmission(200 + i),
      sourceRecordId: o.id,
      admissionDate: o.admitted,
      admitUntil: `${o.admitted.slice(0, 4)}-12-30`,
      dateOfBirth: '1930-01-01',
    }));
    const path = join(w.dir, 'old-i94.csv');
    writeFileSync(path, [I94_COLUMNS.join(','), ...old.map(admissionLine)].join('\n'));
    await ingestFile(w, { path, sourceId: 'cbp-i94' });
    await w.sql.query(`insert into persons (person_id) values ('P-A'), ('P-B')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id)
       values ('cbp-i94', 'I94-0', 'P-A'), ('cbp-i94', 'I94-1', 'P-A'), ('cbp-i94', 'OLD-2Y', 'P-A'),
              ('cbp-i94', 'OLD-8Y', 'P-A'), ('cbp-i94', 'I94-2', 'P-B')`,
    );
    await w.sql.query(
      `insert into identity_links (a, b, person_id, strength, decided_by, probability, weight, evidence)
       values ('cbp-i94:I94-0', 'cbp-i94:OLD-2Y', 'P-A', 'probable', 'model', 0.9, 4, '[]')`,
    );
    await w.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-OLD', 'cbp-i94:OLD-2Y', 'cbp-i94:I94-2', 'probable', 'names agree', 0.7, 3, '[]')`,
    );
    await w.sql.query(
      `insert into person_status (person_id, as_of, status, identity_confirmed, report, timeline, events)
       values ('P-A', '2026-06-30', 'UNKNOWN', false, '{}', '[]', '[]')`,
    );
    await w.sql.query(
      `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
       values ('C-1', 'P-A', 'NONE', true, 1, 'sue', now(), now())`,
    );
    await assignWork(w, w.as.supervisor, 'adam', 'case:C-1');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  const disclose = (ids: string[], routineUse: string | undefined, who = recipient) =>
    discloseRecords(w, w.as.adjudicator, {
      records: ids.map((id) => ({ sourceId: 'cbp-i94', sourceRecordId: id })),
      routineUse,
      nature: 'share',
      recipient: who,
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-1',
    });

  it('T8.3/T12.1: refuses a disclosure without a published routine use or a full recipient, and audits it', async () => {
    const before = await lastAuditId(w);

    await expect(disclose(['I94-0'], undefined)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(disclose(['I94-0'], 'RU-FRIENDS')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(disclose(['I94-0'], 'RU-COURT', { name: 'Court', contact: ' ' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(disclose(['I94-2'], 'RU-COURT')).rejects.toMatchObject({ code: 'not_found' }); // P-B's record

    expect(await accountingRows()).toBe(0);
    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome])).toEqual(Array(4).fill(['record.disclose', 'failure']));
  });

  it('T12.1: writes exactly one complete accounting row per disclosure, with its records', async () => {
    const before = await lastAuditId(w);

    const done = await disclose(['I94-0', 'I94-1'], 'RU-COURT');

    const rows = await w.sql.query<Record<string, unknown>>(
      `select d.*, (select array_agg(source_record_id order by source_record_id) from disclosure_records r
                     where r.disclosure_id = d.id) as ids
         from disclosures d`,
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      id: done.id,
      nature: 'share',
      purpose: 'CASE_ADJUDICATION',
      routine_use: 'RU-COURT',
      law_enforcement: false,
      recipient_name: recipient.name,
      recipient_contact: recipient.contact,
      disclosed_by: 'adam',
      ids: ['I94-0', 'I94-1'],
    });
    expect((row.disclosed_at as Date).toISOString()).toBe('2026-06-30T14:00:00.000Z');
    expect(Object.values(row).every((v) => v !== null && v !== '')).toBe(true);
    expect(done.records.map((r) => r.payload.familyName)).toEqual([
      goodAdmission(0).familyName,
      goodAdmission(1).familyName,
    ]);
    const audit = await auditRowsAfter(w, before);
    expect(audit.map((r) => [r.event_type, r.outcome, r.subjects])).toEqual([
      ['record.disclose', 'success', ['record:cbp-i94/I94-0', 'record:cbp-i94/I94-1']],
    ]);
  });

  it('T12.2: every later disclosure of a disputed record carries the statement and flags the disputed fields; an amendment notifies each earlier recipient', async () => {
    const redress = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-1',
      statement: 'my given name is spelt wrong',
      fields: ['givenName'],
    });
    const later = [];
    for (let i = 0; i < 5; i++)
      later.push(await disclose(['I94-0', 'I94-1'], 'RU-COUNSEL', { ...recipient, name: `Counsel ${i}` }));
    for (const d of later) {
      const disputed = d.records.find((r) => r.sourceRecordId === 'I94-1')!;
      expect(disputed.disputes.map((x) => x.statement)).toEqual(['my given name is spelt wrong']);
      expect(disputed.disputedFields).toEqual(['givenName']);
      expect(d.records.find((r) => r.sourceRecordId === 'I94-0')!.disputes).toEqual([]);
    }

    await resolveRedress(w, w.as.adjudicator, {
      id: redress.id,
      outcome: 'amended',
      note: 'corrected from the passport',
      corrections: { givenName: 'ANNE' },
    });

    const notices = await w.sql.query<{ disclosure_id: string }>(
      'select disclosure_id from disclosure_notices where redress_id = $1 order by 1',
      [redress.id],
    );
    const earlier = await w.sql.query<{ id: string }>(
      `select distinct disclosure_id as id from disclosure_records where source_record_id = 'I94-1' order by 1`,
    );
    expect(earlier).toHaveLength(6);
    expect(notices.map((n) => n.disclosure_id)).toEqual(earlier.map((e) => e.id));
  });

  it("T12.3: the access report holds the person's records and disclosures, without (b)(7) ones, exempt fields or anyone else's data", async () => {
    await disclose(['I94-0'], 'RU-LAW-ENFORCEMENT', {
      name: 'County Sheriff',
      contact: 'records@sheriff.example.org',
    });
    const all = await w.sql.query<{ id: string }>(
      `select d.id from disclosures d where not d.law_enforcement order by d.disclosed_at, d.id`,
    );
    const redress = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-0',
      statement: 'I want to see what you hold on me',
    });

    const report = await individualAccessReport(w, w.as.adjudicator, {
      personId: 'P-A',
      purpose: 'REDRESS',
      target: `redress:${redress.id}`,
      exemptFields: ['passportNumber'],
    });
    const other = await individualAccessReport(w, w.as.adjudicator, {
      personId: 'P-B',
      purpose: 'REDRESS',
      target: `redress:${redress.id}`,
    }).catch((e: unknown) => e);

    expect(report.records.map((r) => r.sourceRecordId)).toEqual(['I94-0', 'I94-1', 'OLD-2Y', 'OLD-8Y']);
    expect(report.records.every((r) => !('passportNumber' in r.payload) && 'familyName' in r.payload)).toBe(
      true,
    );
    expect(report.disclosures.map((d) => d.id).sort()).toEqual(all.map((d) => d.id).sort());
    expect(report.disclosures.every((d) => d.routineUse !== 'RU-LAW-ENFORCEMENT')).toBe(true);
    expect(JSON.stringify(report)).not.toContain('I94-2');
    expect(other).toMatchObject({ code: 'not_found' });
  });

  it('T12.1/T13.3: disposal removes what derives from a record with a receipt; the accounting stays five years and for the life of the record', async () => {
    await disclose(['OLD-2Y'], 'RU-AGENCY');
    await disclose(['OLD-8Y'], 'RU-AGENCY');
    const accounting = async (id: string) =>
      (
        await w.sql.query<{ n: number }>(
          `select count(distinct disclosure_id)::int as n from disclosure_records where source_record_id = $1`,
          [id],
        )
      )[0]!.n;
    const before = await lastAuditId(w);

    // Two years on, OLD-2Y is past its schedule: it goes with its link, review task and P-A's status.
    const at2 = await runRetention(w, { asOf: '2028-07-01' });

    expect(at2.sources.find((s) => s.sourceId === 'cbp-i94')).toMatchObject({
      disposed: 1,
      derivedRemoved: 4,
    });
    expect(at2.personsToRederive).toEqual(['P-A']);
    const [remnants] = await w.sql.query<{ n: number }>(
      `select ((select count(*) from records where source_record_id = 'OLD-2Y')
            + (select count(*) from person_records where source_record_id = 'OLD-2Y')
            + (select count(*) from identity_links where a = 'cbp-i94:OLD-2Y' or b = 'cbp-i94:OLD-2Y')
            + (select count(*) from review_tasks where a = 'cbp-i94:OLD-2Y' or b = 'cbp-i94:OLD-2Y')
            + (select count(*) from person_status where person_id = 'P-A'))::int as n`,
    );
    expect(remnants!.n).toBe(0);
    const receipt = (await auditRowsAfter(w, before)).find((r) => r.event_type === 'record.dispose')!;
    expect(receipt.subjects).toEqual(['record:cbp-i94/OLD-2Y', 'P-A']);
    expect(JSON.parse(receipt.details)).toMatchObject({
      disposed: 1,
      personRecords: 1,
      identityLinks: 1,
      reviewTasks: 1,
      statuses: 1,
    });
    expect(await accounting('OLD-2Y')).toBe(1); // the record is gone; its accounting is not

    // Record deleted at 2 years: its accounting is kept to 5 years after the disclosure, then removed.
    expect((await runRetention(w, { asOf: '2031-06-30' })).accountingRemoved).toBe(0);
    expect(await accounting('OLD-2Y')).toBe(1);
    expect((await runRetention(w, { asOf: '2031-07-01' })).accountingRemoved).toBe(1);
    expect(await accounting('OLD-2Y')).toBe(0);

    // Record living 8 years: its accounting is kept for the record's life, and goes with it.
    expect(await accounting('OLD-8Y')).toBe(1);
    await runRetention(w, { asOf: '2034-06-30' });
    expect(await accounting('OLD-8Y')).toBe(1);
    const at8 = await runRetention(w, { asOf: '2034-07-01' });
    expect(at8.accountingRemoved).toBe(1);
    expect(await accounting('OLD-8Y')).toBe(0);
  });
});
