import postgres from 'postgres';
import { type CopyValue, copyText, type Sql } from './sql.js';

/**
 * Connects to a PostgreSQL server (DATABASE_URL). The pool has `max` connections (default 8: enough
 * in-flight transactions for PostgreSQL's group commit to share each WAL flush on 2 cores).
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Sql> {
  // libpq's convention: ?host=/var/run/postgresql connects over that Unix socket (same machine, and
  // much cheaper per round trip than loopback TCP).
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  if (socketDir?.startsWith('/')) parsed.searchParams.delete('host');
  const client = postgres(parsed.toString(), {
    max: options.max ?? 8,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    ...(socketDir?.startsWith('/') ? { path: `${socketDir}/.s.PGSQL.${parsed.port || 5432}` } : {}),
  });
  await client`select 1`;
  return wrap(client, async () => {
    await client.end({ timeout: 5 });
  });
}

type Client = postgres.Sql | postgres.ReservedSql;

/**
 * The port over a pool or over one connection in a transaction. Round trips are what an audited read
 * costs here (ADR 0010): queries are named prepared statements (postgres.js leaves unsafe() unprepared,
 * which costs a Parse/Describe round trip before every execution), BEGIN goes out in the same packet as
 * the transaction's first query, and `finalQuery` sends the last statement together with COMMIT.
 */
function wrap(client: Client, close: () => Promise<void>, tx?: { committed: boolean }): Sql {
  const query = async <Row>(text: string, params: readonly unknown[] = []) => {
    if (tx?.committed) throw new Error('the transaction has already committed');
    const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
    return rows as unknown as Row[];
  };
  const sql: Sql = {
    kind: 'postgres',
    query,
    async transact<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      // Already inside one: run inline, without finalQuery (only the outermost work may commit).
      if (tx !== undefined) return fn({ ...sql, finalQuery: undefined });
      const pool = client as postgres.Sql;
      const conn = await pool.reserve();
      const state = { committed: false };
      try {
        // Not awaited: BEGIN is written with the first query fn sends (postgres.js batches one tick).
        const began = conn.unsafe('begin').execute();
        began.catch(() => {}); // awaited below
        let value: T;
        try {
          value = await fn(wrap(conn, async () => {}, state));
        } finally {
          await began; // a failed BEGIN fails the transaction whatever fn did
        }
        if (!state.committed) await conn.unsafe('commit');
        state.committed = true;
        return value;
      } catch (error) {
        if (!state.committed) await conn.unsafe('rollback').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    async copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]) {
      if (rows.length === 0) return;
      const copy = client.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`);
      const stream = await copy.writable();
      await new Promise<void>((resolve, reject) => {
        // postgres.js 3.4.9 reports an error that arrives after the data's end (a unique violation) only
        // by rejecting the already-settled query, and never finishes the stream (porsager/postgres#1173):
        // catch it there, or a failed COPY hangs its transaction forever.
        (copy as unknown as { reject: (error: unknown) => void }).reject = reject;
        stream.on('error', reject);
        stream.on('finish', resolve);
        stream.end(copyText(rows));
      });
    },
    async exec(text: string) {
      await client.unsafe(text);
    },
    close,
  };
  if (tx !== undefined) {
    sql.finalQuery = async <Row>(text: string, params: readonly unknown[] = []) => {
      if (tx.committed) throw new Error('the transaction has already committed');
      const last = client
        .unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })
        .execute();
      // COMMIT goes out in the same packet. If the statement failed, PostgreSQL turns it into a ROLLBACK;
      // either way the statement's own error is what the caller sees.
      const commit = client.unsafe('commit').execute();
      tx.committed = true;
      const [rows] = await Promise.all([last, commit]);
      return rows as unknown as Row[];
    };
  }
  return sql;
}
