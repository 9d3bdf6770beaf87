import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ROLE_USERS, type World, world } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { testCode } from '../accounts/test-mfa.js';
import { openCase } from '../cases/cases.js';
import { runDemo } from '../demo/run-demo.js';
import { storeKinds } from '../test-support.js';
import { createApi } from './api.js';

const PEOPLE = 150;

describe.each(storeKinds())('the HTTP API on %s', (kind) => {
  let w: World;
  let app: FastifyInstance;
  let personId: string;
  const cookies: Partial<Record<keyof typeof ROLE_USERS, string>> = {};

  const loginAs = async (role: keyof typeof ROLE_USERS) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: {
        userId: ROLE_USERS[role],
        password: PASSWORD,
        code: await testCode(w, ROLE_USERS[role]),
        bannerAcknowledged: true,
      },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'ilos_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    return `ilos_session=${cookie!.value}`;
  };
  const auditCount = async () =>
    (await w.sql.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n;

  beforeAll(async () => {
    w = await world(kind);
    await w.sql.exec('truncate records, quarantine, ingest_runs');
    await runDemo(w, {
      people: PEOPLE,
      seed: 'http-api',
      inputDir: mkdtempSync(join(tmpdir(), 'ilos-http-')),
    });
    const [someone] = await w.sql.query<{ person_id: string }>(
      'select person_id from person_status where person_id not in (select person_id from cases) order by person_id limit 1',
    );
    personId = someone!.person_id;
    // The person reads below are bound to C-1, a case about this person (the layer checks it: BOLA).
    await openCase(w, w.as.supervisor, { personId, reason: 'the API test', id: 'C-1' });
    await assignWork(w, w.as.supervisor, ROLE_USERS.adjudicator, 'case:C-1');
    app = await createApi(w);
    for (const role of ['analyst', 'adjudicator', 'auditor'] as const) cookies[role] = await loginAs(role);
  });
  afterAll(async () => {
    await app?.close();
    await w?.dispose();
  });

  it('lists every route in the OpenAPI document (T7.1 inventory)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };

    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(doc.openapi).toBe('3.0.3');
    expect(routes.sort()).toEqual(
      [
        'GET /api/system-use-notice',
        'POST /api/sessions',
        'POST /api/sessions/step-up',
        'DELETE /api/sessions',
        'GET /api/me',
        'POST /api/persons/search',
        'POST /api/persons/show',
        'GET /api/reviews',
        'POST /api/reviews/{taskId}/show',
        'POST /api/reviews/{taskId}/decide',
        'POST /api/approvals',
        'GET /api/approvals',
        'POST /api/approvals/{approvalId}/grant',
        'GET /api/reports/overstay',
        'GET /api/sources',
        'GET /api/audit/verify',
        'POST /api/audit/export',
        'POST /api/audit/entries',
        'POST /api/persons/accesses',
        'POST /api/persons/links/explain',
        'GET /api/cases',
        'POST /api/cases/of-person',
        'POST /api/cases/{caseId}/show',
        'POST /api/cases/{caseId}/transition',
        'POST /api/cases/{caseId}/approve',
        'POST /api/cases/{caseId}/decline',
        'GET /api/worklist',
        'GET /api/redress',
        'POST /api/redress',
        'POST /api/redress/{redressId}/show',
        'POST /api/redress/{redressId}/acknowledge',
        'POST /api/redress/{redressId}/resolve',
        'POST /api/persons/disputes',
        'GET /api/sources/{sourceId}/receipts',
        'GET /api/quarantine',
      ].sort(),
    );
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });

  it('answers 401 problem+json without a session, and after logout', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:unauthenticated', status: 401 });

    const cookie = await loginAs('supervisor');
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json()).toMatchObject({
      userId: ROLE_USERS.supervisor,
      role: 'supervisor',
    });
    const out = await app.inject({ method: 'DELETE', url: '/api/sessions', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie },
      payload: { personId, purpose: 'CASE_ADJUDICATION', target: 'case:C-1' },
    });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a wrong password with 401 and one message', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: {
        userId: ROLE_USERS.analyst,
        password: 'not the password at all',
        code: '000000',
        bannerAcknowledged: true,
      },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/login failed/);
  });

  it('searches and shows a person through the access layer, writing an audit row each', async () => {
    const before = await auditCount();
    const shown = await app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie: cookies.adjudicator! },
      payload: { personId, purpose: 'CASE_ADJUDICATION', target: 'case:C-1' },
    });
    expect(shown.statusCode).toBe(200);
    const person = shown.json() as {
      personId: string;
      identity: { field: string; value: string; sources: string[] }[];
    };
    expect(person.personId).toBe(personId);
    expect(person.identity.every((v) => v.sources.length > 0)).toBe(true);

    const name = person.identity.find((v) => v.field === 'familyName');
    const search = await app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: { cookie: cookies.adjudicator! },
      payload: { criteria: { familyName: name!.value }, purpose: 'CASE_ADJUDICATION', target: 'case:C-1' },
    });
    expect(search.statusCode).toBe(200);
    expect(search.json().items.map((h: { personId: string }) => h.personId)).toContain(personId);

    const rows = await w.sql.query<{
      event_type: string;
      component: string;
      purpose: string;
      target: string;
    }>('select event_type, component, purpose, target from audit_log order by id desc limit 2');
    expect(await auditCount()).toBe(before + 2);
    expect(rows.every((r) => r.component === 'api' && r.target === 'case:C-1')).toBe(true);
  });

  it('answers 403 to a user not assigned to the case, and audits the refusal', async () => {
    const before = await auditCount();
    const res = await app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie: cookies.analyst! },
      payload: { personId, purpose: 'CASE_ADJUDICATION', target: 'case:C-1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:forbidden', title: 'Forbidden' });
    const [row] = await w.sql.query<{ outcome: string; reason: string }>(
      'select outcome, reason from audit_log order by id desc limit 1',
    );
    expect(await auditCount()).toBe(before + 1);
    expect(row).toMatchObject({ outcome: 'denied', reason: 'not_assigned' });
  });

  it('answers 404 problem+json for a person that does not exist, 400 for a bad body', async () => {
    const missing = await app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie: cookies.adjudicator! },
      payload: { personId: 'P-NOBODY', purpose: 'CASE_ADJUDICATION', target: 'case:C-1' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);

    const bad = await app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie: cookies.adjudicator! },
      payload: { personId, purpose: 'CASE_ADJUDICATION', target: 'nonsense' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'urn:ilos:problem:invalid_input', status: 400 });

    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
  });

  it('shows a review task only under a purpose bound to that task, then decides it with a reason', async () => {
    const list = await app.inject({
      method: 'GET',
      url: '/api/reviews?limit=2',
      headers: { cookie: cookies.adjudicator! },
    });
    expect(list.statusCode).toBe(200);
    const [task] = list.json().items as { taskId: string }[];
    if (task === undefined) return;
    await assignWork(w, w.as.supervisor, ROLE_USERS.adjudicator, `task:${task.taskId}`);

    const wrongTarget = await app.inject({
      method: 'POST',
      url: `/api/reviews/${task.taskId}/show`,
      headers: { cookie: cookies.adjudicator! },
      payload: { purpose: 'IDENTITY_REVIEW', target: 'task:SOMETHING-ELSE' },
    });
    expect(wrongTarget.statusCode).toBe(403);

    const shown = await app.inject({
      method: 'POST',
      url: `/api/reviews/${task.taskId}/show`,
      headers: { cookie: cookies.adjudicator! },
      payload: { purpose: 'IDENTITY_REVIEW', target: `task:${task.taskId}`, blind: true },
    });
    expect(shown.statusCode).toBe(200);
    const records = Object.values(shown.json().records) as Record<string, string>[];
    expect(records.every((r) => r === null || r.familyName === undefined || r.familyName === '•••')).toBe(
      true,
    );

    const decided = await app.inject({
      method: 'POST',
      url: `/api/reviews/${task.taskId}/decide`,
      headers: { cookie: cookies.adjudicator! },
      payload: { decision: 'different', reason: 'different dates of birth on both passports' },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().task).toMatchObject({ state: 'decided', decidedBy: ROLE_USERS.adjudicator });

    const again = await app.inject({
      method: 'POST',
      url: `/api/reviews/${task.taskId}/decide`,
      headers: { cookie: cookies.adjudicator! },
      payload: { decision: 'same', reason: 'second thoughts about it' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('serves the overstay report and the source registry to any role, audit verify to auditors only', async () => {
    const report = await app.inject({
      method: 'GET',
      url: '/api/reports/overstay',
      headers: { cookie: cookies.analyst! },
    });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toHaveProperty('byClass');

    const sources = await app.inject({
      method: 'GET',
      url: '/api/sources?limit=3',
      headers: { cookie: cookies.analyst! },
    });
    expect(sources.statusCode).toBe(200);
    expect(sources.json()).toMatchObject({ limit: 3, offset: 0 });
    expect(sources.json().items[0]).toHaveProperty('receipts');

    const denied = await app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { cookie: cookies.analyst! },
    });
    expect(denied.statusCode).toBe(403);
    const verified = await app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { cookie: cookies.auditor! },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true });
  });
});
