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
import {
  addRunCounts,
  advanceOffset,
  type CurrentRecord,
  latestLinkModelId,
  openStreamRun,
  quarantinedLines,
} from '../db/stream-repository.js';
import { checkItem } from '../ingest/check-item.js';
import type { IncrementalResolver } from '../persons/resolve-one.js';
import { deriveBatch } from './derive-batch.js';
import { type DecodedMessage, subjectOf } from './messages.js';
import { Pipeline } from './pipeline.js';
import { resolveBatch } from './resolve-batch.js';

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

/** The link model was re-fitted in batch since the worker's index was built: rebuild it and apply the batch again. */
export class StaleModelError extends Error {
  constructor() {
    super('a newer link model was fitted; the stream index must be rebuilt');
  }
}

/**
 * Applies a batch of messages in ONE transaction: the same checks, quarantine and receipts as batch
 * ingest (checkItem, storeRecords, quarantineRecords, auditIngestBatch), then the incremental
 * resolution of every new record of the batch at once, the touched persons' status, and the consumer's
 * offset. The caller acks the messages only after this returns, so a crash anywhere redelivers a batch
 * whose effects are either all committed (then every record is a duplicate and nothing changes) or
 * none. Statements that do not need each other's answers are issued together (Pipeline): a batch
 * costs about six round trips on the PostgreSQL server, whatever its size and number of sources.
 */
export async function applyMessages(
  ctx: Context,
  state: WorkerState,
  messages: readonly { decoded: DecodedMessage; streamSeq: number }[],
): Promise<BatchCounts> {
  const today = ctx.now().toISOString().slice(0, 10) as IsoDate;
  const groups = groupBy(messages, (m) => m.decoded.sourceId);
  await knowSources(ctx.sql, state, [...groups.keys()]);
  return ctx.sql.transact(async (tx) => {
    const pipeline = new Pipeline();
    try {
      return await applyIn(tx, pipeline, ctx.now(), today, state, groups, messages);
    } catch (error) {
      // A statement's failure makes the later ones fail too; the first one is the cause to judge.
      throw (await pipeline.rootCause())?.error ?? error;
    }
  });
}

async function applyIn(
  tx: Sql,
  pipeline: Pipeline,
  now: Date,
  today: IsoDate,
  state: WorkerState,
  groups: Map<string, { decoded: DecodedMessage; streamSeq: number }[]>,
  messages: readonly { decoded: DecodedMessage; streamSeq: number }[],
): Promise<BatchCounts> {
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
  // First round trip (BEGIN goes with it): the model's id, each source's receipt, what is stored already.
  const model = pipeline.add(latestLinkModelId(tx));
  const perSource = [...groups].map(([sourceId, items]) => {
    const runId = runOf(tx, pipeline, state, sourceId);
    const { good, bad } = check(items, sourceId, state.sources.get(sourceId), today);
    return {
      sourceId,
      items,
      runId,
      good,
      bad,
      fresh: pipeline.add(notYetStored(tx, sourceId, good)),
      stored: pipeline.add(storeRecords(tx, runId, sourceId, good)),
      seen: quarantinedByOrigin(tx, pipeline, sourceId, bad),
    };
  });
  const modelId = await model;
  if (modelId !== undefined && modelId !== state.resolver.modelId) throw new StaleModelError();

  const fresh: CurrentRecord[] = [];
  for (const s of perSource) {
    const stored = await s.stored;
    counts.accepted += stored.accepted;
    counts.duplicates += stored.duplicates;
    counts.versions += stored.versions;
    const originOf = new Map(s.items.map((m) => [lineKey(m.decoded), originOfDecoded(m.decoded)]));
    const conflicts = stored.conflicts.map((entry) => ({
      origin: originOf.get(`${entry.line}:${entry.byteOffset}`) ?? '',
      entry,
    }));
    // Rare: a record that conflicts with an earlier one of its file is quarantined like a bad one.
    const seen = await mergeSeen(await s.seen, quarantinedByOrigin(tx, pipeline, s.sourceId, conflicts));
    let quarantined = 0;
    const reasons: Partial<Record<ReasonCode, number>> = {};
    for (const [origin, entries] of groupBy([...s.bad, ...conflicts], (b) => b.origin)) {
      const unseen = new Map<number, QuarantineEntry>();
      for (const { entry } of entries) if (!seen.get(origin)?.has(entry.line)) unseen.set(entry.line, entry);
      counts.duplicates += entries.length - unseen.size;
      pipeline.add(quarantineRecords(tx, s.runId, s.sourceId, origin, [...unseen.values()]));
      for (const entry of unseen.values()) {
        quarantined++;
        reasons[entry.issue.code] = (reasons[entry.issue.code] ?? 0) + 1;
        counts.reasons[entry.issue.code] = (counts.reasons[entry.issue.code] ?? 0) + 1;
      }
    }
    counts.quarantined += quarantined;
    pipeline.add(
      auditIngestBatch(tx, now, {
        runId: s.runId,
        sourceId: s.sourceId,
        records: s.good,
        quarantined,
        stored,
      }),
    );
    const { accepted, duplicates, versions } = stored;
    pipeline.add(addRunCounts(tx, s.runId, { accepted, duplicates, versions, quarantined }, reasons));
    for (const r of await s.fresh) {
      fresh.push({
        sourceId: s.sourceId,
        sourceRecordId: r.sourceRecordId,
        recordType: r.recordType,
        payload: r.payload,
      });
      counts.stored.push(`${s.sourceId}:${r.sourceRecordId}`);
    }
  }

  const affected = await resolveBatch(tx, pipeline, state.resolver, fresh);
  counts.persons = await deriveBatch(tx, pipeline, affected, today);
  // The offset goes out with COMMIT where the store allows (one round trip for the batch's last writes).
  const last = Math.max(...messages.map((m) => m.streamSeq));
  const final = tx.finalQuery;
  pipeline.add(
    advanceOffset(final === undefined ? tx : { ...tx, query: final }, state.durable, last, messages.length),
  );
  await pipeline.settle();
  return counts;
}

