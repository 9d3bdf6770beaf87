import {
  BLOCKING_RULES,
  type BlockIndex,
  type BlockingPlan,
  createBlockIndex,
  forEachCandidate,
  indexRecord,
  oversizedKeys,
} from './blocking.js';
import { createComparator } from './compare.js';
import { createPatternCounter, estimateM, estimateU, type PatternCounts } from './em.js';
import { DATE, DOCUMENT, type FieldKind, IDENTIFIER_FIELDS, LEVELS_OF, NAME } from './fields.js';
import { seededRandom } from './random.js';
import {
  addRecord,
  createStore,
  type FieldValue,
  frequencyKey,
  presentFields,
  type RecordStore,
} from './record-store.js';
import type { IdentityRecord, PairScope } from './types.js';

/** The fitted parameters of one compared field. */
export type FieldModel = {
  id: string;
  kind: FieldKind;
  label: string;
  levels: readonly string[];
  /** P(level | same person), by EM. */
  m: number[];
  /** P(level | different people), from random pairs. */
  u: number[];
  termFrequency: boolean;
};

/**
 * Everything resolution needs besides the records: a plain JSON value, so the lead can store it
 * and re-load it. Batch and incremental resolution with the same model give the same clusters.
 */
export type LinkModel = {
  version: 1;
  fields: FieldModel[];
  /**
   * Probability that two records drawn at random are the same person: EM's expected number of
   * matches among the candidate pairs over the number of all pairs. This, not the share among
   * candidates, is the prior that goes with u from random pairs (the blocking agreement is already
   * counted by the field weights).
   */
  prior: number;
  /**
   * Per field, the relative frequency of values commoner than an average value (AHMED, LI,
   * 1 January): an exact agreement on them is weaker evidence, which protects namesakes.
   */
  termFrequencies: Record<string, Record<string, number>>;
  blocking: BlockingPlan;
  pairScope: PairScope;
  fit: {
    records: number;
    randomPairs: number;
    candidatePairs: number;
    emPairs: number;
    /** Candidate pairs that share a verified identifier: EM's anchors. */
    anchoredPairs: number;
    emIterations: number;
    converged: boolean;
    /** EM's share of matches among candidate pairs. */
    candidatePrior: number;
  };
};

export type FitOptions = {
  pairScope?: PairScope;
  /** Seed of the random-pair sample; fixed so that fitting is reproducible. */
  seed?: number;
  randomPairs?: number;
  maxBlockSize?: number;
  /** At most this many candidate pairs (a uniform sample) enter EM. */
  maxEmPairs?: number;
};

export const inScope = (store: RecordStore, scope: PairScope) =>
  scope === 'all'
    ? () => true
    : (a: number, b: number) => store.sources[a] !== store.sources[b] || store.sources[a] === -1;

/**
 * Fits a model to a set of records without any labels: u from random pairs, m and the prior
 * by EM over the blocked candidate pairs, term frequencies from the values themselves.
 */
export function fitLinkModel(records: readonly IdentityRecord[], options: FitOptions = {}): LinkModel {
  return fitPrepared(prepareRecords(records, options), options);
}

/** Records prepared once for fitting, and reusable by the resolver (fit and resolve share the work). */
export type Prepared = {
  store: RecordStore;
  index: BlockIndex;
  compare: (a: number, b: number, out: Uint8Array) => void;
  pairScope: PairScope;
};

/** Normalises the records and builds their blocks, with the stop list of oversized blocks. */
export function prepareRecords(records: readonly IdentityRecord[], options: FitOptions = {}): Prepared {
  const pairScope = options.pairScope ?? 'all';
  const maxBlockSize = options.maxBlockSize ?? 400;
  const store = createStore(presentFields(records));
  for (const record of records) addRecord(store, record);
  const identifierExtras = store.fields
    .map((f, index) => ({ f, index }))
    .filter(({ f, index }) => f.id.startsWith('extra:') && isIdentifierLike(store, index))
    .map(({ f }) => f.id);
  const draft: BlockingPlan = { rules: BLOCKING_RULES, identifierExtras, stopKeys: [], maxBlockSize };
  const index = createBlockIndex(store, draft);
  for (let r = 0; r < store.size; r++) indexRecord(index, store, r);
  const stopKeys = oversizedKeys(index, maxBlockSize);
  for (const key of stopKeys) index.stopped.add(index.keyIds.get(key)!);
  index.plan = { ...draft, stopKeys };
  return { store, index, compare: createComparator(store), pairScope };
}

