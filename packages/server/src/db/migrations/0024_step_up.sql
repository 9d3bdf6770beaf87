-- Step-up re-authentication (RELIABILITY.md T9.3, ADR 0018): when the session's user last proved a
-- factor — at login (null: created_at) or at a step-up, which also gives the session a new token.
-- Sensitive actions need it within the last 5 minutes.
alter table sessions add column authenticated_at timestamptz;
