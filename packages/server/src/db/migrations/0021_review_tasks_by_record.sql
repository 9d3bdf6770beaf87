-- Case gates ask, for each of a person's records, whether an identity review about it is open
-- (ADR 0007): the unique (a, b) index serves the lookup by a; this one serves the lookup by b.
create index review_tasks_open_by_b on review_tasks (b) where state = 'open';
