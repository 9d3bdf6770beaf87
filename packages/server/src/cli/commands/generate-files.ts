import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  createRng,
  DEFAULT_REFERENCE_DATE,
  GENERATOR_SOURCE_FILES,
  type GeneratedPerson,
  type GeneratorSourceId,
  generatePopulation,
  type Rng,
} from '@ilos/core';

/**
 * Writes a generated population as the agencies would send it: one file per source (CSV or
 * NDJSON) and truth.json. Streamed in batches with backpressure, so memory stays flat whatever
 * the population size.
 */

export type WriteOptions = {
  people: number;
  seed: string;
  out: string;
  /** Called after each batch with the number of persons written so far. */
  onProgress?: (done: number) => void;
};

export type WriteSummary = {
  people: number;
  records: number;
  files: Record<string, number>;
  seconds: number;
};

/** Persons per batch: large enough that writes are big, small enough that a batch is a few MB. */
const BATCH = 1000;
/** Lines each source holds back and emits in random order, so a file's order says nothing about who is who. */
const SHUFFLE_WINDOW = 4096;

const QUOTE = /[",\r\n]|^\s|\s$/;

/** One CSV field, quoted as RFC 4180 requires. */
export function csvField(value: string): string {
  return QUOTE.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i] as string);
  return line;
}

/**
 * An output file fed through a 1 MiB buffer: lines are encoded straight into it (no joined
 * strings, no per-line buffers) and whole buffers go to the stream, which keeps the garbage
 * collector out of the way at a million persons.
 */
type Sink = {
  stream: WriteStream;
  buffer: Buffer;
  offset: number;
};

const CHUNK = 1 << 20;

function openSink(path: string): Sink {
  return {
    stream: createWriteStream(path, { highWaterMark: 4 * CHUNK }),
    buffer: Buffer.allocUnsafe(CHUNK),
    offset: 0,
  };
}

function append(sink: Sink, text: string): void {
  // UTF-8 needs at most 3 bytes per UTF-16 unit.
  if (sink.offset + text.length * 3 > sink.buffer.length) {
    spill(sink);
    if (text.length * 3 > sink.buffer.length) {
      sink.stream.write(text);
      return;
    }
  }
  sink.offset += sink.buffer.write(text, sink.offset, 'utf8');
}

function spill(sink: Sink): void {
  if (sink.offset === 0) return;
  sink.stream.write(sink.buffer.subarray(0, sink.offset));
  sink.buffer = Buffer.allocUnsafe(CHUNK);
  sink.offset = 0;
}

/** Waits for the disk when the stream holds more than its high-water mark (backpressure). */
async function drained(sink: Sink): Promise<void> {
  if (sink.stream.writableNeedDrain) await once(sink.stream, 'drain');
}

async function closeSink(sink: Sink): Promise<void> {
  spill(sink);
  sink.stream.end();
  await once(sink.stream, 'finish');
}

type SourceOutput = {
  source: GeneratorSourceId;
  sink: Sink;
  format: 'csv' | 'ndjson';
  columns: readonly string[];
  window: string[];
  count: number;
};

/** Holds lines in a window and lets a random one out for each new one (a streaming shuffle). */
function shuffleInto(rng: Rng, output: SourceOutput, line: string): void {
  const window = output.window;
  if (window.length < SHUFFLE_WINDOW) {
    window.push(line);
    return;
  }
  const j = Math.floor(rng.next() * SHUFFLE_WINDOW);
  append(output.sink, `${window[j] as string}\n`);
  window[j] = line;
}

function recordLine(output: SourceOutput, fields: Record<string, string>): string {
  if (output.format === 'ndjson') return JSON.stringify(fields);
  const columns = output.columns;
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const value = fields[columns[i] as string];
    line += (i === 0 ? '' : ',') + (value === undefined ? '' : csvField(value));
  }
  return line;
}

function personLine(person: GeneratedPerson): string {
  return JSON.stringify({ personId: person.personId, lifecycle: person.lifecycle, facts: person.facts });
}

/** Generates `people` persons into `out`: `<source>.csv|.ndjson` per source and `truth.json`. */
export async function writePopulation(options: WriteOptions): Promise<WriteSummary> {
  const started = performance.now();
  await mkdir(options.out, { recursive: true });
  const outputs = new Map<GeneratorSourceId, SourceOutput>();
  for (const spec of GENERATOR_SOURCE_FILES) {
    const output: SourceOutput = {
      source: spec.source,
      sink: openSink(join(options.out, `${spec.source}.${spec.format}`)),
      format: spec.format,
      columns: spec.columns,
      window: [],
      count: 0,
    };
    if (spec.format === 'csv') append(output.sink, `${csvLine(spec.columns)}\n`);
    outputs.set(spec.source, output);
  }
  const truth = openSink(join(options.out, 'truth.json'));
  const personsPath = join(options.out, '.truth-persons.tmp');
  const persons = openSink(personsPath);
  const sinks = [...[...outputs.values()].map((o) => o.sink), truth, persons];
  const seedValue = /^\d{1,15}$/.test(options.seed) ? Number(options.seed) : options.seed;
  append(
    truth,
    `{"seed":${JSON.stringify(seedValue)},"people":${options.people},"referenceDate":"${DEFAULT_REFERENCE_DATE}","records":{`,
  );

  const shuffle = createRng(options.seed, 'file-order');
  let done = 0;
  let records = 0;
  for (const person of generatePopulation({ people: options.people, seed: options.seed })) {
    for (const record of person.records) {
      const output = outputs.get(record.source) as SourceOutput;
      shuffleInto(shuffle, output, recordLine(output, record.fields));
      output.count++;
      // One entry per line, so the file can be read line by line as well as parsed whole.
      append(
        truth,
        `${records === 0 ? '' : ','}\n"${record.source}:${record.fields.sourceRecordId}":"${person.personId}"`,
      );
      records++;
    }
    append(persons, `${done === 0 ? '' : ',\n'}${personLine(person)}`);
    done++;
    if (done % BATCH === 0) {
      for (const sink of sinks) await drained(sink);
      options.onProgress?.(done);
    }
  }
  for (const output of outputs.values()) {
    // Drain the window in random order too (Fisher–Yates).
    const window = output.window;
    for (let i = window.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle.next() * (i + 1));
      [window[i], window[j]] = [window[j] as string, window[i] as string];
    }
    for (const line of window) append(output.sink, `${line}\n`);
    output.window = [];
  }
  options.onProgress?.(done);
  await Promise.all([...[...outputs.values()].map((o) => closeSink(o.sink)), closeSink(persons)]);

  append(truth, '\n},\n"persons":[\n');
  spill(truth);
  await drained(truth);
  await pipeline(createReadStream(personsPath, { highWaterMark: CHUNK }), truth.stream, { end: false });
  append(truth, '\n]}\n');
  await closeSink(truth);
  await rm(personsPath);

  const files: Record<string, number> = {};
  for (const output of outputs.values()) files[output.source] = output.count;
  return { people: done, records, files, seconds: (performance.now() - started) / 1000 };
}
