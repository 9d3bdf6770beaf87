import { resolve } from 'node:path';
import { SEED_SOURCES } from '@ilos/core';
import { lockDataDir } from './db/data-lock.js';
import { migrate } from './db/migrate.js';
import { openPglite } from './db/open-pglite.js';
import { openPostgres } from './db/open-postgres.js';
import { seedSources } from './db/sources-repository.js';
import type { Sql } from './db/sql.js';

/** Where the data lives: a PostgreSQL server when databaseUrl is set, else PGlite in dataDir. */
export type Config = { dataDir: string; databaseUrl: string | undefined };

/** The composition root's view of the environment: the only place that reads process.env (ADR 0002). */
export function loadConfig(options: { data?: string | undefined } = {}): Config {
  const databaseUrl = process.env.DATABASE_URL;
  return {
    dataDir: resolve(options.data ?? process.env.ILOS_DATA ?? '.ilos'),
    databaseUrl: databaseUrl === undefined || databaseUrl === '' ? undefined : databaseUrl,
  };
}

/** An open store with its schema migrated and the seed sources registered. */
export type Context = {
  sql: Sql;
  config: Config;
  /** The clock, injected so tests can fix it. */
  now: () => Date;
  close: () => Promise<void>;
};

export async function openContext(config: Config, options: { now?: () => Date } = {}): Promise<Context> {
  let sql: Sql;
  let unlock = () => {};
  if (config.databaseUrl !== undefined) {
    sql = await openPostgres(config.databaseUrl);
  } else {
    unlock = lockDataDir(config.dataDir);
    try {
      sql = await openPglite(config.dataDir);
    } catch (error) {
      unlock();
      throw error;
    }
  }
  await migrate(sql);
  await seedSources(sql, SEED_SOURCES);
  let closed = false;
  return {
    sql,
    config,
    now: options.now ?? (() => new Date()),
    close: async () => {
      if (closed) return;
      closed = true;
      await sql.close();
      unlock();
    },
  };
}

/** Opens a context for the duration of fn and always closes it. */
export async function withContext<T>(config: Config, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await openContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
