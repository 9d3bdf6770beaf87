import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../access/access-layer.js';
import type { Context } from '../context.js';

/**
 * How the CLI knows who is acting (ADR 0011): `ilos login` stores the session token in the data folder
 * (`session`, mode 0600); ILOS_SESSION overrides it for scripts. Only the token's hash is in the database.
 */
export const SESSION_FILE = 'session';

export function sessionFile(ctx: Context): string {
  return join(ctx.config.dataDir, SESSION_FILE);
}

export function saveSessionToken(ctx: Context, token: string): string {
  mkdirSync(ctx.config.dataDir, { recursive: true });
  const path = sessionFile(ctx);
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function forgetSessionToken(ctx: Context): void {
  rmSync(sessionFile(ctx), { force: true });
}

export function sessionToken(ctx: Context): string | undefined {
  if (ctx.config.session !== undefined) return ctx.config.session;
  const path = sessionFile(ctx);
  if (ctx.config.dataDir === '' || !existsSync(path)) return undefined;
  const token = readFileSync(path, 'utf8').trim();
  return token === '' ? undefined : token;
}

/**
 * The acting user's principal for a CLI command. With nobody logged in it is `anonymous`: the access
 * layer refuses it (exit 6, "not logged in") and records the refusal as a `denied` row (T6.6), as the
 * HTTP edge does for a request without a session.
 */
export function cliPrincipal(ctx: Context): Principal {
  const token = sessionToken(ctx);
  if (token === undefined) return { kind: 'anonymous', component: 'cli', sourceIp: 'local' };
  return { kind: 'session', token, component: 'cli', sourceIp: 'local' };
}

/** The principal when someone is logged in, else undefined (bootstrap of the first admin). */
export function optionalPrincipal(ctx: Context): Principal | undefined {
  const token = sessionToken(ctx);
  return token === undefined ? undefined : { kind: 'session', token, component: 'cli', sourceIp: 'local' };
}
