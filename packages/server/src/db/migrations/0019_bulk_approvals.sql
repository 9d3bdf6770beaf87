-- Bulk-access approvals (RELIABILITY.md T8.4, ADR 0016): a search or export beyond the bulk limit is
-- requested by one user, for one purpose, target and query, and granted by a different supervisor; an
-- approval is used once and lapses if it is not granted or not used in time.
create table bulk_approvals (
  id text primary key,
  kind text not null check (kind in ('search', 'export')),
  requested_by text not null references users (id),
  purpose text not null,
  target text not null,
  -- The hash of the minimised query (the same hashes the audit row keeps), so an approval covers one query.
  query_hash text not null,
  reason text not null,
  requested_at timestamptz not null,
  request_expires_at timestamptz not null,
  granted_by text references users (id),
  granted_at timestamptz,
  expires_at timestamptz,
  used_at timestamptz,
  check (granted_by is null or granted_by <> requested_by)
);
create index bulk_approvals_open on bulk_approvals (requested_at) where granted_at is null;
