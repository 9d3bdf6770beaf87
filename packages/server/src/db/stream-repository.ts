import type { LinkModel, PersonCluster, PersonIdEvent, ReviewItem } from '@ilos/core';
import { taskId } from './persons-repository.js';
import type { Sql } from './sql.js';

/** A current record as resolution and derivation read it. */
export type CurrentRecord = {
  sourceId: string;
  sourceRecordId: string;
  recordType: string;
  payload: Record<string, string>;
};

const json = (value: unknown) => JSON.stringify(value);

/** Record keys (`source:id`) as a JSON array of {s, r}, for joins on records' primary key. */
const pairs = (keys: readonly string[]) =>
  json(
    keys.map((k) => {
      const colon = k.indexOf(':');
      return { s: k.slice(0, colon), r: k.slice(colon + 1) };
    }),
  );

/** The id of the newest link model, to notice a re-fit cheaply. */
export async function latestLinkModelId(sql: Sql): Promise<number | undefined> {
  const [row] = await sql.query<{ id: number | null }>('select max(id) as id from link_models');
  return row?.id ?? undefined;
}

/** The newest link model fitted in batch (`ilos resolve`), with its row id. */
export async function latestLinkModel(sql: Sql): Promise<{ id: number; model: LinkModel } | undefined> {
  const [row] = await sql.query<{ id: number; model: LinkModel }>(
    'select id, model from link_models order by id desc limit 1',
  );
  return row;
}

/** Writes the journal rows other workers catch up from, in the caller's transaction. */
export async function journalRecords(tx: Sql, keys: readonly { sourceId: string; sourceRecordId: string }[]) {
  if (keys.length === 0) return;
  await tx.query(
    `insert into stream_journal (source_id, source_record_id)
     select t.s, t.r from jsonb_to_recordset($1::text::jsonb) as t(s text, r text)`,
    [json(keys.map((k) => ({ s: k.sourceId, r: k.sourceRecordId })))],
  );
}

/**
 * The current records journaled by transactions at or after `watermark` (visible now), and the new
 * watermark: the oldest transaction still running now. Every transaction older than it has finished,
 * so reading from it next time misses nothing.
 */
