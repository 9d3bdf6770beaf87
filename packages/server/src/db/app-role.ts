import { openPostgres } from './open-postgres.js';
import type { Sql } from './sql.js';

/** The role the application's queries run as on PostgreSQL (migration 0015, ADR 0010). */
export const APP_ROLE = 'ilos_app';

/**
 * After migrating as the owner, reopens the connection pool as the non-owner app role, so the database
 * itself refuses UPDATE, DELETE and TRUNCATE of the audit trail. When the connecting user already is the
 * app role (a production login), or may not become it, the pool is kept as it is.
 */
export async function useAppRole(sql: Sql, url: string): Promise<Sql> {
  const [row] = await sql.query<{ current: string; possible: boolean }>(
    `select current_user::text as current,
            exists (select 1 from pg_roles where rolname = $1) and pg_has_role(session_user, $1, 'MEMBER') as possible`,
    [APP_ROLE],
  );
  if (row === undefined || row.current === APP_ROLE || !row.possible) return sql;
  const asApp = new URL(url);
  asApp.searchParams.set('role', APP_ROLE); // a startup parameter: every pooled connection runs as the role
  const reopened = await openPostgres(asApp.toString());
  await sql.close();
  return reopened;
}
