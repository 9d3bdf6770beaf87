import type { Sql } from '../db/sql.js';
import { auditSystemWrite } from './access-layer.js';

/**
 * The audit row of one ingest batch, written inside the batch's own transaction (no audit, no data):
 * actor system:ingest, purpose INGEST bound to the run, the keys of the records in the batch, counts.
 * Never payloads.
 */
export async function auditIngestBatch(
  tx: Sql,
  now: Date,
  batch: {
    runId: string;
    sourceId: string;
    records: readonly { sourceRecordId: string }[];
    quarantined: number;
    stored: { accepted: number; duplicates: number; versions: number };
  },
): Promise<void> {
  if (batch.records.length === 0 && batch.quarantined === 0) return;
  await auditSystemWrite(tx, now, {
    system: 'ingest',
    action: 'record.write',
    event: 'record.write',
    purpose: 'INGEST',
    target: `run:${batch.runId}`,
    subjects: [...new Set(batch.records.map((r) => `record:${batch.sourceId}/${r.sourceRecordId}`))],
    details: {
      source: batch.sourceId,
      accepted: batch.stored.accepted,
      versions: batch.stored.versions,
      duplicates: batch.stored.duplicates,
      quarantined: batch.quarantined,
    },
  });
}
