import type { Source } from '@ilos/core';
import type { Sql } from './sql.js';

type SourceRow = {
  id: string;
  name: string;
  authority: string;
  retention_years: number;
  record_types: Source['recordTypes'];
};

const toSource = (row: SourceRow): Source => ({
  id: row.id,
  name: row.name,
  authority: row.authority,
  retentionYears: row.retention_years,
  recordTypes: row.record_types,
});

/** Registers a source, or replaces its registration when the id exists. */
export async function saveSource(sql: Sql, source: Source): Promise<void> {
  await sql.query(
    `insert into sources (id, name, authority, retention_years, record_types) values ($1, $2, $3, $4, $5::text::jsonb)
     on conflict (id) do update set name = excluded.name, authority = excluded.authority,
       retention_years = excluded.retention_years, record_types = excluded.record_types`,
    [source.id, source.name, source.authority, source.retentionYears, JSON.stringify(source.recordTypes)],
  );
}

/** Registers the given sources where their ids are not registered yet; leaves existing ones as they are. */
export async function seedSources(sql: Sql, sources: readonly Source[]): Promise<void> {
  for (const source of sources) {
    await sql.query(
      `insert into sources (id, name, authority, retention_years, record_types) values ($1, $2, $3, $4, $5::text::jsonb)
       on conflict (id) do nothing`,
      [source.id, source.name, source.authority, source.retentionYears, JSON.stringify(source.recordTypes)],
    );
  }
}

export async function listSources(sql: Sql): Promise<Source[]> {
  const rows = await sql.query<SourceRow>(
    'select id, name, authority, retention_years, record_types from sources order by id',
  );
  return rows.map(toSource);
}

export async function findSource(sql: Sql, id: string): Promise<Source | undefined> {
  const rows = await sql.query<SourceRow>(
    'select id, name, authority, retention_years, record_types from sources where id = $1',
    [id],
  );
  return rows[0] === undefined ? undefined : toSource(rows[0]);
}
