import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concat, fromBase64, fromHex, toHex } from './bytes.js';
import {
  consistencyProof,
  createTreeBuilder,
  hashLeaf,
  inclusionProof,
  treeHead,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import {
  CONSISTENCY_VECTORS,
  type ConsistencyVector,
  INCLUSION_VECTORS,
  type InclusionVector,
  RFC6962_LEAVES,
} from './merkle-vectors.js';

/**
 * An independent reference: RFC 6962 §2.1 written as literally as possible, over leaf *data*, with its
 * own hashing. The module under test works on leaf hashes with a compact-range builder.
 */
const ref = {
  mth(data: Uint8Array[]): Uint8Array {
    if (data.length === 0) return sha256(new Uint8Array(0));
    if (data.length === 1) return sha256(concat(Uint8Array.of(0), data[0]!));
    const k = ref.k(data.length);
    return sha256(concat(Uint8Array.of(1), ref.mth(data.slice(0, k)), ref.mth(data.slice(k))));
  },
  k(n: number): number {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  },
  path(m: number, data: Uint8Array[]): Uint8Array[] {
    if (data.length === 1) return [];
    const k = ref.k(data.length);
    return m < k
      ? [...ref.path(m, data.slice(0, k)), ref.mth(data.slice(k))]
      : [...ref.path(m - k, data.slice(k)), ref.mth(data.slice(0, k))];
  },
  subproof(m: number, data: Uint8Array[], b: boolean): Uint8Array[] {
    const n = data.length;
    if (m === n) return b ? [] : [ref.mth(data)];
    const k = ref.k(n);
    return m <= k
      ? [...ref.subproof(m, data.slice(0, k), b), ref.mth(data.slice(k))]
      : [...ref.subproof(m - k, data.slice(k), false), ref.mth(data.slice(0, k))];
  },
};

const leafData = (n: number) =>
  Array.from({ length: n }, (_, i) => Uint8Array.of(i % 256, (i * 7) % 256, i >> 8));
const b64 = (s: string) => fromBase64(s) ?? new Uint8Array(0);

describe('RFC 6962 Merkle tree', () => {
  it('gives the RFC test tree of 8 leaves the published root, and every prefix its reference root', () => {
    const data = RFC6962_LEAVES.map((h) => fromHex(h)!);
    const leaves = data.map((d) => hashLeaf(d));

    expect(toHex(treeHead(leaves))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(toHex(treeHead(leaves.slice(0, 1)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(treeHead([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 0; n <= 8; n++) expect(treeHead(leaves.slice(0, n))).toEqual(ref.mth(data.slice(0, n)));
  });

  it('agrees with the reference for every tree size up to 70, and resumes from a saved compact range', () => {
    const data = leafData(70);
    const leaves = data.map((d) => hashLeaf(d));
    for (let n = 0; n <= 70; n++) {
      expect(treeHead(leaves.slice(0, n))).toEqual(ref.mth(data.slice(0, n)));
      const first = createTreeBuilder();
      for (const leaf of leaves.slice(0, n)) first.push(leaf);
      const resumed = createTreeBuilder(undefined, { size: n, frontier: first.frontier() });
      for (const leaf of leaves.slice(n)) resumed.push(leaf);
      expect(resumed.root()).toEqual(ref.mth(data));
    }
  });

  it('builds the reference audit path for every leaf of every tree up to 40, and each path verifies', () => {
    const data = leafData(41);
    const leaves = data.map((d) => hashLeaf(d));
    for (let n = 1; n <= 40; n++) {
      const root = treeHead(leaves.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m, n);
        expect(proof).toEqual(ref.path(m, data.slice(0, n)));
        expect(verifyInclusion(m, n, leaves[m]!, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, leaves[m]!, proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m]!, proof, treeHead(leaves.slice(0, n + 1)))).toBe(false);
      }
    }
  });

  it('builds the reference consistency proof for every pair of sizes up to 33, and each proof verifies', () => {
    const data = leafData(33);
    const leaves = data.map((d) => hashLeaf(d));
    for (let n = 1; n <= 33; n++) {
      const root2 = treeHead(leaves.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const root1 = treeHead(leaves.slice(0, m));
        const proof = consistencyProof(leaves, m, n);
        expect(proof).toEqual(m === n ? [] : ref.subproof(m, data.slice(0, n), true));
        expect(verifyConsistency(m, n, root1, root2, proof)).toBe(true);
        if (m < n) {
          expect(verifyConsistency(m, n, root2, root1, proof)).toBe(false);
          expect(verifyConsistency(m, n, root1, root2, proof.slice(0, -1))).toBe(false);
        }
      }
    }
  });
});

/** The mutation families transparency-dev/merkle derives from each happy path; all must be refused. */
function inclusionMutants(v: InclusionVector): InclusionVector[] {
  const proof = v.proof ?? [];
  const out: InclusionVector[] = [
    { ...v, leafIdx: v.leafIdx + 1, desc: 'leafIdx + 1' },
    { ...v, leafIdx: v.leafIdx - 1, desc: 'leafIdx - 1' },
    { ...v, leafIdx: v.leafIdx ^ 2, desc: 'leafIdx ^ 2' },
    { ...v, treeSize: v.treeSize * 2, desc: 'treeSize * 2' },
    { ...v, treeSize: Math.floor(v.treeSize / 2), desc: 'treeSize div 2' },
    { ...v, root: 'V3JvbmdSb290', desc: 'wrong root' },
    { ...v, root: '', desc: 'empty root' },
    { ...v, leafHash: 'V3JvbmdMZWFm', desc: 'wrong leaf' },
    { ...v, proof: [...proof, ''], desc: 'trailing garbage' },
    { ...v, proof: ['', ...proof], desc: 'preceding garbage' },
    { ...v, proof: [...proof, v.root], desc: 'trailing root' },
    { ...v, proof: [v.root, ...proof], desc: 'preceding root' },
  ];
  proof.forEach((p, i) => {
    const bytes = b64(p);
    bytes[0]! ^= 8;
    const modified = [...proof];
    modified[i] = refBase64(bytes);
    out.push({ ...v, proof: modified, desc: `modified proof[${i}] bit 3` });
    out.push({ ...v, proof: proof.filter((_, j) => j !== i), desc: `removed component ${i}` });
  });
  return out.map((m) => ({ ...m, wantErr: true }));
}

function consistencyMutants(v: ConsistencyVector): ConsistencyVector[] {
  const proof = v.proof ?? [];
  const out: ConsistencyVector[] = [
    { ...v, size1: v.size1 + 1, desc: 'size1 + 1' },
    ...(v.size1 > 1 ? [{ ...v, size1: v.size1 - 1, desc: 'size1 - 1' }] : []),
    { ...v, size1: v.size1 ^ 2, desc: 'size1 ^ 2' },
    { ...v, size2: v.size2 * 2, desc: 'size2 * 2' },
    { ...v, size2: Math.floor(v.size2 / 2), desc: 'size2 div 2' },
    { ...v, root1: 'V3JvbmdSb290', desc: 'wrong root1' },
    { ...v, root2: 'V3JvbmdSb290', desc: 'wrong root2' },
    { ...v, proof: [...proof, ''], desc: 'trailing garbage' },
    { ...v, proof: ['', ...proof], desc: 'preceding garbage' },
    { ...v, proof: [...proof, v.root1], desc: 'trailing root1' },
    { ...v, proof: [v.root2, ...proof], desc: 'preceding root2' },
  ];
  if (v.root1 !== v.root2) out.push({ ...v, root1: v.root2, root2: v.root1, desc: 'swapped roots' });
  if (proof.length > 0) out.push({ ...v, proof: [], desc: 'empty proof' });
  proof.forEach((p, i) => {
    const bytes = b64(p);
    bytes[0]! ^= 16;
    const modified = [...proof];
    modified[i] = refBase64(bytes);
    out.push({ ...v, proof: modified, desc: `modified proof[${i}] bit 4` });
    out.push({ ...v, proof: proof.filter((_, j) => j !== i), desc: `truncated/removed proof[${i}]` });
  });
  return out.map((m) => ({ ...m, wantErr: true }));
}

/** Base64 written independently of the module's own encoder. */
function refBase64(bytes: Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? chars[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? chars[n & 63]! : '=';
  }
  return out;
}

const runInclusion = (v: InclusionVector) =>
  verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root));
const runConsistency = (v: ConsistencyVector) =>
  verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), (v.proof ?? []).map(b64));

describe('transparency-dev/merkle vectors (T5.8)', () => {
  const inclusion = [
    ...INCLUSION_VECTORS,
    ...INCLUSION_VECTORS.filter((v) => !v.wantErr).flatMap(inclusionMutants),
  ];
  const consistency = [
    ...CONSISTENCY_VECTORS,
    ...CONSISTENCY_VECTORS.filter((v) => !v.wantErr).flatMap(consistencyMutants),
  ];

  it.each(inclusion.map((v, i) => ({ ...v, i })))(
    'inclusion $i ($desc, size $treeSize): wantErr $wantErr',
    (v) => {
      expect(runInclusion(v)).toBe(!v.wantErr);
    },
  );

  it.each(consistency.map((v, i) => ({ ...v, i })))(
    'consistency $i ($desc, $size1→$size2): wantErr $wantErr',
    (v) => {
      expect(runConsistency(v)).toBe(!v.wantErr);
    },
  );

  it('covers every happy path and at least 150 rejected cases', () => {
    expect(inclusion.filter((v) => !v.wantErr)).toHaveLength(5);
    expect(consistency.filter((v) => !v.wantErr)).toHaveLength(5);
    expect(
      inclusion.filter((v) => v.wantErr).length + consistency.filter((v) => v.wantErr).length,
    ).toBeGreaterThan(150);
  });
});
