-- Audit retention by redaction (RELIABILITY.md T13.2, ADR 0014). Past the retention schedule (never less
-- than a year), an entry's personal columns are blanked; its seq, times, chain hash and Merkle leaf hash
-- stay, so the chain and every signed checkpoint still verify. The redaction is itself an audit entry
-- (audit.redact, details.throughSeq) that verify requires to cover every redacted entry.

alter table audit_log add column redacted_at timestamptz;

-- The guard now allows exactly two updates: sequencing an unsequenced row, and redacting a sequenced one.
create or replace function audit_guard_update() returns trigger language plpgsql as $$
begin
  if old.seq is not null then
    if old.redacted_at is not null then
      raise exception 'audit entry % is already redacted', old.seq using errcode = 'insufficient_privilege';
    end if;
    if new.redacted_at is null
       or row(new.id, new.seq, new.at, new.sequenced_at, new.event_type, new.component, new.actor_role, new.purpose,
              new.outcome, new.prev_hash, new.leaf_hash)
          is distinct from
          row(old.id, old.seq, old.at, old.sequenced_at, old.event_type, old.component, old.actor_role, old.purpose,
              old.outcome, old.prev_hash, old.leaf_hash)
       or row(new.source_ip, new.session_id, new.actor_id, new.target, new.subjects, new.fields, new.reason, new.details)
          is distinct from
          row('[redacted]'::text, null::text, '[redacted]'::text, null::text, '{}'::text[], '{}'::text[], null::text, '{}'::text) then
      raise exception 'audit entry % is sequenced and cannot change (only redaction blanks its personal columns)', old.seq
        using errcode = 'insufficient_privilege';
    end if;
    return new;
  end if;
  if new.redacted_at is not null then
    raise exception 'an unsequenced audit row cannot be redacted' using errcode = 'insufficient_privilege';
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

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'ilos_redactor') then
    begin
      execute 'create role ilos_redactor nologin noinherit';
    exception
      when duplicate_object or unique_violation then null;
      when insufficient_privilege then raise notice 'cannot create role ilos_redactor; ask a DBA to create it';
    end;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'ilos_redactor')
     or not exists (select 1 from pg_roles where rolname = 'ilos_app') then
    return;
  end if;
  execute 'grant usage on schema public to ilos_redactor';
  execute 'grant select on audit_log to ilos_redactor';
  execute 'grant update (source_ip, session_id, actor_id, target, subjects, fields, reason, details, redacted_at)
             on audit_log to ilos_redactor';
  -- The retention job switches to it for the redaction step only (SET LOCAL ROLE).
  execute 'grant ilos_redactor to ilos_app';
  execute 'grant select, insert, delete on disclosures, disclosure_records, disclosure_notices to ilos_app';
end $$;
