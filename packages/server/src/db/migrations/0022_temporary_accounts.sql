-- Temporary and emergency accounts (RELIABILITY.md T9.7, CJIS AC-2(2)): an account made with
-- `ilos users add --temporary` ends 72 hours after it was made. Its sessions die at that instant (the
-- session check reads expires_at), and the next sweep (every login, `ilos users sweep`) disables it,
-- audited. Null for ordinary accounts.
alter table users add column expires_at timestamptz;
