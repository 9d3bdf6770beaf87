import { dateLevel } from './compare.js';
import { DATE } from './fields.js';
import type { BirthDate } from './normalise-date.js';
import type { RecordFacts } from './record-store.js';
import { comparePair, type Edge, type Resolver } from './resolver.js';

/** Why a mergeable edge did not merge its two clusters. */
export type Rejection = {
  edge: Edge;
  reason: 'contradiction' | 'reviewer-said-different' | 'incoherent-cluster' | 'twin-or-namesake';
  detail: string;
};

export type ClusterOutcome = {
  /** Groups of record indexes, each one person. */
  groups: number[][];
  /** The edges that merged clusters: each group's spanning tree of evidence. */
  merges: Edge[];
  rejections: Rejection[];
};

/** What a cluster holds that another cluster may contradict. */
type ClusterState = {
  members: number[];
  aNumber: string | null;
  fin: string | null;
  birthDate: string | null;
  /** Verified complete dates of birth, and every complete date of birth, distinct. */
  verifiedDates: BirthDate[];
  completeDates: BirthDate[];
  passports: RecordFacts['passport'][];
  birthCountries: string[];
};

const RANK: Readonly<Record<Edge['basis'], number>> = { reviewer: 0, identifier: 1, model: 2 };

/** Orders edges strongest first; ties broken by record ids so the order never depends on arrival. */
export function compareEdges(ids: readonly string[]) {
  return (x: Edge, y: Edge): number =>
    RANK[x.basis] - RANK[y.basis] ||
    y.weight - x.weight ||
    (ids[x.a]! < ids[y.a]! ? -1 : ids[x.a]! > ids[y.a]! ? 1 : 0) ||
    (ids[x.b]! < ids[y.b]! ? -1 : ids[x.b]! > ids[y.b]! ? 1 : 0);
}

/**
 * Greedy agglomeration of one connected component, strongest evidence first, with union-find.
 * Two clusters merge only if nothing in them contradicts the other (cannot-link): two different
 * A-Numbers, FINs or verified complete dates of birth; two passports of one issuer with different
 * numbers issued the same day; or a reviewer's "different". A model edge between clusters that state
 * different countries of birth goes to review (a namesake is likelier than one person). A model edge must also hold for the
 * clusters as wholes (mean match weight over all their cross pairs at or above the automatic
 * threshold), so a chain A–B–C never joins A and C when they are strangers to each other.
 */
export function clusterComponent(
  resolver: Resolver,
  members: readonly number[],
  edges: readonly Edge[],
): ClusterOutcome {
  const { store } = resolver;
  const parent = new Map<number, number>();
  const state = new Map<number, ClusterState>();
  for (const m of members) {
    parent.set(m, m);
    const facts = store.facts[m]!;
    state.set(m, {
      members: [m],
      aNumber: facts.aNumber,
      fin: facts.fin,
      birthDate: facts.verifiedBirthDate,
      verifiedDates: facts.birthDate !== null && facts.verifiedBirthDate !== null ? [facts.birthDate] : [],
      completeDates: facts.birthDate !== null && facts.birthDate.precision === 'day' ? [facts.birthDate] : [],
      passports: facts.passport === null ? [] : [facts.passport],
      birthCountries: facts.countryOfBirth === null ? [] : [facts.countryOfBirth],
    });
  }
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };

  const merges: Edge[] = [];
  const rejections: Rejection[] = [];
  const ordered = edges.filter((e) => e.mergeable).sort(compareEdges(store.ids));
  for (const edge of ordered) {
    const ra = find(edge.a);
    const rb = find(edge.b);
    if (ra === rb) continue;
    const x = state.get(ra)!;
    const y = state.get(rb)!;
    const contradiction = contradictionBetween(x, y);
    if (contradiction !== null) {
      rejections.push({ edge, reason: 'contradiction', detail: contradiction });
      continue;
    }
    if (reviewerSeparated(resolver, x, y)) {
      rejections.push({
        edge,
        reason: 'reviewer-said-different',
        detail: 'a reviewer decided these are different people',
      });
      continue;
    }
    if (edge.basis === 'model' && !edge.namesAgree && passportsDiffer(x, y)) {
      // Two passports of one issuer and two different names with one surname and birthday: twins
      // or siblings far more often than one person's renewal. A person decides.
      rejections.push({
        edge,
        reason: 'twin-or-namesake',
        detail:
          'the records carry different passports of one issuer and their names do not agree (twins, siblings or a namesake)',
      });
      continue;
    }
    const countries = edge.basis === 'model' ? birthCountriesDiffer(x, y) : null;
    if (countries !== null) {
      // One person has one country of birth; two clusters that state different ones and meet only on
      // the model's evidence (name and date of birth, mostly) are namesakes more often than one person.
      rejections.push({
        edge,
        reason: 'twin-or-namesake',
        detail: `the records state different countries of birth (${countries}): a namesake, unless a person finds otherwise`,
      });
      continue;
    }
    if (edge.basis === 'model' && x.members.length + y.members.length > 2) {
      const { mean, min } = crossWeights(resolver, x.members, y.members);
      if (mean < resolver.autoWeight) {
        rejections.push({
          edge,
          reason: 'incoherent-cluster',
          detail: `the records of the two clusters agree only weakly on average (mean weight ${mean.toFixed(1)}, weakest pair ${min.toFixed(1)})`,
        });
        continue;
      }
    }
    const [keep, drop] = x.members.length >= y.members.length ? [ra, rb] : [rb, ra];
    parent.set(drop, keep);
    const merged = state.get(keep)!;
    const other = state.get(drop)!;
    merged.members.push(...other.members);
    merged.aNumber ??= other.aNumber;
    merged.fin ??= other.fin;
    merged.birthDate ??= other.birthDate;
    merged.passports.push(...other.passports);
    for (const c of other.birthCountries)
      if (!merged.birthCountries.includes(c)) merged.birthCountries.push(c);
    addDistinct(merged.verifiedDates, other.verifiedDates);
    addDistinct(merged.completeDates, other.completeDates);
    state.delete(drop);
    merges.push(edge);
  }
  const groups = [...state.values()].map((s) => s.members);
  return { groups, merges, rejections };
}

