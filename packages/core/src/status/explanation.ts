/**
 * The rule chain of a status report: each step names the rule (RULES.md id), says in a sentence what
 * it decided, lists the events it used (by input index) with their source-record provenance, and
 * cites the statute or regulation. Steps are kept in the order the engine reasons.
 */
import type { ExplanationStep, LifecycleEvent } from './types.js';

/** A plain record (no closures: the engine builds several per report, on a hot path). */
export type Explanation = {
  /** False when only the answer is wanted (the timeline evaluates many days); `explain` then does nothing. */
  readonly enabled: boolean;
  readonly events: readonly LifecycleEvent[];
  readonly steps: ExplanationStep[];
};

export function explanationFor(events: readonly LifecycleEvent[], enabled = true): Explanation {
  return { enabled, events, steps: [] };
}

/** Adds one step to the chain. */
export function explain(
  why: Explanation,
  rule: string,
  text: string,
  used: readonly number[],
  citation: string,
): void {
  if (!why.enabled) return;
  const events: number[] = [];
  for (const index of used) if (index >= 0) events.push(index);
  const step: ExplanationStep = { rule, text, events, citation };
  let recordIds: string[] | null = null;
  for (const index of events) {
    const ids = why.events[index]?.recordIds;
    if (!ids) continue;
    recordIds ??= [];
    for (const id of ids) if (!recordIds.includes(id)) recordIds.push(id);
  }
  if (recordIds) step.recordIds = recordIds;
  why.steps.push(step);
}
