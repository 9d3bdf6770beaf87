import { whoAmI } from '../../accounts/accounts.js';
import { cliPrincipal, optionalPrincipal } from '../../accounts/cli-session.js';
import { loadConfig, withContext } from '../../context.js';
import { disposalsInExport, replayDisposals } from '../../retention/replay.js';
import { addHold, legalHolds, releaseLegalHold, runRetention } from '../../retention/retention.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Each source keeps its records for its retention period (ilos sources show ID), counted from the
record's own date (the admission, decision or event date), or from the day it was received when it
has none. 'retention run' disposes of every version of each record past its period — unless a legal
hold or an unresolved dispute covers it — and writes a disposal receipt (the keys, never the content)
to the audit trail in the same transaction. Run it from cron; --dry-run only counts.

After restoring a backup, run 'retention replay' before anyone uses the store: it disposes again of
every record disposed of since the backup was taken, from the disposal ledger and the record.dispose
receipts of an audit export taken after the disposals (verified first; docs/retention-and-backups.md).

Examples:
  ilos retention run --dry-run
  ilos retention run
  ilos retention replay --audit-export /offsite/ilos-audit-latest.ndjson --public-key "$ILOS_AUDIT_PUBLIC_KEY"
  ilos retention hold add --source eoir-cases --reason "litigation hold, Doe v. DHS 26-cv-104"
  ilos retention hold add --source cbp-i94 --id I94-17 --reason "FOIA 2026-0042 pending"
  ilos retention hold list
  ilos retention hold release hold-1a2b3c4d`;

export const retentionCommand: CommandModule = (program, io) => {
  const retention = program
    .command('retention')
    .description('dispose of records past their retention; legal holds');
  retention.addHelpText('after', EXAMPLES);

  withDataOption(
    retention
      .command('run')
      .description('dispose of records past their retention period')
      .option('--dry-run', 'count what is due; change nothing')
      .option('--as-of <date>', 'judge retention as of this date (default today)')
      .option('--json', 'print JSON'),
  ).action(async (options: { dryRun?: boolean; asOf?: string; json?: boolean; data?: string }) => {
    const result = await withContext(loadConfig(options), async (ctx) => {
      const principal = optionalPrincipal(ctx);
      const me = principal?.kind === 'session' ? await whoAmI(ctx, principal.token) : undefined;
      return runRetention(ctx, {
        dryRun: options.dryRun ?? false,
        ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
        triggeredBy: me?.userId,
      });
    });
    if (options.json) return io.out(JSON.stringify(result));
    io.out(`retention ${result.dryRun ? 'dry run' : 'run'} ${result.runId} as of ${result.asOf}`);
    for (const s of result.sources) {
      io.out(
        `  ${s.sourceId.padEnd(16)} ${String(s.retentionYears).padStart(3)} y: ${s.due} due, ${s.disposed} disposed, ${s.derivedRemoved} derived rows and ${s.quarantineRemoved} quarantine lines removed`,
      );
    }
    if (result.personsToRederive.length > 0)
      io.out(
        `  ${result.personsToRederive.length} persons lost records; derive their statuses again (ilos resolve)`,
      );
    io.out(
      `  ${result.accountingRemoved} accounting rows past 5 years removed; ${result.auditRedacted} audit entries past their schedule redacted`,
    );
  });

  withDataOption(
    retention
      .command('replay')
      .description('after a restore: dispose again of what the disposal ledger says was disposed of')
      .option('--audit-export <file>', 'an audit export taken after the disposals (ilos audit export)')
      .option('--public-key <key>', 'the published audit public key to verify the export with')
      .option('--dry-run', 'count what would be disposed of; change nothing')
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      auditExport?: string;
      publicKey?: string;
      dryRun?: boolean;
      json?: boolean;
      data?: string;
    }) => {
      const ledger =
        options.auditExport === undefined
          ? []
          : await disposalsInExport(options.auditExport, options.publicKey);
      const result = await withContext(loadConfig(options), (ctx) =>
        replayDisposals(ctx, { ledger, dryRun: options.dryRun ?? false }),
      );
      if (options.json) return io.out(JSON.stringify(result));
      io.out(
        `retention replay ${result.runId}: ${result.named} records in the ledger, ${result.present} back in the store, ${result.disposed} disposed of again`,
      );
      for (const b of result.blocked)
        io.out(`  kept: ${b.sourceId}/${b.sourceRecordId} (a legal hold or an open dispute covers it now)`);
      if (result.personsToRederive.length > 0)
        io.out(
          `  ${result.personsToRederive.length} persons lost records; derive their statuses again (ilos resolve)`,
        );
    },
  );

  const hold = retention.command('hold').description('legal holds: nothing under a hold is disposed of');
  withDataOption(
    hold
      .command('add')
      .description('place a hold on a source or one record (supervisors, admins)')
      .requiredOption('--source <id>')
      .option('--id <sourceRecordId>', 'one record only')
      .requiredOption('--reason <text>', 'the matter or order'),
  ).action(async (options: { source: string; id?: string; reason: string; data?: string }) => {
    const h = await withContext(loadConfig(options), (ctx) =>
      addHold(ctx, cliPrincipal(ctx), {
        sourceId: options.source,
        sourceRecordId: options.id,
        reason: options.reason,
      }),
    );
    io.out(
      `${h.id}: hold on ${h.sourceId}${h.sourceRecordId === null ? ' (all records)' : `/${h.sourceRecordId}`}`,
    );
  });
  withDataOption(
    hold
      .command('list')
      .description('live holds')
      .option('--all', 'include released')
      .option('--json', 'print JSON'),
  ).action(async (options: { all?: boolean; json?: boolean; data?: string }) => {
    const holds = await withContext(loadConfig(options), (ctx) =>
      legalHolds(ctx, cliPrincipal(ctx), options.all ?? false),
    );
    if (options.json) return io.out(JSON.stringify({ holds }));
    for (const h of holds) {
      io.out(
        `${h.id} ${h.sourceId}${h.sourceRecordId === null ? '' : `/${h.sourceRecordId}`} by ${h.placedBy} ${h.placedAt.toISOString()}${h.releasedAt === null ? '' : ' (released)'}: ${h.reason}`,
      );
    }
  });
  withDataOption(hold.command('release').description('release a hold').argument('<id>')).action(
    async (id: string, options: { data?: string }) => {
      await withContext(loadConfig(options), (ctx) => releaseLegalHold(ctx, cliPrincipal(ctx), id));
      io.out(`released ${id}`);
    },
  );
};
