/**
 * Test support: the PostgreSQL server's own log, when this process can read it. Debian's pg_ctlcluster
 * writes the server's stderr to /var/log/postgresql/postgresql-<cluster>.log (or the logging collector
 * writes pg_current_logfile()); log_line_prefix must name the database (%d) so a test finds its own lines.
 * Used by the T10.4 SQL-injection corpus and the T5.11 privilege test. Test-only.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import postgres from 'postgres';
import { postgresTestUrl } from './test-support.js';

export type ServerLog = { file: string; db: string } | { skip: string };

/**
 * The server's log file when this process can read it, or why not. The settings are read as the
 * test's admin user (the app role may not see them); `db` is the database of the store under test.
 */
export async function serverLog(db: string): Promise<ServerLog> {
  const target = postgresTestUrl();
  if ('skip' in target) return target;
  const admin = postgres(target.url, { max: 1, onnotice: () => {} });
  let row: { file: string | null; dir: string; cluster: string; prefix: string } | undefined;
  try {
    [row] = await admin.unsafe<{ file: string | null; dir: string; cluster: string; prefix: string }[]>(
      `select pg_current_logfile() as file, current_setting('data_directory') as dir,
              current_setting('cluster_name') as cluster, current_setting('log_line_prefix') as prefix`,
    );
  } catch (error) {
    return { skip: `the log settings are not readable: ${(error as Error).message}` };
  } finally {
    await admin.end();
  }
  if (row === undefined) return { skip: 'no settings' };
  if (!row.prefix.includes('%d'))
    return { skip: `log_line_prefix '${row.prefix}' does not name the database` };
  const file =
    row.file !== null
      ? row.file.startsWith('/')
        ? row.file
        : `${row.dir}/${row.file}`
      : `/var/log/postgresql/postgresql-${row.cluster.replace('/', '-')}.log`;
  try {
    closeSync(openSync(file, 'r'));
  } catch (error) {
    return { skip: `the server log ${file} is not readable here: ${(error as Error).message}` };
  }
  return { file, db };
}

/**
 * Whether the log can be checked: under CI=true an unreadable log fails the test; elsewhere the check
 * is skipped with a printed reason.
 */
export function logReadable(log: ServerLog, label: string): log is { file: string; db: string } {
  if (!('skip' in log)) return true;
  // biome-ignore lint/style/noProcessEnv: test support, like test-support.ts (CI=true makes a missing service fail)
  if (process.env.CI === 'true') throw new Error(`[${label}] server log not readable: ${log.skip}`);
  console.warn(`[${label}] server log not checked: ${log.skip}`);
  return false;
}

export const logSize = (file: string) => statSync(file).size;

/** The log's text appended since byte `from`. */
function textSince(file: string, from: number): string {
  const size = logSize(file);
  if (size <= from) return '';
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The ERROR lines of database `db` appended to the log since byte `from`. */
export function errorLines(file: string, db: string, from: number): string[] {
  return textSince(file, from)
    .split('\n')
    .filter((line) => line.includes(`@${db} ERROR:`));
}

/**
 * The errors of database `db` logged since byte `from`, each with the statement that caused it (the
 * STATEMENT line the same backend logs next, log_min_error_statement = error, the default).
 */
export function loggedErrors(
  file: string,
  db: string,
  from: number,
): { error: string; statement?: string }[] {
  const found: { error: string; statement?: string }[] = [];
  const open = new Map<string, { error: string; statement?: string }>();
  const line = /^\S+ \S+ \S+ \[(\d+)\] \S*@(\S+) (ERROR|STATEMENT): {2}(.*)$/;
  for (const text of textSince(file, from).split('\n')) {
    const m = line.exec(text);
    if (m === null || m[2] !== db) continue;
    const [, pid, , kind, message] = m as unknown as [string, string, string, string, string];
    if (kind === 'ERROR') {
      const entry = { error: message };
      found.push(entry);
      open.set(pid, entry);
    } else {
      const entry = open.get(pid);
      if (entry !== undefined) entry.statement = message;
      open.delete(pid);
    }
  }
  return found;
}
