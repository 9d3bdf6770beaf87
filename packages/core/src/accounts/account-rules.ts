import { dictionary } from '@zxcvbn-ts/language-common';
import type { Role } from '../access/policy.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * Account and session rules (RELIABILITY.md T9; CJIS 5.5/5.6; NIST SP 800-63B), as values and pure
 * functions, so the clock is always an argument.
 */
export const ACCOUNT_RULES = {
  /** Consecutive failed logins within the window that lock an account until an admin unlocks it. */
  maxFailedLogins: 5,
  failureWindowMs: 15 * 60_000,
  /** No login for this long disables the account (AC-2(3)). */
  inactivityMs: 90 * 24 * 3600_000,
  /** Session idle timeout; shorter for admins (T9.3). */
  idleMs: 30 * 60_000,
  adminIdleMs: 15 * 60_000,
  /** Absolute session lifetime. */
  absoluteMs: 12 * 3600_000,
  /**
   * A sensitive action (`stepUp` in the access policy) needs the user to have proved a factor — logged
   * in, or stepped up with a fresh TOTP code — within this window (T9.3, ADR 0021).
   */
  stepUpFreshMs: 5 * 60_000,
  /** A temporary or emergency account ends this long after it was made (T9.7). */
  temporaryAccountMs: 72 * 3600_000,
  minPasswordLength: 8,
  maxPasswordLength: 256,
} as const;

/**
 * The breached-password list (T9.5, 800-63B §3.1.1.2): the 49,233 passwords most often seen in breach
 * corpora, most common first, as zxcvbn ships them (`passwords-common`, lower case). The top 3,000 are its
 * head. Built on first use, so a process that never checks a password never builds the set.
 */
let breached: ReadonlySet<string> | undefined;
export function breachedPasswords(): ReadonlySet<string> {
  breached ??= new Set(dictionary['passwords-common']);
  return breached;
}

/**
 * Length is the rule (800-63B §3.1.1.2): at least 8 characters, no composition rules, spaces and any
 * Unicode kept verbatim, and not a password from the breached list (any case) or the user's own id.
 */
export function checkPassword(password: string, userId: string): Result<string, string> {
  const length = [...password].length;
  if (length < ACCOUNT_RULES.minPasswordLength) {
    return err(`a password needs at least ${ACCOUNT_RULES.minPasswordLength} characters`);
  }
  if (length > ACCOUNT_RULES.maxPasswordLength) {
    return err(`a password may have at most ${ACCOUNT_RULES.maxPasswordLength} characters`);
  }
  const folded = password.toLowerCase(); // the list is lower case: 'PassWord1' is 'password1'
  if (breachedPasswords().has(folded) || folded === userId.toLowerCase()) {
    return err('that password is too easy to guess; choose a longer phrase');
  }
  return ok(password);
}

export const USER_ID_PATTERN = /^[a-z][a-z0-9._-]{1,39}$/;

export type SessionFacts = {
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  role: Role;
  userStatus: 'active' | 'disabled';
  lockedAt: Date | null;
  /** When a temporary account ends (T9.7); null or absent for an ordinary account. */
  userExpiresAt?: Date | null;
};

export type SessionState = 'active' | 'ended' | 'idle' | 'expired' | 'user_disabled' | 'user_locked';

/** Whether a session may still act at `now`: not ended, not idle past its timeout, not past 12 h. */
export function sessionState(session: SessionFacts, now: Date): SessionState {
  if (session.endedAt !== null) return 'ended';
  if (session.userStatus !== 'active') return 'user_disabled';
  if (session.userExpiresAt != null && now.getTime() >= session.userExpiresAt.getTime())
    return 'user_disabled';
  if (session.lockedAt !== null) return 'user_locked';
  if (now.getTime() - session.createdAt.getTime() > ACCOUNT_RULES.absoluteMs) return 'expired';
  const idle = session.role === 'admin' ? ACCOUNT_RULES.adminIdleMs : ACCOUNT_RULES.idleMs;
  if (now.getTime() - session.lastSeenAt.getTime() > idle) return 'idle';
  return 'active';
}

/** Whether the failures since the last success lock the account (5 within 15 minutes, T9.1). */
export function shouldLock(failures: readonly Date[], now: Date): boolean {
  const since = now.getTime() - ACCOUNT_RULES.failureWindowMs;
  return failures.filter((at) => at.getTime() >= since).length >= ACCOUNT_RULES.maxFailedLogins;
}

/** Whether an account unused since `lastActive` is past the inactivity limit at `now`. */
export function isInactive(lastActive: Date, now: Date): boolean {
  return now.getTime() - lastActive.getTime() > ACCOUNT_RULES.inactivityMs;
}
