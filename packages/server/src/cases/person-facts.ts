/**
 * The facts a case step is checked against, read at the moment of the step (DESIGN.md §2 "Case"): the
 * person's status is derived afresh from their current records, so a record that arrived a second ago
 * counts — not the last batch derivation. Identity, disputes and counsel of record come from the store.
 */
import {
  type ActiveDispute,
  type CounselOfRecord,
  type GateFacts,
  type IsoDate,
  type LifecycleEvent,
  lifecycleEvents,
  type SourceRecord,
  statusReport,
} from '@ilos/core';
import type { Sql } from '../db/sql.js';
import { disputesFor, recordKey } from '../redress/disputes.js';

export type PersonFacts = Omit<GateFacts, 'counsel'> & {
  personId: string;
  counsel: readonly CounselOfRecord[];
  /** Whether any current record is filed to the person at all. */
  known: boolean;
};

type RecordRow = {
  source_id: string;
  source_record_id: string;
  record_type: string;
  payload: Record<string, string> | string;
};

/** The person's current records, their lifecycle events, and the status report on asOf. */
export async function personFacts(tx: Sql, personId: string, asOf: IsoDate): Promise<PersonFacts> {
  const rows = await tx.query<RecordRow>(
    `select r.source_id, r.source_record_id, r.record_type, r.payload
       from person_records pr
       join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
      where pr.person_id = $1
      order by r.source_id, r.source_record_id`,
    [personId],
  );
  const records: SourceRecord[] = rows.map((r) => ({
    sourceId: r.source_id,
    sourceRecordId: r.source_record_id,
    recordType: r.record_type,
    fields: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, string>) : r.payload,
  }));
  const events = lifecycleEvents(records);
  const report = statusReport(events, asOf);

  const links = await tx.query<{ a: string; b: string }>(
    `select a, b from identity_links where person_id = $1 and strength not in ('deterministic', 'confirmed')
      order by a, b`,
    [personId],
  );
  const probableLinkRecords = [...new Set(links.flatMap((l) => [l.a, l.b]))];

  return {
    personId,
    known: records.length > 0,
    asOf,
    report,
    events,
    identity: { confirmed: links.length === 0, probableLinkRecords },
    disputes: await activeDisputes(tx, events, asOf),
    counsel: counselOfRecord(records, asOf),
  };
}

/**
 * Active disputes on the records the person's lifecycle rests on. Context-only records (an address, a
 * visa) make no lifecycle event, so a dispute about them does not freeze a removal step.
 */
async function activeDisputes(
  tx: Sql,
  events: readonly LifecycleEvent[],
  asOf: IsoDate,
): Promise<ActiveDispute[]> {
  const byKey = new Map<string, string>();
  for (const event of events) {
    for (const id of event.recordIds ?? []) {
      const colon = id.indexOf(':');
      byKey.set(recordKey(id.slice(0, colon), id.slice(colon + 1)), id);
    }
  }
  const notes = await disputesFor(tx, [...byKey.keys()], asOf);
  return notes
    .filter((n) => n.active)
    .map((n) => ({ disputeId: n.id, recordId: byKey.get(n.recordKey) ?? n.recordKey }));
}

/**
 * Counsel of record on asOf: the latest appearance before the court (EOIR-28) and the latest before DHS
 * (G-28), each of whom is served (8 CFR 1292.5(a), 292.5(a)).
 */
export function counselOfRecord(records: readonly SourceRecord[], asOf: IsoDate): CounselOfRecord[] {
  const latest = new Map<string, CounselOfRecord>();
  for (const r of records) {
    if (r.recordType !== 'counsel_appearance') continue;
    const filedOn = r.fields.filedDate as IsoDate | undefined;
    const form = r.fields.form;
    const name = r.fields.counselName;
    if (filedOn === undefined || form === undefined || name === undefined || filedOn > asOf) continue;
    const current = latest.get(form);
    if (current !== undefined && current.filedOn > filedOn) continue;
    latest.set(form, {
      recordId: `${r.sourceId}:${r.sourceRecordId}`,
      name,
      barNumber: r.fields.counselBarNumber ?? null,
      form,
      filedOn,
    });
  }
  return [...latest.values()].sort((a, b) => a.form.localeCompare(b.form));
}
