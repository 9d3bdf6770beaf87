import {
  AppError,
  buildPersonIndex,
  type IdentityRecord,
  type PersonIndex,
  recordIdentity,
} from '@ilos/core';
import { currentRecordPages, reviewDecisions } from '../db/persons-repository.js';
import type { Sql } from '../db/sql.js';
import { type CurrentRecord, currentWatermark, latestLinkModel } from '../db/stream-repository.js';

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
