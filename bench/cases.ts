/**
 * Issue 6 item 5 / RELIABILITY.md T14 at scale: over a 100,000-person generated population, derive each
 * person's lifecycle events from their records, compute the status report, and try every adverse step
 * (the enforcement step among them) with every case precondition met — once on the records as they
 * are, once with a final removal order added, each with the identity confirmed and with only probable
 * links. A violation is a step the gates let through while a protected condition holds (citizenship
 * evidence, an unresolved claim, only probable links, a pending appeal, a stay, a running voluntary
 * departure, protection for the designated country, TPS). Goal: 0.
 */
import {
  checkSafetyInvariants,
  DEFAULT_REFERENCE_DATE,
  type GeneratedPerson,
  generatePopulation,
  type IsoDate,
  lifecycleEvents,
  PROTECTED_CONDITIONS,
  type ProtectedCondition,
  statusReport,
  withFinalOrder,
} from '@ilos/core';
import type { BenchRow } from './types.js';

const PEOPLE = 100_000;
const SEED = 'bench-cases';

const recordsOf = (person: GeneratedPerson) =>
  person.records.map((r) => ({
    sourceId: r.source,
    sourceRecordId: r.fields.sourceRecordId ?? '',
    recordType: r.fields.recordType ?? '',
    fields: r.fields,
  }));

export async function benchCases(
  people = PEOPLE,
): Promise<{ name: string; value: number; unit: string; goal?: string }[]> {
  const asOf = DEFAULT_REFERENCE_DATE as IsoDate;
  const started = performance.now();
  let persons = 0;
  let checks = 0;
  let enforcementViolations = 0;
  let freezeViolations = 0;
  let allowedExecutions = 0;
  let citizensCleared = 0;
  let withCourt = 0;
  const conditions: Record<ProtectedCondition, number> = Object.fromEntries(
    PROTECTED_CONDITIONS.map((c) => [c, 0]),
  ) as Record<ProtectedCondition, number>;
  const firstViolations: string[] = [];

  for (const person of generatePopulation({ people, seed: SEED })) {
    persons++;
    const events = lifecycleEvents(recordsOf(person));
    if (events.some((e) => e.type === 'nta_issued' || e.type === 'nta_filed')) withCourt++;
    const augmented = withFinalOrder(events, asOf);
    const variants = augmented.length === events.length ? [events] : [events, augmented];
    const protectedHere = new Set<ProtectedCondition>();
    for (const variant of variants) {
      const report = statusReport(variant, asOf);
      for (const confirmed of [true, false]) {
        checks++;
        const result = checkSafetyInvariants(variant, asOf, confirmed, report);
        for (const c of result.conditions) if (c !== 'ONLY_PROBABLE_LINKS') protectedHere.add(c);
        for (const v of result.violations) {
          if (v.transition === 'execute_removal') enforcementViolations++;
          else freezeViolations++;
          if (firstViolations.length < 5)
            firstViolations.push(`${person.personId} ${v.transition} ${v.conditions}`);
        }
        if (confirmed && result.allowed.includes('execute_removal')) {
          allowedExecutions++;
          if (person.facts.citizenship === 'US_CITIZEN') citizensCleared++;
        }
      }
    }
    for (const c of protectedHere) conditions[c]++;
  }
  const seconds = (performance.now() - started) / 1000;
  if (firstViolations.length > 0)
    console.error(`cases bench: violations, e.g.\n  ${firstViolations.join('\n  ')}`);

  const rows: BenchRow[] = [
    { name: 'persons checked (generated population)', value: persons, unit: 'persons' },
    { name: 'persons with court events', value: withCourt, unit: 'persons' },
    { name: 'invariant checks (variants × identity)', value: checks, unit: 'checks' },
    {
      name: 'enforcement step through a protected condition',
      value: enforcementViolations,
      unit: 'violations',
      goal: '0',
    },
    {
      name: 'adverse step through citizenship / claim / probable link',
      value: freezeViolations,
      unit: 'violations',
      goal: '0',
    },
    { name: 'US citizens (truth) cleared for removal', value: citizensCleared, unit: 'persons', goal: '0' },
    { name: 'enforcement steps allowed (no protected condition)', value: allowedExecutions, unit: 'checks' },
    ...PROTECTED_CONDITIONS.filter((c) => c !== 'ONLY_PROBABLE_LINKS').map((c) => ({
      name: `persons with ${c}`,
      value: conditions[c],
      unit: 'persons',
    })),
    { name: 'throughput', value: persons / seconds, unit: 'persons/s' },
  ];
  return rows;
}
