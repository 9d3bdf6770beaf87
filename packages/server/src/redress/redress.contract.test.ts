import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsAfter, lastAuditId, type World, world } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { isDisputed, recordKey, redressDeadlinesDue } from './disputes.js';
import { acknowledgeRedress, openRedress, redressWorkList, resolveRedress, showRedress } from './redress.js';

describe.each(storeKinds())('redress on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-R');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('T12.2: opens a dispute with its Privacy Act clocks; it shows with the record and freezes adverse steps', async () => {
    const request = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-2',
      statement: 'I was admitted until 2025-12-09, not 2025-03-09',
      fields: ['admitUntil'],
      receivedOn: '2026-06-15',
    });

    expect(request).toMatchObject({ status: 'open', acknowledgeBy: '2026-06-30', decideBy: '2026-07-29' });
    const shown = await showRecord(w, w.as.analyst, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-2',
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-R',
    });
    expect(shown.disputes).toMatchObject([{ id: request.id, active: true, fields: ['admitUntil'] }]);
    expect(await isDisputed(w.sql, recordKey('cbp-i94', 'I94-2'), '2026-06-30')).toBe(true);
    expect(await isDisputed(w.sql, recordKey('cbp-i94', 'I94-3'), '2026-06-30')).toBe(false);

    const list = await redressWorkList(w, w.as.adjudicator);
    expect(list.find((i) => i.id === request.id)).toMatchObject({
      next: { kind: 'acknowledge', due: '2026-06-30', overdue: false },
    });
    expect(JSON.stringify(list)).not.toContain('2025-12-09'); // the work list carries no statements
    expect(await redressDeadlinesDue(w.sql, '2026-07-01')).toContainEqual({
      id: request.id,
      recordKey: 'record:cbp-i94/I94-2',
      kind: 'acknowledge',
      due: '2026-06-30',
      overdue: true,
    });
  });

  it('amends a record as a new version, keeps the old one, and ends the dispute', async () => {
    const request = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-4',
      statement: 'the port of entry was Newark, not JFK',
      fields: ['portOfEntry'],
    });
    await acknowledgeRedress(w, w.as.adjudicator, request.id);
    const before = await lastAuditId(w);

    const resolved = await resolveRedress(w, w.as.adjudicator, {
      id: request.id,
      outcome: 'amended',
      note: 'the carrier manifest shows EWR',
      corrections: { portOfEntry: 'EWR' },
    });
    const view = await showRedress(w, w.as.adjudicator, request.id);

    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'amended', correctionVersion: 2 });
    expect(view.record.map((v) => [v.version, v.isCurrent, v.payload.portOfEntry])).toEqual([
      [1, false, 'JFK'],
      [2, true, 'EWR'],
    ]);
    expect(await isDisputed(w.sql, recordKey('cbp-i94', 'I94-4'), '2026-06-30')).toBe(false);
    const rows = await auditRowsAfter(w, before);
    expect(rows[0]).toMatchObject({
      event_type: 'redress.resolve',
      purpose: 'REDRESS',
      fields: ['portOfEntry'],
      subjects: ['record:cbp-i94/I94-4'],
    });
    expect(JSON.stringify(rows)).not.toContain('EWR'); // the audit row names the field, never the value
  });

  it('keeps a denied dispute active through its 30-working-day appeal window', async () => {
    const request = await openRedress(w, w.as.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-5',
      statement: 'not my record',
    });

    const denied = await resolveRedress(w, w.as.adjudicator, {
      id: request.id,
      outcome: 'denied',
      note: 'documents match',
    });

    expect(denied.appealBy).toBe('2026-08-12');
    expect(await isDisputed(w.sql, recordKey('cbp-i94', 'I94-5'), '2026-08-12')).toBe(true);
    expect(await isDisputed(w.sql, recordKey('cbp-i94', 'I94-5'), '2026-08-13')).toBe(false);
  });

  it('refuses an analyst deciding, anyone not assigned to the dispute, and an amendment without values', async () => {
    const request = await openRedress(w, w.as.analyst, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-6',
      statement: 'wrong date of birth',
    });

    await expect(
      resolveRedress(w, w.as.analyst, { id: request.id, outcome: 'denied', note: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(showRedress(w, w.as.adjudicator, request.id)).rejects.toThrow(/not assigned/);
    await assignWork(w, w.as.supervisor, 'adam', `redress:${request.id}`);
    await expect(
      resolveRedress(w, w.as.adjudicator, { id: request.id, outcome: 'amended', note: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(showRedress(w, w.as.adjudicator, request.id)).resolves.toMatchObject({
      request: { statement: 'wrong date of birth' },
    });
  });

  it('withholds an asylum record and its dispute statement from a reader without a need to know', async () => {
    await openRedress(w, w.as.adjudicator, {
      sourceId: 'uscis-benefits',
      sourceRecordId: 'ASY-1',
      statement: 'my asylum claim was filed in 2023',
    });

    const shown = await showRecord(w, w.as.analyst, {
      sourceId: 'uscis-benefits',
      sourceRecordId: 'ASY-1',
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-R',
    });

    expect(shown.disputes[0]).toMatchObject({ statement: '[withheld with the record]', active: true });
    expect(JSON.stringify(shown)).not.toMatch(/asylum|ASYLUM|I-589/);
  });
});
