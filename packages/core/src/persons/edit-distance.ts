let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);
let beforeRow = new Int32Array(64);

function ensureRows(length: number): void {
  if (length < previousRow.length) return;
  previousRow = new Int32Array(length * 2);
  currentRow = new Int32Array(length * 2);
  beforeRow = new Int32Array(length * 2);
}

/** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
export function levenshtein(a: string, b: string): number {
  return editDistance(a, b, false);
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: Levenshtein plus the
 * transposition of two adjacent characters as one edit (the commonest keying error in dates
 * and document numbers: 19450394 for 19450349).
 */
export function damerauLevenshtein(a: string, b: string): number {
  return editDistance(a, b, true);
}

function editDistance(a: string, b: string, transpositions: boolean): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  ensureRows(lb + 1);
  let before = beforeRow;
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= lb; j++) previous[j] = j;
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (
        transpositions &&
        i > 1 &&
        j > 1 &&
        ca === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === cb &&
        before[j - 2]! + 1 < value
      ) {
        value = before[j - 2]! + 1;
      }
      current[j] = value;
    }
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[lb]!;
}

/**
 * Whether the Damerau–Levenshtein distance is at most `limit`, answered without filling the
 * whole table when the lengths alone already rule it out (the kernel asks this for short codes).
 */
export function withinEdits(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  return damerauLevenshtein(a, b) <= limit;
}

/**
 * Damerau–Levenshtein (optimal string alignment) distance when it is at most `limit`, else
 * limit + 1, filling only the diagonal band |i − j| ≤ limit and stopping as soon as a whole row
 * exceeds the limit: O(limit · length) instead of O(length²).
 */
export function boundedDamerau(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  const outside = limit + 1;
  if (Math.abs(la - lb) > limit) return outside;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  ensureRows(lb + 2);
  let before = beforeRow;
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= lb; j++) previous[j] = j <= limit ? j : outside;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(lb, i + limit);
    current[lo - 1] = lo === 1 && i <= limit ? i : outside;
    if (hi < lb) current[hi + 1] = outside;
    const ca = a.charCodeAt(i - 1);
    let rowMin = outside;
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1));
      if (
        i > 1 &&
        j > 1 &&
        ca === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === cb &&
        before[j - 2]! + 1 < value
      ) {
        value = before[j - 2]! + 1;
      }
      if (value > outside) value = outside;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return outside;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[lb]! > limit ? outside : previous[lb]!;
}
