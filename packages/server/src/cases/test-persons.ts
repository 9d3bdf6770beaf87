/**
 * Test support for the case suites: persons filed straight into the store (records + person_records),
 * each in one legal situation of RULES.md §7.5, plus a fake clock and the officers who act. Test-only.
 */
import type { CaseActor } from '@ilos/core';
import type { Principal } from '../access/access-layer.js';
import { addUser, login } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import type { Context } from '../context.js';

export type Clock = { now: () => Date; set: (iso: string) => void; advanceDays: (days: number) => void };

export function fakeClock(start = '2025-06-02T12:00:00.000Z'): Clock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advanceDays: (days) => {
      t += days * 86_400_000;
    },
  };
}

/** Officers: two adjudicators ask, two supervisors approve, an analyst records (and may not approve). */
export const OFFICERS = {
  ana: { id: 'ana', role: 'adjudicator' },
  bo: { id: 'bo', role: 'adjudicator' },
  sue: { id: 'sue', role: 'supervisor' },
  sam: { id: 'sam', role: 'supervisor' },
  al: { id: 'al', role: 'analyst' },
} as const satisfies Record<string, CaseActor>;
export type Officer = keyof typeof OFFICERS;

const SESSIONS = new Map<string, Principal>();
const PASSWORD = 'a long enough case test pass phrase';

/**
 * Creates the officers' accounts and logs each in. The sessions are opened at `sessionsAt` — after the
 * days the test's fake clock walks through — so they stay live while the clock moves over weeks of a
 * case (session timeouts are tested in accounts/, not here). Call once per store.
 */
export async function loginOfficers(ctx: Context, sessionsAt = '2100-01-01T00:00:00.000Z'): Promise<void> {
  const at: Context = { ...ctx, now: () => new Date(sessionsAt) };
  await addUser(at, undefined, { id: 'root', role: 'admin', password: PASSWORD });
  const root: Principal = {
    kind: 'session',
    token: (await login(at, { userId: 'root', password: PASSWORD, code: await testCode(at, 'root') })).token,
  };
  for (const officer of Object.values(OFFICERS)) {
    await addUser(at, root, { id: officer.id, role: officer.role, password: PASSWORD });
    const { token } = await login(at, {
      userId: officer.id,
      password: PASSWORD,
      code: await testCode(at, officer.id),
    });
    SESSIONS.set(officer.id, { kind: 'session', token, component: 'cli', sourceIp: 'local' });
  }
}

/** The logged-in session of an officer (after loginOfficers). */
export function as(officer: CaseActor): Principal {
  const principal = SESSIONS.get(officer.id);
  if (principal === undefined) throw new Error(`no session for ${officer.id}: call loginOfficers first`);
  return principal;
}

/** Assigns every officer to a case (test set-up; in the product a supervisor assigns with ilos access assign). */
export async function assignOfficers(ctx: Context, caseId: string): Promise<void> {
  for (const officer of Object.values(OFFICERS))
    await ctx.sql.query(
      `insert into access_assignments (user_id, target, assigned_by, assigned_at) values ($1, $2, 'root', $3)
       on conflict do nothing`,
      [officer.id, `case:${caseId}`, ctx.now()],
    );
}

export type TestRecord = { source: string; id: string; type: string; fields: Record<string, string> };

const identity = { familyName: 'TESTER', givenName: 'PAT', dateOfBirth: '1985-01-01' };

/** A B-2 overstay with a waived-appeal removal order on 2025-04-10: removal may proceed from then on. */
export function finalOrderRecords(n: string): TestRecord[] {
  return [
    {
      source: 'cbp-i94',
      id: `I94-${n}`,
      type: 'admission',
      fields: {
        ...identity,
        admissionDate: '2022-09-01',
        classOfAdmission: 'B2',
        admitUntil: '2023-02-28',
        mode: 'AIR',
      },
    },
    ...proceedingsRecords(n),
    courtRecord(n, 2, {
      eventType: 'IJ_DECISION',
      eventDate: '2025-04-10',
      outcome: 'REMOVAL_ORDERED',
      inAbsentia: 'false',
      appealWaived: 'true',
      designatedCountry: 'PER',
    }),
  ];
}

/** NTA served and filed, no decision yet. */
export function proceedingsRecords(n: string): TestRecord[] {
  return [
    {
      source: 'ice-removals',
      id: `EID-${n}`,
      type: 'removal_event',
      fields: { aNumber: `A${n}`, eventType: 'NTA_ISSUED', eventDate: '2023-11-01' },
    },
    courtRecord(n, 1, { eventType: 'NTA_FILED', eventDate: '2024-01-10' }),
  ];
}

export function courtRecord(n: string, seq: number, fields: Record<string, string>): TestRecord {
  return {
    source: 'eoir-cases',
    id: `A${n}-${String(seq).padStart(3, '0')}`,
    type: 'court_event',
    fields: { aNumber: `A${n}`, court: 'ARLINGTON', ...fields },
  };
}

export function counselRecord(n: string, filedDate: string, name = 'Ana Ruiz'): TestRecord {
  return {
    source: 'counsel-filings',
    id: `CF-${n}-${filedDate}`,
    type: 'counsel_appearance',
    fields: { ...identity, filedDate, form: 'EOIR-28', counselName: name, counselBarNumber: 'NY-100' },
  };
}

