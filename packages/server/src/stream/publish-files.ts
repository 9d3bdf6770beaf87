import { basename, extname } from 'node:path';
import { AppError } from '@ilos/core';
import { jetstream } from '@nats-io/jetstream';
import { fileSize, sha256OfFile } from '../ingest/ingest-file.js';
import { formatOf, readRecords } from '../ingest/read-records.js';
import { DEFAULT_STREAM, type RecordMessage, type StreamNames, subjectOf } from './messages.js';
import { connectNats, ensureStream, jetStreamOf } from './nats.js';

export type PublishSummary = {
  file: string;
  sourceId: string;
  subject: string;
  published: number;
  /** Re-sends the server dropped as duplicates (same Nats-Msg-Id within the duplicate window). */
  duplicates: number;
  /** Lines the reader could not parse: published with their defect, quarantined by the consumer. */
  unreadable: number;
  seconds: number;
};

export type PublishOptions = {
  natsUrl: string;
  names?: StreamNames;
  files: readonly string[];
  sourceId?: string | undefined;
  /** Records per second, all files together; unlimited when absent. */
  rate?: number | undefined;
  /** Publishes in flight before waiting for the server's acknowledgements. */
  window?: number;
  /**
   * Each record is also re-sent with this probability, under a message id the server does not know,
   * so the copy reaches the consumer (tests of at-least-once delivery, RELIABILITY.md T2.5).
   */
  resendFraction?: number;
  onProgress?: (file: string, bytesRead: number, totalBytes: number) => void;
  /** Called after each published record with the time it was sent (ms since epoch) and its key. */
  onPublished?: (sourceId: string, fields: Record<string, unknown>, sentAt: number) => void;
};

/**
 * Sends each record of agency files to `ilos.records.<source>` (the stream is created when missing),
 * with a message id of file hash + line, so a re-run of the same file within the duplicate window is
 * dropped by the server and a later one changes nothing in the store.
 */
export async function publishFiles(options: PublishOptions): Promise<PublishSummary[]> {
  if (options.rate !== undefined && !(options.rate > 0)) {
    throw new AppError('invalid_input', `--rate must be a positive number of records per second`);
  }
  const plans = [];
  for (const file of options.files) {
    const format = formatOf(file);
    const size = await fileSize(file);
    plans.push({ file, format, size, sourceId: options.sourceId ?? basename(file, extname(file)) });
  }
  const nc = await connectNats(options.natsUrl);
  try {
    const names = options.names ?? DEFAULT_STREAM;
    await ensureStream(await jetStreamOf(nc), names);
    const js = jetstream(nc, { timeout: 10_000 });
    const window = options.window ?? 256;
    const started = performance.now();
    let sent = 0;
    const summaries: PublishSummary[] = [];
    for (const plan of plans) {
      const fileStarted = performance.now();
      const origin = await sha256OfFile(plan.file);
      const subject = subjectOf(plan.sourceId, names);
      const summary: PublishSummary = {
        file: plan.file,
        sourceId: plan.sourceId,
        subject,
        published: 0,
        duplicates: 0,
        unreadable: 0,
        seconds: 0,
      };
      let pending: Promise<void>[] = [];
      const send = (message: RecordMessage, id: string) => {
        pending.push(
          js.publish(subject, JSON.stringify(message), { msgID: id }).then((ack) => {
            if (ack.duplicate) summary.duplicates++;
            else summary.published++;
          }),
        );
      };
      let bytes = 0;
      const items = readRecords(plan.file, plan.format, (n) => {
        bytes += n;
        options.onProgress?.(plan.file, bytes, plan.size);
      });
      for await (const item of items) {
        const at = { origin, line: item.line, byteOffset: item.byteOffset };
        const message: RecordMessage =
          item.kind === 'record'
            ? { ...at, fields: item.fields, raw: item.raw }
            : { ...at, issue: item.issue, raw: item.raw };
        if (item.kind === 'bad') summary.unreadable++;
        const id = `${origin}:${item.line}`;
        send(message, id);
        options.onPublished?.(plan.sourceId, item.kind === 'record' ? item.fields : {}, Date.now());
        if (options.resendFraction !== undefined && Math.random() < options.resendFraction)
          send(message, `${id}:resent`);
        sent++;
        if (pending.length >= window) {
          await Promise.all(pending);
          pending = [];
        }
        if (options.rate !== undefined) {
          const due = started + (sent / options.rate) * 1000;
          const wait = due - performance.now();
          if (wait > 1) {
            await Promise.all(pending);
            pending = [];
            await new Promise((done) => setTimeout(done, wait));
          }
        }
      }
      await Promise.all(pending);
      summary.seconds = Math.round((performance.now() - fileStarted) / 100) / 10;
      summaries.push(summary);
    }
    return summaries;
  } finally {
    await nc.drain().catch(() => nc.close());
  }
}
