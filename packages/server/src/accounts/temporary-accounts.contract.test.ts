import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRowsAfter,
  lastAuditId,
  PASSWORD,
  session,
  type World,
  world,
} from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { addUser, disableInactiveAccounts, listAccounts, login } from './accounts.js';
import { testCode } from './test-mfa.js';

/**
 * RELIABILITY.md T9.7, second half: temporary and emergency accounts are removed at 72 h. An account
 * made with `temporary` ends 72 hours after it was made: its live session is refused from that instant
 * (no sweep needed), the sweep disables it (audited), and it cannot log in again.
 */
describe.each(storeKinds())('temporary accounts end at 72 hours (T9.7) on %s', (kind) => {
  let w: World;
  let madeAt = 0;
  beforeAll(async () => {
    w = await world(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  const logIn = async (userId: string) =>
    session((await login(w, { userId, password: PASSWORD, code: await testCode(w, userId) })).token);
  const readAs = (p: ReturnType<typeof session>) =>
    showRecord(w, p, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-3',
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-TMP',
    });

  it('makes the account with its end 72 hours on, and says so in the audit row', async () => {
    const before = await lastAuditId(w);
    madeAt = w.clock.now().getTime();

    const account = await addUser(w, w.as.admin, {
      id: 'temp',
      role: 'analyst',
      password: PASSWORD,
      temporary: true,
    });
    const ordinary = await addUser(w, w.as.admin, { id: 'perm', role: 'analyst', password: PASSWORD });
    const [row] = await auditRowsAfter(w, before);

    expect(account.expiresAt?.getTime()).toBe(madeAt + 72 * 3600_000);
    expect(ordinary.expiresAt).toBeNull();
    expect(row).toMatchObject({ event_type: 'account.create', subjects: ['user:temp'] });
    expect(JSON.parse(row!.details)).toMatchObject({ temporary: true });
  });

  it('works until the 72nd hour, then its live session is refused at once, audited as denied', async () => {
    await assignWork(w, w.as.supervisor, 'temp', 'task:DQ-TMP');
    w.clock.set(new Date(madeAt + 72 * 3600_000 - 10 * 60_000).toISOString()); // 10 minutes before the end
    const temp = await logIn('temp');
    await expect(readAs(temp)).resolves.toMatchObject({ sourceRecordId: 'I94-3' });
    const before = await lastAuditId(w);

    w.clock.advance(10 * 60_000); // the end: not idle (10 min), well within the session's 12 hours
    await expect(readAs(temp)).rejects.toMatchObject({ code: 'forbidden' });

    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.actor_id, r.outcome, r.reason])).toEqual([
      ['temp', 'denied', 'session_user_disabled'],
    ]);
  });

  it('the sweep disables it (not the ordinary account), audited, and it cannot log in again', async () => {
    const before = await lastAuditId(w);

    const disabled = await disableInactiveAccounts(w);
    const rows = await auditRowsAfter(w, before);
    const accounts = await listAccounts(w, await logIn('root'));

    expect(disabled).toEqual(['temp']);
    expect(rows[0]).toMatchObject({
      event_type: 'account.disable',
      actor_id: 'system:accounts',
      subjects: ['user:temp'],
    });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ reason: 'temporary_expired' });
    expect(accounts.find((a) => a.id === 'temp')).toMatchObject({
      status: 'disabled',
      disabledReason: 'temporary_expired',
    });
    expect(accounts.find((a) => a.id === 'perm')).toMatchObject({ status: 'active', expiresAt: null });
    await expect(logIn('temp')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