/** Fits the model on prepared records (see fitLinkModel). */
export function fitPrepared(prepared: Prepared, options: FitOptions = {}): LinkModel {
  const { store, index, compare, pairScope } = prepared;
  const scope = inScope(store, pairScope);
  const random = seededRandom(options.seed ?? 20_240_601);
  const width = store.fields.length;
  const blocking = index.plan;

  const randomPatterns = sampleRandomPairs(store, scope, compare, random, options.randomPairs ?? 200_000);
  const u = estimateU(
    randomPatterns,
    store.fields.map((f) => LEVELS_OF[f.kind].length),
  );

  const maxEmPairs = options.maxEmPairs ?? 2_000_000;
  let candidatePairs = 0;
  forEachCandidate(index, scope, () => {
    candidatePairs++;
  });
  // A uniform sample of the candidates when there are too many for EM to need them all.
  const keep = Math.min(1, maxEmPairs / Math.max(candidatePairs, 1));
  const emCounter = createPatternCounter();
  const anchorCounter = createPatternCounter();
  const identifiers = IDENTIFIER_FIELDS.map((id) => store.fieldIndex.get(id)).filter((f) => f !== undefined);
  const vector = new Uint8Array(width);
  forEachCandidate(index, scope, (a, b) => {
    if (keep < 1 && random() >= keep) return;
    compare(a, b, vector);
    const sameIdentifier = identifiers.some((f) => vector[f] === DOCUMENT.exact);
    (sameIdentifier ? anchorCounter : emCounter).add(vector);
  });
  const em = trainSessions(store, emCounter.result(), anchorCounter.result(), u);
  const expectedMatches = em.prior * candidatePairs;
  const prior = Math.min(0.5, Math.max(expectedMatches, 1) / Math.max(allPairs(store, pairScope), 1));

  const fields: FieldModel[] = store.fields.map((f, i) => ({
    id: f.id,
    kind: f.kind,
    label: f.label,
    levels: LEVELS_OF[f.kind],
    m: em.m[i]!,
    u: em.conditionalU.get(i) ?? u[i]!,
    termFrequency: f.termFrequency,
  }));
  return {
    version: 1,
    fields,
    prior,
    termFrequencies: termFrequencies(store, fields),
    blocking,
    pairScope,
    fit: {
      records: store.size,
      randomPairs: randomPatterns.counts.reduce((sum, c) => sum + c, 0),
      candidatePairs,
      emPairs: emCounter.total() + anchorCounter.total(),
      anchoredPairs: anchorCounter.total(),
      emIterations: em.iterations,
      converged: em.converged,
      candidatePrior: em.prior,
    },
  };
}

const DEMOGRAPHIC_FIELDS = ['sex', 'nationality', 'countryOfBirth'] as const;

const filterPatterns = (data: PatternCounts, keep: (pattern: Uint8Array) => boolean): PatternCounts => {
  const out: PatternCounts = { patterns: [], counts: [] };
  data.patterns.forEach((pattern, i) => {
    if (!keep(pattern)) return;
    out.patterns.push(pattern);
    out.counts.push(data.counts[i]!);
  });
  return out;
};

const sizeOf = (data: PatternCounts) => data.counts.reduce((sum, c) => sum + c, 0);

/**
 * EM in two training sessions, as Splink does, so that no field is judged by pairs selected for
 * agreeing on it: m of the names comes from pairs whose dates of birth agree exactly, m of the date
 * of birth from pairs whose names agree, other fields average both. Conditioning on the names is
 * what keeps namesakes from teaching EM that "same name" means "same person": within pairs that
 * share a name, only the other evidence (date of birth, identifiers, sex) separates the classes.
 * A final pass with m fixed estimates the share of matches among all candidates.
 */
