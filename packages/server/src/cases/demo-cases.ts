/**
 * Demo removal cases (issue 6 item 2): for persons whose records show court events, a case is opened
 * and the officers' steps are replayed from those events, each on the day it happened — so every gate
 * is checked as it stood that day, adverse steps wait for the demo supervisor, and a step the gates
 * refuse stays refused (with its reasons) and halts the case there. At asOf each case with a final
 * order is put to the enforcement step; most are refused with their blockers, the rest wait for a
 * supervisor. A share of cases stops short, as if the officer had not yet recorded the next step, so
 * the demo shows open work in the intermediate states too.
 *
 * The officers are the demo accounts `ilos demo` creates (analyst, adjudicator, supervisor), and the
 * first case is DEMO-1, the case the demo users are assigned to.
 */
import {
  type CaseActor,
  type CaseTransition,
  type IjDecisionOutcome,
  type IsoDate,
  type LifecycleEvent,
  type StepDetails,
  TRANSITION_TABLE,
} from '@ilos/core';
import type { Context } from '../context.js';
import { findCase } from './case-store.js';
import { approveStep, openCase, type StepResult, transitionCase } from './cases.js';

const ANALYST: CaseActor = { id: 'analyst', role: 'analyst' };
const ADJUDICATOR: CaseActor = { id: 'adjudicator', role: 'adjudicator' };
const SUPERVISOR: CaseActor = { id: 'supervisor', role: 'supervisor' };

/**
 * Work in progress: some cases stop where an officer has not yet recorded the next step — after the
 * NTA was served, after the IJ decision, or with the appeal window left open on the case — by index.
 */
const LAG_AT: Readonly<Record<number, Lag>> = { 0: 'NTA', 3: 'DECISION', 5: 'WINDOW' };
const LAG_EVERY = 7;
type Lag = 'NTA' | 'DECISION' | 'WINDOW';

export type DemoCasesSummary = {
  cases: number;
  byState: Record<string, number>;
  steps: number;
  refused: number;
  /** Refusals by the finding that stopped them (a refusal may have several). */
  refusedBy: Record<string, number>;
  awaitingApproval: number;
  seconds: number;
};

const COURT = new Set([
  'nta_issued',
  'nta_filed',
  'master_hearing',
  'individual_hearing',
  'ij_decision',
  'bia_appeal_filed',
  'bia_decision',
  'stay_granted',
  'stay_lifted',
  'removal_executed',
  'departure',
]);

/**
 * Opens and replays demo cases for up to `limit` persons with court events (from the derived
 * person_status rows), and returns what the demo shows. Does nothing when cases exist already.
 */
