import type { IsoDate, SourceRecord } from '@ilos/core';
import type { Context } from '../context.js';
import type { CopyValue } from '../db/sql.js';
import { startWorker } from '../worker-thread.js';
import { STATUS_COLUMNS, type StatusPage, statusRows } from './status-rows.js';

export type DeriveSummary = {
  persons: number;
  statusCounts: Record<string, number>;
  unconfirmed: number;
  seconds: number;
};

/** One person's current records, as resolution grouped them. */
export type PersonRecords = { personId: string; records: readonly SourceRecord[] };

const PAGE = 20_000;

/**
 * Derives every person's lifecycle events, status report and status timeline on `asOf` from their
 * current records, and stores them (person_status). A person held together by any probable link is
 * marked identity-unconfirmed: its removal gate is closed until a reviewer confirms (ADR 0007).
 * `persons` passes the records already in memory (resolution just read them), so they are not read
 * again; without it every person's records are read from the store.
 */
export async function deriveStatuses(
  ctx: Context,
  asOf: IsoDate,
  options: { onProgress?: (done: number) => void; persons?: Iterable<PersonRecords> } = {},
): Promise<DeriveSummary> {
  const started = performance.now();
  const unconfirmedRows = await ctx.sql.query<{ person_id: string }>(
    `select distinct person_id from identity_links where strength not in ('deterministic', 'confirmed')`,
  );
  const unconfirmed = new Set(unconfirmedRows.map((r) => r.person_id));
  const pages = async function* () {
    for await (const page of pagesOf(ctx, options.persons))
      yield statusRows(
        page.map((p) => ({ ...p, confirmed: !unconfirmed.has(p.personId) })),
        asOf,
      );
  };
  const stored = await storeStatuses(ctx, pages(), options.onProgress);
  return {
    ...stored,
    unconfirmed: unconfirmed.size,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/**
 * Derivation on a worker thread, started before the caller stores resolution so the two overlap
 * (the main thread is busy with the database meanwhile). Each page's rows arrive in order; `store`
 * replaces person_status with them.
 */
export function deriveOnThread(
  pages: readonly StatusPage[],
  asOf: IsoDate,
): { store: (ctx: Context) => Promise<DeriveSummary> } {
  const started = performance.now();
  const worker = startWorker(import.meta.url, './status-worker');
  const waiting: { resolve: (rows: CopyValue[][]) => void; reject: (error: unknown) => void }[] = [];
  const results = pages.map(
    () => new Promise<CopyValue[][]>((resolve, reject) => waiting.push({ resolve, reject })),
  );
  for (const result of results) result.catch(() => {}); // each is awaited in store; this only stops an early crash
  let answered = 0;
  const fail = (error: unknown) => {
    for (let i = answered; i < waiting.length; i++) waiting[i]!.reject(error);
  };
  worker.on('message', (rows: CopyValue[][]) => waiting[answered++]?.resolve(rows));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the status thread stopped (exit code ${code})`)));
  for (const page of pages) worker.postMessage({ page, asOf });
  const unconfirmed = pages.reduce((n, page) => n + page.filter((p) => !p.confirmed).length, 0);
  return {
    store: async (ctx) => {
      try {
        const rows = async function* () {
          for (const result of results) yield await result;
        };
        const stored = await storeStatuses(ctx, rows());
        return { ...stored, unconfirmed, seconds: Math.round((performance.now() - started) / 100) / 10 };
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** Replaces every person_status row with the given pages of rows. */
async function storeStatuses(
  ctx: Context,
  pages: AsyncIterable<CopyValue[][]>,
  onProgress?: (done: number) => void,
): Promise<Pick<DeriveSummary, 'persons' | 'statusCounts'>> {
  await ctx.sql.exec('delete from person_status');
  const statusCounts: Record<string, number> = {};
  let persons = 0;
  for await (const rows of pages) {
    for (const row of rows) {
      const status = row[2] as string;
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    }
    await ctx.sql.copyRows('person_status', STATUS_COLUMNS, rows);
    persons += rows.length;
    onProgress?.(persons);
  }
  return { persons, statusCounts };
}

/** Pages of persons: from memory when resolution passed them, else read from the store page by page. */
async function* pagesOf(
  ctx: Context,
  persons: Iterable<PersonRecords> | undefined,
): AsyncGenerator<PersonRecords[]> {
  if (persons !== undefined) {
    let page: PersonRecords[] = [];
    for (const p of persons) {
      page.push(p);
      if (page.length === PAGE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
    return;
  }
  let after = '';
  for (;;) {
    // One page of persons with all their current records, ordered so each person's records are together.
    const rows = await ctx.sql.query<{
      person_id: string;
      source_id: string;
      source_record_id: string;
      record_type: string;
      payload: Record<string, string>;
    }>(
      `with page as (select distinct person_id from person_records where person_id > $1 order by person_id limit $2)
       select pr.person_id, r.source_id, r.source_record_id, r.record_type, r.payload
         from page join person_records pr on pr.person_id = page.person_id
         join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
        order by pr.person_id, r.source_id, r.source_record_id`,
      [after, PAGE],
    );
    if (rows.length === 0) return;
    const page: PersonRecords[] = [];
    let records: SourceRecord[] = [];
    for (const r of rows) {
      if (r.person_id !== after) {
        records = [];
        page.push({ personId: r.person_id, records });
        after = r.person_id;
      }
      records.push({
        sourceId: r.source_id,
        sourceRecordId: r.source_record_id,
        recordType: r.record_type,
        fields: r.payload,
      });
    }
    yield page;
  }
}
