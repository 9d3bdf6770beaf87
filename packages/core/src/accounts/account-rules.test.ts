import { describe, expect, it } from 'vitest';
import {
  breachedPasswords,
  checkPassword,
  isInactive,
  type SessionFacts,
  sessionState,
  shouldLock,
} from './account-rules.js';

const t0 = new Date('2026-06-30T12:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('account rules (T9)', () => {
  it('T9.5: a 7-character password is refused; 64 characters with spaces and Unicode are kept verbatim', () => {
    const long = 'correct horse battery staple — ünïcödé ☃ and more words to make 64';
    expect(checkPassword('seven77', 'ana').ok).toBe(false);
    expect(checkPassword('password', 'ana').ok).toBe(false);
    expect(checkPassword(long.slice(0, 64), 'ana')).toEqual({ ok: true, value: long.slice(0, 64) });
  });

  it('T9.5: every password of the top 3,000 and of the breached list is refused, in any case', () => {
    const list = [...breachedPasswords()];
    const long = list.filter((p) => [...p].length >= 8); // shorter ones are refused for length anyway
    const top3000 = list.slice(0, 3000);

    expect(list.length).toBeGreaterThan(40_000);
    expect(long.length).toBeGreaterThan(3000);
    for (const p of [...top3000, ...long]) expect(checkPassword(p, 'ana').ok, p).toBe(false);
    expect(checkPassword('PassWord123', 'ana')).toEqual({
      ok: false,
      error: 'that password is too easy to guess; choose a longer phrase',
    });
    expect(checkPassword('TRUSTNO1', 'ana').ok).toBe(false);
  });

  it('T9.5: no composition rules: a strong passphrase of lower-case words is accepted', () => {
    for (const phrase of [
      'lantern orbit cactus meadow',
      'vinegar-harbour-quietly-7',
      'zwölf äpfel im körbchen',
    ])
      expect(checkPassword(phrase, 'ana')).toEqual({ ok: true, value: phrase });
    expect(checkPassword('ana.smith', 'ana.smith').ok).toBe(false); // the user's own id
  });

  it('T9.1: locks after 5 failures within 15 minutes, not after 5 spread wider', () => {
    const minutes = (m: number) => at(m * 60_000);
    expect(shouldLock([0, 1, 2, 3, 4].map(minutes), minutes(5))).toBe(true);
    expect(shouldLock([0, 1, 2, 3].map(minutes), minutes(5))).toBe(false);
    expect(shouldLock([0, 5, 10, 15, 20].map(minutes), minutes(20))).toBe(false);
  });

  it('T9.3: a session dies at idle + 1 s (15 min for admins) and after 12 h', () => {
    const session: SessionFacts = {
      createdAt: t0,
      lastSeenAt: t0,
      endedAt: null,
      role: 'analyst',
      userStatus: 'active',
      lockedAt: null,
    };
    expect(sessionState(session, at(30 * 60_000))).toBe('active');
    expect(sessionState(session, at(30 * 60_000 + 1000))).toBe('idle');
    expect(sessionState({ ...session, role: 'admin' }, at(15 * 60_000 + 1000))).toBe('idle');
    expect(sessionState({ ...session, lastSeenAt: at(12 * 3600_000) }, at(12 * 3600_000 + 1000))).toBe(
      'expired',
    );
    expect(sessionState({ ...session, userStatus: 'disabled' }, t0)).toBe('user_disabled');
  });

  it('T9.7: an account unused for more than 90 days is inactive', () => {
    expect(isInactive(t0, at(90 * 24 * 3600_000))).toBe(false);
    expect(isInactive(t0, at(90 * 24 * 3600_000 + 1))).toBe(true);
  });
});
