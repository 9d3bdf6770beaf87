import { AppError, type AppErrorCode } from '@ilos/core';
import { startWorker } from '../worker-thread.js';
import { type CheckedBatch, type CheckOptions, type PackedBatch, unpackBatch } from './checked-batches.js';

/** What the check thread sends: a batch, the end of the file, or why it stopped. */
export type ThreadMessage =
  | { kind: 'batch'; batch: PackedBatch }
  | { kind: 'done' }
  | { kind: 'refused'; code: AppErrorCode; message: string }
  | { kind: 'failed'; message: string };

/**
 * checkedBatches on a worker thread (check-worker.ts): the same batches in the same order, while this
 * thread is free to write them. A file-level refusal arrives as the same AppError.
 */
export async function* threadBatches(options: CheckOptions): AsyncGenerator<CheckedBatch> {
  const worker = startWorker(import.meta.url, './check-worker', { workerData: options });
  const queue: ThreadMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: ThreadMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the check thread stopped (exit code ${code})`);
    notify();
  });
  try {
    for (;;) {
      while (queue.length === 0 && failure === undefined) await new Promise<void>((r) => (wake = r));
      const message = queue.shift();
      if (message === undefined) throw failure;
      if (message.kind === 'done') return;
      if (message.kind === 'refused') throw new AppError(message.code, message.message);
      if (message.kind === 'failed') throw new Error(`the check thread failed: ${message.message}`);
      worker.postMessage('more');
      yield unpackBatch(message.batch);
    }
  } finally {
    await worker.terminate();
  }
}
