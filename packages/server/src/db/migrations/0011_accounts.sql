-- Users, sessions and failed logins (ADR 0011). Passwords are argon2id hashes; sessions are stored by the
-- SHA-256 of their token, never the token itself.

create table users (
  id text primary key,
  display_name text not null,
  role text not null check (role in ('analyst', 'adjudicator', 'supervisor', 'auditor', 'admin')),
  password_hash text not null,
  status text not null check (status in ('active', 'disabled')),
  disabled_reason text,
  disabled_at timestamptz,
  locked_at timestamptz,
  created_at timestamptz not null,
  created_by text not null,
  last_login_at timestamptz,
  password_changed_at timestamptz not null,
  failures_since timestamptz
);

create table sessions (
  id text primary key,
  token_sha256 text not null unique,
  user_id text not null references users (id),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  ended_at timestamptz,
  end_reason text,
  component text not null,
  source_ip text not null
);
create index sessions_live on sessions (user_id) where ended_at is null;

-- Failed logins by user id, or for ids that are no user by 'unknown:' and a hash of what was typed (never
-- the text itself: people type passwords into the user field). Both cases do the same work (T9.1 timing).
create table login_failures (
  user_id text not null,
  at timestamptz not null
);
create index login_failures_by_user on login_failures (user_id, at);
