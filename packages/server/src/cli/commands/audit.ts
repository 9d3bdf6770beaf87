import { writeFileSync } from 'node:fs';
import { AppError, formatSigningKey, formatVerifierKey, type VerifyReport, verifierOf } from '@ilos/core';
import { cliPrincipal } from '../../accounts/cli-session.js';
import { sequenceAudit } from '../../audit/sequencer.js';
import { generateSigningKey } from '../../audit/signing-key.js';
import {
  exportAudit,
  latestCheckpoint,
  readTrustedCheckpoints,
  verifyExportFile,
  verifyStore,
} from '../../audit/verify.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
The audit trail (ADR 0010) records every read and write of person data, every login and every
privileged action, in the same transaction as the data. A sequencer chains the entries by hash as
leaves of an RFC 6962 Merkle tree and signs checkpoints with Ed25519. The signing key is never in the
database: it is the file audit-signing.key in the data folder, or ILOS_AUDIT_KEY on a server.

verify exits 0 when the log is intact, 1 when it is not (printing the first bad sequence number and
the check that failed), 2 on error. An export can be verified anywhere with the public key alone.
A checkpoint kept outside the store (--checkpoint) also catches a rewrite by someone holding the key.

Examples:
  ilos audit verify
  ilos audit verify --checkpoint witness/latest.checkpoint --max-unsequenced-age 60
  ilos audit export --out audit-2026-06.jsonl                  (auditors; purpose AUDIT)
  ilos audit verify --file audit-2026-06.jsonl --public-key "ilos-audit+1a2b3c4d+AQ…"
  ilos audit checkpoint --out witness/latest.checkpoint       (for a witness to keep)
  ilos audit keygen --out /secure/audit.key                    (a key for ILOS_AUDIT_KEY)`;

export const auditCommand: CommandModule = (program, io, setExit) => {
  const audit = program
    .command('audit')
    .description('verify, export and witness the tamper-evident audit trail');
  audit.addHelpText('after', EXAMPLES);

  withDataOption(
    audit
      .command('verify')
      .description('check the audit trail: exit 0 intact, 1 tampered, 2 error')
      .option('--file <export>', 'verify an exported file offline instead of the store')
      .option('--public-key <key>', 'the trusted public key (text or a file holding it)')
      .option('--checkpoint <file...>', 'checkpoints kept outside the store that the log must still match')
      .option(
        '--max-unsequenced-age <seconds>',
        'fail when a row has waited longer than this for the sequencer',
      )
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      file?: string;
      publicKey?: string;
      checkpoint?: string[];
      maxUnsequencedAge?: string;
      json?: boolean;
      data?: string;
    }) => {
      try {
        const trusted = readTrustedCheckpoints(options.checkpoint ?? []);
        if (options.file !== undefined) {
          const report = await verifyExportFile(options.file, { publicKey: options.publicKey, trusted });
          setExit(printReport(io, report, options.json ?? false, { origin: report.origin, lagging: false }));
          return;
        }
        const maxAge =
          options.maxUnsequencedAge === undefined ? undefined : Number(options.maxUnsequencedAge) * 1000;
        if (maxAge !== undefined && !(maxAge >= 0))
          throw new AppError('invalid_input', '--max-unsequenced-age takes seconds');
        const report = await withContext(loadConfig(options), (ctx) =>
          verifyStore(ctx, { publicKey: options.publicKey, trusted, maxUnsequencedAgeMs: maxAge }),
        );
        setExit(printReport(io, report, options.json ?? false, report));
      } catch (error) {
        // The verify contract (DESIGN.md §4): any error, not only bad input, exits 2.
        io.err(`ilos: audit verify could not run: ${error instanceof Error ? error.message : String(error)}`);
        setExit(EXIT.invalidInput);
      }
    },
  );

  withDataOption(
    audit
      .command('export')
      .description('write the log, its checkpoints and public key to a file (auditors)')
      .requiredOption('--out <file>')
      .option('--task <id>', 'the audit task this export is for', 'audit-export'),
  ).action(async (options: { out: string; task: string; data?: string }) => {
    const result = await withContext(loadConfig(options), (ctx) =>
      exportAudit(ctx, cliPrincipal(ctx), { out: options.out, target: `task:${options.task}` }),
    );
    io.out(`exported ${result.size} entries and ${result.checkpoints} checkpoints to ${options.out}`);
    io.out(`public key: ${result.publicKey}`);
  });

  withDataOption(
    audit
      .command('checkpoint')
      .description('print the latest signed checkpoint, for a witness to keep')
      .option('--out <file>'),
  ).action(async (options: { out?: string; data?: string }) => {
    const note = await withContext(loadConfig(options), (ctx) => latestCheckpoint(ctx));
    if (note === undefined) throw new AppError('not_found', 'the audit trail has no checkpoint yet');
    if (options.out !== undefined) writeFileSync(options.out, note);
    else io.out(note.trimEnd());
  });

  withDataOption(audit.command('sequence').description('run the sequencer now (sign the tail too)')).action(
    async (options: { data?: string }) => {
      const pass = await withContext(loadConfig(options), (ctx) => sequenceAudit(ctx, { final: true }));
      io.out(
        `sequenced ${pass.sequenced} entries; signed ${pass.checkpoints} checkpoint(s); the log has ${pass.size} entries`,
      );
    },
  );

  audit
    .command('keygen')
    .description('make a new checkpoint signing key (for ILOS_AUDIT_KEY on a server)')
    .option('--out <file>', 'write the private key here (mode 0600) instead of printing it')
    .action((options: { out?: string }) => {
      const key = generateSigningKey();
      const secret = formatSigningKey(key);
      if (options.out !== undefined) writeFileSync(options.out, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      else io.out(secret);
      io.err(`public key (publish it; verifiers need only this): ${formatVerifierKey(verifierOf(key))}`);
    });
};

function printReport(
  io: Io,
  report: VerifyReport & { unsequenced?: { count: number; oldestAgeMs: number | null } },
  json: boolean,
  extra: { origin: string; lagging: boolean },
): number {
  const intact = report.ok && !extra.lagging;
  if (json) io.out(JSON.stringify({ ...report, origin: extra.origin, lagging: extra.lagging, intact }));
  else if (report.ok) {
    io.out(
      `audit trail intact: ${report.size} entries, ${report.checkpointsMatched} signed checkpoint(s) matched, signed through entry ${report.signedSize}; root ${report.root}`,
    );
  } else {
    io.out(`audit trail TAMPERED: first bad entry ${report.failure!.seq} (check: ${report.failure!.check})`);
    io.out(`  ${report.failure!.message}`);
  }
  if (!json) {
    for (const warning of report.warnings) io.err(`warning: ${warning}`);
    if (report.unsequenced !== undefined && report.unsequenced.count > 0) {
      const age =
        report.unsequenced.oldestAgeMs === null
          ? ''
          : `, oldest ${Math.round(report.unsequenced.oldestAgeMs / 1000)} s`;
      io.err(
        `${extra.lagging ? 'ALARM' : 'note'}: ${report.unsequenced.count} row(s) wait for the sequencer${age}`,
      );
    }
  }
  return intact ? EXIT.ok : EXIT.checkFailed;
}
