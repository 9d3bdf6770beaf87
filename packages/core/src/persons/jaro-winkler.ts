// Scratch buffers reused across calls: the kernel compares millions of short strings, and a fresh
// allocation per call would dominate its cost. JavaScript is single-threaded, so sharing is safe.
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

function ensureCapacity(length: number): void {
  if (length <= matchedA.length) return;
  matchedA = new Uint8Array(length * 2);
  matchedB = new Uint8Array(length * 2);
}

/** Jaro similarity in [0, 1] (Jaro 1989): shared characters within a window, penalised for transpositions. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  ensureCapacity(Math.max(la, lb));
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);

  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const from = i > window ? i - window : 0;
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - (halfTranspositions >> 1)) / m) / 3;
}

/**
 * Jaro–Winkler similarity (Winkler 1990) with the usual constants: a bonus of 0.1 per shared
 * leading character, at most four, applied only when the Jaro similarity exceeds 0.7.
 * Published values: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
 */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  if (similarity <= 0.7) return similarity;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return similarity + prefix * 0.1 * (1 - similarity);
}

/** The set of letters (by their low five bits) a string contains: precomputed once per value. */
export function letterMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) mask |= 1 << (s.charCodeAt(i) & 31);
  return mask;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function countIn(s: string, mask: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if ((mask >>> (s.charCodeAt(i) & 31)) & 1) n++;
  return n;
}

/**
 * Jaro–Winkler similarity when it can reach `floor` (≥ 0.7), else 0 — answered cheaply for most
 * unrelated strings. Sound bound: a Winkler score ≥ floor needs Jaro ≥ (floor − 0.4)/0.6, and Jaro
 * ≤ (m/|a| + m/|b| + 1)/3 where m ≤ the characters of each string whose letter the other contains.
 */
export function jaroWinklerAtLeast(
  a: string,
  b: string,
  floor: number,
  maskA = letterMask(a),
  maskB = letterMask(b),
): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const needJaro = (floor - 0.4) / 0.6;
  // Length alone: m ≤ min(la, lb).
  const short = Math.min(la, lb);
  if ((short / la + short / lb + 1) / 3 < needJaro) return 0;
  // Each distinct letter of one string missing from the other costs at least one match.
  const bound = Math.min(la - bitCount(maskA & ~maskB), lb - bitCount(maskB & ~maskA));
  if ((bound / la + bound / lb + 1) / 3 < needJaro) return 0;
  const m = Math.min(countIn(a, maskB), countIn(b, maskA));
  if ((m / la + m / lb + 1) / 3 < needJaro) return 0;
  return jaroWinkler(a, b);
}
