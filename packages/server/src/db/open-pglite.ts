import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgliteTemplate } from './pglite-template.js';
import { type CopyValue, copyText, type Sql } from './sql.js';

/**
 * Opens the embedded store in a data folder (or in memory with `memory://`). A new folder starts from
 * the machine's initdb template when there is one; when there is not, initdb runs and its result is
 * kept as the template for the next new store (ADR 0008).
 */
export async function openPglite(dataDir: string, options: { template?: PgliteTemplate } = {}): Promise<Sql> {
  const template = options.template;
  const fresh =
    template !== undefined && !dataDir.startsWith('memory://') && !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh && !template.copyInto(dataDir)) {
    // No template yet: initdb runs here, and the closed folder becomes the template.
    await (await PGlite.create(dataDir)).close();
    template.keep(dataDir);
  }
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
