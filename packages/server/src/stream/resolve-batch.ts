import {
  addToIndex,
  assignPersonIds,
  blockingKeys,
  type IdentityRecord,
  type PersonCluster,
  type PersonIndex,
  type ReviewItem,
  recordIdentity,
} from '@ilos/core';
import { appendAudit } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';
import {
  type CurrentRecord,
  existingPersons,
  fileComponent,
  journalRecords,
  journalSince,
  lockNames,
  personsOf,
} from '../db/stream-repository.js';
import { identityEvents } from '../persons/resolution-audit.js';
import type { IncrementalResolver } from '../persons/resolve-one.js';
import type { Pipeline } from './pipeline.js';

/** A record's key, as the core's identity id spells it (`source:id`). */
const keyOf = (r: CurrentRecord) => `${r.sourceId}:${r.sourceRecordId}`;

const identityOf = (r: CurrentRecord): IdentityRecord =>
  recordIdentity({
    sourceId: r.sourceId,
    sourceRecordId: r.sourceRecordId,
    recordType: r.recordType,
    fields: r.payload,
  });

/**
 * Resolves a batch's newly stored records (every source at once) in the caller's transaction and
 * issues the re-filing of the persons they touch into `pipeline` (awaited by the caller). Same locking
 * as ADR 0040: the records' blocking keys first (sorted, one statement), then every person of their
 * components, reading what other workers committed after each lock; here each lock goes out with its
 * catch-up read and the read it most likely needs next (the component's filing, the new person ids'
 * existence), so a batch costs two round trips for resolution when nobody else got in the way.
 * Returns the person ids whose status must be derived again (old and new).
 */
export async function resolveBatch(
  tx: Sql,
  pipeline: Pipeline,
  resolver: IncrementalResolver,
  records: readonly CurrentRecord[],
): Promise<Set<string>> {
  const { index } = resolver;
  const ids = index.resolver.store.ids;
  const affected = new Set<string>();
  const versions: string[] = [];
  const added: CurrentRecord[] = [];
  const starts: number[] = [];
  const lockKeys = new Set<string>();
  for (const record of records) {
    const key = keyOf(record);
    if (resolver.known.has(key)) {
      // A new version of a known record: its person keeps it (identity changes wait for batch resolve).
      versions.push(key);
      continue;
    }
    const identity = identityOf(record);
    addToIndex(index, identity);
    const position = ids.length - 1;
    resolver.known.set(identity.id, position);
    starts.push(position);
    added.push(record);
    lockKeys.add(`ilos:record:${identity.id}`);
    for (const k of blockingKeys(index.resolver.store, index.resolver.blocks.plan, position))
      lockKeys.add(`ilos:block:${k}`);
  }
  const ofVersions = versions.length > 0 ? pipeline.add(personsOf(tx, versions)) : undefined;
  if (starts.length === 0) {
    for (const p of (await ofVersions)?.values() ?? []) affected.add(p);
    return affected;
  }

  // Round trip: block locks, then what others committed meanwhile, then the component's filing.
  pipeline.add(lockNames(tx, [...lockKeys]));
  const caught = pipeline.add(journalSince(tx, resolver.watermark));
  let members = componentsOf(index, starts);
  const filed = pipeline.add(personsOf(tx, keysOf(index, members)));
  let previous = await filed;
  if (learn(resolver, await caught) > 0) {
    const grown = componentsOf(index, starts);
    if (grown.length !== members.length) {
      members = grown;
      previous = await pipeline.add(personsOf(tx, keysOf(index, members)));
    }
  }

  const locked = new Set<string>();
  for (;;) {
    const plan = planFiling(index, members);
    const wanted = [...new Set(previous.values())].filter((p) => !locked.has(p));
    const taken = new Set<string>();
    let assigned = assignPersonIds(plan.clusters, previous, taken);
    const before = new Set(previous.values());
    const freshIds = () => assigned.ids.filter((id) => !before.has(id));
    if (wanted.length > 0) {
      // Round trip: person locks, the catch-up after them, and whether the new ids are taken.
      pipeline.add(
        lockNames(
          tx,
          wanted.map((p) => `ilos:person:${p}`),
        ),
      );
      for (const p of wanted) locked.add(p);
    }
    const next = wanted.length > 0 ? pipeline.add(journalSince(tx, resolver.watermark)) : undefined;
    let clash = pipeline.add(existingPersons(tx, freshIds()));
    if (next !== undefined && learn(resolver, await next) > 0) {
      await clash;
      members = componentsOf(index, starts);
      previous = await pipeline.add(personsOf(tx, keysOf(index, members)));
      continue;
    }
    // A new person's id is derived from its records; one already taken (even retired) is never reused.
    for (;;) {
      const taken2 = (await clash).filter((id) => !taken.has(id));
      if (taken2.length === 0) break;
      for (const id of taken2) taken.add(id);
      assigned = assignPersonIds(plan.clusters, previous, taken);
      clash = pipeline.add(existingPersons(tx, freshIds()));
    }
    for (const s of fileComponent(
      tx,
      { ...plan, previous, personIds: assigned.ids, events: assigned.events },
      'system:stream',
    ))
      pipeline.add(s);
    // T6.1: a merge or split the stream makes is audited in the same transaction, as batch resolution's are.
    pipeline.add(
      appendAudit(
        tx,
        identityEvents(new Date(), assigned.events, plan.clusters, assigned.ids, previous, 'stream'),
      ),
    );
    // Journaled last: the rows other workers catch up from (this worker knows them already).
    pipeline.add(journalRecords(tx, added));
    for (const p of before) affected.add(p);
    for (const p of assigned.ids) affected.add(p);
    break;
  }
  for (const p of (await ofVersions)?.values() ?? []) affected.add(p);
  return affected;
}

