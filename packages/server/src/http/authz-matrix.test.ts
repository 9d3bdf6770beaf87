/**
 * RELIABILITY.md T7: every role × every endpoint × object relation against a declared policy table.
 * The endpoint list comes from the running app's OpenAPI document, so a new route without a row here
 * fails (T7.1). Expected results are written by hand from the access policy (never produced by the code
 * under test): 0 unexpected 2xx, no existence oracle, and BOLA by property (T7.4).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBulkAccess } from '../access/bulk-access.js';
import { auditRowsAfter, lastAuditId, PASSWORD, ROLE_USERS } from '../access/test-accountability.js';
import { assignWork, unassignWork } from '../access/work.js';
import { testCode } from '../accounts/test-mfa.js';
import { openRedress } from '../redress/redress.js';
import { storeKinds } from '../test-support.js';
import { type ApiWorld, apiWorld, type Role } from './test-api.js';

/** The callers: one user per role, no session at all, and a session that has been logged out. */
const CALLERS = ['analyst', 'adjudicator', 'supervisor', 'auditor', 'admin', 'anonymous', 'ended'] as const;
type Caller = (typeof CALLERS)[number];
/**
 * Object relations. own: the caller's assigned case (ana and adam are assigned to `mine`; sue opened
 * both cases so she is assigned to both) or dispute; other: an existing case or dispute of someone else;
 * outside: a real person who is not in the case the purpose is bound to; missing: does not exist.
 */
type Relation = 'none' | 'own' | 'other' | 'outside' | 'missing';
type Request = { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object; freshSession?: true };
type Objects = {
  mine: { id: string; personId: string };
  other: { id: string; personId: string };
  ownDispute: string;
  otherDispute: string;
  record: { sourceId: string; sourceRecordId: string };
  /** A bulk-search request of the supervisor's (only another supervisor could grant it). */
  sueApproval: string;
};
type Row = {
  relations: Partial<Record<Relation, (o: Objects, caller: Caller) => Request>>;
  /** Who gets a 2xx (or a domain answer such as 404 "nothing awaits approval", never a refusal). */
  allow: Partial<Record<Caller, readonly Relation[]>>;
  /** The relation that differs from `missing` only in whether the object exists (default: other). */
  twin?: Relation;
};

const WORKERS = { analyst: ['own'], adjudicator: ['own'], supervisor: ['own', 'other'] } as const;
const EVERY_USER = {
  analyst: ['none'],
  adjudicator: ['none'],
  supervisor: ['none'],
  auditor: ['none'],
  admin: ['none'],
} as const;
/** The system-use notice is shown before login (T9.9): anyone, with or without a session, reads it. */
const EVERYONE = { ...EVERY_USER, anonymous: ['none'], ended: ['none'] } as const;
/** Routes a caller without a live session is not refused on. */
const PUBLIC_ROUTES = ['POST /api/sessions', 'GET /api/system-use-notice'];
const CASE_LISTERS = { analyst: ['none'], adjudicator: ['none'], supervisor: ['none'] } as const;
const AUDITOR = { auditor: ['none'] } as const;
const BULK_REASON = 'the access matrix asks for a bulk search';
const why = (caseId: string) => ({ purpose: 'CASE_ADJUDICATION', target: `case:${caseId}` });
const audit = { target: 'task:AUDIT-T7' };

