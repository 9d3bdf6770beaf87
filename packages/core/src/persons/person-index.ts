import { candidatesOf, forEachCandidate } from './blocking.js';
import type { LinkModel, Prepared } from './model.js';
import {
  bandReview,
  canonicalResolution,
  type PersonCluster,
  type PersonLink,
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
  type Resolver,
} from './resolver.js';
import type { IdentityRecord } from './types.js';

/**
 * An incremental resolver: blocking index, scored edges and current clusters of every record
 * added so far. Adding records one at a time, in any order, yields exactly the clusters, links
 * and review items of resolvePersons on the same records with the same model (the model, with
 * its term frequencies and blocking stop list, is frozen; re-fit it now and then in batch).
 */
export type PersonIndex = {
  resolver: Resolver;
  /** Edges (mergeable and review band) of each record. */
  edges: Edge[][];
  /** The group (smallest member index) of each record. */
  groupOf: number[];
  members: Map<number, number[]>;
  links: Map<number, PersonLink[]>;
  /** Review items keyed by "a\u0000b" (record ids in order). */
  reviews: Map<string, ReviewItem>;
  candidatePairs: number;
};

/** What adding one record changed: the person it joined and how groups were re-formed. */
export type IndexUpdate = {
  record: string;
  /** The records of the person the new record belongs to (sorted ids). */
  person: string[];
  /** Groups (sorted ids) of the affected component before and after: merges and splits show here. */
  before: string[][];
  after: string[][];
  links: PersonLink[];
  /** Review items that involve the new record. */
  reviews: ReviewItem[];
  candidates: number;
};

export function createPersonIndex(
  model: LinkModel,
  options: ResolveOptions = {},
  prepared?: Prepared,
): PersonIndex {
  return {
    resolver: createResolver(model, options, prepared),
    edges: [],
    groupOf: [],
    members: new Map(),
    links: new Map(),
    reviews: new Map(),
    candidatePairs: 0,
  };
}

const reviewKey = (r: { a: string; b: string }) => `${r.a}\u0000${r.b}`;

/** Resolves one new record against the index and updates its clusters. */
export function addToIndex(index: PersonIndex, record: IdentityRecord): IndexUpdate {
  const { resolver } = index;
  const ids = resolver.store.ids;
  const r = admitRecord(resolver, record);
  index.edges[r] = [];
  index.groupOf[r] = r;
  index.members.set(r, [r]);
  index.links.set(r, []);

  const candidates = candidatesOf(resolver.blocks, r).filter((c) => resolver.scope(r, c));
  index.candidatePairs += candidates.length;
  const partners = new Set(candidates);
  for (const p of decidedPartners(resolver, r)) partners.add(p);
  for (const other of partners) {
    const edge = edgeFor(resolver, r, other);
    if (edge === null) continue;
    index.edges[r]!.push(edge);
    index.edges[other]!.push(edge);
  }

  // The component of mergeable edges around the new record: only it can change.
  const component: number[] = [];
  const seen = new Set<number>([r]);
  const queue = [r];
  while (queue.length > 0) {
    const x = queue.pop()!;
    component.push(x);
    for (const e of index.edges[x]!) {
      if (!e.mergeable) continue;
      const y = e.a === x ? e.b : e.a;
      if (!seen.has(y)) {
        seen.add(y);
        queue.push(y);
      }
    }
  }
  const before = [...new Set(component.filter((m) => m !== r).map((m) => index.groupOf[m]!))].map((g) =>
    index.members
      .get(g)!
      .map((m) => ids[m]!)
      .sort(),
  );
  const inside = new Set<Edge>();
  for (const m of component)
    for (const e of index.edges[m]!) if (seen.has(e.a) && seen.has(e.b)) inside.add(e);

  // Forget the old groups and the reviews inside the component, then re-cluster it.
  for (const m of component) {
    const g = index.groupOf[m]!;
    index.members.delete(g);
    index.links.delete(g);
  }
  for (const e of inside) index.reviews.delete(reviewKey({ a: ids[e.a]!, b: ids[e.b]! }));
  const result =
    component.length === 1
      ? { groups: [[r]], links: [[]] as PersonLink[][], reviews: [] as ReviewItem[] }
      : resolveComponent(resolver, component, [...inside]);
  result.groups.forEach((group, g) => {
    const key = Math.min(...group);
    for (const m of group) index.groupOf[m] = key;
    index.members.set(key, group);
    index.links.set(key, result.links[g]!);
  });
  const id = ids[r]!;
  const mine: ReviewItem[] = [];
  for (const review of result.reviews) {
    index.reviews.set(reviewKey(review), review);
    if (review.a === id || review.b === id) mine.push(review);
  }
  // Review-band edges from the new record to other components.
  for (const e of index.edges[r]!) {
    if (seen.has(e.a) && seen.has(e.b)) continue;
    const review = bandReview(resolver, e);
    if (review === null) continue;
    index.reviews.set(reviewKey(review), review);
    mine.push(review);
  }

  const group = index.groupOf[r]!;
  return {
    record: id,
    person: index.members
      .get(group)!
      .map((m) => ids[m]!)
      .sort(),
    before,
    after: result.groups.map((g) => g.map((m) => ids[m]!).sort()),
    links: index.links.get(group)!,
    reviews: mine.sort((x, y) => (reviewKey(x) < reviewKey(y) ? -1 : 1)),
    candidates: candidates.length,
  };
}

