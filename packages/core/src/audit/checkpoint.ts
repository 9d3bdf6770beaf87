import { ed25519 } from '@noble/curves/ed25519.js';
import { err, ok, type Result } from '../shared/result.js';
import { concat, equalBytes, fromBase64, toBase64, toHex, utf8 } from './bytes.js';
import { defaultSha256 } from './merkle.js';

/**
 * Signed tree heads in the C2SP formats, so standard transparency-log tooling can read them:
 * a tlog-checkpoint body (origin, tree size, base64 root) inside a signed note with an Ed25519
 * signature line (`— <key name> <base64(key id || signature)>`). Keys use the note key strings
 * (`PRIVATE+KEY+<name>+<id>+<base64>` and `<name>+<id>+<base64>`).
 */
export type Checkpoint = { origin: string; size: number; root: Uint8Array };

export type SigningKey = { name: string; keyId: Uint8Array; seed: Uint8Array; publicKey: Uint8Array };
export type VerifierKey = { name: string; keyId: Uint8Array; publicKey: Uint8Array };

const ED25519 = 0x01;
const DASH = '\u2014';

function keyIdOf(name: string, publicKey: Uint8Array): Uint8Array {
  return defaultSha256(concat(utf8(`${name}\n`), Uint8Array.of(ED25519), publicKey)).slice(0, 4);
}

function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** A signing key from a 32-byte random seed (the caller supplies the randomness). */
export function signingKeyFromSeed(name: string, seed: Uint8Array): SigningKey {
  if (!isKeyName(name)) throw new Error(`'${name}' is not a valid key name (no spaces or '+')`);
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const publicKey = ed25519.getPublicKey(seed);
  return { name, keyId: keyIdOf(name, publicKey), seed, publicKey };
}

export function verifierOf(key: SigningKey): VerifierKey {
  return { name: key.name, keyId: key.keyId, publicKey: key.publicKey };
}

export function formatSigningKey(key: SigningKey): string {
  return `PRIVATE+KEY+${key.name}+${toHex(key.keyId)}+${toBase64(concat(Uint8Array.of(ED25519), key.seed))}`;
}

export function formatVerifierKey(key: VerifierKey): string {
  return `${key.name}+${toHex(key.keyId)}+${toBase64(concat(Uint8Array.of(ED25519), key.publicKey))}`;
}

/** Splits on the first n-1 '+' only: base64, the last part, may itself contain '+'. */
function splitN(text: string, n: number): string[] {
  const parts = text.split('+');
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join('+')];
}

export function parseSigningKey(text: string): Result<SigningKey, string> {
  const parts = splitN(text.trim(), 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    return err('a signing key looks like PRIVATE+KEY+<name>+<id>+<base64>');
  }
  const [, , name, id, data] = parts as [string, string, string, string, string];
  const bytes = fromBase64(data);
  if (bytes === undefined || bytes.length !== 33 || bytes[0] !== ED25519) {
    return err('the signing key is not an Ed25519 key');
  }
  if (!isKeyName(name)) return err(`'${name}' is not a valid key name`);
  const key = signingKeyFromSeed(name, bytes.slice(1));
  if (toHex(key.keyId) !== id) return err('the signing key id does not match its key');
  return ok(key);
}

export function parseVerifierKey(text: string): Result<VerifierKey, string> {
  const parts = splitN(text.trim(), 3);
  if (parts.length !== 3) return err('a public key looks like <name>+<id>+<base64>');
  const [name, id, data] = parts as [string, string, string];
  const bytes = fromBase64(data);
  if (bytes === undefined || bytes.length !== 33 || bytes[0] !== ED25519) {
    return err('the public key is not an Ed25519 key');
  }
  if (!isKeyName(name)) return err(`'${name}' is not a valid key name`);
  const publicKey = bytes.slice(1);
  if (toHex(keyIdOf(name, publicKey)) !== id) return err('the public key id does not match its key');
  return ok({ name, keyId: keyIdOf(name, publicKey), publicKey });
}

export function checkpointBody(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${toBase64(checkpoint.root)}\n`;
}

/** The signed note of a checkpoint: its body, a blank line, one signature line. */
export function signCheckpoint(checkpoint: Checkpoint, key: SigningKey): string {
  if (!isKeyName(checkpoint.origin)) throw new Error(`origin '${checkpoint.origin}' has spaces or '+'`);
  const body = checkpointBody(checkpoint);
  const signature = ed25519.sign(utf8(body), key.seed);
  return `${body}\n${DASH} ${key.name} ${toBase64(concat(key.keyId, signature))}\n`;
}

/** Checks an Ed25519 signature; injectable so the server can use Node's native implementation. */
export type SignatureCheck = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

export const nobleSignatureCheck: SignatureCheck = (signature, message, publicKey) => {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false; // a malformed signature or key is simply not a valid signature
  }
};

export type CheckpointProblem = 'format' | 'origin' | 'signature' | 'unknown-key';

/**
 * Parses a signed checkpoint and checks one signature by a trusted key on it. Anything malformed, any
 * other origin, and any note without a valid signature by one of `keys` is refused.
 */
export function openCheckpoint(
  note: string,
  keys: readonly VerifierKey[],
  origin?: string,
  checkSignature: SignatureCheck = nobleSignatureCheck,
): Result<Checkpoint, { problem: CheckpointProblem; message: string }> {
  const fail = (problem: CheckpointProblem, message: string) => err({ problem, message });
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    return fail('format', 'not a signed note (no blank line before signatures)');
  const body = note.slice(0, split + 1);
  if ([...note].some(isControl)) return fail('format', 'control characters in the note');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return fail('format', 'a checkpoint has an origin, a size and a root');
  const [noteOrigin, sizeText, rootText] = lines as [string, string, string];
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    return fail('format', `tree size '${sizeText.slice(0, 40)}' is not a decimal number`);
  }
  const root = fromBase64(rootText);
  if (root === undefined || root.length !== 32)
    return fail('format', 'the root is not a base64 SHA-256 hash');
  if (!isKeyName(noteOrigin)) return fail('format', 'the origin line is not a valid origin');
  if (origin !== undefined && noteOrigin !== origin) {
    return fail('origin', `checkpoint of log '${noteOrigin.slice(0, 80)}', expected '${origin}'`);
  }
  const signatures = note.slice(split + 2, -1).split('\n');
  let sawKnownKey = false;
  for (const line of signatures) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!match) return fail('format', 'a signature line is malformed');
    const [, name, data] = match as unknown as [string, string, string];
    const bytes = fromBase64(data);
    if (bytes === undefined || bytes.length !== 68) continue; // not an Ed25519 signature: ignore it
    const keyId = bytes.slice(0, 4);
    const key = keys.find((k) => k.name === name && equalBytes(k.keyId, keyId));
    if (key === undefined) continue;
    sawKnownKey = true;
    if (checkSignature(bytes.slice(4), utf8(body), key.publicKey))
      return ok({ origin: noteOrigin, size: Number(sizeText), root });
  }
  return sawKnownKey
    ? fail('signature', 'the signature does not verify with the trusted key')
    : fail('unknown-key', 'no signature by a trusted key');
}

/** C2SP notes allow no control character but the newline. */
function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code < 0x20 && code !== 0x0a) || code === 0x7f;
}
