import { DEFAULT_NATS_URL } from '../../stream/messages.js';
import { type PublishSummary, publishFiles } from '../../stream/publish-files.js';
import type { CommandModule } from '../command.js';
import { positiveInt } from '../options.js';
import { progressBar } from '../progress.js';

const EXAMPLES = `
Each record of the file goes to the NATS JetStream subject ilos.records.<source> (the stream
ILOS_RECORDS is created when missing). 'ilos stream' workers check, store, resolve and derive status.
A line the reader cannot parse is sent with its defect and quarantined by the worker: nothing is lost.
Sending the same file again is dropped by the server within 10 minutes, and changes nothing later.

Examples:
  ilos publish out/cbp-i94.csv                     source from the file name: cbp-i94
  ilos publish arrivals.csv --source cbp-i94        name the source
  ilos publish out/*.csv --rate 2000               at most 2,000 records per second
  ilos publish out/*.csv --nats nats://10.0.0.5:4222 --json

--json prints {"published":n,"duplicates":n,"unreadable":n,"files":[…]}.
Exit code 4 when NATS cannot be reached or a file cannot be read.`;

export const publishCommand: CommandModule = (program, io) => {
  program
    .command('publish')
    .description('send agency files (CSV or NDJSON) to the record stream, one message per record')
    .argument('<files...>', 'files to publish (.csv, .ndjson, .jsonl)')
    .option(
      '--source <id>',
      'the registered source of every file (default: each file name without extension)',
    )
    .option(
      '--rate <n>',
      'records per second (default: as fast as the server acknowledges)',
      positiveInt('--rate'),
    )
    .option('--nats <url>', 'the NATS server', DEFAULT_NATS_URL)
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', EXAMPLES)
    .action(
      async (files: string[], options: { source?: string; rate?: number; nats: string; json?: boolean }) => {
        const bars = new Map<string, ReturnType<typeof progressBar>>();
        const summaries = await publishFiles({
          natsUrl: options.nats,
          files,
          sourceId: options.source,
          rate: options.rate,
          onProgress: (file, read, total) => {
            let bar = bars.get(file);
            if (bar === undefined) {
              for (const other of bars.values()) other.stop();
              bar = progressBar(io, `publish ${file}`, total);
              bars.set(file, bar);
            }
            bar.update(read);
          },
        }).finally(() => {
          for (const bar of bars.values()) bar.stop();
        });
        const total = totals(summaries);
        if (options.json) {
          io.out(JSON.stringify({ ...total, files: summaries }));
          return;
        }
        for (const s of summaries)
          io.err(
            `${s.file} → ${s.subject}: ${s.published} published, ${s.duplicates} dropped as re-sends, ${s.unreadable} unreadable (sent for quarantine) in ${s.seconds} s`,
          );
        io.out(
          `published ${summaries.length} file(s): ${total.published} records, ${total.duplicates} re-sends dropped, ${total.unreadable} unreadable lines sent for quarantine`,
        );
      },
    );
};

function totals(summaries: readonly PublishSummary[]) {
  return {
    published: summaries.reduce((n, s) => n + s.published, 0),
    duplicates: summaries.reduce((n, s) => n + s.duplicates, 0),
    unreadable: summaries.reduce((n, s) => n + s.unreadable, 0),
  };
}
