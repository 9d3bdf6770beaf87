import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, withContext } from '../../context.js';
import { type DemoSummary, runDemo } from '../../demo/run-demo.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';
import { progressBar } from '../progress.js';

const EXAMPLES = `
What 'npm start' runs. Generates a synthetic population (one file per agency), ingests it into the
store, resolves identities, computes each person's status and prints a summary.

Examples:
  ilos demo                                   20,000 people into ./.ilos
  ilos demo --people 2000 --data /tmp/ilos    a small one elsewhere
  ilos demo --no-serve --json                 the summary as JSON, then exit

--json prints {"people":n,"records":{"accepted":n,"quarantined":n},"persons":n,"statusCounts":{},"seconds":s}`;

export const demoCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('demo')
      .description('the main job: generate → ingest → resolve → status → summary')
      .option('--people <n>', 'people to generate', positiveInt('--people'), 20_000)
      .option('--seed <seed>', 'generator seed (same seed, same population)', 'ilos-demo')
      .option('--no-serve', 'end after the summary (the UI is not served yet either way)')
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (options: { people: number; seed: string; json?: boolean; data?: string }) => {
      const config = loadConfig(options);
      // Generated files are inputs, not the store: they go to a scratch folder removed afterwards.
      const inputDir = mkdtempSync(join(tmpdir(), 'ilos-demo-'));
      let bar: ReturnType<typeof progressBar> | undefined;
      let barStep = '';
      try {
        const summary = await withContext(config, (ctx) =>
          runDemo(ctx, {
            people: options.people,
            seed: options.seed,
            inputDir: join(inputDir, 'agencies'),
            onStep: (step) => {
              if (!options.json) io.err(`· ${step}`);
            },
            onProgress: (step, done, total) => {
              if (step !== barStep) {
                bar?.stop();
                bar = progressBar(io, step, total, step.startsWith('ingest') ? 'B' : 'people');
                barStep = step;
              }
              bar?.update(done);
            },
          }),
        );
        bar?.stop();
        io.out(
          options.json ? JSON.stringify(summary) : describe(summary, config.databaseUrl ?? config.dataDir),
        );
      } finally {
        bar?.stop();
        rmSync(inputDir, { recursive: true, force: true });
      }
    });
};

function describe(s: DemoSummary, where: string): string {
  const statuses = Object.entries(s.statusCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `    ${status.padEnd(36)} ${n}`)
    .join('\n');
  return [
    `ilos demo: ${s.people.toLocaleString('en-US')} people in ${s.seconds} s (store: ${where})`,
    `  records stored      ${s.records.accepted.toLocaleString('en-US')}`,
    `  records quarantined ${s.records.quarantined.toLocaleString('en-US')}`,
    `  persons resolved    ${s.persons.toLocaleString('en-US')}`,
    statuses === '' ? '' : `  status on the reference date:\n${statuses}`,
    '',
    'Next: ilos sources list · ilos status --help · ilos --help',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
