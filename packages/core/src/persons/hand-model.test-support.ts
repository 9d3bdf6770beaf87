import { BLOCKING_RULES } from './blocking.js';
import { fieldSpec, LEVELS_OF } from './fields.js';
import type { LinkModel } from './model.js';

/**
 * A model with fixed, plausible m and u (no fitting), so that unit tests of clustering,
 * constraints and explanations do not depend on EM. Weights per level, as m/u.
 */
const PROFILE: Readonly<Record<string, readonly [number, number][]>> = {
  name: [
    [0, 0],
    [0.8, 0.01],
    [0.05, 0.002],
    [0.05, 0.003],
    [0.03, 0.006],
    [0.02, 0.01],
    [0.01, 0.02],
    [0.01, 0.01],
    [0.01, 0.0002],
    [0.02, 0.936],
  ],
  date: [
    [0, 0],
    [0.9, 0.0003],
    [0.02, 0.0002],
    [0.02, 0.004],
    [0.03, 0.005],
    [0.01, 0.02],
    [0.02, 0.97],
  ],
  category: [
    [0, 0],
    [0.95, 0.3],
    [0.05, 0.7],
  ],
  document: [
    [0, 0],
    [0.9, 0.00001],
    [0.02, 0.0001],
    [0.03, 0.0005],
    [0.05, 0.9994],
  ],
};

export function handModel(fieldIds: readonly string[], prior = 0.001): LinkModel {
  return {
    version: 1,
    fields: fieldIds.map((id) => {
      const spec = fieldSpec(id);
      const profile = PROFILE[spec.kind === 'fullName' ? 'name' : spec.kind] ?? PROFILE.category!;
      return {
        id,
        kind: spec.kind,
        label: spec.label,
        levels: LEVELS_OF[spec.kind],
        m: profile.map(([m]) => m),
        u: profile.map(([, u]) => u),
        termFrequency: false,
      };
    }),
    prior,
    termFrequencies: {},
    blocking: { rules: BLOCKING_RULES, identifierExtras: [], stopKeys: [], maxBlockSize: 400 },
    pairScope: 'all',
    fit: {
      records: 0,
      randomPairs: 0,
      candidatePairs: 0,
      emPairs: 0,
      anchoredPairs: 0,
      emIterations: 0,
      converged: true,
      candidatePrior: prior,
    },
  };
}
