/** Byte helpers for the audit code: hex and base64 without Node's Buffer (core runs anywhere). */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

/** Parses lowercase or uppercase hex; undefined when it is not whole bytes of hex. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Standard base64 with padding (RFC 4648 §4), as C2SP signed notes use. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : B64[c & 63];
  }
  return out;
}

/** Strict standard base64: undefined for any character, length or padding that is not canonical. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const quad = text.slice(i, i + 4);
    const last = i + 4 === text.length;
    const values: number[] = [];
    for (let j = 0; j < 4; j++) {
      const ch = quad[j]!;
      if (ch === '=' && last && j >= 4 - pad) {
        values.push(0);
        continue;
      }
      const v = B64_INDEX.get(ch);
      if (v === undefined) return undefined;
      values.push(v);
    }
    const [a, b, c, d] = values as [number, number, number, number];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes.push((n >> 16) & 255);
    if (!(last && pad === 2)) bytes.push((n >> 8) & 255);
    if (!(last && pad >= 1)) bytes.push(n & 255);
  }
  const out = Uint8Array.from(bytes);
  return toBase64(out) === text ? out : undefined; // refuses non-canonical trailing bits
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The platform's UTF-8 encoder (a pure function present in every runtime; core's lib has no DOM types). */
const encoder = new (
  globalThis as unknown as {
    TextEncoder: new () => {
      encode(text: string): Uint8Array;
      encodeInto(text: string, into: Uint8Array): { read: number; written: number };
    };
  }
).TextEncoder();

/** UTF-8 bytes of a string; lone surrogates become U+FFFD, as everywhere else. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Writes the UTF-8 bytes of a string into `into` (long enough: 3 bytes per UTF-16 unit); returns how many. */
export const utf8Into = (text: string, into: Uint8Array): number => encoder.encodeInto(text, into).written;
