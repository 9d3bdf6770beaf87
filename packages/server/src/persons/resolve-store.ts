import {
  type AuditEvent,
  assignPersonIds,
  fitAndResolvePersons,
  type IsoDate,
  type PersonCluster,
  recordIdentity,
  type SourceRecord,
} from '@ilos/core';
import type { Context } from '../context.js';
import { appendAudit } from '../db/audit-repository.js';
import {
  allPersonIds,
  countPersons,
  currentRecordPages,
  personOfRecords,
  reviewDecisions,
  saveResolution,
} from '../db/persons-repository.js';
import { type DeriveSummary, deriveOnThread, deriveStatuses, type PersonRecords } from './derive-status.js';
import { identityEvents, resolveEvent } from './resolution-audit.js';
import type { StatusPage } from './status-rows.js';

export type ResolveSummary = {
  records: number;
  persons: number;
  links: Record<string, number>;
  reviewsOpen: number;
  merged: number;
  split: number;
  created: number;
  candidatePairs: number;
  seconds: number;
};

/**
 * Batch resolution of every current record (`ilos resolve`): fits the link model by EM (no labels),
 * clusters with reviewers' decisions respected, keeps person ids stable, and records merges and
 * splits as events. Derived status must be recomputed afterwards (deriveStatuses).
 */
export async function resolveStore(
  ctx: Context,
  options: { onProgress?: (step: string) => void } = {},
): Promise<ResolveSummary> {
  return (await resolveRecords(ctx, options)).summary;
}

/**
 * Resolution, then every person's status on `asOf` from the records resolution already holds in
 * memory (the store is read once, not twice): what `ilos resolve`, `ilos demo` and a review decision run.
 */
export async function resolveAndDerive(
  ctx: Context,
  asOf: IsoDate,
  options: {
    onProgress?: (step: string) => void;
    /** Derive on a worker thread while resolution is stored (default: from 2,000 persons on). */
    thread?: boolean;
  } = {},
): Promise<{ resolved: ResolveSummary; derived: DeriveSummary }> {
  let thread: ReturnType<typeof deriveOnThread> | undefined;
  const before = await storedStatuses(ctx);
  const { summary, persons } = await resolveRecords(ctx, options, (resolved) => {
    if (!(options.thread ?? resolved.length >= THREAD_FROM)) return;
    options.onProgress?.(`deriving each person's status on ${asOf} (on a second thread)`);
    const pages: StatusPage[] = [];
    for (let i = 0; i < resolved.length; i += THREAD_PAGE) pages.push(resolved.slice(i, i + THREAD_PAGE));
    thread = deriveOnThread(pages, asOf);
  });
  let derived: DeriveSummary;
  if (thread !== undefined) derived = await thread.store(ctx);
  else {
    options.onProgress?.(`deriving each person's status on ${asOf}`);
    derived = await deriveStatuses(ctx, asOf, { persons });
  }
  await auditStatusChanges(ctx, before, asOf);
  return { resolved: summary, derived };
}

/** Each person's stored status (one row a person). */
async function storedStatuses(ctx: Context): Promise<Map<string, string>> {
  const rows = await ctx.sql.query<{ person_id: string; status: string }>(
    'select person_id, status from person_status',
  );
  return new Map(rows.map((r) => [r.person_id, r.status]));
}

/**
 * One `status.change` row per person whose derived status differs from the one stored before (T6.1),
 * written by `system:resolve` in one multi-row insert. A person's first status (a new person, or a store
 * never derived) is not a change, and an id retired by a merge is covered by its `identity.merge` row.
 */
async function auditStatusChanges(ctx: Context, before: Map<string, string>, asOf: IsoDate): Promise<void> {
  if (before.size === 0) return;
  const now = ctx.now();
  const changed: AuditEvent[] = [];
  for (const [personId, status] of await storedStatuses(ctx)) {
    const was = before.get(personId);
    if (was === undefined || was === status) continue;
    changed.push(resolveEvent(now, 'status.change', [`person:${personId}`], { from: was, to: status, asOf }));
  }
  await ctx.sql.transact((tx) => appendAudit(tx, changed));
}

