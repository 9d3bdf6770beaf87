import { readdir } from 'node:fs/promises';
import { AppError, DEFAULT_REFERENCE_DATE, GENERATOR_SOURCE_FILES, MAX_PEOPLE } from '@ilos/core';
import type { CommandModule } from '../command.js';
import { progressBar } from '../progress.js';
import { writePopulation } from './generate-files.js';

const FILES = GENERATOR_SOURCE_FILES.map((f) => `${f.source}.${f.format}`).join(', ');

const EXAMPLES = `
Writes what the synthetic agencies hold about a population, one file per source
(${FILES}),
and truth.json: the true person of every record, each person's true lifecycle, and facts such as
the DHS overstay category on ${DEFAULT_REFERENCE_DATE}. The same seed always gives the same bytes.

Examples:
  ilos generate --people 20000 --seed 7 --out out/            a demo population
  ilos generate --people 1000000 --out big/ --json            a million people, summary as JSON
  ilos generate --people 500 --seed demo --out out/ --force   replace an earlier run's files
  ilos generate --people 1000000 --out big/ --threads 2       two generator threads (same bytes)
  ilos ingest out/*.csv out/*.ndjson                          then load the files

truth.json: {"seed","people","referenceDate","records":{"<source>:<sourceRecordId>":"<personId>"},
             "persons":[{"personId","lifecycle":[events],"facts":{…}}]}  (one entry per line)
--json prints {"people":n,"records":n,"files":{"<source>":n},"seconds":s}.
Exit codes: 2 bad arguments; 5 the out folder is not empty (use --force).`;

type Options = {
  people?: string;
  seed: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  threads?: string;
};

export const generateCommand: CommandModule = (program, io) => {
  program
    .command('generate')
    .description('generate a synthetic population as agency files (CSV, NDJSON) plus truth.json')
    .option('--people <n>', 'how many persons (twins count as two)', '20000')
    .option('--seed <s>', 'seed: an integer or any text; same seed, same files', '1')
    .option('--out <dir>', 'folder for the files (created if missing)')
    .option('--force', 'write into a folder that is not empty, replacing files of the same name')
    .option('--threads <n>', 'generator threads (default 1; more help only on an idle multi-core machine)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (options: Options) => {
      const people = parsePeople(options.people);
      if (options.out === undefined || options.out.trim() === '') {
        throw new AppError('invalid_input', '--out <dir> is required: the folder to write the files to');
      }
      if (options.seed.trim() === '') throw new AppError('invalid_input', '--seed must not be empty');
      const out = options.out;
      if (options.force !== true && (await entries(out)) > 0) {
        throw new AppError('conflict', `${out} is not empty; choose another folder or add --force`);
      }
      const threads = options.threads === undefined ? undefined : parseThreads(options.threads);
      const bar = progressBar(io, 'generate', people, 'people');
      const summary = await writePopulation({
        people,
        seed: options.seed,
        out,
        ...(threads === undefined ? {} : { threads }),
        onProgress: (n) => bar.update(n),
      }).finally(() => bar.stop());
      const seconds = Math.round(summary.seconds * 1000) / 1000;
      if (options.json === true) {
        io.out(
          JSON.stringify({ people: summary.people, records: summary.records, files: summary.files, seconds }),
        );
        return;
      }
      io.out(
        `generated ${summary.people} people and ${summary.records} records in ${seconds} s (${Math.round(summary.people / Math.max(summary.seconds, 1e-6))} people/s) → ${out}`,
      );
      for (const spec of GENERATOR_SOURCE_FILES) {
        io.out(`  ${`${spec.source}.${spec.format}`.padEnd(24)} ${summary.files[spec.source] ?? 0} records`);
      }
      io.out(`  ${'truth.json'.padEnd(24)} ${summary.people} persons`);
    });
};

function parsePeople(value: string | undefined): number {
  const text = (value ?? '').trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_PEOPLE) {
    throw new AppError(
      'invalid_input',
      `--people must be a whole number from 1 to ${MAX_PEOPLE}, not '${value}'`,
    );
  }
  return Number(text);
}

function parseThreads(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 64) {
    throw new AppError('invalid_input', `--threads must be a whole number from 1 to 64, not '${value}'`);
  }
  return Number(text);
}

/** Number of entries in a folder; 0 when it does not exist yet. */
async function entries(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new AppError('invalid_input', `--out ${dir} is a file, not a folder`, { cause: error });
    }
    throw error;
  }
}
