-- The audit trail (ADR 0010). Writers insert unsequenced rows in the same transaction as the data they
-- record; the sequencer gives each row its seq, chain hash and RFC 6962 leaf hash, and signs checkpoints.
-- Rows are append-only: triggers refuse UPDATE (except that one sequencing step), DELETE and TRUNCATE,
-- on PGlite and PostgreSQL alike; on PostgreSQL the app role also lacks the privileges (0015).

create table audit_log (
  id bigint generated always as identity primary key,
  seq bigint unique,
  at timestamptz not null,
  sequenced_at timestamptz,
  event_type text not null,
  component text not null,
  source_ip text not null,
  session_id text,
  actor_id text not null,
  actor_role text not null,
  purpose text,
  target text,
  subjects text[] not null default '{}',
  fields text[] not null default '{}',
  outcome text not null check (outcome in ('success', 'denied', 'failure')),
  reason text,
  details text not null default '{}',
  prev_hash text,
  leaf_hash text,
  check ((seq is null) = (leaf_hash is null)),
  check ((seq is null) = (prev_hash is null)),
  check ((seq is null) = (sequenced_at is null))
);
create index audit_log_unsequenced on audit_log (id) where seq is null;
create index audit_log_at on audit_log (at);
create index audit_log_actor on audit_log (actor_id, at);
create index audit_log_subjects on audit_log using gin (subjects);

-- Signed tree heads (C2SP checkpoints). The note is the signed text; size and root repeat it for queries.
create table audit_checkpoints (
  tree_size bigint primary key,
  root_hash text not null,
  note text not null,
  signed_at timestamptz not null
);

-- Where the sequencer stands: one row. Derived from the log (verify recomputes it), so a change to it
-- can only make later checkpoints disagree with the log, which verify reports.
create table audit_state (
  id boolean primary key default true check (id),
  log_id text not null,
  tree_size bigint not null,
  frontier text not null,
  last_leaf_hash text not null,
  last_checkpoint_size bigint not null default 0,
  last_checkpoint_at timestamptz
);
insert into audit_state (log_id, tree_size, frontier, last_leaf_hash)
  values (replace(gen_random_uuid()::text, '-', ''), 0, '[]', repeat('0', 64));

create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the audit trail is append-only: % on % is refused', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end $$;

-- Writers insert unsequenced rows only: sequencing is the sequencer's alone.
create function audit_guard_insert() returns trigger language plpgsql as $$
begin
  if new.seq is not null or new.leaf_hash is not null or new.prev_hash is not null or new.sequenced_at is not null then
    raise exception 'audit rows are inserted unsequenced' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;

-- The one allowed update: sequencing an unsequenced row, which sets seq, sequenced_at, prev_hash and
-- leaf_hash and nothing else.
create function audit_guard_update() returns trigger language plpgsql as $$
begin
  if old.seq is not null then
    raise exception 'audit entry % is sequenced and cannot change', old.seq using errcode = 'insufficient_privilege';
  end if;
  if new.seq is null or new.leaf_hash is null or new.prev_hash is null or new.sequenced_at is null then
    raise exception 'an audit row may only be updated to sequence it' using errcode = 'insufficient_privilege';
  end if;
  if row(new.id, new.at, new.event_type, new.component, new.source_ip, new.session_id, new.actor_id,
         new.actor_role, new.purpose, new.target, new.subjects, new.fields, new.outcome, new.reason, new.details)
     is distinct from
     row(old.id, old.at, old.event_type, old.component, old.source_ip, old.session_id, old.actor_id,
         old.actor_role, old.purpose, old.target, old.subjects, old.fields, old.outcome, old.reason, old.details) then
    raise exception 'sequencing may not change what an audit row says' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;

-- The sequencer's state only moves forward, and the log keeps its identity.
create function audit_guard_state() returns trigger language plpgsql as $$
begin
  if new.tree_size < old.tree_size or new.log_id <> old.log_id or new.last_checkpoint_size < old.last_checkpoint_size then
    raise exception 'the audit sequencer state only moves forward' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;

create trigger audit_log_insert before insert on audit_log for each row execute function audit_guard_insert();
create trigger audit_log_no_update before update on audit_log for each row execute function audit_guard_update();
create trigger audit_log_no_delete before delete on audit_log for each row execute function audit_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_refuse_change();
create trigger audit_checkpoints_no_update before update or delete on audit_checkpoints for each row execute function audit_refuse_change();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints for each statement execute function audit_refuse_change();
create trigger audit_state_forward before update on audit_state for each row execute function audit_guard_state();
create trigger audit_state_no_delete before delete on audit_state for each row execute function audit_refuse_change();
create trigger audit_state_no_truncate before truncate on audit_state for each statement execute function audit_refuse_change();
