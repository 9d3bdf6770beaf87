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

/** Removes every version of these records, their resolved disputes, and logs their keys in the disposal ledger. */
export async function disposeRecords(
  sql: Sql,
  sourceId: string,
  ids: readonly string[],
  runId: string,
  at: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
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
  await sql.query(
    `insert into retention_disposals (source_id, source_record_id, run_id, disposed_at)
     select $1, id, $3, $4 from jsonb_array_elements_text($2::text::jsonb) as t(id)
     on conflict (source_id, source_record_id) do update set run_id = excluded.run_id, disposed_at = excluded.disposed_at`,
    [sourceId, list, runId, at],
  );
  return deleted.length;
}

/** Quarantined copies of a source's lines older than `before` (raw text may hold the disposed records). */
export async function disposeQuarantine(sql: Sql, sourceId: string, before: Date): Promise<number> {
  const rows = await sql.query(
    'delete from quarantine where source_id = $1 and created_at < $2 returning line',
    [sourceId, before],
  );
  return rows.length;
}
