import { REASON_CODES, type RecordIssue } from '@ilos/core';

/** A JetStream stream of records and the prefix of its subjects (one subject per source). */
export type StreamNames = { stream: string; prefix: string };

/** The stream that holds every agency's records: subjects ilos.records.<source>. */
export const DEFAULT_STREAM: StreamNames = { stream: 'ILOS_RECORDS', prefix: 'ilos.records.' };
export const DEFAULT_DURABLE = 'ilos-stream';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export const subjectOf = (sourceId: string, names: StreamNames = DEFAULT_STREAM) =>
  `${names.prefix}${sourceId}`;

/**
 * One record on the wire. `origin` (the publishing file's SHA-256) and `line` name the record the way
 * a batch file does, so a re-sent record lands on the same quarantine row and the same receipt key.
 * A line the publisher could not read is sent too, with its reading defect, so nothing is lost.
 */
export type RecordMessage =
  | { origin: string; line: number; byteOffset: number; fields: Record<string, unknown>; raw: string }
  | { origin: string; line: number; byteOffset: number; issue: RecordIssue; raw: string | null };

export type DecodedMessage =
  | { kind: 'record'; sourceId: string; message: Extract<RecordMessage, { fields: unknown }> }
  | {
      kind: 'bad';
      sourceId: string;
      origin: string;
      line: number;
      byteOffset: number;
      issue: RecordIssue;
      raw: string | null;
    };

const text = new TextDecoder('utf-8', { fatal: false });

/**
 * Reads one message. A body that is not a record envelope is still kept: it becomes a quarantine row
 * named by the stream sequence (origin `stream:<seq>`), never an error that would stop the worker.
 */
export function decodeMessage(
  subject: string,
  data: Uint8Array,
  streamSeq: number,
  prefix = DEFAULT_STREAM.prefix,
): DecodedMessage {
  const sourceId = subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
  const body = text.decode(data);
  const fallback = { kind: 'bad' as const, sourceId, origin: `stream:${streamSeq}`, line: 0, byteOffset: 0 };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return {
      ...fallback,
      raw: body,
      issue: { code: 'MALFORMED_JSON', message: `the message is not JSON: ${(error as Error).message}` },
    };
  }
  const envelope = value as Partial<Record<string, unknown>>;
  const wellFormed =
    value !== null &&
    typeof value === 'object' &&
    typeof envelope.origin === 'string' &&
    Number.isInteger(envelope.line) &&
    Number.isInteger(envelope.byteOffset);
  if (!wellFormed) {
    return {
      ...fallback,
      raw: body,
      issue: {
        code: 'NOT_AN_OBJECT',
        message: 'the message is not a record envelope {origin, line, fields}',
      },
    };
  }
  const at = { origin: envelope.origin as string, line: envelope.line as number };
  const byteOffset = envelope.byteOffset as number;
  if (isIssue(envelope.issue)) {
    const raw = typeof envelope.raw === 'string' ? envelope.raw : null;
    return { kind: 'bad', sourceId, ...at, byteOffset, issue: envelope.issue, raw };
  }
  const fields = envelope.fields;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    return {
      kind: 'bad',
      sourceId,
      ...at,
      byteOffset,
      raw: body,
      issue: { code: 'NOT_AN_OBJECT', message: 'the message has no fields object' },
    };
  }
  return {
    kind: 'record',
    sourceId,
    message: {
      ...at,
      byteOffset,
      fields: fields as Record<string, unknown>,
      raw: typeof envelope.raw === 'string' ? envelope.raw : body,
    },
  };
}

function isIssue(value: unknown): value is RecordIssue {
  return (
    value !== null &&
    typeof value === 'object' &&
    (REASON_CODES as readonly string[]).includes((value as RecordIssue).code) &&
    typeof (value as RecordIssue).message === 'string'
  );
}