function trainSessions(store: RecordStore, all: PatternCounts, anchors: PatternCounts, u: number[][]) {
  const at = (id: string) => store.fieldIndex.get(id) ?? -1;
  const names = [at('givenName'), at('familyName'), at('fullName')].filter((f) => f >= 0);
  const dob = at('dateOfBirth');
  const strongName = (level: number) =>
    level === NAME.exact || level === NAME.variant || level === NAME.swapped;
  const namesAgree = (p: Uint8Array) => {
    const present = names.filter((f) => p[f] !== 0);
    return (
      present.length > 0 &&
      present.every((f) => strongName(p[f]!)) &&
      (present.length > 1 || names.length === 1 || p[at('fullName')] !== 0)
    );
  };
  const full = estimateM(all, u, { anchored: anchors });
  const session = (keep: (p: Uint8Array) => boolean, excluded: readonly number[]) => {
    const active = store.fields.map((_, f) => !excluded.includes(f));
    const data = filterPatterns(all, keep);
    const anchored = filterPatterns(anchors, keep);
    // A session needs enough pairs and at least two fields to tell two classes apart.
    if (sizeOf(data) + sizeOf(anchored) < 50 || active.filter(Boolean).length < 2) return null;
    return { result: estimateM(data, u, { anchored, active }), active };
  };
  const byNames = names.length > 0 ? session(namesAgree, names) : null;
  const byDate = dob >= 0 ? session((p) => p[dob] === DATE.exact, [dob]) : null;
  const m = store.fields.map((_, f) => {
    const sources = [byNames, byDate].flatMap((s) => (s?.active[f] ? [s.result.m[f]!] : []));
    if (sources.length === 0) return full.m[f]!;
    return sources[0]!.map((_, l) => sources.reduce((sum, src) => sum + src[l]!, 0) / sources.length);
  });
  const final = estimateM(all, u, { anchored: anchors, fixedM: m });
  // Sex, nationality and country of birth go with the name (a Hernández is usually Mexican), so
  // their agreement says little about two namesakes. Their u is taken among candidate pairs that
  // share a name (the non-match class of the names session), not among random pairs.
  const conditionalU = new Map<number, number[]>();
  if (byNames !== null) {
    for (const id of DEMOGRAPHIC_FIELDS) {
      const f = at(id);
      if (f >= 0 && byNames.active[f]) conditionalU.set(f, byNames.result.candidateU[f]!);
    }
  }
  return {
    m,
    prior: final.prior,
    conditionalU,
    iterations: full.iterations + final.iterations,
    converged: full.converged && final.converged,
  };
}

/** The number of pairs in scope: all pairs, or pairs across sources. */
function allPairs(store: RecordStore, scope: PairScope): number {
  const n = store.size;
  if (scope === 'all') return (n * (n - 1)) / 2;
  const perSource = new Map<number, number>();
  for (const s of store.sources) perSource.set(s, (perSource.get(s) ?? 0) + 1);
  let within = 0;
  for (const [source, count] of perSource) if (source !== -1) within += (count * (count - 1)) / 2;
  return (n * (n - 1)) / 2 - within;
}

function isIdentifierLike(store: RecordStore, field: number): boolean {
  const column = store.values[field]!;
  let present = 0;
  for (const id of column) if (id >= 0) present++;
  return present >= 10 && store.vocabs[field]!.values.length >= 0.5 * present;
}

function sampleRandomPairs(
  store: RecordStore,
  scope: (a: number, b: number) => boolean,
  compare: (a: number, b: number, out: Uint8Array) => void,
  random: () => number,
  wanted: number,
): PatternCounts {
  const n = store.size;
  const counter = createPatternCounter();
  const vector = new Uint8Array(store.fields.length);
  if (n < 2) return counter.result();
  if ((n * (n - 1)) / 2 <= wanted) {
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        if (!scope(a, b)) continue;
        compare(a, b, vector);
        counter.add(vector);
      }
    }
    return counter.result();
  }
  let attempts = 0;
  while (counter.total() < wanted && attempts < wanted * 20) {
    attempts++;
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a === b || !scope(a, b)) continue;
    compare(a, b, vector);
    counter.add(vector);
  }
  return counter.result();
}

/**
 * Relative frequencies of values, counted over distinct identities rather than records: a name
 * is counted once per distinct date of birth (a date once per distinct family name), so that one
 * person's many records do not make their own name look common — only namesakes do.
 */
function termFrequencies(
  store: RecordStore,
  fields: readonly FieldModel[],
): Record<string, Record<string, number>> {
  const tables: Record<string, Record<string, number>> = {};
  const at = (id: string) => store.fieldIndex.get(id) ?? -1;
  const textOf = (f: number, record: number): string => {
    if (f < 0) return '';
    const id = store.values[f]![record]!;
    return id < 0 ? '' : frequencyKey(store.vocabs[f]!.values[id] as FieldValue);
  };
  const dob = at('dateOfBirth');
  const family = at('familyName') >= 0 ? at('familyName') : at('fullName');
  store.fields.forEach((field, f) => {
    if (!field.termFrequency) return;
    const companion = field.kind === 'date' ? family : dob;
    const seen = new Map<string, Set<string>>();
    let identities = 0;
    for (let r = 0; r < store.size; r++) {
      const key = textOf(f, r);
      if (key === '') continue;
      const set = seen.get(key) ?? new Set<string>();
      seen.set(key, set);
      const other = textOf(companion, r);
      if (!set.has(other)) {
        set.add(other);
        identities++;
      }
    }
    // Only values commoner than the average agreement lower a weight: keep those (and, for the
    // full name, every name that two identities share, for the joint given+family adjustment).
    const average = fields[f]!.u[1]!;
    const table: Record<string, number> = {};
    for (const [key, set] of [...seen].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const share = set.size / identities;
      if (set.size > 1 && (field.kind === 'fullName' || share > average)) table[key] = share;
    }
    tables[field.id] = table;
  });
  return tables;
}
