import type { AppErrorCode } from '@ilos/core';

/**
 * Exit codes of `ilos` (documented in README and `ilos --help`).
 * 0 success; 1 a check found a problem (audit verify: tampered); 2 bad input or usage;
 * 4 not found; 5 conflict; 6 forbidden; 69 unavailable (the audit trail cannot be written, so nothing was
 * served or stored: try again once it is fixed, ADR 0018); 70 internal error (a bug: the stack trace is printed).
 */
export const EXIT = {
  ok: 0,
  checkFailed: 1,
  invalidInput: 2,
  notFound: 4,
  conflict: 5,
  forbidden: 6,
  unavailable: 69,
  internal: 70,
} as const;

export const EXIT_FOR_ERROR: Record<AppErrorCode, number> = {
  invalid_input: EXIT.invalidInput,
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
  forbidden: EXIT.forbidden,
  unavailable: EXIT.unavailable,
};
