import { cliPrincipal } from '../../accounts/cli-session.js';
import { flagSensitivePerson, sensitivePersons } from '../../audit/oversight-lists.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
The VIP / sensitive-person flag list (T8.5, ADR 0019): persons whose records need watching over, such
as public figures, staff and their families. A supervisor keeps it, with a reason for every change; an
auditor may see it. Any access to a flagged person (a read, a case step, a refused attempt) is an alert
in 'ilos report oversight', with the audit rows as evidence. The list protects the people on it: it
ranks and targets no one, and changes nothing in what a user may read.

Examples:
  ilos sensitive add P-1a2b3c4d5e6f --reason "public figure: record read in the press"
  ilos sensitive remove P-1a2b3c4d5e6f --reason "no longer in office"
  ilos sensitive list --json`;

export const sensitiveCommand: CommandModule = (program, io) => {
  const sensitive = program
    .command('sensitive')
    .description('the VIP / sensitive-person flag list watched by the oversight report');
  sensitive.addHelpText('after', EXAMPLES);

  for (const remove of [false, true]) {
    withDataOption(
      sensitive
        .command(remove ? 'remove' : 'add')
        .description(remove ? 'take a person off the list (supervisor)' : 'flag a person (supervisor)')
        .argument('<person>', 'person id (P-…)')
        .requiredOption('--reason <text>', 'why (audited)'),
    ).action(async (personId: string, options: { reason: string; data?: string }) => {
      const changed = await withContext(loadConfig(options), (ctx) =>
        flagSensitivePerson(ctx, cliPrincipal(ctx), { personId, reason: options.reason, remove }),
      );
      io.out(`${remove ? 'removed' : 'flagged'} ${personId}${changed ? '' : ' (no change)'}`);
    });
  }

  withDataOption(
    sensitive
      .command('list')
      .description('the flagged persons (supervisor, auditor)')
      .option('--json', 'print JSON'),
  ).action(async (options: { json?: boolean; data?: string }) => {
    const list = await withContext(loadConfig(options), (ctx) => sensitivePersons(ctx, cliPrincipal(ctx)));
    if (options.json) return io.out(JSON.stringify({ persons: list }));
    if (list.length === 0) return io.out('no person is flagged');
    for (const p of list)
      io.out(`${p.personId.padEnd(16)} ${p.flaggedAt.toISOString()} by ${p.flaggedBy}: ${p.reason}`);
  });
};
