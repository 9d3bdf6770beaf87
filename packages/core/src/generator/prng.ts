/**
 * A seeded pseudo-random source: sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded by
 * hashing the seed text with cyrb128. Own code rather than Math.random so that one seed gives
 * byte-identical output on every machine and Node version.
 */
export type Rng = {
  /** A float in [0, 1). */
  next: () => number;
  /** An unsigned 32-bit integer. */
  uint32: () => number;
  /** An integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number;
  /** True with probability p. */
  chance: (p: number) => boolean;
  /** One item of a non-empty list, uniformly. */
  pick: <T>(items: readonly T[]) => T;
};

/** Creates a generator for a seed; `stream` derives independent generators from one seed. */
export function createRng(seed: string | number, stream = ''): Rng {
  const [a0, b0, c0, d0] = cyrb128(`${seed}\u0000${stream}`);
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  const rng: Rng = {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
  // The first outputs of sfc32 still echo the seed; discard them.
  for (let i = 0; i < 15; i++) uint32();
  return rng;
}

/** cyrb128: a fast 128-bit string hash, enough to spread any seed text over sfc32's state. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A picker over weighted items: `[[item, weight], …]`, weights need not sum to 1. */
export type Weighted<T> = (rng: Rng) => T;

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const items = entries.map(([item]) => item);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) {
    total += w;
    cumulative.push(total);
  }
  if (items.length === 0 || total <= 0) throw new Error('weighted() needs at least one positive weight');
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

/**
 * A picker that favours the first items as a Zipf law does (weight 1/(rank+1)^s): a few names are
 * very common and most are rare, which is what makes namesakes as frequent as in real populations.
 */
export function zipf<T>(items: readonly T[], s = 1): Weighted<T> {
  return weighted(items.map((item, rank) => [item, 1 / (rank + 1) ** s] as const));
}
