import { createPublicKey, hash, randomBytes, verify } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppError,
  formatSigningKey,
  formatVerifierKey,
  parseSigningKey,
  parseVerifierKey,
  type Sha256,
  type SignatureCheck,
  type SigningKey,
  signingKeyFromSeed,
  type VerifierKey,
  verifierOf,
} from '@ilos/core';
import type { Context } from '../context.js';

/**
 * The checkpoint signing key (ADR 0010). It never goes into the database: with the embedded store it is
 * a file in the data folder, `audit-signing.key` (mode 0600, created on first use, with the public key
 * beside it in `audit-public.key`); a server deployment passes it in ILOS_AUDIT_KEY. A store with neither
 * (a test database on a server) gets a key that lives as long as the process.
 */
export const KEY_FILE = 'audit-signing.key';
export const PUBLIC_KEY_FILE = 'audit-public.key';
export const KEY_NAME = 'ilos-audit';

const ephemeral = new WeakMap<object, SigningKey>();

export function generateSigningKey(): SigningKey {
  return signingKeyFromSeed(KEY_NAME, new Uint8Array(randomBytes(32)));
}

/** The signing key of this store: ILOS_AUDIT_KEY, else the data folder's key file (made if missing). */
export function signingKey(ctx: Context): SigningKey {
  if (ctx.config.auditKey !== undefined) return parsed(ctx.config.auditKey, 'ILOS_AUDIT_KEY');
  if (ctx.config.dataDir === '') {
    let key = ephemeral.get(ctx.sql);
    if (key === undefined) {
      key = generateSigningKey();
      ephemeral.set(ctx.sql, key);
    }
    return key;
  }
  const path = join(ctx.config.dataDir, KEY_FILE);
  if (existsSync(path)) return parsed(readFileSync(path, 'utf8'), path);
  const key = generateSigningKey();
  writeFileSync(path, `${formatSigningKey(key)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  writeFileSync(join(ctx.config.dataDir, PUBLIC_KEY_FILE), `${formatVerifierKey(verifierOf(key))}\n`);
  return key;
}

/** The public keys `audit verify` trusts: the ones given, else this store's own. */
export function trustedKeys(ctx: Context, given?: string): VerifierKey[] {
  if (given !== undefined) return [publicKeyFrom(given)];
  if (
    ctx.config.auditKey === undefined &&
    ctx.config.dataDir !== '' &&
    !existsSync(join(ctx.config.dataDir, KEY_FILE))
  ) {
    const published = join(ctx.config.dataDir, PUBLIC_KEY_FILE);
    if (existsSync(published)) return [publicKeyFrom(published)];
    return [];
  }
  return [verifierOf(signingKey(ctx))];
}

/** A public key given as its text (`ilos-audit+<id>+<base64>`) or as a file holding it. */
export function publicKeyFrom(given: string): VerifierKey {
  const text = given.includes('+') ? given : readKeyFile(given);
  const key = parseVerifierKey(text);
  if (!key.ok) throw new AppError('invalid_input', `--public-key: ${key.error}`);
  return key.value;
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new AppError('not_found', `cannot read the public key file ${path}`);
  }
}

function parsed(text: string, where: string): SigningKey {
  const key = parseSigningKey(text);
  if (!key.ok) throw new AppError('invalid_input', `${where}: ${key.error}`);
  return key.value;
}

/** Node's SHA-256: the same function as core's default, several times faster on this path. */
export const nodeSha256: Sha256 = (data) => hash('sha256', data, 'buffer');

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** Node's Ed25519 verification (OpenSSL), used by verify for the many checkpoints of a long log. */
export const nodeSignatureCheck: SignatureCheck = (signature, message, publicKey) => {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
  return verify(null, message, key, signature);
};