export async function openDemoCases(
  ctx: Context,
  asOf: IsoDate,
  options: { limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DemoCasesSummary> {
  const started = performance.now();
  const summary: DemoCasesSummary = {
    cases: 0,
    byState: {},
    steps: 0,
    refused: 0,
    refusedBy: {},
    awaitingApproval: 0,
    seconds: 0,
  };
  const [existing] = await ctx.sql.query<{ n: number }>('select count(*)::int as n from cases');
  if ((existing?.n ?? 0) > 0) return { ...summary, seconds: 0 };

  const rows = await ctx.sql.query<{ person_id: string; events: LifecycleEvent[] | string }>(
    `select person_id, events from person_status
      where events @> '[{"type":"nta_issued"}]' or events @> '[{"type":"nta_filed"}]'
      order by person_id limit $1`,
    [options.limit ?? 500],
  );
  let index = 0;
  for (const row of rows) {
    index++;
    const events = (typeof row.events === 'string' ? JSON.parse(row.events) : row.events) as LifecycleEvent[];
    const caseId = `DEMO-${index}`;
    await replayCase(
      ctx,
      { personId: row.person_id, caseId, asOf, lag: LAG_AT[index % LAG_EVERY] ?? null },
      events.filter((e) => e.date <= asOf),
      summary,
    );
    const stored = await findCase(ctx.sql, caseId);
    if (stored !== undefined) summary.byState[stored.state] = (summary.byState[stored.state] ?? 0) + 1;
    options.onProgress?.(index, rows.length);
  }
  const [waiting] = await ctx.sql.query<{ n: number }>(
    `select count(*)::int as n from case_approvals where status = 'pending'`,
  );
  summary.awaitingApproval = waiting?.n ?? 0;
  summary.cases = rows.length;
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}

const noon = (date: IsoDate) => new Date(`${date}T12:00:00.000Z`);
const plusDays = (date: IsoDate, days: number) =>
  new Date(noon(date).getTime() + days * 86_400_000).toISOString().slice(0, 10) as IsoDate;

/** One person's case, stepped through on the days its events happened. */
async function replayCase(
  ctx: Context,
  input: { personId: string; caseId: string; asOf: IsoDate; lag: Lag | null },
  events: readonly LifecycleEvent[],
  summary: DemoCasesSummary,
): Promise<void> {
  const { caseId, asOf, lag } = input;
  let halted = false;
  let state = 'NONE';
  const at = (date: IsoDate): Context => ({ ...ctx, now: () => noon(date) });

  const count = (result: StepResult): StepResult => {
    summary.steps++;
    state = result.case.state;
    if (result.outcome === 'refused') {
      summary.refused++;
      for (const f of result.check?.blocking ?? [])
        summary.refusedBy[f.code] = (summary.refusedBy[f.code] ?? 0) + 1;
    }
    return result;
  };

  /** A step on `date`; adverse steps are asked for by the adjudicator and approved by the supervisor. */
  const step = async (
    date: IsoDate,
    transition: CaseTransition,
    reason: string,
    details: StepDetails = {},
  ): Promise<boolean> => {
    if (halted) return false;
    const adverse = TRANSITION_TABLE[transition].adverse;
    const asked = count(
      await transitionCase(at(date), adverse ? ADJUDICATOR : ANALYST, {
        caseId,
        transition,
        reason,
        details,
      }),
    );
    if (asked.outcome === 'refused') {
      halted = true;
      return false;
    }
    if (asked.outcome !== 'pending_approval') return true;
    const approved = count(await approveStep(at(date), SUPERVISOR, { caseId, reason: `checked: ${reason}` }));
    if (approved.outcome === 'refused') halted = true;
    return approved.outcome === 'approved';
  };

  const serveNta = async (date: IsoDate, hearing: IsoDate | undefined) => {
    const hearingDate = hearing ?? plusDays(date, 30);
    await step(date, 'serve_nta', 'NTA served with the time and place of the hearing', {
      hearingDate,
      ...(hearingDate < plusDays(date, 10) ? { tenDayMinimumWaived: true } : {}),
    });
  };

  const afterWaiver = async (date: IsoDate, outcome: IjDecisionOutcome, departBy: IsoDate | null) => {
    if (outcome === 'VD_GRANTED')
      await step(
        date,
        'begin_vd',
        'voluntary departure granted, appeal waived',
        departBy ? { vdDepartBy: departBy } : {},
      );
    else if (outcome === 'RELIEF_GRANTED')
      await step(date, 'relief_became_final', 'relief granted, no appeal');
    else if (outcome === 'TERMINATED') await step(date, 'proceedings_terminated', 'proceedings terminated');
    else await step(date, 'waive_appeal', 'the respondent waived appeal');
  };

  const afterWindow = async (window: { until: IsoDate; outcome: IjDecisionOutcome }) => {
    const day = plusDays(window.until, 1);
    if (day > asOf) return;
    const next: CaseTransition =
      window.outcome === 'VD_GRANTED'
        ? 'begin_vd'
        : window.outcome === 'RELIEF_GRANTED'
          ? 'relief_became_final'
          : window.outcome === 'TERMINATED'
            ? 'proceedings_terminated'
            : 'order_became_final';
    await step(day, next, 'the appeal window ran out with no appeal');
  };

  /** Closes the case when the records (as last derived) establish citizenship; the step checks again. */
  const closeIfCitizen = async () => {
    const [row] = await ctx.sql.query<{ citizen: boolean }>(
      `select coalesce((report -> 'removal' -> 'blockers') ? 'US_CITIZEN', false) as citizen
         from person_status where person_id = $1`,
      [input.personId],
    );
    if (row?.citizen !== true) return;
    count(
      await transitionCase(at(asOf), ANALYST, {
        caseId,
        transition: 'close_citizen',
        reason: 'records establish U.S. citizenship',
      }),
    );
  };

  const court = events.filter((e) => COURT.has(e.type));
  const first = court.find((e) => e.type !== 'departure');
  if (first === undefined) return;
  await openCase(at(first.date), ADJUDICATOR, {
    personId: input.personId,
    reason: 'court events on file for this person',
    id: caseId,
  });
  const hearings = court.filter((e) => e.type === 'master_hearing' || e.type === 'individual_hearing');
  const nextHearing = (after: IsoDate) => hearings.find((h) => h.date > after)?.date;
  let window: { until: IsoDate; outcome: IjDecisionOutcome } | null = null;
  let vdDepartBy: IsoDate | null = null;

  for (const e of court) {
    if (halted) break;
    // Time passing: an appeal window that ran out, a voluntary-departure period that expired.
    if (window !== null && e.date > window.until && e.type !== 'bia_appeal_filed') {
      await afterWindow(window);
      window = null;
    }
    if (vdDepartBy !== null && e.date > vdDepartBy && state === 'VD_PERIOD' && e.type !== 'departure') {
      await step(
        plusDays(vdDepartBy, 1),
        'vd_overstayed',
        'no departure within the voluntary departure period',
      );
      vdDepartBy = null;
    }
    switch (e.type) {
      case 'nta_issued':
        await serveNta(e.date, nextHearing(e.date));
        break;
      case 'nta_filed':
        if (state === 'NONE') await serveNta(e.date, nextHearing(e.date));
        if (lag === 'NTA' && state === 'NTA_ISSUED') return;
        await step(e.date, 'file_nta', 'NTA filed with the immigration court');
        break;
      case 'master_hearing':
      case 'individual_hearing': {
        const next = nextHearing(e.date);
        if (next !== undefined && state === 'PENDING_BEFORE_IJ')
          await step(e.date, 'serve_hearing_notice', 'notice of the next hearing', { hearingDate: next });
        break;
      }
      case 'ij_decision': {
        const outcome = outcomeOf(e);
        await step(e.date, 'record_ij_decision', `IJ decision: ${e.outcome}`, { outcome });
        if (lag === 'DECISION') return;
        if (outcome === 'REMOVAL_ORDERED_IN_ABSENTIA') {
          await step(e.date, 'final_in_absentia', 'in absentia order: final at once');
        } else if (e.appealWaived === true) {
          await afterWaiver(e.date, outcome, e.vd?.departBy ?? null);
          if (outcome === 'VD_GRANTED') vdDepartBy = e.vd?.departBy ?? null;
        } else if (await step(e.date, 'reserve_appeal', 'appeal reserved')) {
          const found = await findCase(ctx.sql, caseId);
          if (found?.appealDeadline && lag !== 'WINDOW') window = { until: found.appealDeadline, outcome };
          if (outcome === 'VD_GRANTED') vdDepartBy = e.vd?.departBy ?? null;
        }
        break;
      }
      case 'bia_appeal_filed':
        if (window !== null && e.date <= window.until) {
          await step(e.date, 'file_appeal', 'Form EOIR-26 received by the Board');
          window = null;
        }
        break;
      case 'bia_decision':
        if (state !== 'BIA_PENDING') break;
        if (e.outcome === 'REMANDED') await step(e.date, 'bia_remanded', 'the Board remanded');
        else if (e.outcome === 'SUSTAINED')
          await step(e.date, 'bia_granted_relief', 'the Board sustained the appeal');
        else await step(e.date, 'bia_final_order', 'the Board dismissed the appeal');
        break;
      case 'stay_granted':
        await step(e.date, 'grant_stay', `stay granted by ${e.by ?? 'an authority'}`);
        break;
      case 'stay_lifted':
        await step(e.date, 'lift_stay', `stay lifted by ${e.by ?? 'the authority'}`);
        break;
      case 'removal_executed':
        if (state !== 'FINAL_ORDER') break;
        // The warrant is executed the day before the departure is on record, then verified.
        await step(plusDays(e.date, -1), 'execute_removal', 'Warrant of Removal (I-205) executed');
        if (lag === null) await step(e.date, 'verify_departure', 'departure verified on the I-205');
        break;
      case 'departure':
        if (!e.verified) break;
        if (state === 'FINAL_ORDER')
          await step(e.date, 'record_self_removal', 'departed while the order was outstanding');
        else if (state === 'VD_PERIOD') await step(e.date, 'vd_complied', 'departed within the period');
        break;
      default:
        break;
    }
  }
  if (!halted && window !== null && asOf > window.until) await afterWindow(window);
  if (!halted && vdDepartBy !== null && asOf > vdDepartBy && state === 'VD_PERIOD')
    await step(
      plusDays(vdDepartBy, 1),
      'vd_overstayed',
      'no departure within the voluntary departure period',
    );

  // On asOf: a stopped case whose records establish citizenship is closed; each final order is put to
  // the enforcement step.
  if (halted) {
    await closeIfCitizen();
    return;
  }
  if (state !== 'FINAL_ORDER' || lag !== null) return;
  const asked = count(
    await transitionCase(at(asOf), ADJUDICATOR, {
      caseId,
      transition: 'execute_removal',
      reason: 'final order on file: Warrant of Removal requested',
    }),
  );
  if (asked.outcome === 'refused') await closeIfCitizen();
  else if (asked.outcome === 'pending_approval' && summary.steps % 2 === 0) {
    // The two-person rule at work: the officer who asked cannot approve.
    count(await approveStep(at(asOf), ADJUDICATOR, { caseId, reason: 'self-approval attempt' }));
  }
}

function outcomeOf(e: Extract<LifecycleEvent, { type: 'ij_decision' }>): IjDecisionOutcome {
  switch (e.outcome) {
    case 'REMOVAL_ORDERED':
      if (e.inAbsentia === true) return 'REMOVAL_ORDERED_IN_ABSENTIA';
      return e.protection !== undefined ? 'REMOVAL_ORDERED_WITH_PROTECTION' : 'REMOVAL_ORDERED';
    case 'VOLUNTARY_DEPARTURE':
      return 'VD_GRANTED';
    default:
      return e.outcome;
  }
}
