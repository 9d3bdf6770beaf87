import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '@ilos/core';
import { type CheckOptions, checkedBatches, packBatch } from './checked-batches.js';
import type { ThreadMessage } from './thread-batches.js';

/**
 * A check thread: reads, checks and hashes one file (checkedBatches) and sends its batches in order.
 * It runs at most AHEAD batches ahead of the writer, which answers each batch it takes with a message,
 * so memory stays flat however large the file. Started by threadBatches.
 */
const AHEAD = 2;
const port = parentPort;
if (port === null) throw new Error('check-worker runs only as a worker thread');
let credits = AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});
const send = (message: ThreadMessage) => port.postMessage(message);
try {
  for await (const batch of checkedBatches(workerData as CheckOptions)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    send({ kind: 'batch', batch: packBatch(batch) });
  }
  send({ kind: 'done' });
} catch (error) {
  if (error instanceof AppError) send({ kind: 'refused', code: error.code, message: error.message });
  else
    send({
      kind: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
}
