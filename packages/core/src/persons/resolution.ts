import { type ClusterOutcome, clusterComponent } from './cluster.js';
import { comparePair, type Edge, type Resolver } from './resolver.js';
import type { LinkStrength } from './types.js';

/** One field's part in a pair's score. */
export type FieldEvidence = { field: string; level: string; weight: number };

/** A link between two records of one person, with who or what decided it and why. */
export type PersonLink = {
  a: string;
  b: string;
  strength: LinkStrength;
  /** 'rule' for a verified-identifier match, 'model' for Fellegi–Sunter, 'reviewer' for a person. */
  decidedBy: 'rule' | 'model' | 'reviewer';
  rule: string | null;
  probability: number;
  weight: number;
  evidence: FieldEvidence[];
};

export type ReviewReason =
  | 'doubtful'
  | 'name-and-birth-date-only'
  | 'contradiction'
  | 'incoherent-cluster'
  | 'twin-or-namesake';

/** A pair a person should look at (the review queue), with the evidence side by side. */
export type ReviewItem = {
  a: string;
  b: string;
  reason: ReviewReason;
  detail: string;
  probability: number;
  weight: number;
  evidence: FieldEvidence[];
};

/** One person: the records judged to be one human and the links that hold them together. */
export type PersonCluster = {
  /** The smallest record id of the cluster: deterministic, but not stable across merges (the store maps it to a person id). */
  id: string;
  records: string[];
  links: PersonLink[];
};

export type Resolution = {
  clusters: PersonCluster[];
  reviews: ReviewItem[];
  stats: { records: number; candidatePairs: number; edges: number; mergeableEdges: number };
};

/** The per-field levels and weights of a pair (canonical order, as scored). */
export function evidenceOf(resolver: Resolver, a: number, b: number): FieldEvidence[] {
  const levels = new Uint8Array(resolver.model.fields.length);
  comparePair(resolver, a, b, levels);
  const ids = resolver.store.ids;
  const [x, y] = ids[a]! < ids[b]! ? [a, b] : [b, a];
  return resolver.model.fields.flatMap((field, f) => {
    const level = levels[f]!;
    if (level === 0) return [];
    const weight = resolver.scorer.weights[f]![level]! + resolver.scorer.adjustment(f, levels, x, y);
    return [{ field: field.id, level: field.levels[level]!, weight: round(weight) }];
  });
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function toLink(resolver: Resolver, edge: Edge): PersonLink {
  const ids = resolver.store.ids;
  const strength: LinkStrength =
    edge.basis === 'identifier' ? 'deterministic' : edge.basis === 'reviewer' ? 'confirmed' : 'probable';
  return {
    a: ids[edge.a]!,
    b: ids[edge.b]!,
    strength,
    decidedBy: edge.basis === 'identifier' ? 'rule' : edge.basis,
    rule: edge.rule,
    probability: round(edge.probability),
    weight: round(edge.weight),
    evidence: evidenceOf(resolver, edge.a, edge.b),
  };
}

function toReview(resolver: Resolver, edge: Edge, reason: ReviewReason, detail: string): ReviewItem {
  const ids = resolver.store.ids;
  return {
    a: ids[edge.a]!,
    b: ids[edge.b]!,
    reason,
    detail,
    probability: round(edge.probability),
    weight: round(edge.weight),
    evidence: evidenceOf(resolver, edge.a, edge.b),
  };
}

const decided = (resolver: Resolver, edge: Edge): boolean => {
  const ids = resolver.store.ids;
  const a = ids[edge.a]!;
  const b = ids[edge.b]!;
  return resolver.same.get(a)?.has(b) === true || resolver.different.get(a)?.has(b) === true;
};

/** The review item of an edge that does not merge by itself (below auto, or a namesake-only match). */
export function bandReview(resolver: Resolver, edge: Edge): ReviewItem | null {
  if (edge.mergeable || decided(resolver, edge)) return null;
  if (edge.nameAndBirthOnly && edge.weight >= resolver.autoWeight) {
    return toReview(
      resolver,
      edge,
      'name-and-birth-date-only',
      'only the name and date of birth agree (RULES.md §8.4)',
    );
  }
  return toReview(resolver, edge, 'doubtful', 'the match probability is in the review band');
}

/** A component's clusters, links and review items. */
export type ComponentResult = {
  groups: number[][];
  links: PersonLink[][];
  reviews: ReviewItem[];
  outcome: ClusterOutcome;
};

/** Clusters one connected component and turns the outcome into links and review items. */
export function resolveComponent(
  resolver: Resolver,
  members: readonly number[],
  edges: readonly Edge[],
): ComponentResult {
  const outcome = clusterComponent(resolver, members, edges);
  const groupOf = new Map<number, number>();
  outcome.groups.forEach((g, i) => {
    for (const m of g) groupOf.set(m, i);
  });
  const links: PersonLink[][] = outcome.groups.map(() => []);
  for (const edge of outcome.merges) links[groupOf.get(edge.a)!]!.push(toLink(resolver, edge));
  const reviews: ReviewItem[] = [];
  for (const r of outcome.rejections) {
    if (r.reason === 'reviewer-said-different') continue;
    reviews.push(toReview(resolver, r.edge, r.reason, r.detail));
  }
  for (const edge of edges) {
    if (edge.mergeable || groupOf.get(edge.a) === groupOf.get(edge.b)) continue;
    const review = bandReview(resolver, edge);
    if (review !== null) reviews.push(review);
  }
  return { groups: outcome.groups, links, reviews, outcome };
}

/** Sorts everything by record id so two resolutions of the same data compare equal. */
export function canonicalResolution(
  clusters: PersonCluster[],
  reviews: ReviewItem[],
  stats: Resolution['stats'],
): Resolution {
  const byPair = (x: { a: string; b: string }, y: { a: string; b: string }) =>
    x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;
  for (const c of clusters) {
    c.records.sort();
    c.links.sort(byPair);
    c.id = c.records[0]!;
  }
  clusters.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { clusters, reviews: [...reviews].sort(byPair), stats };
}
