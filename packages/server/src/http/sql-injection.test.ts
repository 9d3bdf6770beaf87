/**
 * RELIABILITY.md T10.4 (ASVS 1.2.4): a corpus of SQL-injection payloads goes into every string parameter of
 * every route of the OpenAPI document — path, query and body fields, the session cookie and the headers the
 * server might record — on top of a request that is otherwise valid, as the role that route serves, so the
 * payload gets as far into the handlers as it can. Not one database error of class 42 (syntax error or
 * access rule violation: SQL built from input) may result, and no request may be answered with a 5xx.
 *
 * Two witnesses of the database's errors:
 * - the driver port (both stores): every error thrown by query, finalQuery, copyRows or exec of the store's
 *   `Sql` (db/sql.ts), inside transactions too, is recorded with its SQLSTATE `code`;
 * - the PostgreSQL server's own log, when the test can read it (the server logs to stderr, which Debian's
 *   pg_ctlcluster writes to /var/log/postgresql/postgresql-<cluster>.log; or the collector's file): the
 *   ERROR lines written during the corpus for this test's own database (log_line_prefix carries %d).
 *   The prefix carries no %e, so a line's class is told by its message (the class-42 messages below).
 * A control query with a deliberate syntax error first shows that both witnesses see one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, ROLE_USERS } from '../access/test-accountability.js';
import { assignWork } from '../access/work.js';
import { testCode } from '../accounts/test-mfa.js';
import { openCase } from '../cases/cases.js';
import type { Context } from '../context.js';
import { errorLines, logReadable, logSize, type ServerLog, serverLog } from '../pg-log.test-support.js';
import { storeKinds } from '../test-support.js';
import { type ApiWorld, apiWorld, type Role } from './test-api.js';

/** Classic payloads: quotes, comments, tautologies, stacked queries, dollar quotes, escapes, NUL, length. */
const CORPUS: readonly string[] = [
  "'",
  "''",
  '"',
  '`',
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  "') OR ('1'='1",
  "1' OR '1'='1' /*",
  "admin'--",
  "x'; DROP TABLE audit_log; --",
  "'; delete from users; --",
  '1; DROP TABLE persons',
  '1); truncate records; --',
  "' UNION SELECT null, null, null --",
  "' UNION ALL SELECT table_name FROM information_schema.tables --",
  "' AND 1=CAST((SELECT version()) AS int) --",
  "'||(select current_user)||'",
  '/*',
  '*/',
  '-- comment',
  '#',
  ';',
  '$$',
  '$$; drop table cases; $$',
  '$tag$ x $tag$',
  '$1',
  '?',
  '::text',
  "E'\\x27'",
  '\\',
  "\\'",
  "\\' OR 1=1 --",
  '%',
  '_',
  "%' OR '%'='",
  '\u2019 OR 1=1 --', // right single quotation mark
  '\u02bc OR 1=1 --', // modifier letter apostrophe
  '\uff07 OR 1=1 --', // fullwidth apostrophe
  '\u0000',
  "x\u0000' OR 1=1 --",
  '\ud800', // a lone surrogate
  '\r\n; select 1',
  `'${"x' OR 'a'='a".repeat(1500)}`,
];

/** Payloads PostgreSQL cannot store in text or jsonb at all: a NUL, an unpaired surrogate. */
const unstorable = (text: string) => text.includes('\u0000') || /[\ud800-\udfff]/.test(text);

/** Messages of SQLSTATE class 42 (syntax error or access rule violation), for the server log's lines. */
const CLASS_42 =
  /syntax error|unterminated|zero-length delimited identifier|cannot insert multiple commands|does not exist|permission denied|could not determine data type|is ambiguous|invalid reference to FROM-clause|must appear in the GROUP BY|but expression is of type|is not unique|there is no parameter|trailing junk|must have the same number of columns|argument of .+ must be type/i;

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  pattern?: string;
  minLength?: number;
  minimum?: number;
};
type Param = { in: string; name: string; required?: boolean; schema?: Schema };
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: Param[];
};
type Route = { method: string; path: string; op: Operation };
type Leaf = { where: 'path' | 'query' | 'body'; keys: (string | number)[]; schema: Schema };
type DbError = { code: string; message: string };
type Sql = Context['sql'];

