import { AppError, type IsoDate, isIsoDate } from '@ilos/core';
import { casePrincipal } from '../../cases/case-actor.js';
import { worklist } from '../../cases/worklist.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';

const EXAMPLES = `
The case work list, ordered by legal deadline only (SCOPE.md): the noticed hearing, the last day to
appeal, the voluntary-departure depart-by date, and the Privacy Act clocks of disputes on the
person's records. Nothing about the person moves a case up or down. Past-due deadlines come first;
cases with no deadline come last; a case whose person has a verified departure on file leaves the
deadline order (record the closing step: vd_complied, record_self_removal or verify_departure).

Examples:
  ilos worklist                          (logged in: ilos login --user m.supervisor)
  ilos worklist --as-of 2026-07-01 --limit 20
  ilos worklist --json

A supervisor's work list covers every active case; anyone else's the cases they are assigned to.
Each call is audited (case.list).`;

export const worklistCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('worklist')
      .description('active removal cases ordered by legal deadline (hearings, appeal windows, VD expiry)')
      .option('--as-of <date>', 'deadlines as of this date (default today)')
      .option('--limit <n>', 'how many', positiveInt('--limit'))
      .option('--by <user>', 'fail unless this is the logged-in user')
      .option('--json', 'print JSON')
      .addHelpText('after', EXAMPLES),
  ).action(async (options: { asOf?: string; limit?: number; by?: string; json?: boolean; data?: string }) => {
    if (options.asOf !== undefined && !isIsoDate(options.asOf))
      throw new AppError('invalid_input', `--as-of must be a date YYYY-MM-DD, not '${options.asOf}'`);
    const list = await withContext(loadConfig(options), async (ctx) =>
      worklist(ctx, await casePrincipal(ctx, options.by), {
        ...(options.asOf === undefined ? {} : { asOf: options.asOf as IsoDate }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      }),
    );
    if (options.json) return io.out(JSON.stringify(list));
    if (list.items.length === 0) return io.out('no active cases');
    io.out(`work list on ${list.asOf} (by legal deadline):`);
    for (const i of list.items) {
      const next = i.departureVerified
        ? 'verified departure on file: record the closing step'
        : i.next === null
          ? 'no legal deadline'
          : `${i.next.kind} ${i.next.due}${i.overdue ? ' PAST DUE' : ''}`;
      const waiting = i.awaitingApproval === null ? '' : `  ⚖ awaiting approval: ${i.awaitingApproval}`;
      io.out(`  ${i.caseId.padEnd(15)} ${i.state.padEnd(18)} ${next}${waiting}`);
    }
  });
};
