import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REFERENCE_DATE, type IsoDate } from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../demo/run-demo.js';
import { freshContext, storeKinds } from '../test-support.js';
import { deriveStatuses } from './derive-status.js';
import { resolveAndDerive } from './resolve-store.js';

const AS_OF = DEFAULT_REFERENCE_DATE as IsoDate;

const statuses = (ctx: Awaited<ReturnType<typeof freshContext>>) =>
  ctx.sql.query<Record<string, unknown>>(
    `select person_id, status, identity_confirmed, nationality, report::text, timeline::text, events::text
       from person_status order by person_id`,
  );

describe.each(storeKinds())('resolution hands its records straight to derivation, on %s', (kind) => {
  let ctx: Awaited<ReturnType<typeof freshContext>>;
  const inputDir = mkdtempSync(join(tmpdir(), 'ilos-resolve-derive-'));

  beforeAll(async () => {
    ctx = await freshContext(kind);
    // The demo resolves and derives from memory (resolveAndDerive).
    await runDemo(ctx, { people: 300, seed: 'resolve-and-derive', inputDir });
  }, 300_000);
  afterAll(async () => {
    await ctx?.dispose();
    rmSync(inputDir, { recursive: true, force: true });
  });

  it('stores exactly what deriving from the stored records stores', async () => {
    const fromMemory = await statuses(ctx);
    expect(fromMemory.length).toBeGreaterThan(250);

    await deriveStatuses(ctx, AS_OF); // reads every person's records back from the store

    expect(await statuses(ctx)).toEqual(fromMemory);
  });

  it('stores the same when deriving on a worker thread while resolution is written', async () => {
    const fromStore = await statuses(ctx);

    const { derived } = await resolveAndDerive(ctx, AS_OF, { thread: true });

    expect(await statuses(ctx)).toEqual(fromStore);
    expect(derived.persons).toBe(fromStore.length);
    const unconfirmed = fromStore.filter((r) => r.identity_confirmed === false).length;
    expect(derived.unconfirmed).toBe(unconfirmed);
  });
});
