import { AppError, type IsoDate, isIsoDate } from '@ilos/core';
import { loadConfig, refreshStatistics, withContext } from '../../context.js';
import { resolveAndDerive } from '../../persons/resolve-store.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Links every current record to a person (identity resolution), then derives each person's lifecycle
events, status report and status timeline on --as-of. Links by a verified identifier are
deterministic; model links above the auto threshold are probable; doubtful pairs go to the review
queue (ilos review list). Person ids stay stable across runs; merges and splits are recorded.

Examples:
  ilos resolve
  ilos resolve --as-of 2026-06-30 --json`;

export const resolveCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('resolve')
      .description("resolve identities across sources and derive every person's status")
      .option('--as-of <date>', 'date the status is computed for (default: today)')
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (options: { asOf?: string; json?: boolean; data?: string }) => {
      if (options.asOf !== undefined && !isIsoDate(options.asOf))
        throw new AppError('invalid_input', `--as-of must be YYYY-MM-DD, not '${options.asOf}'`);
      const result = await withContext(loadConfig(options), async (ctx) => {
        const asOf = (options.asOf ?? ctx.now().toISOString().slice(0, 10)) as IsoDate;
        const { resolved, derived } = await resolveAndDerive(ctx, asOf, {
          onProgress: (step) => !options.json && io.err(`· ${step}`),
        });
        await refreshStatistics(ctx);
        return {
          asOf,
          ...resolved,
          statusCounts: derived.statusCounts,
          identityUnconfirmed: derived.unconfirmed,
        };
      });
      if (options.json) return io.out(JSON.stringify(result));
      io.out(
        `${result.records} records → ${result.persons} persons (${result.candidatePairs} candidate pairs) in ${result.seconds} s`,
      );
      io.out(
        `  links: ${
          Object.entries(result.links)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ') || 'none'
        }`,
      );
      io.out(
        `  review queue: ${result.reviewsOpen} open · persons created ${result.created}, merged ${result.merged}, split ${result.split}`,
      );
      io.out(
        `  status on ${result.asOf}: ${Object.entries(result.statusCounts)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
    });
};