/**
 * Builds an index from many records in one pass: candidates block by block, then every component
 * clustered once. The result is the index that adding the records one by one would give, and the
 * batch resolution is read from it (resolvePersons).
 */
export function buildPersonIndex(
  records: readonly IdentityRecord[],
  model: LinkModel,
  options: ResolveOptions = {},
  prepared?: Prepared,
): PersonIndex {
  const index = createPersonIndex(model, options, prepared);
  const { resolver } = index;
  if (prepared === undefined) for (const record of records) admitRecord(resolver, record);
  for (let r = 0; r < resolver.store.size; r++) index.edges[r] = [];
  const n = resolver.store.size;
  const ids = resolver.store.ids;
  const edges: Edge[] = [];
  const add = (edge: Edge | null) => {
    if (edge === null) return;
    edges.push(edge);
    index.edges[edge.a]!.push(edge);
    index.edges[edge.b]!.push(edge);
  };
  forEachCandidate(resolver.blocks, resolver.scope, (a, b) => {
    index.candidatePairs++;
    options.onCandidate?.(ids[a]!, ids[b]!);
    add(edgeFor(resolver, a, b));
  });
  // Reviewer-confirmed pairs link even when no blocking key brought them together.
  const seen = new Set(edges.map((e) => `${e.a}:${e.b}`));
  for (let r = 0; r < n; r++) {
    for (const other of decidedPartners(resolver, r)) {
      const edge = edgeFor(resolver, r, other);
      if (edge === null || seen.has(`${edge.a}:${edge.b}`)) continue;
      seen.add(`${edge.a}:${edge.b}`);
      add(edge);
    }
  }

  // Components of the mergeable edges: clustering never crosses them.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let y = x;
    while (parent[y] !== y) {
      parent[y] = parent[parent[y]!]!;
      y = parent[y]!;
    }
    return y;
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
  for (const e of edges) {
    const root = find(e.a);
    if (root !== find(e.b)) {
      const review = bandReview(resolver, e);
      if (review !== null) index.reviews.set(reviewKey(review), review);
      continue;
    }
    const list = edgesOf.get(root);
    if (list === undefined) edgesOf.set(root, [e]);
    else list.push(e);
  }
  for (const [root, members] of membersOf) {
    const result =
      members.length === 1
        ? { groups: [members], links: [[]] as PersonLink[][], reviews: [] as ReviewItem[] }
        : resolveComponent(resolver, members, edgesOf.get(root) ?? []);
    result.groups.forEach((group, g) => {
      const key = Math.min(...group);
      for (const m of group) index.groupOf[m] = key;
      index.members.set(key, group);
      index.links.set(key, result.links[g]!);
    });
    for (const review of result.reviews) index.reviews.set(reviewKey(review), review);
  }
  return index;
}

/** The index's current clusters and review queue, in the same form as resolvePersons returns. */
export function indexResolution(index: PersonIndex): Resolution {
  const ids = index.resolver.store.ids;
  const clusters: PersonCluster[] = [];
  for (const [group, members] of index.members) {
    clusters.push({ id: '', records: members.map((m) => ids[m]!), links: [...index.links.get(group)!] });
  }
  let edges = 0;
  let mergeable = 0;
  index.edges.forEach((list, r) => {
    for (const e of list) {
      if (e.a !== r) continue;
      edges++;
      if (e.mergeable) mergeable++;
    }
  });
  return canonicalResolution(clusters, [...index.reviews.values()], {
    records: ids.length,
    candidatePairs: index.candidatePairs,
    edges,
    mergeableEdges: mergeable,
  });
}
