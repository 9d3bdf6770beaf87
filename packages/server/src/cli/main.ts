import { AppError } from '@ilos/core';
import { Command, CommanderError } from 'commander';
import type { CommandModule } from './command.js';
import { EXIT, EXIT_FOR_ERROR } from './exit-codes.js';
import { type Io, processIo } from './io.js';

const loadLogin = () => import('./commands/login.js').then((m) => m.loginCommand);

/**
 * One entry per command, in the order `ilos --help` lists them. Only the named command's module is
 * loaded (so `ilos status` never loads the database); `ilos --help` loads them all.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  demo: () => import('./commands/demo.js').then((m) => m.demoCommand),
  serve: () => import('./commands/serve.js').then((m) => m.serveCommand),
  generate: () => import('./commands/generate.js').then((m) => m.generateCommand),
  ingest: () => import('./commands/ingest.js').then((m) => m.ingestCommand),
  sources: () => import('./commands/sources.js').then((m) => m.sourcesCommand),
  records: () => import('./commands/records.js').then((m) => m.recordsCommand),
  resolve: () => import('./commands/resolve.js').then((m) => m.resolveCommand),
  review: () => import('./commands/review.js').then((m) => m.reviewCommand),
  person: () => import('./commands/person.js').then((m) => m.personCommand),
  case: () => import('./commands/case.js').then((m) => m.caseCommand),
  worklist: () => import('./commands/worklist.js').then((m) => m.worklistCommand),
  status: () => import('./commands/status.js').then((m) => m.statusCommand),
  report: () => import('./commands/report.js').then((m) => m.reportCommand),
  redress: () => import('./commands/redress.js').then((m) => m.redressCommand),
  retention: () => import('./commands/retention.js').then((m) => m.retentionCommand),
  audit: () => import('./commands/audit.js').then((m) => m.auditCommand),
  alerts: () => import('./commands/alerts.js').then((m) => m.alertsCommand),
  users: () => import('./commands/users.js').then((m) => m.usersCommand),
  sensitive: () => import('./commands/sensitive.js').then((m) => m.sensitiveCommand),
  login: loadLogin,
  logout: loadLogin,
  whoami: loadLogin,
  access: () => import('./commands/access.js').then((m) => m.accessCommand),
  approval: () => import('./commands/approval.js').then((m) => m.approvalCommand),
  link: () => import('./commands/link.js').then((m) => m.linkCommand),
  publish: () => import('./commands/publish.js').then((m) => m.publishCommand),
  stream: () => import('./commands/stream.js').then((m) => m.streamCommand),
};

const EPILOG = `
Exit codes: 0 ok · 1 a check failed (e.g. audit verify found tampering) · 2 bad input or usage
            4 not found · 5 conflict · 6 forbidden · 69 unavailable (the audit trail cannot be
            written, so nothing was served: see ilos alerts) · 70 internal error

Data: every command that stores data takes --data DIR (default ./.ilos, or $ILOS_DATA);
      set DATABASE_URL=postgres://… to use a PostgreSQL server instead of the embedded store.

Run 'ilos <command> --help' for examples of each command.`;

/** Runs `ilos` with the given arguments and returns the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('ilos')
    .description('ilos, the Immigration Lifecycle Operating System: records in, one explained lifecycle out.')
    .showHelpAfterError('(add --help for usage and examples)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .addHelpText('after', EPILOG);
  const named = argv[0] === undefined ? undefined : COMMANDS[argv[0]];
  for (const load of named === undefined ? new Set(Object.values(COMMANDS)) : [named])
    (await load())(program, io, setExit);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitFor(error, io);
  }
}

function exitFor(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.ok;
    return EXIT.invalidInput;
  }
  if (error instanceof AppError) {
    io.err(`ilos: ${error.message}`);
    return EXIT_FOR_ERROR[error.code];
  }
  io.err(
    `ilos: internal error (a bug; please report it with this trace)\n${error instanceof Error ? error.stack : String(error)}`,
  );
  return EXIT.internal;
}
