import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A person's change of identity, recorded with who or what decided it. */
export type PersonIdEvent =
  | { kind: 'created'; personId: string; records: number }
  | { kind: 'merged'; personId: string; from: string }
  | { kind: 'split'; personId: string; from: string; records: number };

/**
 * Gives each cluster a person id that survives merges and splits (DESIGN.md §2, issue 4): a cluster
 * keeps the id under which most of its records were filed before, each old id goes to at most one
 * cluster (the one holding most of its records), and a cluster with no old id gets a new one derived
 * from its smallest record key (so the same data gives the same ids). Pure: the caller stores it.
 */
export function assignPersonIds(
  clusters: readonly { id: string; records: readonly string[] }[],
  previous: ReadonlyMap<string, string>,
  taken: ReadonlySet<string>,
): { ids: string[]; events: PersonIdEvent[] } {
  const claims: { cluster: number; personId: string; count: number }[] = [];
  clusters.forEach((cluster, index) => {
    const counts = new Map<string, number>();
    for (const key of cluster.records) {
      const old = previous.get(key);
      if (old !== undefined) counts.set(old, (counts.get(old) ?? 0) + 1);
    }
    for (const [personId, count] of counts) claims.push({ cluster: index, personId, count });
  });
  claims.sort(
    (a, b) =>
      b.count - a.count ||
      (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : a.cluster - b.cluster),
  );

  const ids: (string | undefined)[] = clusters.map(() => undefined);
  const claimedBy = new Map<string, number>();
  for (const claim of claims) {
    if (ids[claim.cluster] !== undefined || claimedBy.has(claim.personId)) continue;
    ids[claim.cluster] = claim.personId;
    claimedBy.set(claim.personId, claim.cluster);
  }

  const used = new Set<string>([...taken, ...claimedBy.keys()]);
  const events: PersonIdEvent[] = [];
  clusters.forEach((cluster, index) => {
    if (ids[index] !== undefined) return;
    const id = newPersonId(cluster.records, used);
    used.add(id);
    ids[index] = id;
    if (!claims.some((c) => c.cluster === index))
      events.push({ kind: 'created', personId: id, records: cluster.records.length });
  });

  for (const claim of claims) {
    const mine = ids[claim.cluster]!;
    if (claim.personId === mine) continue;
    const holder = claimedBy.get(claim.personId);
    if (holder === undefined) events.push({ kind: 'merged', personId: mine, from: claim.personId });
    else events.push({ kind: 'split', personId: mine, from: claim.personId, records: claim.count });
  }
  return { ids: ids as string[], events };
}

function newPersonId(records: readonly string[], used: ReadonlySet<string>): string {
  const seed = [...records].sort()[0] ?? '';
  for (let salt = 0; ; salt++) {
    const id = `P-${bytesToHex(sha256(utf8ToBytes(salt === 0 ? seed : `${seed}#${salt}`))).slice(0, 12)}`;
    if (!used.has(id)) return id;
  }
}
