import { NAME_AND_BIRTH_FIELDS } from './fields.js';
import type { LinkModel } from './model.js';
import { type FieldValue, frequencyKey, type RecordStore } from './record-store.js';

const MAX_WEIGHT = 20;
const clampWeight = (w: number) => Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, w));

/** Match weights (log2 likelihood ratios) of a model, resolved against one store. */
export type Scorer = {
  /** weights[field][level] = log2(m/u); 0 for missing. */
  weights: Float64Array[];
  /** log2 of the prior odds of a match. */
  priorWeight: number;
  /** Total match weight of a comparison vector of records a and b (with term-frequency adjustment). */
  total: (levels: Uint8Array, a: number, b: number) => number;
  /** The term-frequency adjustment of field f for records a and b, given the pair's levels (≤ 0). */
  adjustment: (f: number, levels: Uint8Array, a: number, b: number) => number;
  /** True when every field with positive weight is a name or the date of birth. */
  nameAndBirthOnly: (levels: Uint8Array, a: number, b: number) => boolean;
};

export const probabilityOf = (weight: number, priorWeight: number): number =>
  1 / (1 + 2 ** -(weight + priorWeight));

/** The match weight (without prior) at which the posterior reaches a probability. */
export const weightFor = (probability: number, priorWeight: number): number =>
  Math.log2(probability / (1 - probability)) - priorWeight;

export function createScorer(model: LinkModel, store: RecordStore): Scorer {
  const weights = model.fields.map((field) => {
    const w = new Float64Array(field.levels.length);
    for (let l = 1; l < field.levels.length; l++) w[l] = clampWeight(Math.log2(field.m[l]! / field.u[l]!));
    // Agreement is never evidence against a match, nor disagreement evidence for one, whatever a
    // noisy estimate says (a conditional u of nearly zero can invert the sign).
    w[1] = Math.max(0, w[1]!);
    const last = field.levels.length - 1;
    if (field.levels[last] === 'different') w[last] = Math.min(0, w[last]!);
    return w;
  });
  const tfFields = model.fields.map((field) =>
    field.termFrequency ? (model.termFrequencies[field.id] ?? {}) : null,
  );
  const exactU = model.fields.map((field) => field.u[1] ?? 1);
  const given = model.fields.findIndex((f) => f.id === 'givenName');
  const family = model.fields.findIndex((f) => f.id === 'familyName');
  const full = model.fields.findIndex((f) => f.id === 'fullName');
  // Per field and value id, the term-frequency u of the value (never below the field's average) and
  // the share of the full name, computed on first use (NaN: not yet computed). No allocation per pair.
  const uCache: Float64Array[] = model.fields.map(() => new Float64Array(0));
  const shareCache: Float64Array[] = [new Float64Array(0)];
  const ensure = (caches: Float64Array[], f: number, id: number): Float64Array => {
    const column = caches[f]!;
    if (id < column.length) return column;
    const grown = new Float64Array(Math.max(64, (id + 1) * 2)).fill(Number.NaN);
    grown.set(column);
    caches[f] = grown;
    return grown;
  };
  const shareOf = (f: number, id: number) =>
    tfFields[f]![frequencyKey(store.vocabs[f]!.values[id] as FieldValue)];
  const valueU = (f: number, record: number): number => {
    const id = store.values[f]![record]!;
    if (id < 0) return exactU[f]!;
    const column = ensure(uCache, f, id);
    let u = column[id]!;
    if (Number.isNaN(u)) {
      const share = shareOf(f, id);
      u = share === undefined ? exactU[f]! : Math.max(share, exactU[f]!);
      column[id] = u;
    }
    return u;
  };
  const fullShare = (record: number): number => {
    const id = store.values[full]![record]!;
    if (id < 0) return 0;
    const column = ensure(shareCache, 0, id);
    let share = column[id]!;
    if (Number.isNaN(share)) {
      share = shareOf(full, id) ?? 0;
      column[id] = share;
    }
    return share;
  };
  /**
   * The term-frequency adjustment of field f (≤ 0). An exact agreement on a common value weighs
   * log2(m/u_value) instead of log2(m/u). When given and family names both agree exactly, the
   * family field also carries the joint correction: names of one culture go together, so a
   * common full name is commoner than its two parts' frequencies multiplied.
   */
  const adjustment = (f: number, levels: Uint8Array, a: number, b: number): number => {
    if (levels[f] !== 1 || tfFields[f] === null) return 0;
    let result = Math.log2(exactU[f]! / Math.max(valueU(f, a), valueU(f, b)));
    if (f === family && given >= 0 && full >= 0 && levels[given] === 1) {
      const separate =
        Math.min(valueU(given, a), valueU(given, b)) * Math.min(valueU(family, a), valueU(family, b));
      const joint = Math.max(fullShare(a), fullShare(b));
      if (joint > separate) result += Math.log2(separate / joint);
    }
    return result;
  };
  const tfIndexes = tfFields.flatMap((t, f) => (t === null ? [] : [f]));
  const identityOnly = model.fields.map((field) => NAME_AND_BIRTH_FIELDS.includes(field.id));

  return {
    weights,
    priorWeight: Math.log2(model.prior / (1 - model.prior)),
    total: (levels, a, b) => {
      let sum = 0;
      for (let f = 0; f < weights.length; f++) sum += weights[f]![levels[f]!]!;
      for (let k = 0; k < tfIndexes.length; k++) {
        const f = tfIndexes[k]!;
        if (levels[f] === 1) sum += adjustment(f, levels, a, b);
      }
      return sum;
    },
    adjustment,
    nameAndBirthOnly: (levels) => {
      let identity = false;
      for (let f = 0; f < weights.length; f++) {
        if (weights[f]![levels[f]!]! <= 0) continue;
        if (!identityOnly[f]) return false;
        identity = true;
      }
      return identity;
    },
  };
}