function contradictionBetween(x: ClusterState, y: ClusterState): string | null {
  if (x.aNumber !== null && y.aNumber !== null && x.aNumber !== y.aNumber) {
    return `different A-Numbers (${x.aNumber}, ${y.aNumber})`;
  }
  if (x.fin !== null && y.fin !== null && x.fin !== y.fin) return 'different FINs';
  if (x.birthDate !== null && y.birthDate !== null && x.birthDate !== y.birthDate) {
    return `different verified dates of birth (${x.birthDate}, ${y.birthDate})`;
  }
  // A verified date of birth outweighs a typed one that differs by more than a keying error
  // (one keystroke, or day and month exchanged): such a pair goes to a person, not into a merge.
  const clash = datesClash(x.verifiedDates, y.completeDates) ?? datesClash(y.verifiedDates, x.completeDates);
  if (clash !== null) return clash;
  // Renewals give one person several numbers from one issuer; the same issue date cannot.
  for (const p of x.passports) {
    for (const q of y.passports) {
      if (p === null || q === null) continue;
      if (
        p.issuer === q.issuer &&
        p.number !== q.number &&
        p.issueDate !== null &&
        p.issueDate === q.issueDate
      ) {
        return `two ${p.issuer} passports with different numbers issued the same day (${p.issueDate})`;
      }
    }
  }
  return null;
}

/** The two clusters' countries of birth when each states one and they have none in common, else null. */
function birthCountriesDiffer(x: ClusterState, y: ClusterState): string | null {
  if (x.birthCountries.length === 0 || y.birthCountries.length === 0) return null;
  if (x.birthCountries.some((c) => y.birthCountries.includes(c))) return null;
  return `${x.birthCountries.join('/')} and ${y.birthCountries.join('/')}`;
}

/** Both clusters hold passports of one issuer, and no number in common. */
function passportsDiffer(x: ClusterState, y: ClusterState): boolean {
  let sameIssuer = false;
  for (const p of x.passports) {
    for (const q of y.passports) {
      if (p === null || q === null || p.issuer !== q.issuer) continue;
      if (p.number === q.number) return false;
      sameIssuer = true;
    }
  }
  return sameIssuer;
}

function datesClash(verified: readonly BirthDate[], others: readonly BirthDate[]): string | null {
  for (const v of verified) {
    for (const d of others) {
      const level = dateLevel(v, d);
      if (level !== DATE.exact && level !== DATE.dayMonthSwap && level !== DATE.oneEdit) {
        return `a verified date of birth (${v.digits}) and another date of birth (${d.digits}) that no keying error explains`;
      }
    }
  }
  return null;
}

function addDistinct(into: BirthDate[], from: readonly BirthDate[]): void {
  for (const d of from) if (!into.some((e) => e.digits === d.digits)) into.push(d);
}

function reviewerSeparated(resolver: Resolver, x: ClusterState, y: ClusterState): boolean {
  if (resolver.different.size === 0) return false;
  const ids = resolver.store.ids;
  const [small, large] = x.members.length <= y.members.length ? [x, y] : [y, x];
  const others = new Set(large.members.map((m) => ids[m]!));
  for (const m of small.members) {
    const apart = resolver.different.get(ids[m]!);
    if (apart === undefined) continue;
    for (const id of apart) if (others.has(id)) return true;
  }
  return false;
}

function crossWeights(
  resolver: Resolver,
  xs: readonly number[],
  ys: readonly number[],
): { mean: number; min: number } {
  let sum = 0;
  let pairs = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const a of xs) {
    for (const b of ys) {
      // Every pair counts, even two records of one source that were never candidates: a person's
      // records must agree with each other, not only with the records that linked them.
      const weight = comparePair(resolver, a, b);
      sum += weight;
      if (weight < min) min = weight;
      pairs++;
    }
  }
  return { mean: pairs === 0 ? Number.POSITIVE_INFINITY : sum / pairs, min };
}
