import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { equalBytes, utf8Into } from './bytes.js';

/**
 * RFC 6962 / RFC 9162 Merkle trees: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right),
 * the tree head of n leaves splits at the largest power of two below n. Pure functions over leaf hashes;
 * SHA-256 is injectable so the server can pass Node's native hash (same output, faster).
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

export const defaultSha256: Sha256 = (data) => nobleSha256(data);

export function hashLeaf(data: Uint8Array, sha256: Sha256 = defaultSha256): Uint8Array {
  const input = new Uint8Array(data.length + 1);
  input.set(data, 1);
  return sha256(input);
}

/**
 * RFC 6962 leaf hashes of texts, encoding each as UTF-8 straight into one reused buffer behind the 0x00
 * prefix: no per-leaf allocation but the hash itself (verify hashes a million of them).
 */
export function createLeafHasher(sha256: Sha256 = defaultSha256): (text: string) => Uint8Array {
  let buffer = new Uint8Array(4096);
  return (text) => {
    if (text.length * 3 + 1 > buffer.length) buffer = new Uint8Array(text.length * 3 + 1);
    buffer[0] = 0;
    const written = utf8Into(text, buffer.subarray(1));
    return sha256(buffer.subarray(0, written + 1));
  };
}

export function hashChildren(
  left: Uint8Array,
  right: Uint8Array,
  sha256: Sha256 = defaultSha256,
): Uint8Array {
  const input = new Uint8Array(65);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 33);
  return sha256(input);
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes; the empty tree's head is SHA-256 of nothing. */
export function treeHead(leaves: readonly Uint8Array[], sha256: Sha256 = defaultSha256): Uint8Array {
  const builder = createTreeBuilder(sha256);
  for (const leaf of leaves) builder.push(leaf);
  return builder.root();
}

/**
 * An append-only tree kept as its compact range: the roots of the perfect subtrees that make up the
 * tree, largest first (one per set bit of the size). Appending is O(log n); so is the head.
 */
export type TreeBuilder = {
  push(leafHash: Uint8Array): void;
  root(): Uint8Array;
  size(): number;
  /** The compact range, largest subtree first; enough to resume the tree later. */
  frontier(): Uint8Array[];
};

export function createTreeBuilder(
  sha256: Sha256 = defaultSha256,
  start: { size: number; frontier: readonly Uint8Array[] } = { size: 0, frontier: [] },
): TreeBuilder {
  if (popCount(start.size) !== start.frontier.length) {
    throw new Error(
      `a tree of size ${start.size} has ${popCount(start.size)} frontier hashes, not ${start.frontier.length}`,
    );
  }
  const stack = [...start.frontier];
  let size = start.size;
  return {
    push(leafHash) {
      let node = leafHash;
      let n = size;
      while (n % 2 === 1) {
        node = hashChildren(stack.pop()!, node, sha256);
        n = Math.floor(n / 2);
      }
      stack.push(node);
      size++;
    },
    root() {
      if (stack.length === 0) return sha256(new Uint8Array(0));
      let root = stack[stack.length - 1]!;
      for (let i = stack.length - 2; i >= 0; i--) root = hashChildren(stack[i]!, root, sha256);
      return root;
    },
    size: () => size,
    frontier: () => [...stack],
  };
}

function popCount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf m in the tree of the first n leaves. */
export function inclusionProof(
  leaves: readonly Uint8Array[],
  index: number,
  size: number = leaves.length,
  sha256: Sha256 = defaultSha256,
): Uint8Array[] {
  if (!(index >= 0 && index < size && size <= leaves.length)) {
    throw new Error(`no leaf ${index} in a tree of ${size}`);
  }
  const path = (m: number, from: number, n: number): Uint8Array[] => {
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...path(m, from, k), subtreeHead(leaves, from + k, n - k, sha256)];
    return [...path(m - k, from + k, n - k), subtreeHead(leaves, from, k, sha256)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: proves the tree of m leaves is a prefix of the tree of n. */
export function consistencyProof(
  leaves: readonly Uint8Array[],
  first: number,
  second: number = leaves.length,
  sha256: Sha256 = defaultSha256,
): Uint8Array[] {
  if (!(first >= 0 && first <= second && second <= leaves.length)) {
    throw new Error(`no consistency proof from ${first} to ${second}`);
  }
  if (first === 0 || first === second) return [];
  const sub = (m: number, from: number, n: number, complete: boolean): Uint8Array[] => {
    if (m === n) return complete ? [] : [subtreeHead(leaves, from, n, sha256)];
    const k = splitPoint(n);
    if (m <= k) return [...sub(m, from, k, complete), subtreeHead(leaves, from + k, n - k, sha256)];
    return [...sub(m - k, from + k, n - k, false), subtreeHead(leaves, from, k, sha256)];
  };
  return sub(first, 0, second, true);
}

function subtreeHead(leaves: readonly Uint8Array[], from: number, n: number, sha256: Sha256): Uint8Array {
  return treeHead(leaves.slice(from, from + n), sha256);
}

/** RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `index` in the tree of `size` with head `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  sha256: Sha256 = defaultSha256,
): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size))
    return false;
  if (proof.some((p) => p.length !== 32) || leafHash.length !== 32 || root.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r, sha256);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p, sha256);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree (first, firstRoot) is a prefix of (second, secondRoot)? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
  sha256: Sha256 = defaultSha256,
): boolean {
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(second) && first >= 0 && first <= second)) {
    return false;
  }
  if (proof.some((p) => p.length !== 32) || firstRoot.length !== 32 || secondRoot.length !== 32) return false;
  if (first === second) return proof.length === 0 && equalBytes(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr, sha256);
      sr = hashChildren(c, sr, sha256);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c, sha256);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(fr, firstRoot) && equalBytes(sr, secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  let v = n;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}
