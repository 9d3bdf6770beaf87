import type { Context } from '../context.js';
import { listQuarantine, type QuarantineRow } from '../db/ingest-runs-repository.js';

/**
 * The quarantine, a page at a time: each refused line with its source, file hash, line and byte offset,
 * reason code, field and message. The raw line is never shown here: it may hold person data.
 */
export async function quarantinePage(
  ctx: Context,
  options: { sourceId?: string | undefined; offset: number; limit: number },
): Promise<{ items: QuarantineRow[]; more: boolean }> {
  const rows = await listQuarantine(ctx.sql, {
    ...(options.sourceId === undefined ? {} : { sourceId: options.sourceId }),
    limit: options.offset + options.limit + 1,
  });
  return {
    items: rows.slice(options.offset, options.offset + options.limit),
    more: rows.length > options.offset + options.limit,
  };
}
