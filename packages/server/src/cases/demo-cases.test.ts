import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { deriveStatuses } from '../persons/derive-status.js';
import { freshContext, storeKinds } from '../test-support.js';
import { listCaseRows } from './case-store.js';
import { type DemoCasesSummary, openDemoCases } from './demo-cases.js';
import { addProbableLink, seedPersons, situations } from './test-persons.js';

describe.each(storeKinds())('openDemoCases on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let summary: DemoCasesSummary;

  beforeAll(async () => {
    ctx = await freshContext(kind);
    await seedPersons(ctx, situations());
    await addProbableLink(ctx, 'P-PROBABLE', 'cbp-i94:I94-106', 'eoir-cases:A106-002');
    await deriveStatuses(ctx, '2025-06-02');
    summary = await openDemoCases(ctx, '2025-06-02');
  });
  afterAll(async () => ctx?.dispose());

  it('replays each person’s court events through the gates, day by day', async () => {
    const states = Object.fromEntries((await listCaseRows(ctx.sql, {})).map((c) => [c.personId, c.state]));

    expect(summary.cases).toBe(9);
    expect(states).toMatchObject({
      'P-CITIZEN': 'CLOSED_CITIZEN',
      'P-DEPARTED': 'SELF_REMOVED',
      'P-PROBABLE': 'NONE',
      'P-STAY': 'FINAL_ORDER',
      'P-TPS': 'FINAL_ORDER',
    });
    expect(summary.refusedBy).toMatchObject({
      US_CITIZEN: expect.any(Number),
      IDENTITY_UNCONFIRMED: expect.any(Number),
      STAY_OF_REMOVAL_IN_EFFECT: expect.any(Number),
      TPS_IN_EFFECT: expect.any(Number),
      CITIZENSHIP_CLAIM_UNRESOLVED: expect.any(Number),
    });
  });

  it('names the first case DEMO-1, the case the demo users are assigned to', async () => {
    expect((await listCaseRows(ctx.sql, {})).map((c) => c.id)).toContain('DEMO-1');
  });

  it('does nothing when cases exist already', async () => {
    expect((await openDemoCases(ctx, '2025-06-02')).cases).toBe(0);
  });
});
