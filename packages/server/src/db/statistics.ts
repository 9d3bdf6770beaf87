import type { Sql } from './sql.js';

/**
 * Fresh planner statistics after a bulk load. PGlite runs no autovacuum, so without this an embedded
 * store never has any; a server's autovacuum may be off or late (ADR 0033: a person read scanned every
 * record until the tables were analysed). On a server the app role owns no table, so PostgreSQL skips
 * them with a notice and its own autovacuum stays in charge.
 */
export async function refreshStatistics(sql: Sql): Promise<void> {
  await sql.exec('analyze');
}
