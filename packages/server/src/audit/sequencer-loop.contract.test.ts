import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { appendAudit, unsequencedStats } from '../db/audit-repository.js';
import { freshContext, storeKinds } from '../test-support.js';
import { startSequencer } from './sequencer.js';
import { verifyStore } from './verify.js';

const event = (n: number) => ({
  at: new Date(),
  eventType: 'config.change' as const,
  component: 'test',
  sourceIp: 'local',
  sessionId: null,
  actorId: 'operator',
  actorRole: 'system' as const,
  purpose: null,
  target: null,
  subjects: [],
  fields: [],
  outcome: 'success' as const,
  reason: null,
  details: { n },
});

/** Polls until `done` holds or the time is up; the loop's own pace is what is tested, not a clock. */
async function until(done: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return done();
}

describe.each(storeKinds())('the sequencer of a long-running process (T5.10, T11.4) on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  beforeAll(async () => {
    ctx = await freshContext(kind);
  });
  afterAll(async () => ctx?.dispose());

  it('sequences what is written while it runs, without waiting for the process to end', async () => {
    const sequencer = startSequencer(ctx, 100);
    try {
      await ctx.sql.transact((tx) => appendAudit(tx, [event(1), event(2)]));
      expect(await until(async () => (await unsequencedStats(ctx.sql)).count === 0)).toBe(true);

      await ctx.sql.transact((tx) => appendAudit(tx, [event(3)]));
      expect(await until(async () => (await unsequencedStats(ctx.sql)).count === 0)).toBe(true);
    } finally {
      await sequencer.stop();
    }
  });

  it('verifies the log from one snapshot while a live sequencer keeps appending to it', async () => {
    const sequencer = startSequencer(ctx, 10);
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        await ctx.sql.transact((tx) =>
          appendAudit(
            tx,
            Array.from({ length: 20 }, (_, i) => event(n * 20 + i)),
          ),
        );
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      const reports = [];
      for (let i = 0; i < 8; i++) {
        reports.push(await verifyStore(ctx));
        await new Promise((r) => setTimeout(r, 40)); // the writer and the sequencer move on meanwhile
      }
      expect(reports.map((r) => r.ok)).toEqual(Array(8).fill(true));
      expect(reports.at(-1)!.size).toBeGreaterThan(reports[0]!.size);
    } finally {
      writing = false;
      await writer;
      await sequencer.stop();
    }
  });
});
