import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../context.js';
import { pgliteTemplate } from './pglite-template.js';

const root = mkdtempSync(join(tmpdir(), 'ilos-template-test-'));
const cache = join(root, 'cache');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function newStoreLogId(name: string): Promise<string> {
  const ctx = await openContext({ dataDir: join(root, name), databaseUrl: undefined, cacheDir: cache });
  try {
    const [state] = await ctx.sql.query<{ log_id: string }>('select log_id from audit_state');
    const [sources] = await ctx.sql.query<{ n: number }>('select count(*)::int as n from sources');
    expect(sources?.n).toBeGreaterThan(0); // migrated and seeded like any new store
    return state!.log_id;
  } finally {
    await ctx.close();
  }
}

describe('the PGlite initdb template (ADR 0008)', () => {
  it('is made by the first new store and used by the next, each store keeping its own audit log id', async () => {
    expect(pgliteTemplate(cache).load()).toBeUndefined();
    const first = await newStoreLogId('a');
    expect(pgliteTemplate(cache).load()).toBeInstanceOf(Blob);
    const second = await newStoreLogId('b');
    expect(second).not.toBe(first);
  }, 180_000);

  it('is ignored when damaged: the store runs initdb instead', async () => {
    const tarball = readdirSync(cache).find((f) => f.endsWith('.tar.gz'))!;
    writeFileSync(join(cache, tarball), 'not a tarball');
    expect(pgliteTemplate(cache).load()).toBeUndefined();
    expect(await newStoreLogId('c')).toMatch(/^[0-9a-f]{32}$/);
    expect(pgliteTemplate(cache).load()).toBeInstanceOf(Blob); // and a good one is written again
  }, 180_000);
});
