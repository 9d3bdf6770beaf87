import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane): about 20–50 ms here. The
 * parameters travel inside each hash, so raising them later re-hashes nobody's password by surprise.
 */
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function checkPasswordHash(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password, OPTIONS);
}

/** A hash of nothing anyone knows: verified against when the user is unknown, so timing does not tell (T9.1). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hash('no user has this password: it only keeps timing even', OPTIONS);
  return dummy;
}
