import { AppError, ROLES } from '@ilos/core';
import {
  addUser,
  changePassword,
  disableAccount,
  disableInactiveAccounts,
  enableAccount,
  flagAccount,
  listAccounts,
  type MfaEnrolment,
  resetMfa,
  unlockAccount,
} from '../../accounts/accounts.js';
import { cliPrincipal, optionalPrincipal, sessionToken } from '../../accounts/cli-session.js';
import { readSecret } from '../../accounts/read-secret.js';
import { linkPerson, setUserFamilyName } from '../../audit/oversight-lists.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Roles: ${ROLES.join(', ')}. Analysts and adjudicators read records for cases and tasks they are
assigned to; supervisors assign work and review break-glass uses; auditors read the audit trail;
admins manage accounts and never read records.

A new store has no users: the first 'ilos users add' needs no login and must create an admin.
Every later change needs an admin's session (ilos login). The new user's password is asked twice,
or read from standard input with --password-stdin (at least 8 characters; long phrases welcome).

MFA (T9.2): 'users add' prints the new user's TOTP key and otpauth:// URI once; hand them to the user
over a trusted channel to put in an authenticator app (the URI as a QR code: qrencode -t ansiutf8 URI).
'users reset-mfa' gives a user a new key (lost phone) and ends their sessions. A store made before
MFA: 'users reset-mfa ADMIN' works once without a login, for an admin, like the bootstrap above.

High-risk flag (T9.8): 'users flag' (an admin or a supervisor) disables the account and ends all its
sessions at once; its next request is refused. An admin re-enables it with 'users enable'.

Examples:
  printf '%s\\n' 'a long admin pass phrase' | ilos users add --id root --role admin --password-stdin
  ilos users add --id ana --role analyst --name "Ana Analyst"
  ilos users list
  ilos users disable ana --reason "left the unit"
  ilos users unlock ana
  ilos users reset-mfa ana             a new TOTP key for ana (shown once)
  ilos users flag ana --reason "credentials seen on a shared drive"
  ilos users sweep                     disable accounts unused for 90 days

