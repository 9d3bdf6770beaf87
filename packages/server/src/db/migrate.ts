import { readdirSync, readFileSync } from 'node:fs';
import type { Sql } from './sql.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Applies the numbered plain-SQL migrations not yet recorded in schema_migrations, in order. */
export async function migrate(sql: Sql): Promise<number[]> {
  await sql.exec(
    'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
  );
  const done = new Set(
    (await sql.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
  );
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: number[] = [];
  for (const file of files) {
    const version = Number(file.slice(0, 4));
    if (done.has(version)) continue;
    const text = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
    await sql.transact(async (tx) => {
      await tx.exec(text);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [version, file]);
    });
    applied.push(version);
  }
  return applied;
}
