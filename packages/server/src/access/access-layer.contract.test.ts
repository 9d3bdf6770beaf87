import { join } from 'node:path';
import { AppError } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, disableAccount, LOGIN_FAILED, login, logout, unlockAccount } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import { readAlerts } from '../alerts/alerts.js';
import { showRecord } from '../records-access/show-record.js';
import { storeKinds } from '../test-support.js';
import { withAccess } from './access-layer.js';
import {
  auditRowsAfter,
  lastAuditId,
  ownerSql,
  PASSWORD,
  ROLE_USERS,
  session,
  type World,
  world,
} from './test-accountability.js';
import { assignWork, BREAK_GLASS, openBreakGlass, reviewBreakGlassAccess, unassignWork } from './work.js';

const read = (
  w: World,
  who: keyof World['as'],
  id: string,
  purpose: string | undefined,
  target: string | undefined,
) =>
  showRecord(w, w.as[who], {
    sourceId: id.startsWith('I94') ? 'cbp-i94' : 'uscis-benefits',
    sourceRecordId: id,
    purpose,
    target,
  });

async function relogin(w: World, role: keyof typeof ROLE_USERS) {
  w.as[role] = session(
    (
      await login(w, {
        userId: ROLE_USERS[role],
        password: PASSWORD,
        code: await testCode(w, ROLE_USERS[role]),
      })
    ).token,
  );
}

/** After the fake clock jumps, everyone's sessions have timed out: log everyone in again. */
async function reloginAll(w: World) {
  for (const role of Object.keys(ROLE_USERS) as (keyof typeof ROLE_USERS)[]) await relogin(w, role);
}

