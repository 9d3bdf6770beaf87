import { AppError, protectedWord, type Source } from '@ilos/core';
import { authenticate, type Principal } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { appendAudit } from '../db/audit-repository.js';
import { type IngestReceipt, listRuns } from '../db/ingest-runs-repository.js';
import { findSource, listSources, saveSource } from '../db/sources-repository.js';

/**
 * Registers a source. Protected-category fields cannot be registered (SCOPE.md). The registry is
 * configuration: each change is one `config.change` row in the same transaction (T6.1), by the logged-in
 * user when there is one, else by `operator` (whoever runs the CLI on the data folder, ADR 0011).
 */
export async function addSource(ctx: Context, source: Source, principal?: Principal): Promise<void> {
  for (const fields of Object.values(source.recordTypes)) {
    for (const field of fields ?? []) {
      if (protectedWord(field) !== undefined)
        throw new AppError(
          'invalid_input',
          `field '${field}' is protected-category data and cannot be registered (SCOPE.md)`,
        );
    }
  }
  await ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const who = principal === undefined ? undefined : await authenticate(tx, principal, now);
    const actor =
      who?.ok === true && who.actor.kind === 'user'
        ? { actorId: who.actor.id, actorRole: who.actor.role, sessionId: who.sessionId }
        : { actorId: 'operator', actorRole: 'none', sessionId: null };
    const existed = (await findSource(tx, source.id)) !== undefined;
    await saveSource(tx, source);
    await appendAudit(tx, [
      {
        at: now,
        eventType: 'config.change',
        component: principal?.component ?? 'cli',
        sourceIp:
          principal !== undefined && 'sourceIp' in principal ? (principal.sourceIp ?? 'local') : 'local',
        ...actor,
        purpose: null,
        target: null,
        subjects: [`source:${source.id}`],
        fields: [],
        outcome: 'success',
        reason: null,
        details: {
          change: existed ? 'source.update' : 'source.add',
          recordTypes: Object.keys(source.recordTypes),
          retentionYears: source.retentionYears,
        },
      },
    ]);
  });
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