const caseRelations = (step: string, body: (o: Objects) => object) => ({
  own: (o: Objects) =>
    ({ method: 'POST', url: `/api/cases/${o.mine.id}/${step}`, payload: body(o) }) as Request,
  other: (o: Objects) =>
    ({ method: 'POST', url: `/api/cases/${o.other.id}/${step}`, payload: body(o) }) as Request,
  missing: (o: Objects) =>
    ({ method: 'POST', url: `/api/cases/NO-SUCH-CASE/${step}`, payload: body(o) }) as Request,
});
const personRelations = (url: string, extra: object = {}) => ({
  own: (o: Objects) =>
    ({ method: 'POST', url, payload: { personId: o.mine.personId, ...why(o.mine.id), ...extra } }) as Request,
  other: (o: Objects) =>
    ({
      method: 'POST',
      url,
      payload: { personId: o.other.personId, ...why(o.other.id), ...extra },
    }) as Request,
  outside: (o: Objects) =>
    ({
      method: 'POST',
      url,
      payload: { personId: o.other.personId, ...why(o.mine.id), ...extra },
    }) as Request,
  missing: (o: Objects) =>
    ({
      method: 'POST',
      url,
      payload: { personId: 'P-000000000000', ...why(o.mine.id), ...extra },
    }) as Request,
});
const disputeRelations = (step: string, body: object = {}) => ({
  own: (o: Objects) =>
    ({ method: 'POST', url: `/api/redress/${o.ownDispute}/${step}`, payload: body }) as Request,
  other: (o: Objects) =>
    ({ method: 'POST', url: `/api/redress/${o.otherDispute}/${step}`, payload: body }) as Request,
  missing: () => ({ method: 'POST', url: `/api/redress/RDR-NONE/${step}`, payload: body }) as Request,
});
const get = (url: string) => ({ none: () => ({ method: 'GET', url }) as Request });

