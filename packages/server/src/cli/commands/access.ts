import { PURPOSE_SPECS, PURPOSES } from '@ilos/core';
import {
  assignments,
  assignWork,
  BREAK_GLASS,
  breakGlassReviews,
  openBreakGlass,
  reviewBreakGlassAccess,
  unassignWork,
} from '../../access/work.js';
import { cliPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const PURPOSE_HELP = PURPOSES.filter((p) => !PURPOSE_SPECS[p].system)
  .map((p) => `  ${p.padEnd(20)} bound to a ${PURPOSE_SPECS[p].target}: ${PURPOSE_SPECS[p].means}`)
  .join('\n');

const EXAMPLES = `
Purpose-bound access (ADR 0012): every read of a person's data names a purpose and the case, task or
dispute it is for, and the user must be assigned to it. Purposes:
${PURPOSE_HELP}

Break-glass opens an unassigned case or task in an emergency: a justification of at least
${BREAK_GLASS.minJustification} characters, at most ${BREAK_GLASS.perUserPerDay} a day, for ${BREAK_GLASS.lifetimeMs / 60_000} minutes; a supervisor must review it within
24 hours. It never lifts statutory confidentiality (asylum: 8 CFR 208.6; VAWA/T/U: 8 U.S.C. 1367).

Examples:
  ilos access assign --user ana --target case:C-1001          (a supervisor)
  ilos access unassign --user ana --target case:C-1001
  ilos access assignments --user ana
  ilos access break-glass --purpose CASE_ADJUDICATION --target case:C-2002 \\
      --justification "detainee hearing moved to today; assigned officer absent"
  ilos access reviews
  ilos access review bg_1a2b3c --outcome justified --note "hearing record confirms"`;

export const accessCommand: CommandModule = (program, io) => {
  const access = program.command('access').description('assignments, break-glass access and its reviews');
  access.addHelpText('after', EXAMPLES);

  withDataOption(
    access
      .command('assign')
      .description('assign a user to a case, task or dispute (supervisors)')
      .requiredOption('--user <id>')
      .requiredOption('--target <kind:id>', 'case:ID, task:ID or redress:ID'),
  ).action(async (options: { user: string; target: string; data?: string }) => {
    const added = await withContext(loadConfig(options), (ctx) =>
      assignWork(ctx, cliPrincipal(ctx), options.user, options.target),
    );
    io.out(
      added
        ? `assigned ${options.user} to ${options.target}`
        : `${options.user} was already assigned to ${options.target}`,
    );
  });

  withDataOption(
    access
      .command('unassign')
      .description('end an assignment; the next access under it is refused')
      .requiredOption('--user <id>')
      .requiredOption('--target <kind:id>'),
  ).action(async (options: { user: string; target: string; data?: string }) => {
    await withContext(loadConfig(options), (ctx) =>
      unassignWork(ctx, cliPrincipal(ctx), options.user, options.target),
    );
    io.out(`unassigned ${options.user} from ${options.target}`);
  });

  withDataOption(
    access
      .command('assignments')
      .description('list live assignments')
      .option('--user <id>')
      .option('--json', 'print JSON'),
  ).action(async (options: { user?: string; json?: boolean; data?: string }) => {
    const rows = await withContext(loadConfig(options), (ctx) =>
      assignments(ctx, cliPrincipal(ctx), options.user),
    );
    if (options.json) return io.out(JSON.stringify({ assignments: rows }));
    for (const r of rows)
      io.out(
        `${r.userId.padEnd(16)} ${r.target.padEnd(28)} by ${r.assignedBy} ${r.assignedAt.toISOString()}`,
      );
  });

  withDataOption(
    access
      .command('break-glass')
      .description('emergency access to an unassigned case or task (expires; reviewed)')
      .requiredOption('--purpose <purpose>')
      .requiredOption('--target <kind:id>')
      .requiredOption('--justification <text>', `why, at least ${BREAK_GLASS.minJustification} characters`)
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      purpose: string;
      target: string;
      justification: string;
      json?: boolean;
      data?: string;
    }) => {
      const grant = await withContext(loadConfig(options), (ctx) =>
        openBreakGlass(ctx, cliPrincipal(ctx), {
          purpose: options.purpose,
          target: options.target,
          justification: options.justification,
        }),
      );
      if (options.json) return io.out(JSON.stringify(grant));
      io.out(
        `${grant.id}: ${grant.target} open for ${grant.purpose} until ${grant.expiresAt.toISOString()}; review due ${grant.reviewDue.toISOString()}`,
      );
    },
  );

  withDataOption(
    access
      .command('reviews')
      .description('break-glass accesses waiting for review (supervisors)')
      .option('--all', 'include reviewed ones')
      .option('--json', 'print JSON'),
  ).action(async (options: { all?: boolean; json?: boolean; data?: string }) => {
    const rows = await withContext(loadConfig(options), (ctx) =>
      breakGlassReviews(ctx, cliPrincipal(ctx), !options.all),
    );
    if (options.json) return io.out(JSON.stringify({ reviews: rows }));
    for (const r of rows) {
      io.out(
        `${r.id} ${r.userId} ${r.purpose} ${r.target} opened ${r.openedAt.toISOString()} due ${r.reviewDue.toISOString()} ${r.reviewOutcome ?? 'PENDING'}`,
      );
      io.out(`    "${r.justification}"`);
    }
  });

  withDataOption(
    access
      .command('review')
      .description('close the review of a break-glass access (not your own)')
      .argument('<id>')
      .requiredOption('--outcome <outcome>', 'justified | misuse')
      .requiredOption('--note <text>'),
  ).action(async (id: string, options: { outcome: 'justified' | 'misuse'; note: string; data?: string }) => {
    await withContext(loadConfig(options), (ctx) =>
      reviewBreakGlassAccess(ctx, cliPrincipal(ctx), { id, outcome: options.outcome, note: options.note }),
    );
    io.out(`reviewed ${id}: ${options.outcome}`);
  });
};
