import type { Sql } from './sql.js';

/** Bulk-access approvals (migration 0019, ADR 0016). */

export type BulkApprovalRow = {
  id: string;
  kind: 'search' | 'export';
  requestedBy: string;
  purpose: string;
  target: string;
  queryHash: string;
  reason: string;
  requestedAt: Date;
  requestExpiresAt: Date;
  grantedBy: string | null;
  grantedAt: Date | null;
  expiresAt: Date | null;
  usedAt: Date | null;
};

type Row = {
  id: string;
  kind: 'search' | 'export';
  requested_by: string;
  purpose: string;
  target: string;
  query_hash: string;
  reason: string;
  requested_at: Date;
  request_expires_at: Date;
  granted_by: string | null;
  granted_at: Date | null;
  expires_at: Date | null;
  used_at: Date | null;
};

const toApproval = (r: Row): BulkApprovalRow => ({
  id: r.id,
  kind: r.kind,
  requestedBy: r.requested_by,
  purpose: r.purpose,
  target: r.target,
  queryHash: r.query_hash,
  reason: r.reason,
  requestedAt: new Date(r.requested_at),
  requestExpiresAt: new Date(r.request_expires_at),
  grantedBy: r.granted_by,
  grantedAt: r.granted_at === null ? null : new Date(r.granted_at),
  expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
  usedAt: r.used_at === null ? null : new Date(r.used_at),
});

const COLUMNS = `id, kind, requested_by, purpose, target, query_hash, reason, requested_at, request_expires_at,
  granted_by, granted_at, expires_at, used_at`;

export async function insertBulkApproval(
  sql: Sql,
  a: Omit<BulkApprovalRow, 'grantedBy' | 'grantedAt' | 'expiresAt' | 'usedAt'>,
): Promise<void> {
  await sql.query(
    `insert into bulk_approvals (id, kind, requested_by, purpose, target, query_hash, reason, requested_at, request_expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      a.id,
      a.kind,
      a.requestedBy,
      a.purpose,
      a.target,
      a.queryHash,
      a.reason,
      a.requestedAt,
      a.requestExpiresAt,
    ],
  );
}

/** The approval, locked for the rest of the transaction (a grant or a use must not race another). */
export async function findBulkApproval(sql: Sql, id: string): Promise<BulkApprovalRow | undefined> {
  const [row] = await sql.query<Row>(`select ${COLUMNS} from bulk_approvals where id = $1 for update`, [id]);
  return row === undefined ? undefined : toApproval(row);
}

export async function grantBulkApproval(
  sql: Sql,
  g: { id: string; by: string; at: Date; expiresAt: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `update bulk_approvals set granted_by = $2, granted_at = $3, expires_at = $4
      where id = $1 and granted_at is null and requested_by <> $2 returning id`,
    [g.id, g.by, g.at, g.expiresAt],
  );
  return rows.length === 1;
}

/** Marks a granted approval used; false when it was used already (single use). */
export async function useBulkApproval(sql: Sql, id: string, at: Date): Promise<boolean> {
  const rows = await sql.query(
    `update bulk_approvals set used_at = $2 where id = $1 and granted_at is not null and used_at is null returning id`,
    [id, at],
  );
  return rows.length === 1;
}

export async function listBulkApprovals(sql: Sql, options: { open: boolean }): Promise<BulkApprovalRow[]> {
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from bulk_approvals ${options.open ? 'where granted_at is null' : ''}
      order by requested_at, id limit 500`,
  );
  return rows.map(toApproval);
}
