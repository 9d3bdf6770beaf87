import { AppError, protectedWord, type Source } from '@ilos/core';
import type { Context } from '../context.js';
import { type IngestReceipt, listRuns } from '../db/ingest-runs-repository.js';
import { findSource, listSources, saveSource } from '../db/sources-repository.js';

/** Registers a source. Protected-category fields cannot be registered (SCOPE.md). */
export async function addSource(ctx: Context, source: Source): Promise<void> {
  for (const fields of Object.values(source.recordTypes)) {
    for (const field of fields ?? []) {
      if (protectedWord(field) !== undefined)
        throw new AppError(
          'invalid_input',
          `field '${field}' is protected-category data and cannot be registered (SCOPE.md)`,
        );
    }
  }
  await saveSource(ctx.sql, source);
}

export async function getSource(
  ctx: Context,
  id: string,
): Promise<{ source: Source; receipts: IngestReceipt[] }> {
  const source = await findSource(ctx.sql, id);
  if (source === undefined)
    throw new AppError('not_found', `source '${id}' is not registered; see 'ilos sources list'`);
  return { source, receipts: await listRuns(ctx.sql, id) };
}

export async function listSourcesWithReceipts(
  ctx: Context,
): Promise<{ source: Source; records: number; quarantined: number }[]> {
  const sources = await listSources(ctx.sql);
  const counts = await ctx.sql.query<{ source_id: string; records: number; quarantined: number }>(
    `select s.id as source_id,
            (select count(*)::int from records r where r.source_id = s.id and r.is_current) as records,
            (select count(*)::int from quarantine q where q.source_id = s.id) as quarantined
       from sources s`,
  );
  const bySource = new Map(counts.map((c) => [c.source_id, c]));
  return sources.map((source) => ({
    source,
    records: bySource.get(source.id)?.records ?? 0,
    quarantined: bySource.get(source.id)?.quarantined ?? 0,
  }));
}
