/** Comparison vectors with how often each occurs: EM iterates over distinct patterns, not pairs. */
export type PatternCounts = { patterns: Uint8Array[]; counts: number[] };

/** Accumulates level vectors into distinct patterns without keeping one array per pair. */
export type PatternCounter = {
  add: (vector: Uint8Array) => void;
  result: () => PatternCounts;
  total: () => number;
};

export function createPatternCounter(): PatternCounter {
  const index = new Map<string, number>();
  const patterns: Uint8Array[] = [];
  const counts: number[] = [];
  let total = 0;
  return {
    add: (vector) => {
      total++;
      let key = '';
      for (let i = 0; i < vector.length; i++) key += String.fromCharCode(65 + vector[i]!);
      const known = index.get(key);
      if (known === undefined) {
        index.set(key, patterns.length);
        patterns.push(vector.slice());
        counts.push(1);
      } else counts[known]! += 1;
    },
    result: () => ({ patterns, counts }),
    total: () => total,
  };
}

/** Groups level vectors into distinct patterns. */
export function countPatterns(vectors: Iterable<Uint8Array>): PatternCounts {
  const counter = createPatternCounter();
  for (const vector of vectors) counter.add(vector);
  return counter.result();
}

export type EmResult = {
  /** m[field][level]: P(level | same person). Level 0 (missing) is unused. */
  m: number[][];
  /** P(level | different people) among the candidate pairs (not among random pairs). */
  candidateU: number[][];
  /** Share of candidate pairs that are matches. */
  prior: number;
  iterations: number;
  converged: boolean;
};

export type EmOptions = {
  maxIterations?: number;
  tolerance?: number;
  initialPrior?: number;
  /**
   * Pairs known to be the same person from the data itself (the same verified identifier): their
   * posterior is fixed at 1. They anchor EM's "match" class to identity, so it cannot drift to
   * "same name, same nationality", the namesake trap of plain EM.
   */
  anchored?: PatternCounts;
  /** Fields EM may use; the others are treated as missing (a training session conditioned on them). */
  active?: readonly boolean[];
  /** When given, m is held at these values and only the prior and the non-match class are fitted. */
  fixedM?: readonly (readonly number[])[];
};

/**
 * Fellegi–Sunter parameters by expectation–maximisation under conditional independence over the
 * blocked candidate pairs, unsupervised: no label enters. Both classes are learnt: the non-match
 * class of candidates (namesakes, relatives, neighbours) is far more alike than random pairs, so
 * holding u at its random-pair value would push every candidate into the match class. `u` (from
 * random pairs) only starts the non-match class. A pseudo-count keeps unseen levels finite.
 */
export function estimateM(
  data: PatternCounts,
  u: readonly (readonly number[])[],
  options: EmOptions = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const fields = u.length;
  const active = options.active ?? u.map(() => true);
  let m = options.fixedM?.map((levels) => [...levels]) ?? u.map((levels) => initialM(levels.length));
  let uc = u.map((levels) => [...levels]);
  let prior = options.initialPrior ?? 0.1;
  const anchored = options.anchored ?? { patterns: [], counts: [] };
  const patterns = [...data.patterns, ...anchored.patterns];
  const counts = [...data.counts, ...anchored.counts];
  const free = data.patterns.length;
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return { m, candidateU: uc, prior, iterations: 0, converged: true };

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const logM = m.map((levels) => levels.map((p) => Math.log(Math.max(p, 1e-12))));
    const logU = uc.map((levels) => levels.map((p) => Math.log(Math.max(p, 1e-12))));
    const logPrior = Math.log(prior);
    const logNot = Math.log(1 - prior);
    const mass = u.map((levels) => new Float64Array(levels.length));
    const otherMass = u.map((levels) => new Float64Array(levels.length));
    let matched = 0;
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p]!;
      let lm = logPrior;
      let lu = logNot;
      for (let f = 0; f < fields; f++) {
        const level = pattern[f]!;
        if (level === 0 || !active[f]) continue;
        lm += logM[f]![level]!;
        lu += logU[f]![level]!;
      }
      const posterior = p >= free ? 1 : 1 / (1 + Math.exp(lu - lm));
      const weight = posterior * counts[p]!;
      matched += weight;
      const rest = (1 - posterior) * counts[p]!;
      for (let f = 0; f < fields; f++) {
        mass[f]![pattern[f]!]! += weight;
        otherMass[f]![pattern[f]!]! += rest;
      }
    }
    const next = options.fixedM === undefined ? mass.map(normalise) : m;
    uc = otherMass.map(normalise);
    const nextPrior = Math.min(Math.max(matched / total, 1e-9), 1 - 1e-9);
    let change = Math.abs(nextPrior - prior);
    for (let f = 0; f < fields; f++) {
      for (let l = 1; l < next[f]!.length; l++) change = Math.max(change, Math.abs(next[f]![l]! - m[f]![l]!));
    }
    m = next;
    prior = nextPrior;
    converged = change < tolerance;
  }
  return { m, candidateU: uc, prior, iterations, converged };
}

function normalise(levels: Float64Array): number[] {
  const pseudo = 0.1;
  let sum = 0;
  for (let l = 1; l < levels.length; l++) sum += levels[l]! + pseudo;
  return Array.from(levels, (v, l) => (l === 0 ? 0 : (v + pseudo) / sum));
}

/** Starting m: most mass on the best agreement level, the rest spread and least on disagreement. */
function initialM(levels: number): number[] {
  const m = new Array<number>(levels).fill(0);
  if (levels < 3) return m;
  m[1] = 0.7;
  const middle = levels - 3;
  for (let l = 2; l < levels - 1; l++) m[l] = 0.25 / middle;
  m[levels - 1] = middle > 0 ? 0.05 : 0.3;
  return m;
}

/** u[field][level] from the level vectors of random pairs, with the same pseudo-count as m. */
export function estimateU(data: PatternCounts, levelCounts: readonly number[]): number[][] {
  const mass = levelCounts.map((n) => new Float64Array(n));
  for (let p = 0; p < data.patterns.length; p++) {
    const pattern = data.patterns[p]!;
    for (let f = 0; f < levelCounts.length; f++) mass[f]![pattern[f]!]! += data.counts[p]!;
  }
  return mass.map((levels) => {
    const pseudo = 0.5;
    let sum = 0;
    for (let l = 1; l < levels.length; l++) sum += levels[l]! + pseudo;
    return Array.from(levels, (v, l) => (l === 0 ? 0 : (v + pseudo) / sum));
  });
}
