import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_EVENT_TYPES, allFieldsOf } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRefusal, type Principal, withAccess } from '../access/access-layer.js';
import { grantBulkAccess, requestBulkAccess } from '../access/bulk-access.js';
import { listReviews } from '../access/review-reads.js';
import {
  type AuditRow,
  auditRowsAfter,
  lastAuditId,
  PASSWORD,
  ROLE_USERS,
  session,
  type World,
  world,
} from '../access/test-accountability.js';
import {
  assignments,
  assignWork,
  breakGlassReviews,
  openBreakGlass,
  reviewBreakGlassAccess,
  unassignWork,
} from '../access/work.js';
import {
  addUser,
  changePassword,
  disableAccount,
  enableAccount,
  flagAccount,
  listAccounts,
  login,
  logout,
  resetMfa,
  stepUp,
  unlockAccount,
} from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import { approveStep, listCases, openCase, showCase, transitionCase } from '../cases/cases.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { admissionLine, goodAdmission, I94_COLUMNS } from '../ingest/test-batch.js';
import { resolveAndDerive } from '../persons/resolve-store.js';
import { decideIdentity } from '../records-access/decide-identity.js';
import { discloseRecords, individualAccessReport } from '../records-access/disclose.js';
import { showRecord } from '../records-access/show-record.js';
import {
  acknowledgeRedress,
  openRedress,
  redressWorkList,
  resolveRedress,
  showRedress,
} from '../redress/redress.js';
import { addSource } from '../registry/sources.js';
import { addHold, legalHolds, releaseLegalHold, runRetention } from '../retention/retention.js';
import { storeKinds } from '../test-support.js';
import { flagSensitivePerson, linkPerson, sensitivePersons, setUserFamilyName } from './oversight-lists.js';
import { oversight } from './oversight-report.js';
import { exportAudit } from './verify.js';

const tokenOf = (p: Principal) => (p.kind === 'session' ? p.token : '');