/** The declared policy (T7.1's policy matrix): one row per route of the OpenAPI document. */
const MATRIX: Record<string, Row> = {
  'POST /api/sessions': {
    relations: {
      none: (_o, c) => ({
        method: 'POST',
        url: '/api/sessions',
        payload: {
          userId: userOf(c),
          password: 'wrong password here',
          code: '000000',
          bannerAcknowledged: true,
        },
      }),
    },
    allow: {},
  },
  /** A wrong code: refused for everyone (a user's session stays; the failure is one auth.step_up row). */
  'POST /api/sessions/step-up': {
    relations: {
      none: () => ({ method: 'POST', url: '/api/sessions/step-up', payload: { code: '000000' } }),
    },
    allow: {},
  },
  'DELETE /api/sessions': {
    relations: { none: () => ({ method: 'DELETE', url: '/api/sessions', freshSession: true }) },
    allow: EVERY_USER,
  },
  'GET /api/me': { relations: get('/api/me'), allow: EVERY_USER },
  'GET /api/system-use-notice': { relations: get('/api/system-use-notice'), allow: EVERYONE },
  'POST /api/persons/search': {
    relations: {
      own: (o) => ({
        method: 'POST',
        url: '/api/persons/search',
        payload: { criteria: { familyName: 'A' }, ...why(o.mine.id) },
      }),
      other: (o) => ({
        method: 'POST',
        url: '/api/persons/search',
        payload: { criteria: { familyName: 'A' }, ...why(o.other.id) },
      }),
    },
    allow: WORKERS,
  },
  // T8.4: asking for a bulk search is bound like the search; only supervisors list and grant requests
  // (the matrix's request is sue's own, so her grant is refused too: a second person grants).
  'POST /api/approvals': {
    relations: {
      own: (o) => ({
        method: 'POST',
        url: '/api/approvals',
        payload: { kind: 'search', criteria: { familyName: 'A' }, ...why(o.mine.id), reason: BULK_REASON },
      }),
      other: (o) => ({
        method: 'POST',
        url: '/api/approvals',
        payload: { kind: 'search', criteria: { familyName: 'A' }, ...why(o.other.id), reason: BULK_REASON },
      }),
    },
    allow: WORKERS,
  },
  'GET /api/approvals': { relations: get('/api/approvals'), allow: { supervisor: ['none'] } },
  'POST /api/approvals/{approvalId}/grant': {
    relations: {
      own: (o) => ({ method: 'POST', url: `/api/approvals/${o.sueApproval}/grant` }),
    },
    allow: {},
  },
  'POST /api/persons/show': {
    relations: personRelations('/api/persons/show'),
    allow: WORKERS,
    twin: 'outside',
  },
  'POST /api/persons/disputes': {
    relations: personRelations('/api/persons/disputes'),
    allow: WORKERS,
    twin: 'outside',
  },
  'POST /api/persons/links/explain': {
    relations: {
      own: (o) => ({
        method: 'POST',
        url: '/api/persons/links/explain',
        payload: { personId: o.mine.personId, a: 'cbp-i94:I94-0', b: 'cbp-i94:I94-1', ...why(o.mine.id) },
      }),
      outside: (o) => ({
        method: 'POST',
        url: '/api/persons/links/explain',
        payload: { personId: o.other.personId, a: 'cbp-i94:I94-0', b: 'cbp-i94:I94-1', ...why(o.mine.id) },
      }),
      missing: (o) => ({
        method: 'POST',
        url: '/api/persons/links/explain',
        payload: { personId: 'P-000000000000', a: 'cbp-i94:I94-0', b: 'cbp-i94:I94-1', ...why(o.mine.id) },
      }),
    },
    allow: WORKERS,
    twin: 'outside',
  },
  'POST /api/persons/accesses': {
    relations: {
      none: (o) => ({
        method: 'POST',
        url: '/api/persons/accesses',
        payload: { personId: o.mine.personId, ...audit },
      }),
    },
    allow: AUDITOR,
  },
  'GET /api/reviews': { relations: get('/api/reviews'), allow: CASE_LISTERS },
  'POST /api/reviews/{taskId}/show': {
    relations: {
      other: () => ({
        method: 'POST',
        url: '/api/reviews/TASK-NOT-MINE/show',
        payload: { purpose: 'IDENTITY_REVIEW', target: 'task:TASK-NOT-MINE' },
      }),
    },
    allow: {},
  },
  'POST /api/reviews/{taskId}/decide': {
    relations: {
      other: () => ({
        method: 'POST',
        url: '/api/reviews/TASK-NOT-MINE/decide',
        payload: { decision: 'same', reason: 'the matrix tries this' },
      }),
    },
    allow: {},
  },
  'GET /api/reports/overstay': { relations: get('/api/reports/overstay'), allow: EVERY_USER },
  'GET /api/sources': { relations: get('/api/sources'), allow: EVERY_USER },
  'GET /api/sources/{sourceId}/receipts': {
    relations: get('/api/sources/cbp-i94/receipts'),
    allow: EVERY_USER,
  },
  'GET /api/quarantine': { relations: get('/api/quarantine'), allow: EVERY_USER },
  'GET /api/audit/verify': { relations: get('/api/audit/verify'), allow: AUDITOR },
  'POST /api/audit/export': {
    relations: { none: () => ({ method: 'POST', url: '/api/audit/export', payload: audit }) },
    allow: AUDITOR,
  },
  'POST /api/audit/entries': {
    relations: {
      none: () => ({ method: 'POST', url: '/api/audit/entries', payload: { ...audit, limit: 2 } }),
    },
    allow: AUDITOR,
  },
  'GET /api/cases': { relations: get('/api/cases'), allow: CASE_LISTERS },
  'POST /api/cases/of-person': {
    relations: {
      none: (o) => ({ method: 'POST', url: '/api/cases/of-person', payload: { personId: o.other.personId } }),
    },
    allow: CASE_LISTERS,
  },
  'POST /api/cases/{caseId}/show': { relations: caseRelations('show', () => ({})), allow: WORKERS },
  'POST /api/cases/{caseId}/transition': {
    // waive_appeal is never allowed from NONE: the step is refused and recorded, the case never moves.
    relations: caseRelations('transition', () => ({
      transition: 'waive_appeal',
      reason: 'the access matrix tries this',
    })),
    allow: WORKERS,
  },
  'POST /api/cases/{caseId}/approve': {
    relations: caseRelations('approve', () => ({ reason: 'the access matrix tries this' })),
    allow: WORKERS,
  },
  'POST /api/cases/{caseId}/decline': {
    relations: caseRelations('decline', () => ({ reason: 'the access matrix tries this' })),
    allow: WORKERS,
  },
  'GET /api/worklist': { relations: get('/api/worklist'), allow: CASE_LISTERS },
  'GET /api/redress': {
    relations: get('/api/redress'),
    allow: { ...CASE_LISTERS, auditor: ['none'] },
  },
  'POST /api/redress': {
    relations: {
      own: (o) => ({
        method: 'POST',
        url: '/api/redress',
        payload: { ...o.record, statement: 'the access matrix files this' },
      }),
    },
    allow: { analyst: ['own'], adjudicator: ['own'], supervisor: ['own'] },
  },
  'POST /api/redress/{redressId}/show': { relations: disputeRelations('show'), allow: WORKERS },
  'POST /api/redress/{redressId}/acknowledge': { relations: disputeRelations('acknowledge'), allow: WORKERS },
  'POST /api/redress/{redressId}/resolve': {
    relations: disputeRelations('resolve', { outcome: 'withdrawn', note: 'withdrawn by the requester' }),
    allow: { adjudicator: ['own'], supervisor: ['own', 'other'] },
  },
};

