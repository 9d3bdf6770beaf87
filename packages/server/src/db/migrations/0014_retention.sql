-- Legal holds and the disposal ledger (ADR 0013). The ledger keeps only the keys of disposed records, so a
-- restore from backup can re-apply the disposals (RELIABILITY.md T13.4).

create table legal_holds (
  id text primary key,
  source_id text not null,
  source_record_id text,
  reason text not null,
  placed_by text not null,
  placed_at timestamptz not null,
  released_by text,
  released_at timestamptz
);
create index legal_holds_live on legal_holds (source_id, source_record_id) where released_at is null;

create table retention_disposals (
  source_id text not null,
  source_record_id text not null,
  run_id text not null,
  disposed_at timestamptz not null,
  primary key (source_id, source_record_id)
);
