import type { IsoDate } from '@ilos/core';
import { appendAudit } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';
import { recordsOfPersons, statusStatements, unconfirmedAmong } from '../db/stream-repository.js';
import { statusRowsOf } from '../persons/derive-one.js';
import { resolveEvent } from '../persons/resolution-audit.js';
import type { Pipeline } from './pipeline.js';

/**
 * Derives the status of the given persons only (the rules of deriveStatuses: a person joined by any
 * probable link is identity-unconfirmed and its removal gate stays closed, ADR 0007): their records and
 * links are read in one round trip after the batch's re-filing, and the new status rows are issued into
 * `pipeline`. A person id with no records left (merged away) loses its status row.
 */
export async function deriveBatch(
  tx: Sql,
  pipeline: Pipeline,
  personIds: Iterable<string>,
  asOf: IsoDate,
): Promise<number> {
  const ids = [...new Set(personIds)].sort();
  if (ids.length === 0) return 0;
  const [recordsOf, unconfirmed, before] = await Promise.all([
    pipeline.add(recordsOfPersons(tx, ids)),
    pipeline.add(unconfirmedAmong(tx, ids)),
    pipeline.add(
      tx.query<{ person_id: string; status: string }>(
        'select person_id, status from person_status where person_id = any($1::text[])',
        [ids],
      ),
    ),
  ]);
  const rows = statusRowsOf(ids, recordsOf, unconfirmed, asOf);
  for (const statement of statusStatements(tx, ids, rows)) pipeline.add(statement);
  // T6.1: one status.change row per person whose status this batch changed (a first status is not a change).
  const was = new Map(before.map((r) => [r.person_id, r.status]));
  const at = new Date();
  const changes = rows.flatMap((r) => {
    const from = was.get(r.personId);
    return from === undefined || from === r.status
      ? []
      : [resolveEvent(at, 'status.change', [`person:${r.personId}`], { from, to: r.status, asOf }, 'stream')];
  });
  pipeline.add(appendAudit(tx, changes));
  return rows.length;
}
