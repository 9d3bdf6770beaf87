/**
 * The one port to the database: PGlite (embedded) and a PostgreSQL server behind the same two methods,
 * so every repository runs unchanged on both (ADR 0002). Rules for portable SQL: no int8/numeric
 * columns returned without a cast to int or text; legal dates selected as to_char(d, 'YYYY-MM-DD');
 * jsonb parameters passed as text and cast with `$n::text::jsonb`.
 */
export interface Sql {
  readonly kind: 'pglite' | 'postgres';
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transact<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, with no parameters (migrations). */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}
