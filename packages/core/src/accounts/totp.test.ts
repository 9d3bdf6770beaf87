import { describe, expect, it } from 'vitest';
import { utf8 } from '../audit/bytes.js';
import { fromBase32, hotp, otpauthUri, TOTP, toBase32, totpCode, totpStep, verifyTotp } from './totp.js';

/** RFC 6238 Appendix B, the SHA-1 rows: the ASCII secret "12345678901234567890", 8 digits. */
const RFC_SECRET = utf8('12345678901234567890');
const RFC_6238_SHA1 = [
  { seconds: 59, step: 1, code: '94287082' },
  { seconds: 1111111109, step: 0x23523ec, code: '07081804' },
  { seconds: 1111111111, step: 0x23523ed, code: '14050471' },
  { seconds: 1234567890, step: 0x273ef07, code: '89005924' },
  { seconds: 2000000000, step: 0x3f940aa, code: '69279037' },
  { seconds: 20000000000, step: 0x27bc86aa, code: '65353130' },
];

const secret = utf8('a test secret of twenty b');
const t0 = new Date('2026-06-30T12:00:10Z'); // 10 s into a step
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('TOTP (RFC 6238, T9.2)', () => {
  it.each(RFC_6238_SHA1)('gives $code at T = $seconds s (RFC 6238 Appendix B, SHA-1)', (row) => {
    const when = new Date(row.seconds * 1000);

    expect(totpStep(when)).toBe(row.step);
    expect(hotp(RFC_SECRET, totpStep(when), 8)).toBe(row.code);
  });

  it('gives the RFC 4226 Appendix D HOTP values (6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583'];

    expect(expected.map((_, counter) => hotp(RFC_SECRET, counter))).toEqual(expected);
  });

  it('accepts the current code once and returns its step', () => {
    const code = totpCode(secret, t0);

    expect(verifyTotp(secret, code, t0, null)).toEqual({ ok: true, value: totpStep(t0) });
    expect(verifyTotp(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `, t0, null).ok).toBe(true);
  });

  it('refuses a replay of an accepted code, and any older code, within the window', () => {
    const code = totpCode(secret, t0);
    const accepted = verifyTotp(secret, code, t0, null);
    if (!accepted.ok) throw new Error('the first use was refused');

    expect(verifyTotp(secret, code, at(5), accepted.value)).toEqual({ ok: false, error: 'replayed_code' });
    expect(verifyTotp(secret, totpCode(secret, at(-30)), at(5), accepted.value)).toEqual({
      ok: false,
      error: 'replayed_code',
    });
    expect(verifyTotp(secret, totpCode(secret, at(30)), at(30), accepted.value).ok).toBe(true);
  });

  it('accepts one step either side (the documented tolerance) and refuses a code two steps away', () => {
    expect(TOTP.toleranceSteps).toBe(1);
    expect(TOTP.periodSeconds).toBeLessThanOrEqual(30);

    expect(verifyTotp(secret, totpCode(secret, at(-30)), t0, null).ok).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, at(30)), t0, null).ok).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, at(-60)), t0, null)).toEqual({ ok: false, error: 'bad_code' });
    expect(verifyTotp(secret, totpCode(secret, at(60)), t0, null)).toEqual({ ok: false, error: 'bad_code' });
  });

  it('refuses a code that expired: 30 s + the tolerance after its step ended', () => {
    const code = totpCode(secret, t0); // its step ends 20 s after t0

    expect(verifyTotp(secret, code, at(49), null).ok).toBe(true); // inside the next step: tolerated
    expect(verifyTotp(secret, code, at(50), null)).toEqual({ ok: false, error: 'bad_code' });
  });

  it.each([{ typed: '' }, { typed: '12345' }, { typed: '1234567' }, { typed: 'abcdef' }])(
    'refuses the malformed code "$typed"',
    ({ typed }) => {
      expect(verifyTotp(secret, typed, t0, null)).toEqual({ ok: false, error: 'bad_code' });
    },
  );

  it('round-trips base32 (RFC 4648 test vectors) and names a bad character', () => {
    const vectors = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ] as const;

    for (const [plain, encoded] of vectors) {
      expect(toBase32(utf8(plain))).toBe(encoded);
      expect(fromBase32(encoded.toLowerCase())).toEqual({ ok: true, value: utf8(plain) });
    }
    expect(fromBase32('MZXW6YQ=')).toEqual({ ok: true, value: utf8('foob') });
    expect(fromBase32('MZ1W')).toEqual({ ok: false, error: "'1' is not a base32 character" });
  });

  it('writes the otpauth URI an authenticator app imports', () => {
    expect(otpauthUri('ana', 'MZXW6YTBOI')).toBe(
      'otpauth://totp/ilos%3Aana?secret=MZXW6YTBOI&issuer=ilos&algorithm=SHA1&digits=6&period=30',
    );
  });
});
