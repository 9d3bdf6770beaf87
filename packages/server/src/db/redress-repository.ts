import type { RedressOutcome, RedressStatus } from '@ilos/core';
import type { Sql } from './sql.js';

/** Redress requests (migration 0013). */
export type RedressRow = {
  id: string;
  sourceId: string;
  sourceRecordId: string;
  fields: string[];
  statement: string;
  requester: 'subject' | 'counsel' | 'agency';
  status: RedressStatus;
  receivedOn: string;
  acknowledgeBy: string;
  decideBy: string;
  appealBy: string | null;
  openedBy: string;
  openedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolution: RedressOutcome | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  correctionVersion: number | null;
};

const COLUMNS = `id, source_id, source_record_id, fields, statement, requester, status,
  to_char(received_on, 'YYYY-MM-DD') as received_on, to_char(acknowledge_by, 'YYYY-MM-DD') as acknowledge_by,
  to_char(decide_by, 'YYYY-MM-DD') as decide_by, to_char(appeal_by, 'YYYY-MM-DD') as appeal_by, opened_by, opened_at,
  acknowledged_by, acknowledged_at, resolution, resolution_note, resolved_by, resolved_at, correction_version`;

type Row = {
  id: string;
  source_id: string;
  source_record_id: string;
  fields: string[];
  statement: string;
  requester: RedressRow['requester'];
  status: RedressStatus;
  received_on: string;
  acknowledge_by: string;
  decide_by: string;
  appeal_by: string | null;
  opened_by: string;
  opened_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolution: RedressOutcome | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  correction_version: number | null;
};

const toRedress = (r: Row): RedressRow => ({
  id: r.id,
  sourceId: r.source_id,
  sourceRecordId: r.source_record_id,
  fields: r.fields,
  statement: r.statement,
  requester: r.requester,
  status: r.status,
  receivedOn: r.received_on,
  acknowledgeBy: r.acknowledge_by,
  decideBy: r.decide_by,
  appealBy: r.appeal_by,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at,
  resolution: r.resolution,
  resolutionNote: r.resolution_note,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
  correctionVersion: r.correction_version,
});

export async function insertRedress(
  sql: Sql,
  r: Pick<
    RedressRow,
    | 'id'
    | 'sourceId'
    | 'sourceRecordId'
    | 'fields'
    | 'statement'
    | 'requester'
    | 'receivedOn'
    | 'acknowledgeBy'
    | 'decideBy'
    | 'openedBy'
    | 'openedAt'
  >,
): Promise<void> {
  await sql.query(
    `insert into redress_requests (id, source_id, source_record_id, fields, statement, requester, status, received_on,
       acknowledge_by, decide_by, opened_by, opened_at)
     values ($1, $2, $3, array(select jsonb_array_elements_text($4::text::jsonb)), $5, $6, 'open', $7, $8, $9, $10, $11)`,
    [
      r.id,
      r.sourceId,
      r.sourceRecordId,
      JSON.stringify(r.fields),
      r.statement,
      r.requester,
      r.receivedOn,
      r.acknowledgeBy,
      r.decideBy,
      r.openedBy,
      r.openedAt,
    ],
  );
}

export async function findRedress(
  sql: Sql,
  id: string,
  options: { lock?: boolean } = {},
): Promise<RedressRow | undefined> {
  const [row] = await sql.query<Row>(
    `select ${COLUMNS} from redress_requests where id = $1${options.lock ? ' for update' : ''}`,
    [id],
  );
  return row === undefined ? undefined : toRedress(row);
}

export async function listRedress(
  sql: Sql,
  options: { unresolvedOnly?: boolean } = {},
): Promise<RedressRow[]> {
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from redress_requests where ($1::boolean is not true or status <> 'resolved') order by decide_by, id`,
    [options.unresolvedOnly ?? false],
  );
  return rows.map(toRedress);
}

export async function acknowledgeRedress(sql: Sql, id: string, by: string, at: Date): Promise<void> {
  await sql.query(
    `update redress_requests set status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 where id = $1`,
    [id, by, at],
  );
}

export async function resolveRedress(
  sql: Sql,
  r: {
    id: string;
    by: string;
    at: Date;
    outcome: RedressOutcome;
    note: string;
    appealBy: string | null;
    correctionVersion: number | null;
  },
): Promise<void> {
  await sql.query(
    `update redress_requests set status = 'resolved', resolution = $4, resolution_note = $5, resolved_by = $2, resolved_at = $3,
       appeal_by = $6, correction_version = $7,
       acknowledged_by = coalesce(acknowledged_by, $2), acknowledged_at = coalesce(acknowledged_at, $3)
     where id = $1`,
    [r.id, r.by, r.at, r.outcome, r.note, r.appealBy, r.correctionVersion],
  );
}
