import { classifyIncoming, type RecordIssue, type StoredVersion } from '@ilos/core';
import type { Sql } from './sql.js';

/** A valid record ready to store, with where it came from in its file. */
export type RecordToStore = {
  sourceRecordId: string;
  recordType: string;
  sourceVersion: number;
  contentSha256: string;
  payload: Record<string, string>;
  line: number;
  byteOffset: number;
  raw: string;
};

/** A record to store with its payload already serialised as JSON text (the file ingest's check thread). */
export type EncodedRecord = Omit<RecordToStore, 'payload'> & { payloadJson: string };

/** A record that could not be stored, with its reason and place in the file. */
export type QuarantineEntry = {
  line: number;
  byteOffset: number;
  issue: RecordIssue;
  /** The raw text, or null where keeping it would itself store refused data. */
  raw: string | null;
};

export type BatchOutcome = {
  accepted: number;
  duplicates: number;
  versions: number;
  conflicts: QuarantineEntry[];
};

/** Whether an error is PostgreSQL's unique violation (SQLSTATE 23505), from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** How storeRecords writes a batch. */
export type StoreOptions = {
  /** Append new rows with COPY (fast; a row stored meanwhile fails it) rather than INSERT … ON CONFLICT. */
  copy?: boolean;
  /**
   * Skip reading the stored versions of the batch's ids and place every record as if its id were not
   * stored yet (ADR 0006). Only with `copy`: every stored id has a version 1 (versions count from 1
   * and are deleted only all together), so a stored id makes the COPY of its version 1 fail with a
   * unique violation, and the caller redoes the batch with the read.
   */
  assumeNew?: boolean;
};

/**
 * Stores a batch of one source's valid records in the caller's transaction: duplicates change nothing,
 * changed payloads become new versions, and is_current follows the source's version numbers.
 */
export async function storeRecords(
  tx: Sql,
  runId: string,
  sourceId: string,
  batch: readonly (RecordToStore | EncodedRecord)[],
  options: StoreOptions = {},
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { accepted: 0, duplicates: 0, versions: 0, conflicts: [] };
  if (batch.length === 0) return outcome;
  if (options.assumeNew === true && options.copy !== true) throw new Error('assumeNew needs copy');
  const stored =
    options.assumeNew === true
      ? new Map<string, StoredVersion[]>()
      : await storedVersions(tx, sourceId, batch);

  const inserts: {
    source_record_id: string;
    version: number;
    source_version: number;
    record_type: string;
    content_sha256: string;
    /** JSON text. */
    payload: string;
    line: number;
    is_current: boolean;
  }[] = [];
  const superseded = new Set<string>();
  for (const record of batch) {
    const versions = stored.get(record.sourceRecordId) ?? [];
    const placement = classifyIncoming(record, versions, runId);
    if (placement.kind === 'duplicate') {
      outcome.duplicates++;
      continue;
    }
    if (placement.kind === 'conflict') {
      outcome.conflicts.push({
        line: record.line,
        byteOffset: record.byteOffset,
        raw: record.raw,
        issue: {
          code: 'DUPLICATE_ID_CONFLICT',
          field: 'sourceRecordId',
          message: `sourceRecordId '${record.sourceRecordId}' appears earlier in this file with different content (stored as version ${placement.withVersion})`,
        },
      });
      continue;
    }
    if (placement.kind === 'new') outcome.accepted++;
    else outcome.versions++;
    if (placement.kind === 'version' && placement.current) superseded.add(record.sourceRecordId);
    versions.push({
      version: placement.version,
      sourceVersion: record.sourceVersion,
      contentSha256: record.contentSha256,
      ingestRunId: runId,
    });
    stored.set(record.sourceRecordId, versions);
    inserts.push({
      source_record_id: record.sourceRecordId,
      version: placement.version,
      source_version: record.sourceVersion,
      record_type: record.recordType,
      content_sha256: record.contentSha256,
      payload: 'payloadJson' in record ? record.payloadJson : JSON.stringify(record.payload),
      line: record.line,
      is_current: placement.current,
    });
  }
  if (inserts.length > 0 && options.copy === true) {
    // COPY is 2–3× faster than INSERT … SELECT (ADR 0006); a concurrent writer's row makes it fail
    // with a unique violation, and the caller then retries the batch without it.
    await tx.copyRows(
      'records',
      [
        'source_id',
        'source_record_id',
        'version',
        'source_version',
        'record_type',
        'content_sha256',
        'payload',
        'ingest_run_id',
        'line',
        'is_current',
      ],
      inserts.map(
        (r) =>
          [
            sourceId,
            r.source_record_id,
            r.version,
            r.source_version,
            r.record_type,
            r.content_sha256,
            r.payload,
            runId,
            r.line,
            r.is_current,
          ] as const,
      ),
    );
  } else if (inserts.length > 0) {
    await tx.query(
      `insert into records (source_id, source_record_id, version, source_version, record_type, content_sha256, payload, ingest_run_id, line, is_current)
       select $1, t.source_record_id, t.version, t.source_version, t.record_type, t.content_sha256, t.payload::jsonb, $2, t.line, t.is_current
         from jsonb_to_recordset($3::text::jsonb) as t(source_record_id text, version integer, source_version integer,
              record_type text, content_sha256 text, payload text, line integer, is_current boolean)
       on conflict do nothing`,
      [sourceId, runId, JSON.stringify(inserts)],
    );
  }
  if (superseded.size > 0) {
    // The newest current version wins; every other version of the same record stops being current.
    await tx.query(
      `update records r set is_current = (r.version = c.version)
         from (select distinct on (source_record_id) source_record_id, version from records
                where source_id = $1 and source_record_id in (select jsonb_array_elements_text($2::text::jsonb))
                order by source_record_id, source_version desc, version desc) c
        where r.source_id = $1 and r.source_record_id = c.source_record_id`,
      [sourceId, JSON.stringify([...superseded])],
    );
  }
  return outcome;
}

