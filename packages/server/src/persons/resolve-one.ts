import {
  AppError,
  addToIndex,
  assignPersonIds,
  blockingKeys,
  buildPersonIndex,
  type IdentityRecord,
  type PersonCluster,
  type PersonIndex,
  type ReviewItem,
  recordIdentity,
} from '@ilos/core';
import { currentRecordPages, reviewDecisions } from '../db/persons-repository.js';
import type { Sql } from '../db/sql.js';
import {
  type CurrentRecord,
  currentWatermark,
  existingPersons,
  journalRecords,
  journalSince,
  latestLinkModel,
  latestLinkModelId,
  lockNames,
  personsOf,
  saveComponent,
} from '../db/stream-repository.js';

/**
 * One worker's incremental resolver (issue 8, ADR 0040): the core's PersonIndex over every current
 * record, under the link model last fitted in batch. Other workers' records reach it through the
 * stream journal; `watermark` is where this worker reads the journal from next.
 */
export type IncrementalResolver = {
  index: PersonIndex;
  modelId: number;
  known: Map<string, number>;
  watermark: string;
};

const identityOf = (r: CurrentRecord): IdentityRecord =>
  recordIdentity({
    sourceId: r.sourceId,
    sourceRecordId: r.sourceRecordId,
    recordType: r.recordType,
    fields: r.payload,
  });

/** Loads every current record into a new index under the newest link model. */
export async function openIncrementalResolver(sql: Sql): Promise<IncrementalResolver> {
  // Read before loading: a record committed while we load is then read again from the journal.
  const watermark = await currentWatermark(sql);
  const model = await latestLinkModel(sql);
  if (model === undefined) {
    throw new AppError(
      'conflict',
      "no link model yet: stream resolution uses the model fitted in batch; run 'ilos resolve' once first",
    );
  }
  const identities: IdentityRecord[] = [];
  for await (const page of currentRecordPages(sql)) for (const r of page) identities.push(identityOf(r));
  const decisions = await reviewDecisions(sql);
  const index = buildPersonIndex(identities, model.model, { decisions });
  const known = new Map<string, number>();
  index.resolver.store.ids.forEach((id, i) => {
    known.set(id, i);
  });
  return { index, modelId: model.id, known, watermark };
}

/** Whether a newer model was fitted in batch since the resolver was opened (then it must be rebuilt). */
export async function isStale(sql: Sql, resolver: IncrementalResolver): Promise<boolean> {
  const id = await latestLinkModelId(sql);
  return id !== undefined && id !== resolver.modelId;
}

/** Adds the records other workers committed since the last read; returns how many were new here. */
async function catchUp(tx: Sql, resolver: IncrementalResolver): Promise<number> {
  const { records, watermark } = await journalSince(tx, resolver.watermark);
  let added = 0;
  for (const r of records) {
    const identity = identityOf(r);
    if (resolver.known.has(identity.id)) continue;
    addToIndex(resolver.index, identity);
    resolver.known.set(identity.id, resolver.index.resolver.store.ids.length - 1);
    added++;
  }
  resolver.watermark = watermark;
  return added;
}

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

/**
 * Resolves a batch of newly stored records in the caller's transaction and re-files the persons they
 * touch. Two workers never re-file the same person at once: the records' blocking keys are locked
 * first (so two new records that could match are resolved one after the other), then every person of
 * their components; after each lock the worker reads what the holder committed before going on.
 * Adding records to the index in any order gives the same clusters (the core's guarantee), so one
 * batch costs a handful of statements however many records it holds.
 * Returns the person ids whose status must be derived again (old and new).
 */
export async function resolveRecords(
  tx: Sql,
  resolver: IncrementalResolver,
  records: readonly CurrentRecord[],
): Promise<Set<string>> {
  const { index } = resolver;
  const ids = index.resolver.store.ids;
  const affected = new Set<string>();
  const versions: string[] = [];
  const added: CurrentRecord[] = [];
  const starts: number[] = [];
  const lockKeys: string[] = [];
  for (const record of records) {
    const identity = identityOf(record);
    if (resolver.known.has(identity.id)) {
      // A new version of a known record: its person keeps it (identity changes wait for batch resolve).
      versions.push(identity.id);
      continue;
    }
    addToIndex(index, identity);
    const position = ids.length - 1;
    resolver.known.set(identity.id, position);
    starts.push(position);
    added.push(record);
    lockKeys.push(`ilos:record:${identity.id}`);
    for (const k of blockingKeys(index.resolver.store, index.resolver.blocks.plan, position))
      lockKeys.push(`ilos:block:${k}`);
  }
  for (const p of (await personsOf(tx, versions)).values()) affected.add(p);
  if (starts.length === 0) return affected;
  await lockNames(tx, [...new Set(lockKeys)]);
  await catchUp(tx, resolver);

  const locked = new Set<string>();
  let members: number[];
  let previous: Map<string, string>;
  for (;;) {
    members = componentsOf(index, starts);
    previous = await personsOf(
      tx,
      members.map((m) => ids[m]!),
    );
    const wanted = [...new Set(previous.values())].filter((p) => !locked.has(p));
    if (wanted.length === 0) break;
    await lockNames(
      tx,
      wanted.map((p) => `ilos:person:${p}`),
    );
    for (const p of wanted) locked.add(p);
    if ((await catchUp(tx, resolver)) === 0) break;
  }

  const groups = [...new Set(members.map((m) => index.groupOf[m]!))];
  const clusters: PersonCluster[] = groups.map((g) => ({
    id: '',
    records: index.members
      .get(g)!
      .map((m) => ids[m]!)
      .sort(),
    links: [...index.links.get(g)!],
  }));
  const recordKeys = members.map((m) => ids[m]!);
  const inComponent = new Set(recordKeys);
  const reviews: ReviewItem[] = [];
  for (const review of index.reviews.values())
    if (inComponent.has(review.a) || inComponent.has(review.b)) reviews.push(review);

  // A new person's id is derived from its records; one already taken (even retired) is never reused.
  const before = new Set(previous.values());
  const taken = new Set<string>();
  let assigned = assignPersonIds(clusters, previous, taken);
  for (;;) {
    const fresh = assigned.ids.filter((id) => !before.has(id));
    const clash = (await existingPersons(tx, fresh)).filter((id) => !taken.has(id));
    if (clash.length === 0) break;
    for (const id of clash) taken.add(id);
    assigned = assignPersonIds(clusters, previous, taken);
  }
  await saveComponent(
    tx,
    { records: recordKeys, clusters, personIds: assigned.ids, events: assigned.events, reviews },
    'system:stream',
  );
  // Journaled last: the rows other workers catch up from (this worker knows them already).
  await journalRecords(tx, added);
  for (const p of before) affected.add(p);
  for (const p of assigned.ids) affected.add(p);
  return affected;
}
