-- Oversight detectors (RELIABILITY.md T8.5, ADR 0019): what the self-lookup, same-surname and VIP-flag
-- detectors of the oversight report compare audit rows with. Each change is audited.
-- The family name on a user's account (set by an admin), for same-surname lookups.
alter table users add column family_name text;

-- Person records that are a user's own (an admin links them): a read of one is a self-lookup.
create table user_person_links (
  user_id text not null references users (id),
  person_id text not null,
  linked_by text not null,
  linked_at timestamptz not null,
  primary key (user_id, person_id)
);

-- The VIP / sensitive-person flag list, kept by supervisors: any access to a flagged person alerts. It
-- protects the people on it (public figures, staff, their families); it ranks and targets no one.
create table sensitive_persons (
  person_id text primary key,
  reason text not null,
  flagged_by text not null,
  flagged_at timestamptz not null
);
