import { AppError } from '@ilos/core';
import { bulkAccessRequests, grantBulkAccess, requestBulkAccess } from '../../access/bulk-access.js';
import { cliPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import { searchQuery } from '../../persons/search-persons.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';
import { boundTarget } from './records.js';

const EXAMPLES = `
A search that would show more persons than the bulk limit (50 unless ILOS_BULK_LIMIT says otherwise)
needs a second person's approval (RELIABILITY.md T8.4). The user who needs it asks for one search —
its criteria, purpose and case or task — with a reason; a supervisor other than the requester grants
it; the search then runs once, within the hour, with --approval. Every step is audited.

Examples:
  ilos approval request --family-name NGUYEN --purpose CASE_ADJUDICATION --case C-1001 \\
      --reason "all NGUYEN records for the consolidated hearing list"
  ilos approval list                       (supervisors: requests waiting)
  ilos approval grant BA-3f2a9c0d1e2b      (a supervisor other than the requester)
  ilos person search --family-name NGUYEN --purpose CASE_ADJUDICATION --case C-1001 \\
      --limit 500 --approval BA-3f2a9c0d1e2b`;

export const approvalCommand: CommandModule = (program, io) => {
  const approval = program
    .command('approval')
    .description("bulk access: ask for, list and grant a second person's approval");
  approval.addHelpText('after', EXAMPLES);

  withDataOption(
    approval
      .command('request')
      .description('ask for a bulk search: the same criteria, purpose and target the search will use')
      .option('--family-name <name>')
      .option('--given-name <name>')
      .option('--dob <date>')
      .option('--a-number <A-Number>')
      .option('--passport <number>')
      .requiredOption('--purpose <purpose>', 'why')
      .option('--case <id>', 'the case it is for')
      .option('--task <id>', 'the review task it is for')
      .option('--redress <id>', 'the dispute it is for')
      .requiredOption('--reason <text>', 'why so many persons, for the supervisor (at least 20 characters)')
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      familyName?: string;
      givenName?: string;
      dob?: string;
      aNumber?: string;
      passport?: string;
      purpose: string;
      case?: string;
      task?: string;
      redress?: string;
      reason: string;
      json?: boolean;
      data?: string;
    }) => {
      const query = searchQuery({
        ...(options.familyName === undefined ? {} : { familyName: options.familyName }),
        ...(options.givenName === undefined ? {} : { givenName: options.givenName }),
        ...(options.dob === undefined ? {} : { dateOfBirth: options.dob }),
        ...(options.aNumber === undefined ? {} : { aNumber: options.aNumber }),
        ...(options.passport === undefined ? {} : { passportNumber: options.passport }),
      });
      if (Object.keys(query).length === 0)
        throw new AppError('invalid_input', 'give the criteria of the search the approval is for');
      const row = await withContext(loadConfig(options), (ctx) =>
        requestBulkAccess(ctx, cliPrincipal(ctx), {
          kind: 'search',
          purpose: options.purpose,
          target: boundTarget(options),
          reason: options.reason,
          query,
        }),
      );
      if (options.json) return io.out(JSON.stringify({ approval: row }));
      io.out(`${row.id}: requested; a supervisor other than you grants it (ilos approval grant ${row.id})`);
    },
  );

  withDataOption(
    approval
      .command('list')
      .description('bulk-access requests waiting (supervisors)')
      .option('--json', 'print JSON'),
  ).action(async (options: { json?: boolean; data?: string }) => {
    const rows = await withContext(loadConfig(options), (ctx) => bulkAccessRequests(ctx, cliPrincipal(ctx)));
    if (options.json) return io.out(JSON.stringify({ approvals: rows }));
    if (rows.length === 0) return io.out('no bulk-access requests waiting');
    for (const r of rows)
      io.out(
        `${r.id}  ${r.requestedBy}  ${r.purpose} ${r.target}  ${r.requestedAt.toISOString()}  ${r.reason}`,
      );
  });

  withDataOption(
    approval
      .command('grant')
      .description('grant a request (a supervisor other than the requester): usable once, for an hour')
      .argument('<id>')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: { json?: boolean; data?: string }) => {
    const row = await withContext(loadConfig(options), (ctx) =>
      grantBulkAccess(ctx, cliPrincipal(ctx), { id }),
    );
    if (options.json) return io.out(JSON.stringify({ approval: row }));
    io.out(`${row.id}: granted to ${row.requestedBy} until ${row.expiresAt?.toISOString()}, for one search`);
  });
};
