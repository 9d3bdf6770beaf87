import {
  createRng,
  GENERATOR_SOURCE_FILES,
  type GeneratedPerson,
  type GeneratorSourceId,
  generatePopulation,
} from '@ilos/core';

/**
 * One chunk of the population (POPULATION_CHUNK persons) encoded as the bytes each output file
 * receives. The same function runs in the main thread or in a worker; either way a chunk's bytes
 * depend only on the seed and the chunk's index, so files are identical however they were made.
 */
export type ChunkOutput = {
  chunk: number;
  persons: number;
  records: number;
  /** Per source: its lines for this chunk, each ending in a line feed, in shuffled order. */
  files: { source: GeneratorSourceId; bytes: Uint8Array; count: number }[];
  /** `,\n"<source>:<sourceRecordId>":"<personId>"` per record. */
  truthRecords: Uint8Array;
  /** `,\n{"personId",…}` per person. */
  truthPersons: Uint8Array;
};

const QUOTE = /[",\r\n]|^\s|\s$/;

/** One CSV field, quoted as RFC 4180 requires. */
export function csvField(value: string): string {
  return QUOTE.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/**
 * A growing byte buffer. Strings are encoded straight into it; callers pass flat strings (from
 * JSON.stringify or Array#join), because encoding a concatenated string first flattens it, which
 * cost more than everything else put together.
 */
type Bytes = { buffer: Buffer; offset: number };

function bytes(size = 1 << 16): Bytes {
  // Not from Node's shared pool: the buffer is transferred to the main thread whole.
  return { buffer: Buffer.allocUnsafeSlow(size), offset: 0 };
}

function room(b: Bytes, extra: number): void {
  if (b.offset + extra <= b.buffer.length) return;
  const next = Buffer.allocUnsafeSlow(Math.max(b.buffer.length * 2, b.offset + extra));
  b.buffer.copy(next, 0, 0, b.offset);
  b.buffer = next;
}

function put(b: Bytes, text: string): void {
  // UTF-8 needs at most 3 bytes per UTF-16 unit; count exactly only when that bound does not fit.
  if (b.offset + text.length * 3 > b.buffer.length) room(b, Buffer.byteLength(text, 'utf8'));
  b.offset += b.buffer.write(text, b.offset, 'utf8');
}

function putByte(b: Bytes, byte: number): void {
  room(b, 1);
  b.buffer[b.offset++] = byte;
}

const COMMA = 44;
const NEWLINE = 10;

function recordLine(
  format: 'csv' | 'ndjson',
  columns: readonly string[],
  fields: Record<string, string>,
): string {
  if (format === 'ndjson') return JSON.stringify(fields);
  const values = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const value = fields[columns[i] as string];
    values[i] = value === undefined ? '' : csvField(value);
  }
  return values.join(',');
}

function personLine(person: GeneratedPerson): string {
  return JSON.stringify({ personId: person.personId, lifecycle: person.lifecycle, facts: person.facts });
}

/** Generates and encodes chunk `chunk` of a population of `people`. */
export function encodeChunk(seed: string, people: number, chunk: number): ChunkOutput {
  const specs = new Map(GENERATOR_SOURCE_FILES.map((spec) => [spec.source, spec]));
  const lines = new Map<GeneratorSourceId, string[]>(GENERATOR_SOURCE_FILES.map((spec) => [spec.source, []]));
  // Sized for a chunk's usual output, so the buffers rarely grow (each growth copies).
  const truthRecords = bytes(256 << 10);
  const truthPersons = bytes(2 << 20);
  let persons = 0;
  let records = 0;
  for (const person of generatePopulation({ people, seed, chunks: { first: chunk, end: chunk + 1 } })) {
    for (const record of person.records) {
      const spec = specs.get(record.source);
      if (spec === undefined) throw new Error(`generator: no file for source ${record.source}`);
      lines.get(record.source)?.push(recordLine(spec.format, spec.columns, record.fields));
      // One entry per line, so truth.json can be read line by line as well as parsed whole.
      putByte(truthRecords, COMMA);
      putByte(truthRecords, NEWLINE);
      put(
        truthRecords,
        [`"${record.source}`, `${record.fields.sourceRecordId}":"${person.personId}"`].join(':'),
      );
      records++;
    }
    putByte(truthPersons, COMMA);
    putByte(truthPersons, NEWLINE);
    put(truthPersons, personLine(person));
    persons++;
  }

  // Each source's lines leave in random order, so a file's order does not tell who is who.
  const shuffle = createRng(seed, `file-order:${chunk}`);
  const files: ChunkOutput['files'] = [];
  for (const spec of GENERATOR_SOURCE_FILES) {
    const list = lines.get(spec.source) ?? [];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle.next() * (i + 1));
      const swap = list[i] as string;
      list[i] = list[j] as string;
      list[j] = swap;
    }
    let chars = 0;
    for (const line of list) chars += line.length + 1;
    const out = bytes(Math.ceil(chars * 1.1) + 1024);
    for (const line of list) {
      put(out, line);
      putByte(out, NEWLINE);
    }
    files.push({ source: spec.source, bytes: out.buffer.subarray(0, out.offset), count: list.length });
  }
  return {
    chunk,
    persons,
    records,
    files,
    truthRecords: truthRecords.buffer.subarray(0, truthRecords.offset),
    truthPersons: truthPersons.buffer.subarray(0, truthPersons.offset),
  };
}

/** The buffers to move (not copy) to the main thread. */
export function transferList(output: ChunkOutput): ArrayBuffer[] {
  const all = [...output.files.map((f) => f.bytes), output.truthRecords, output.truthPersons];
  return [...new Set(all.map((b) => b.buffer as ArrayBuffer))];
}
