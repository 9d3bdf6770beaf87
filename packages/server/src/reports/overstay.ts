import { readFileSync } from 'node:fs';
import {
  AppError,
  type IsoDate,
  type LifecycleEvent,
  type OverstayReport,
  type OverstayRow,
  overstayReport,
  overstayRow,
  type StatusReport,
} from '@ilos/core';
import type { Context } from '../context.js';
import type { Sql } from '../db/sql.js';

const DEPARTURE_KEY = (column: string) => `(${column} like 'cbp-apis:%' or ${column} like 'cbsa-entries:%')`;

/** The overstay report over every resolved person's derived status (`ilos report overstay`). */
export async function buildOverstayReport(
  ctx: Context,
  fiscalYear: number | null,
): Promise<{ report: OverstayReport; rows: OverstayRow[] }> {
  const unlinked = await departureCandidates(ctx.sql);
  const rows: OverstayRow[] = [];
  let asOf: IsoDate | undefined;
  let after = '';
  for (;;) {
    const page = await ctx.sql.query<{
      person_id: string;
      as_of: string;
      identity_confirmed: boolean;
      nationality: string | null;
      report: StatusReport;
      events: LifecycleEvent[];
    }>(
      `select person_id, to_char(as_of, 'YYYY-MM-DD') as as_of, identity_confirmed, nationality, report, events
         from person_status where person_id > $1 order by person_id limit 10000`,
      [after],
    );
    if (page.length === 0) break;
    for (const p of page) {
      asOf ??= p.as_of as IsoDate;
      const row = overstayRow({
        personId: p.person_id,
        report: p.report,
        events: p.events,
        nationality: p.nationality,
        identityConfirmed: p.identity_confirmed,
        unlinkedDepartureCandidate: unlinked.has(p.person_id),
      });
      if (row !== null) rows.push(row);
    }
    after = page[page.length - 1]!.person_id;
  }
  if (asOf === undefined)
    throw new AppError('not_found', "no derived statuses yet: run 'ilos resolve' (or 'ilos demo') first");
  return { report: overstayReport(rows, asOf, fiscalYear), rows };
}

/** How the report's categories compare with a generator's truth.json for the same population. */
export type TruthCheck = {
  persons: { report: number; truth: number };
  categories: Record<string, { report: number; truth: number }>;
  /** Truth's reasons for the suspected in-country overstays the records call NO_DEPARTURE_RECORD. */
  hiddenReasons: Record<string, number>;
  agrees: boolean;
};

type TruthPerson = {
  personId: string;
  facts: {
    reportCategory: string;
    inReportScope: boolean;
    unverifiedReason: string | null;
    overstay: { since: string | null };
    lastAdmission: unknown;
  };
};

/**
 * Compares the report's in-scope categories (and the reasons records can tell) with the truth of the
 * generated population; counts only, per category, over the same fiscal-year rule.
 */
export function checkAgainstTruth(
  rows: readonly OverstayRow[],
  truthPath: string,
  asOf: IsoDate,
): TruthCheck {
  let truth: { persons: TruthPerson[] };
  try {
    truth = JSON.parse(readFileSync(truthPath, 'utf8'));
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `${truthPath}: cannot read the truth file (${(error as Error).message})`,
    );
  }
  const categories: Record<string, { report: number; truth: number }> = {};
  const bump = (key: string, side: 'report' | 'truth') => {
    const entry = categories[key] ?? { report: 0, truth: 0 };
    entry[side]++;
    categories[key] = entry;
  };
  // Truth knows when a person really overstayed, not when the records say the period ended, so the
  // comparison is over every year up to asOf (an --fy filter applies to the report, not to this check).
  const inYear = (since: string | null) => since === null || since <= asOf;
  for (const row of rows) {
    if (!row.inScope || row.category === 'NONE' || (row.overstaySince !== null && row.overstaySince > asOf))
      continue;
    bump(row.category, 'report');
    if (row.category === 'SUSPECTED_IN_COUNTRY')
      bump(`SUSPECTED_IN_COUNTRY/${row.unverifiedReason}`, 'report');
  }
  const hiddenReasons: Record<string, number> = {};
  const recordsCanTell: Record<string, string> = {
    SELF_REPORTED_ONLY: 'SELF_REPORTED_ONLY',
    PENDING_BENEFIT: 'PENDING_BENEFIT',
    IN_PROCEEDINGS: 'IN_PROCEEDINGS',
    VOLUNTARY_DEPARTURE_PERIOD: 'VOLUNTARY_DEPARTURE_PERIOD',
  };
  for (const person of truth.persons) {
    const f = person.facts;
    if (!f.inReportScope || f.reportCategory === 'NONE') continue;
    if (!inYear(f.overstay.since)) continue;
    bump(f.reportCategory, 'truth');
    if (f.reportCategory === 'SUSPECTED_IN_COUNTRY') {
      const reason = recordsCanTell[f.unverifiedReason ?? ''] ?? 'NO_DEPARTURE_RECORD';
      bump(`SUSPECTED_IN_COUNTRY/${reason}`, 'truth');
      if (reason === 'NO_DEPARTURE_RECORD')
        hiddenReasons[f.unverifiedReason ?? 'UNKNOWN'] =
          (hiddenReasons[f.unverifiedReason ?? 'UNKNOWN'] ?? 0) + 1;
    }
  }
  const agrees = Object.values(categories).every((c) => c.report === c.truth);
  return { persons: { report: rows.length, truth: truth.persons.length }, categories, hiddenReasons, agrees };
}

/**
 * Persons whose records are in review with a departure record that may be theirs (UNLINKED_RECORD). A
 * departure that a verified identifier already ties to another person's admission is that person's
 * trip, not a candidate; an orphaned departure (no admission beside it) is.
 */
export async function departureCandidates(sql: Sql): Promise<Set<string>> {
  const rows = await sql.query<{ person_id: string }>(
    `with pairs as (
       select case when ${DEPARTURE_KEY('t.a')} then t.a else t.b end as departure,
              case when ${DEPARTURE_KEY('t.a')} then t.b else t.a end as other
         from review_tasks t
        where t.state = 'open' and (${DEPARTURE_KEY('t.a')} or ${DEPARTURE_KEY('t.b')}))
     select distinct po.person_id from pairs
       join person_records po on po.source_id || ':' || po.source_record_id = pairs.other
       join person_records pd on pd.source_id || ':' || pd.source_record_id = pairs.departure
      where pd.person_id <> po.person_id
        and not exists (
          select 1 from person_records x
            join records r on r.source_id = x.source_id and r.source_record_id = x.source_record_id and r.is_current
           where x.person_id = pd.person_id and r.record_type = 'admission')`,
  );
  return new Set(rows.map((r) => r.person_id));
}
