-- Disputes about records (Privacy Act amendment requests, ADR 0013). The statement is the person's own
-- words and is shown wherever the record is shown; it never goes into the audit trail.

create table redress_requests (
  id text primary key,
  source_id text not null,
  source_record_id text not null,
  fields text[] not null default '{}',
  statement text not null,
  requester text not null check (requester in ('subject', 'counsel', 'agency')),
  status text not null check (status in ('open', 'acknowledged', 'resolved')),
  received_on date not null,
  acknowledge_by date not null,
  decide_by date not null,
  appeal_by date,
  opened_by text not null,
  opened_at timestamptz not null,
  acknowledged_by text,
  acknowledged_at timestamptz,
  resolution text check (resolution in ('amended', 'denied', 'withdrawn')),
  resolution_note text,
  resolved_by text,
  resolved_at timestamptz,
  correction_version integer
);
create index redress_by_record on redress_requests (source_id, source_record_id);
create index redress_unresolved on redress_requests (status) where status <> 'resolved';
