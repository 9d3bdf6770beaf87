-- Sources, records with their versions, ingest runs (receipts) and the quarantine.

create table sources (
  id text primary key,
  name text not null,
  authority text not null,
  retention_years integer not null check (retention_years > 0),
  record_types jsonb not null,
  created_at timestamptz not null default now()
);

create table ingest_runs (
  id text primary key,
  source_id text not null references sources (id),
  file_name text not null,
  file_sha256 text not null,
  file_bytes bigint not null,
  state text not null check (state in ('running', 'applied', 'duplicate', 'refused')),
  accepted integer not null default 0,
  duplicates integer not null default 0,
  versions integer not null default 0,
  quarantined integer not null default 0,
  reasons jsonb not null default '{}',
  refusal text,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index ingest_runs_by_file on ingest_runs (source_id, file_sha256);

-- One row per version of a source record. Identity is (source_id, source_record_id); a changed
-- payload is a new version; the current version is the one with the highest source_version,
-- then the latest arrival (is_current is kept in step by the repository).
-- No foreign keys here: they cost a lookup per row on the hottest insert path, and sources and
-- ingest runs are never deleted (the repository writes both in one transaction).
create table records (
  source_id text not null,
  source_record_id text not null,
  version integer not null,
  source_version integer not null,
  record_type text not null,
  content_sha256 text not null,
  payload jsonb not null,
  ingest_run_id text not null,
  line integer not null,
  is_current boolean not null,
  received_at timestamptz not null default now(),
  primary key (source_id, source_record_id, version)
);

-- A record that could not be stored, with why and where. The raw text is kept for the ingest
-- administrator, except for refused protected-category data, which is never stored.
create table quarantine (
  source_id text not null,
  file_sha256 text not null,
  line integer not null,
  byte_offset bigint not null,
  ingest_run_id text not null,
  reason_code text not null,
  field text,
  message text not null,
  raw text,
  created_at timestamptz not null default now(),
  primary key (source_id, file_sha256, line)
);
