import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SEED_SOURCES } from '@ilos/core';
import { drainAuditSequencer } from './audit/sequencer.js';
import { lockDataDir } from './db/data-lock.js';
import { migrate } from './db/migrate.js';
import { openPglite } from './db/open-pglite.js';
import { pgliteTemplate } from './db/pglite-template.js';
import { seedSources } from './db/sources-repository.js';
import type { Sql } from './db/sql.js';
import { refreshStatistics as analyze } from './db/statistics.js';

/** Where the data lives: a PostgreSQL server when databaseUrl is set, else PGlite in dataDir. */
export type Config = {
  dataDir: string;
  databaseUrl: string | undefined;
  /** Accountability (ADR 0010, 0011): the checkpoint signing key, a session token, a login password. */
  auditKey?: string | undefined;
  session?: string | undefined;
  password?: string | undefined;
  /** Where machine-wide caches live (the PGlite initdb template, ADR 0008); default: cacheDir(). */
  cacheDir?: string | undefined;
  /** Persons a search may show without a second person's approval (T8.4); default BULK_ACCESS.maxSubjects. */
  bulkLimit?: number | undefined;
  /** Where operator alerts are appended (ADR 0018); default: alerts.log in dataDir. */
  alertFile?: string | undefined;
};

/** The composition root's view of the environment: the only place that reads process.env (ADR 0002). */
export function loadConfig(options: { data?: string | undefined } = {}): Config {
  const databaseUrl = process.env.DATABASE_URL;
  return {
    dataDir: resolve(options.data ?? process.env.ILOS_DATA ?? '.ilos'),
    databaseUrl: databaseUrl === undefined || databaseUrl === '' ? undefined : databaseUrl,
    auditKey: nonEmpty(process.env.ILOS_AUDIT_KEY),
    session: nonEmpty(process.env.ILOS_SESSION),
    password: nonEmpty(process.env.ILOS_PASSWORD),
    cacheDir: cacheDir(),
    bulkLimit: positive(process.env.ILOS_BULK_LIMIT),
    alertFile: nonEmpty(process.env.ILOS_ALERT_FILE),
  };
}

function positive(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(value))
    throw new Error(`ILOS_BULK_LIMIT must be a whole number from 1, not '${value}'`);
  return Number(value);
}

/** ILOS_CACHE, else $XDG_CACHE_HOME/ilos, else ~/.cache/ilos (the system temp folder when there is no home). */
export function cacheDir(): string {
  const configured = nonEmpty(process.env.ILOS_CACHE);
  if (configured !== undefined) return resolve(configured);
  const xdg = nonEmpty(process.env.XDG_CACHE_HOME);
  if (xdg !== undefined) return join(xdg, 'ilos');
  const home = homedir();
  return home !== '' ? join(home, '.cache', 'ilos') : join(tmpdir(), 'ilos-cache');
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

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
    // The server driver loads only when a server is configured (the embedded store never needs it).
    const { openPostgres } = await import('./db/open-postgres.js');
    sql = await openPostgres(config.databaseUrl);
  } else {
    unlock = lockDataDir(config.dataDir);
    try {
      sql = await openPglite(config.dataDir, { template: pgliteTemplate(config.cacheDir ?? cacheDir()) });
    } catch (error) {
      unlock();
      throw error;
    }
  }
  await migrate(sql);
  await seedSources(sql, SEED_SOURCES);
  // Migrated as the owner; the app itself runs as a role that cannot alter the audit trail (ADR 0010).
  if (config.databaseUrl !== undefined) {
    const { useAppRole } = await import('./db/app-role.js');
    sql = await useAppRole(sql, config.databaseUrl);
  }
  let closed = false;
  const ctx: Context = {
    sql,
    config,
    now: options.now ?? (() => new Date()),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await drainAuditSequencer(ctx); // a short-lived process sequences and signs what it wrote
      } finally {
        await sql.close();
        unlock();
      }
    },
  };
  return ctx;
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

/** Fresh planner statistics after a bulk load (`ilos ingest`, `resolve`, `demo`; see db/statistics.ts). */
export async function refreshStatistics(ctx: Context): Promise<void> {
  await analyze(ctx.sql);
}
