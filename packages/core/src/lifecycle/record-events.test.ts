import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../generator/population.js';
import { lifecycleEvents, type SourceRecord } from './record-events.js';

const people = [...generatePopulation({ people: 3000, seed: 'lifecycle-test' })];
const recordsOf = (person: (typeof people)[number]): SourceRecord[] =>
  person.records.map((r) => ({
    sourceId: r.source,
    sourceRecordId: r.fields.sourceRecordId!,
    recordType: r.fields.recordType!,
    fields: r.fields,
  }));
const withoutBirthAbroad = <T extends { type: string; place?: unknown }>(events: readonly T[]) =>
  events.filter((e) => !(e.type === 'birth' && e.place === 'ABROAD'));

describe('lifecycleEvents', () => {
  it("derives every record-backed event of each generated person's true lifecycle, in order", () => {
    for (const person of people) {
      const derived = withoutBirthAbroad(lifecycleEvents(recordsOf(person)));

      expect({ person: person.personId, events: derived }).toEqual({
        person: person.personId,
        events: withoutBirthAbroad(person.lifecycle),
      });
    }
  });

  it('derives a birth abroad from the records for every foreign-born person, on the true date unless the records disagree', () => {
    const foreignBorn = people.filter((p) =>
      p.lifecycle.some((e) => e.type === 'birth' && e.place === 'ABROAD'),
    );
    let sameDate = 0;
    for (const person of foreignBorn) {
      const truth = person.lifecycle.find((e) => e.type === 'birth')!;
      const derived = lifecycleEvents(recordsOf(person)).filter((e) => e.type === 'birth');

      expect(derived).toHaveLength(1);
      expect(derived[0]).toMatchObject({ place: 'ABROAD' });
      if (derived[0]!.date === truth.date) sameDate++;
    }
    // Typos, day/month swaps and year-only dates exist in the records; most people still agree with the truth.
    expect(foreignBorn.length).toBeGreaterThan(2000);
    expect(sameDate / foreignBorn.length).toBeGreaterThan(0.9);
  });

  it('keeps each event traceable to the record it came from', () => {
    const person = people.find((p) => p.records.length >= 4)!;
    const keys = new Set(recordsOf(person).map((r) => `${r.sourceId}:${r.sourceRecordId}`));

    for (const event of lifecycleEvents(recordsOf(person))) {
      expect(event.recordIds?.length).toBeGreaterThan(0);
      for (const id of event.recordIds ?? []) expect(keys.has(id)).toBe(true);
    }
  });
});
