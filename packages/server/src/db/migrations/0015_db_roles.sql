-- Database roles (ADR 0010, RELIABILITY.md §4.3). The migrating role owns every table. The application
-- runs as ilos_app: it reads and writes data, but may only INSERT the writer's columns of the audit trail,
-- never UPDATE, DELETE or TRUNCATE it, and, as a non-owner, cannot ALTER it or disable its triggers.
-- ilos_sequencer may set only the sequencing columns (and the triggers limit even that to unsequenced rows);
-- ilos_auditor reads the audit tables. Roles are created when the migrating role may create roles;
-- otherwise a DBA creates them and this migration only grants.

do $$
declare
  r text;
begin
  foreach r in array array['ilos_app', 'ilos_sequencer', 'ilos_auditor'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      begin
        execute format('create role %I nologin noinherit', r);
      exception
        when duplicate_object or unique_violation then null; -- another database's migration made it meanwhile
        when insufficient_privilege then raise notice 'cannot create role %; ask a DBA to create it', r;
      end;
    end if;
  end loop;
end $$;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'ilos_app') then return; end if;
  execute 'grant usage on schema public to ilos_app, ilos_sequencer, ilos_auditor';
  execute 'grant select, insert, update, delete, truncate on all tables in schema public to ilos_app';
  execute 'grant usage, select on all sequences in schema public to ilos_app';
  execute 'alter default privileges in schema public grant select, insert, update, delete, truncate on tables to ilos_app';
  execute 'alter default privileges in schema public grant usage, select on sequences to ilos_app';

  execute 'revoke insert, update, delete, truncate on audit_log, audit_checkpoints, audit_state from ilos_app';
  execute 'grant insert (at, event_type, component, source_ip, session_id, actor_id, actor_role, purpose,
             target, subjects, fields, outcome, reason, details) on audit_log to ilos_app';

  execute 'grant select on audit_log, audit_checkpoints, audit_state to ilos_sequencer, ilos_auditor';
  execute 'grant update (seq, sequenced_at, prev_hash, leaf_hash) on audit_log to ilos_sequencer';
  execute 'grant update on audit_state to ilos_sequencer';
  execute 'grant insert on audit_checkpoints to ilos_sequencer';
  -- The app switches to the sequencer for the sequencing step only (SET LOCAL ROLE; noinherit otherwise).
  execute 'grant ilos_sequencer to ilos_app';
end $$;
