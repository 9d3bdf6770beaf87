import postgres from 'postgres';
import { type CopyValue, copyText, type Sql } from './sql.js';

/** Connects to a PostgreSQL server (DATABASE_URL). */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Sql> {
  const client = postgres(url, {
    max: options.max ?? 4,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
  });
  await client`select 1`;
  return wrap(client, async () => {
    await client.end({ timeout: 5 });
  });
}

type Client = postgres.Sql | postgres.TransactionSql;

function wrap(client: Client, close: () => Promise<void>): Sql {
  return {
    kind: 'postgres',
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as Row[];
    },
    async transact<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (!('begin' in client)) return fn(this);
      return (await client.begin((tx) => fn(wrap(tx, async () => {})))) as T;
    },
    async copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]) {
      if (rows.length === 0) return;
      const stream = await client.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
      await new Promise<void>((resolve, reject) => {
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
}
