/**
 * RELIABILITY.md T8.1 over HTTP: a data request with a purpose that is not on the closed list is a bad
 * request (400 problem+json) and leaves exactly one `denied` audit row naming the claimed purpose; a
 * purpose in the query string is never read (the body's is), so it cannot stand in for a missing one.
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

  it('never takes the purpose from the query string', async () => {
    const before = await lastId();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/show?purpose=CASE_ADJUDICATION',
      headers: { cookie: t.cookie.adjudicator },
      payload: { personId: t.mine.personId, target: `case:${t.mine.id}` },
    });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:invalid_input' });
    expect((await rowsAfter(before)).filter((r) => r.outcome === 'success')).toEqual([]); // nothing was read
  });
});