const THREAD_FROM = 2_000;
const THREAD_PAGE = 2_000;

/**
 * Loads, fits, clusters and stores. `beforeSave` sees every person with their records and whether all
 * their links are deterministic or confirmed, before the (long) write begins.
 */
async function resolveRecords(
  ctx: Context,
  options: { onProgress?: (step: string) => void },
  beforeSave?: (persons: StatusPage) => void,
): Promise<{ summary: ResolveSummary; persons: Iterable<PersonRecords> }> {
  const started = performance.now();
  const records: SourceRecord[] = [];
  for await (const page of currentRecordPages(ctx.sql)) {
    // A recalled record (a tombstone, T3.5) links no one and is derived from by no one.
    for (const r of page)
      if (r.payload.recalledOn === undefined)
        records.push({
          sourceId: r.sourceId,
          sourceRecordId: r.sourceRecordId,
          recordType: r.recordType,
          fields: r.payload,
        });
    options.onProgress?.(`loaded ${records.length} records`);
  }
  const identities = records.map(recordIdentity);
  const decisions = await reviewDecisions(ctx.sql);
  options.onProgress?.('fitting the link model (EM)');
  // One pass prepares the records for both the EM fit and the clustering (same result, half the work).
  const { model, resolution } = fitAndResolvePersons(identities, { decisions });

  const previous = await personOfRecords(ctx.sql);
  const taken = await allPersonIds(ctx.sql);
  const { ids, events } = assignPersonIds(resolution.clusters, previous, taken);
  if (beforeSave !== undefined) {
    const confirmed = resolution.clusters.map((c) => c.links.every((l) => CONFIRMED.has(l.strength)));
    let i = 0;
    beforeSave(
      [...personsOf(resolution.clusters, ids, records)].map((p) => ({ ...p, confirmed: confirmed[i++]! })),
    );
  }
  await ctx.sql.transact(async (tx) => {
    await saveResolution(tx, resolution.clusters, ids, events, resolution.reviews, 'system:resolve');
    await appendAudit(tx, identityEvents(ctx.now(), events, resolution.clusters, ids, previous));
    await tx.query('insert into link_models (records, model) values ($1, $2::text::jsonb)', [
      identities.length,
      JSON.stringify(model),
    ]);
  });
  const links: Record<string, number> = {};
  for (const cluster of resolution.clusters)
    for (const link of cluster.links) links[link.strength] = (links[link.strength] ?? 0) + 1;
  const [open] = await ctx.sql.query<{ n: number }>(
    `select count(*)::int as n from review_tasks where state = 'open'`,
  );
  const summary: ResolveSummary = {
    records: identities.length,
    persons: await countPersons(ctx.sql),
    links,
    reviewsOpen: open?.n ?? 0,
    merged: events.filter((e) => e.kind === 'merged').length,
    split: events.filter((e) => e.kind === 'split').length,
    created: events.filter((e) => e.kind === 'created').length,
    candidatePairs: resolution.stats.candidatePairs,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  return { summary, persons: personsOf(resolution.clusters, ids, records) };
}

/** Each cluster's records under its person id, ordered by source and record id as the store lists them. */
function* personsOf(
  clusters: readonly PersonCluster[],
  ids: readonly string[],
  records: readonly SourceRecord[],
): Generator<PersonRecords> {
  const byKey = new Map(records.map((r) => [`${r.sourceId}:${r.sourceRecordId}`, r]));
  for (let i = 0; i < clusters.length; i++) {
    const own = clusters[i]!.records.map((k) => byKey.get(k)!);
    own.sort((a, b) => compare(a.sourceId, b.sourceId) || compare(a.sourceRecordId, b.sourceRecordId));
    yield { personId: ids[i]!, records: own };
  }
}

/** Link strengths that may feed a consequential result (DESIGN.md §2); as deriveStatuses reads them. */
const CONFIRMED = new Set(['deterministic', 'confirmed']);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
