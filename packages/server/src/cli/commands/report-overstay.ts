import { AppError, DEPARTURE_GAPS } from '@ilos/core';
import type { Command } from 'commander';
import { loadConfig, withContext } from '../../context.js';
import { buildOverstayReport, checkAgainstTruth } from '../../reports/overstay.js';
import type { Io } from '../io.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
The overstay report per the DHS Entry/Exit Overstay Report methodology (RULES.md §4): the unit is
a nonimmigrant admission by air or sea (transit and crew excluded), counted in the fiscal year its
authorized period ends. Overstays are split by certainty: out-of-country (a verified departure
after the period: confirmed) and suspected in-country (no verified departure), the latter by why
the departure is unverified. Aggregates only: it never lists or ranks people.

Examples:
  ilos report overstay --fy 2026
  ilos report overstay --fy 2025 --json
  ilos report overstay --truth .ilos/demo/truth.json     compare with a generated population's truth`;

export function addOverstayReport(reports: Command, io: Io): void {
  withDataOption(
    reports
      .command('overstay')
      .description(
        'overstays by fiscal year: out-of-country vs suspected in-country, by class, country and month',
      )
      .option('--fy <year>', 'fiscal year (Oct 1 – Sep 30); default: every year up to the status date')
      .option(
        '--truth <file>',
        'a generator truth.json to check the categories against (synthetic data only)',
      )
      .option('--json', 'print JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (options: { fy?: string; truth?: string; json?: boolean; data?: string }) => {
      if (options.fy !== undefined && !/^\d{4}$/.test(options.fy))
        throw new AppError('invalid_input', `--fy must be a year like 2026, not '${options.fy}'`);
      const fy = options.fy === undefined ? null : Number(options.fy);
      const { report, rows } = await withContext(loadConfig(options), (ctx) => buildOverstayReport(ctx, fy));
      const truth =
        options.truth === undefined ? undefined : checkAgainstTruth(rows, options.truth, report.asOf);
      if (options.json)
        return io.out(JSON.stringify(truth === undefined ? report : { ...report, truthCheck: truth }));

      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      io.out(`Overstay report ${fy === null ? '(all years)' : `FY${fy}`}, status as of ${report.asOf}`);
      io.out(`  expected departures (in scope)   ${report.expectedDepartures}`);
      io.out(`  overstays                        ${report.overstays.total} (${pct(report.rates.total)})`);
      io.out(
        `    out-of-country (confirmed)     ${report.overstays.outOfCountry} (${pct(report.rates.outOfCountry)})`,
      );
      io.out(
        `    suspected in-country           ${report.overstays.suspectedInCountry} (${pct(report.rates.suspectedInCountry)})`,
      );
      for (const reason of DEPARTURE_GAPS)
        io.out(`      ${reason.padEnd(28)} ${report.suspectedByReason[reason]}`);
      io.out('  by class of admission (expected / out-of-country / suspected):');
      for (const [cls, c] of Object.entries(report.byClass).sort((a, b) => b[1].expected - a[1].expected)) {
        io.out(
          `    ${cls.padEnd(6)} ${String(c.expected).padStart(7)} ${String(c.outOfCountry).padStart(6)} ${String(c.suspectedInCountry).padStart(6)}`,
        );
      }
      io.out('  by country of citizenship: see --json (byCountry); by month: byMonth');
      if (truth !== undefined) {
        io.out(
          `\nagainst the truth (${options.truth}), all years to ${report.asOf}: ${truth.agrees ? 'AGREES in every category' : 'DIFFERS'}`,
        );
        for (const [k, v] of Object.entries(truth.categories).sort())
          io.out(
            `  ${k.padEnd(48)} report ${String(v.report).padStart(6)}  truth ${String(v.truth).padStart(6)}`,
          );
        io.out(`  what NO_DEPARTURE_RECORD hides (truth only): ${JSON.stringify(truth.hiddenReasons)}`);
      }
      for (const line of report.methodology) io.out(`  · ${line}`);
    });
}
