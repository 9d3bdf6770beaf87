import { hash } from 'node:crypto';
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
    // A line that could not be read may hold anything: the quarantine keeps where it is, not what it says.
    return { bad: { line: item.line, byteOffset: item.byteOffset, issue: item.issue, raw: null } };
  }
  const checked = validateRecord(item.fields, { source, today });
  if (!checked.ok) {
    // The raw text is kept only when every field in it is on the source's allow-list (SI-12(1), T13.1):
    // refused protected-category data and fields the source does not register are never stored.
    const raw =
      checked.error.code === 'PROTECTED_CATEGORY' || !onAllowList(item.fields, source)
        ? null
        : clipRaw(item.raw);
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
      // Kept for a conflicting duplicate's quarantine entry; a line with an (empty) unregistered field is not.
      raw: onAllowList(item.fields, source) ? (clipRaw(item.raw) ?? '') : '',
    },
  };
}

/** The content identity of a record: its type and fields in a canonical order, hashed. */
export function contentHash(recordType: string, fields: Readonly<Record<string, string>>): string {
  // Unit and record separators cannot occur in field values (validation refuses control characters).
  // Hashed in one call: the same bytes as one update per field, at a fraction of the cost.
  let text = recordType;
  for (const key of Object.keys(fields).sort()) text += `\u001e${key}\u001f${fields[key]}`;
  return hash('sha256', text, 'hex');
}

const allowListCache = new WeakMap<Source, ReadonlySet<string>>();

/** Whether every field name of a read record is registered for its source (for any of its record types). */
function onAllowList(fields: Readonly<Record<string, unknown>>, source: Source): boolean {
  let names = allowListCache.get(source);
  if (names === undefined) {
    names = new Set(Object.values(source.recordTypes).flatMap((registered) => registered ?? []));
    allowListCache.set(source, names);
  }
  for (const name of Object.keys(fields)) if (!names.has(name)) return false;
  return true;
}

function clipRaw(raw: string | null): string | null {
  if (raw === null || raw.length <= MAX_RAW_CHARS) return raw;
  return `${raw.slice(0, MAX_RAW_CHARS)}…[truncated ${raw.length - MAX_RAW_CHARS} characters]`;
}
