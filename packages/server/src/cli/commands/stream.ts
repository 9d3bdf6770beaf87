import { loadConfig, withContext } from '../../context.js';
import { DEFAULT_DURABLE, DEFAULT_NATS_URL } from '../../stream/messages.js';
import { runStreamWorker } from '../../stream/stream-worker.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';

const EXAMPLES = `
Consumes ilos.records.<source> with a durable JetStream consumer. Every worker started with the same
--durable name shares the work (a queue group): each record is applied by one of them. A record gets
the same checks, quarantine and receipt as 'ilos ingest'; a new record is resolved against the
persons already filed and only its persons' status is derived again. Messages are acknowledged only
after the database commit, so a killed worker's messages come back and change nothing twice.
Ctrl-C (SIGINT) or SIGTERM stops cleanly: the batch in hand is committed, the rest handed back.
Needs a link model: run 'ilos resolve' once (batch) before streaming.

Examples:
  ilos stream                                   every source, durable consumer ilos-stream
  ilos stream --source cbp-i94                  one source (its own --durable name)
  DATABASE_URL=postgres://… ilos stream &       several workers on one PostgreSQL store
  ilos stream --max-messages 10000 --json       stop after 10,000 messages; JSON summary

Exit code 4 when NATS cannot be reached; 5 when no link model exists yet.`;

export const streamCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('stream')
      .description('apply records from the record stream (NATS JetStream) as they arrive')
      .option('--source <id>', 'only this source (subject ilos.records.<id>)')
      .option('--durable <name>', 'the shared consumer name (workers with one name split the work)')
      .option('--nats <url>', 'the NATS server', DEFAULT_NATS_URL)
      .option('--batch <n>', 'most records per transaction', positiveInt('--batch'), 200)
      .option(
        '--ack-wait <ms>',
        'redelivery delay of unacknowledged messages',
        positiveInt('--ack-wait'),
        30_000,
      )
      .option('--max-messages <n>', 'stop after this many messages', positiveInt('--max-messages'))
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(
      async (options: {
        source?: string;
        durable?: string;
        nats: string;
        batch: number;
        ackWait: number;
        maxMessages?: number;
        json?: boolean;
        data?: string;
      }) => {
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const durable =
          options.durable ??
          (options.source === undefined ? DEFAULT_DURABLE : `${DEFAULT_DURABLE}-${options.source}`);
        try {
          const summary = await withContext(loadConfig(options), (ctx) =>
            runStreamWorker(ctx, {
              natsUrl: options.nats,
              durable,
              sourceId: options.source,
              batchSize: options.batch,
              ackWaitMs: options.ackWait,
              maxMessages: options.maxMessages,
              signal: controller.signal,
              onReady: () => {
                if (!options.json) io.err(`ilos stream: consuming as '${durable}' from ${options.nats}`);
              },
            }),
          );
          if (options.json) io.out(JSON.stringify(summary));
          else {
            io.out(
              `applied ${summary.messages} message(s) in ${summary.batches} batch(es): ${summary.accepted} accepted, ${summary.versions} new versions, ${summary.duplicates} duplicates, ${summary.quarantined} quarantined`,
            );
            for (const [code, n] of Object.entries(summary.reasons)) io.out(`  quarantined ${code}: ${n}`);
          }
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );
};
