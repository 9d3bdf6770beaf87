-- Persons: clusters of records judged to be one human, with stable ids, the links that hold them
-- together (with evidence), the review queue, merge/split events, and each person's derived status.

create table persons (
  person_id text primary key,
  created_at timestamptz not null default now(),
  -- Set when a merge retired this id; the id is never reused.
  merged_into text
);

-- A record's key elsewhere is source_id || ':' || source_record_id; here it is split so the
-- join to records uses records' primary key.
create table person_records (
  source_id text not null,
  source_record_id text not null,
  person_id text not null,
  primary key (source_id, source_record_id)
);
create index person_records_by_person on person_records (person_id);

create table identity_links (
  a text not null,
  b text not null,
  person_id text not null,
  strength text not null check (strength in ('deterministic', 'confirmed', 'probable', 'possible')),
  decided_by text not null,
  rule text,
  probability double precision not null,
  weight double precision not null,
  evidence jsonb not null,
  primary key (a, b)
);
create index identity_links_by_person on identity_links (person_id);

create table review_tasks (
  task_id text primary key,
  a text not null,
  b text not null,
  reason text not null,
  detail text not null,
  probability double precision not null,
  weight double precision not null,
  evidence jsonb not null,
  state text not null default 'open' check (state in ('open', 'decided', 'obsolete')),
  decision text check (decision in ('same', 'different')),
  decision_reason text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  unique (a, b)
);

-- Merges, splits and creations of persons, with who (or which rule) and why.
create table person_events (
  seq serial primary key,
  person_id text not null,
  kind text not null check (kind in ('created', 'merged', 'split', 'retired')),
  detail jsonb not null,
  actor text not null,
  reason text not null,
  at timestamptz not null default now()
);
create index person_events_by_person on person_events (person_id);

-- The fitted Fellegi–Sunter model used for incremental resolution between batch runs.
create table link_models (
  id serial primary key,
  fitted_at timestamptz not null default now(),
  records integer not null,
  model jsonb not null
);

create table person_status (
  person_id text primary key,
  as_of date not null,
  status text not null,
  -- True only when every link of the person is deterministic or confirmed (DESIGN.md §2).
  identity_confirmed boolean not null,
  -- Country of citizenship as most of the person's records give it (for reports by country).
  nationality text,
  report jsonb not null,
  timeline jsonb not null,
  events jsonb not null,
  computed_at timestamptz not null default now()
);
create index person_status_by_status on person_status (status);
