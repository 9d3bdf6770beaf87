import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Worker } from 'node:worker_threads';
import {
  DEFAULT_REFERENCE_DATE,
  GENERATOR_SOURCE_FILES,
  type GeneratorSourceId,
  POPULATION_CHUNK,
} from '@ilos/core';
import { startWorker } from '../../worker-thread.js';
import { type ChunkOutput, csvLine, encodeChunk } from './generate-chunk.js';

/**
 * Writes a generated population as the agencies would send it: one file per source (CSV or
 * NDJSON) and truth.json. Chunks of persons are generated and encoded on worker threads (or in
 * this thread for small runs) and written in chunk order, with backpressure, so memory stays flat
 * and the bytes do not depend on how many threads made them.
 */

export { csvField } from './generate-chunk.js';

export type WriteOptions = {
  people: number;
  seed: string;
  out: string;
  /** Generator threads; 1 (the default) generates in this thread. The bytes are the same either way. */
  threads?: number;
  /** Generate on worker threads even when there is one, leaving this thread free for other work. */
  offThread?: boolean;
  /** Called after each chunk with the number of persons written so far. */
  onProgress?: (done: number) => void;
};

export type WriteSummary = {
  people: number;
  records: number;
  files: Record<string, number>;
  seconds: number;
  threads: number;
};

const HIGH_WATER = 1 << 20;

/**
 * Threads when none are asked for: one (this thread). Measured on the 2-core box, two generator
 * threads spent 37% more CPU per person than one (each loads the TypeScript sources and its own
 * heap) and 100 MB more memory, so they pay off only on an otherwise idle machine.
 */
export function defaultThreads(): number {
  return 1;
}

async function writeBytes(stream: WriteStream, bytes: Uint8Array): Promise<void> {
  if (bytes.length > 0 && !stream.write(bytes)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** A generator thread; a worker keeps its own heap, capped so memory stays flat however long the run. */
function startGenerator(seed: string, people: number): Worker {
  return startWorker(import.meta.url, './generate-worker', {
    workerData: { seed, people },
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
  });
}

/** Produces chunks on a pool of threads; each thread answers its requests in order. */
function threadPool(seed: string, people: number, size: number) {
  const workers = Array.from({ length: size }, () => startGenerator(seed, people));
  const waiting = new Map<number, { resolve: (o: ChunkOutput) => void; reject: (e: unknown) => void }>();
  const fail = (error: unknown) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  for (const worker of workers) {
    worker.on('message', (output: ChunkOutput) => {
      waiting.get(output.chunk)?.resolve(output);
      waiting.delete(output.chunk);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`generator thread stopped with exit code ${code}`));
    });
  }
  return {
    produce: (chunk: number) =>
      new Promise<ChunkOutput>((resolve, reject) => {
        waiting.set(chunk, { resolve, reject });
        (workers[chunk % size] as Worker).postMessage(chunk);
      }),
    stop: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Generates `people` persons into `out`: `<source>.csv|.ndjson` per source and `truth.json`. */
export async function writePopulation(options: WriteOptions): Promise<WriteSummary> {
  const started = performance.now();
  const { people, seed, out } = options;
  const threads = Math.max(
    1,
    Math.min(Math.floor(options.threads ?? defaultThreads()), availableParallelism() * 2),
  );
  await mkdir(out, { recursive: true });
  const open = (name: string) => createWriteStream(join(out, name), { highWaterMark: HIGH_WATER });
  const files = new Map<GeneratorSourceId, WriteStream>();
  const counts: Record<string, number> = {};
  for (const spec of GENERATOR_SOURCE_FILES) {
    const stream = open(`${spec.source}.${spec.format}`);
    if (spec.format === 'csv') stream.write(`${csvLine(spec.columns)}\n`);
    files.set(spec.source, stream);
    counts[spec.source] = 0;
  }
  const truth = open('truth.json');
  const personsPath = join(out, '.truth-persons.tmp');
  const persons = open('.truth-persons.tmp');
  const seedValue = /^\d{1,15}$/.test(seed) ? Number(seed) : seed;
  truth.write(
    `{"seed":${JSON.stringify(seedValue)},"people":${people},"referenceDate":"${DEFAULT_REFERENCE_DATE}","records":{`,
  );

  const chunks = Math.ceil(people / POPULATION_CHUNK);
  const pool = threads > 1 || options.offThread === true ? threadPool(seed, people, threads) : undefined;
  const produce = (chunk: number): Promise<ChunkOutput> =>
    pool === undefined ? Promise.resolve(encodeChunk(seed, people, chunk)) : pool.produce(chunk);
  let done = 0;
  let records = 0;
  try {
    // Keep a few chunks in flight per thread: enough to keep them busy, few enough to bound memory.
    const depth = pool === undefined ? 1 : threads * 2;
    const inflight: Promise<ChunkOutput>[] = [];
    let next = 0;
    while (next < chunks || inflight.length > 0) {
      while (inflight.length < depth && next < chunks) inflight.push(produce(next++));
      const output = await (inflight.shift() as Promise<ChunkOutput>);
      for (const file of output.files) {
        await writeBytes(files.get(file.source) as WriteStream, file.bytes);
        counts[file.source] = (counts[file.source] ?? 0) + file.count;
      }
      // Each entry starts with ",\n"; the first of all drops its comma (and, for persons, the line feed).
      await writeBytes(truth, records === 0 ? output.truthRecords.subarray(1) : output.truthRecords);
      await writeBytes(persons, done === 0 ? output.truthPersons.subarray(2) : output.truthPersons);
      records += output.records;
      done += output.persons;
      options.onProgress?.(done);
    }
  } finally {
    await pool?.stop();
  }
  await Promise.all([...files.values(), persons].map(close));

  await writeBytes(truth, Buffer.from('\n},\n"persons":[\n'));
  await pipeline(createReadStream(personsPath, { highWaterMark: HIGH_WATER }), truth, { end: false });
  await writeBytes(truth, Buffer.from('\n]}\n'));
  await close(truth);
  await rm(personsPath);
  return { people: done, records, files: counts, seconds: (performance.now() - started) / 1000, threads };
}
