import { AppError, ROUTINE_USES } from '@ilos/core';
import { cliPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import { discloseRecords, individualAccessReport } from '../../records-access/disclose.js';
import {
  acknowledgeRedress,
  openRedress,
  redressWorkList,
  resolveRedress,
  showRedress,
} from '../../redress/redress.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
A person or their counsel disputes a record (Privacy Act amendment, 5 U.S.C. 552a(d)). The dispute
shows wherever the record shows and freezes adverse steps that rest on it. Clocks in federal working
days: acknowledge within 10, decide within 30; a denial leaves 30 working days to appeal, during
which the record stays disputed. An amendment stores the corrected record as a new version.

Examples:
  ilos redress open --source cbp-apis --id APIS-77 --fields departureDate \\
      --statement "I left on 2024-05-02, not 2025-05-02; boarding pass attached"
  ilos redress list
  ilos redress show RDR-1A2B3C4D
  ilos redress acknowledge RDR-1A2B3C4D
  ilos redress resolve RDR-1A2B3C4D --outcome amended --set departureDate=2024-05-02 \\
      --note "carrier manifest confirms the 2024 date"
  ilos redress resolve RDR-1A2B3C4D --outcome denied --note "manifest and I-94 agree"`;

export const redressCommand: CommandModule = (program, io) => {
  const redress = program
    .command('redress')
    .description('disputes about records: open, work and resolve them');
  redress.addHelpText('after', EXAMPLES);

  withDataOption(
    redress
      .command('open')
      .description('file a dispute about a record; you are assigned to it')
      .requiredOption('--source <id>')
      .requiredOption('--id <sourceRecordId>')
      .requiredOption('--statement <text>', "the person's statement of what is wrong")
      .option('--fields <names>', 'comma-separated disputed fields')
      .option('--requester <who>', 'subject | counsel | agency', 'subject')
      .option('--received <date>', 'the day the request was received (default today)')
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      source: string;
      id: string;
      statement: string;
      fields?: string;
      requester: string;
      received?: string;
      json?: boolean;
      data?: string;
    }) => {
      if (!['subject', 'counsel', 'agency'].includes(options.requester)) {
        throw new AppError('invalid_input', '--requester is subject, counsel or agency');
      }
      const request = await withContext(loadConfig(options), (ctx) =>
        openRedress(ctx, cliPrincipal(ctx), {
          sourceId: options.source,
          sourceRecordId: options.id,
          statement: options.statement,
          fields:
            options.fields
              ?.split(',')
              .map((f) => f.trim())
              .filter((f) => f !== '') ?? [],
          requester: options.requester as 'subject' | 'counsel' | 'agency',
          receivedOn: options.received,
        }),
      );
      if (options.json) return io.out(JSON.stringify(request));
      io.out(
        `${request.id} opened on ${request.sourceId}/${request.sourceRecordId}: acknowledge by ${request.acknowledgeBy}, decide by ${request.decideBy}`,
      );
    },
  );

  withDataOption(
    redress
      .command('list')
      .description('the redress work list, by legal deadline')
      .option('--all', 'include resolved requests')
      .option('--as-of <date>', 'deadlines as of this date')
      .option('--json', 'print JSON'),
  ).action(async (options: { all?: boolean; asOf?: string; json?: boolean; data?: string }) => {
    const items = await withContext(loadConfig(options), (ctx) =>
      redressWorkList(ctx, cliPrincipal(ctx), {
        all: options.all ?? false,
        ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      }),
    );
    if (options.json) return io.out(JSON.stringify({ requests: items }));
    for (const i of items) {
      const next =
        i.next === undefined
          ? (i.resolution ?? i.status)
          : `${i.next.kind} by ${i.next.due}${i.next.overdue ? ' OVERDUE' : ''}`;
      io.out(`${i.id} ${`${i.sourceId}/${i.sourceRecordId}`.padEnd(32)} ${i.status.padEnd(12)} ${next}`);
    }
  });

  withDataOption(
    redress
      .command('show')
      .description('a request with the record it disputes')
      .argument('<id>')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: { json?: boolean; data?: string }) => {
    const view = await withContext(loadConfig(options), (ctx) => showRedress(ctx, cliPrincipal(ctx), id));
    if (options.json) return io.out(JSON.stringify(view));
    const r = view.request;
    io.out(
      `${r.id} on ${r.sourceId}/${r.sourceRecordId} (${r.requester}), ${r.status}${r.resolution === null ? '' : `: ${r.resolution}`}`,
    );
    io.out(
      `  received ${r.receivedOn}; acknowledge by ${r.acknowledgeBy}; decide by ${r.decideBy}${r.appealBy === null ? '' : `; appeal by ${r.appealBy}`}`,
    );
    io.out(`  statement: ${r.statement}`);
    if (r.fields.length > 0) io.out(`  disputed fields: ${r.fields.join(', ')}`);
    for (const v of view.record) {
      io.out(`  version ${v.version}${v.isCurrent ? ' (current)' : ''}: ${v.recordType ?? '[withheld]'}`);
      for (const [field, value] of Object.entries(v.payload)) io.out(`    ${field}: ${value}`);
    }
  });

  withDataOption(
    redress.command('acknowledge').description('acknowledge receipt of a request').argument('<id>'),
  ).action(async (id: string, options: { data?: string }) => {
    const r = await withContext(loadConfig(options), (ctx) => acknowledgeRedress(ctx, cliPrincipal(ctx), id));
    io.out(`${r.id} acknowledged; decide by ${r.decideBy}`);
  });

  withDataOption(
    redress
      .command('resolve')
      .description('decide a request: amended (with corrections), denied or withdrawn')
      .argument('<id>')
      .requiredOption('--outcome <outcome>', 'amended | denied | withdrawn')
      .requiredOption('--note <text>', 'the reasons for the decision')
      .option('--set <field=value...>', 'corrected values (amended only)'),
  ).action(async (id: string, options: { outcome: string; note: string; set?: string[]; data?: string }) => {
    const corrections: Record<string, string> = {};
    for (const pair of options.set ?? []) {
      const at = pair.indexOf('=');
      if (at < 1) throw new AppError('invalid_input', `--set '${pair}': use field=value`);
      corrections[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const r = await withContext(loadConfig(options), (ctx) =>
      resolveRedress(ctx, cliPrincipal(ctx), {
        id,
        outcome: options.outcome,
        note: options.note,
        corrections,
      }),
    );
    io.out(
      `${r.id} ${r.resolution}${r.correctionVersion === null ? '' : `; the record is now version ${r.correctionVersion}`}${r.appealBy === null ? '' : `; appeal by ${r.appealBy}`}`,
    );
  });

  withDataOption(
    redress
      .command('report')
      .description(
        "the person's access report: their records and the accounting of disclosures (552a(c)(3), (d))",
      )
      .argument('<personId>')
      .requiredOption('--request <id>', "the person's own request (redress id) this report answers")
      .option('--exempt <field...>', 'fields exempted from individual access by the system notice')
      .option('--json', 'print JSON'),
  ).action(
    async (
      personId: string,
      options: { request: string; exempt?: string[]; json?: boolean; data?: string },
    ) => {
      const report = await withContext(loadConfig(options), (ctx) =>
        individualAccessReport(ctx, cliPrincipal(ctx), {
          personId,
          purpose: 'REDRESS',
          target: `redress:${options.request}`,
          exemptFields: options.exempt ?? [],
        }),
      );
      if (options.json) return io.out(JSON.stringify(report));
      io.out(
        `access report for ${report.personId}: ${report.records.length} records, ${report.disclosures.length} disclosures`,
      );
      for (const r of report.records)
        io.out(`  record ${r.sourceId}/${r.sourceRecordId}: ${r.recordType ?? '[withheld]'}`);
      for (const d of report.disclosures)
        io.out(
          `  disclosed ${d.disclosedAt.slice(0, 10)} (${d.nature}, ${d.routineUse}) to ${d.recipient.name}, ${d.recipient.contact}: ${d.records.join(', ')}`,
        );
    },
  );

  withDataOption(
    redress
      .command('disclose')
      .description(
        'give records to a recipient outside the agency under a published routine use (accounted for)',
      )
      .requiredOption('--source <id>')
      .requiredOption('--id <sourceRecordId...>', 'the records disclosed')
      .requiredOption('--routine-use <id>', `one of ${ROUTINE_USES.map((u) => u.id).join(', ')}`)
      .requiredOption('--to <name>', 'the recipient')
      .requiredOption('--contact <address>', "the recipient's address or contact")
      .requiredOption('--purpose <purpose>', 'CASE_ADJUDICATION or REDRESS')
      .requiredOption('--for <target>', 'the case or request it is for: case:… or redress:…')
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      source: string;
      id: string[];
      routineUse: string;
      to: string;
      contact: string;
      purpose: string;
      for: string;
      json?: boolean;
      data?: string;
    }) => {
      const d = await withContext(loadConfig(options), (ctx) =>
        discloseRecords(ctx, cliPrincipal(ctx), {
          records: options.id.map((sourceRecordId) => ({ sourceId: options.source, sourceRecordId })),
          routineUse: options.routineUse,
          nature: 'export',
          recipient: { name: options.to, contact: options.contact },
          purpose: options.purpose,
          target: options.for,
        }),
      );
      if (options.json) return io.out(JSON.stringify(d));
      io.out(
        `${d.id}: ${d.records.length} records to ${d.recipient.name} under ${d.routineUse} (accounted for)`,
      );
      for (const r of d.records)
        if (r.disputes.length > 0)
          io.out(
            `  ${r.sourceId}/${r.sourceRecordId} is disputed (${r.disputedFields.join(', ')}): the statement goes with it`,
          );
    },
  );
};
