import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type CopyValue, copyText, type Sql } from './sql.js';

/** Opens the embedded store in a data folder (or in memory with `memory://`). */
export async function openPglite(dataDir: string): Promise<Sql> {
  const db = await PGlite.create(dataDir);
  return wrap(db, async () => {
    await db.close();
  });
}

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(db: Queryable & Partial<Pick<PGlite, 'transaction'>>, close: () => Promise<void>): Sql {
  return {
    kind: 'pglite',
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async transact<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (db.transaction === undefined) return fn(this); // already inside one: PGlite has no nesting
      return db.transaction((tx) => fn(wrap(tx, async () => {})));
    },
    async copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]) {
      if (rows.length === 0) return;
      // PGlite reads COPY input from a virtual file named /dev/blob.
      await db.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
        blob: new Blob([copyText(rows)]),
      });
    },
    async exec(text: string) {
      await db.exec(text);
    },
    close,
  };
}
