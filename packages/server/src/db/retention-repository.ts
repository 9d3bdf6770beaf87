import { RECORD_DATE_FIELD } from '@ilos/core';
import type { Sql } from './sql.js';

/** Legal holds and disposal (migration 0014). */
export type HoldRow = {
  id: string;
  sourceId: string;
  sourceRecordId: string | null;
  reason: string;
  placedBy: string;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
};

export async function insertHold(sql: Sql, h: Omit<HoldRow, 'releasedBy' | 'releasedAt'>): Promise<void> {
  await sql.query(
    'insert into legal_holds (id, source_id, source_record_id, reason, placed_by, placed_at) values ($1, $2, $3, $4, $5, $6)',
    [h.id, h.sourceId, h.sourceRecordId, h.reason, h.placedBy, h.placedAt],
  );
}

export async function releaseHold(sql: Sql, id: string, by: string, at: Date): Promise<HoldRow | undefined> {
  await sql.query(
    'update legal_holds set released_by = $2, released_at = $3 where id = $1 and released_at is null',
    [id, by, at],
  );
  return (await listHolds(sql, { all: true })).find((h) => h.id === id);
}

export async function listHolds(sql: Sql, options: { all?: boolean } = {}): Promise<HoldRow[]> {
  const rows = await sql.query<{
    id: string;
    source_id: string;
    source_record_id: string | null;
    reason: string;
    placed_by: string;
    placed_at: Date;
    released_by: string | null;
    released_at: Date | null;
  }>(`select * from legal_holds where ($1::boolean or released_at is null) order by placed_at, id`, [
    options.all ?? false,
  ]);
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    sourceRecordId: r.source_record_id,
    reason: r.reason,
    placedBy: r.placed_by,
    placedAt: r.placed_at,
    releasedBy: r.released_by,
    releasedAt: r.released_at,
  }));
}

/** The record's own date per type, as SQL over the current version's payload (core's RECORD_DATE_FIELD). */
const anchorSql = `case r.record_type ${Object.entries(RECORD_DATE_FIELD)
  .map(([type, field]) => `when '${type}' then r.payload->>'${field}'`)
  .join(' ')} end`;

export type DueRecord = { sourceId: string; sourceRecordId: string; anchor: string; retentionYears: number };

/**
 * Current records of a source whose anchor date is before `cutoffAnchor` (a coarse SQL filter; the caller
 * applies the exact rule), with no live legal hold and no unresolved dispute on them.
 */
export async function findDisposalCandidates(
  sql: Sql,
  sourceId: string,
  cutoffAnchor: string,
  after: string,
  limit: number,
): Promise<DueRecord[]> {
  const rows = await sql.query<{ source_record_id: string; anchor: string; retention_years: number }>(
    `select r.source_record_id, s.retention_years,
            case when (${anchorSql}) ~ '^\\d{4}-\\d{2}-\\d{2}$' then (${anchorSql}) else to_char(r.received_at, 'YYYY-MM-DD') end as anchor
       from records r join sources s on s.id = r.source_id
      where r.source_id = $1 and r.is_current and r.source_record_id > $4
        and (case when (${anchorSql}) ~ '^\\d{4}-\\d{2}-\\d{2}$' then (${anchorSql}) else to_char(r.received_at, 'YYYY-MM-DD') end) < $2
        and not exists (select 1 from legal_holds h where h.released_at is null and h.source_id = r.source_id
                          and (h.source_record_id is null or h.source_record_id = r.source_record_id))
        and not exists (select 1 from redress_requests q where q.source_id = r.source_id
                          and q.source_record_id = r.source_record_id and q.status <> 'resolved')
      order by r.source_record_id limit $3`,
    [sourceId, cutoffAnchor, limit, after],
  );
  return rows.map((r) => ({
    sourceId,
    sourceRecordId: r.source_record_id,
    anchor: r.anchor,
    retentionYears: r.retention_years,
  }));
}

