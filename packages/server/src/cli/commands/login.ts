import { AppError, systemUseNoticeText, TOTP } from '@ilos/core';
import { login, logout, stepUp, whoAmI } from '../../accounts/accounts.js';
import { forgetSessionToken, saveSessionToken, sessionToken } from '../../accounts/cli-session.js';
import { readSecret } from '../../accounts/read-secret.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Who is acting (ADR 0011, 0015): 'ilos login' shows the system-use notice, checks the password (argon2id)
and a one-time code, and keeps the session token in the data folder (file 'session', readable only by
you); every command that touches person data uses it. Scripts may pass a token in ILOS_SESSION instead.
The password comes from ILOS_PASSWORD, from standard input with --password-stdin, or from a prompt;
never from an argument.

MFA for every role (T9.2): the code is the ${TOTP.digits}-digit TOTP code (RFC 6238, ${TOTP.periodSeconds}-second steps) of your
authenticator app, set up with the key 'ilos users add' or 'ilos users reset-mfa' showed. It comes from
--code or a prompt. A code is accepted once: a second login needs a later code. A code belongs to one
${TOTP.periodSeconds}-second step; a tolerance of ${TOTP.toleranceSteps} step either side (clock drift, typing time) means
it is still accepted up to ${TOTP.periodSeconds * TOTP.toleranceSteps} s after its step ends, never later.

Step-up (T9.3, ADR 0021): account management (users add, disable, enable, unlock, reset-mfa), break-glass,
granting a bulk access and audit export need a login or a step-up within the last 5 minutes.
'ilos login --step-up' asks only for a new code; the session gets a new token (the old one stops
working) and keeps its 12-hour limit. A wrong code counts towards the lockout like a failed login.

Sessions end after 30 minutes without use (15 for admins) and after 12 hours. Five failed logins (wrong
password or code) within 15 minutes lock the account until an admin unlocks it; 90 days without a login disable it.

Examples:
  ilos login --user ana
  printf '%s\\n' "$PASSWORD" | ilos login --user ana --password-stdin --code 123456
  ilos login --step-up --code 654321
  ilos whoami
  ilos logout`;

export const loginCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('login')
      .description('log in and keep the session for later commands')
      .option('--user <id>', 'your user id (not with --step-up: the session says who)')
      .option('--step-up', 're-authenticate the current session with a new code, for a sensitive action')
      .option('--password-stdin', 'read the password from standard input')
      .option('--code <code>', 'the 6-digit code of your authenticator app (else asked)')
      .option('--json', 'print JSON'),
  )
    .addHelpText('after', EXAMPLES)
    .action(
      async (options: {
        user?: string;
        stepUp?: boolean;
        passwordStdin?: boolean;
        code?: string;
        json?: boolean;
        data?: string;
      }) => {
        const config = loadConfig(options);
        if (options.stepUp) {
          const code = options.code ?? (await readCode('step-up'));
          const fresh = await withContext(config, async (ctx) => {
            const token = sessionToken(ctx);
            if (token === undefined)
              throw new AppError('forbidden', 'not logged in: run ilos login --user NAME first');
            const result = await stepUp(ctx, { token, code });
            // A token passed in ILOS_SESSION is the script's to keep: it gets the new one on stdout.
            if (ctx.config.session === undefined) saveSessionToken(ctx, result.token);
            return { ...result, fromEnv: ctx.config.session !== undefined };
          });
          const { token, fromEnv, ...shown } = fresh;
          if (options.json) return io.out(JSON.stringify(fromEnv ? { ...shown, token } : shown));
          io.out(
            `stepped up as ${fresh.userId} (${fresh.role}): sensitive actions allowed until ${fresh.freshUntil.toISOString()}`,
          );
          if (fromEnv) io.out(`the old ILOS_SESSION token has stopped working; the new one: ${token}`);
          return;
        }
        if (options.user === undefined)
          throw new AppError(
            'invalid_input',
            'ilos login needs --user NAME (or --step-up for the current session)',
          );
        const user = options.user;
        // The system-use notice (AC-8, T9.9) comes before any credential is asked for.
        io.err(`${systemUseNoticeText()}\n\nLogging in means you have read and accept this notice.\n`);
        const password =
          config.password ??
          (await readSecret(`password for ${user}: `, { stdin: options.passwordStdin ?? false }));
        const code = options.code ?? (await readCode(user));
        const session = await withContext(config, async (ctx) => {
          const result = await login(ctx, { userId: user, password, code });
          saveSessionToken(ctx, result.token);
          return result;
        });
        const { token: _token, ...shown } = session;
        if (options.json) return io.out(JSON.stringify(shown));
        io.out(
          `logged in as ${session.userId} (${session.role}); the session ends after ${session.idleMinutes} min idle or at ${session.expiresAt.toISOString()}`,
        );
      },
    );

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

async function readCode(user: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new AppError(
      'invalid_input',
      'no terminal to ask for the code: pass --code 123456 (authenticator app)',
    );
  return readSecret(`code for ${user} (authenticator app): `);
}
