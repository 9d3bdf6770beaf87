import { parentPort } from 'node:worker_threads';
import type { IsoDate } from '@ilos/core';
import { type StatusPage, statusRows } from './status-rows.js';

/**
 * A derivation thread: receives pages of persons with their records, sends back each page's
 * person_status rows, in order. Started by deriveInWorker; the status engine is pure, so running it
 * here gives exactly what running it on the main thread gives.
 */
const port = parentPort;
if (port === null) throw new Error('status-worker runs only as a worker thread');
port.on('message', (message: { page: StatusPage; asOf: IsoDate }) => {
  port.postMessage(statusRows(message.page, message.asOf));
});
