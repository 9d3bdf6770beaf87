import { AppError, protectedWord, type RecordIssue } from '@ilos/core';
import Papa from 'papaparse';
import { type PhysicalLine, readLines } from './read-lines.js';

export type FileFormat = 'csv' | 'ndjson';

/** What the reader yields for each record of a file: its fields, or why it could not be read. */
export type ReadItem =
  | { kind: 'record'; line: number; byteOffset: number; raw: string; fields: Record<string, unknown> }
  | { kind: 'bad'; line: number; byteOffset: number; raw: string | null; issue: RecordIssue };

/** A record (one line, or a quoted CSV value spanning lines) longer than this is quarantined unread. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;
const MAX_JSON_DEPTH = 32;
const MAX_NUMBER_CHARS = 30;
const MAX_CSV_CONTINUATION_LINES = 20;
// ignoreBOM keeps a BOM in the text, so one inside the file is seen (the decoder would drop it silently).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export function formatOf(path: string): FileFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  throw new AppError(
    'invalid_input',
    `${path}: unknown file type; ilos reads .csv, .ndjson and .jsonl files`,
  );
}

/**
 * Reads the records of a CSV (header row, RFC 4180 quoting) or NDJSON file in constant memory.
 * A bad line never stops the file: it is yielded as `bad` with a reason code, and reading goes on.
 * A file-level problem (no header, a header naming protected-category data) throws AppError.
 */
export async function* readRecords(
  path: string,
  format: FileFormat,
  onBytes?: (n: number) => void,
): AsyncGenerator<ReadItem> {
  const lines = readLines(path, MAX_RECORD_BYTES, onBytes);
  if (format === 'ndjson') {
    for await (const line of lines) {
      const item = ndjsonItem(line);
      if (item !== undefined) yield item;
    }
    return;
  }
  yield* csvItems(path, lines);
}

/** Checks that apply to the bytes of any line, before parsing: size, NUL, encoding, BOM, bare CR. */
function decodeLine(line: PhysicalLine): { text: string } | { bad: ReadItem } {
  const at = { line: line.line, byteOffset: line.byteOffset };
  if (line.oversized) {
    return {
      bad: {
        kind: 'bad',
        ...at,
        raw: lenient.decode(line.bytes),
        issue: { code: 'RECORD_TOO_LARGE', message: `the record is larger than ${MAX_RECORD_BYTES} bytes` },
      },
    };
  }
  let bytes = line.bytes;
  if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1); // CRLF is fine
  if (bytes.includes(0)) {
    return {
      bad: {
        kind: 'bad',
        ...at,
        raw: lenient.decode(bytes),
        issue: { code: 'NUL_BYTE', message: 'the line contains a NUL byte' },
      },
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      bad: {
        kind: 'bad',
        ...at,
        raw: lenient.decode(bytes),
        issue: { code: 'INVALID_UTF8', message: 'the line is not valid UTF-8' },
      },
    };
  }
  if (line.line === 1 && text.startsWith('\uFEFF')) text = text.slice(1); // a BOM is allowed at the very start
  if (text.includes('\r')) {
    return {
      bad: {
        kind: 'bad',
        ...at,
        raw: text,
        issue: {
          code: 'BARE_CARRIAGE_RETURN',
          message: 'the line contains a carriage return that does not end it',
        },
      },
    };
  }
  if (text.startsWith('\uFEFF')) {
    return {
      bad: {
        kind: 'bad',
        ...at,
        raw: text,
        issue: { code: 'EMBEDDED_BOM', message: 'a byte-order mark appears inside the file' },
      },
    };
  }
  return { text };
}

