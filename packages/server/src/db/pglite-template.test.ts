import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

const usable = () => {
  const probe = mkdtempSync(join(root, 'probe-'));
  try {
    return pgliteTemplate(cache).copyInto(probe) && existsSync(join(probe, 'PG_VERSION'));
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
};

describe('the PGlite initdb template (ADR 0008)', () => {
  it('is made by the first new store and used by the next, each store keeping its own audit log id', async () => {
    expect(usable()).toBe(false);
    const first = await newStoreLogId('a');
    expect(usable()).toBe(true);
    const second = await newStoreLogId('b');
    expect(second).not.toBe(first);
    // ilos's own files never go into the template.
    const template = readdirSync(cache).find((f) => f.endsWith('-initdb'))!;
    expect(readdirSync(join(cache, template))).not.toContain('ilos.lock');
    expect(readdirSync(join(cache, template))).not.toContain('audit-signing.key');
  }, 180_000);

  it('is ignored when damaged: the store runs initdb instead, and a good template is kept again', async () => {
    const template = readdirSync(cache).find((f) => f.endsWith('-initdb'))!;
    writeFileSync(join(cache, template, 'PG_VERSION'), '9\n'); // cut short: a different size
    expect(usable()).toBe(false);
    expect(await newStoreLogId('c')).toMatch(/^[0-9a-f]{32}$/);
    expect(usable()).toBe(true);
  }, 180_000);
});
