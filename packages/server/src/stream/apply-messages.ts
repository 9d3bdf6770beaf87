import { randomUUID } from 'node:crypto';
import type { IsoDate, ReasonCode, Source } from '@ilos/core';
import { auditIngestBatch } from '../access/ingest-audit.js';
import type { Context } from '../context.js';
import {
  type QuarantineEntry,
  quarantineRecords,
  type RecordToStore,
  storeRecords,
} from '../db/records-repository.js';
import { findSource } from '../db/sources-repository.js';
import type { Sql } from '../db/sql.js';
import { addRunCounts, advanceOffset, openStreamRun, quarantinedLines } from '../db/stream-repository.js';
import { checkItem } from '../ingest/check-item.js';
import { derivePersonStatuses } from '../persons/derive-one.js';
import { type IncrementalResolver, resolveRecords } from '../persons/resolve-one.js';
import { type DecodedMessage, subjectOf } from './messages.js';

/** What a worker keeps between batches: its resolver and one receipt per source it has seen. */
export type WorkerState = {
  durable: string;
  resolver: IncrementalResolver;
  runs: Map<string, string>;
  sources: Map<string, Source | undefined>;
};

export type BatchCounts = {
  messages: number;
  accepted: number;
  duplicates: number;
  versions: number;
  quarantined: number;
  reasons: Partial<Record<ReasonCode, number>>;
  /** Persons whose status was derived again in this batch. */
  persons: number;
  /** Keys (`source:id`) of the records this batch stored for the first time. */
  stored: string[];
};

/**
 * Applies a batch of messages in ONE transaction: the same checks, quarantine and receipts as batch
 * ingest (checkItem, storeRecords, quarantineRecords, auditIngestBatch), then per new record the
 * incremental resolution and its persons' status, then the consumer's offset. The caller acks the
 * messages only after this returns, so a crash anywhere redelivers a batch whose effects are either
 * all committed (then every record is a duplicate and nothing changes) or none.
 */
