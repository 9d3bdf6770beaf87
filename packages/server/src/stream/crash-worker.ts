/**
 * A stream worker as its own process, for the crash tests (test-only: spawned by crash.test.ts with
 * `node --import tsx`, killed with SIGKILL by pid). Arguments: a JSON object of
 * { databaseUrl, natsUrl, names, durable, batchSize, ackWaitMs }. Prints "ready" once consuming and
 * a summary line at a clean stop (SIGTERM).
 */
import { openContext } from '../context.js';
import { runStreamWorker } from './stream-worker.js';
import { REFERENCE_NOW } from './test-stream.js';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  databaseUrl: string;
  natsUrl: string;
  names: { stream: string; prefix: string };
  durable: string;
  batchSize: number;
  ackWaitMs: number;
};
const controller = new AbortController();
process.once('SIGTERM', () => {
  controller.abort();
  // A clean stop drains NATS and closes the store; if that hangs, the supervisor still gets its exit.
  setTimeout(() => process.exit(3), 15_000).unref();
});
const ctx = await openContext({ dataDir: '', databaseUrl: args.databaseUrl }, { now: REFERENCE_NOW });
try {
  const summary = await runStreamWorker(ctx, {
    natsUrl: args.natsUrl,
    names: args.names,
    durable: args.durable,
    batchSize: args.batchSize,
    ackWaitMs: args.ackWaitMs,
    signal: controller.signal,
    onReady: () => console.log('ready'),
  });
  console.log(JSON.stringify(summary));
} finally {
  await ctx.close();
}
