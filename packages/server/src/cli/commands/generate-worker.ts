import { parentPort, workerData } from 'node:worker_threads';
import { encodeChunk, transferList } from './generate-chunk.js';

/**
 * A generator thread: receives chunk indexes, sends back each chunk's encoded bytes (moved, not
 * copied). Started by writePopulation; one message in, one message out, in order.
 */
const { seed, people } = workerData as { seed: string; people: number };
const port = parentPort;
if (port === null) throw new Error('generate-worker runs only as a worker thread');
port.on('message', (chunk: number) => {
  const output = encodeChunk(seed, people, chunk);
  port.postMessage(output, transferList(output));
});
