import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type World, world } from '../access/test-accountability.js';
import { storeKinds } from '../test-support.js';
import { login } from './accounts.js';
import { testCode } from './test-mfa.js';

/**
 * RELIABILITY.md T9.3, the token half (the timeouts are in access-layer.contract.test.ts): a session
 * token carries at least 128 bits from a CSPRNG, every login gets a new one, and the store keeps only
 * its SHA-256.
 */
describe.each(storeKinds())('session tokens (T9.3) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await world(kind);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('gives every login a new 256-bit token and stores only its hash', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      tokens.push(
        (await login(w, { userId: 'ana', password: PASSWORD, code: await testCode(w, 'ana') })).token,
      );
    }
    const bytes = tokens.map((t) => Buffer.from(t, 'base64url'));
    const stored = await w.sql.query<{ token_sha256: string }>(
      "select token_sha256 from sessions where user_id = 'ana'",
    );
    const hashes = new Set(stored.map((s) => s.token_sha256));

    expect(new Set(tokens).size).toBe(tokens.length); // a new token at every login
    for (const b of bytes) expect(b.length * 8).toBeGreaterThanOrEqual(256); // ≥ 128 bits asked; 256 given
    // Not a counter or a clock: the tokens share no common prefix and their bits are about half ones.
    const ones = bytes.reduce(
      (n, b) => n + [...b].reduce((m, x) => m + x.toString(2).split('1').length - 1, 0),
      0,
    );
    expect(ones / (bytes.length * 256)).toBeGreaterThan(0.45);
    expect(ones / (bytes.length * 256)).toBeLessThan(0.55);
    expect(new Set(tokens.map((t) => t.slice(0, 4))).size).toBeGreaterThan(15);
    for (const t of tokens) {
      expect(hashes.has(createHash('sha256').update(t).digest('hex'))).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(t);
    }
  });
});
