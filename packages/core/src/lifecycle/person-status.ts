import { statusReport } from '../status/status-report.js';
import { statusTimeline } from '../status/status-timeline.js';
import type { IsoDate, LifecycleEvent, StatusInterval, StatusReport } from '../status/types.js';
import { lifecycleEvents, type SourceRecord } from './record-events.js';

/** What ilos stores about one resolved person on one date (issue 6 item 1). */
export type DerivedStatus = {
  status: StatusReport['status'];
  identityConfirmed: boolean;
  /** Country of citizenship as most of the person's records give it (for reports by country). */
  nationality: string | null;
  report: StatusReport;
  timeline: StatusInterval[];
  events: LifecycleEvent[];
};

/**
 * One person's lifecycle events, status report and status timeline on `asOf` from their current
 * records. A person held together by any probable link is identity-unconfirmed: the report says so
 * and its removal gate stays closed until a reviewer confirms (DESIGN.md §2, ADR 0007).
 */
export function personStatus(
  records: readonly SourceRecord[],
  asOf: IsoDate,
  identityConfirmed: boolean,
): DerivedStatus {
  const events = lifecycleEvents(records);
  const report = statusReport(events, asOf);
  if (!identityConfirmed) {
    report.removal.mayProceed = false;
    report.removal.flags = [...report.removal.flags, 'IDENTITY_UNCONFIRMED'];
    report.explanation.push({
      rule: 'DESIGN §2 link strength',
      text: 'Some of these records are joined only by a probable (model) link. Only deterministic and confirmed links may feed a consequential result, so no removal step may proceed until a reviewer confirms the identity.',
      events: [],
      citation: 'DESIGN.md §2; RULES.md §8.4 (never merge on name + date of birth alone)',
    });
  }
  return {
    status: report.status,
    identityConfirmed,
    nationality: nationalityOf(records),
    report,
    timeline: statusTimeline(events, asOf),
    events,
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
