/**
 * A person's status over time from the same engine as statusReport: the engine is asked for the
 * status on every day where an answer can change (each event day and the day after it, and every
 * computed boundary: admit-until + 1, grace end + 1, appeal deadline + 1, bond deadline + 1, depart-by
 * + 1, TPS end + 1, …), and equal neighbours are merged. Each day is answered from the records dated
 * up to it, so a later retroactive approval shows from its own date (statusReport at asOf reflects it).
 */
import { addBusinessDays, anniversaryOf, type Day, dayOf, isoOf } from './calendar.js';
import { appealDeadlineOf } from './removal.js';
import {
  DURATION_OF_STATUS_RULES,
  LAW_DATES,
  TPS_DESIGNATIONS,
  UNLAWFUL_PRESENCE,
  VOLUNTARY_DEPARTURE,
} from './rule-tables.js';
import { evaluateStatus } from './status-report.js';
import type { IsoDate, LifecycleEvent, StatusInterval } from './types.js';

const GRACE_DAYS = [
  ...new Set(
    DURATION_OF_STATUS_RULES.flatMap((rule) =>
      Object.values(rule.graceDays).flatMap((byReason) => Object.values(byReason)),
    ),
  ),
];

/** Days on which the answer of the engine may differ from the day before. */
export function boundaryDaysOf(events: readonly LifecycleEvent[], asOf: Day): Day[] {
  const days = new Set<Day>([dayOf(LAW_DATES.childCitizenshipAct)]);
  const after = (date: IsoDate | 'D/S' | null | undefined) => {
    if (date && date !== 'D/S') days.add(dayOf(date) + 1);
  };
  for (const event of events) {
    const day = dayOf(event.date);
    if (day > asOf) continue;
    days.add(day);
    days.add(day + 1);
    switch (event.type) {
      case 'birth':
        days.add(anniversaryOf(day, UNLAWFUL_PRESENCE.minorUntilAge, 'MARCH_1').day);
        break;
      case 'admission':
        after(event.admitUntil);
        break;
      case 'satisfactory_departure_granted':
      case 'stay_granted':
      case 'stay_lifted':
      case 'authorized_stay_granted':
        after(event.until);
        break;
      case 'tps_granted': {
        after(event.until);
        const designation = TPS_DESIGNATIONS.find((d) => d.country === event.country.toUpperCase());
        if (designation) after(designation.terminationEffective);
        break;
      }
      case 'sevis_program_end':
        for (const grace of GRACE_DAYS) days.add(day + grace + 1);
        break;
      case 'employment_ended':
        days.add(day + 61);
        break;
      case 'extension_filed':
      case 'change_of_status_filed':
        after(event.requestedUntil);
        break;
      case 'extension_decided':
      case 'change_of_status_decided':
        after(event.grantedUntil);
        break;
      case 'ij_decision':
        days.add(appealDeadlineOf(day, false).day + 1);
        days.add(appealDeadlineOf(day, true).day + 1);
        days.add(addBusinessDays(day, VOLUNTARY_DEPARTURE.bondBusinessDays) + 1);
        after(event.vd?.departBy);
        days.add(day + 61);
        days.add(day + 121);
        break;
      case 'bia_decision':
        after(event.vdReinstatedDepartBy);
        break;
      case 'motion_to_reopen_decided':
        days.add(appealDeadlineOf(day, false).day + 1);
        break;
      default:
        break;
    }
  }
  return [...days].filter((day) => day <= asOf).sort((a, b) => a - b);
}

/** The intervals of a person's status from the first entry (or U.S. birth) through asOf. */
export function statusTimeline(events: readonly LifecycleEvent[], asOf: IsoDate): StatusInterval[] {
  const asOfDay = dayOf(asOf);
  const start = startOf(events, asOfDay);
  if (start === null) return [];
  const intervals: StatusInterval[] = [];
  for (const day of boundaryDaysOf(events, asOfDay)) {
    if (day < start) continue;
    const { decision } = evaluateStatus(events, isoOf(day), false);
    const last = intervals[intervals.length - 1];
    if (last && last.status === decision.status) {
      if (!last.ruleIds.includes(decision.rule)) last.ruleIds.push(decision.rule);
      continue;
    }
    if (last) last.to = isoOf(day - 1);
    intervals.push({ from: isoOf(day), to: null, status: decision.status, ruleIds: [decision.rule] });
  }
  return intervals;
}

/** The first day the person is known to be in the United States, or the first event day. */
function startOf(events: readonly LifecycleEvent[], asOf: Day): Day | null {
  let first: Day | null = null;
  let presence: Day | null = null;
  for (const event of events) {
    const day = dayOf(event.date);
    if (day > asOf) continue;
    if (first === null || day < first) first = day;
    const present =
      event.type === 'admission' ||
      event.type === 'entry_without_inspection' ||
      (event.type === 'birth' && event.place === 'US');
    if (present && (presence === null || day < presence)) presence = day;
  }
  return presence ?? first;
}