/**
 * Records every error the store's port throws, with its SQLSTATE, by wrapping the methods of this `Sql`
 * in place (the API holds this very object) and of every transaction it opens. A spy, not a fake: each
 * call goes to the real driver.
 */
function watchErrors(sql: Sql, seen: DbError[]): void {
  const noted = new WeakSet<object>();
  const note = (error: unknown) => {
    if (typeof error !== 'object' || error === null || noted.has(error)) return;
    noted.add(error);
    const code = (error as { code?: unknown }).code;
    seen.push({ code: typeof code === 'string' ? code : '?', message: String((error as Error).message) });
  };
  const guard =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await f(...args);
      } catch (error) {
        note(error);
        throw error;
      }
    };
  const instrument = (target: Sql): Sql => {
    const query = target.query.bind(target);
    const transact = target.transact.bind(target);
    const copyRows = target.copyRows.bind(target);
    const exec = target.exec.bind(target);
    const finalQuery = target.finalQuery?.bind(target);
    Object.assign(target, {
      query: guard(query),
      copyRows: guard(copyRows),
      exec: guard(exec),
      transact: <T>(fn: (tx: Sql) => Promise<T>) =>
        transact((tx) => fn(tx === target ? tx : instrument(Object.assign({}, tx)))),
      ...(finalQuery === undefined ? {} : { finalQuery: guard(finalQuery) }),
    });
    return target;
  };
  instrument(sql);
}

/** encodeURIComponent, with lone surrogates (which it refuses) as U+FFFD, as a browser sends them. */
const encode = (text: string) =>
  encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

const resolve = (doc: { components?: { schemas?: Record<string, Schema> } }, s: Schema | undefined) =>
  s?.$ref === undefined ? s : doc.components?.schemas?.[s.$ref.split('/').pop()!];

const isString = (s: Schema) =>
  s.type === 'string' ||
  (Array.isArray(s.type) && s.type.includes('string')) ||
  (s.anyOf ?? s.oneOf ?? []).some((x) => x.type === 'string');

