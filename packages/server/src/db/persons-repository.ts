import { createHash } from 'node:crypto';
import type { PersonCluster, PersonIdEvent, ReviewDecision, ReviewItem } from '@ilos/core';
import type { Sql } from './sql.js';

/** One page of current records, for resolution and derivation (keyset-paginated: constant memory). */
export async function* currentRecordPages(
  sql: Sql,
  pageSize = 20_000,
): AsyncGenerator<
  { sourceId: string; sourceRecordId: string; recordType: string; payload: Record<string, string> }[]
> {
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await sql.query<{
      source_id: string;
      source_record_id: string;
      record_type: string;
      payload: Record<string, string>;
    }>(
      `select source_id, source_record_id, record_type, payload from records
        where is_current and (source_id, source_record_id) > ($1, $2)
        order by source_id, source_record_id limit $3`,
      [after[0], after[1], pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      sourceId: r.source_id,
      sourceRecordId: r.source_record_id,
      recordType: r.record_type,
      payload: r.payload,
    }));
    const last = rows[rows.length - 1]!;
    after = [last.source_id, last.source_record_id];
  }
}

/** Record key → person id, as filed now. */
export async function personOfRecords(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql.query<{ record_key: string; person_id: string }>(
    `select source_id || ':' || source_record_id as record_key, person_id from person_records`,
  );
  return new Map(rows.map((r) => [r.record_key, r.person_id]));
}

export async function allPersonIds(sql: Sql): Promise<Set<string>> {
  const rows = await sql.query<{ person_id: string }>('select person_id from persons');
  return new Set(rows.map((r) => r.person_id));
}

/** Reviewers' decisions, which resolution must respect (confirmed links, forbidden links). */
export async function reviewDecisions(sql: Sql): Promise<ReviewDecision[]> {
  const rows = await sql.query<{ a: string; b: string; decision: 'same' | 'different'; decided_by: string }>(
    `select a, b, decision, decided_by from review_tasks where state = 'decided' order by decided_at`,
  );
  return rows.map((r) => ({ a: r.a, b: r.b, decision: r.decision, by: r.decided_by }));
}

/**
 * Replaces the filing of records into persons with a new resolution, in the caller's transaction:
 * records and links are rewritten, new persons created, merged ids retired (never reused), review
 * tasks opened for new doubtful pairs and closed as obsolete where the pair no longer needs review.
 */
export async function saveResolution(
  tx: Sql,
  clusters: readonly PersonCluster[],
  personIds: readonly string[],
  events: readonly PersonIdEvent[],
  reviews: readonly ReviewItem[],
  actor: string,
): Promise<void> {
  await tx.exec('delete from person_records; delete from identity_links');
  await copyClusters(tx, clusters, personIds);

  const existing = await allPersonIds(tx);
  const fresh = personIds.filter((id) => !existing.has(id));
  await tx.copyRows(
    'persons',
    ['person_id'],
    fresh.map((id) => [id]),
  );
  for (const event of events) {
    if (event.kind === 'merged') {
      await tx.query('update persons set merged_into = $2 where person_id = $1', [
        event.from,
        event.personId,
      ]);
    }
  }
  await tx.copyRows(
    'person_events',
    ['person_id', 'kind', 'detail', 'actor', 'reason'],
    events.map((e) => [e.personId, e.kind, JSON.stringify(e), actor, reasonOf(e)]),
  );

  const taskRows = reviews.map((r) => ({
    task_id: taskId(r.a, r.b),
    a: r.a,
    b: r.b,
    reason: r.reason,
    detail: r.detail,
    probability: r.probability,
    weight: r.weight,
    evidence: r.evidence,
  }));
  await tx.query(
    `insert into review_tasks (task_id, a, b, reason, detail, probability, weight, evidence)
     select t.task_id, t.a, t.b, t.reason, t.detail, t.probability, t.weight, t.evidence
       from jsonb_to_recordset($1::text::jsonb) as t(task_id text, a text, b text, reason text, detail text,
            probability double precision, weight double precision, evidence jsonb)
     on conflict (a, b) do update set state = case when review_tasks.state = 'obsolete' then 'open' else review_tasks.state end,
       reason = excluded.reason, detail = excluded.detail, probability = excluded.probability,
       weight = excluded.weight, evidence = excluded.evidence`,
    [JSON.stringify(taskRows)],
  );
  await tx.query(
    // A task a case opened for a probable link (case-hold) stays open while that link is still probable.
    `update review_tasks t set state = 'obsolete'
      where t.state = 'open' and t.task_id not in (select x from jsonb_array_elements_text($1::text::jsonb) as x)
        and not (t.reason = 'case-hold' and exists (
          select 1 from identity_links l where l.a = t.a and l.b = t.b and l.strength = 'probable'))`,
    [JSON.stringify(taskRows.map((t) => t.task_id))],
  );
}

function reasonOf(event: PersonIdEvent): string {
  switch (event.kind) {
    case 'created':
      return `a new person from ${event.records} record(s) with no earlier person`;
    case 'merged':
      return `link evidence joined ${event.from} into ${event.personId}`;
    case 'split':
      return `${event.records} record(s) of ${event.from} no longer link to it and form ${event.personId}`;
  }
}

/** A review task's id: stable for its pair of records, whatever order they come in. */
export function taskId(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return `R-${createHash('sha256').update(`${x}|${y}`).digest('hex').slice(0, 16)}`;
}

export async function countPersons(sql: Sql): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    'select count(distinct person_id)::int as n from person_records',
  );
  return rows[0]?.n ?? 0;
}

/** Files each cluster's records under its person id and stores its links with their evidence (COPY). */
export async function copyClusters(
  tx: Sql,
  clusters: readonly PersonCluster[],
  personIds: readonly string[],
): Promise<void> {
  const recordRows: [string, string, string][] = [];
  const linkRows: (string | number | null)[][] = [];
  clusters.forEach((cluster, i) => {
    const personId = personIds[i]!;
    for (const key of cluster.records) {
      const colon = key.indexOf(':');
      recordRows.push([key.slice(0, colon), key.slice(colon + 1), personId]);
    }
    for (const link of cluster.links) {
      linkRows.push([
        link.a,
        link.b,
        personId,
        link.strength,
        link.decidedBy,
        link.rule,
        link.probability,
        link.weight,
        JSON.stringify(link.evidence),
      ]);
    }
  });
  await tx.copyRows('person_records', ['source_id', 'source_record_id', 'person_id'], recordRows);
  await tx.copyRows(
    'identity_links',
    ['a', 'b', 'person_id', 'strength', 'decided_by', 'rule', 'probability', 'weight', 'evidence'],
    linkRows,
  );
}
