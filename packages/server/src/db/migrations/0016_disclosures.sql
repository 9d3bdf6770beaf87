-- The accounting of disclosures (Privacy Act 5 U.S.C. 552a(c); RELIABILITY.md T12.1): one row per
-- disclosure outside the agency, with its date, nature, purpose, recipient (name and address or contact),
-- the routine use it was made under and the records it carried. Rows are kept at least five years after
-- the disclosure and for the life of the records (the retention job removes them only after both).
-- The person a record belonged to is kept with it, so the accounting outlives the record itself.

create table disclosures (
  id text primary key,
  disclosed_at timestamptz not null,
  nature text not null check (nature in ('export', 'share', 'api')),
  purpose text not null,
  routine_use text not null,
  -- (b)(7): a written request from a law-enforcement agency; withheld from the individual's access report.
  law_enforcement boolean not null,
  recipient_name text not null check (length(recipient_name) > 0),
  recipient_contact text not null check (length(recipient_contact) > 0),
  disclosed_by text not null
);

create table disclosure_records (
  disclosure_id text not null references disclosures (id) on delete cascade,
  source_id text not null,
  source_record_id text not null,
  person_id text,
  primary key (disclosure_id, source_id, source_record_id)
);
create index disclosure_records_by_record on disclosure_records (source_id, source_record_id);
create index disclosure_records_by_person on disclosure_records (person_id);

-- An accepted amendment is notified to every earlier recipient of the record (552a(c)(4), T12.2).
create table disclosure_notices (
  disclosure_id text not null references disclosures (id) on delete cascade,
  redress_id text not null,
  source_id text not null,
  source_record_id text not null,
  created_at timestamptz not null,
  primary key (disclosure_id, redress_id, source_id, source_record_id)
);
