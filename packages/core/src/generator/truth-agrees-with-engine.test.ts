import { describe, expect, it } from 'vitest';
import { lifecycleEvents, type SourceRecord } from '../lifecycle/record-events.js';
import { statusReport } from '../status/status-report.js';
import type { IsoDate } from '../status/types.js';
import { generatePopulation } from './population.js';
import type { GeneratedPerson } from './types.js';

// The generator's truth (facts.ts, README "The truth rules") and the status engine apply RULES.md §4.3
// independently; they must give every in-scope person the same DHS overstay report category.
const AS_OF = '2026-06-30' as IsoDate;
const people = [...generatePopulation({ people: 3000, seed: 'truth-agrees-with-engine' })];

const recordsOf = (person: GeneratedPerson): SourceRecord[] =>
  person.records.map((r) => ({
    sourceId: r.source,
    sourceRecordId: r.fields.sourceRecordId as string,
    recordType: r.fields.recordType as string,
    fields: r.fields,
  }));

describe('generator truth and status engine', () => {
  it('agree on the overstay report category of every person in report scope', () => {
    const inScope = people.filter((p) => p.facts.inReportScope);
    const mismatches = inScope
      .map((p) => ({
        person: p.personId,
        archetype: p.facts.archetype,
        truth: p.facts.reportCategory,
        engine: statusReport(lifecycleEvents(recordsOf(p)), AS_OF).overstay.reportCategory,
      }))
      .filter((m) => m.truth !== m.engine);

    expect(inScope.length).toBeGreaterThan(2000);
    expect(inScope.some((p) => p.facts.reportCategory === 'SUSPECTED_IN_COUNTRY')).toBe(true);
    expect(inScope.some((p) => p.facts.reportCategory === 'OUT_OF_COUNTRY')).toBe(true);
    expect(mismatches).toEqual([]);
  });
});
