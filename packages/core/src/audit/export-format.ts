import type { AuditEntry } from './audit-entry.js';
import type { UnreadableEntry } from './verify-log.js';

/**
 * The offline export (`ilos audit export`): JSON Lines, readable by anyone. Line 1 is a header with the
 * log's origin and the public key it was signed with; then one line per signed checkpoint; then one line
 * per entry, with its columns in a fixed order. An inspector verifies it with the public key alone.
 */
export const EXPORT_FORMAT = 'ilos-audit-export/1';

export type ExportHeader = {
  format: typeof EXPORT_FORMAT;
  origin: string;
  publicKey: string;
  size: number;
  exportedAt: string;
};

const ENTRY_KEYS = [
  'seq',
  'at',
  'sequencedAt',
  'eventType',
  'component',
  'sourceIp',
  'sessionId',
  'actorId',
  'actorRole',
  'purpose',
  'target',
  'subjects',
  'fields',
  'outcome',
  'reason',
  'details',
  'prevHash',
  'leafHash',
] as const satisfies readonly (keyof AuditEntry)[];

/** A redacted entry's line (T13.2) ends with `"redacted":true`. */
const REDACTED_KEYS = [...ENTRY_KEYS, 'redacted'].join(',');

const NULLABLE = new Set(['sessionId', 'purpose', 'target', 'reason']);
const LISTS = new Set(['subjects', 'fields']);

/** One entry as its export line: the columns in ENTRY_KEYS order, nothing else. */
export function formatEntryLine(entry: AuditEntry): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ENTRY_KEYS) ordered[key] = entry[key];
  if (entry.redacted === true) ordered.redacted = true;
  // JSON leaves U+2028/U+2029 raw, and some line readers break lines there: escape them (T6.5).
  return JSON.stringify(ordered).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Reads an entry line strictly: exactly the known columns, each of its type; otherwise unreadable. */
export function parseEntryLine(line: string): AuditEntry | UnreadableEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { unreadable: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { unreadable: 'not an object' };
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).join(',');
  if (keys !== ENTRY_KEYS.join(',') && !(keys === REDACTED_KEYS && record.redacted === true))
    return { unreadable: 'unexpected columns' };
  for (const key of ENTRY_KEYS) {
    const v = record[key];
    if (key === 'seq') {
      if (!Number.isSafeInteger(v)) return { unreadable: 'seq is not a whole number' };
    } else if (LISTS.has(key)) {
      if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
        return { unreadable: `${key} is not a list of text` };
    } else if (!(typeof v === 'string' || (v === null && NULLABLE.has(key)))) {
      return { unreadable: `${key} has the wrong type` };
    }
  }
  return record as AuditEntry;
}

export function formatHeaderLine(header: ExportHeader): string {
  return JSON.stringify(header);
}

export function parseHeaderLine(line: string): ExportHeader | undefined {
  try {
    const value = JSON.parse(line) as Partial<ExportHeader>;
    if (value.format !== EXPORT_FORMAT) return undefined;
    if (typeof value.origin !== 'string' || typeof value.publicKey !== 'string') return undefined;
    if (!Number.isSafeInteger(value.size) || typeof value.exportedAt !== 'string') return undefined;
    return value as ExportHeader;
  } catch {
    return undefined;
  }
}

export function formatCheckpointLine(note: string): string {
  return JSON.stringify({ checkpoint: note });
}

/** The note of a checkpoint line, or undefined when the line is not one. */
export function parseCheckpointLine(line: string): string | undefined {
  if (!line.startsWith('{"checkpoint":')) return undefined;
  try {
    const value = JSON.parse(line) as { checkpoint?: unknown };
    return typeof value.checkpoint === 'string' && Object.keys(value).length === 1
      ? value.checkpoint
      : undefined;
  } catch {
    return undefined;
  }
}
