import { forEachCandidate } from './blocking.js';
import type { LinkModel } from './model.js';
import {
  bandReview,
  canonicalResolution,
  type PersonCluster,
  type Resolution,
  type ReviewItem,
  resolveComponent,
} from './resolution.js';
import {
  admitRecord,
  createResolver,
  decidedPartners,
  type Edge,
  edgeFor,
  type ResolveOptions,
} from './resolver.js';
import type { IdentityRecord } from './types.js';

/**
 * Batch resolution: blocks, scores every candidate pair, and clusters each connected component
 * of mergeable edges. The same model and decisions give the same result as adding the records
 * one by one to a PersonIndex, in any order.
 */
export function resolvePersons(
  records: readonly IdentityRecord[],
  model: LinkModel,
  options: ResolveOptions = {},
): Resolution {
  const resolver = createResolver(model, options);
  for (const record of records) admitRecord(resolver, record);
  const n = resolver.store.size;

  const edges: Edge[] = [];
  let candidatePairs = 0;
  const ids = resolver.store.ids;
  const onCandidate = options.onCandidate;
  forEachCandidate(resolver.blocks, resolver.scope, (a, b) => {
    candidatePairs++;
    onCandidate?.(ids[a]!, ids[b]!);
    const edge = edgeFor(resolver, a, b);
    if (edge !== null) edges.push(edge);
  });
  // Reviewer-confirmed pairs link even when no blocking key brought them together.
  const seen = new Set(edges.map((e) => `${e.a}:${e.b}`));
  for (let r = 0; r < n; r++) {
    for (const other of decidedPartners(resolver, r)) {
      const edge = edgeFor(resolver, r, other);
      if (edge !== null && !seen.has(`${edge.a}:${edge.b}`)) {
        seen.add(`${edge.a}:${edge.b}`);
        edges.push(edge);
      }
    }
  }

  // Components of the mergeable edges: clustering never crosses them.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const e of edges) if (e.mergeable) parent[find(e.a)] = find(e.b);

  const membersOf = new Map<number, number[]>();
  for (let r = 0; r < n; r++) {
    const root = find(r);
    const list = membersOf.get(root);
    if (list === undefined) membersOf.set(root, [r]);
    else list.push(r);
  }
  const edgesOf = new Map<number, Edge[]>();
  const reviews: ReviewItem[] = [];
  for (const e of edges) {
    const root = find(e.a);
    if (root !== find(e.b)) {
      const review = bandReview(resolver, e);
      if (review !== null) reviews.push(review);
      continue;
    }
    const list = edgesOf.get(root);
    if (list === undefined) edgesOf.set(root, [e]);
    else list.push(e);
  }

  const clusters: PersonCluster[] = [];
  for (const [root, members] of membersOf) {
    if (members.length === 1) {
      clusters.push({ id: ids[members[0]!]!, records: [ids[members[0]!]!], links: [] });
      continue;
    }
    const result = resolveComponent(resolver, members, edgesOf.get(root) ?? []);
    result.groups.forEach((group, g) => {
      clusters.push({ id: '', records: group.map((m) => ids[m]!), links: result.links[g]! });
    });
    reviews.push(...result.reviews);
  }
  return canonicalResolution(clusters, reviews, {
    records: n,
    candidatePairs,
    edges: edges.length,
    mergeableEdges: edges.filter((e) => e.mergeable).length,
  });
}
