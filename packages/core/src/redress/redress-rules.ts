import { addWorkingDays, type IsoDate } from './working-days.js';

/**
 * Privacy Act amendment requests (5 U.S.C. 552a(d)(2)–(3)): acknowledge within 10 working days, decide
 * within 30, and a person whose request is denied may appeal within 30 working days. A record stays
 * disputed — and adverse steps that rest on it stay frozen — while the request is open or its appeal
 * window runs.
 */
export const REDRESS_CLOCKS = { acknowledgeDays: 10, decideDays: 30, appealDays: 30 } as const;

export const REDRESS_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type RedressStatus = (typeof REDRESS_STATUSES)[number];
export const REDRESS_OUTCOMES = ['amended', 'denied', 'withdrawn'] as const;
export type RedressOutcome = (typeof REDRESS_OUTCOMES)[number];

export function redressDeadlines(receivedOn: IsoDate): { acknowledgeBy: IsoDate; decideBy: IsoDate } {
  return {
    acknowledgeBy: addWorkingDays(receivedOn, REDRESS_CLOCKS.acknowledgeDays),
    decideBy: addWorkingDays(receivedOn, REDRESS_CLOCKS.decideDays),
  };
}

export function appealDeadline(decidedOn: IsoDate): IsoDate {
  return addWorkingDays(decidedOn, REDRESS_CLOCKS.appealDays);
}

export type RedressClockFacts = {
  status: RedressStatus;
  resolution: RedressOutcome | null;
  acknowledgeBy: IsoDate;
  decideBy: IsoDate;
  appealBy: IsoDate | null;
};

/** Whether the dispute still freezes adverse steps on its record on `asOf`. */
export function isDisputeActive(request: RedressClockFacts, asOf: IsoDate): boolean {
  if (request.status !== 'resolved') return true;
  return request.resolution === 'denied' && request.appealBy !== null && asOf <= request.appealBy;
}

export type RedressDue = { kind: 'acknowledge' | 'decide' | 'appeal'; due: IsoDate; overdue: boolean };

/** The next deadline of a request on `asOf`, for the work list (ordered by legal deadline, SCOPE.md). */
export function nextRedressDeadline(request: RedressClockFacts, asOf: IsoDate): RedressDue | undefined {
  if (request.status === 'open') {
    return { kind: 'acknowledge', due: request.acknowledgeBy, overdue: asOf > request.acknowledgeBy };
  }
  if (request.status === 'acknowledged') {
    return { kind: 'decide', due: request.decideBy, overdue: asOf > request.decideBy };
  }
  if (request.resolution === 'denied' && request.appealBy !== null && asOf <= request.appealBy) {
    return { kind: 'appeal', due: request.appealBy, overdue: false };
  }
  return undefined;
}
