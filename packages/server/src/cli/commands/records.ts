import { cliPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import { showRecord } from '../../records-access/show-record.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Every read names its purpose and the case, task or dispute it serves (you must be assigned to it),
and is written to the audit trail with the fields returned. Asylum and VAWA/T/U records are masked
for readers without a need to know. Disputes filed about the record are shown with it.

Examples:
  ilos records show --source cbp-i94 --id I94-17 --purpose CASE_ADJUDICATION --case C-1001
  ilos records show --source uscis-benefits --id B-9 --purpose DATA_QUALITY_REVIEW --task DQ-7 --json
  ilos records show --source eoir-cases --id E-3 --purpose REDRESS --redress RDR-1A2B3C4D`;

export const recordsCommand: CommandModule = (program, io) => {
  const records = program.command('records').description('read source records, for a stated purpose');
  records.addHelpText('after', EXAMPLES);

  withDataOption(
    records
      .command('show')
      .description('show every version of one source record')
      .requiredOption('--source <id>')
      .requiredOption('--id <sourceRecordId>')
      .requiredOption('--purpose <purpose>', 'why you are looking (see ilos access --help)')
      .option('--case <id>', 'the case it is for')
      .option('--task <id>', 'the review task it is for')
      .option('--redress <id>', 'the dispute it is for')
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      source: string;
      id: string;
      purpose: string;
      case?: string;
      task?: string;
      redress?: string;
      json?: boolean;
      data?: string;
    }) => {
      const target = boundTarget(options);
      const shown = await withContext(loadConfig(options), (ctx) =>
        showRecord(ctx, cliPrincipal(ctx), {
          sourceId: options.source,
          sourceRecordId: options.id,
          purpose: options.purpose,
          target,
        }),
      );
      if (options.json) return io.out(JSON.stringify(shown));
      io.out(`${shown.sourceId}/${shown.sourceRecordId}: ${shown.versions.length} version(s)`);
      for (const d of shown.disputes) {
        io.out(
          `  DISPUTED (${d.id}, ${d.status}${d.active ? ', active' : ''}): ${d.statement}${d.fields.length > 0 ? ` [fields: ${d.fields.join(', ')}]` : ''}`,
        );
      }
      for (const v of shown.versions) {
        io.out(
          `  version ${v.version} (source version ${v.sourceVersion})${v.isCurrent ? ' current' : ''}: ${v.recordType ?? '[type withheld]'}`,
        );
        if (v.masked.length > 0)
          io.out(`    masked under ${v.masked.join(' and ')}: no need to know for this role and purpose`);
        for (const [field, value] of Object.entries(v.payload)) io.out(`    ${field}: ${value}`);
      }
    },
  );
};

/** The --case/--task/--redress option as a purpose binding; none or several leave it to the policy to refuse. */
export function boundTarget(options: { case?: string; task?: string; redress?: string }): string | undefined {
  const given = [
    options.case === undefined ? undefined : `case:${options.case}`,
    options.task === undefined ? undefined : `task:${options.task}`,
    options.redress === undefined ? undefined : `redress:${options.redress}`,
  ].filter((t) => t !== undefined);
  return given.length === 1 ? given[0] : undefined;
}
