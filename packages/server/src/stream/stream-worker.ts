import { type JsMsg, jetstream } from '@nats-io/jetstream';
import { startSequencer } from '../audit/sequencer.js';
import type { Context } from '../context.js';
import { closeStreamRun } from '../db/stream-repository.js';
import { openIncrementalResolver } from '../persons/resolve-one.js';
import { applyMessages, type BatchCounts, StaleModelError, type WorkerState } from './apply-messages.js';
import { DEFAULT_DURABLE, DEFAULT_STREAM, decodeMessage, type StreamNames } from './messages.js';
import { connectNats, ensureConsumer, ensureStream, jetStreamOf } from './nats.js';

export type StreamOptions = {
  natsUrl: string;
  names?: StreamNames;
  durable?: string | undefined;
  /** Only this source's subject; every source when absent. */
  sourceId?: string | undefined;
  /** Most messages applied in one transaction. */
  batchSize?: number;
  /** How long NATS waits for an ack before redelivering (a killed worker's messages come back then). */
  ackWaitMs?: number;
  /** Stops the worker cleanly: the batch in hand is committed and acked, the rest handed back. */
  signal: AbortSignal;
  /** Stops after this many messages have been applied (tests, benchmarks). */
  maxMessages?: number | undefined;
  onBatch?: (counts: BatchCounts, committedAt: number) => void;
  onReady?: () => void;
};

export type StreamSummary = {
  messages: number;
  batches: number;
  accepted: number;
  duplicates: number;
  versions: number;
  quarantined: number;
  reasons: Record<string, number>;
  /** Batches rolled back by a lock conflict and handed back for redelivery. */
  retried: number;
  /** Times the index was rebuilt because a link model was fitted in batch meanwhile. */
  rebuilds: number;
};

/** SQLSTATEs after which the batch is simply tried again: deadlock, serialization failure, unique race. */
const RETRYABLE = new Set(['40P01', '40001', '23505']);

/**
 * `ilos stream`: consumes ilos.records.<source> with a durable pull consumer shared by every worker
 * (a queue group), applies messages in batches (applyMessages) and acks them only after the commit.
 */
export async function runStreamWorker(ctx: Context, options: StreamOptions): Promise<StreamSummary> {
  const durable = options.durable ?? DEFAULT_DURABLE;
  const batchSize = options.batchSize ?? 200;
  const nc = await connectNats(options.natsUrl);
  // A worker runs for hours: its audit rows are sequenced within the MMD, not only when it exits.
  const sequencer = startSequencer(ctx, 1000);
  const summary: StreamSummary = {
    messages: 0,
    batches: 0,
    accepted: 0,
    duplicates: 0,
    versions: 0,
    quarantined: 0,
    reasons: {},
    retried: 0,
    rebuilds: 0,
  };
  try {
    const state: WorkerState = {
      durable,
      resolver: await openIncrementalResolver(ctx.sql),
      runs: new Map(),
      sources: new Map(),
    };
    const jsm = await jetStreamOf(nc);
    const names = options.names ?? DEFAULT_STREAM;
    await ensureStream(jsm, names);
    await ensureConsumer(jsm, names, durable, options.sourceId, options.ackWaitMs ?? 30_000);
    const consumer = await jetstream(nc).consumers.get(names.stream, durable);
    const messages = await consumer.consume({ max_messages: batchSize * 2 });

    // Messages wait here until the loop below takes a batch; reading pauses while enough are waiting.
    const queue: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let resume: (() => void) | undefined;
    let ended = false;
    const nudge = () => {
      wake?.();
      wake = undefined;
    };
    const stop = () => {
      ended = true;
      messages.stop();
      nudge();
      resume?.();
    };
    options.signal.addEventListener('abort', stop, { once: true });
    if (options.signal.aborted) stop();
    // A pull still in flight when the connection drains rejects; the batch loop decides the outcome.
    const reader = (async () => {
      for await (const m of messages) {
        queue.push(m);
        nudge();
        while (queue.length >= batchSize * 2 && !ended) await new Promise<void>((r) => (resume = r));
      }
      ended = true;
      nudge();
    })().catch(() => {
      ended = true;
      nudge();
    });
    options.onReady?.();

    while (!options.signal.aborted) {
      if (queue.length === 0) {
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const batch = queue.splice(0, batchSize);
      resume?.();
      resume = undefined;
      const decoded = batch.map((m) => ({
        decoded: decodeMessage(m.subject, m.data, m.seq, names.prefix),
        streamSeq: m.seq,
      }));
      let counts: BatchCounts;
      // A long batch tells NATS it is still being worked on, so it is not redelivered meanwhile.
      const heartbeat = setInterval(
        () => {
          for (const m of batch) m.working();
        },
        Math.max(100, (options.ackWaitMs ?? 30_000) / 3),
      );
      try {
        counts = await applyMessages(ctx, state, decoded);
      } catch (error) {
        if (error instanceof StaleModelError) {
          // A model was fitted in batch (ilos resolve): nothing was written; rebuild and apply the batch again.
          state.resolver = await openIncrementalResolver(ctx.sql);
          summary.rebuilds++;
          queue.unshift(...batch);
          continue;
        }
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !RETRYABLE.has(code)) {
          for (const m of [...batch, ...queue]) m.nak();
          throw error;
        }
        // Rolled back: the in-memory index may hold records that were not committed; rebuild it.
        summary.retried++;
        for (const m of batch) m.nak(50 + Math.floor(Math.random() * 200));
        state.resolver = await openIncrementalResolver(ctx.sql);
        continue;
      } finally {
        clearInterval(heartbeat);
      }
      for (const m of batch) m.ack();
      const committedAt = Date.now();
      summary.messages += counts.messages;
      summary.batches++;
      summary.accepted += counts.accepted;
      summary.duplicates += counts.duplicates;
      summary.versions += counts.versions;
      summary.quarantined += counts.quarantined;
      for (const [code, n] of Object.entries(counts.reasons))
        summary.reasons[code] = (summary.reasons[code] ?? 0) + n;
      options.onBatch?.(counts, committedAt);
      if (options.maxMessages !== undefined && summary.messages >= options.maxMessages) break;
    }
    stop();
    for (const m of queue.splice(0)) m.nak();
    await reader;
    for (const runId of state.runs.values()) await closeStreamRun(ctx.sql, runId);
    return summary;
  } finally {
    await sequencer.stop();
    await nc.drain().catch(() => nc.close());
  }
}
