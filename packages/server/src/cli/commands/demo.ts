import { join } from 'node:path';
import { REMOVAL_CASE_STATES } from '@ilos/core';
import { loadConfig, refreshStatistics, withContext } from '../../context.js';
import { type DemoSummary, runDemo, startDemoPopulation } from '../../demo/run-demo.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';
import { progressBar } from '../progress.js';

const EXAMPLES = `
What 'npm start' runs. Generates a synthetic population (one file per agency), ingests it into the
store, resolves identities, computes each person's status, prints a summary, then serves the UI and
API on http://127.0.0.1:8080 with a demo login for each role (Ctrl-C stops it).

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
      .option('--no-serve', 'end after the summary instead of serving the UI and API')
      .option('--port <n>', 'port to serve on', positiveInt('--port'), 8080)
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(
      async (options: {
        people: number;
        seed: string;
        serve: boolean;
        port: number;
        json?: boolean;
        data?: string;
      }) => {
        const config = loadConfig(options);
        const started = performance.now();
        // The agency files and truth.json stay beside the store, for `ilos ingest`, `ilos report overstay --truth`.
        const inputDir = join(config.dataDir, 'demo');
        let bar: ReturnType<typeof progressBar> | undefined;
        let barStep = '';
        const onProgress = (step: string, done: number, total: number) => {
          if (step !== barStep) {
            bar?.stop();
            bar = progressBar(io, step, total, step.startsWith('ingest') ? 'B' : 'people');
            barStep = step;
          }
          bar?.update(done);
        };
        // The population is generated on a worker thread while the store opens on this one.
        const population = startDemoPopulation({
          people: options.people,
          seed: options.seed,
          inputDir,
          onProgress,
        });
        population.catch(() => {}); // awaited by runDemo; a store that fails to open must not leave it unhandled
        try {
          await withContext(config, async (ctx) => {
            const summary = await runDemo(ctx, {
              people: options.people,
              seed: options.seed,
              inputDir,
              population,
              onStep: (step) => {
                if (!options.json)
                  io.err(`· ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${step}`);
              },
              onProgress,
            });
            bar?.stop();
            io.out(
              options.json
                ? JSON.stringify(summary)
                : describe(summary, config.databaseUrl ?? config.dataDir, inputDir),
            );
            // After the summary (the timed part): planner statistics for the commands and the UI that follow.
            await refreshStatistics(ctx);
            if (!options.serve) return;
            // Loaded only to serve: `--no-serve` reaches its summary without the HTTP stack.
            const [{ seedDemoUsers, describeDemoLogins }, { serveApi }] = await Promise.all([
              import('../../demo/demo-users.js'),
              import('../../http/server.js'),
            ]);
            const logins = await seedDemoUsers(ctx);
            const server = await serveApi(ctx, {
              host: '127.0.0.1',
              port: options.port,
              log: (line) => io.err(`· ${line}`),
            });
            io.err(
              `ilos is serving ${server.url}  (Ctrl-C to stop)\ndemo logins:\n${describeDemoLogins(logins)}`,
            );
            await server.closed;
          });
        } finally {
          bar?.stop();
        }
      },
    );
};

function describe(s: DemoSummary, where: string, inputDir: string): string {
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
    `  removal cases       ${s.cases.cases}, by state (RULES.md §7.1; look at one: ilos case show ID):`,
    ...REMOVAL_CASE_STATES.filter((state) => s.cases.byState[state] !== undefined).map(
      (state) =>
        `    ${state.padEnd(20)} ${String(s.cases.byState[state]).padStart(5)}   e.g. ${s.cases.exampleByState[state]}`,
    ),
    `  steps refused by a gate ${s.cases.refused} (${Object.entries(s.cases.refusedBy)
      .map(([why, n]) => `${why} ${n}`)
      .join(', ')}); awaiting a second person's approval ${s.cases.awaitingApproval}`,
    '',
    `Agency files and truth.json: ${inputDir}`,
    `Next: ilos report overstay --fy 2026 --truth ${join(inputDir, 'truth.json')} · ilos review list · ilos --help`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}