describe.each(storeKinds())('the access layer on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('T8.1: refuses a read with no purpose, an unknown purpose or no binding, and audits each refusal', async () => {
    const before = await lastAuditId(w);

    // No purpose, or one not on the closed list: a malformed request (400 over HTTP, exit 2), audited.
    await expect(read(w, 'analyst', 'I94-1', undefined, 'task:DQ-1')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(read(w, 'analyst', 'I94-1', 'CURIOSITY', 'task:DQ-1')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(read(w, 'analyst', 'I94-1', 'DATA_QUALITY_REVIEW', undefined)).rejects.toMatchObject({
      code: 'forbidden',
    });

    const rows = await auditRowsAfter(w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.reason, r.actor_id])).toEqual([
      ['record.read', 'denied', 'purpose_missing', 'ana'],
      ['record.read', 'denied', 'purpose_unknown', 'ana'],
      ['record.read', 'denied', 'target_missing', 'ana'],
    ]);
  });

  it('T8.2/T7.6: reads an assigned task, refuses it the moment the assignment ends, one audit row per read', async () => {
    await expect(read(w, 'analyst', 'I94-1', 'DATA_QUALITY_REVIEW', 'task:DQ-1')).rejects.toThrow(
      /not assigned/,
    );
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-1');
    const before = await lastAuditId(w);

    const shown = await read(w, 'analyst', 'I94-1', 'DATA_QUALITY_REVIEW', 'task:DQ-1');
    const rows = await auditRowsAfter(w, before);

    expect(shown.versions[0]!.payload.familyName).toBe('GARCIA LOPEZ');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event_type: 'record.read',
      outcome: 'success',
      actor_id: 'ana',
      actor_role: 'analyst',
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:DQ-1',
      subjects: ['record:cbp-i94/I94-1'],
      fields: Object.keys(shown.versions[0]!.payload).sort(),
    });
    expect(rows[0]!.session_id).toMatch(/^s_/);

    await unassignWork(w, w.as.supervisor, 'ana', 'task:DQ-1');
    await expect(read(w, 'analyst', 'I94-1', 'DATA_QUALITY_REVIEW', 'task:DQ-1')).rejects.toThrow(
      /not assigned/,
    );
  });

  it('T7.3: admins and auditors read no record content, whatever purpose they name', async () => {
    for (const who of ['admin', 'auditor'] as const) {
      await expect(read(w, who, 'I94-2', 'CASE_ADJUDICATION', 'case:C-1')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(read(w, who, 'I94-2', 'AUDIT', 'task:A-1')).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('masks an asylum record (8 CFR 208.6) from an analyst but shows it to the adjudicator deciding the case', async () => {
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-2');
    await assignWork(w, w.as.supervisor, 'adam', 'case:C-7');
    const before = await lastAuditId(w);

    const masked = await read(w, 'analyst', 'ASY-1', 'DATA_QUALITY_REVIEW', 'task:DQ-2');
    const full = await read(w, 'adjudicator', 'ASY-1', 'CASE_ADJUDICATION', 'case:C-7');
    const rows = await auditRowsAfter(w, before);

    expect(masked.versions[0]).toMatchObject({ recordType: null, payload: {}, masked: ['8 CFR 208.6'] });
    expect(full.versions[0]).toMatchObject({ recordType: 'benefit_application', masked: [] });
    expect(full.versions[0]!.payload.benefitType).toBe('ASYLUM');
    expect(rows[0]!.fields).toEqual([]);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ masked: ['8 CFR 208.6'] });
    expect(rows[1]!.fields).toContain('benefitType');
  });

  it('T8.2: break-glass needs a real justification, expires by itself, is limited per day and reviewed by another', async () => {
    const why = 'hearing moved to today; the assigned officer is out';
    await expect(
      openBreakGlass(w, w.as.adjudicator, {
        purpose: 'CASE_ADJUDICATION',
        target: 'case:C-9',
        justification: 'urgent',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const grant = await openBreakGlass(w, w.as.adjudicator, {
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-9',
      justification: why,
    });

    const shown = await read(w, 'adjudicator', 'ASY-1', 'CASE_ADJUDICATION', 'case:C-9');
    expect(shown.versions[0]!.masked).toEqual(['8 CFR 208.6']); // break-glass never lifts the statutory bar
    await read(w, 'adjudicator', 'I94-3', 'CASE_ADJUDICATION', 'case:C-9');

    for (let i = 1; i < BREAK_GLASS.perUserPerDay; i++) {
      await openBreakGlass(w, w.as.adjudicator, {
        purpose: 'CASE_ADJUDICATION',
        target: `case:C-9${i}`,
        justification: why,
      });
    }
    await expect(
      openBreakGlass(w, w.as.adjudicator, {
        purpose: 'CASE_ADJUDICATION',
        target: 'case:C-99',
        justification: why,
      }),
    ).rejects.toThrow(/at most 3/);

    await expect(
      reviewBreakGlassAccess(w, w.as.adjudicator, { id: grant.id, outcome: 'justified', note: 'mine' }),
    ).rejects.toThrow();
    w.clock.advance(BREAK_GLASS.lifetimeMs + 1000);
    await reloginAll(w);
    await expect(read(w, 'adjudicator', 'I94-3', 'CASE_ADJUDICATION', 'case:C-9')).rejects.toThrow(
      /not assigned/,
    );
    await reviewBreakGlassAccess(w, w.as.supervisor, {
      id: grant.id,
      outcome: 'justified',
      note: 'hearing record confirms',
    });
  });

  it('T5.9: no audit row, no data — a failing audit insert returns nothing, stores nothing, answers unavailable and alerts', async () => {
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-3');
    w.config.alertFile = join(w.dir, 'alerts-t59.log');
    const owner = await ownerSql(w);
    const before = await lastAuditId(w);
    await owner.sql.exec(`create function fail_audit() returns trigger language plpgsql as $$
      begin raise exception 'disk full (simulated)'; end $$;
      create trigger audit_fails before insert on audit_log for each row execute function fail_audit();`);
    const refusals: unknown[] = [];
    try {
      let leaked: unknown;
      await read(w, 'analyst', 'I94-4', 'DATA_QUALITY_REVIEW', 'task:DQ-3').then(
        (r) => {
          leaked = r;
        },
        (error: unknown) => refusals.push(error),
      );
      expect(leaked).toBeUndefined();
    } finally {
      await owner.sql.exec('drop trigger audit_fails on audit_log; drop function fail_audit();');
    }
    if (kind === 'postgres') {
      await owner.sql.exec('revoke insert on audit_log from ilos_app');
      try {
        await read(w, 'analyst', 'I94-4', 'DATA_QUALITY_REVIEW', 'task:DQ-3').then(
          () => refusals.push('served'),
          (error: unknown) => refusals.push(error),
        );
      } finally {
        await owner.sql.exec(`grant insert (at, event_type, component, source_ip, session_id, actor_id, actor_role, purpose,
          target, subjects, fields, outcome, reason, details) on audit_log to ilos_app`);
      }
    }
    await owner.close();
    const causes = kind === 'postgres' ? [/disk full/, /permission denied/] : [/disk full/];
    expect(refusals).toHaveLength(causes.length);
    refusals.forEach((error, i) => {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'unavailable', details: { reason: 'audit_unavailable' } });
      expect(String((error as AppError).cause)).toMatch(causes[i]!);
    });
    // One alert per refused request, in the file an operator reads without the database (ADR 0018).
    const alerts = readAlerts(w.config);
    expect(alerts).toHaveLength(causes.length);
    alerts.forEach((alert, i) => {
      expect(alert).toMatchObject({
        code: 'audit_write_failed',
        severity: 'critical',
        at: w.now().toISOString(),
        details: { event: 'record.read', action: 'record.read', principal: 'session', component: 'cli' },
      });
      expect((alert as { message: string }).message).toMatch(causes[i]!);
    });
    expect(await auditRowsAfter(w, before)).toEqual([]);
    await expect(read(w, 'analyst', 'I94-4', 'DATA_QUALITY_REVIEW', 'task:DQ-3')).resolves.toBeDefined();
    expect(readAlerts(w.config)).toHaveLength(causes.length); // a served read raises nothing
  });

  it('T9.4/T9.6: a logged-out token and the sessions of a disabled user are dead on the next request', async () => {
    await addUser(w, w.as.admin, { id: 'tess', role: 'analyst', password: PASSWORD });
    await assignWork(w, w.as.supervisor, 'tess', 'task:DQ-4');
    const first = session(
      (await login(w, { userId: 'tess', password: PASSWORD, code: await testCode(w, 'tess') })).token,
    );
    const second = session(
      (await login(w, { userId: 'tess', password: PASSWORD, code: await testCode(w, 'tess') })).token,
    );
    const readAs = (p: typeof first) =>
      showRecord(w, p, {
        sourceId: 'cbp-i94',
        sourceRecordId: 'I94-5',
        purpose: 'DATA_QUALITY_REVIEW',
        target: 'task:DQ-4',
      });
    await readAs(first);

    await logout(w, first.kind === 'session' ? first.token : '');
    await expect(readAs(first)).rejects.toThrow(/ended/);
    await readAs(second);
    await disableAccount(w, w.as.admin, 'tess', 'left the unit');
    await expect(readAs(second)).rejects.toThrow(/ended|disabled/);
  });

  it('T9.1: five wrong passwords lock the account, even against the right one, until an admin unlocks it', async () => {
    await addUser(w, w.as.admin, { id: 'lou', role: 'analyst', password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      await expect(
        login(w, { userId: 'lou', password: `wrong password ${i}`, code: '000000' }),
      ).rejects.toThrow(LOGIN_FAILED);
    }
    await expect(
      login(w, { userId: 'lou', password: PASSWORD, code: await testCode(w, 'lou') }),
    ).rejects.toThrow(LOGIN_FAILED);
    await expect(
      login(w, { userId: 'nobody-here', password: PASSWORD, code: await testCode(w, 'nobody-here') }),
    ).rejects.toThrow(LOGIN_FAILED);

    await unlockAccount(w, w.as.admin, 'lou');
    await expect(
      login(w, { userId: 'lou', password: PASSWORD, code: await testCode(w, 'lou') }),
    ).resolves.toMatchObject({ userId: 'lou' });
  });

  it('T9.1: four failures, then a quarter of an hour, then more do not lock', async () => {
    await addUser(w, w.as.admin, { id: 'liz', role: 'analyst', password: PASSWORD });
    for (let i = 0; i < 4; i++)
      await expect(login(w, { userId: 'liz', password: 'not it at all', code: '000000' })).rejects.toThrow();
    w.clock.advance(16 * 60_000);
    await reloginAll(w);
    for (let i = 0; i < 4; i++)
      await expect(login(w, { userId: 'liz', password: 'not it at all', code: '000000' })).rejects.toThrow();
    await expect(
      login(w, { userId: 'liz', password: PASSWORD, code: await testCode(w, 'liz') }),
    ).resolves.toMatchObject({ userId: 'liz' });
  });

  it('T9.1: unknown and known users fail alike, in message and in time (medians within 20%)', async () => {
    const time = async (userId: string) => {
      const start = performance.now();
      const error = await login(w, { userId, password: 'certainly not the password', code: '000000' }).catch(
        (e: Error) => e.message,
      );
      return { ms: performance.now() - start, error };
    };
    await addUser(w, w.as.admin, { id: 'kim', role: 'analyst', password: PASSWORD });
    await time('warm-up'); // the dummy hash is made on first use
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Interleaved pairs; on a busy machine a round can be skewed by load, so up to three rounds are
    // taken: a real difference in the code paths fails all three.
    const rounds: string[] = [];
    for (let round = 0; round < 3; round++) {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 15; i++) {
        await unlockAccount(w, w.as.admin, 'kim');
        const k = await time('kim');
        const u = await time(`ghost${round}-${i}`);
        expect(k.error).toBe(u.error);
        known.push(k.ms);
        unknown.push(u.ms);
      }
      const [k, u] = [median(known), median(unknown)];
      rounds.push(`known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
      if (Math.abs(k - u) / Math.max(k, u) < 0.2) return;
    }
    expect.fail(`p50 of failed logins differ by 20% or more in every round: ${rounds.join('; ')}`);
  });

  it('T9.3: a session dies 1 s after its idle timeout and after 12 hours however active', async () => {
    await assignWork(w, w.as.supervisor, 'ana', 'task:DQ-5');
    await relogin(w, 'analyst');
    const go = () => read(w, 'analyst', 'I94-6', 'DATA_QUALITY_REVIEW', 'task:DQ-5');
    await go();
    w.clock.advance(30 * 60_000);
    await go(); // exactly at the idle limit: still alive, and touched
    w.clock.advance(30 * 60_000 + 1000);
    await expect(go()).rejects.toThrow(/inactivity/);
    await reloginAll(w);

    await relogin(w, 'analyst');
    for (let i = 0; i < 36; i++) {
      w.clock.advance(20 * 60_000);
      await go();
    }
    w.clock.advance(1000);
    await expect(go()).rejects.toThrow(/12-hour/);
    await reloginAll(w);
  });

  it('T9.7: an account with no login for 90 days is disabled at the next sweep, and audited', async () => {
    await addUser(w, w.as.admin, { id: 'old', role: 'analyst', password: PASSWORD });
    await login(w, { userId: 'old', password: PASSWORD, code: await testCode(w, 'old') });
    const before = await lastAuditId(w);
    w.clock.advance(91 * 24 * 3600_000);

    await expect(
      login(w, { userId: 'old', password: PASSWORD, code: await testCode(w, 'old') }),
    ).rejects.toThrow(LOGIN_FAILED);
    const rows = await auditRowsAfter(w, before);

    expect(rows.some((r) => r.event_type === 'account.disable' && r.subjects[0] === 'user:old')).toBe(true);
    expect(JSON.parse(rows.find((r) => r.subjects[0] === 'user:old')!.details)).toMatchObject({
      reason: 'inactive_90_days',
    });
  });

  it('system jobs only write under their own purpose', async () => {
    await expect(
      withAccess(
        w,
        {
          principal: { kind: 'system', name: 'ingest' },
          action: 'record.read',
          event: 'record.read',
          purpose: 'INGEST',
          target: 'run:x',
        },
        async () => ({
          value: 1,
          subjects: [],
          fields: [],
        }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
