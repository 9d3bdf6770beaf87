/**
 * RELIABILITY.md T8.1 over HTTP: a data request with a purpose that is missing, not on the closed list,
 * or in the query string is a bad request (400 problem+json) and leaves exactly one `denied` audit row —
 * whether the access layer refused it or the body failed schema validation first (http/refusals.ts).
 * A purpose in the query string is never read (the body's is), and is refused even beside a valid one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '../test-support.js';
import { type ApiWorld, apiWorld } from './test-api.js';

describe.each(storeKinds())('purpose refusals over HTTP (T8.1) on %s', (kind) => {
  let t: ApiWorld;
  beforeAll(async () => {
    t = await apiWorld(kind);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const lastId = async () =>
    (await t.w.sql.query<{ n: number }>('select coalesce(max(id), 0)::int as n from audit_log'))[0]!.n;
  const rowsAfter = (id: number) =>
    t.w.sql.query<{ event_type: string; outcome: string; reason: string; purpose: string | null }>(
      'select event_type, outcome, reason, purpose from audit_log where id > $1 order by id',
      [id],
    );

  it('answers 400 to an unknown purpose, and audits it as denied', async () => {
    const before = await lastId();

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie: t.cookie.adjudicator },
      payload: { personId: t.mine.personId, purpose: 'CURIOSITY', target: `case:${t.mine.id}` },
    });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:invalid_input', status: 400 });
    expect(res.body).not.toContain(t.mine.personId); // nothing of the person was returned
    expect(await rowsAfter(before)).toEqual([
      { event_type: 'record.read', outcome: 'denied', reason: 'purpose_unknown', purpose: 'CURIOSITY' },
    ]);
  });

  it('never takes the purpose from the query string, and refuses one there with one denied row', async () => {
    for (const payload of [
      { personId: t.mine.personId, target: `case:${t.mine.id}` },
      { personId: t.mine.personId, purpose: 'CASE_ADJUDICATION', target: `case:${t.mine.id}` },
    ]) {
      const before = await lastId();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/persons/show?purpose=CASE_ADJUDICATION',
        headers: { cookie: t.cookie.adjudicator },
        payload,
      });

      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:invalid_input' });
      expect(res.body).not.toContain(t.mine.personId);
      expect(await rowsAfter(before)).toEqual([
        {
          event_type: 'access.denied',
          outcome: 'denied',
          reason: 'purpose_in_url',
          purpose: 'CASE_ADJUDICATION',
        },
      ]);
    }
  });

  it('audits a body that fails schema validation for its purpose: missing, too long, an object, unstorable, not allowed', async () => {
    const show = (purpose: unknown) => ({
      url: '/api/persons/show',
      payload: {
        personId: t.mine.personId,
        target: `case:${t.mine.id}`,
        ...(purpose === undefined ? {} : { purpose }),
      },
    });
    const cases = [
      { ...show(undefined), reason: 'purpose_missing', purpose: null },
      { ...show(''), reason: 'purpose_missing', purpose: null },
      { ...show('X'.repeat(41)), reason: 'purpose_unknown', purpose: 'X'.repeat(41) },
      { ...show({ code: 'CASE_ADJUDICATION' }), reason: 'purpose_unknown', purpose: null },
      // Text the store cannot hold (T10.4) is refused before validation; the row keeps it as U+FFFD.
      { ...show('CASE_ADJUDICATION\u0000'), reason: 'purpose_unknown', purpose: 'CASE_ADJUDICATION\ufffd' },
      { ...show('\ud800AUDIT'), reason: 'purpose_unknown', purpose: '\ufffdAUDIT' },
      // A case route allows CASE_ADJUDICATION only: another purpose on the list fails its schema.
      {
        url: `/api/cases/${t.mine.id}/show`,
        payload: { purpose: 'AUDIT' },
        reason: 'purpose_unknown',
        purpose: 'AUDIT',
      },
    ];
    for (const c of cases) {
      const before = await lastId();
      const res = await t.app.inject({
        method: 'POST',
        url: c.url,
        headers: { cookie: t.cookie.adjudicator },
        payload: c.payload,
      });
      expect(res.statusCode, JSON.stringify(c.payload)).toBe(400);
      expect(res.body).not.toContain(t.mine.personId);
      expect(await rowsAfter(before), JSON.stringify(c.payload)).toEqual([
        { event_type: 'access.denied', outcome: 'denied', reason: c.reason, purpose: c.purpose },
      ]);
    }
  });

  it('every data route: a body without its required purpose is 400 with exactly one denied row', async () => {
    type Operation = {
      parameters?: { in: string; name: string }[];
      requestBody?: { content?: { 'application/json'?: { schema?: { required?: string[] } } } };
    };
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const dataRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) =>
          op.requestBody?.content?.['application/json']?.schema?.required?.includes('purpose'),
        )
        .map(([method]) => ({ method: method.toUpperCase() as 'POST', path })),
    );
    expect(dataRoutes.length).toBeGreaterThanOrEqual(5);
    for (const route of dataRoutes) {
      const before = await lastId();
      const res = await t.app.inject({
        method: route.method,
        url: route.path.replace(/\{[^}]+\}/g, 'X-1'),
        headers: { cookie: t.cookie.adjudicator },
        payload: { target: `case:${t.mine.id}` },
      });
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(400);
      expect(await rowsAfter(before), `${route.method} ${route.path}`).toEqual([
        { event_type: 'access.denied', outcome: 'denied', reason: 'purpose_missing', purpose: null },
      ]);
    }
  });

  it('audits no row for a 400 whose purpose is fine (a malformed target)', async () => {
    const before = await lastId();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/show',
      headers: { cookie: t.cookie.adjudicator },
      payload: { personId: t.mine.personId, purpose: 'CASE_ADJUDICATION', target: 'nowhere' },
    });
    expect(res.statusCode).toBe(400);
    expect(await rowsAfter(before)).toEqual([]);
  });
});