function userOf(caller: Caller): string {
  return caller in ROLE_USERS ? ROLE_USERS[caller as Role] : 'nobody';
}

const DENIED = [401, 403, 404];
/**
 * Refusals the trail records as a failed authentication, not as an access (RECORDED_ELSEWHERE in
 * http/refusals.ts): each is one failure row of this event and no `denied` row.
 */
const AUTH_FAILURES: Record<string, string> = {
  'urn:ilos:problem:login_failed': 'auth.login',
  'urn:ilos:problem:step_up_failed': 'auth.step_up',
};

describe.each(storeKinds())('T7 access-control matrix on %s', (kind) => {
  let t: ApiWorld;
  let objects: Objects;
  const cookies = {} as Record<Caller, string | undefined>;

  const login = async (role: Role) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: {
        userId: ROLE_USERS[role],
        password: PASSWORD,
        code: await testCode(t.w, ROLE_USERS[role]),
        bannerAcknowledged: true,
      },
    });
    return `ilos_session=${res.cookies.find((c) => c.name === 'ilos_session')!.value}`;
  };
  const send = async (caller: Caller, req: Request) => {
    let cookie = cookies[caller];
    if (req.freshSession && caller in ROLE_USERS) cookie = await login(caller as Role);
    const res = await t.app.inject({
      method: req.method,
      url: req.url,
      headers: cookie === undefined ? {} : { cookie },
      ...(req.payload === undefined ? {} : { payload: req.payload }),
    });
    return res;
  };
  /** Rows of the refusal kinds: `denied`, and failures of each event in AUTH_FAILURES. */
  const refusalRows = async (): Promise<Record<string, number>> => {
    const rows = await t.w.sql.query<{ kind: string; n: number }>(
      `select case when outcome = 'denied' then 'denied' else event_type end as kind, count(*)::int as n
         from audit_log
        where outcome = 'denied' or (outcome = 'failure' and event_type = any($1::text[]))
        group by 1`,
      [Object.values(AUTH_FAILURES)],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  };
  const rowsSince = async (before: Record<string, number>) => {
    const now = await refusalRows();
    const kinds = new Set([...Object.keys(before), ...Object.keys(now)]);
    return Object.fromEntries([...kinds].map((k) => [k, (now[k] ?? 0) - (before[k] ?? 0)]));
  };

  beforeAll(async () => {
    t = await apiWorld(kind);
    const [rec] = await t.w.sql.query<{ source_id: string; source_record_id: string }>(
      'select source_id, source_record_id from person_records where person_id = $1 order by 1, 2 limit 1',
      [t.mine.personId],
    );
    const record = { sourceId: rec!.source_id, sourceRecordId: rec!.source_record_id };
    // Both disputes are filed by sue (so she is assigned to both); ana and adam work the first.
    const own = await openRedress(t.w, t.w.as.supervisor, { ...record, statement: 'own dispute' });
    const other = await openRedress(t.w, t.w.as.supervisor, { ...record, statement: 'other dispute' });
    for (const role of ['analyst', 'adjudicator'] as const)
      await assignWork(t.w, t.w.as.supervisor, ROLE_USERS[role], `redress:${own.id}`);
    const sueApproval = await requestBulkAccess(t.w, t.w.as.supervisor, {
      kind: 'search',
      purpose: 'CASE_ADJUDICATION',
      target: `case:${t.mine.id}`,
      query: { familyName: 'x' },
      reason: BULK_REASON,
    });
    objects = {
      mine: t.mine,
      other: t.other,
      ownDispute: own.id,
      otherDispute: other.id,
      record,
      sueApproval: sueApproval.id,
    };
    for (const role of Object.keys(ROLE_USERS) as Role[]) cookies[role] = t.cookie[role];
    cookies.anonymous = undefined;
    cookies.ended = await login('analyst');
    await t.app.inject({ method: 'DELETE', url: '/api/sessions', headers: { cookie: cookies.ended } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('T7.1 declares every route of the OpenAPI document, and nothing else', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('T7.2 every caller × route × relation matches the table: 0 unexpected 2xx, no existence oracle', async () => {
    const mismatches: string[] = [];
    let requests = 0;
    // T6.6: every refusal (401, 403, or 404 for an object outside the caller's binding) writes exactly one
    // `denied` audit row. A failed login or step-up is not an access refusal: it is one auth.login or
    // auth.step_up failure row (T6.1, T9.3), and no `denied` row.
    let refusals = 0;
    let deniedAudited = 0;
    let authFailures = 0;
    const countDenial = (cell: string, status: number, type: string, rows: Record<string, number>) => {
      if (!DENIED.includes(status)) return;
      const denied = rows.denied ?? 0;
      const event = AUTH_FAILURES[type];
      if (event !== undefined) {
        authFailures++;
        if (denied !== 0 || rows[event] !== 1)
          mismatches.push(
            `${cell}: ${rows[event]} ${event} failure rows and ${denied} denied, expected 1 and 0`,
          );
        return;
      }
      refusals++;
      deniedAudited += denied;
      if (denied !== 1) mismatches.push(`${cell}: ${denied} denied audit rows, expected 1`);
    };
    const typeOf = (res: { json: () => unknown }) => String((res.json() as { type?: unknown }).type);
    for (const [route, row] of Object.entries(MATRIX)) {
      for (const [relation, build] of Object.entries(row.relations) as [
        Relation,
        Row['relations']['own'],
      ][]) {
        const denialStatus = new Map<Caller, number>();
        for (const caller of CALLERS) {
          const allowed = row.allow[caller]?.includes(relation) ?? false;
          const before = await refusalRows();
          const res = await send(caller, build!(objects, caller));
          requests++;
          const status = res.statusCode;
          const cell = `${caller} ${route} [${relation}] → ${status}`;
          if (status >= 500) mismatches.push(`${cell}: server error`);
          else if (allowed) {
            const refusedHere = ((await rowsSince(before)).denied ?? 0) > 0;
            if (status === 401 || status === 403 || refusedHere) mismatches.push(`${cell}: expected access`);
          } else {
            if (!DENIED.includes(status)) mismatches.push(`${cell}: expected a refusal`);
            denialStatus.set(caller, status);
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            countDenial(cell, status, typeOf(res), await rowsSince(before));
          }
          if (caller === 'anonymous' || caller === 'ended') {
            if (!PUBLIC_ROUTES.includes(route) && status !== 401) mismatches.push(`${cell}: expected 401`);
          }
        }
        if (relation === (row.twin ?? 'other')) {
          // An object that exists but is not yours is refused exactly like one that does not exist.
          const missing = row.relations.missing;
          if (missing === undefined) continue;
          for (const [caller, status] of denialStatus) {
            if (caller === 'anonymous' || caller === 'ended') continue;
            const before = await refusalRows();
            const res = await send(caller, missing(objects, caller));
            requests++;
            if (!(row.allow[caller]?.includes('missing') ?? false)) {
              if (res.statusCode !== status)
                mismatches.push(
                  `${caller} ${route}: ${relation} → ${status} but missing → ${res.statusCode}`,
                );
              const cell = `${caller} ${route} [missing] → ${res.statusCode}`;
              countDenial(cell, res.statusCode, typeOf(res), await rowsSince(before));
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(requests).toBeGreaterThan(CALLERS.length * Object.keys(MATRIX).length);
    expect(refusals).toBeGreaterThan(Object.keys(MATRIX).length * 2);
    expect(deniedAudited).toBe(refusals);
    // Every caller's wrong login, and every user's wrong step-up code (no session: an access refusal).
    expect(authFailures).toBe(CALLERS.length + Object.keys(ROLE_USERS).length);
  }, 300_000);

  it('T9.3 a sensitive action 5 minutes after the login is 403 step_up_required, with one denied row', async () => {
    const ida = ROLE_USERS.auditor;
    const live = 'user_id = $1 and ended_at is null';
    const sixMinutesAgo = new Date(t.w.now().getTime() - 6 * 60_000);
    await t.w.sql.query(`update sessions set authenticated_at = $2 where ${live}`, [ida, sixMinutesAgo]);
    try {
      const before = await lastAuditId(t.w);

      const res = await send('auditor', { method: 'POST', url: '/api/audit/export', payload: audit });

      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:step_up_required' });
      const rows = await auditRowsAfter(t.w, before);
      expect(rows.map((r) => [r.outcome, r.actor_id, r.reason])).toEqual([
        ['denied', ida, 'step_up_required'],
      ]);
    } finally {
      await t.w.sql.query(`update sessions set authenticated_at = null where ${live}`, [ida]);
    }
  });

  it('T9.3 a wrong step-up code is one row, its auth.step_up failure, and no access refusal beside it', async () => {
    const before = await lastAuditId(t.w);

    const res = await send('auditor', {
      method: 'POST',
      url: '/api/sessions/step-up',
      payload: { code: '000000' },
    });

    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ type: 'urn:ilos:problem:step_up_failed' });
    const rows = await auditRowsAfter(t.w, before);
    expect(rows.map((r) => [r.event_type, r.outcome, r.actor_id, r.reason])).toEqual([
      ['auth.step_up', 'failure', ROLE_USERS.auditor, 'bad_code'],
    ]);
  });

  it('T7.4 random object ids on case and person routes never reach data that is not yours', async () => {
    const ids = fc.oneof(
      fc.constantFrom(
        'T-2',
        '../T-1',
        'T-1%2F..',
        'T-1/../T-2',
        '%2e%2e',
        '0',
        '-1',
        '1e3',
        'null',
        'T-1 ',
        'T-1\u0000',
      ),
      fc.uuid(),
      fc.integer({ min: -5, max: 1_000_000 }).map(String),
      fc.string({ minLength: 1, maxLength: 40 }),
    );
    const steps = fc.constantFrom('show', 'transition', 'approve', 'decline');
    const roles = fc.constantFrom<Role>('analyst', 'adjudicator', 'auditor', 'admin');
    await fc.assert(
      fc.asyncProperty(ids, steps, roles, fc.boolean(), async (id, step, role, bindToMine) => {
        const body: Record<string, unknown> = { reason: 'random object id', transition: 'waive_appeal' };
        if (bindToMine) Object.assign(body, why(objects.mine.id));
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${encodeURIComponent(id)}/${step}`,
          headers: { cookie: t.cookie[role] },
          payload: body,
        });
        // The oracle: only ana and adam, only on their own case T-1.
        const mayReach = id === objects.mine.id && (role === 'analyst' || role === 'adjudicator');
        expect(res.statusCode).toBeLessThan(500);
        if (!mayReach) expect(res.statusCode).toBeGreaterThanOrEqual(400);
        if (!mayReach) expect(res.body).not.toContain(objects.other.personId);

        const person = await t.app.inject({
          method: 'POST',
          url: '/api/persons/show',
          headers: { cookie: t.cookie[role] },
          payload: { personId: id, ...why(objects.mine.id) },
        });
        expect(person.statusCode === 200).toBe(
          id === objects.mine.personId && (role === 'analyst' || role === 'adjudicator'),
        );
      }),
      { numRuns: 150, seed: 7 },
    );
  }, 300_000);

  it('T7.6 a revoked assignment is refused on the very next request, over HTTP', async () => {
    await assignWork(t.w, t.w.as.supervisor, ROLE_USERS.analyst, `case:${objects.other.id}`);
    const show = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/cases/${objects.other.id}/show`,
        headers: { cookie: t.cookie.analyst },
        payload: {},
      });
    expect((await show()).statusCode).toBe(200);
    await unassignWork(t.w, t.w.as.supervisor, ROLE_USERS.analyst, `case:${objects.other.id}`);
    // The next request, with no pause: there is no cache window to wait out.
    expect((await show()).statusCode).toBe(403);
  });
});
