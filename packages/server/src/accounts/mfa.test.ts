import { fromBase32, totpCode } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRowsAfter,
  lastAuditId,
  PASSWORD,
  ROLE_USERS,
  session,
  type World,
  world,
} from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { showRecord } from '../records-access/show-record.js';
import { freshContext, storeKinds } from '../test-support.js';
import { addUser, flagAccount, LOGIN_FAILED, login, resetMfa, unlockAccount } from './accounts.js';

const bytes = (key: string) => {
  const secret = fromBase32(key);
  if (!secret.ok) throw new Error(secret.error);
  return secret.value;
};

describe.each(storeKinds())('MFA and the high-risk flag on %s', (kind) => {
  let w: World;
  /** A new analyst with a known TOTP key (as their authenticator app holds it). */
  const enrol = async (id: string) => {
    const account = await addUser(w, w.as.admin, { id, role: 'analyst', password: PASSWORD });
    return { id, key: bytes(account.mfa.secret), uri: account.mfa.uri };
  };
  const codeAt = (key: Uint8Array, offsetMs = 0) => totpCode(key, new Date(w.now().getTime() + offsetMs));

  beforeAll(async () => {
    w = await world(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('T9.2: a new account gets a 160-bit TOTP key and its otpauth URI, shown once and never listed', async () => {
    const before = await lastAuditId(w);

    const { key, uri } = await enrol('nia');
    const rows = await auditRowsAfter(w, before);

    expect(key.length).toBe(20);
    expect(uri).toMatch(/^otpauth:\/\/totp\/ilos%3Ania\?secret=[A-Z2-7]{32}&issuer=ilos/);
    expect(JSON.stringify(rows)).not.toContain(uri.split('secret=')[1]!.split('&')[0]);
  });

  it('T9.2: the password alone is not enough, and the code is checked for every role', async () => {
    const { id, key } = await enrol('noor');

    await expect(login(w, { userId: id, password: PASSWORD, code: '' })).rejects.toThrow(LOGIN_FAILED);
    const wrong = codeAt(key) === '123456' ? '654321' : '123456';
    await expect(login(w, { userId: id, password: PASSWORD, code: wrong })).rejects.toThrow(LOGIN_FAILED);
    await expect(login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).resolves.toMatchObject({
      userId: id,
    });
  });

  it('T9.2: a code is accepted once — a replay within its window is refused, audited as replayed_code', async () => {
    const { id, key } = await enrol('rey');
    const code = codeAt(key);
    await login(w, { userId: id, password: PASSWORD, code });
    const before = await lastAuditId(w);
    w.clock.advance(5_000);

    await expect(login(w, { userId: id, password: PASSWORD, code })).rejects.toThrow(LOGIN_FAILED);
    const [row] = await auditRowsAfter(w, before);

    expect(row).toMatchObject({ event_type: 'auth.login', outcome: 'failure', reason: 'replayed_code' });
    w.clock.advance(30_000); // the next step: its code works
    await expect(login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).resolves.toBeDefined();
  });

  it('T9.2: a code expires — the previous step is tolerated (±1 step), two steps back is refused', async () => {
    const { id, key } = await enrol('exa');
    const previous = codeAt(key, -30_000);
    const twoBack = codeAt(key, -60_000);
    const before = await lastAuditId(w);

    await expect(login(w, { userId: id, password: PASSWORD, code: twoBack })).rejects.toThrow(LOGIN_FAILED);
    await expect(login(w, { userId: id, password: PASSWORD, code: previous })).resolves.toBeDefined();
    const [refused] = await auditRowsAfter(w, before);

    expect(refused).toMatchObject({ outcome: 'failure', reason: 'bad_code' });
  });

  it('T9.1/T9.2: wrong codes count as failed logins: five lock the account, even against the right code', async () => {
    const { id, key } = await enrol('cody');
    const wrong = (i: number) => String((Number(codeAt(key)) + 1 + i) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++)
      await expect(login(w, { userId: id, password: PASSWORD, code: wrong(i) })).rejects.toThrow(
        LOGIN_FAILED,
      );

    await expect(login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).rejects.toThrow(
      LOGIN_FAILED,
    );
    await unlockAccount(w, w.as.admin, id);
    w.clock.advance(30_000);
    await expect(login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).resolves.toBeDefined();
  });

  it('T9.2: reset-mfa gives a new key — the old key stops working, the user’s sessions end; audited', async () => {
    const { id, key: oldKey } = await enrol('rosa');
    const token = (await login(w, { userId: id, password: PASSWORD, code: codeAt(oldKey) })).token;
    const before = await lastAuditId(w);
    w.clock.advance(30_000);

    const fresh = await resetMfa(w, w.as.admin, id);
    const rows = await auditRowsAfter(w, before);

    await expect(login(w, { userId: id, password: PASSWORD, code: codeAt(oldKey) })).rejects.toThrow(
      LOGIN_FAILED,
    );
    await expect(
      login(w, { userId: id, password: PASSWORD, code: codeAt(bytes(fresh.secret)) }),
    ).resolves.toBeDefined();
    await expect(resetMfa(w, session(token), id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(rows.map((r) => [r.event_type, r.actor_id, r.subjects])).toEqual([
      ['account.reset_mfa', ROLE_USERS.admin, [`user:${id}`]],
    ]);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ sessionsEnded: 1 });
    expect(JSON.stringify(rows)).not.toContain(fresh.secret);
  });

  it('T9.8: a supervisor flags an account — disabled and every session dead on the next request; audited', async () => {
    const { id, key } = await enrol('flo');
    await assignWork(w, w.as.supervisor, id, 'task:DQ-7');
    const first = session((await login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).token);
    w.clock.advance(30_000);
    const second = session((await login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).token);
    const read = (as: typeof first) =>
      showRecord(w, as, {
        sourceId: 'cbp-i94',
        sourceRecordId: 'I94-7',
        purpose: 'DATA_QUALITY_REVIEW',
        target: 'task:DQ-7',
      });
    await read(first);
    const before = await lastAuditId(w);

    const ended = await flagAccount(w, w.as.supervisor, id, 'credentials seen on a shared drive');

    expect(ended).toBe(2);
    await expect(read(first)).rejects.toThrow(/ended|disabled/);
    await expect(read(second)).rejects.toThrow(/ended|disabled/);
    w.clock.advance(30_000);
    await expect(login(w, { userId: id, password: PASSWORD, code: codeAt(key) })).rejects.toThrow(
      LOGIN_FAILED,
    );
    const [flag] = await auditRowsAfter(w, before);
    expect(flag).toMatchObject({
      event_type: 'account.flag',
      actor_id: ROLE_USERS.supervisor,
      subjects: [`user:${id}`],
      outcome: 'success',
    });
    expect(JSON.parse(flag!.details)).toMatchObject({
      reason: 'credentials seen on a shared drive',
      sessionsEnded: 2,
    });
  });

  it('T9.8: analysts cannot flag, nobody flags themself, the last admin cannot be flagged, a reason is needed', async () => {
    await enrol('fay');

    await expect(flagAccount(w, w.as.analyst, 'fay', 'why not')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(flagAccount(w, w.as.supervisor, ROLE_USERS.supervisor, 'me')).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(flagAccount(w, w.as.supervisor, ROLE_USERS.admin, 'the admin')).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(flagAccount(w, w.as.supervisor, 'fay', '  ')).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('MFA on a store made before MFA (pglite)', () => {
  it('lets the operator enrol an admin once without a session, and only while no account has a key', async () => {
    const ctx = await freshContext('pglite');
    try {
      await addUser(ctx, undefined, { id: 'root', role: 'admin', password: PASSWORD });
      await ctx.sql.query('update users set totp_secret = null'); // as migration 0018 leaves older accounts

      await expect(login(ctx, { userId: 'root', password: PASSWORD, code: '000000' })).rejects.toThrow(
        LOGIN_FAILED,
      );
      const enrolled = await resetMfa(ctx, undefined, 'root');
      await expect(resetMfa(ctx, undefined, 'root')).rejects.toMatchObject({ code: 'forbidden' });

      await expect(
        login(ctx, { userId: 'root', password: PASSWORD, code: totpCode(bytes(enrolled.secret), ctx.now()) }),
      ).resolves.toMatchObject({ userId: 'root' });
    } finally {
      await ctx.dispose();
    }
  });
});
