import { readFile } from 'node:fs/promises';
import { AppError } from '@ilos/core';
import type { CommandModule } from '../command.js';
import { type FebrlFile, linkFebrl, matchColumns, parseFebrl, scoreAgainstTruth } from './link-febrl.js';

const EXAMPLES = `
Dedupes one FEBRL-format file, or links two, with the identity resolver of ilos: blocking,
Fellegi–Sunter weights fitted by EM without labels, clustering with cannot-link constraints.
rec_id (and blocking_number) are never read as features; --truth scores the result against them.
Both layouts are read: Febrl 0.2.2 dataset*.csv and Febrl 0.4.2 dsgen files.

Examples:
  ilos link --febrl ../shared/data/febrl/dataset1.csv --truth
  ilos link --febrl ../shared/data/febrl/dataset4a.csv ../shared/data/febrl/dataset4b.csv --json
  ilos link --febrl dataset4a.csv dataset4b.csv --fields given_name,surname,date_of_birth --truth --json
  ilos link --febrl dataset_C_10000.csv --truth --json

JSON: {"pairs":[["rec-1-org","rec-1-dup-0"],…],"seconds":…} and, with --truth, "precision",
"recall", "f1", "truePairs", "pairCompleteness" (blocking) and "candidatePairs".`;

type LinkOptions = { febrl: string[]; fields?: string; truth?: boolean; json?: boolean };

async function readFebrlFile(path: string): Promise<FebrlFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        cause: error,
      },
    );
  }
  return parseFebrl(path, text);
}

export const linkCommand: CommandModule = (program, io) => {
  program
    .command('link')
    .description('dedupe one FEBRL file or link two (identity-resolution benchmark)')
    .requiredOption('--febrl <files...>', 'one FEBRL file to dedupe, or two to link')
    .option(
      '--fields <columns>',
      'comma-separated columns the matcher may use (default: all but rec_id, blocking_number)',
    )
    .option(
      '--truth',
      'score against the entities encoded in rec_id: precision, recall, F1, pair completeness',
    )
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (options: LinkOptions) => {
      if (options.febrl.length < 1 || options.febrl.length > 2) {
        throw new AppError(
          'invalid_input',
          `--febrl takes one file (dedupe) or two (link), not ${options.febrl.length}`,
        );
      }
      const started = performance.now();
      const files = await Promise.all(options.febrl.map(readFebrlFile));
      const fields =
        options.fields === undefined
          ? null
          : options.fields
              .split(',')
              .map((f) => f.trim())
              .filter((f) => f.length > 0);
      const columns = matchColumns(files, fields);
      const outcome = linkFebrl(files, columns, options.truth === true);
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      const scores = options.truth === true ? scoreAgainstTruth(files, outcome) : null;

      if (options.json) {
        io.out(
          JSON.stringify({
            pairs: outcome.pairs,
            seconds,
            ...(scores === null
              ? {}
              : {
                  precision: scores.precision,
                  recall: scores.recall,
                  f1: scores.f1,
                  truePairs: scores.truePairs,
                  pairCompleteness: scores.pairCompleteness,
                  candidatePairs: outcome.candidatePairs,
                }),
          }),
        );
        return;
      }
      const task = files.length === 2 ? 'linked' : 'deduplicated';
      io.out(`${outcome.records} records ${task} on ${columns.join(', ')} in ${seconds} s`);
      io.out(
        `  ${outcome.pairs.length} linked pairs · ${outcome.candidatePairs} candidate pairs · ${outcome.reviewPairs} pairs for review`,
      );
      if (scores !== null) {
        const pct = (x: number) => (100 * x).toFixed(2);
        io.out(
          `  precision ${pct(scores.precision)}% · recall ${pct(scores.recall)}% · F1 ${pct(scores.f1)}% (${scores.truePairs} true pairs)`,
        );
        if (scores.pairCompleteness !== null)
          io.out(`  blocking pair completeness ${pct(scores.pairCompleteness)}%`);
      }
      for (const [a, b] of outcome.pairs.slice(0, 10)) io.out(`  ${a} ~ ${b}`);
      if (outcome.pairs.length > 10) io.out(`  … ${outcome.pairs.length - 10} more (use --json for all)`);
    });
};