/** The situations of RULES.md §7.5 the suites use, by person id. */
export function situations(): Record<string, TestRecord[]> {
  return {
    'P-CLEAR': [...finalOrderRecords('100'), counselRecord('100', '2024-02-01')],
    'P-CITIZEN': [
      ...finalOrderRecords('101'),
      {
        source: 'vital-records',
        id: 'BC-101',
        type: 'birth_record',
        fields: { ...identity, certificateNumber: 'BC-101', birthState: 'TX' },
      },
    ],
    'P-CLAIM': [
      ...finalOrderRecords('102'),
      {
        source: 'counsel-filings',
        id: 'CF-102-claim',
        type: 'citizenship_claim',
        fields: { ...identity, assertedDate: '2025-05-01', basis: 'BIRTH_IN_US', resolution: 'UNDER_REVIEW' },
      },
    ],
    'P-STAY': [
      ...finalOrderRecords('103'),
      courtRecord('103', 3, { eventType: 'STAY_GRANTED', eventDate: '2025-05-01', stayBy: 'DHS' }),
    ],
    'P-TPS': [
      ...finalOrderRecords('104'),
      {
        source: 'uscis-benefits',
        id: 'TPS-104',
        type: 'benefit_decision',
        fields: {
          ...identity,
          benefitType: 'TPS',
          outcome: 'APPROVED',
          decisionDate: '2025-05-01',
          grantedUntil: '2027-01-01',
          tpsCountry: 'SLV',
        },
      },
    ],
    'P-PENDING': [
      {
        source: 'cbp-i94',
        id: 'I94-105',
        type: 'admission',
        fields: {
          ...identity,
          admissionDate: '2022-09-01',
          classOfAdmission: 'B2',
          admitUntil: '2023-02-28',
        },
      },
      ...proceedingsRecords('105'),
    ],
    'P-PROBABLE': finalOrderRecords('106'),
    'P-DISPUTED': finalOrderRecords('107'),
    'P-DEPARTED': [
      ...finalOrderRecords('108'),
      {
        source: 'cbp-apis',
        id: 'APIS-108',
        type: 'departure',
        fields: { ...identity, departureDate: '2025-05-02', departureSource: 'CBP_APIS_AIR' },
      },
    ],
  };
}

/** Files records to persons directly (what ingest + resolve would do), one version each. */
export async function seedPersons(ctx: Context, persons: Record<string, TestRecord[]>): Promise<void> {
  await ctx.sql.transact(async (tx) => {
    for (const [personId, records] of Object.entries(persons)) {
      await tx.query('insert into persons (person_id) values ($1) on conflict do nothing', [personId]);
      for (const r of records) await addRecord(tx, personId, r);
    }
  });
}

export async function addRecord(
  sql: Pick<Context['sql'], 'query'>,
  personId: string,
  r: TestRecord,
): Promise<void> {
  await sql.query(
    `insert into records (source_id, source_record_id, version, source_version, record_type, content_sha256, payload,
                          ingest_run_id, line, is_current)
     values ($1, $2, 1, 1, $3, 'test', $4::text::jsonb, 'test-run', 0, true)`,
    [r.source, r.id, r.type, JSON.stringify({ sourceRecordId: r.id, recordType: r.type, ...r.fields })],
  );
  await sql.query('insert into person_records (source_id, source_record_id, person_id) values ($1, $2, $3)', [
    r.source,
    r.id,
    personId,
  ]);
}

/** Marks the link between two of a person's records as only probable (a model's guess). */
export async function addProbableLink(ctx: Context, personId: string, a: string, b: string): Promise<void> {
  await ctx.sql.query(
    `insert into identity_links (a, b, person_id, strength, decided_by, rule, probability, weight, evidence)
     values ($1, $2, $3, 'probable', 'model', null, 0.93, 7.5, '[]'::jsonb)`,
    [a, b, personId],
  );
}

/** An open Privacy Act dispute on a record (what ilos redress open would store). */
export async function addDispute(
  ctx: Context,
  id: string,
  source: string,
  sourceRecordId: string,
): Promise<void> {
  await ctx.sql.query(
    `insert into redress_requests (id, source_id, source_record_id, statement, requester, status, received_on,
                                   acknowledge_by, decide_by, opened_by, opened_at)
     values ($1, $2, $3, 'the decision record names someone else', 'subject', 'open', '2025-05-20', '2025-06-03',
             '2025-07-01', 'ana', now())`,
    [id, source, sourceRecordId],
  );
}

/** Puts a case straight into a state (a test shortcut past the steps that lead there). */
export async function forceState(
  ctx: Context,
  caseId: string,
  state: string,
  extra: { ijOutcome?: string; appealDeadline?: string; vdDepartBy?: string } = {},
): Promise<void> {
  await ctx.sql.query(
    `update cases set state = $2, ij_outcome = $3, appeal_deadline = $4, vd_depart_by = $5, notice_served_on = '2024-02-01',
            version = version + 1 where id = $1`,
    [caseId, state, extra.ijOutcome ?? null, extra.appealDeadline ?? null, extra.vdDepartBy ?? null],
  );
}