type Filing = { records: string[]; clusters: PersonCluster[]; reviews: ReviewItem[] };

/** The clusters and review items of the component as the index now has them. */
function planFiling(index: PersonIndex, members: readonly number[]): Filing {
  const ids = index.resolver.store.ids;
  const groups = [...new Set(members.map((m) => index.groupOf[m]!))];
  const clusters: PersonCluster[] = groups.map((g) => ({
    id: '',
    records: index.members
      .get(g)!
      .map((m) => ids[m]!)
      .sort(),
    links: [...index.links.get(g)!],
  }));
  // Every review item is about one edge (the core keys it "a\u0000b" in the edge's order), so the
  // component's items are found from its records' edges, whatever the size of the whole index.
  const reviews = new Map<string, ReviewItem>();
  for (const m of members) {
    for (const e of index.edges[m]!) {
      const key = `${ids[e.a]!}\u0000${ids[e.b]!}`;
      const review = index.reviews.get(key) ?? index.reviews.get(`${ids[e.b]!}\u0000${ids[e.a]!}`);
      if (review !== undefined) reviews.set(key, review);
    }
  }
  return { records: keysOf(index, members), clusters, reviews: [...reviews.values()] };
}

/** Adds the records other workers committed (read by journalSince); returns how many were new here. */
function learn(resolver: IncrementalResolver, read: { records: CurrentRecord[]; watermark: string }): number {
  let added = 0;
  for (const r of read.records) {
    // The watermark trails the oldest running transaction, so most rows read are known already.
    if (resolver.known.has(keyOf(r))) continue;
    const identity = identityOf(r);
    addToIndex(resolver.index, identity);
    resolver.known.set(identity.id, resolver.index.resolver.store.ids.length - 1);
    added++;
  }
  resolver.watermark = read.watermark;
  return added;
}

const keysOf = (index: PersonIndex, members: readonly number[]) =>
  members.map((m) => index.resolver.store.ids[m]!);

/** The records joined to the starts by mergeable edges: the only part of the index new records change. */
function componentsOf(index: PersonIndex, starts: readonly number[]): number[] {
  const seen = new Set<number>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const x = queue.pop()!;
    for (const e of index.edges[x]!) {
      if (!e.mergeable) continue;
      const y = e.a === x ? e.b : e.a;
      if (!seen.has(y)) {
        seen.add(y);
        queue.push(y);
      }
    }
  }
  return [...seen];
}