/** Checks a source's messages as batch ingest does: records to store and lines to quarantine. */
function check(
  items: readonly { decoded: DecodedMessage }[],
  sourceId: string,
  source: Source | undefined,
  today: IsoDate,
): { good: RecordToStore[]; bad: { origin: string; entry: QuarantineEntry }[] } {
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
  return { good, bad };
}

/** Issues one read per published file of the lines among `bad` already quarantined. */
function quarantinedByOrigin(
  tx: Sql,
  pipeline: Pipeline,
  sourceId: string,
  bad: readonly { origin: string; entry: QuarantineEntry }[],
): Promise<Map<string, Set<number>>> {
  const reads = [...groupBy(bad, (b) => b.origin)].map(([origin, entries]) =>
    pipeline
      .add(
        quarantinedLines(
          tx,
          sourceId,
          origin,
          entries.map((e) => e.entry.line),
        ),
      )
      .then((lines) => [origin, lines] as const),
  );
  return pipeline.add(Promise.all(reads).then((pairs) => new Map(pairs)));
}

async function mergeSeen(
  first: Map<string, Set<number>>,
  more: Promise<Map<string, Set<number>>>,
): Promise<Map<string, Set<number>>> {
  for (const [origin, lines] of await more) {
    const set = first.get(origin) ?? new Set<number>();
    for (const line of lines) set.add(line);
    first.set(origin, set);
  }
  return first;
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

/** Reads the registry entries of sources this worker has not met yet (once per source). */
async function knowSources(sql: Sql, state: WorkerState, sourceIds: readonly string[]): Promise<void> {
  const unknown = sourceIds.filter((id) => !state.sources.has(id));
  const found = await Promise.all(unknown.map((id) => findSource(sql, id)));
  unknown.forEach((id, i) => {
    state.sources.set(id, found[i]);
  });
}

/** This worker's receipt for a source; opened (idempotently) in every batch, so a rolled-back first batch loses nothing. */
function runOf(tx: Sql, pipeline: Pipeline, state: WorkerState, sourceId: string): string {
  let runId = state.runs.get(sourceId);
  if (runId === undefined) {
    runId = randomUUID();
    state.runs.set(sourceId, runId);
  }
  pipeline.add(openStreamRun(tx, { runId, sourceId, subject: subjectOf(sourceId), durable: state.durable }));
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
