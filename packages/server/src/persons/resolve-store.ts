import { assignPersonIds, fitAndResolvePersons, type IdentityRecord, recordIdentity } from '@ilos/core';
import type { Context } from '../context.js';
import {
  allPersonIds,
  countPersons,
  currentRecordPages,
  personOfRecords,
  reviewDecisions,
  saveResolution,
} from '../db/persons-repository.js';

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
  const started = performance.now();
  const identities: IdentityRecord[] = [];
  for await (const page of currentRecordPages(ctx.sql)) {
    for (const r of page) {
      identities.push(
        recordIdentity({
          sourceId: r.sourceId,
          sourceRecordId: r.sourceRecordId,
          recordType: r.recordType,
          fields: r.payload,
        }),
      );
    }
    options.onProgress?.(`loaded ${identities.length} records`);
  }
  const decisions = await reviewDecisions(ctx.sql);
  options.onProgress?.('fitting the link model (EM)');
  // One pass prepares the records for both the EM fit and the clustering (same result, half the work).
  const { model, resolution } = fitAndResolvePersons(identities, { decisions });

  const previous = await personOfRecords(ctx.sql);
  const taken = await allPersonIds(ctx.sql);
  const { ids, events } = assignPersonIds(resolution.clusters, previous, taken);
  await ctx.sql.transact(async (tx) => {
    await saveResolution(tx, resolution.clusters, ids, events, resolution.reviews, 'system:resolve');
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
  return {
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
}
