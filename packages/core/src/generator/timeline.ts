import { dayOf } from './days.js';
import type { Draft } from './person.js';

/** Admissions of the synthetic population start on this day (immigrants and citizens reach further back). */
export const FIRST_ADMISSION_DAY = dayOf('2021-01-01');

/** The reference date: the agencies' files are as of this day, and the truth is computed for it. */
export const DEFAULT_REFERENCE_DATE = '2026-06-30';

/** The day a story starts from; a twin starts on the sibling's day (they travel together). */
export function anchorFor(draft: Draft, from: number, to: number): number {
  const day = draft.template?.anchor ?? from + Math.floor(draft.rng.next() * (to - from + 1));
  draft.anchor = day;
  return day;
}
