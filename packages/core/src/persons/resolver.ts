import { type BlockIndex, createBlockIndex, indexRecord } from './blocking.js';
import { type Comparator, createComparator } from './compare.js';
import { DOCUMENT, IDENTIFIER_FIELDS, NAME } from './fields.js';
import { inScope, type LinkModel, type Prepared } from './model.js';
import { addRecord, createStore, type RecordStore } from './record-store.js';
import { createScorer, probabilityOf, type Scorer, weightFor } from './score.js';
import {
  DEFAULT_RESOLVE_CONFIG,
  type IdentityRecord,
  type ResolveConfig,
  type ReviewDecision,
} from './types.js';

/** Why two records are held to be one person. */
export type EdgeBasis = 'reviewer' | 'identifier' | 'model';

/** A scored pair worth keeping: mergeable, or in the review band. */
export type Edge = {
  a: number;
  b: number;
  weight: number;
  probability: number;
  basis: EdgeBasis;
  /** For identifier edges, the identifier that agrees (aNumber, fin, passport, i94Number). */
  rule: string | null;
  nameAndBirthOnly: boolean;
  /** True when both the given and the family name agree (or the whole name, when a side is unsplit). */
  namesAgree: boolean;
  /** True when the edge may merge clusters (identifier, reviewer, or a model score at or above auto). */
  mergeable: boolean;
};

/** The shared state of batch and incremental resolution: records, blocks, kernel and scores. */
export type Resolver = {
  model: LinkModel;
  config: ResolveConfig;
  store: RecordStore;
  blocks: BlockIndex;
  compare: Comparator;
  scorer: Scorer;
  scope: (a: number, b: number) => boolean;
  autoWeight: number;
  reviewWeight: number;
  same: Map<string, Set<string>>;
  different: Map<string, Set<string>>;
  scratch: Uint8Array;
};

export type ResolveOptions = {
  config?: Partial<ResolveConfig>;
  decisions?: readonly ReviewDecision[];
  /** Called with the record ids of every candidate pair (to measure blocking's pair completeness). */
  onCandidate?: (a: string, b: string) => void;
};

/**
 * A resolver for a model. `prepared` (from fitting on the same records, in the same order) lets
 * resolution reuse the normalised records and blocks instead of building them again.
 */
export function createResolver(
  model: LinkModel,
  options: ResolveOptions = {},
  prepared?: Prepared,
): Resolver {
  const config: ResolveConfig = { ...DEFAULT_RESOLVE_CONFIG, pairScope: model.pairScope, ...options.config };
  const store = prepared?.store ?? createStore(model.fields.map((f) => f.id));
  const scorer = createScorer(model, store);
  const same = new Map<string, Set<string>>();
  const different = new Map<string, Set<string>>();
  for (const d of options.decisions ?? []) {
    const map = d.decision === 'same' ? same : different;
    for (const [x, y] of [
      [d.a, d.b],
      [d.b, d.a],
    ] as const) {
      const set = map.get(x) ?? new Set<string>();
      map.set(x, set);
      set.add(y);
    }
  }
  return {
    model,
    config,
    store,
    blocks: prepared?.index ?? createBlockIndex(store, model.blocking),
    compare: prepared?.compare ?? createComparator(store),
    scorer,
    scope: inScope(store, config.pairScope),
    autoWeight: weightFor(config.autoThreshold, scorer.priorWeight),
    reviewWeight: weightFor(config.reviewThreshold, scorer.priorWeight),
    same,
    different,
    scratch: new Uint8Array(model.fields.length),
  };
}

/** Adds a record to the resolver's store and blocks; returns its index. */
export function admitRecord(resolver: Resolver, record: IdentityRecord): number {
  const index = addRecord(resolver.store, record);
  indexRecord(resolver.blocks, resolver.store, index);
  return index;
}

/**
 * Compares two records in a canonical order (by record id), so that a pair scores the same
 * whichever record arrived first: the property incremental-equals-batch rests on.
 */
export function comparePair(
  resolver: Resolver,
  a: number,
  b: number,
  out: Uint8Array = resolver.scratch,
): number {
  const ids = resolver.store.ids;
  if (ids[a]! < ids[b]!) {
    resolver.compare(a, b, out);
    return resolver.scorer.total(out, a, b);
  }
  resolver.compare(b, a, out);
  return resolver.scorer.total(out, b, a);
}

/** Scores a pair and returns an edge when it is mergeable or in the review band, else null. */
export function edgeFor(resolver: Resolver, a: number, b: number): Edge | null {
  const { store, scorer, config } = resolver;
  const levels = resolver.scratch;
  const weight = comparePair(resolver, a, b, levels);
  const probability = probabilityOf(weight, scorer.priorWeight);
  const [lo, hi] = store.ids[a]! < store.ids[b]! ? [a, b] : [b, a];
  const nameAndBirthOnly = scorer.nameAndBirthOnly(levels, lo, hi);
  const namesAgree = namesAgreeIn(resolver, levels);

  if (resolver.same.get(store.ids[a]!)?.has(store.ids[b]!)) {
    return {
      a: lo,
      b: hi,
      weight,
      probability,
      basis: 'reviewer',
      rule: 'reviewer',
      nameAndBirthOnly,
      namesAgree,
      mergeable: true,
    };
  }
  for (const id of IDENTIFIER_FIELDS) {
    const f = store.fieldIndex.get(id);
    if (f !== undefined && levels[f] === DOCUMENT.exact) {
      return {
        a: lo,
        b: hi,
        weight,
        probability,
        basis: 'identifier',
        rule: id,
        nameAndBirthOnly,
        namesAgree,
        mergeable: true,
      };
    }
  }
  if (weight < resolver.reviewWeight) return null;
  const blockedAsNamesake = nameAndBirthOnly && config.nameAndBirthDateOnly === 'possible';
  const mergeable = weight >= resolver.autoWeight && !blockedAsNamesake;
  return {
    a: lo,
    b: hi,
    weight,
    probability,
    basis: 'model',
    rule: null,
    nameAndBirthOnly,
    namesAgree,
    mergeable,
  };
}

/**
 * Whether the names agree: the given and the family name (or the whole name, when a side is
 * unsplit) each at a level the model counts as evidence for a match (positive weight). A swap is
 * scored on the given-name field alone, the family field then reading missing.
 */
function namesAgreeIn(resolver: Resolver, levels: Uint8Array): boolean {
  const { fieldIndex } = resolver.store;
  const weights = resolver.scorer.weights;
  const agrees = (id: string): boolean | null => {
    const f = fieldIndex.get(id);
    if (f === undefined || levels[f] === NAME.missing) return null;
    return weights[f]![levels[f]!]! > 0;
  };
  const full = agrees('fullName');
  if (full !== null) return full;
  const given = fieldIndex.get('givenName');
  if (given !== undefined && levels[given] === NAME.swapped) return true;
  return agrees('givenName') === true && agrees('familyName') === true;
}

/** Compares records outside the blocks when a reviewer has decided about them. */
export function decidedPartners(resolver: Resolver, record: number): number[] {
  const partners = resolver.same.get(resolver.store.ids[record]!);
  if (partners === undefined) return [];
  const out: number[] = [];
  for (const id of partners) {
    const index = resolver.store.idIndex.get(id);
    if (index !== undefined) out.push(index);
  }
  return out;
}
