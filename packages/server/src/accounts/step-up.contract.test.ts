import { fromBase32, totpCode } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Principal, withAccess } from '../access/access-layer.js';
import {
  auditRowsAfter,
  lastAuditId,
  PASSWORD,
  session,
  type World,
  world,
} from '../access/test-accountability.js';
import { openBreakGlass } from '../access/work.js';
import { findUser } from '../db/accounts-repository.js';
import { storeKinds } from '../test-support.js';
import { addUser, login, stepUp, whoAmI } from './accounts.js';
import { testCode } from './test-mfa.js';

const tokenOf = (p: Principal) => (p.kind === 'session' ? p.token : '');
const MINUTE = 60_000;

describe.each(storeKinds())('step-up re-authentication and session timeouts (T9.3) on %s', (kind) => {
  let w: World;

  beforeAll(async () => {
    w = await world(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  /** A fresh login of `userId` (its code freed first, as the suites do). */
  const fresh = async (userId: string) =>
    session((await login(w, { userId, password: PASSWORD, code: await testCode(w, userId) })).token);

  it('a sensitive action is allowed within 5 minutes of the login, refused at 5 min + 1 s, and audited', async () => {
    const admin = await fresh('root');
    w.clock.advance(5 * MINUTE);
    await addUser(w, admin, { id: 'tess', role: 'analyst', password: PASSWORD });

    w.clock.advance(1000);
    const before = await lastAuditId(w);
    await expect(addUser(w, admin, { id: 'tom', role: 'analyst', password: PASSWORD })).rejects.toThrow(
      /fresh re-authentication.*--step-up/,
    );
    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.reason])).toEqual([
      ['account.create', 'denied', 'step_up_required'],
    ]);
    expect(await findUser(w.sql, 'tom')).toBeUndefined();
    // An everyday action of the same session needs no step-up.
    const list = await withAccess(
      w,
      { principal: admin, action: 'account.list', event: 'account.list' },
      async () => ({ value: 'ok', subjects: [], fields: [] }),
    );
    expect(list).toBe('ok');
  });

  it('a step-up gives the session a new token (the old one dies), keeps its id and its 12 hours, and is audited', async () => {
    const admin = await fresh('root');
    const old = tokenOf(admin);
    const id = (await whoAmI(w, old))!.sessionId;
    w.clock.advance(10 * MINUTE);
    const before = await lastAuditId(w);

    const up = await stepUp(w, { token: old, code: await testCode(w, 'root') });

    expect(up.token).not.toBe(old);
    expect(Buffer.from(up.token, 'base64url')).toHaveLength(32);
    expect(up.sessionId).toBe(id);
    expect(up.freshUntil.getTime() - w.now().getTime()).toBe(5 * MINUTE);
    expect(up.expiresAt.getTime() - (w.now().getTime() - 10 * MINUTE)).toBe(12 * 60 * MINUTE);
    expect(await whoAmI(w, old)).toBeUndefined();
    expect((await whoAmI(w, up.token))?.sessionId).toBe(id);
    await addUser(w, session(up.token), { id: 'tom', role: 'analyst', password: PASSWORD });
    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.session_id])).toEqual([
      ['auth.step_up', 'success', id],
      ['account.create', 'success', id],
    ]);
  });

  it('a replayed or wrong code is refused, audited as a failed step-up, and counts towards the lockout', async () => {
    const ana = await fresh('ana');
    const user = (await findUser(w.sql, 'ana'))!;
    const secret = fromBase32(user.totpSecret!);
    if (!secret.ok) throw new Error('no secret');
    w.clock.advance(2 * MINUTE);
    const code = totpCode(secret.value, w.now());
    const up = await stepUp(w, { token: tokenOf(ana), code });
    const before = await lastAuditId(w);

    await expect(stepUp(w, { token: up.token, code })).rejects.toThrow(/step-up failed/);
    await expect(stepUp(w, { token: up.token, code: '000000' })).rejects.toThrow(/step-up failed/);

    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.reason])).toEqual([
      ['auth.step_up', 'failure', 'replayed_code'],
      ['auth.step_up', 'failure', expect.stringMatching(/code/)],
    ]);
    const [failures] = await w.sql.query<{ n: number }>(
      "select count(*)::int as n from login_failures where user_id = 'ana'",
    );
    expect(failures!.n).toBeGreaterThanOrEqual(2);
    expect(await whoAmI(w, up.token)).toBeDefined(); // a failed step-up does not end the session
  });

  it('break-glass needs a fresh authentication too; a step-up without a session is refused', async () => {
    const adam = await fresh('adam');
    w.clock.advance(6 * MINUTE);
    const ask = (p: Principal) =>
      openBreakGlass(w, p, {
        purpose: 'CASE_ADJUDICATION',
        target: 'case:STEP-UP',
        justification: 'a hearing moved to this afternoon',
      });
    await expect(ask(adam)).rejects.toThrow(/fresh re-authentication/);
    const up = await stepUp(w, { token: tokenOf(adam), code: await testCode(w, 'adam') });
    await expect(ask(session(up.token))).resolves.toMatchObject({ id: expect.any(String) });

    await expect(stepUp(w, { token: tokenOf(adam), code: '123456' })).rejects.toThrow(/not logged in/);
  });

  it('idle timeouts: an admin session dies at 15 min + 1 s, an analyst session lives to 30 min; absolute 12 h', async () => {
    const admin = await fresh('root');
    const ana = await fresh('ana');
    w.clock.advance(15 * MINUTE);
    expect(await whoAmI(w, tokenOf(admin))).toBeDefined(); // exactly at the limit (a look does not touch it)
    w.clock.advance(1000);
    expect(await whoAmI(w, tokenOf(admin))).toBeUndefined();
    expect(await whoAmI(w, tokenOf(ana))).toBeDefined();
    w.clock.advance(15 * MINUTE - 1000);
    expect(await whoAmI(w, tokenOf(ana))).toBeDefined(); // 30 min
    w.clock.advance(1000);
    expect(await whoAmI(w, tokenOf(ana))).toBeUndefined();

    // A step-up does not reset the absolute limit: at 12 h + 1 s the session is over however fresh.
    const sue = await fresh('sue');
    let token = tokenOf(sue);
    for (let i = 0; i < 36; i++) {
      w.clock.advance(20 * MINUTE);
      token = (await stepUp(w, { token, code: await testCode(w, 'sue') })).token;
    }
    w.clock.advance(1000);
    expect(await whoAmI(w, token)).toBeUndefined();
  });
});
