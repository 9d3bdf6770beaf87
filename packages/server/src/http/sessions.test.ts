import { SYSTEM_USE_NOTICE } from '@ilos/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type World, world } from '../access/test-accountability.js';
import { addUser, flagAccount } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import { storeKinds } from '../test-support.js';
import { createApi } from './api.js';

describe.each(storeKinds())('log in over HTTP: notice, second factor, high-risk flag on %s', (kind) => {
  let w: World;
  let app: FastifyInstance;
  const post = (payload: object) => app.inject({ method: 'POST', url: '/api/sessions', payload });
  const cookieOf = (res: Awaited<ReturnType<typeof post>>) =>
    `ilos_session=${res.cookies.find((c) => c.name === 'ilos_session')!.value}`;
  const loginCount = async () =>
    (
      await w.sql.query<{ n: number }>(
        `select count(*)::int as n from audit_log where event_type = 'auth.login'`,
      )
    )[0]!.n;

  beforeAll(async () => {
    w = await world(kind);
    await addUser(w, w.as.admin, { id: 'hal', role: 'analyst', password: PASSWORD });
    await addUser(w, w.as.admin, { id: 'vic', role: 'analyst', password: PASSWORD });
    app = await createApi(w);
  });
  afterAll(async () => {
    await app?.close();
    await w?.dispose();
  });

  it('T9.9: serves the system-use notice without a session', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/system-use-notice' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(SYSTEM_USE_NOTICE);
    expect(res.json().paragraphs.join(' ')).toMatch(/monitor.*record.*audit/);
  });

  it.each([
    { case: 'without the acknowledgement', extra: {} },
    { case: 'with bannerAcknowledged: false', extra: { bannerAcknowledged: false } },
  ])('T9.9: refuses a login $case with 400 banner_not_acknowledged, before any check', async ({ extra }) => {
    const before = await loginCount();

    const res = await post({ userId: 'hal', password: PASSWORD, code: await testCode(w, 'hal'), ...extra });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:banner_not_acknowledged', status: 400 });
    expect(res.cookies).toEqual([]);
    expect(await loginCount()).toBe(before);
  });

  it('T9.2: needs the code; a replayed code gets the same 401 as a wrong password', async () => {
    const code = await testCode(w, 'hal');
    const base = { userId: 'hal', password: PASSWORD, bannerAcknowledged: true };

    const noCode = await post(base);
    const ok = await post({ ...base, code });
    const replay = await post({ ...base, code });
    const badPassword = await post({ ...base, password: 'not the password at all', code });

    expect(noCode.statusCode).toBe(400);
    expect(ok.statusCode).toBe(200);
    expect([replay.statusCode, badPassword.statusCode]).toEqual([401, 401]);
    expect(replay.json().detail).toBe(badPassword.json().detail);
  });

  it('T9.8: once an account is flagged, its very next request is refused with 401', async () => {
    const res = await post({
      userId: 'hal',
      password: PASSWORD,
      code: await testCode(w, 'hal'),
      bannerAcknowledged: true,
    });
    const cookie = cookieOf(res);
    const me = () => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);

    await flagAccount(w, w.as.supervisor, 'hal', 'high-risk: test');
    const after = await me();

    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ status: 401 });
  });

  const logIn = async (userId: string) =>
    cookieOf(
      await post({ userId, password: PASSWORD, code: await testCode(w, userId), bannerAcknowledged: true }),
    );
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });

  it('T9.3: idle + 1 s → 401 (15 min for an admin, 30 min for others), on a fake clock', async () => {
    const root = await logIn('root');
    const vic = await logIn('vic');
    w.clock.advance(15 * 60_000);
    expect((await me(root)).statusCode).toBe(200); // at the limit: alive, and touched
    w.clock.advance(15 * 60_000 + 1000);
    expect((await me(root)).statusCode).toBe(401);
    expect((await me(vic)).statusCode).toBe(401); // 30 min + 1 s since its login

    const vic2 = await logIn('vic');
    w.clock.advance(30 * 60_000);
    expect((await me(vic2)).statusCode).toBe(200);
    w.clock.advance(30 * 60_000 + 1000);
    const late = await me(vic2);
    expect(late.statusCode).toBe(401);
    expect(late.json().detail).toMatch(/inactivity|ended|log in/);
  });

  it('T9.3: POST /api/sessions/step-up gives a new cookie (the old one gets 401); a wrong code is 401', async () => {
    const old = await logIn('vic');
    w.clock.advance(60_000);
    const step = (cookie: string, code: string) =>
      app.inject({ method: 'POST', url: '/api/sessions/step-up', headers: { cookie }, payload: { code } });

    const res = await step(old, await testCode(w, 'vic'));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: 'vic', role: 'analyst' });
    expect(new Date(res.json().freshUntil).getTime() - w.now().getTime()).toBe(5 * 60_000);
    const fresh = cookieOf(res);
    expect(fresh).not.toBe(old);
    expect((await me(old)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);
    const wrong = await step(fresh, '000000');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ type: 'urn:ilos:problem:step_up_failed' });
    expect((await me(fresh)).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/sessions/step-up', payload: { code: '1' } })).statusCode,
    ).toBe(401);
  });
});
