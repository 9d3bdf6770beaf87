import { AppError } from '@ilos/core';
import { login, logout, whoAmI } from '../../accounts/accounts.js';
import { forgetSessionToken, saveSessionToken, sessionToken } from '../../accounts/cli-session.js';
import { readSecret } from '../../accounts/read-secret.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Who is acting (ADR 0011): 'ilos login' checks the password (argon2id) and keeps the session token in the
data folder (file 'session', readable only by you); every command that touches person data uses it.
Scripts may pass a token in ILOS_SESSION instead. The password comes from ILOS_PASSWORD, from standard
input with --password-stdin, or from a prompt; never from an argument.

Sessions end after 30 minutes without use (15 for admins) and after 12 hours. Five wrong passwords
within 15 minutes lock the account until an admin unlocks it; 90 days without a login disable it.

Examples:
  ilos login --user ana
  printf '%s\\n' "$PASSWORD" | ilos login --user ana --password-stdin
  ilos whoami
  ilos logout`;

export const loginCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('login')
      .description('log in and keep the session for later commands')
      .requiredOption('--user <id>', 'your user id')
      .option('--password-stdin', 'read the password from standard input')
      .option('--json', 'print JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (options: { user: string; passwordStdin?: boolean; json?: boolean; data?: string }) => {
      const config = loadConfig(options);
      const password =
        config.password ??
        (await readSecret(`password for ${options.user}: `, { stdin: options.passwordStdin ?? false }));
      const session = await withContext(config, async (ctx) => {
        const result = await login(ctx, { userId: options.user, password });
        saveSessionToken(ctx, result.token);
        return result;
      });
      const { token: _token, ...shown } = session;
      if (options.json) return io.out(JSON.stringify(shown));
      io.out(
        `logged in as ${session.userId} (${session.role}); the session ends after ${session.idleMinutes} min idle or at ${session.expiresAt.toISOString()}`,
      );
    });

  withDataOption(
    program.command('logout').description('end your session (the token stops working everywhere)'),
  ).action(async (options: { data?: string }) => {
    await withContext(loadConfig(options), async (ctx) => {
      const token = sessionToken(ctx);
      if (token !== undefined) await logout(ctx, token);
      forgetSessionToken(ctx);
    });
    io.out('logged out');
  });

  withDataOption(
    program
      .command('whoami')
      .description('show who the current session belongs to')
      .option('--json', 'print JSON'),
  ).action(async (options: { json?: boolean; data?: string }) => {
    const me = await withContext(loadConfig(options), async (ctx) => {
      const token = sessionToken(ctx);
      return token === undefined ? undefined : whoAmI(ctx, token);
    });
    if (me === undefined)
      throw new AppError('forbidden', 'not logged in (or the session ended): run ilos login --user NAME');
    io.out(options.json ? JSON.stringify(me) : `${me.userId} (${me.role}), session ${me.sessionId}`);
  });
};
