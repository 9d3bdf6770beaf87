-- Removal cases (RULES.md §7; ADR 0020): the case, every attempt to move it (allowed or refused, with
-- who, why and the gate findings), the second-person approvals adverse steps wait for, and the notices
-- queued for counsel of record. Rows are only ever inserted, except the case's current state and an
-- approval's decision.

create table cases (
  id text primary key,
  person_id text not null,
  -- One active case per person per matter (RELIABILITY.md T4.2).
  matter text not null default 'removal',
  state text not null,
  overlays text[] not null default '{}',
  ij_outcome text,
  nta_served_on date,
  hearing_on date,
  notice_served_on date,
  appeal_deadline date,
  vd_depart_by date,
  active boolean not null,
  -- Optimistic concurrency: every change bumps it; an update that finds another version loses.
  version integer not null,
  opened_by text not null,
  opened_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index cases_one_active_per_matter on cases (person_id, matter) where active;
create index cases_by_state on cases (state) where active;
create index cases_by_person on cases (person_id);

create table case_events (
  id serial primary key,
  case_id text not null references cases (id),
  at timestamptz not null,
  -- The day the gates were checked for (the end of that day, RULES.md C1).
  as_of date not null,
  actor_id text not null,
  actor_role text,
  action text not null check (action in ('open', 'transition', 'approve', 'decline')),
  transition text,
  from_state text not null,
  to_state text,
  outcome text not null check (outcome in ('opened', 'applied', 'pending_approval', 'approved', 'declined', 'refused')),
  reason text not null,
  -- The findings that stopped the step (empty when it went through), each with its records.
  blockers jsonb not null default '[]',
  -- Every finding present when the step was checked, blocking or not.
  findings jsonb not null default '[]',
  details jsonb not null default '{}',
  approval_id text
);
create index case_events_by_case on case_events (case_id, id);

create table case_approvals (
  id text primary key,
  case_id text not null references cases (id),
  transition text not null,
  from_state text not null,
  details jsonb not null,
  requested_by text not null,
  requested_at timestamptz not null,
  request_event_id integer not null,
  status text not null check (status in ('pending', 'approved', 'declined', 'superseded')),
  decided_by text,
  decided_at timestamptz,
  decision_reason text
);
create unique index case_approvals_one_pending on case_approvals (case_id) where status = 'pending';

-- A notice to counsel of record for each step of the case; ilos queues it, something else delivers it.
create table counsel_notifications (
  id serial primary key,
  case_id text not null references cases (id),
  case_event_id integer not null references case_events (id),
  approval_id text,
  person_id text not null,
  -- The counsel appearance (EOIR-28 / G-28) as '<source>:<sourceRecordId>'.
  counsel_record text not null,
  counsel_name text not null,
  counsel_bar_number text,
  form text not null,
  subject text not null,
  created_at timestamptz not null,
  delivery text not null default 'queued' check (delivery in ('queued'))
);
create index counsel_notifications_by_case on counsel_notifications (case_id, id);