describe.each(storeKinds())('T10.4 SQL-injection corpus on %s', (kind) => {
  let t: ApiWorld;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  let routes: Route[] = [];
  const seen: DbError[] = [];
  let log: ServerLog = { skip: 'not looked for' };
  /** Known-good values by field name, so that the other fields of a request pass and the payload goes deep. */
  let known: Record<string, string> = {};
  let link: { person_id: string; a: string; b: string } | undefined;
  const results = { requests: 0, statuses: new Map<number, number>(), fiveHundreds: [] as string[] };
  let corpusWindow: { from: number } | undefined;
  let corpusErrors: DbError[] = [];

  const freshCookie = async (role: Role) => {
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
    const value = res.cookies.find((c) => c.name === 'ilos_session')?.value;
    if (value === undefined) throw new Error(`${role} could not log in: ${res.body}`);
    return `ilos_session=${value}`;
  };

  /** A value for a string field that passes validation where we know one. */
  const goodString = (route: Route, name: string, schema: Schema): string => {
    if (name === 'target') {
      if (schema.pattern?.startsWith('^task:')) return 'task:AUDIT-7';
      if (route.path.startsWith('/api/reviews/')) return `task:${known.taskId}`;
      if (route.path === '/api/persons/links/explain') return 'case:T-LINK';
      return `case:${t.mine.id}`;
    }
    if (name === 'purpose')
      return route.path.startsWith('/api/reviews/') ? 'IDENTITY_REVIEW' : 'CASE_ADJUDICATION';
    if (route.path === '/api/persons/links/explain' && link !== undefined) {
      if (name === 'personId') return link.person_id;
      if (name === 'a' || name === 'b') return link[name];
    }
    if (known[name] !== undefined) return known[name]!;
    const choices = schema.enum ?? (schema.anyOf ?? schema.oneOf ?? []).flatMap((s) => s.enum ?? []);
    if (choices.length > 0) return String(choices[0]);
    if (schema.pattern !== undefined)
      return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 7 })[0]!;
    return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
  };

  /** A valid instance of a body schema: required properties and the ones we know good values for. */
  const build = (route: Route, schema: Schema | undefined, name: string, all: boolean): unknown => {
    const s = resolve(doc, schema);
    if (s === undefined) return undefined;
    if (s.allOf !== undefined) {
      const merged: Schema = { type: 'object', properties: {}, required: [] };
      for (const part of s.allOf) {
        Object.assign(merged.properties!, resolve(doc, part)?.properties);
        merged.required!.push(...(resolve(doc, part)?.required ?? []));
      }
      return build(route, merged, name, all);
    }
    if (isString(s)) return goodString(route, name, s);
    const first = (s.anyOf ?? s.oneOf)?.[0];
    if (first !== undefined) return build(route, first, name, all);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'object' || s.properties !== undefined) {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {}))
        if (
          all ||
          s.required?.includes(key) ||
          known[key] !== undefined ||
          key === 'target' ||
          key === 'purpose'
        )
          out[key] = build(route, prop, key, false);
      return out;
    }
    if (type === 'array') return [build(route, s.items, name, false)];
    if (type === 'integer' || type === 'number') return s.minimum ?? 1;
    if (type === 'boolean') return true;
    return undefined;
  };

  /** Every string field of a body schema, with its path of keys. */
  const bodyLeaves = (schema: Schema | undefined, keys: (string | number)[], depth = 0): Leaf[] => {
    const s = resolve(doc, schema);
    if (s === undefined || depth > 8) return [];
    if (isString(s)) return [{ where: 'body', keys, schema: s }];
    const parts = [...(s.allOf ?? []), ...(s.anyOf ?? s.oneOf ?? [])];
    if (parts.length > 0) {
      const all = parts.flatMap((p) => bodyLeaves(p, keys, depth + 1));
      return all.filter((l, i) => all.findIndex((m) => m.keys.join('.') === l.keys.join('.')) === i);
    }
    if (s.properties !== undefined)
      return Object.entries(s.properties).flatMap(([k, p]) => bodyLeaves(p, [...keys, k], depth + 1));
    if (s.type === 'array') return bodyLeaves(s.items, [...keys, 0], depth + 1);
    return [];
  };

  const setAt = (root: unknown, keys: (string | number)[], value: unknown, fill: unknown): unknown => {
    if (keys.length === 0) return value;
    const [key, ...rest] = keys as [string | number, ...(string | number)[]];
    const base = (root ?? fill) as Record<string | number, unknown>;
    const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string | number, unknown>;
    const fillNext = (fill as Record<string | number, unknown> | undefined)?.[key];
    copy[key] = setAt(copy[key], rest, value, fillNext);
    return copy;
  };

  type Request = { route: Route; url: string; body: unknown; headers: Record<string, string> };

  const baseline = (route: Route, role: Role | 'none'): Request => {
    const params = route.op.parameters ?? [];
    let url = route.path;
    for (const p of params.filter((q) => q.in === 'path'))
      url = url.replace(
        `{${p.name}}`,
        encodeURIComponent(goodString(route, p.name, resolve(doc, p.schema) ?? {})),
      );
    const query = new URLSearchParams();
    for (const p of params.filter((q) => q.in === 'query' && q.required === true))
      query.append(p.name, goodString(route, p.name, resolve(doc, p.schema) ?? {}));
    const schema = route.op.requestBody?.content?.['application/json']?.schema;
    const headers: Record<string, string> = {};
    if (role !== 'none') headers.cookie = t.cookie[role];
    const qs = query.toString();
    return {
      route,
      url: qs === '' ? url : `${url}?${qs}`,
      body: schema === undefined ? undefined : build(route, schema, '', false),
      headers,
    };
  };

  const send = async (r: Request) => {
    const res = await t.app.inject({
      method: r.route.method as 'GET',
      url: r.url,
      headers: r.headers,
      ...(r.body === undefined ? {} : { payload: r.body as object }),
    });
    results.requests++;
    results.statuses.set(res.statusCode, (results.statuses.get(res.statusCode) ?? 0) + 1);
    if (res.statusCode >= 500)
      results.fiveHundreds.push(
        `${r.route.method} ${r.url.slice(0, 60)} ${JSON.stringify(r.body)?.slice(0, 160)} ${JSON.stringify(r.headers).slice(0, 100)} → ${res.statusCode}: ${JSON.stringify(seen.at(-1))}`,
      );
    return res.statusCode;
  };

  /** The role whose otherwise valid request this route answers best (2xx, else anything but 401/403). */
  const bestRole = async (route: Route): Promise<Role | 'none'> => {
    if (route.path === '/api/sessions' || route.path === '/api/system-use-notice') return 'none';
    const roles: Role[] = ['adjudicator', 'supervisor', 'auditor', 'analyst', 'admin'];
    let fallback: Role | undefined;
    for (const role of roles) {
      const status = await send(baseline(route, role));
      if (status < 300) return role;
      if (status !== 401 && status !== 403) fallback ??= role;
    }
    return fallback ?? 'adjudicator';
  };

  beforeAll(async () => {
    t = await apiWorld(kind);
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    // Logging in and out go last: they end sessions and count failed logins.
    routes.sort((a, b) => Number(a.path === '/api/sessions') - Number(b.path === '/api/sessions'));

    const [task] = await t.w.sql.query<{ id: string }>(
      `select task_id as id from review_tasks where state = 'open' order by task_id limit 1`,
    );
    if (task !== undefined)
      await assignWork(t.w, t.w.as.supervisor, ROLE_USERS.adjudicator, `task:${task.id}`);
    [link] = await t.w.sql.query<{ person_id: string; a: string; b: string }>(
      'select person_id, a, b from identity_links order by person_id, a, b limit 1',
    );
    if (link !== undefined)
      await openCase(t.w, t.w.as.adjudicator, {
        personId: link.person_id,
        reason: 'explain a link',
        id: 'T-LINK',
      });
    const [rec] = await t.w.sql.query<{ source_id: string; source_record_id: string }>(
      'select source_id, source_record_id from person_records where person_id = $1 order by 1, 2 limit 1',
      [t.mine.personId],
    );
    known = {
      personId: t.mine.personId,
      caseId: t.mine.id,
      taskId: task?.id ?? 'NO-TASK',
      sourceId: rec?.source_id ?? 'cbp-i94',
      sourceRecordId: rec?.source_record_id ?? 'I94-1',
      familyName: 'GARCIA',
      statement: 'the date of entry on this record is wrong',
      reason: 'checked against the file',
      note: 'corrected at the source',
      userId: ROLE_USERS.admin,
      password: PASSWORD,
      code: '000000',
    };
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/redress',
      headers: { cookie: t.cookie.adjudicator },
      payload: { sourceId: known.sourceId, sourceRecordId: known.sourceRecordId, statement: known.statement },
    });
    expect(filed.statusCode).toBe(201);
    known.redressId = filed.json().id;

    const [{ db } = { db: '' }] = await t.w.sql.query<{ db: string }>('select current_database() as db');
    log = kind === 'postgres' ? await serverLog(db) : { skip: 'PGlite has no server log' };
    watchErrors(t.w.sql, seen);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('sees a deliberate syntax error at the driver port and in the server log (the control)', async () => {
    const from = 'file' in log ? logSize(log.file) : 0;
    await expect(t.w.sql.query("select 'control' from where")).rejects.toThrow();
    await expect(t.w.sql.transact((tx) => tx.query('select * fro users'))).rejects.toThrow();
    expect(seen.map((e) => e.code)).toEqual(['42601', '42601']);
    if ('file' in log) {
      const lines = errorLines(log.file, log.db, from);
      expect(lines.filter((l) => CLASS_42.test(l))).toHaveLength(2);
    }
    seen.length = 0;
  });

  /** Sends each payload into every string parameter of every route; the status counts and the 5xx seen. */
  const runCorpus = async (payloads: readonly string[]) => {
    results.requests = 0;
    results.statuses.clear();
    results.fiveHundreds = [];
    let leavesTotal = 0;
    for (const route of routes) {
      const role = await bestRole(route);
      const params = route.op.parameters ?? [];
      const schema = route.op.requestBody?.content?.['application/json']?.schema;
      const full = schema === undefined ? undefined : build(route, schema, '', true);
      const leaves: Leaf[] = [
        ...params
          .filter((p) => (p.in === 'path' || p.in === 'query') && isString(resolve(doc, p.schema) ?? {}))
          .map(
            (p): Leaf => ({
              where: p.in as 'path' | 'query',
              keys: [p.name],
              schema: resolve(doc, p.schema)!,
            }),
          ),
        ...bodyLeaves(schema, []),
      ];
      leavesTotal += leaves.length;
      // Logging out ends the session it is sent with: each request gets one of its own.
      const withCookie = async (r: Request) => {
        if (route.method === 'DELETE' && route.path === '/api/sessions')
          r.headers.cookie = await freshCookie('analyst');
        return r;
      };
      for (const payload of payloads) {
        for (const leaf of leaves) {
          const name = String(leaf.keys.at(-1));
          const good = goodString(route, name, leaf.schema);
          // The payload alone, and after a valid value (it then passes patterns such as `source:.+`).
          const values = leaf.schema.enum === undefined ? [payload, `${good}${payload}`] : [payload];
          for (const value of values) {
            const r = await withCookie(baseline(route, role));
            if (leaf.where === 'path') r.url = r.url.replace(encode(good), encode(value));
            else if (leaf.where === 'query') {
              const [path, qs] = r.url.split('?') as [string, string | undefined];
              const query = new URLSearchParams(qs);
              query.set(name, value);
              r.url = `${path}?${query}`;
            } else r.body = setAt(r.body, leaf.keys, value, full);
            await send(r);
          }
        }
        // The headers: those a server may record, and the session cookie itself.
        const header = payload.replace(/[^\x20-\x7e]/g, '').slice(0, 4000);
        const r = await withCookie(baseline(route, role));
        Object.assign(r.headers, {
          'x-forwarded-for': header,
          'user-agent': header,
          'x-request-id': header,
          'accept-language': header,
        });
        await send(r);
        await send({ ...baseline(route, 'none'), headers: { cookie: `ilos_session=${encode(payload)}` } });
      }
    }
    const byStatus = Object.fromEntries([...results.statuses].sort(([a], [b]) => a - b));
    console.log(
      `[T10.4 ${kind}] ${routes.length} routes, ${leavesTotal} string parameters, ${payloads.length} payloads: ` +
        `${results.requests} requests by status ${JSON.stringify(byStatus)}`,
    );
    return { leavesTotal, ok: [...results.statuses].some(([s]) => s >= 200 && s < 300) };
  };

  it('answers the corpus in every string parameter of every route without a 5xx', async () => {
    expect(routes.length).toBeGreaterThan(20);
    corpusWindow = { from: 'file' in log ? logSize(log.file) : 0 };
    const { leavesTotal, ok } = await runCorpus(CORPUS.filter((p) => !unstorable(p)));
    expect(results.fiveHundreds.slice(0, 20)).toEqual([]);
    // The corpus reached the handlers, not only the validator.
    expect(ok).toBe(true);
    expect(leavesTotal).toBeGreaterThan(40);
  }, 1_200_000);

  // A NUL or an unpaired surrogate cannot be stored by PostgreSQL in text or jsonb: the API refuses it
  // before validation (400 invalid_input) instead of letting the database fail (it was a 500).
  it('answers NUL and unpaired-surrogate payloads with a 4xx, never a 5xx', async () => {
    await runCorpus(CORPUS.filter(unstorable));
    expect(results.fiveHundreds.slice(0, 20)).toEqual([]);
  }, 1_200_000);

  it('caused no class-42 error at the driver port', () => {
    expect(corpusWindow).toBeDefined();
    corpusErrors = [...seen];
    const codes = Object.fromEntries(
      [...new Set(corpusErrors.map((e) => e.code))].map((c) => [
        c,
        corpusErrors.filter((e) => e.code === c).length,
      ]),
    );
    console.log(`[T10.4 ${kind}] driver-port errors during the corpus by SQLSTATE: ${JSON.stringify(codes)}`);
    expect(corpusErrors.filter((e) => e.code.startsWith('42'))).toEqual([]);
  });

  // The server log exists only for the PostgreSQL server; under CI an unreadable log is a failure.
  if (kind === 'postgres')
    it('wrote no class-42 ERROR line for this database to the PostgreSQL server log', (ctx) => {
      if (!logReadable(log, 'T10.4')) {
        ctx.skip();
        return;
      }
      expect(corpusWindow).toBeDefined();
      const lines = errorLines(log.file, log.db, corpusWindow!.from);
      console.log(
        `[T10.4 ${kind}] ${lines.length} ERROR lines for ${log.db} in ${log.file} during the corpus`,
      );
      for (const line of lines.slice(0, 5)) console.log(`  ${line.slice(0, 200)}`);
      expect(lines.filter((l) => CLASS_42.test(l))).toEqual([]);
      // The two witnesses agree: the server logged exactly the errors the port saw (none swallowed).
      expect(lines.length).toBe(corpusErrors.length);
    });
});