describe.each(storeKinds())('audit coverage and minimisation (T6) on %s', (kind) => {
  let w: World;
  const seen = new Map<string, AuditRow[]>();
  const dir = mkdtempSync(join(tmpdir(), 'ilos-t6-'));
  const tokens: string[] = [];

  /** Runs one action and returns the audit rows it wrote. */
  const expectRows = async (action: () => Promise<unknown>, eventType: string, count = 1) => {
    const before = await lastAuditId(w);
    await action().catch(() => undefined);
    const rows = (await auditRowsAfter(w, before)).filter((r) => r.event_type === eventType);
    expect(rows, eventType).toHaveLength(count);
    seen.set(eventType, [...(seen.get(eventType) ?? []), ...rows]);
    return rows;
  };

  beforeAll(async () => {
    w = await world(kind);
    for (const p of Object.values(w.as)) tokens.push(tokenOf(p));
  });
  afterAll(async () => {
    await w?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('T6.1/T6.2: every event type is written exactly once per event, with who, when, what, why and outcome', async () => {
    const a = w.as;
    await expectRows(
      () => addUser(w, a.admin, { id: 'cara', role: 'analyst', password: PASSWORD }),
      'account.create',
    );
    let cara = session('');
    await expectRows(async () => {
      cara = session(
        (await login(w, { userId: 'cara', password: PASSWORD, code: await testCode(w, 'cara') })).token,
      );
      tokens.push(tokenOf(cara));
    }, 'auth.login');
    w.clock.advance(1000); // failures count from after the last successful login
    await expectRows(
      () => login(w, { userId: 'cara', password: 'wrong password!', code: '000000' }),
      'auth.login',
    );
    await expectRows(
      () => changePassword(w, tokenOf(cara), PASSWORD, `${PASSWORD} two`),
      'auth.password_change',
    );
    await expectRows(async () => {
      const up = await stepUp(w, { token: tokenOf(cara), code: await testCode(w, 'cara') });
      tokens.push(up.token);
    }, 'auth.step_up');
    await expectRows(() => listAccounts(w, a.admin), 'account.list');
    for (let i = 0; i < 3; i++)
      await login(w, { userId: 'cara', password: 'wrong again!!', code: '000000' }).catch(() => undefined); // 4 failures so far
    await expectRows(
      () => login(w, { userId: 'cara', password: 'wrong again!!', code: '000000' }),
      'auth.lockout',
    );
    await expectRows(() => unlockAccount(w, a.admin, 'cara'), 'account.unlock');
    await expectRows(() => disableAccount(w, a.admin, 'cara', 'test'), 'account.disable');
    await expectRows(() => enableAccount(w, a.admin, 'cara'), 'account.enable');
    await expectRows(() => resetMfa(w, a.admin, 'cara'), 'account.reset_mfa');
    await expectRows(() => flagAccount(w, a.supervisor, 'cara', 'test'), 'account.flag');
    const gone = { personId: 'P-T6', unlink: true, remove: true, reason: 'T6' }; // no person needed
    await expectRows(() => linkPerson(w, a.admin, { userId: 'cara', ...gone }), 'account.link_person');
    await expectRows(
      () => setUserFamilyName(w, a.admin, { userId: 'cara', familyName: 'T6' }),
      'account.family_name',
    );
    await expectRows(() => flagSensitivePerson(w, a.supervisor, gone), 'sensitive.flag');
    await expectRows(() => sensitivePersons(w, a.auditor), 'sensitive.list');
    await expectRows(() => enableAccount(w, a.admin, 'cara'), 'account.enable');
    await expectRows(() => assignWork(w, a.supervisor, 'ana', 'task:T6'), 'access.assign');
    await expectRows(() => assignments(w, a.supervisor), 'access.list');
    await expectRows(
      () =>
        showRecord(w, a.analyst, {
          sourceId: 'cbp-i94',
          sourceRecordId: 'I94-1',
          purpose: 'DATA_QUALITY_REVIEW',
          target: 'task:T6',
        }),
      'record.read',
    );
    await expectRows(
      () =>
        showRecord(w, a.analyst, {
          sourceId: 'cbp-i94',
          sourceRecordId: 'I94-1',
          purpose: 'IDENTITY_REVIEW',
          target: 'task:T7',
        }),
      'record.read',
    );
    await expectRows(
      () =>
        withAccess(
          w,
          {
            principal: a.analyst,
            action: 'record.read',
            event: 'record.search',
            purpose: 'DATA_QUALITY_REVIEW',
            target: 'task:T6',
            query: { nameHash: 'ab12' },
          },
          async () => ({ value: [], subjects: ['record:cbp-i94/I94-1'], fields: ['familyName'] }),
        ),
      'record.search',
    );
    await expectRows(() => unassignWork(w, a.supervisor, 'ana', 'task:T6'), 'access.unassign');
    let grantId = '';
    await expectRows(async () => {
      grantId = (
        await openBreakGlass(w, a.adjudicator, {
          purpose: 'CASE_ADJUDICATION',
          target: 'case:T6',
          justification: 'emergency hearing this afternoon',
        })
      ).id;
    }, 'access.break_glass');
    await expectRows(() => breakGlassReviews(w, a.supervisor), 'access.list');
    await expectRows(
      () => reviewBreakGlassAccess(w, a.supervisor, { id: grantId, outcome: 'justified', note: 'ok' }),
      'access.review',
    );
    let redressId = '';
    await expectRows(async () => {
      redressId = (
        await openRedress(w, a.adjudicator, {
          sourceId: 'cbp-i94',
          sourceRecordId: 'I94-7',
          statement: 'my name is misspelt',
        })
      ).id;
    }, 'redress.open');
    await expectRows(() => showRedress(w, a.adjudicator, redressId), 'redress.read');
    await expectRows(() => redressWorkList(w, a.adjudicator), 'redress.list');
    await expectRows(() => acknowledgeRedress(w, a.adjudicator, redressId), 'redress.acknowledge');
    await expectRows(
      () =>
        resolveRedress(w, a.adjudicator, {
          id: redressId,
          outcome: 'amended',
          note: 'fixed',
          corrections: { givenName: 'ANNE' },
        }),
      'redress.resolve',
    );
    // Person-level events: an identity decision, a disclosure and an access report (T12), on persons filed here.
    await w.sql.query(`insert into persons (person_id) values ('P-6')`);
    await w.sql.query(
      `insert into person_records (source_id, source_record_id, person_id) values ('cbp-i94', 'I94-3', 'P-6')`,
    );
    await w.sql.query(
      `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
       values ('T-6', 'cbp-i94:I94-3', 'cbp-i94:I94-4', 'probable', 'names agree', 0.7, 3, '[]')`,
    );
    await w.sql.query(
      `insert into cases (id, person_id, state, active, version, opened_by, opened_at, updated_at)
       values ('C-6', 'P-6', 'NONE', true, 1, 'sue', now(), now())`,
    );
    await assignWork(w, a.supervisor, 'ana', 'task:T-6');
    await assignWork(w, a.supervisor, 'adam', 'case:C-6');
    await expectRows(
      () =>
        decideIdentity(w, a.analyst, { taskId: 'T-6', decision: 'different', reason: 'different parents' }),
      'identity.decide',
    );
    await expectRows(() => listReviews(w, a.analyst, { state: 'open', limit: 5 }), 'review.list');
    // Bulk access (T8.4): asked for by the analyst, granted by a supervisor.
    let bulkId = '';
    await expectRows(async () => {
      bulkId = (
        await requestBulkAccess(w, a.analyst, {
          kind: 'search',
          purpose: 'IDENTITY_REVIEW',
          target: 'task:T-6',
          query: { familyName: 'f00d' },
          reason: 'every candidate for the T-6 review',
        })
      ).id;
    }, 'access.bulk_request');
    await expectRows(() => grantBulkAccess(w, a.supervisor, { id: bulkId }), 'access.bulk_approve');
    // A request refused before the access layer (no session): the HTTP edge records it (T6.6).
    await expectRows(
      () =>
        auditRefusal(w, {
          token: undefined,
          component: 'api',
          sourceIp: '127.0.0.1',
          route: 'GET /api/me',
          reason: 'unauthenticated',
        }),
      'access.denied',
    );
    await expectRows(
      () =>
        discloseRecords(w, a.adjudicator, {
          records: [{ sourceId: 'cbp-i94', sourceRecordId: 'I94-3' }],
          routineUse: 'RU-COURT',
          nature: 'share',
          recipient: { name: 'Immigration Court', contact: 'clerk@court.example.org' },
          purpose: 'CASE_ADJUDICATION',
          target: 'case:C-6',
        }),
      'record.disclose',
    );
    const request = await openRedress(w, a.adjudicator, {
      sourceId: 'cbp-i94',
      sourceRecordId: 'I94-3',
      statement: 'what do you hold on me',
    });
    await expectRows(
      () =>
        individualAccessReport(w, a.adjudicator, {
          personId: 'P-6',
          purpose: 'REDRESS',
          target: `redress:${request.id}`,
        }),
      'privacy.access_report',
    );
    // Removal cases: opening for a person with no records fails and is audited; a case the adjudicator is
    // not assigned to is refused and audited.
    await expectRows(() => openCase(w, a.adjudicator, { personId: 'P-NOBODY', reason: 'T6' }), 'case.open');
    await expectRows(() => listCases(w, a.adjudicator), 'case.list');
    await expectRows(() => showCase(w, a.adjudicator, 'C-T6'), 'case.read');
    await expectRows(
      () => transitionCase(w, a.adjudicator, { caseId: 'C-T6', transition: 'grant_stay', reason: 'T6' }),
      'case.transition',
    );
    await expectRows(() => approveStep(w, a.supervisor, { caseId: 'C-T6', reason: 'T6' }), 'case.approve');
    let holdId = '';
    await expectRows(async () => {
      holdId = (await addHold(w, a.supervisor, { sourceId: 'sevis', reason: 'preservation order' })).id;
    }, 'retention.hold');
    await expectRows(() => legalHolds(w, a.supervisor), 'retention.list');
    await expectRows(() => releaseLegalHold(w, a.supervisor, holdId), 'retention.release');
    await expectRows(() => runRetention(w, { dryRun: true }), 'retention.run');
    await expectRows(() => runRetention(w, { asOf: '2200-01-01' }), 'retention.run');
    expect(seen.has('record.dispose') || (await lastAuditId(w)) > 0).toBe(true);
    await expectRows(
      () => exportAudit(w, a.auditor, { out: join(dir, 'a.jsonl'), target: 'task:T6' }),
      'audit.export',
    );
    await expectRows(
      () => oversight(w, a.auditor, { since: new Date(0), until: new Date('2100-01-01'), target: 'task:T6' }),
      'audit.report',
    );
    // A year and more later, retention redacts the old entries, and says so in the trail (T13.2).
    for (let day = 0; day < 400; day += 80) {
      w.clock.advance(80 * 86_400_000); // everyone logs in within 90 days, so no account goes idle (T9.7)
      for (const [role, id] of Object.entries(ROLE_USERS))
        w.as[role as keyof typeof ROLE_USERS] = session(
          (await login(w, { userId: id, password: PASSWORD, code: await testCode(w, id) })).token,
        );
    }
    await expectRows(() => runRetention(w), 'audit.redact');
    const again = (await login(w, { userId: 'ana', password: PASSWORD, code: await testCode(w, 'ana') }))
      .token;
    tokens.push(again);
    await expectRows(() => logout(w, again), 'auth.logout');
    // Configuration (the source registry) and batch resolution (system:resolve): merges, splits and
    // status changes are audit events, one row per event, and an unchanged person writes none.
    await expectRows(
      () =>
        addSource(
          w,
          {
            id: 't6-feed',
            name: 'T6 feed',
            authority: 'TEST',
            retentionYears: 5,
            recordTypes: { admission: allFieldsOf('admission') },
          },
          w.as.admin,
        ),
      'config.change',
    );
    const resolve = () => resolveAndDerive(w, '2026-06-01', { thread: false });
    // Fresh admissions (retention disposed of the first ones), one person's twice, so a person has two records.
    const twin = join(dir, 'cbp-i94.csv');
    writeFileSync(
      twin,
      [
        I94_COLUMNS.join(','),
        ...[20, 21, 22, 23].map((i) => admissionLine(goodAdmission(i))),
        admissionLine({ ...goodAdmission(20), sourceRecordId: 'I94-20B' }),
      ].join('\n'),
    );
    await ingestFile(w, { path: twin });
    await resolve();
    const quiet = await expectRows(resolve, 'status.change', 0);
    expect(quiet).toEqual([]);
    const [one] = await w.sql.query<{ person_id: string; status: string }>(
      'select person_id, status from person_status order by person_id limit 1',
    );
    await w.sql.query(`update person_status set status = 'T6-TAMPERED' where person_id = $1`, [
      one!.person_id,
    ]);
    const [changed] = await expectRows(resolve, 'status.change');
    expect(changed!.subjects).toEqual([`person:${one!.person_id}`]);
    expect(JSON.parse(changed!.details)).toMatchObject({ from: 'T6-TAMPERED', to: one!.status });
    // A merge: one record of a person with two is filed under an id of its own, so the next run joins it
    // back. A split: a second person's records are filed under the first's id, so the next run parts them.
    console.log(
      JSON.stringify(await w.sql.query('select * from person_records order by 3')),
      JSON.stringify(await w.sql.query('select a,b,strength,person_id from identity_links')),
      JSON.stringify(await w.sql.query('select a,b,state from review_tasks')),
    );
    const [pair] = await w.sql.query<{ person_id: string; source_id: string; source_record_id: string }>(
      `select person_id, source_id, source_record_id from person_records
        where person_id in (select person_id from person_records group by person_id having count(*) >= 2)
        order by person_id, source_id, source_record_id limit 1`,
    );
    expect(pair, 'the fixture has a person with two records').toBeDefined();
    const [keep, other] = await w.sql.query<{ person_id: string }>(
      `select distinct person_id from person_records where person_id <> $1 order by person_id limit 2`,
      [pair!.person_id],
    );
    await w.sql.query(`insert into persons (person_id) values ('P-T6MERGE')`);
    await w.sql.query(
      `update person_records set person_id = 'P-T6MERGE' where source_id = $1 and source_record_id = $2`,
      [pair!.source_id, pair!.source_record_id],
    );
    await w.sql.query('update person_records set person_id = $1 where person_id = $2', [
      keep!.person_id,
      other!.person_id,
    ]);
    const last = await lastAuditId(w);
    await resolve();
    const after = await auditRowsAfter(w, last);
    const merges = after.filter((r) => r.event_type === 'identity.merge');
    const splits = after.filter((r) => r.event_type === 'identity.split');
    expect([merges.length, splits.length]).toEqual([1, 1]);
    seen.set('identity.merge', merges);
    seen.set('identity.split', splits);
    const [merge, split] = [merges[0], splits[0]];
    expect(merge!.subjects).toContain(`record:${pair!.source_id}/${pair!.source_record_id}`);
    expect(merge!.subjects).toEqual(
      expect.arrayContaining(['person:P-T6MERGE', `person:${pair!.person_id}`]),
    );
    expect(split!.subjects).toContain(`person:${keep!.person_id}`);
    for (const row of [merge!, split!]) {
      expect(row).toMatchObject({ actor_id: 'system:resolve', actor_role: 'system', session_id: null });
      expect(row.subjects.filter((s) => s.startsWith('person:'))).toHaveLength(2);
      expect(row.subjects.some((s) => s.startsWith('record:'))).toBe(true);
    }
    const events = await w.sql.query<{ kind: string }>(
      "select kind from person_events where kind in ('merged', 'split') and actor = 'system:resolve'",
    );
    expect(events.map((e) => e.kind).sort()).toEqual(['merged', 'split']);
    const writes = await w.sql.query<AuditRow>(
      "select * from audit_log where event_type in ('record.write', 'record.dispose')",
    );
    for (const row of writes) seen.set(row.event_type, [...(seen.get(row.event_type) ?? []), row]);

    expect([...seen.keys()].sort()).toEqual([...AUDIT_EVENT_TYPES].sort());
    for (const [type, rows] of seen) {
      for (const row of rows) {
        expect(row.at, type).toBeInstanceOf(Date);
        for (const field of [
          'component',
          'source_ip',
          'actor_id',
          'actor_role',
          'outcome',
          'details',
        ] as const) {
          expect(row[field], `${type}.${field}`).toBeTruthy();
        }
        expect(Array.isArray(row.subjects) && Array.isArray(row.fields), type).toBe(true);
        const beforeSession = type === 'auth.lockout' || (type === 'auth.login' && row.outcome !== 'success');
        if (row.actor_role !== 'system' && row.outcome === 'success' && !beforeSession) {
          expect(row.session_id, type).toMatch(/^s_/); // the session's public id, never its token
        }
        if (type.startsWith('record.') || type === 'redress.read') expect(row.purpose, type).toBeTruthy();
      }
    }
  });

  it('T6.6: a refused access is audited as denied with its reason', async () => {
    const rows = await expectRows(
      () =>
        showRecord(w, w.as.analyst, {
          sourceId: 'cbp-i94',
          sourceRecordId: 'I94-1',
          purpose: 'DATA_QUALITY_REVIEW',
          target: 'task:NOT-MINE',
        }),
      'record.read',
    );
    expect(rows[0]).toMatchObject({ outcome: 'denied', reason: 'not_assigned', target: 'task:NOT-MINE' });
  });

  it('T6.3: no row holds a password, a session token, an SSN or any record value', async () => {
    const all = await w.sql.query<Record<string, unknown>>('select * from audit_log');
    const text = JSON.stringify(all);
    const values = await w.sql.query<{ v: string }>(
      "select distinct value as v from records, jsonb_each_text(payload) where length(value) >= 4 and value !~ '^[0-9-]+$'",
    );

    expect(text).not.toContain(PASSWORD);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/);
    const leaked = values
      .map((r) => r.v)
      .filter((v) => !['AIR', 'JFK'].includes(v) && text.includes(`"${v}"`));
    expect(leaked).toEqual([]);
  });

  it('T6.5: CR/LF, escapes, quotes and 100 KB strings are clipped and stay verifiable', async () => {
    const nasty = `task:X\r\n\u001b[31m"}{${'y'.repeat(100_000)}`;
    const rows = await expectRows(
      () =>
        showRecord(w, w.as.analyst, {
          sourceId: 'cbp-i94',
          sourceRecordId: `I94-1\r\n"evil"${'z'.repeat(100_000)}`,
          purpose: 'DATA_QUALITY_REVIEW',
          target: nasty,
        }),
      'record.read',
    );
    expect(JSON.stringify(rows[0]).length).toBeLessThan(5000);
    expect(rows[0]!.details).toContain('…[truncated');
  });
});
