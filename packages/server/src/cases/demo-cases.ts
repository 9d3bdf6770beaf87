/**
 * Demo removal cases (issue 6 item 2): for persons whose records show court events, a case is opened
 * and the officers' steps are replayed from those events, each on the day it happened — so every gate
 * is checked as it stood that day, adverse steps wait for the demo supervisor, and a step the gates
 * refuse stays refused (with its reasons) and halts the case there. At asOf each case with a final
 * order is put to the enforcement step; most are refused with their blockers, the rest wait for a
 * supervisor. Work in progress: the first case (after DEMO-1) to pass through an intermediate state no
 * case rests in yet stops there, as if the officer had not yet recorded the next step — so the demo
 * shows open work in every state the records lead to, each reached by the gates, never set by hand.
 *
 * The officers are the demo accounts `ilos demo` creates (analyst, adjudicator, supervisor), each
 * logged in, so every step goes through the access layer and is audited like an officer's: the
 * adjudicator opens each case (and is assigned to it), the supervisor assigns the analyst and
 * themself. The replay runs on a clock set to each step's day, so the audit rows carry those days. The
 * first case is DEMO-1, the case the demo users are assigned to.
 */
import {
  type CaseTransition,
  type IjDecisionOutcome,
  type IsoDate,
  type LifecycleEvent,
  type RemovalCaseState,
  type StepDetails,
  TRANSITION_TABLE,
} from '@ilos/core';
import type { Principal } from '../access/access-layer.js';
import { assignWork } from '../access/work.js';
import type { Context } from '../context.js';
import { demoLogin } from '../demo/demo-users.js';
import type { RemovalCase } from './case-store.js';
import { approveStep, openCase, type StepResult, showCase, transitionCase } from './cases.js';

/** The three officers who work the demo cases, each a logged-in session. */
export type DemoOfficers = { analyst: Principal; adjudicator: Principal; supervisor: Principal };

/** Logs in the demo's analyst, adjudicator and supervisor (accounts, passwords and TOTP secrets from seedDemoUsers). */
export async function demoOfficers(
  ctx: Context,
  logins: readonly { userId: string; role: string; password: string; totpSecret: string }[],
): Promise<DemoOfficers | undefined> {
  const session = async (role: string): Promise<Principal | undefined> => {
    const account = logins.find((l) => l.role === role);
    if (account === undefined) return undefined;
    const { token } = await demoLogin(ctx, account);
    return { kind: 'session', token, component: 'demo', sourceIp: 'local' };
  };
  const [analyst, adjudicator, supervisor] = [
    await session('analyst'),
    await session('adjudicator'),
    await session('supervisor'),
  ];
  if (analyst === undefined || adjudicator === undefined || supervisor === undefined) return undefined;
  return { analyst, adjudicator, supervisor };
}

/** States a case may rest in while the officer has not yet recorded the step the records call for. */
const WORK_IN_PROGRESS: ReadonlySet<RemovalCaseState> = new Set([
  'NTA_ISSUED',
  'IJ_DECIDED',
  'APPEAL_WINDOW',
  'BIA_PENDING',
  'VD_PERIOD',
  'REMOVAL_EXECUTED',
]);

export type DemoCasesSummary = {
  cases: number;
  byState: Record<string, number>;
  /** One case in each state, to look at with `ilos case show`. */
  exampleByState: Record<string, string>;
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
  officers: DemoOfficers,
  asOf: IsoDate,
  options: { limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DemoCasesSummary> {
  const started = performance.now();
  const summary: DemoCasesSummary = {
    cases: 0,
    byState: {},
    exampleByState: {},
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
    const stored = await replayCase(
      ctx,
      officers,
      { personId: row.person_id, caseId, asOf, mayRest: index > 1 },
      events.filter((e) => e.date <= asOf),
      summary,
    );
    if (stored !== undefined) {
      summary.byState[stored] = (summary.byState[stored] ?? 0) + 1;
      summary.exampleByState[stored] ??= caseId;
    }
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

/**
 * One person's case, stepped through on the days its events happened; the state it was left in (as each
 * step returned it), or undefined when no case was opened.
 */
async function replayCase(
  ctx: Context,
  officers: DemoOfficers,
  input: { personId: string; caseId: string; asOf: IsoDate; mayRest: boolean },
  events: readonly LifecycleEvent[],
  summary: DemoCasesSummary,
): Promise<RemovalCaseState | undefined> {
  const { caseId, asOf } = input;
  const { analyst: ANALYST, adjudicator: ADJUDICATOR, supervisor: SUPERVISOR } = officers;
  let halted = false;
  /** The case rests in work in progress: the officer has not yet recorded the next step. */
  let resting = false;
  let state = 'NONE' as RemovalCaseState;
  /** The case as the last step returned it. */
  let current: RemovalCase | undefined;
  const at = (date: IsoDate): Context => ({ ...ctx, now: () => noon(date) });

  const count = (result: StepResult): StepResult => {
    summary.steps++;
    current = result.case;
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
    const to = TRANSITION_TABLE[transition].to;
    if (
      input.mayRest &&
      to !== 'SAME' &&
      WORK_IN_PROGRESS.has(state) &&
      summary.byState[state] === undefined
    ) {
      halted = true;
      resting = true;
      return false;
    }
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
  /** The analyst reads the case page (audited) and closes it when today's records establish citizenship. */
  const closeIfCitizen = async () => {
    const view = await showCase(at(asOf), ANALYST, caseId);
    if (!view.person.blockers.includes('US_CITIZEN')) return;
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
  if (first === undefined) return undefined;
  const opened = await openCase(at(first.date), ADJUDICATOR, {
    personId: input.personId,
    reason: 'court events on file for this person',
    id: caseId,
  });
  current = opened.case;
  for (const userId of ['analyst', 'supervisor'])
    await assignWork(at(first.date), SUPERVISOR, userId, `case:${caseId}`);
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
        if (outcome === 'REMOVAL_ORDERED_IN_ABSENTIA') {
          await step(e.date, 'final_in_absentia', 'in absentia order: final at once');
        } else if (e.appealWaived === true) {
          await afterWaiver(e.date, outcome, e.vd?.departBy ?? null);
          if (outcome === 'VD_GRANTED') vdDepartBy = e.vd?.departBy ?? null;
        } else if (await step(e.date, 'reserve_appeal', 'appeal reserved')) {
          if (current?.appealDeadline) window = { until: current.appealDeadline, outcome };
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
        await step(e.date, 'verify_departure', 'departure verified on the I-205');
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
  if (resting) return state;
  if (halted) {
    await closeIfCitizen();
    return state;
  }
  if (state !== 'FINAL_ORDER') return state;
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
  return state;
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
