import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corruptedPopulation } from './corruption.js';
import { fitLinkModel } from './model.js';
import { addToIndex, createPersonIndex, indexResolution } from './person-index.js';
import { seededRandom } from './random.js';
import { fitAndResolvePersons, resolvePersons } from './resolve.js';

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('incremental resolution', () => {
  it('gives the clusters, links and review queue of batch, whatever the arrival order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 8, max: 40 }), (seed, people) => {
        const { records } = corruptedPopulation({ people, seed, rates: { twins: 0.2 } });
        const model = fitLinkModel(records, { seed });
        const decisions =
          records.length > 3
            ? [{ a: records[0]!.id, b: records[3]!.id, decision: 'different' as const, by: 'r' }]
            : [];

        const batch = resolvePersons(records, model, { decisions });
        const index = createPersonIndex(model, { decisions });
        for (const record of shuffled(records, seed)) addToIndex(index, record);

        expect(indexResolution(index)).toEqual(batch);
      }),
      { numRuns: 12 },
    );
  });

  it('reports the person a new record joined and the groups it changed', () => {
    const { records } = corruptedPopulation({ people: 30, seed: 3 });
    const model = fitLinkModel(records, { seed: 3 });
    const index = createPersonIndex(model);

    const updates = records.map((r) => addToIndex(index, r));
    const last = updates.at(-1)!;

    expect(last.person).toContain(last.record);
    expect(last.after.flat()).toContain(last.record);
    expect(indexResolution(index).clusters.map((c) => c.records)).toContainEqual(last.person);
  });
});

describe('fitAndResolvePersons', () => {
  it('gives what fitLinkModel then resolvePersons give', () => {
    const { records } = corruptedPopulation({ people: 60, seed: 21 });

    const together = fitAndResolvePersons(records);

    const model = fitLinkModel(records);
    expect(together.model).toEqual(model);
    expect(together.resolution).toEqual(resolvePersons(records, model));
  });
});
