import { type IsoDate, lifecycleEvents, type SourceRecord, statusReport, statusTimeline } from '@ilos/core';
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
  const recordsOf = await recordsOfPersons(tx, ids);
  const unconfirmed = await unconfirmedAmong(tx, ids);
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
    const events = lifecycleEvents(records);
    const report = statusReport(events, asOf);
    const confirmed = !unconfirmed.has(personId);
    if (!confirmed) {
      report.removal.mayProceed = false;
      report.removal.flags = [...report.removal.flags, 'IDENTITY_UNCONFIRMED'];
      report.explanation.push({
        rule: 'DESIGN §2 link strength',
        text: 'Some of these records are joined only by a probable (model) link. Only deterministic and confirmed links may feed a consequential result, so no removal step may proceed until a reviewer confirms the identity.',
        events: [],
        citation: 'DESIGN.md §2; RULES.md §8.4 (never merge on name + date of birth alone)',
      });
    }
    rows.push({
      personId,
      asOf,
      status: report.status,
      identityConfirmed: confirmed,
      nationality: nationalityOf(records),
      report,
      timeline: statusTimeline(events, asOf),
      events,
    });
  }
  await replaceStatuses(tx, ids, rows);
  return rows;
}

/** The country of citizenship most of the records give (ties: alphabetical), as deriveStatuses does. */
function nationalityOf(records: readonly SourceRecord[]): string | null {
  const counts = new Map<string, number>();
  for (const r of records) {
    const n = r.fields.nationality;
    if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}
