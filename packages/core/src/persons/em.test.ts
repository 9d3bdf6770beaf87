import { describe, expect, it } from 'vitest';
import { countPatterns, estimateM } from './em.js';
import { seededRandom } from './random.js';

describe('estimateM', () => {
  it('recovers m and the match share of a synthetic mixture, without labels', () => {
    // Three fields, levels: missing, agree, near, disagree.
    const m = [
      [0, 0.85, 0.1, 0.05],
      [0, 0.8, 0.15, 0.05],
      [0, 0.9, 0.05, 0.05],
    ];
    const u = [
      [0, 0.05, 0.1, 0.85],
      [0, 0.02, 0.08, 0.9],
      [0, 0.1, 0.2, 0.7],
    ];
    const prior = 0.15;
    const random = seededRandom(42);
    const draw = (probabilities: number[]) => {
      let r = random();
      for (let l = 1; l < probabilities.length; l++) {
        r -= probabilities[l]!;
        if (r < 0) return l;
      }
      return probabilities.length - 1;
    };
    const vectors: Uint8Array[] = [];
    for (let i = 0; i < 40_000; i++) {
      const match = random() < prior;
      vectors.push(Uint8Array.from((match ? m : u).map(draw)));
    }
    // EM starts its non-match class from a rough u (as random pairs would give) and learns the rest.
    const roughU = u.map((levels) => levels.map((p, l) => (l === 0 ? 0 : (p + 0.1) / 1.3)));

    const result = estimateM(countPatterns(vectors), roughU);

    expect(result.prior).toBeCloseTo(prior, 1);
    result.m.forEach((levels, f) => {
      levels.forEach((p, l) => {
        if (l > 0) expect(Math.abs(p - m[f]![l]!)).toBeLessThan(0.03);
      });
    });
    result.candidateU.forEach((levels, f) => {
      levels.forEach((p, l) => {
        if (l > 0) expect(Math.abs(p - u[f]![l]!)).toBeLessThan(0.03);
      });
    });
  });
});