export async function applyMessages(
  ctx: Context,
  state: WorkerState,
  messages: readonly { decoded: DecodedMessage; streamSeq: number }[],
): Promise<BatchCounts> {
  const today = ctx.now().toISOString().slice(0, 10) as IsoDate;
  return ctx.sql.transact(async (tx) => {
    const counts: BatchCounts = {
      messages: messages.length,
      accepted: 0,
      duplicates: 0,
      versions: 0,
      quarantined: 0,
      reasons: {},
      persons: 0,
      stored: [],
    };
    const affected = new Set<string>();
    for (const [sourceId, items] of groupBy(messages, (m) => m.decoded.sourceId)) {
      const source = await sourceOf(tx, state, sourceId);
      const runId = await runOf(tx, state, sourceId);
      const good: RecordToStore[] = [];
      const bad: { origin: string; entry: QuarantineEntry }[] = [];
      for (const { decoded } of items) {
        if (decoded.kind === 'bad') {
          const { origin, line, byteOffset, issue, raw } = decoded;
          bad.push({ origin, entry: { line, byteOffset, issue, raw } });
        } else if (source === undefined) {
          const { origin, line, byteOffset, raw } = decoded.message;
          const issue = {
            code: 'RECORD_TYPE_NOT_REGISTERED' as const,
            message: `source '${sourceId}' is not registered; see 'ilos sources list'`,
          };
          bad.push({ origin, entry: { line, byteOffset, issue, raw } });
        } else {
          const m = decoded.message;
          const item = { kind: 'record' as const, line: m.line, byteOffset: m.byteOffset, raw: m.raw };
          const checked = checkItem({ ...item, fields: m.fields }, source, today);
          if ('bad' in checked) bad.push({ origin: m.origin, entry: checked.bad });
          else good.push(checked.good);
        }
      }

      const fresh = await notYetStored(tx, sourceId, good);
      const stored = await storeRecords(tx, runId, sourceId, good);
      counts.accepted += stored.accepted;
      counts.duplicates += stored.duplicates;
      counts.versions += stored.versions;
      const originOf = new Map(items.map((m) => [lineKey(m.decoded), originOfDecoded(m.decoded)]));
      for (const conflict of stored.conflicts) {
        bad.push({ origin: originOf.get(`${conflict.line}:${conflict.byteOffset}`) ?? '', entry: conflict });
      }
      let quarantined = 0;
      const reasons: Partial<Record<ReasonCode, number>> = {};
      for (const [origin, entries] of groupBy(bad, (b) => b.origin)) {
        const seen = await quarantinedLines(
          tx,
          sourceId,
          origin,
          entries.map((e) => e.entry.line),
        );
        const unseen = new Map<number, QuarantineEntry>();
        for (const { entry } of entries) if (!seen.has(entry.line)) unseen.set(entry.line, entry);
        counts.duplicates += entries.length - unseen.size;
        await quarantineRecords(tx, runId, sourceId, origin, [...unseen.values()]);
        for (const entry of unseen.values()) {
          quarantined++;
          reasons[entry.issue.code] = (reasons[entry.issue.code] ?? 0) + 1;
          counts.reasons[entry.issue.code] = (counts.reasons[entry.issue.code] ?? 0) + 1;
        }
      }
      counts.quarantined += quarantined;
      await auditIngestBatch(tx, ctx.now(), { runId, sourceId, records: good, quarantined, stored });
      await addRunCounts(
        tx,
        runId,
        {
          accepted: stored.accepted,
          duplicates: stored.duplicates,
          versions: stored.versions,
          quarantined,
        },
        reasons,
      );

      const persons = await resolveRecords(
        tx,
        state.resolver,
        fresh.map((r) => ({
          sourceId,
          sourceRecordId: r.sourceRecordId,
          recordType: r.recordType,
          payload: r.payload,
        })),
      );
      for (const p of persons) affected.add(p);
      for (const r of fresh) counts.stored.push(`${sourceId}:${r.sourceRecordId}`);
    }
    counts.persons = (await derivePersonStatuses(tx, affected, today)).length;
    const last = Math.max(...messages.map((m) => m.streamSeq));
    await advanceOffset(tx, state.durable, last, messages.length);
    return counts;
  });
}

/** The records of a batch that are not stored yet (new records and new versions), first of each. */
async function notYetStored(tx: Sql, sourceId: string, good: readonly RecordToStore[]) {
  if (good.length === 0) return [];
  const rows = await tx.query<{ id: string; sha: string }>(
    `select source_record_id as id, content_sha256 as sha from records
      where source_id = $1 and source_record_id in (select jsonb_array_elements_text($2::text::jsonb))`,
    [sourceId, JSON.stringify([...new Set(good.map((r) => r.sourceRecordId))])],
  );
  const seen = new Set(rows.map((r) => `${r.id}\u0000${r.sha}`));
  const fresh: RecordToStore[] = [];
  for (const r of good) {
    const key = `${r.sourceRecordId}\u0000${r.contentSha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(r);
  }
  return fresh;
}

async function sourceOf(tx: Sql, state: WorkerState, sourceId: string): Promise<Source | undefined> {
  if (!state.sources.has(sourceId)) state.sources.set(sourceId, await findSource(tx, sourceId));
  return state.sources.get(sourceId);
}

/** This worker's receipt for a source; opened (idempotently) in every batch, so a rolled-back first batch loses nothing. */
async function runOf(tx: Sql, state: WorkerState, sourceId: string): Promise<string> {
  let runId = state.runs.get(sourceId);
  if (runId === undefined) {
    runId = randomUUID();
    state.runs.set(sourceId, runId);
  }
  await openStreamRun(tx, { runId, sourceId, subject: subjectOf(sourceId), durable: state.durable });
  return runId;
}

const lineKey = (d: DecodedMessage) =>
  d.kind === 'record' ? `${d.message.line}:${d.message.byteOffset}` : `${d.line}:${d.byteOffset}`;
const originOfDecoded = (d: DecodedMessage) => (d.kind === 'record' ? d.message.origin : d.origin);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
