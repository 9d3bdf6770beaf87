-- Stream ingest (issue 8, ADR 0040). Workers consuming ilos.records.<source> keep an in-memory
-- identity index; the journal lets each worker catch up with the records other workers resolved.
-- A row carries the id of the transaction that wrote it, so a reader that remembers the oldest
-- transaction still running at its last read (pg_snapshot_xmin) misses no commit, whatever order
-- concurrent transactions commit in.
create table stream_journal (
  xid xid8 not null default pg_current_xact_id(),
  source_id text not null,
  source_record_id text not null
);
create index stream_journal_by_xid on stream_journal (xid);

-- The highest stream sequence each durable consumer has committed the effects of, written in the
-- same transaction as the effects (RELIABILITY.md §4.5): offsets only move forward.
create table stream_offsets (
  durable text primary key,
  stream_seq bigint not null,
  messages bigint not null default 0,
  updated_at timestamptz not null default now()
);
