-- Who is assigned to which case, task or dispute, and break-glass grants with their reviews (ADR 0012).

create table access_assignments (
  user_id text not null references users (id),
  target text not null,
  assigned_by text not null,
  assigned_at timestamptz not null,
  revoked_by text,
  revoked_at timestamptz
);
create unique index access_assignments_live on access_assignments (user_id, target) where revoked_at is null;

create table break_glass_grants (
  id text primary key,
  user_id text not null references users (id),
  purpose text not null,
  target text not null,
  justification text not null,
  opened_at timestamptz not null,
  expires_at timestamptz not null,
  review_due timestamptz not null,
  reviewed_by text,
  reviewed_at timestamptz,
  review_outcome text check (review_outcome in ('justified', 'misuse')),
  review_note text
);
create index break_glass_live on break_glass_grants (user_id, target, expires_at);
