import { createHash } from 'node:crypto';
import { type Source, validateRecord } from '@ilos/core';
import type { QuarantineEntry, RecordToStore } from '../db/records-repository.js';
import type { ReadItem } from './read-records.js';

/** Longest raw text kept in the quarantine for one record. */
const MAX_RAW_CHARS = 64 * 1024;

/**
 * Checks one read item against its source's registration: a record ready to store, or a quarantine
 * entry with its reason. Shared by batch ingest (ingestFile) and the stream (ilos stream), so both
 * accept and refuse exactly the same records.
 */
export function checkItem(
  item: ReadItem,
  source: Source,
  today: string,
): { good: RecordToStore } | { bad: QuarantineEntry } {
  if (item.kind === 'bad') {
    return {
      bad: { line: item.line, byteOffset: item.byteOffset, issue: item.issue, raw: clipRaw(item.raw) },
    };
  }
  const checked = validateRecord(item.fields, { source, today });
  if (!checked.ok) {
    // Refused protected-category data is never stored, not even in the quarantine.
    const raw = checked.error.code === 'PROTECTED_CATEGORY' ? null : clipRaw(item.raw);
    return { bad: { line: item.line, byteOffset: item.byteOffset, issue: checked.error, raw } };
  }
  const record = checked.value;
  return {
    good: {
      sourceRecordId: record.sourceRecordId,
      recordType: record.recordType,
      sourceVersion: record.sourceVersion,
      contentSha256: contentHash(record.recordType, record.fields),
      payload: record.fields,
      line: item.line,
      byteOffset: item.byteOffset,
      raw: clipRaw(item.raw) ?? '',
    },
  };
}

/** The content identity of a record: its type and fields in a canonical order, hashed. */
export function contentHash(recordType: string, fields: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256').update(recordType);
  // Unit and record separators cannot occur in field values (validation refuses control characters).
  for (const key of Object.keys(fields).sort()) hash.update(`\u001e${key}\u001f${fields[key]}`);
  return hash.digest('hex');
}

function clipRaw(raw: string | null): string | null {
  if (raw === null || raw.length <= MAX_RAW_CHARS) return raw;
  return `${raw.slice(0, MAX_RAW_CHARS)}…[truncated ${raw.length - MAX_RAW_CHARS} characters]`;
}