/**
 * Removes every version of these records, their resolved disputes, every row derived from them and their
 * quarantine copies, and logs their keys in the disposal ledger.
 */
export async function disposeRecords(
  sql: Sql,
  sourceId: string,
  ids: readonly string[],
  runId: string,
  at: Date,
): Promise<{ records: number; quarantineCopies: number } & DerivedDisposal> {
  if (ids.length === 0)
    return {
      records: 0,
      quarantineCopies: 0,
      personRecords: 0,
      identityLinks: 0,
      reviewTasks: 0,
      statuses: 0,
      persons: [],
    };
  const list = JSON.stringify(ids);
  const deleted = await sql.query(
    `delete from records where source_id = $1 and source_record_id in (select jsonb_array_elements_text($2::text::jsonb))
     returning source_record_id`,
    [sourceId, list],
  );
  await sql.query(
    `delete from redress_requests where source_id = $1 and status = 'resolved'
        and source_record_id in (select jsonb_array_elements_text($2::text::jsonb))`,
    [sourceId, list],
  );
  const derived = await disposeDerived(sql, sourceId, list);
  const quarantineCopies = await disposeQuarantineCopies(sql, sourceId, ids);
  await sql.query(
    `insert into retention_disposals (source_id, source_record_id, run_id, disposed_at)
     select $1, id, $3, $4 from jsonb_array_elements_text($2::text::jsonb) as t(id)
     on conflict (source_id, source_record_id) do update set run_id = excluded.run_id, disposed_at = excluded.disposed_at`,
    [sourceId, list, runId, at],
  );
  return { records: deleted.length, ...derived, quarantineCopies };
}

/**
 * Quarantined lines of the source that copy one of these records (T13.3): the raw text the quarantine
 * kept of a line refused for a value, whatever its date. A line copies a record when its JSON
 * `sourceRecordId`, or one of its CSV cells, is the record's id; a line that merely contains the id
 * inside a longer value is not one.
 */
async function disposeQuarantineCopies(sql: Sql, sourceId: string, ids: readonly string[]): Promise<number> {
  const candidates = await sql.query<{ file_sha256: string; line: number; raw: string }>(
    `select q.file_sha256, q.line, q.raw from quarantine q
      where q.source_id = $1 and q.raw is not null
        and exists (select 1 from jsonb_array_elements_text($2::text::jsonb) as t(id) where strpos(q.raw, t.id) > 0)`,
    [sourceId, JSON.stringify(ids)],
  );
  const wanted = new Set(ids);
  const copies = candidates.filter((c) => namesRecord(c.raw, wanted));
  if (copies.length === 0) return 0;
  await sql.query(
    `delete from quarantine q using jsonb_to_recordset($2::text::jsonb) as t(f text, l int)
      where q.source_id = $1 and q.file_sha256 = t.f and q.line = t.l`,
    [sourceId, JSON.stringify(copies.map((c) => ({ f: c.file_sha256, l: c.line })))],
  );
  return copies.length;
}

function namesRecord(raw: string, ids: ReadonlySet<string>): boolean {
  try {
    const value = JSON.parse(raw) as { sourceRecordId?: unknown } | null;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return typeof value.sourceRecordId === 'string' && ids.has(value.sourceRecordId);
  } catch {
    // not JSON: a CSV line
  }
  return csvCells(raw).some((cell) => ids.has(cell));
}

/** The cells of one CSV line (RFC 4180 quoting). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

export type DerivedDisposal = {
  /** Record-to-person filings removed. */
  personRecords: number;
  identityLinks: number;
  reviewTasks: number;
  /** Statuses of the persons who held the records: derived from them, so removed (re-derived later). */
  statuses: number;
  /** Those persons, for the receipt and for re-deriving. */
  persons: string[];
};

/**
 * What was derived from the disposed records (T13.3): their filing under a person, the identity links
 * and review tasks that name them, and the statuses of the persons who held them. The accounting of
 * disclosures is kept (552a(c): five years, whatever the record's fate).
 */