function ndjsonItem(line: PhysicalLine): ReadItem | undefined {
  const decoded = decodeLine(line);
  if ('bad' in decoded) return decoded.bad;
  const text = decoded.text;
  if (text.trim() === '') return undefined;
  const at = { line: line.line, byteOffset: line.byteOffset, raw: text };
  const shape = jsonShape(text);
  if (shape.depth > MAX_JSON_DEPTH) {
    return {
      kind: 'bad',
      ...at,
      issue: {
        code: 'JSON_TOO_DEEP',
        message: `the JSON is nested ${shape.depth} deep; the limit is ${MAX_JSON_DEPTH}`,
      },
    };
  }
  if (shape.longestNumber > MAX_NUMBER_CHARS) {
    return {
      kind: 'bad',
      ...at,
      issue: {
        code: 'NUMBER_TOO_LONG',
        message: `a number has ${shape.longestNumber} characters; the limit is ${MAX_NUMBER_CHARS}`,
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const truncated = line.final && !line.hadNewline;
    return {
      kind: 'bad',
      ...at,
      issue: truncated
        ? { code: 'TRUNCATED_LINE', message: 'the last line of the file is cut off' }
        : { code: 'MALFORMED_JSON', message: `not valid JSON: ${(error as Error).message}` },
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      kind: 'bad',
      ...at,
      issue: { code: 'NOT_AN_OBJECT', message: 'each NDJSON line must be one JSON object' },
    };
  }
  return { kind: 'record', ...at, fields: value as Record<string, unknown> };
}

/** The nesting depth and the longest number token of a JSON text, scanning outside strings only. */
function jsonShape(text: string): { depth: number; longestNumber: number } {
  let depth = 0;
  let maxDepth = 0;
  let inString = false;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    const isNumberChar = (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
    if (isNumberChar) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return { depth: maxDepth, longestNumber: longest };
}

async function* csvItems(path: string, lines: AsyncGenerator<PhysicalLine>): AsyncGenerator<ReadItem> {
  let header: string[] | undefined;
  // Lines waiting to be read again after a failed attempt to close a quoted value across lines.
  const replay: PhysicalLine[] = [];
  const next = async (): Promise<PhysicalLine | undefined> => {
    const queued = replay.shift();
    if (queued !== undefined) return queued;
    const result = await lines.next();
    return result.done === true ? undefined : result.value;
  };

  for (let line = await next(); line !== undefined; line = await next()) {
    const decoded = decodeLine(line);
    if ('bad' in decoded) {
      if (header === undefined)
        throw new AppError(
          'invalid_input',
          `${path}: line ${line.line}: the header row is unreadable (${decoded.bad.kind === 'bad' ? decoded.bad.issue.message : ''})`,
        );
      yield decoded.bad;
      continue;
    }
    let text = decoded.text;
    if (text.trim() === '') continue;
    if (header === undefined) {
      header = parseHeader(path, text);
      continue;
    }
    const at = { line: line.line, byteOffset: line.byteOffset };
    let final = line.final;
    let hadNewline = line.hadNewline;
    if (quoteCount(text) % 2 === 1) {
      // A quoted value may hold newlines: join following lines until the quotes close, within limits.
      const joined: PhysicalLine[] = [];
      let closed = false;
      while (joined.length < MAX_CSV_CONTINUATION_LINES && text.length < MAX_RECORD_BYTES) {
        const more = await next();
        if (more === undefined) break;
        joined.push(more);
        const moreText = decodeLine(more);
        if ('bad' in moreText) break;
        text = `${text}\n${moreText.text}`;
        if (quoteCount(text) % 2 === 0) {
          // Accept the join only if it makes one well-formed record; two stray quotes some lines
          // apart must not swallow the good records between them.
          closed = splitCsv(text)?.length === header.length;
          final = more.final;
          hadNewline = more.hadNewline;
          break;
        }
      }
      if (!closed) {
        text = decoded.text;
        replay.unshift(...joined);
        const truncated = line.final && !line.hadNewline;
        yield {
          kind: 'bad',
          ...at,
          raw: decoded.text,
          issue: truncated
            ? {
                code: 'TRUNCATED_LINE',
                message: 'the last line of the file is cut off inside a quoted value',
              }
            : { code: 'UNBALANCED_QUOTES', message: 'a quoted value is never closed' },
        };
        continue;
      }
    }
    const values = splitCsv(text);
    if (values === undefined) {
      yield {
        kind: 'bad',
        ...at,
        raw: text,
        issue: {
          code: 'UNBALANCED_QUOTES',
          message: 'a quote appears inside an unquoted value or after a closing quote',
        },
      };
      continue;
    }
    if (values.length !== header.length) {
      const truncated = final && !hadNewline && values.length < header.length;
      yield {
        kind: 'bad',
        ...at,
        raw: text,
        issue: truncated
          ? {
              code: 'TRUNCATED_LINE',
              message: `the last line of the file is cut off (${values.length} of ${header.length} fields)`,
            }
          : {
              code: 'WRONG_FIELD_COUNT',
              message: `${values.length} fields where the header has ${header.length}`,
            },
      };
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) fields[header[i]!] = values[i];
    yield { kind: 'record', ...at, raw: text, fields };
  }
  if (header === undefined)
    throw new AppError('invalid_input', `${path}: the file is empty; a CSV file needs a header row`);
}

function parseHeader(path: string, text: string): string[] {
  const names = splitCsv(text)?.map((n) => n.trim());
  if (names === undefined || names.length === 0 || names.some((n) => n === '')) {
    throw new AppError('invalid_input', `${path}: line 1: the header row is malformed`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    const word = protectedWord(name);
    if (word !== undefined) {
      throw new AppError(
        'invalid_input',
        `${path}: line 1: column '${name}' carries protected-category or surveillance data ('${word}'); ilos refuses such files (SCOPE.md) and stored nothing from this one`,
      );
    }
    if (seen.has(name))
      throw new AppError('invalid_input', `${path}: line 1: column '${name}' appears twice in the header`);
    seen.add(name);
  }
  return names;
}

function quoteCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Splits one CSV record; undefined when its quoting is malformed. Plain lines take the fast path. */
function splitCsv(text: string): string[] | undefined {
  if (!text.includes('"')) return text.split(',');
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    delimiter: ',',
    newline: '\n',
    skipEmptyLines: false,
  });
  if (parsed.errors.length > 0 || parsed.data.length !== 1) return undefined;
  return parsed.data[0];
}
