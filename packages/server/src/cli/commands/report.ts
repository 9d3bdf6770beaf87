import { AppError } from '@ilos/core';
import type { Command } from 'commander';
import { cliPrincipal } from '../../accounts/cli-session.js';
import { type OversightResult, oversight } from '../../audit/oversight-report.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import type { Io } from '../io.js';
import { positiveInt, withDataOption } from '../options.js';
import { addOverstayReport } from './report-overstay.js';

/**
 * `ilos report <name>`: one subcommand per report, each added by its own function below. To add a
 * report (e.g. `report overstay`), write `addOverstayReport(reports, io)` beside addOversightReport
 * and list it in REPORTS.
 */
const REPORTS: ((reports: Command, io: Io) => void)[] = [addOversightReport, addOverstayReport];

export const reportCommand: CommandModule = (program, io) => {
  const reports = program.command('report').description('reports for oversight and operations');
  for (const add of REPORTS) add(reports, io);
};

const OVERSIGHT_EXAMPLES = `
For auditors and supervisors, under the AUDIT purpose (bound to an audit task; by default the
month's oversight task). It lists accesses by user and purpose, break-glass uses and their reviews,
and alerts on the insider-misuse patterns of RELIABILITY.md T8: unusual volumes, reads outside working
hours, reads without an assignment, subjects read by many users, subjects looked up outside any case,
and activity by disabled accounts. Each alert cites the audit entries (sequence numbers) behind it.
An alert asks for a human review; it is not a finding against anyone. The report is itself audited.

Examples:
  ilos report oversight
  ilos report oversight --days 7 --json
  ilos report oversight --since 2026-06-01 --until 2026-07-01 --task IG-2026-14`;

function addOversightReport(reports: Command, io: Io): void {
  withDataOption(
    reports
      .command('oversight')
      .description('accesses by user and purpose, break-glass uses, misuse alerts (auditors, supervisors)')
      .option('--days <n>', 'the last n days (default 30)', positiveInt('--days'))
      .option('--since <date>', 'from this date (YYYY-MM-DD, UTC)')
      .option('--until <date>', 'up to this date, exclusive')
      .option('--task <id>', 'the audit task this report is for')
      .option(
        '--shared-users <n>',
        'alert when this many users read one subject within 2 days (default 30)',
        positiveInt('--shared-users'),
      )
      .option('--json', 'print JSON'),
  )
    .addHelpText('after', OVERSIGHT_EXAMPLES)
    .action(
      async (options: {
        days?: number;
        since?: string;
        until?: string;
        task?: string;
        sharedUsers?: number;
        json?: boolean;
        data?: string;
      }) => {
        const result = await withContext(loadConfig(options), (ctx) => {
          const now = ctx.now();
          const until = options.until === undefined ? now : dateOption('--until', options.until);
          const since =
            options.since === undefined
              ? new Date(until.getTime() - (options.days ?? 30) * 24 * 3600_000)
              : dateOption('--since', options.since);
          const task = options.task ?? `oversight-${now.toISOString().slice(0, 7)}`;
          return oversight(ctx, cliPrincipal(ctx), {
            since,
            until,
            target: `task:${task}`,
            ...(options.sharedUsers === undefined
              ? {}
              : { options: { sharedSubjectUsers: options.sharedUsers } }),
          });
        });
        if (options.json) return io.out(JSON.stringify(result));
        printOversight(io, result);
      },
    );
}

function dateOption(name: string, value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) {
    throw new AppError('invalid_input', `${name} '${value}' is not a date (YYYY-MM-DD)`);
  }
  return date;
}

function printOversight(io: Io, r: OversightResult): void {
  io.out(`Oversight report ${r.since} – ${r.until}: ${r.reads} reads by ${r.readers} users`);
  io.out('\nAccesses by user and purpose');
  for (const g of r.byUserPurpose) {
    io.out(
      `  ${g.actorId.padEnd(16)} ${g.role.padEnd(12)} ${g.purpose.padEnd(20)} reads ${g.reads}, writes ${g.writes}, refused ${g.denied}, subjects ${g.subjects}`,
    );
  }
  io.out(`\nBreak-glass uses (${r.breakGlassReviews.length})`);
  for (const b of r.breakGlassReviews)
    io.out(`  ${b.id} ${b.userId} ${b.target} opened ${b.openedAt}: review ${b.review}`);
  io.out(`\nAlerts (${r.alerts.length})`);
  for (const a of r.alerts)
    io.out(`  [${a.kind}] ${a.message}\n      evidence: entries ${a.evidence.join(', ')}`);
  io.out(`\nSubjects looked up outside any case (${r.subjectsWithoutCase.length})`);
  for (const s of r.subjectsWithoutCase.slice(0, 50)) io.out(`  ${s.subject}: ${s.readers.join(', ')}`);
  if (r.subjectsWithoutCase.length > 50)
    io.out(`  … and ${r.subjectsWithoutCase.length - 50} more (--json for all)`);
}
