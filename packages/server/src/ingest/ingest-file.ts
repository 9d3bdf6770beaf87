import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError, type ReasonCode } from '@ilos/core';
import { auditIngestBatch } from '../access/ingest-audit.js';
import type { Context } from '../context.js';
import { findAppliedRun, finishRun, type IngestReceipt, startRun } from '../db/ingest-runs-repository.js';
import {
  type BatchOutcome,
  type EncodedRecord,
  isUniqueViolation,
  type QuarantineEntry,
  quarantineRecords,
  type StoreOptions,
  storeRecords,
} from '../db/records-repository.js';
import { findSource } from '../db/sources-repository.js';
import { checkedBatches } from './checked-batches.js';
import { type FileFormat, formatOf } from './read-records.js';
import { threadBatches } from './thread-batches.js';

export { contentHash } from './check-item.js';

/** What one file's ingest did: the receipt's counts, and the run that holds its receipt. */
export type IngestSummary = {
  runId: string;
  file: string;
  sourceId: string;
  state: IngestReceipt['state'];
  accepted: number;
  duplicates: number;
  versions: number;
  quarantined: number;
  reasons: Partial<Record<ReasonCode, number>>;
  refusal: string | null;
};

export type IngestOptions = {
  path: string;
  /** Defaults to the file's base name without extension (`cbp-i94.csv` → `cbp-i94`). */
  sourceId?: string | undefined;
  format?: FileFormat | undefined;
  /** Records per transaction: small enough not to block readers of PGlite's single connection. */
  batchSize?: number;
  /** A file larger than this is refused whole, with a receipt saying why. */
  maxFileBytes?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Read and check on a worker thread; default: for files of THREAD_MIN_BYTES and more. */
  thread?: boolean;
};

/** From this size a file is read and checked on a worker thread (starting one costs about 0.3 s). */
export const THREAD_MIN_BYTES = 8 * 1024 ** 2;

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 ** 3;

/**
 * Ingests one agency file: every record is checked against its source's registration; good ones are
 * stored (idempotently, versions kept), bad ones quarantined with a reason, and the batch always goes on.
 * The same file again changes nothing and is recorded as a duplicate delivery.
 */
export async function ingestFile(ctx: Context, options: IngestOptions): Promise<IngestSummary> {
  const path = options.path;
  const sourceId = options.sourceId ?? basename(path, extname(path));
  const source = await findSource(ctx.sql, sourceId);
  if (source === undefined) {
    throw new AppError(
      'not_found',
      `${path}: source '${sourceId}' is not registered; see 'ilos sources list', or pass --source ID`,
    );
  }
  const format = options.format ?? formatOf(path);
  const size = await fileSize(path);
  const fileSha256 = await sha256OfFile(path);
  const runId = randomUUID();
  const base = {
    runId,
    file: path,
    sourceId,
    accepted: 0,
    duplicates: 0,
    versions: 0,
    quarantined: 0,
    reasons: {},
  };
  const run = { runId, sourceId, fileName: basename(path), fileSha256, fileBytes: size };

  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (size > maxFileBytes) {
    const refusal = `the file is ${size} bytes; the limit is ${maxFileBytes}`;
    await startRun(ctx.sql, run);
    await finishRun(ctx.sql, runId, { ...base, state: 'refused', refusal });
    return { ...base, state: 'refused', refusal };
  }
  const previous = await findAppliedRun(ctx.sql, sourceId, fileSha256);
  if (previous !== undefined) {
    // The same bytes were delivered before: nothing to store; the receipt says what the first run did.
    const summary = {
      ...base,
      state: 'duplicate' as const,
      duplicates: previous.accepted + previous.versions + previous.duplicates,
      quarantined: previous.quarantined,
      reasons: previous.reasons,
      refusal: null,
    };
    await startRun(ctx.sql, run);
    await finishRun(ctx.sql, runId, summary);
    return summary;
  }

  await startRun(ctx.sql, run);
  const today = ctx.now().toISOString().slice(0, 10);
  const counts = { accepted: 0, duplicates: 0, versions: 0, quarantined: 0 };
  const reasons: Partial<Record<ReasonCode, number>> = {};

  // After a batch of only new records the next is written without reading stored versions first;
  // a stored id then fails its COPY, and the batch is redone with the read (ADR 0006).
  let assumeNew = false;
  const write = async (records: readonly EncodedRecord[], entries: readonly QuarantineEntry[]) => {
    const attempt = (store: StoreOptions) =>
      ctx.sql.transact(async (tx) => {
        const stored = await storeRecords(tx, runId, sourceId, records, store);
        await quarantineRecords(tx, runId, sourceId, fileSha256, [...entries, ...stored.conflicts]);
        const quarantined = entries.length + stored.conflicts.length;
        await auditIngestBatch(tx, ctx.now(), { runId, sourceId, records, quarantined, stored });
        return stored;
      });
    const retryOnUniqueViolation =
      (next: () => Promise<BatchOutcome>) =>
      (error: unknown): Promise<BatchOutcome> => {
        if (isUniqueViolation(error)) return next();
        throw error;
      };
    // Another writer stored some of these records meanwhile: redo the batch with INSERT … ON CONFLICT.
    const withRead = () =>
      attempt({ copy: true }).catch(retryOnUniqueViolation(() => attempt({ copy: false })));
    const outcome = assumeNew
      ? await attempt({ copy: true, assumeNew: true }).catch(retryOnUniqueViolation(withRead))
      : await withRead();
    assumeNew = outcome.duplicates === 0 && outcome.versions === 0 && outcome.conflicts.length === 0;
    counts.accepted += outcome.accepted;
    counts.duplicates += outcome.duplicates;
    counts.versions += outcome.versions;
    for (const entry of [...entries, ...outcome.conflicts]) {
      counts.quarantined++;
      reasons[entry.issue.code] = (reasons[entry.issue.code] ?? 0) + 1;
    }
  };

  const check = {
    path,
    format,
    source,
    today,
    batchSize: options.batchSize ?? 5000,
  };
  // A large file is read and checked on a thread of its own while this one writes (ADR 0006).
  const thread = options.thread ?? size >= THREAD_MIN_BYTES;
  const batches = thread ? threadBatches(check) : checkedBatches(check);
  // One batch is written while the next is read and checked; writes stay strictly in order, so a
  // batch always sees every earlier batch's records (needed for duplicate ids across batches).
  let inflight: Promise<void> = Promise.resolve();
  try {
    for await (const batch of batches) {
      await inflight;
      inflight = write(batch.good, batch.bad);
      inflight.catch(() => {}); // awaited next round; this only stops an early unhandled-rejection crash
      options.onProgress?.(batch.bytesRead, size);
    }
    await inflight;
  } catch (error) {
    // A failed write is the failure, whatever the reader found meanwhile.
    const failedWrite = await inflight.then(
      () => undefined,
      (writeError: unknown) => writeError ?? new Error('a batch write failed'),
    );
    if (failedWrite !== undefined) throw failedWrite;
    if (!(error instanceof AppError)) throw error;
    await finishRun(ctx.sql, runId, { ...counts, reasons, state: 'refused', refusal: error.message });
    return { ...base, ...counts, reasons, state: 'refused', refusal: error.message };
  }
  await finishRun(ctx.sql, runId, { ...counts, reasons, state: 'applied', refusal: null });
  return { runId, file: path, sourceId, ...counts, reasons, state: 'applied', refusal: null };
}

export async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('invalid_input', `${path}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'not_found',
      `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
