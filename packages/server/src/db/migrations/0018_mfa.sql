-- Second factor (T9.2, ADR 0015): each user's TOTP secret (base32, shown once at enrolment) and the last
-- RFC 6238 time step accepted from it, so no code is accepted twice. Accounts made before this migration
-- have no secret and cannot log in until an admin runs `ilos users reset-mfa` (ADR 0015: bootstrap).
-- High-risk flag (T9.8): who flagged an account, when and why; the flag also disables the account.
alter table users
  add column totp_secret text,
  add column totp_last_step integer,
  add column flagged_at timestamptz,
  add column flagged_by text,
  add column flag_reason text;