/** The stored versions of a batch's ids, by id (one indexed query). */
async function storedVersions(
  tx: Sql,
  sourceId: string,
  batch: readonly { sourceRecordId: string }[],
): Promise<Map<string, StoredVersion[]>> {
  const ids = [...new Set(batch.map((r) => r.sourceRecordId))];
  const stored = new Map<string, StoredVersion[]>();
  const rows = await tx.query<{
    id: string;
    version: number;
    source_version: number;
    sha: string;
    run: string;
  }>(
    `select source_record_id as id, version, source_version, content_sha256 as sha, ingest_run_id as run
       from records where source_id = $1 and source_record_id in (select jsonb_array_elements_text($2::text::jsonb))`,
    [sourceId, JSON.stringify(ids)],
  );
  for (const row of rows) {
    const list = stored.get(row.id) ?? [];
    list.push({
      version: row.version,
      sourceVersion: row.source_version,
      contentSha256: row.sha,
      ingestRunId: row.run,
    });
    stored.set(row.id, list);
  }
  return stored;
}

/** Quarantines bad records of one file; the same line of the same file is kept once, however often it is sent. */
export async function quarantineRecords(
  tx: Sql,
  runId: string,
  sourceId: string,
  fileSha256: string,
  entries: readonly QuarantineEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `insert into quarantine (source_id, file_sha256, line, byte_offset, ingest_run_id, reason_code, field, message, raw)
     select $1, $2, t.line, t.byte_offset, $3, t.reason_code, t.field, t.message, t.raw
       from jsonb_to_recordset($4::text::jsonb) as t(line integer, byte_offset bigint, reason_code text, field text, message text, raw text)
     on conflict do nothing`,
    [
      sourceId,
      fileSha256,
      runId,
      JSON.stringify(
        entries.map((e) => ({
          line: e.line,
          byte_offset: e.byteOffset,
          reason_code: e.issue.code,
          field: e.issue.field ?? null,
          message: e.issue.message,
          raw: e.raw === null ? null : e.raw.replaceAll('\u0000', '\uFFFD'),
        })),
      ),
    ],
  );
}

export type StoredRecord = {
  sourceId: string;
  sourceRecordId: string;
  version: number;
  recordType: string;
  payload: Record<string, string>;
};

/** Every version of one source record, oldest first. */
export async function recordHistory(
  sql: Sql,
  sourceId: string,
  sourceRecordId: string,
): Promise<(StoredRecord & { isCurrent: boolean; sourceVersion: number })[]> {
  const rows = await sql.query<{
    version: number;
    record_type: string;
    payload: Record<string, string>;
    is_current: boolean;
    source_version: number;
  }>(
    `select version, record_type, payload, is_current, source_version from records
      where source_id = $1 and source_record_id = $2 order by version`,
    [sourceId, sourceRecordId],
  );
  return rows.map((r) => ({
    sourceId,
    sourceRecordId,
    version: r.version,
    recordType: r.record_type,
    payload: r.payload,
    isCurrent: r.is_current,
    sourceVersion: r.source_version,
  }));
}
