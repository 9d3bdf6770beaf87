import { cliPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import { searchPersons } from '../../persons/search-persons.js';
import { showPerson } from '../../persons/show-person.js';
import type { CommandModule } from '../command.js';
import { positiveInt, withDataOption } from '../options.js';
import { boundTarget } from './records.js';

const EXAMPLES = `
One person as ilos knows them: identity with the records behind every value, the status on the
derivation date with its rule chain and citations, the status timeline, the links between the
records with their evidence, disputes, and merge/split history. Every read names its purpose and
the case, task or dispute it serves, and is written to the audit trail.

Examples:
  ilos person show P-3f2a9c0d1e2b --purpose CASE_ADJUDICATION --case C-1001
  ilos person show P-3f2a9c0d1e2b --purpose IDENTITY_REVIEW --task R-9a8b7c6d5e4f3a2b --json
  ilos person search --family-name NGUYEN --dob 1990-04-02 --purpose CASE_ADJUDICATION --case C-1001
  ilos person search --a-number A012345678 --purpose CASE_ADJUDICATION --case C-1001

A search that would show more persons than the bulk limit (50; ILOS_BULK_LIMIT) needs a second
person's approval: ilos approval request (same criteria, purpose and case), a supervisor runs
ilos approval grant ID, then the search runs once with --approval ID --limit N.`;

export const personCommand: CommandModule = (program, io) => {
  const person = program
    .command('person')
    .description('read one person: identity, status with reasons, timeline, links');
  person.addHelpText('after', EXAMPLES);
  withDataOption(
    person
      .command('search')
      .description('find persons by name, date of birth or identifier, for a stated purpose')
      .option('--family-name <name>')
      .option('--given-name <name>')
      .option('--dob <date>', 'date of birth as recorded: YYYY-MM-DD, YYYY-MM or YYYY')
      .option('--a-number <A-Number>')
      .option('--passport <number>')
      .requiredOption('--purpose <purpose>', 'why you are looking (see ilos access --help)')
      .option('--case <id>', 'the case it is for')
      .option('--task <id>', 'the review task it is for')
      .option('--redress <id>', 'the dispute it is for')
      .option(
        '--limit <n>',
        'at most this many persons (over the bulk limit, 50, needs --approval)',
        positiveInt('--limit'),
        50,
      )
      .option(
        '--approval <id>',
        'a bulk-access approval a supervisor granted for this search (ilos approval)',
      )
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      limit: number;
      approval?: string;
      familyName?: string;
      givenName?: string;
      dob?: string;
      aNumber?: string;
      passport?: string;
      purpose: string;
      case?: string;
      task?: string;
      redress?: string;
      json?: boolean;
      data?: string;
    }) => {
      const criteria = Object.fromEntries(
        Object.entries({
          familyName: options.familyName,
          givenName: options.givenName,
          dateOfBirth: options.dob,
          aNumber: options.aNumber,
          passportNumber: options.passport,
        }).filter(([, v]) => v !== undefined),
      );
      const hits = await withContext(loadConfig(options), (ctx) =>
        searchPersons(ctx, cliPrincipal(ctx), {
          criteria,
          purpose: options.purpose,
          target: boundTarget(options),
          limit: options.limit,
          approval: options.approval,
        }),
      );
      if (options.json) return io.out(JSON.stringify({ hits }));
      if (hits.length === 0) return io.out('no person matches');
      for (const h of hits)
        io.out(
          `${h.personId}  ${h.familyName ?? '—'}, ${h.givenName ?? '—'}  born ${h.dateOfBirth ?? '—'}  (${h.records} records)`,
        );
    },
  );
  withDataOption(
    person
      .command('show')
      .description('show one person, for a stated purpose')
      .argument('<personId>')
      .requiredOption('--purpose <purpose>', 'why you are looking (see ilos access --help)')
      .option('--case <id>', 'the case it is for')
      .option('--task <id>', 'the review task it is for')
      .option('--redress <id>', 'the dispute it is for')
      .option('--json', 'print JSON'),
  ).action(
    async (
      personId: string,
      options: {
        purpose: string;
        case?: string;
        task?: string;
        redress?: string;
        json?: boolean;
        data?: string;
      },
    ) => {
      const shown = await withContext(loadConfig(options), (ctx) =>
        showPerson(ctx, cliPrincipal(ctx), {
          personId,
          purpose: options.purpose,
          target: boundTarget(options),
        }),
      );
      if (options.json) return io.out(JSON.stringify(shown));
      io.out(
        `${shown.personId}: ${shown.records.length} records${shown.identityConfirmed === false ? ' · IDENTITY UNCONFIRMED (probable links only: no enforcement step may proceed)' : ''}`,
      );
      io.out('identity (value ← sources):');
      for (const v of shown.identity)
        io.out(`  ${v.field.padEnd(15)} ${v.value.padEnd(24)} ← ${v.sources.join(', ')}`);
      for (const d of shown.disputes) io.out(`DISPUTED ${d.id} (${d.status}): ${d.statement}`);
      const s = shown.status;
      if (s === null)
        io.out('status: not shown (not derived yet, or derived from records masked for this reader)');
      else {
        io.out(
          `status on ${shown.asOf}: ${s.status} · in US: ${s.inUS} · departure confirmed: ${s.departureConfirmed}`,
        );
        io.out(
          `  overstay: ${s.overstay.occurred ? `since ${s.overstay.since} (${s.overstay.reportCategory})` : 'none'} · unlawful presence: ${s.unlawfulPresence.days} days, bar ${s.unlawfulPresence.bar}`,
        );
        io.out(
          `  removal may proceed: ${s.removal.mayProceed}${s.removal.blockers.length > 0 ? ` — blockers: ${s.removal.blockers.join(', ')}` : ''}`,
        );
        io.out('why (rule chain):');
        for (const step of s.explanation)
          io.out(
            `  [${step.rule}] ${step.text}\n      ${step.citation}${step.recordIds?.length ? ` · records ${step.recordIds.join(', ')}` : ''}`,
          );
        io.out('timeline:');
        for (const t of shown.timeline) io.out(`  ${t.from} → ${t.to ?? 'now'}  ${t.status}`);
      }
      io.out('links:');
      for (const l of shown.links) {
        io.out(
          `  ${l.a} ↔ ${l.b}: ${l.strength} (${l.decidedBy}${l.rule ? `: ${l.rule}` : ''}, p=${l.probability.toFixed(3)})`,
        );
        io.out(
          `      ${l.evidence.map((e) => `${e.field} ${e.level} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(1)}`).join(' · ')}`,
        );
      }
      for (const h of shown.history) io.out(`history: ${h.at} ${h.kind} by ${h.actor}: ${h.reason}`);
    },
  );
};
