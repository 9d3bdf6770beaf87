import { isDisputeActive, nextRedressDeadline, type RedressOutcome, type RedressStatus } from '@ilos/core';
import type { Sql } from '../db/sql.js';

/** A dispute as shown beside its record: enough to see that, why, and until when it stands. */
export type DisputeNote = {
  id: string;
  recordKey: string;
  status: RedressStatus;
  resolution: RedressOutcome | null;
  fields: string[];
  statement: string;
  receivedOn: string;
  active: boolean;
};

export const recordKey = (sourceId: string, sourceRecordId: string) => `record:${sourceId}/${sourceRecordId}`;

/** 'record:<source>/<id>' as its parts (the id may itself contain '/'); nothing for other keys. */
function keyParts(key: string): { s: string; r: string }[] {
  const match = /^record:([^/]+)\/(.+)$/s.exec(key);
  return match ? [{ s: match[1]!, r: match[2]! }] : [];
}

/**
 * The disputes on these records (DESIGN.md §2 "Redress request"): what every view of a record shows,
 * and what an adverse step must check. Pure reads: callers inside the access layer audit them.
 */
export async function disputesFor(
  sql: Sql,
  recordKeys: readonly string[],
  asOf: string,
): Promise<DisputeNote[]> {
  if (recordKeys.length === 0) return [];
  const rows = await sql.query<{
    id: string;
    source_id: string;
    source_record_id: string;
    status: RedressStatus;
    resolution: RedressOutcome | null;
    fields: string[];
    statement: string;
    received_on: string;
    acknowledge_by: string;
    decide_by: string;
    appeal_by: string | null;
  }>(
    `select id, source_id, source_record_id, status, resolution, fields, statement,
            to_char(received_on, 'YYYY-MM-DD') as received_on, to_char(acknowledge_by, 'YYYY-MM-DD') as acknowledge_by,
            to_char(decide_by, 'YYYY-MM-DD') as decide_by, to_char(appeal_by, 'YYYY-MM-DD') as appeal_by
       from redress_requests
      where (source_id, source_record_id) in (select k.s, k.r from jsonb_to_recordset($1::text::jsonb) as k(s text, r text))
      order by opened_at`,
    [JSON.stringify(recordKeys.flatMap((key) => keyParts(key)))],
  );
  return rows.map((r) => ({
    id: r.id,
    recordKey: recordKey(r.source_id, r.source_record_id),
    status: r.status,
    resolution: r.resolution,
    fields: r.fields,
    statement: r.statement,
    receivedOn: r.received_on,
    active: isDisputeActive(
      {
        status: r.status,
        resolution: r.resolution,
        acknowledgeBy: r.acknowledge_by,
        decideBy: r.decide_by,
        appealBy: r.appeal_by,
      },
      asOf,
    ),
  }));
}

/** Whether an adverse step resting on this record must stop: a dispute is open or within its appeal window. */
export async function isDisputed(sql: Sql, key: string, asOf: string): Promise<boolean> {
  return (await disputesFor(sql, [key], asOf)).some((d) => d.active);
}

/**
 * The Privacy Act deadlines of every unresolved request (and of denials still open to appeal) on `asOf`,
 * for a work list ordered by legal deadline. Identifiers and dates only; the caller's access is audited.
 */
export async function redressDeadlinesDue(
  sql: Sql,
  asOf: string,
): Promise<
  {
    id: string;
    recordKey: string;
    kind: 'acknowledge' | 'decide' | 'appeal';
    due: string;
    overdue: boolean;
  }[]
> {
  const rows = await sql.query<{
    id: string;
    source_id: string;
    source_record_id: string;
    status: RedressStatus;
    resolution: RedressOutcome | null;
    acknowledge_by: string;
    decide_by: string;
    appeal_by: string | null;
  }>(
    `select id, source_id, source_record_id, status, resolution, to_char(acknowledge_by, 'YYYY-MM-DD') as acknowledge_by,
            to_char(decide_by, 'YYYY-MM-DD') as decide_by, to_char(appeal_by, 'YYYY-MM-DD') as appeal_by
       from redress_requests where status <> 'resolved' or (resolution = 'denied' and appeal_by >= $1::date)`,
    [asOf],
  );
  return rows
    .flatMap((r) => {
      const next = nextRedressDeadline(
        {
          status: r.status,
          resolution: r.resolution,
          acknowledgeBy: r.acknowledge_by,
          decideBy: r.decide_by,
          appealBy: r.appeal_by,
        },
        asOf,
      );
      return next === undefined
        ? []
        : [{ id: r.id, recordKey: recordKey(r.source_id, r.source_record_id), ...next }];
    })
    .sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
}
