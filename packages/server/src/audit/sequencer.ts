import { fromHex, type SequencerState, sequenceRows, signCheckpoint } from '@ilos/core';
import type { Context } from '../context.js';
import { readState, readUnsequenced, writeSequenced } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';
import { nodeSha256, signingKey } from './signing-key.js';

/** Sign a checkpoint at every multiple of this many entries (RELIABILITY.md T5 setup). */
export const CHECKPOINT_EVERY = 1000;
/** …and at the end of a pass when the last checkpoint is older than this, or when asked to. */
export const CHECKPOINT_AFTER_MS = 60_000;
const BATCH = 5000;

export type SequencerOptions = {
  /** Sign the tail too, so the log has no unsigned entries (the CLI does at exit). */
  final?: boolean;
  checkpointEvery?: number;
  batchSize?: number;
};

export type SequencerPass = { sequenced: number; checkpoints: number; size: number };

/** The origin line of this store's checkpoints: its log id, fixed when the store was made. */
export const originOf = (logId: string) => `ilos/audit/${logId}`;

/**
 * The sequencer (ADR 0010, RELIABILITY.md §4.2): in batches, under a lock on the state row, gives every
 * committed unsequenced row its seq, chain and leaf hash, extends the tree and signs checkpoints. One
 * sequencer runs at a time; writers never wait for it. On PostgreSQL it acts as ilos_sequencer, the only
 * role allowed to set those columns.
 */
export async function sequenceAudit(ctx: Context, options: SequencerOptions = {}): Promise<SequencerPass> {
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const batchSize = options.batchSize ?? BATCH;
  let sequenced = 0;
  let checkpoints = 0;
  let size = 0;
  for (;;) {
    const pass = await ctx.sql.transact(async (tx) => {
      await actAsSequencer(tx);
      const state = await readState(tx, { lock: true });
      const rows = await readUnsequenced(tx, batchSize);
      const now = ctx.now();
      const batch = sequenceRows(state, rows, {
        sequencedAt: now,
        checkpointEvery: every,
        sha256: nodeSha256,
      });
      const heads = batch.heads.filter((h) => h.size > state.lastCheckpointSize);
      const last = heads.at(-1)?.size ?? state.lastCheckpointSize;
      const stale =
        state.lastCheckpointAt === null ||
        now.getTime() - state.lastCheckpointAt.getTime() >= CHECKPOINT_AFTER_MS;
      const moreToCome = rows.length === batchSize;
      if (batch.head.size > last && !moreToCome && (options.final || stale)) heads.push(batch.head);
      if (rows.length === 0 && heads.length === 0) return { n: 0, signed: 0, size: state.size };
      const origin = originOf(state.logId);
      const key = heads.length > 0 ? signingKey(ctx) : undefined;
      const signed = heads.map((h) => ({
        ...h,
        note: signCheckpoint({ origin, size: h.size, root: fromHex(h.root)! }, key!),
      }));
      await writeSequenced(tx, batch.entries, batch.state satisfies SequencerState, signed, now);
      return { n: rows.length, signed: signed.length, size: batch.state.size };
    });
    sequenced += pass.n;
    checkpoints += pass.signed;
    size = pass.size;
    if (pass.n < batchSize) return { sequenced, checkpoints, size };
  }
}

/** Becomes ilos_sequencer for this transaction on PostgreSQL (a no-op where the role does not apply). */
async function actAsSequencer(tx: Sql): Promise<void> {
  if (tx.kind !== 'postgres') return;
  const [row] = await tx.query<{ ok: boolean }>(
    `select exists (select 1 from pg_roles where rolname = 'ilos_sequencer')
            and pg_has_role(session_user, 'ilos_sequencer', 'MEMBER') as ok`,
  );
  if (row?.ok) await tx.exec('set local role ilos_sequencer');
}

/** Drains the queue and signs the tail: what a short-lived process (the CLI) does before it exits. */
export async function drainAuditSequencer(ctx: Context): Promise<void> {
  const [pending] = await ctx.sql.query<{ n: number; unsigned: boolean }>(
    `select (select count(*)::int from (select 1 from audit_log where seq is null limit 1) p) as n,
            (select tree_size > last_checkpoint_size from audit_state) as unsigned`,
  );
  if ((pending?.n ?? 0) === 0 && !pending?.unsigned) return;
  await sequenceAudit(ctx, { final: true });
}

/**
 * For a long-running process (`ilos serve`, `ilos stream`): sequence every `intervalMs` until stopped, so
 * no row waits longer than the MMD (RELIABILITY.md T5.10, T11.4). A round still running when the next is
 * due is not doubled; a failed round is reported through `onError` and the next one tries again.
 */
export function startSequencer(
  ctx: Context,
  intervalMs = 1000,
  onError: (error: unknown) => void = () => {},
): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = sequenceAudit(ctx)
      .then(() => {}, onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
