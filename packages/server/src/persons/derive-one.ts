import { type IsoDate, personStatus, type SourceRecord } from '@ilos/core';
import type { Sql } from '../db/sql.js';
import {
  recordsOfPersons,
  replaceStatuses,
  type StatusRow,
  unconfirmedAmong,
} from '../db/stream-repository.js';

/**
 * Derives the status of the given persons only, in the caller's transaction: the per-record path of
 * the stream (deriveStatuses recomputes everyone). Same rules as deriveStatuses: a person joined by
 * any probable link is identity-unconfirmed and its removal gate stays closed (ADR 0007). A person
 * id with no records left (merged away) loses its status row.
 */
export async function derivePersonStatuses(
  tx: Sql,
  personIds: Iterable<string>,
  asOf: IsoDate,
): Promise<StatusRow[]> {
  const ids = [...new Set(personIds)].sort();
  if (ids.length === 0) return [];
  const rows = statusRowsOf(ids, await recordsOfPersons(tx, ids), await unconfirmedAmong(tx, ids), asOf);
  await replaceStatuses(tx, ids, rows);
  return rows;
}

/**
 * The status rows of the given persons from their current records (a person with none left gets no
 * row); shared by this path and the stream's batch derivation.
 */
export function statusRowsOf(
  ids: readonly string[],
  recordsOf: Awaited<ReturnType<typeof recordsOfPersons>>,
  unconfirmed: ReadonlySet<string>,
  asOf: IsoDate,
): StatusRow[] {
  const rows: StatusRow[] = [];
  for (const personId of ids) {
    const stored = recordsOf.get(personId);
    if (stored === undefined) continue;
    const records: SourceRecord[] = stored.map((r) => ({
      sourceId: r.sourceId,
      sourceRecordId: r.sourceRecordId,
      recordType: r.recordType,
      fields: r.payload,
    }));
    rows.push({ personId, asOf, ...personStatus(records, asOf, !unconfirmed.has(personId)) });
  }
  return rows;
}