export async function journalSince(
  tx: Sql,
  watermark: string,
): Promise<{ records: CurrentRecord[]; watermark: string }> {
  // Both statements go out together; the watermark is read first (statements run in issue order).
  const [[mark], rows] = await Promise.all([
    tx.query<{ w: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as w'),
    tx.query<{
      source_id: string;
      source_record_id: string;
      record_type: string;
      payload: Record<string, string>;
    }>(
      `select distinct r.source_id, r.source_record_id, r.record_type, r.payload
         from stream_journal j join records r
           on r.source_id = j.source_id and r.source_record_id = j.source_record_id and r.is_current
        where j.xid >= $1::text::xid8`,
      [watermark],
    ),
  ]);
  return {
    records: rows.map((r) => ({
      sourceId: r.source_id,
      sourceRecordId: r.source_record_id,
      recordType: r.record_type,
      payload: r.payload,
    })),
    watermark: mark!.w,
  };
}

/** The oldest running transaction now: where a worker that has just loaded everything starts reading. */
export async function currentWatermark(sql: Sql): Promise<string> {
  const [mark] = await sql.query<{ w: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as w');
  return mark!.w;
}

/**
 * Takes transaction-scoped advisory locks on names (blocking keys, person ids), in one fixed order
 * so that two workers asking for overlapping sets wait for each other instead of deadlocking.
 */
export async function lockNames(tx: Sql, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await tx.query(
    `select count(pg_advisory_xact_lock(h)) from (
       select distinct hashtextextended(n, 8) as h from jsonb_array_elements_text($1::text::jsonb) as n order by h) s`,
    [json([...names])],
  );
}

/** Record key → person id for the given record keys, as filed now. */
export async function personsOf(tx: Sql, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query<{ k: string; person_id: string }>(
    `select pr.source_id || ':' || pr.source_record_id as k, pr.person_id
       from jsonb_to_recordset($1::text::jsonb) as t(s text, r text)
       join person_records pr on pr.source_id = t.s and pr.source_record_id = t.r`,
    [pairs(keys)],
  );
  return new Map(rows.map((r) => [r.k, r.person_id]));
}

/** Which of these person ids exist already (live or retired: a retired id is never reused). */
export async function existingPersons(tx: Sql, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<{ person_id: string }>(
    'select person_id from persons where person_id in (select jsonb_array_elements_text($1::text::jsonb))',
    [json(ids)],
  );
  return rows.map((r) => r.person_id);
}

function reasonOf(event: PersonIdEvent): string {
  switch (event.kind) {
    case 'created':
      return `a new person from ${event.records} record(s) with no earlier person (stream)`;
    case 'merged':
      return `link evidence joined ${event.from} into ${event.personId} (stream)`;
    case 'split':
      return `${event.records} record(s) of ${event.from} no longer link to it and form ${event.personId} (stream)`;
  }
}

/**
 * Re-files one connected component like saveComponent, but issues every statement at once (they run
 * in issue order; the caller awaits the returned promises) and writes only what changed: the
 * record → person rows whose person differs from `previous`, and the links that are not stored
 * exactly so. A component's old links all carry one of its old persons' ids (a link joins two records
 * of one person and carries that person's id), so they are found through the person index.
 */
export function fileComponent(
  tx: Sql,
  component: {
    records: readonly string[];
    previous: ReadonlyMap<string, string>;
    clusters: readonly PersonCluster[];
    personIds: readonly string[];
    events: readonly PersonIdEvent[];
    reviews: readonly ReviewItem[];
  },
  actor: string,
): Promise<unknown>[] {
  const moved: { s: string; r: string; p: string }[] = [];
  const links: Record<string, unknown>[] = [];
  component.clusters.forEach((cluster, i) => {
    const personId = component.personIds[i]!;
    for (const key of cluster.records) {
      if (component.previous.get(key) === personId) continue;
      const colon = key.indexOf(':');
      moved.push({ s: key.slice(0, colon), r: key.slice(colon + 1), p: personId });
    }
    for (const link of cluster.links) {
      links.push({
        a: link.a,
        b: link.b,
        p: personId,
        strength: link.strength,
        decided_by: link.decidedBy,
        rule: link.rule,
        probability: link.probability,
        weight: link.weight,
        evidence: link.evidence,
      });
    }
  });
  const before = new Set(component.previous.values());
  const fresh = component.personIds.filter((p) => !before.has(p));
  const statements: Promise<unknown>[] = [];
  if (moved.length > 0) {
    statements.push(
      tx.query(
        `insert into person_records (source_id, source_record_id, person_id)
         select t.s, t.r, t.p from jsonb_to_recordset($1::text::jsonb) as t(s text, r text, p text)
         on conflict (source_id, source_record_id) do update set person_id = excluded.person_id`,
        [json(moved)],
      ),
    );
  }
  const linksJson = json(links);
  const wanted = `jsonb_to_recordset($1::text::jsonb) as w(a text, b text, p text, strength text, decided_by text,
                  rule text, probability double precision, weight double precision, evidence jsonb)`;
  // Every stored link of the component that is not wanted exactly as it is goes; then the missing ones come.
  if (before.size > 0) {
    statements.push(
      tx.query(
        `delete from identity_links l
        where l.person_id in (select jsonb_array_elements_text($2::text::jsonb))
          and not exists (select 1 from ${wanted}
                           where w.a = l.a and w.b = l.b and w.p = l.person_id and w.strength = l.strength
                             and w.decided_by is not distinct from l.decided_by and w.rule is not distinct from l.rule
                             and w.probability is not distinct from l.probability
                             and w.weight is not distinct from l.weight and w.evidence = l.evidence)`,
        [linksJson, json([...before])],
      ),
    );
  }
  if (links.length > 0) {
    statements.push(
      tx.query(
        `insert into identity_links (a, b, person_id, strength, decided_by, rule, probability, weight, evidence)
         select w.a, w.b, w.p, w.strength, w.decided_by, w.rule, w.probability, w.weight, w.evidence from ${wanted}
         on conflict (a, b) do nothing`,
        [linksJson],
      ),
    );
  }
  if (fresh.length > 0) {
    statements.push(
      tx.query(
        'insert into persons (person_id) select jsonb_array_elements_text($1::text::jsonb) on conflict do nothing',
        [json(fresh)],
      ),
    );
  }
  const merged = component.events.flatMap((e) => (e.kind === 'merged' ? [{ f: e.from, p: e.personId }] : []));
  if (merged.length > 0) {
    statements.push(
      tx.query(
        `update persons set merged_into = t.p from jsonb_to_recordset($1::text::jsonb) as t(f text, p text)
          where persons.person_id = t.f`,
        [json(merged)],
      ),
    );
  }
  if (component.events.length > 0) {
    statements.push(
      tx.query(
        `insert into person_events (person_id, kind, detail, actor, reason)
         select t.p, t.kind, t.detail, $2, t.reason
           from jsonb_to_recordset($1::text::jsonb) as t(p text, kind text, detail jsonb, reason text)`,
        [
          json(
            component.events.map((e) => ({ p: e.personId, kind: e.kind, detail: e, reason: reasonOf(e) })),
          ),
          actor,
        ],
      ),
    );
  }
  statements.push(...reviewTaskStatements(tx, component.records, component.reviews));
  return statements;
}

/** The current records of each person, for status derivation. */
export async function recordsOfPersons(
  tx: Sql,
  personIds: readonly string[],
): Promise<Map<string, CurrentRecord[]>> {
  const out = new Map<string, CurrentRecord[]>();
  if (personIds.length === 0) return out;
  const rows = await tx.query<{
    person_id: string;
    source_id: string;
    source_record_id: string;
    record_type: string;
    payload: Record<string, string>;
  }>(
    `select pr.person_id, r.source_id, r.source_record_id, r.record_type, r.payload
       from person_records pr
       join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
      where pr.person_id in (select jsonb_array_elements_text($1::text::jsonb))
      order by pr.person_id, r.source_id, r.source_record_id`,
    [json(personIds)],
  );
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push({
      sourceId: r.source_id,
      sourceRecordId: r.source_record_id,
      recordType: r.record_type,
      payload: r.payload,
    });
    out.set(r.person_id, list);
  }
  return out;
}

/** Which of these persons are held together by any link weaker than deterministic or confirmed. */
export async function unconfirmedAmong(tx: Sql, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await tx.query<{ person_id: string }>(
    `select distinct person_id from identity_links
      where strength not in ('deterministic', 'confirmed')
        and person_id in (select jsonb_array_elements_text($1::text::jsonb))`,
    [json(personIds)],
  );
  return new Set(rows.map((r) => r.person_id));
}

export type StatusRow = {
  personId: string;
  asOf: string;
  status: string;
  identityConfirmed: boolean;
  nationality: string | null;
  report: unknown;
  timeline: unknown;
  events: unknown;
};

/** Replaces the status rows of these persons (a person with no records left has none). */
export async function replaceStatuses(
  tx: Sql,
  personIds: readonly string[],
  rows: readonly StatusRow[],
): Promise<void> {
  await tx.query(
    'delete from person_status where person_id in (select jsonb_array_elements_text($1::text::jsonb))',
    [json(personIds)],
  );
  await tx.copyRows(
    'person_status',
    ['person_id', 'as_of', 'status', 'identity_confirmed', 'nationality', 'report', 'timeline', 'events'],
    rows.map((r) => [
      r.personId,
      r.asOf,
      r.status,
      r.identityConfirmed,
      r.nationality,
      json(r.report),
      json(r.timeline),
      json(r.events),
    ]),
  );
}

/**
 * replaceStatuses' work as statements issued at once (delete, then one INSERT … SELECT from JSON, which
 * unlike COPY can share a round trip with the statements around it); the caller awaits them.
 */
export function statusStatements(
  tx: Sql,
  personIds: readonly string[],
  rows: readonly StatusRow[],
): Promise<unknown>[] {
  const statements: Promise<unknown>[] = [
    tx.query(
      'delete from person_status where person_id in (select jsonb_array_elements_text($1::text::jsonb))',
      [json(personIds)],
    ),
  ];
  if (rows.length > 0) {
    statements.push(
      tx.query(
        `insert into person_status (person_id, as_of, status, identity_confirmed, nationality, report, timeline, events)
         select t."personId", t."asOf"::date, t.status, t."identityConfirmed", t.nationality, t.report, t.timeline, t.events
           from jsonb_to_recordset($1::text::jsonb) as t("personId" text, "asOf" text, status text,
                "identityConfirmed" boolean, nationality text, report jsonb, timeline jsonb, events jsonb)`,
        [
          json(
            rows.map((r) => ({
              personId: r.personId,
              asOf: r.asOf,
              status: r.status,
              identityConfirmed: r.identityConfirmed,
              nationality: r.nationality,
              report: r.report,
              timeline: r.timeline,
              events: r.events,
            })),
          ),
        ],
      ),
    );
  }
  return statements;
}

/** Opens the receipt of one worker's session on one source (file name `stream:<subject>`). */
export async function openStreamRun(
  tx: Sql,
  run: { runId: string; sourceId: string; subject: string; durable: string },
): Promise<void> {
  await tx.query(
    `insert into ingest_runs (id, source_id, file_name, file_sha256, file_bytes, state)
     values ($1, $2, $3, $4, 0, 'running') on conflict (id) do nothing`,
    [run.runId, run.sourceId, `stream:${run.subject}`, `stream:${run.durable}`],
  );
}

/** Adds one batch's counts to a stream receipt, in the batch's transaction (so they are exact). */
export async function addRunCounts(
  tx: Sql,
  runId: string,
  counts: { accepted: number; duplicates: number; versions: number; quarantined: number },
  reasons: Readonly<Record<string, number>>,
): Promise<void> {
  await tx.query(
    `update ingest_runs set accepted = accepted + $2, duplicates = duplicates + $3, versions = versions + $4,
            quarantined = quarantined + $5,
            reasons = (select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
                         select k, sum(v::int) as v from (
                           select key as k, value::text as v from jsonb_each(reasons)
                           union all select key, value::text from jsonb_each($6::text::jsonb)) x group by k) y)
      where id = $1`,
    [runId, counts.accepted, counts.duplicates, counts.versions, counts.quarantined, json(reasons)],
  );
}

/** Closes a stream receipt at a clean shutdown. A killed worker's receipt stays 'running', its counts exact. */
export async function closeStreamRun(sql: Sql, runId: string): Promise<void> {
  await sql.query(`update ingest_runs set state = 'applied', finished_at = now() where id = $1`, [runId]);
}

/** Moves a consumer's committed offset forward (never back), in the batch's transaction. */
export async function advanceOffset(tx: Sql, durable: string, streamSeq: number, messages: number) {
  await tx.query(
    `insert into stream_offsets (durable, stream_seq, messages) values ($1, $2, $3)
     on conflict (durable) do update set stream_seq = greatest(stream_offsets.stream_seq, excluded.stream_seq),
       messages = stream_offsets.messages + excluded.messages, updated_at = now()`,
    [durable, streamSeq, messages],
  );
}

/** The lines of a published file already quarantined (a re-sent bad record is counted once). */
export async function quarantinedLines(
  tx: Sql,
  sourceId: string,
  origin: string,
  lines: readonly number[],
): Promise<Set<number>> {
  if (lines.length === 0) return new Set();
  const rows = await tx.query<{ line: number }>(
    `select line from quarantine where source_id = $1 and file_sha256 = $2
        and line in (select jsonb_array_elements_text($3::text::jsonb)::int)`,
    [sourceId, origin, json(lines)],
  );
  return new Set(rows.map((r) => r.line));
}

/**
 * Opens or refreshes the review tasks of a component's doubtful pairs, and closes as obsolete the open
 * tasks that touch the component's records but no longer need review. Decided tasks are kept.
 */
async function _saveReviewTasks(tx: Sql, records: readonly string[], reviews: readonly ReviewItem[]) {
  await Promise.all(reviewTaskStatements(tx, records, reviews));
}

/** saveReviewTasks' statements, issued at once (they run in order). */
function reviewTaskStatements(
  tx: Sql,
  records: readonly string[],
  reviews: readonly ReviewItem[],
): Promise<unknown>[] {
  const rows = reviews.map((r) => ({
    task_id: taskId(r.a, r.b),
    a: r.a,
    b: r.b,
    reason: r.reason,
    detail: r.detail,
    probability: r.probability,
    weight: r.weight,
    evidence: r.evidence,
  }));
  const statements: Promise<unknown>[] = [];
  if (rows.length > 0) {
    statements.push(
      tx.query(
        `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
         select t.task_id, t.a, t.b, t.reason, t.detail, t.probability, t.weight, t.evidence
           from jsonb_to_recordset($1::text::jsonb) as t(task_id text, a text, b text, reason text, detail text,
                probability double precision, weight double precision, evidence jsonb)
         on conflict (a, b) do update set state = case when review_tasks.state = 'obsolete' then 'open' else review_tasks.state end,
           reason = excluded.reason, detail = excluded.detail, probability = excluded.probability,
           weight = excluded.weight, evidence = excluded.evidence`,
        [json(rows)],
      ),
    );
  }
  statements.push(
    tx.query(
      `update review_tasks set state = 'obsolete'
        where state = 'open'
          and (a in (select jsonb_array_elements_text($1::text::jsonb)) or b in (select jsonb_array_elements_text($1::text::jsonb)))
          and task_id not in (select jsonb_array_elements_text($2::text::jsonb))`,
      [json(records), json(rows.map((r) => r.task_id))],
    ),
  );
  return statements;
}
