import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_USERS } from '../access/test-accountability.js';
import { verifyExportFile } from '../audit/verify.js';
import { openCase } from '../cases/cases.js';
import { storeKinds } from '../test-support.js';
import { type ApiWorld, apiWorld, type CaseRef, type Role } from './test-api.js';

const CASE = { purpose: 'CASE_ADJUDICATION' } as const;

describe.each(storeKinds())('case, work-list, redress, audit and quarantine routes on %s', (kind) => {
  let t: ApiWorld;
  let mine: CaseRef;
  let other: CaseRef;

  const call = async (role: Role, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie: t.cookie[role] },
      ...(payload === undefined ? {} : { payload }),
    });
    const json = /^application\/(problem\+)?json/.test(String(res.headers['content-type']));
    return { status: res.statusCode, body: json ? res.json() : res.body, res };
  };
  const auditRows = async () =>
    (await t.w.sql.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n;

  beforeAll(async () => {
    t = await apiWorld(kind);
    ({ mine, other } = t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("lists the user's own cases; a supervisor sees every case", async () => {
    const adam = await call('adjudicator', 'GET', '/api/cases?limit=500');
    expect(adam.status).toBe(200);
    expect(adam.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([mine.id]);

    const sue = await call('supervisor', 'GET', '/api/cases?limit=500');
    const ids = sue.body.items.map((c: { caseId: string }) => c.caseId);
    const [all] = await t.w.sql.query<{ n: number }>('select count(*)::int as n from cases');
    expect(ids).toEqual(expect.arrayContaining([mine.id, other.id]));
    expect(ids.length).toBe(all!.n);

    expect((await call('auditor', 'GET', '/api/cases')).status).toBe(403);
  });

  it('shows an assigned case with its gates, audited; another case or a mismatched target is refused', async () => {
    const before = await auditRows();
    const shown = await call('adjudicator', 'POST', `/api/cases/${mine.id}/show`, {
      ...CASE,
      target: `case:${mine.id}`,
    });
    expect(shown.status).toBe(200);
    expect(shown.body.case).toMatchObject({ id: mine.id, personId: mine.personId, state: 'NONE' });
    // From NONE the next step is serving the NTA (RULES.md §7.2), checked against today's facts.
    const serve = shown.body.next.find((g: { transition: string }) => g.transition === 'serve_nta');
    expect(serve).toMatchObject({ allowed: expect.any(Boolean), findings: expect.any(Array) });
    expect(shown.body.events[0]).toMatchObject({ action: 'open', actorId: ROLE_USERS.supervisor });
    const [row] = await t.w.sql.query<{ outcome: string; subjects: string[]; target: string }>(
      'select outcome, subjects, target from audit_log order by id desc limit 1',
    );
    expect(await auditRows()).toBe(before + 1);
    expect(row).toMatchObject({ outcome: 'success', subjects: [mine.personId], target: `case:${mine.id}` });

    const notMine = await call('adjudicator', 'POST', `/api/cases/${other.id}/show`, {
      ...CASE,
      target: `case:${other.id}`,
    });
    expect(notMine.status).toBe(403);
    // Bound to my case, asking for another: the binding does not carry over (BOLA).
    const swapped = await call('adjudicator', 'POST', `/api/cases/${other.id}/show`, {
      ...CASE,
      target: `case:${mine.id}`,
    });
    expect(swapped.status).toBe(400);
    expect(JSON.stringify(swapped.body)).not.toContain(other.personId);
  });

  it('records a refused step with its blockers and answers 200 with them', async () => {
    const refused = await call('adjudicator', 'POST', `/api/cases/${mine.id}/transition`, {
      ...CASE,
      target: `case:${mine.id}`,
      transition: 'waive_appeal',
      reason: 'trying a step the state does not allow',
    });
    expect(refused.status).toBe(200);
    expect(refused.body.outcome).toBe('refused');
    expect(refused.body.case.state).toBe('NONE');
    expect(refused.body.check.blocking.length).toBeGreaterThan(0);

    const shown = await call('adjudicator', 'POST', `/api/cases/${mine.id}/show`, {
      ...CASE,
      target: `case:${mine.id}`,
    });
    expect(shown.body.events.at(-1)).toMatchObject({ outcome: 'refused', transition: 'waive_appeal' });

    const bad = await call('adjudicator', 'POST', `/api/cases/${mine.id}/transition`, {
      ...CASE,
      target: `case:${mine.id}`,
      transition: 'fly_to_the_moon',
      reason: 'not a transition',
    });
    expect(bad.status).toBe(400);
    const noApproval = await call('adjudicator', 'POST', `/api/cases/${mine.id}/approve`, {
      ...CASE,
      target: `case:${mine.id}`,
      reason: 'nothing waits for approval',
    });
    expect(noApproval.status).toBe(404);
  });

  it("gives a person's cases among those the user may see", async () => {
    const ok = await call('adjudicator', 'POST', '/api/cases/of-person', { personId: mine.personId });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([mine.id]);
    const notAssigned = await call('adjudicator', 'POST', '/api/cases/of-person', {
      personId: other.personId,
    });
    expect(notAssigned.body.items).toEqual([]);
    const sue = await call('supervisor', 'POST', '/api/cases/of-person', { personId: other.personId });
    expect(sue.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([other.id]);
  });

  it('files a dispute, shows it on the person and puts its Privacy Act clock on the work list', async () => {
    const [rec] = await t.w.sql.query<{ source_id: string; source_record_id: string }>(
      'select source_id, source_record_id from person_records where person_id = $1 order by 1, 2 limit 1',
      [mine.personId],
    );
    const filed = await call('adjudicator', 'POST', '/api/redress', {
      sourceId: rec!.source_id,
      sourceRecordId: rec!.source_record_id,
      statement: 'the date of entry on this record is wrong',
    });
    expect(filed.status).toBe(201);
    // The clocks: acknowledge within 10 working days of receipt (2026-06-30, fake clock): 2026-07-15.
    expect(filed.body).toMatchObject({
      status: 'open',
      receivedOn: '2026-06-30',
      acknowledgeBy: '2026-07-15',
    });

    const disputes = await call('adjudicator', 'POST', '/api/persons/disputes', {
      ...CASE,
      target: `case:${mine.id}`,
      personId: mine.personId,
    });
    expect(disputes.status).toBe(200);
    expect(disputes.body.items.map((d: { id: string }) => d.id)).toContain(filed.body.id);

    const list = await call('adjudicator', 'GET', '/api/redress');
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(filed.body.id);
    expect(list.body.items[0]).not.toHaveProperty('statement');

    const work = await call('adjudicator', 'GET', '/api/worklist');
    expect(work.status).toBe(200);
    const item = work.body.items.find((i: { caseId: string }) => i.caseId === mine.id);
    expect(item.deadlines).toContainEqual(
      expect.objectContaining({ kind: 'PRIVACY_ACT_ACKNOWLEDGE', due: '2026-07-15' }),
    );
    expect(work.body.items.every((i: { caseId: string }) => i.caseId === mine.id)).toBe(true);
  });

  it('orders the supervisor work list by legal deadline only', async () => {
    const [rec] = await t.w.sql.query<{ source_id: string; source_record_id: string }>(
      'select source_id, source_record_id from person_records where person_id = $1 order by 1, 2 limit 1',
      [other.personId],
    );
    // A dispute received earlier about the other person's record: its clock runs out first (2026-06-15).
    const filed = await call('supervisor', 'POST', '/api/redress', {
      sourceId: rec!.source_id,
      sourceRecordId: rec!.source_record_id,
      statement: 'the name on this record is misspelt',
      receivedOn: '2026-06-01',
    });
    expect(filed.body.acknowledgeBy).toBe('2026-06-15');
    const work = await call('supervisor', 'GET', '/api/worklist?limit=500');
    expect(work.status).toBe(200);
    const order = work.body.items.map((i: { caseId: string }) => i.caseId);
    expect(order.indexOf(other.id)).toBeLessThan(order.indexOf(mine.id));
    expect(order.indexOf(other.id)).toBeGreaterThanOrEqual(0);
    const overdue = work.body.items.find((i: { caseId: string }) => i.caseId === other.id);
    expect(overdue).toMatchObject({
      overdue: true,
      next: { kind: 'PRIVACY_ACT_ACKNOWLEDGE', due: '2026-06-15' },
    });
  });

  it('lets auditors read the trail page by page, verify it and download it; nobody else', async () => {
    const target = 'task:AUDIT-7';
    const page = await call('auditor', 'POST', '/api/audit/entries', { target, limit: 5, offset: 0 });
    expect(page.status).toBe(200);
    expect(page.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const [size] = await t.w.sql.query<{ n: number }>(
      'select count(*)::int as n from audit_log where seq is not null',
    );
    expect(page.body.total).toBeGreaterThanOrEqual(size!.n);
    const next = await call('auditor', 'POST', '/api/audit/entries', { target, limit: 2, offset: 5 });
    expect(next.body.items.map((e: { seq: number }) => e.seq)).toEqual([6, 7]);

    for (const role of ['analyst', 'adjudicator', 'supervisor', 'admin'] as const) {
      expect((await call(role, 'POST', '/api/audit/entries', { target })).status).toBe(403);
      expect((await call(role, 'GET', '/api/audit/verify')).status).toBe(403);
      expect((await call(role, 'POST', '/api/audit/export', { target })).status).toBe(403);
    }

    const verified = await call('auditor', 'GET', '/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true, firstBadSeq: null });

    const exported = await call('auditor', 'POST', '/api/audit/export', { target });
    expect(exported.status).toBe(200);
    expect(exported.res.headers['content-disposition']).toMatch(
      /^attachment; filename="ilos-audit-\d+\.ndjson"$/,
    );
    // The download verifies offline with nothing but itself (the key it carries).
    const file = join(mkdtempSync(join(tmpdir(), 'ilos-dl-')), 'audit.ndjson');
    writeFileSync(file, exported.res.rawPayload);
    const offline = await verifyExportFile(file);
    expect(offline).toMatchObject({ ok: true, size: Number(exported.res.headers['x-ilos-entries']) });
    expect(offline.size).toBeGreaterThanOrEqual(page.body.total);
  });

  it('tells an auditor who accessed a person and why, refusals included', async () => {
    const seen = await call('auditor', 'POST', '/api/persons/accesses', {
      personId: mine.personId,
      target: 'task:AUDIT-7',
    });
    expect(seen.status).toBe(200);
    const who = seen.body.items as { actorId: string; purpose: string; outcome: string; target: string }[];
    expect(who).toContainEqual(
      expect.objectContaining({
        actorId: ROLE_USERS.adjudicator,
        purpose: 'CASE_ADJUDICATION',
        target: `case:${mine.id}`,
        outcome: 'success',
      }),
    );
    // The adjudicator's refused look at the other case named no one, so it is not about this person.
    expect(who.every((r) => r.target !== `case:${other.id}`)).toBe(true);
    expect(
      (
        await call('supervisor', 'POST', '/api/persons/accesses', {
          personId: mine.personId,
          target: 'task:AUDIT-7',
        })
      ).status,
    ).toBe(403);
  });

  it("explains why two of a person's records link, matching the link the resolver stored", async () => {
    const [link] = await t.w.sql.query<{
      person_id: string;
      a: string;
      b: string;
      strength: string;
      rule: string | null;
    }>('select person_id, a, b, strength, rule from identity_links order by person_id, a, b limit 1');
    expect(link).toBeDefined();
    await openCase(t.w, t.w.as.adjudicator, {
      personId: link!.person_id,
      reason: 'explain a link',
      id: 'T-LINK',
    });
    const why = { ...CASE, target: 'case:T-LINK', personId: link!.person_id };
    const res = await call('adjudicator', 'POST', '/api/persons/links/explain', {
      ...why,
      a: link!.a,
      b: link!.b,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ personId: link!.person_id, a: link!.a, b: link!.b });
    // The same decision the resolver stored for the pair: its strength and the rule that made it.
    expect(res.body).toMatchObject({ strength: link!.strength, rule: link!.rule });
    expect(res.body.fields.length).toBeGreaterThan(0);
    expect(res.body.counterfactuals.length).toBeGreaterThan(0);

    const foreign = await call('adjudicator', 'POST', '/api/persons/links/explain', {
      ...why,
      a: link!.a,
      b: 'cbp-i94:NOT-THIS-PERSONS',
    });
    expect(foreign.status).toBe(404);
    const notMine = await call('analyst', 'POST', '/api/persons/links/explain', {
      ...why,
      a: link!.a,
      b: link!.b,
    });
    expect(notMine.status).toBe(403);
  });

  it('pages the quarantine with reasons and never the quarantined line', async () => {
    const [count] = await t.w.sql.query<{ n: number }>('select count(*)::int as n from quarantine');
    const res = await call('analyst', 'GET', '/api/quarantine?limit=3');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBe(Math.min(3, count!.n));
    expect(res.body.more).toBe(count!.n > 3);
    for (const q of res.body.items) {
      expect(q.reasonCode).toMatch(/^[A-Z0-9_]+$/);
      expect(q).not.toHaveProperty('raw');
    }
    const [source] = await t.w.sql.query<{ source_id: string }>(
      'select source_id from ingest_runs order by started_at limit 1',
    );
    const receipts = await call('analyst', 'GET', `/api/sources/${source!.source_id}/receipts`);
    expect(receipts.status).toBe(200);
    expect(receipts.body.items.length).toBeGreaterThan(0);
    expect((await call('analyst', 'GET', '/api/sources/no-such-source/receipts')).status).toBe(404);
  });
});
