/**
 * RELIABILITY.md T5.9, the cases the access-layer suite leaves out: a unique-violation on the audit
 * insert (as a duplicate id would raise), on a read and on a write; and over HTTP, where a data endpoint
 * answers 503 and an alert is written to the alert file (ADR 0018). No data is returned or stored without
 * its committed audit row; once the audit table takes rows again, the same calls succeed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAlerts } from '../alerts/alerts.js';
import { type ApiWorld, apiWorld } from '../http/test-api.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { auditRowsAfter, lastAuditId, ownerSql, type World, world } from './test-accountability.js';
import { assignments, assignWork } from './work.js';

describe.each(storeKinds())('no audit row, no data — a unique-violation (T5.9) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
    w.config.alertFile = join(w.dir, 'alerts.log');
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-U');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  const read = () =>
    showRecord(w, w.as.analyst, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-2',
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-U',
    });
  const assigned = async () => (await assignments(w, w.as.supervisor, 'ana')).map((a) => a.target);

  it('returns nothing and stores nothing while every audit insert violates a unique constraint', async () => {
    const before = await lastAuditId(w);
    const owner = await ownerSql(w);
    await owner.sql.exec(`create function audit_unique_violation() returns trigger language plpgsql as $$
      begin raise exception 'duplicate key value violates unique constraint "audit_log_pkey"'
        using errcode = 'unique_violation'; end $$;
      create trigger audit_unique before insert on audit_log for each row execute function audit_unique_violation();`);
    let leaked: unknown;
    try {
      await expect(
        read().then((r) => {
          leaked = r;
        }),
      ).rejects.toMatchObject({
        code: 'unavailable',
        cause: expect.objectContaining({ message: expect.stringMatching(/duplicate key/) }),
      });
      await expect(assignWork(w, w.as.supervisor, 'ana', 'task:DQ-NEVER')).rejects.toMatchObject({
        code: 'unavailable',
        cause: expect.objectContaining({ message: expect.stringMatching(/duplicate key/) }),
      });
    } finally {
      await owner.sql.exec('drop trigger audit_unique on audit_log; drop function audit_unique_violation();');
      await owner.close();
    }

    expect(leaked).toBeUndefined();
    expect(readAlerts(w.config).map((a) => (a as { code: string }).code)).toEqual([
      'audit_write_failed',
      'audit_write_failed',
    ]);
    expect(await auditRowsAfter(w, before)).toEqual([]);
    expect(await assigned()).not.toContain('task:DQ-NEVER'); // the write rolled back with its audit row
    await expect(read()).resolves.toMatchObject({ sourceRecordId: 'I94-2' });
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-NEVER');
    expect(await assigned()).toContain('task:DQ-NEVER');
  });
});

describe.each(storeKinds())('no audit row, no data over HTTP (T5.9) on %s', (kind) => {
  let t: ApiWorld;
  beforeAll(async () => {
    t = await apiWorld(kind);
    t.w.config.alertFile = join(t.w.dir, 'alerts.log');
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers 503 with Retry-After, returns no payload and writes an alert while the audit insert fails', async () => {
    const before = await lastAuditId(t.w);
    const owner = await ownerSql(t.w);
    await owner.sql.exec(`create function fail_audit_http() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file: No space left on device (simulated)'; end $$;
      create trigger audit_fails_http before insert on audit_log for each row execute function fail_audit_http();`);
    const why = { purpose: 'CASE_ADJUDICATION', target: `case:${t.mine.id}` };
    const requests = [
      { url: '/api/persons/show', payload: { personId: t.mine.personId, ...why } },
      { url: '/api/persons/search', payload: { criteria: { familyName: 'a' }, ...why } },
      { url: `/api/cases/${t.mine.id}/show`, payload: why },
    ];
    const answers = [];
    try {
      for (const r of requests)
        answers.push(await t.app.inject({ method: 'POST', headers: { cookie: t.cookie.adjudicator }, ...r }));
    } finally {
      await owner.sql.exec('drop trigger audit_fails_http on audit_log; drop function fail_audit_http();');
      await owner.close();
    }

    for (const res of answers) {
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.json()).toEqual({
        type: 'urn:ilos:problem:unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: expect.stringMatching(/audit trail cannot be written/),
      });
      expect(res.body).not.toContain(t.mine.personId); // 0 payloads: nothing of the person
      expect(res.body).not.toContain('No space left'); // the database's message stays with the operator
    }
    const alerts = readAlerts(t.w.config);
    expect(alerts).toHaveLength(requests.length);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        code: 'audit_write_failed',
        severity: 'critical',
        details: { component: 'api', principal: 'session' },
      });
      expect((alert as { message: string }).message).toMatch(/No space left on device/);
    }
    expect(alerts.map((a) => ('details' in a ? a.details.event : a.unreadable))).toEqual([
      'record.read',
      'record.search',
      'case.read',
    ]);
    expect(await auditRowsAfter(t.w, before)).toEqual([]);

    // Once the trail takes rows again, the same request is served (and audited).
    const again = await t.app.inject({
      method: 'POST',
      headers: { cookie: t.cookie.adjudicator },
      ...requests[0]!,
    });
    expect(again.statusCode).toBe(200);
    expect(readAlerts(t.w.config)).toHaveLength(requests.length);
  });
});
