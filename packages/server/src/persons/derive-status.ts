import { type IsoDate, lifecycleEvents, type SourceRecord, statusReport, statusTimeline } from '@ilos/core';
import type { Context } from '../context.js';

export type DeriveSummary = {
  persons: number;
  statusCounts: Record<string, number>;
  unconfirmed: number;
  seconds: number;
};

const PAGE = 20_000;

/**
 * Derives every person's lifecycle events, status report and status timeline on `asOf` from their
 * current records, and stores them (person_status). A person held together by any probable link is
 * marked identity-unconfirmed: its removal gate is closed until a reviewer confirms (ADR 0007).
 */
export async function deriveStatuses(
  ctx: Context,
  asOf: IsoDate,
  options: { onProgress?: (done: number) => void } = {},
): Promise<DeriveSummary> {
  const started = performance.now();
  const unconfirmedRows = await ctx.sql.query<{ person_id: string }>(
    `select distinct person_id from identity_links where strength not in ('deterministic', 'confirmed')`,
  );
  const unconfirmed = new Set(unconfirmedRows.map((r) => r.person_id));
  await ctx.sql.exec('delete from person_status');

  const statusCounts: Record<string, number> = {};
  let persons = 0;
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
    if (rows.length === 0) break;
    const out: (string | boolean | null)[][] = [];
    let i = 0;
    while (i < rows.length) {
      const personId = rows[i]!.person_id;
      const records: SourceRecord[] = [];
      for (; i < rows.length && rows[i]!.person_id === personId; i++) {
        const r = rows[i]!;
        records.push({
          sourceId: r.source_id,
          sourceRecordId: r.source_record_id,
          recordType: r.record_type,
          fields: r.payload,
        });
      }
      const events = lifecycleEvents(records);
      const report = statusReport(events, asOf);
      const confirmed = !unconfirmed.has(personId);
      if (!confirmed) {
        report.removal.mayProceed = false;
        report.removal.flags = [...report.removal.flags, 'IDENTITY_UNCONFIRMED'];
        report.explanation.push({
          rule: 'DESIGN §2 link strength',
          text: 'Some of these records are joined only by a probable (model) link. Only deterministic and confirmed links may feed a consequential result, so no removal step may proceed until a reviewer confirms the identity.',
          events: [],
          citation: 'DESIGN.md §2; RULES.md §8.4 (never merge on name + date of birth alone)',
        });
      }
      const timeline = statusTimeline(events, asOf);
      statusCounts[report.status] = (statusCounts[report.status] ?? 0) + 1;
      out.push([
        personId,
        asOf,
        report.status,
        confirmed,
        nationalityOf(records),
        JSON.stringify(report),
        JSON.stringify(timeline),
        JSON.stringify(events),
      ]);
      persons++;
      after = personId;
    }
    await ctx.sql.copyRows(
      'person_status',
      ['person_id', 'as_of', 'status', 'identity_confirmed', 'nationality', 'report', 'timeline', 'events'],
      out,
    );
    options.onProgress?.(persons);
  }
  return {
    persons,
    statusCounts,
    unconfirmed: unconfirmed.size,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** The country of citizenship most of the records give (ties: alphabetical, for determinism). */
function nationalityOf(records: readonly SourceRecord[]): string | null {
  const counts = new Map<string, number>();
  for (const r of records) {
    const n = r.fields.nationality;
    if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}
