import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), the second factor of every login (T9.2).
 * HMAC-SHA-1, 6 digits, 30-second steps: what every authenticator app does with an otpauth:// URI. The
 * clock is an argument (`at`); the caller keeps the last accepted step so a code is used at most once.
 */
export const TOTP = {
  periodSeconds: 30,
  digits: 6,
  /**
   * Steps either side of the current one that are still accepted, for clock drift between the server
   * and the phone and for the seconds a person takes to type (RFC 6238 §5.2 recommends at most one).
   */
  toleranceSteps: 1,
  /** 160-bit secrets, the HMAC-SHA-1 block-matching length RFC 4226 §4 recommends. */
  secretBytes: 20,
  issuer: 'ilos',
} as const;

/** The RFC 6238 time step (T) of an instant: whole periods since the Unix epoch. */
export function totpStep(at: Date, periodSeconds: number = TOTP.periodSeconds): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

/** The HOTP value (RFC 4226 §5.3) of a secret at a counter, as a zero-padded string of `digits` digits. */
export function hotp(secret: Uint8Array, counter: number, digits: number = TOTP.digits): string {
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const mac = hmac(sha1, secret, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code an authenticator app shows at `at`. */
export function totpCode(secret: Uint8Array, at: Date): string {
  return hotp(secret, totpStep(at));
}

export type TotpRefusal = 'bad_code' | 'replayed_code';

/**
 * Checks a typed code at `at`: it must be the code of the current step or of one step either side
 * (`TOTP.toleranceSteps`), and of a later step than the last one accepted for this secret, so a code
 * (or an older one) is never accepted twice. Returns the step to store as the new last accepted step.
 */
export function verifyTotp(
  secret: Uint8Array,
  typed: string,
  at: Date,
  lastAcceptedStep: number | null,
): Result<number, TotpRefusal> {
  const code = typed.replace(/\s/g, '');
  const now = totpStep(at);
  let matched: number | undefined;
  // Every candidate is computed and compared in full, so the time taken does not tell which one matched.
  for (let step = now - TOTP.toleranceSteps; step <= now + TOTP.toleranceSteps; step++) {
    if (sameDigits(hotp(secret, step), code) && matched === undefined) matched = step;
  }
  if (matched === undefined) return err('bad_code');
  if (lastAcceptedStep !== null && matched <= lastAcceptedStep) return err('replayed_code');
  return ok(matched);
}

function sameDigits(expected: string, typed: string): boolean {
  if (typed.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ typed.charCodeAt(i);
  return diff === 0;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take a secret. */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Reads base32 (any case, spaces and '=' padding ignored); an error names the first bad character. */
export function fromBase32(text: string): Result<Uint8Array, string> {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const digit = BASE32.indexOf(ch);
    if (digit < 0) return err(`'${ch}' is not a base32 character`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return ok(Uint8Array.from(out));
}

/** The otpauth:// URI (Google Authenticator key-URI format) an authenticator app imports, e.g. from a QR code. */
export function otpauthUri(userId: string, secretBase32: string): string {
  const label = encodeURIComponent(`${TOTP.issuer}:${userId}`);
  const query = [
    ['secret', secretBase32],
    ['issuer', TOTP.issuer],
    ['algorithm', 'SHA1'],
    ['digits', String(TOTP.digits)],
    ['period', String(TOTP.periodSeconds)],
  ]
    .map(([key, value]) => `${key}=${encodeURIComponent(value!)}`)
    .join('&');
  return `otpauth://totp/${label}?${query}`;
}
