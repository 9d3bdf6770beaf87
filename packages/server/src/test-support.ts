import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Context, openContext } from './context.js';

/** The store kinds a contract suite runs on. PostgreSQL runs when CI=true or TEST_DATABASE_URL is set. */
export type StoreKind = 'pglite' | 'postgres';

const DEFAULT_CI_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin URL of the PostgreSQL server for tests, or the reason the PostgreSQL pass is off. */
export function postgresTestUrl(): { url: string } | { skip: string } {
  const url = process.env.TEST_DATABASE_URL ?? (process.env.CI === 'true' ? DEFAULT_CI_URL : undefined);
  if (url === undefined)
    return {
      skip: 'PostgreSQL pass off: set TEST_DATABASE_URL (CI=true turns it on and makes a missing server fail)',
    };
  return { url };
}

/** A new, empty store: PGlite in a temporary folder, or a fresh database on the PostgreSQL server. */
export async function freshContext(
  kind: StoreKind,
  options: { now?: () => Date } = {},
): Promise<Context & { dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'ilos-test-'));
    const ctx = await openContext({ dataDir: dir, databaseUrl: undefined }, options);
    return {
      ...ctx,
      dispose: async () => {
        await ctx.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const target = postgresTestUrl();
  if ('skip' in target) throw new Error(target.skip);
  const name = `ilos_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(target.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  const ctx = await openContext({ dataDir: '', databaseUrl: url.toString() }, options);
  return {
    ...ctx,
    dispose: async () => {
      await ctx.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The store kinds to run a contract suite on here, printing why PostgreSQL is skipped when it is. */
export function storeKinds(): StoreKind[] {
  const pg = postgresTestUrl();
  if ('skip' in pg) {
    console.warn(`[ilos tests] ${pg.skip}`);
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}