Oversight (T8.5): an admin links a user to the person records that are the user's own, and records
the family name on the account; the oversight report (ilos report oversight) alerts when a user reads
their own person, or people sharing their family name beyond what that name's frequency explains.
  ilos users link-person ana P-1a2b3c4d5e6f
  ilos users unlink-person ana P-1a2b3c4d5e6f
  ilos users family-name ana "García López"   (an empty name clears it)`;

export const usersCommand: CommandModule = (program, io) => {
  const users = program.command('users').description('user accounts and roles');
  users.addHelpText('after', EXAMPLES);

  withDataOption(
    users
      .command('add')
      .description('create an account (the first one: an admin, no login needed)')
      .requiredOption('--id <id>', 'login id: lowercase letters, digits, . _ -')
      .requiredOption('--role <role>', ROLES.join(' | '))
      .option('--name <name>', 'display name')
      .option('--temporary', 'a temporary or emergency account: it ends 72 hours from now')
      .option('--password-stdin', "read the new user's password from standard input")
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      id: string;
      role: string;
      name?: string;
      temporary?: boolean;
      passwordStdin?: boolean;
      json?: boolean;
      data?: string;
    }) => {
      const password = await newPassword(options.id, options.passwordStdin ?? false);
      const account = await withContext(loadConfig(options), (ctx) =>
        addUser(ctx, optionalPrincipal(ctx), {
          id: options.id,
          role: options.role,
          displayName: options.name,
          password,
          temporary: options.temporary,
        }),
      );
      if (options.json) return io.out(JSON.stringify(account));
      io.out(
        `created ${account.id} (${account.role})${account.expiresAt === null ? '' : `, temporary: ends ${account.expiresAt.toISOString()}`}`,
      );
      io.out(describeEnrolment(account.id, account.mfa));
    },
  );

  withDataOption(
    users.command('list').description('list accounts (admins and auditors)').option('--json', 'print JSON'),
  ).action(async (options: { json?: boolean; data?: string }) => {
    const accounts = await withContext(loadConfig(options), (ctx) => listAccounts(ctx, cliPrincipal(ctx)));
    if (options.json) return io.out(JSON.stringify({ users: accounts }));
    for (const a of accounts) {
      const state =
        a.status === 'disabled'
          ? `disabled (${a.disabledReason ?? ''})`
          : a.lockedAt !== null
            ? 'LOCKED'
            : 'active';
      io.out(
        `${a.id.padEnd(16)} ${a.role.padEnd(12)} ${state.padEnd(24)} last login ${a.lastLoginAt?.toISOString() ?? 'never'}`,
      );
    }
  });

  withDataOption(
    users
      .command('disable')
      .description('disable an account; its sessions end at once')
      .argument('<id>')
      .option('--reason <text>', 'why', 'disabled by an administrator'),
  ).action(async (id: string, options: { reason: string; data?: string }) => {
    const ended = await withContext(loadConfig(options), (ctx) =>
      disableAccount(ctx, cliPrincipal(ctx), id, options.reason),
    );
    io.out(`disabled ${id}; ${ended} session(s) ended`);
  });

  withDataOption(
    users
      .command('flag')
      .description('high-risk flag: disable an account and end its sessions now (admin or supervisor)')
      .argument('<id>')
      .requiredOption('--reason <text>', 'why the account is high risk (audited)'),
  ).action(async (id: string, options: { reason: string; data?: string }) => {
    const ended = await withContext(loadConfig(options), (ctx) =>
      flagAccount(ctx, cliPrincipal(ctx), id, options.reason),
    );
    io.out(`flagged ${id} as high risk: account disabled; ${ended} session(s) ended`);
  });

  withDataOption(
    users
      .command('reset-mfa')
      .description("give a user a new TOTP key (shown once); the user's sessions end")
      .argument('<id>')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: { json?: boolean; data?: string }) => {
    const mfa = await withContext(loadConfig(options), (ctx) => resetMfa(ctx, optionalPrincipal(ctx), id));
    if (options.json) return io.out(JSON.stringify({ id, mfa }));
    io.out(`new TOTP key for ${id}; codes of the old one no longer work`);
    io.out(describeEnrolment(id, mfa));
  });

  withDataOption(users.command('enable').description('enable a disabled account').argument('<id>')).action(
    async (id: string, options: { data?: string }) => {
      await withContext(loadConfig(options), (ctx) => enableAccount(ctx, cliPrincipal(ctx), id));
      io.out(`enabled ${id}`);
    },
  );

  withDataOption(
    users.command('unlock').description('unlock an account locked after failed logins').argument('<id>'),
  ).action(async (id: string, options: { data?: string }) => {
    await withContext(loadConfig(options), (ctx) => unlockAccount(ctx, cliPrincipal(ctx), id));
    io.out(`unlocked ${id}`);
  });

  withDataOption(
    users
      .command('sweep')
      .description('disable accounts with no login for 90 days, and temporary accounts past 72 hours'),
  ).action(async (options: { data?: string }) => {
    const disabled = await withContext(loadConfig(options), (ctx) => disableInactiveAccounts(ctx));
    io.out(
      disabled.length === 0
        ? 'no inactive or expired accounts'
        : `disabled ${disabled.join(', ')} (no login for 90 days, or temporary past 72 hours)`,
    );
  });

  for (const unlink of [false, true]) {
    withDataOption(
      users
        .command(unlink ? 'unlink-person' : 'link-person')
        .description(
          unlink
            ? "remove a person record from a user's own (admin)"
            : "mark a person record as the user's own: reading it is a self-lookup (admin)",
        )
        .argument('<user>')
        .argument('<person>', 'person id (P-…)'),
    ).action(async (userId: string, personId: string, options: { data?: string }) => {
      const changed = await withContext(loadConfig(options), (ctx) =>
        linkPerson(ctx, cliPrincipal(ctx), { userId, personId, unlink }),
      );
      io.out(
        `${unlink ? 'unlinked' : 'linked'} ${personId} ${unlink ? 'from' : 'to'} ${userId}${changed ? '' : ' (no change)'}`,
      );
    });
  }

  withDataOption(
    users
      .command('family-name')
      .description('set the family name on an account, for same-surname lookups (admin)')
      .argument('<user>')
      .argument('<name>', 'family name; "" clears it'),
  ).action(async (userId: string, familyName: string, options: { data?: string }) => {
    await withContext(loadConfig(options), (ctx) =>
      setUserFamilyName(ctx, cliPrincipal(ctx), { userId, familyName }),
    );
    io.out(
      familyName.trim() === '' ? `cleared the family name of ${userId}` : `set the family name of ${userId}`,
    );
  });

  withDataOption(
    users
      .command('password')
      .description('change your own password')
      .option('--password-stdin', 'read old and new password as two lines of standard input'),
  ).action(async (options: { passwordStdin?: boolean; data?: string }) => {
    let oldPassword: string;
    let next: string;
    if (options.passwordStdin) {
      const lines = (await readSecret('', { stdin: true, all: true })).split(/\r?\n/);
      oldPassword = lines[0] ?? '';
      next = lines[1] ?? '';
    } else {
      oldPassword = await readSecret('current password: ');
      next = await newPassword('you', false);
    }
    await withContext(loadConfig(options), (ctx) =>
      changePassword(ctx, sessionToken(ctx), oldPassword, next),
    );
    io.out('password changed; your other sessions were ended');
  });
};

async function newPassword(id: string, stdin: boolean): Promise<string> {
  if (stdin) return readSecret('', { stdin: true });
  const first = await readSecret(`new password for ${id}: `);
  const again = await readSecret('again: ');
  if (first !== again) throw new AppError('invalid_input', 'the two passwords differ');
  return first;
}

/** The one time a TOTP key is shown: for the user's authenticator app. */
function describeEnrolment(id: string, mfa: MfaEnrolment): string {
  return [
    `TOTP key for ${id} (shown once; give it to ${id} only): ${mfa.secret}`,
    `  otpauth URI (for a QR code): ${mfa.uri}`,
    `  ${id} logs in with the password and the 6-digit code of an authenticator app holding this key.`,
  ].join('\n');
}