async function disposeDerived(sql: Sql, sourceId: string, list: string): Promise<DerivedDisposal> {
  const keys = `select $1::text || ':' || id as k from jsonb_array_elements_text($2::text::jsonb) as t(id)`;
  const filed = await sql.query<{ person_id: string }>(
    `delete from person_records where source_id = $1 and source_record_id in (select jsonb_array_elements_text($2::text::jsonb))
     returning person_id`,
    [sourceId, list],
  );
  const links = await sql.query<{ person_id: string }>(
    `delete from identity_links where a in (${keys}) or b in (${keys}) returning person_id`,
    [sourceId, list],
  );
  const tasks = await sql.query(
    `delete from review_tasks where a in (${keys}) or b in (${keys}) returning task_id`,
    [sourceId, list],
  );
  const persons = [...new Set([...filed, ...links].map((r) => r.person_id))].sort();
  const statuses = await sql.query(
    'delete from person_status where person_id in (select jsonb_array_elements_text($1::text::jsonb)) returning person_id',
    [JSON.stringify(persons)],
  );
  return {
    personRecords: filed.length,
    identityLinks: links.length,
    reviewTasks: tasks.length,
    statuses: statuses.length,
    persons,
  };
}

/** Quarantined copies of a source's lines older than `before` (raw text may hold the disposed records). */
export async function disposeQuarantine(sql: Sql, sourceId: string, before: Date): Promise<number> {
  const rows = await sql.query(
    'delete from quarantine where source_id = $1 and created_at < $2 returning line',
    [sourceId, before],
  );
  return rows.length;
}

/**
 * Accounting rows past 552a(c)(2) on `asOf`: disclosed more than five years before it and carrying no
 * record that still exists (T12.1). Returns the ids removed.
 */
export async function disposeAccounting(sql: Sql, fiveYearsBefore: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `delete from disclosures d where d.disclosed_at < $1::date
        and not exists (select 1 from disclosure_records dr join records r
                          on r.source_id = dr.source_id and r.source_record_id = dr.source_record_id
                         where dr.disclosure_id = d.id)
      returning d.id`,
    [fiveYearsBefore],
  );
  return rows.map((r) => r.id);
}

export type RecordKey = { sourceId: string; sourceRecordId: string };

/** Every record key the disposal ledger holds (T13.4). */
export async function ledgerKeys(sql: Sql): Promise<RecordKey[]> {
  const rows = await sql.query<{ source_id: string; source_record_id: string }>(
    'select source_id, source_record_id from retention_disposals order by source_id, source_record_id',
  );
  return rows.map((r) => ({ sourceId: r.source_id, sourceRecordId: r.source_record_id }));
}

/**
 * Of the records named (by a disposal ledger), those the store holds again — a restore brought them
 * back — each with whether a live legal hold or an unresolved dispute stops its disposal now.
 */
export async function findReplayable(
  sql: Sql,
  keys: readonly RecordKey[],
): Promise<(RecordKey & { blocked: boolean })[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<{ source_id: string; source_record_id: string; blocked: boolean }>(
    `select distinct r.source_id, r.source_record_id,
            (exists (select 1 from legal_holds h where h.released_at is null and h.source_id = r.source_id
                       and (h.source_record_id is null or h.source_record_id = r.source_record_id))
             or exists (select 1 from redress_requests q where q.source_id = r.source_id
                          and q.source_record_id = r.source_record_id and q.status <> 'resolved')) as blocked
       from records r
       join jsonb_to_recordset($1::text::jsonb) as t(s text, r text) on r.source_id = t.s and r.source_record_id = t.r
      order by r.source_id, r.source_record_id`,
    [JSON.stringify(keys.map((k) => ({ s: k.sourceId, r: k.sourceRecordId })))],
  );
  return rows.map((r) => ({ sourceId: r.source_id, sourceRecordId: r.source_record_id, blocked: r.blocked }));
}
