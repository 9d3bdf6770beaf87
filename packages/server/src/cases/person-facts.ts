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
  isDisputeActive,
  type LifecycleEvent,
  lifecycleEvents,
  type RedressOutcome,
  type RedressStatus,
  type SourceRecord,
  statusReport,
} from '@ilos/core';
import type { Sql } from '../db/sql.js';
import { recordKey } from '../redress/disputes.js';
import { type PendingApproval, pendingApprovalJson, toPendingApproval } from './case-store.js';

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

type DisputeRow = {
  id: string;
  source_id: string;
  source_record_id: string;
  status: RedressStatus;
  resolution: RedressOutcome | null;
  acknowledge_by: string;
  decide_by: string;
  appeal_by: string | null;
};

type FactsRow = {
  pending: Parameters<typeof toPendingApproval>[0];
  records: RecordRow[] | string;
  links: [string, string][] | string;
  disputes: DisputeRow[] | string;
};

/** json arrives parsed from PGlite and from postgres.js alike; a string is parsed defensively. */
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * Everything a step is checked against, in one round trip: the person's current records, their links
 * that are neither deterministic nor confirmed together with the open identity reviews that touch any of
 * their records (a record of this person may be waiting in another cluster: a citizenship record, an
 * appeal), and the disputes on any of their records (narrowed below
 * to the records their lifecycle rests on).
 */
const FACTS_QUERY = `select ${pendingApprovalJson('$2::text')} as pending,
  (select coalesce(json_agg(json_build_object('source_id', r.source_id, 'source_record_id', r.source_record_id,
                                              'record_type', r.record_type, 'payload', r.payload)
                            order by r.source_id, r.source_record_id), '[]'::json)
     from person_records pr
     join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
    where pr.person_id = $1) as records,
  (select coalesce(json_agg(json_build_array(l.a, l.b) order by l.a, l.b), '[]'::json)
     from (select a, b from identity_links where person_id = $1 and strength not in ('deterministic', 'confirmed')
           union
           select t.a, t.b from person_records pr
             join review_tasks t on t.state = 'open'
                                and (t.a = pr.source_id || ':' || pr.source_record_id
                                     or t.b = pr.source_id || ':' || pr.source_record_id)
            where pr.person_id = $1) l) as links,
  (select coalesce(json_agg(json_build_object('id', q.id, 'source_id', q.source_id,
                                              'source_record_id', q.source_record_id, 'status', q.status,
                                              'resolution', q.resolution,
                                              'acknowledge_by', to_char(q.acknowledge_by, 'YYYY-MM-DD'),
                                              'decide_by', to_char(q.decide_by, 'YYYY-MM-DD'),
                                              'appeal_by', to_char(q.appeal_by, 'YYYY-MM-DD'))
                            order by q.opened_at), '[]'::json)
     from person_records pr
     join redress_requests q on q.source_id = pr.source_id and q.source_record_id = pr.source_record_id
    where pr.person_id = $1) as disputes`;

/** The person's current records, their lifecycle events, and the status report on asOf. */
export async function personFacts(tx: Sql, personId: string, asOf: IsoDate): Promise<PersonFacts> {
  return (await readFacts(tx, personId, asOf, null)).facts;
}

/**
 * What a step on a case is checked against, read after the case is locked: the person's facts and the
 * approval waiting on the case (with the counsel told of it), in one statement.
 */
export async function stepFacts(
  tx: Sql,
  c: { id: string; personId: string },
  asOf: IsoDate,
): Promise<PersonFacts & { pending: PendingApproval | undefined }> {
  const { facts, pending } = await readFacts(tx, c.personId, asOf, c.id);
  return { ...facts, pending };
}

async function readFacts(
  tx: Sql,
  personId: string,
  asOf: IsoDate,
  caseId: string | null,
): Promise<{ facts: PersonFacts; pending: PendingApproval | undefined }> {
  const [row] = await tx.query<FactsRow>(FACTS_QUERY, [personId, caseId]);
  const records: SourceRecord[] = parsed(row?.records ?? []).map((r) => ({
    sourceId: r.source_id,
    sourceRecordId: r.source_record_id,
    recordType: r.record_type,
    fields: parsed(r.payload),
  }));
  const events = lifecycleEvents(records);
  const report = statusReport(events, asOf);
  const links = parsed(row?.links ?? []);
  const probableLinkRecords = [...new Set(links.flat())];

  const facts: PersonFacts = {
    personId,
    known: records.length > 0,
    asOf,
    report,
    events,
    identity: { confirmed: links.length === 0, probableLinkRecords },
    disputes: activeDisputes(parsed(row?.disputes ?? []), events, asOf),
    counsel: counselOfRecord(records, asOf),
  };
  return { facts, pending: toPendingApproval(row?.pending) };
}

/**
 * Active disputes on the records the person's lifecycle rests on. Context-only records (an address, a
 * visa) make no lifecycle event, so a dispute about them does not freeze a removal step.
 */
function activeDisputes(
  rows: readonly DisputeRow[],
  events: readonly LifecycleEvent[],
  asOf: IsoDate,
): ActiveDispute[] {
  const byKey = new Map<string, string>();
  for (const event of events) {
    for (const id of event.recordIds ?? []) {
      const colon = id.indexOf(':');
      byKey.set(recordKey(id.slice(0, colon), id.slice(colon + 1)), id);
    }
  }
  const active: ActiveDispute[] = [];
  for (const r of rows) {
    const recordId = byKey.get(recordKey(r.source_id, r.source_record_id));
    if (recordId === undefined) continue;
    const dispute = {
      status: r.status,
      resolution: r.resolution,
      acknowledgeBy: r.acknowledge_by,
      decideBy: r.decide_by,
      appealBy: r.appeal_by,
    };
    if (isDisputeActive(dispute, asOf)) active.push({ disputeId: r.id, recordId });
  }
  return active;
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
