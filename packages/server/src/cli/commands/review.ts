import { AppError, type IsoDate } from '@ilos/core';
import { listReviews, showReview } from '../../access/review-reads.js';
import { cliPrincipal } from '../../accounts/cli-session.js';
import { casePrincipal } from '../../cases/case-actor.js';
import { loadConfig, withContext } from '../../context.js';
import { resolveAndDerive } from '../../persons/resolve-store.js';
import { decideIdentity } from '../../records-access/decide-identity.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';

const EXAMPLES = `
The review queue holds pairs of records the matcher could not decide: doubtful scores, links resting
on name and date of birth alone, contradictions. A reviewer looks at both records side by side and
decides; the decision is kept with who and why, and persons and statuses are recomputed. Deciding
is an audited action (identity.decide) of the logged-in user (ilos login), who must be assigned the
task under IDENTITY_REVIEW (ilos access assign).

Listing the queue (review.list) and showing a task (a record read under IDENTITY_REVIEW bound to
task:<task>, which you must be assigned) are audited too.

Examples:
  ilos review list
  ilos review show R-3f2a9c0d1e2b4a5c
  ilos review show R-3f2a9c0d1e2b4a5c --blind     hide names: judge the identifiers and dates first
  ilos review decide R-3f2a9c0d1e2b4a5c --same --reason "same passport number, renewed" --by j.doe
  ilos review decide R-3f2a9c0d1e2b4a5c --different --reason "twins: different given names" --by j.doe`;

export const reviewCommand: CommandModule = (program, io) => {
  const review = program
    .command('review')
    .description('the identity review queue: list, show and decide doubtful pairs');
  review.addHelpText('after', EXAMPLES);

  withDataOption(
    review
      .command('list')
      .description('list review tasks (open by default)')
      .option('--state <state>', 'open | decided | obsolete', 'open')
      .option('--limit <n>', 'how many', positiveInt('--limit'), 50)
      .option('--json', 'print JSON'),
  ).action(async (options: { state: string; limit: number; json?: boolean; data?: string }) => {
    if (!['open', 'decided', 'obsolete'].includes(options.state))
      throw new AppError('invalid_input', `--state must be open, decided or obsolete`);
    const tasks = await withContext(loadConfig(options), (ctx) =>
      listReviews(ctx, cliPrincipal(ctx), { state: options.state, limit: options.limit }),
    );
    if (options.json) return io.out(JSON.stringify({ tasks }));
    if (tasks.length === 0) return io.out(`no ${options.state} review tasks`);
    for (const t of tasks)
      io.out(`${t.taskId}  ${t.reason.padEnd(26)} p=${t.probability.toFixed(3)}  ${t.a} ↔ ${t.b}`);
  });

  withDataOption(
    review
      .command('show')
      .description("show a task: both records side by side with each field's agreement and weight")
      .argument('<task>')
      .option('--purpose <purpose>', 'why you read it, bound to this task', 'IDENTITY_REVIEW')
      .option('--blind', 'hide names, so identifiers and dates are judged first')
      .option('--json', 'print JSON'),
  ).action(
    async (taskId: string, options: { purpose: string; blind?: boolean; json?: boolean; data?: string }) => {
      // A record read through the access layer: the logged-in user, assigned to task:<task>, audited.
      const shown = await withContext(loadConfig(options), (ctx) =>
        showReview(ctx, cliPrincipal(ctx), {
          taskId,
          purpose: options.purpose,
          blind: options.blind === true,
        }),
      );
      const records = shown.records;
      if (options.json)
        return io.out(JSON.stringify({ task: shown.task, records, disputes: shown.disputes }));
      const t = shown.task;
      io.out(`${t.taskId} (${t.state}) — ${t.reason}: ${t.detail}`);
      io.out(`match probability ${t.probability.toFixed(4)}, total weight ${t.weight.toFixed(2)}`);
      const [ra, rb] = [records[t.a] ?? {}, records[t.b] ?? {}];
      const fields = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
      io.out(`\n${'field'.padEnd(18)} ${t.a.padEnd(34)} ${t.b}`);
      for (const f of fields) io.out(`${f.padEnd(18)} ${String(ra[f] ?? '—').padEnd(34)} ${rb[f] ?? '—'}`);
      for (const [key, notes] of Object.entries(shown.disputes))
        for (const d of notes)
          io.out(
            `disputed: ${key} — ${d.id} (${d.active ? 'active' : d.status}${d.fields.length > 0 ? `; ${d.fields.join(', ')}` : ''}): ${d.statement}`,
          );
      io.out('\nevidence (field: agreement level, weight):');
      for (const e of t.evidence)
        io.out(
          `  ${e.field.padEnd(16)} ${e.level.padEnd(14)} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(2)}`,
        );
      if (t.state === 'decided') io.out(`\ndecided: ${t.decision} by ${t.decidedBy} — ${t.decisionReason}`);
    },
  );

  withDataOption(
    review
      .command('decide')
      .description('decide a task: the two records are the same person, or different people')
      .argument('<task>')
      .option('--same', 'the records are one person (a confirmed link)')
      .option('--different', 'the records are different people (a link is forbidden from now on)')
      .requiredOption('--reason <text>', 'why, in words a person can read')
      .option('--by <user>', 'guard for scripts: must name the logged-in user (ilos login) who decides')
      .option('--as-of <date>', 'date statuses are recomputed for (default: today)')
      .option('--json', 'print JSON'),
  ).action(
    async (
      taskId: string,
      options: {
        same?: boolean;
        different?: boolean;
        reason: string;
        by?: string;
        asOf?: string;
        json?: boolean;
        data?: string;
      },
    ) => {
      if (options.same === options.different)
        throw new AppError('invalid_input', 'give exactly one of --same or --different');
      const result = await withContext(loadConfig(options), async (ctx) => {
        // Through the access layer as identity.decide, by the logged-in user (--by must name them).
        const task = await decideIdentity(ctx, await casePrincipal(ctx, options.by), {
          taskId,
          decision: options.same ? 'same' : 'different',
          reason: options.reason,
        });
        const asOf = (options.asOf ?? ctx.now().toISOString().slice(0, 10)) as IsoDate;
        const { resolved } = await resolveAndDerive(ctx, asOf);
        return { task, persons: resolved.persons, merged: resolved.merged, split: resolved.split };
      });
      if (options.json) return io.out(JSON.stringify(result));
      io.out(
        `${taskId}: decided ${result.task.decision} by ${result.task.decidedBy}; persons recomputed (${result.persons} persons, ${result.merged} merged, ${result.split} split)`,
      );
    },
  );
};
