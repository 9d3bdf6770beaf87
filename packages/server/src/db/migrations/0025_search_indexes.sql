-- Person search (ilos person search, POST /api/persons/search) matches current records by family name,
-- A-Number or passport number: without these a search read every current record's JSON (T11.3 measured
-- 65 ms a search at 175,000 records, and reads queued behind the searches). Partial: only current versions.
create index records_current_family on records (upper(payload->>'familyName')) where is_current;
create index records_current_a_number on records ((payload->>'aNumber')) where is_current;
create index records_current_passport on records (upper(payload->>'passportNumber')) where is_current;
