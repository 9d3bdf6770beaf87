import type { Source } from '@ilos/core';
import type { EncodedRecord, QuarantineEntry } from '../db/records-repository.js';
import { checkItem } from './check-item.js';
import { type FileFormat, readRecords } from './read-records.js';

/** One batch of a file, checked: records ready to store (payload as JSON text) and quarantine entries. */
export type CheckedBatch = {
  good: EncodedRecord[];
  bad: QuarantineEntry[];
  /** Bytes of the file read so far, when this batch was complete. */
  bytesRead: number;
};

export type CheckOptions = {
  path: string;
  format: FileFormat;
  source: Source;
  today: string;
  /** Records (good and bad together) per batch. */
  batchSize: number;
};

/**
 * Reads, checks and hashes a file in batches, in file order and in constant memory: the part of ingest
 * that needs no database. It runs the same on the main thread and on the check thread (check-worker.ts).
 * A file-level problem throws AppError, as readRecords does.
 */
export async function* checkedBatches(options: CheckOptions): AsyncGenerator<CheckedBatch> {
  let bytesRead = 0;
  let good: EncodedRecord[] = [];
  let bad: QuarantineEntry[] = [];
  for await (const item of readRecords(options.path, options.format, (n) => {
    bytesRead += n;
  })) {
    const checked = checkItem(item, options.source, options.today);
    if ('bad' in checked) bad.push(checked.bad);
    else {
      const r = checked.good;
      good.push({
        sourceRecordId: r.sourceRecordId,
        recordType: r.recordType,
        sourceVersion: r.sourceVersion,
        contentSha256: r.contentSha256,
        payloadJson: JSON.stringify(r.payload),
        line: r.line,
        byteOffset: r.byteOffset,
        raw: r.raw,
      });
    }
    if (good.length + bad.length >= options.batchSize) {
      yield { good, bad, bytesRead };
      good = [];
      bad = [];
    }
  }
  if (good.length + bad.length > 0) yield { good, bad, bytesRead };
}

/**
 * A batch as it crosses threads: one array per field of the good records. Copying a few arrays
 * between threads costs a third of copying thousands of objects, each with its property names.
 */
export type PackedBatch = {
  ids: string[];
  recordTypes: string[];
  sourceVersions: number[];
  hashes: string[];
  payloads: string[];
  lines: number[];
  byteOffsets: number[];
  raws: string[];
  bad: QuarantineEntry[];
  bytesRead: number;
};

export function packBatch(batch: CheckedBatch): PackedBatch {
  const packed: PackedBatch = {
    ids: [],
    recordTypes: [],
    sourceVersions: [],
    hashes: [],
    payloads: [],
    lines: [],
    byteOffsets: [],
    raws: [],
    bad: batch.bad,
    bytesRead: batch.bytesRead,
  };
  for (const r of batch.good) {
    packed.ids.push(r.sourceRecordId);
    packed.recordTypes.push(r.recordType);
    packed.sourceVersions.push(r.sourceVersion);
    packed.hashes.push(r.contentSha256);
    packed.payloads.push(r.payloadJson);
    packed.lines.push(r.line);
    packed.byteOffsets.push(r.byteOffset);
    packed.raws.push(r.raw);
  }
  return packed;
}

export function unpackBatch(packed: PackedBatch): CheckedBatch {
  const good: EncodedRecord[] = [];
  for (let i = 0; i < packed.ids.length; i++) {
    good.push({
      sourceRecordId: packed.ids[i]!,
      recordType: packed.recordTypes[i]!,
      sourceVersion: packed.sourceVersions[i]!,
      contentSha256: packed.hashes[i]!,
      payloadJson: packed.payloads[i]!,
      line: packed.lines[i]!,
      byteOffset: packed.byteOffsets[i]!,
      raw: packed.raws[i]!,
    });
  }
  return { good, bad: packed.bad, bytesRead: packed.bytesRead };
}
