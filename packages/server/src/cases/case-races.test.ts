/**
 * RELIABILITY.md T4.2: races on one case. fast-check's scheduler decides which of two concurrent calls
 * starts first (on PostgreSQL they then really run side by side); whatever the order, exactly one wins,
 * the loser is refused or told there is nothing left to do, and a person never has two active cases in
 * one matter. 500 schedules per store, split over the four races.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { freshContext, storeKinds } from '../test-support.js';
import { findCase } from './case-store.js';
import { approveStep, declineStep, openCase, type StepResult, transitionCase } from './cases.js';
import {
  as,
  assignOfficers,
  type Clock,
  fakeClock,
  forceState,
  loginOfficers,
  OFFICERS,
  seedPersons,
  situations,
} from './test-persons.js';

const SCHEDULES_PER_RACE = 125;

type Settled = { ok: true; value: StepResult } | { ok: false; code: string };
const settle = (p: Promise<StepResult>): Promise<Settled> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: { code?: string }) => ({ ok: false as const, code: error.code ?? String(error) }),
  );

/** Starts both calls in the order the scheduler picks, and waits for both to end. */
async function race(s: fc.Scheduler, a: () => Promise<StepResult>, b: () => Promise<StepResult>) {
  const first = s.schedule(Promise.resolve('a')).then(() => settle(a()));
  const second = s.schedule(Promise.resolve('b')).then(() => settle(b()));
  await s.waitAll();
  return Promise.all([first, second]);
}

const won = (r: Settled, outcome: string) => r.ok && r.value.outcome === outcome;

describe.each(storeKinds())('T4.2 races on a removal case, on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let clock: Clock;

  beforeAll(async () => {
    clock = fakeClock();
    ctx = await freshContext(kind, { now: () => clock.now() });
    await seedPersons(ctx, { 'P-CLEAR': situations()['P-CLEAR']! });
    await loginOfficers(ctx);
  });
  afterAll(async () => ctx?.dispose());
  beforeEach(() => clock.set('2025-06-02T12:00:00.000Z'));

  const reset = () => ctx.sql.exec('truncate counsel_notifications, case_approvals, case_events, cases');
  /** P-CLEAR's case at FINAL_ORDER with execute_removal asked for by ana. */
  async function awaitingRemoval(): Promise<string> {
    await reset();
    const { case: c } = await openCase(ctx, as(OFFICERS.ana), { personId: 'P-CLEAR', reason: 'race' });
    await assignOfficers(ctx, c.id);
    await forceState(ctx, c.id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });
    const asked = await transitionCase(ctx, as(OFFICERS.ana), {
      caseId: c.id,
      transition: 'execute_removal',
      reason: 'race',
    });
    expect(asked.outcome).toBe('pending_approval');
    return c.id;
  }

  it('concurrent approve and reopen: exactly one wins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const id = await awaitingRemoval();

        const [approval, reopening] = await race(
          s,
          () => approveStep(ctx, as(OFFICERS.sue), { caseId: id, reason: 'race' }),
          () => transitionCase(ctx, as(OFFICERS.bo), { caseId: id, transition: 'reopen', reason: 'race' }),
        );

        const approved = won(approval, 'approved');
        const reopened = won(reopening, 'applied');
        expect(approved !== reopened).toBe(true);
        const stored = await findCase(ctx.sql, id);
        expect(stored?.state).toBe(approved ? 'REMOVAL_EXECUTED' : 'PENDING_BEFORE_IJ');
        expect(stored?.version).toBe(3);
        if (reopened) expect(approval).toEqual({ ok: false, code: 'not_found' });
      }),
      { numRuns: SCHEDULES_PER_RACE },
    );
  }, 300_000);

  it('concurrent approve and decline by two supervisors: exactly one decision', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const id = await awaitingRemoval();

        const [approval, decline] = await race(
          s,
          () => approveStep(ctx, as(OFFICERS.sue), { caseId: id, reason: 'race' }),
          () => declineStep(ctx, as(OFFICERS.sam), { caseId: id, reason: 'race' }),
        );

        expect(won(approval, 'approved') !== won(decline, 'declined')).toBe(true);
        const [row] = await ctx.sql.query<{ n: number }>(
          `select count(*)::int as n from case_approvals where case_id = $1 and status in ('approved', 'declined')`,
          [id],
        );
        expect(row?.n).toBe(1);
      }),
      { numRuns: SCHEDULES_PER_RACE },
    );
  }, 300_000);

  it('two transitions at once: exactly one applies, the other is refused and recorded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.constantFrom('grant_stay', 'reopen', 'execute_removal') as fc.Arbitrary<
          'grant_stay' | 'reopen' | 'execute_removal'
        >,
        async (s, transition) => {
          await reset();
          const { case: c } = await openCase(ctx, as(OFFICERS.ana), { personId: 'P-CLEAR', reason: 'race' });
          await assignOfficers(ctx, c.id);
          await forceState(ctx, c.id, 'FINAL_ORDER', { ijOutcome: 'REMOVAL_ORDERED' });

          const results = await race(
            s,
            () => transitionCase(ctx, as(OFFICERS.ana), { caseId: c.id, transition, reason: 'race' }),
            () => transitionCase(ctx, as(OFFICERS.bo), { caseId: c.id, transition, reason: 'race' }),
          );

          const outcomes = results.map((r) => (r.ok ? r.value.outcome : r.code)).sort();
          const winner = transition === 'execute_removal' ? 'pending_approval' : 'applied';
          expect(outcomes).toEqual([winner, 'refused'].sort());
          const [row] = await ctx.sql.query<{ n: number }>(
            `select count(*)::int as n from case_events where case_id = $1 and action = 'transition'`,
            [c.id],
          );
          expect(row?.n).toBe(2);
        },
      ),
      { numRuns: SCHEDULES_PER_RACE },
    );
  }, 300_000);

  it('two opens at once: one active case per person per matter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        await reset();

        const [a, b] = await race(
          s,
          () => openCase(ctx, as(OFFICERS.ana), { personId: 'P-CLEAR', reason: 'race' }),
          () => openCase(ctx, as(OFFICERS.bo), { personId: 'P-CLEAR', reason: 'race' }),
        );

        expect([a, b].filter((r) => r.ok)).toHaveLength(1);
        expect([a, b].filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code))).toEqual(['conflict']);
        const [row] = await ctx.sql.query<{ n: number }>(
          `select count(*)::int as n from cases where person_id = 'P-CLEAR' and active`,
        );
        expect(row?.n).toBe(1);
      }),
      { numRuns: SCHEDULES_PER_RACE },
    );
  }, 300_000);
});
