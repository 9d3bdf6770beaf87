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
  /**
   * Inside the outermost transaction only: runs its last statement and commits with it, in one round
   * trip where the store allows (PostgreSQL). Nothing may run in the transaction after it; if the
   * statement fails, nothing commits and its error is thrown. Absent: use query, and transact commits.
   */
  finalQuery?:
    | (<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<Row[]>)
    | undefined;
  /**
   * Appends rows to a table with COPY, the fastest bulk path on both stores (ADR 0006). Values are
   * strings, numbers, booleans or null; the caller handles conflicts (COPY cannot skip them).
   */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void>;
  /** Runs several statements separated by semicolons, with no parameters (migrations). */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

export type CopyValue = string | number | boolean | null;

/** Rows as PostgreSQL COPY text: tab-separated, \N for null, backslash escapes for the rest. */
export function copyText(rows: readonly (readonly CopyValue[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (i > 0) out += '\t';
      out += value === null || value === undefined ? '\\N' : escapeCopy(String(value));
    }
    out += '\n';
  }
  return out;
}

function escapeCopy(text: string): string {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}
