import { isFederalHoliday } from '../redress/working-days.js';

/**
 * The oversight report (RELIABILITY.md T8): who read what for which purpose, and the insider-misuse
 * patterns worth a human look — unusual volumes, reads outside working hours, reads without an assignment
 * (break-glass or refused), many users looking at one subject, subjects looked up outside any case, and
 * activity by disabled accounts. Pure: it takes the audit rows of a window and returns findings, each
 * with the sequence numbers of its evidence. An alert asks for review; it judges no one.
 */
export type OversightEvent = {
  seq: number;
  at: string;
  eventType: string;
  actorId: string;
  actorRole: string;
  purpose: string | null;
  target: string | null;
  subjects: readonly string[];
  outcome: string;
  reason: string | null;
  /** Canonical JSON details of the row (binding, breakGlass …). */
  details: string;
};

export type OversightOptions = {
  timeZone?: string;
  /** Working hours [start, end) in the time zone; weekends and federal holidays are off-hours. */
  workHours?: readonly [number, number];
  /** A user's reads in a day above max(floor, factor × the day's median per reading user) are unusual. */
  volumeFactor?: number;
  volumeFloor?: number;
  /** This many distinct users reading one subject within the window is a highly-queried subject. */
  sharedSubjectUsers?: number;
  sharedSubjectWindowMs?: number;
  /** Refusals for want of an assignment alert when one user's name this many targets in a day (3). */
  refusedTargetsPerDay?: number;
  /** Accounts disabled, and since when: anything they did afterwards is flagged. */
  disabledAccounts?: readonly { id: string; disabledAt: string }[];
};

export const ALERT_KINDS = [
  'unusual_volume',
  'off_hours',
  'no_assignment',
  'shared_subject',
  'disabled_account',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type OversightAlert = {
  kind: AlertKind;
  actorId: string | null;
  subject: string | null;
  message: string;
  evidence: number[];
};

export type OversightReport = {
  reads: number;
  readers: number;
  byUserPurpose: {
    actorId: string;
    role: string;
    purpose: string;
    reads: number;
    writes: number;
    denied: number;
    subjects: number;
  }[];
  breakGlass: { actorId: string; breakGlass: string; target: string | null; seq: number }[];
  subjectsWithoutCase: { subject: string; readers: string[]; evidence: number[] }[];
  alerts: OversightAlert[];
};

const READS = new Set(['record.read', 'record.search', 'redress.read']);
const WRITES = new Set(['redress.resolve', 'redress.open', 'redress.acknowledge']);
const MAX_EVIDENCE = 50;

const detailsOf = (e: OversightEvent): Record<string, unknown> => {
  try {
    return JSON.parse(e.details) as Record<string, unknown>;
  } catch {
    return {};
  }
};

export function oversightReport(
  events: readonly OversightEvent[],
  options: OversightOptions = {},
): OversightReport {
  const human = events.filter((e) => e.actorRole !== 'system' && e.actorRole !== 'none');
  const reads = human.filter((e) => READS.has(e.eventType) && e.outcome === 'success');
  const alerts: OversightAlert[] = [];
  const evidence = (list: readonly OversightEvent[]) => list.slice(0, MAX_EVIDENCE).map((e) => e.seq);

  // Accesses by user and purpose.
  const groups = new Map<string, OversightReport['byUserPurpose'][number] & { subjectSet: Set<string> }>();
  for (const e of human) {
    const isRead = READS.has(e.eventType);
    const isWrite = WRITES.has(e.eventType);
    if (!isRead && !isWrite && e.outcome !== 'denied') continue;
    const key = `${e.actorId}\u0000${e.purpose ?? '-'}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        actorId: e.actorId,
        role: e.actorRole,
        purpose: e.purpose ?? '-',
        reads: 0,
        writes: 0,
        denied: 0,
        subjects: 0,
        subjectSet: new Set(),
      };
      groups.set(key, g);
    }
    if (e.outcome === 'denied') g.denied++;
    else if (isRead) g.reads++;
    else if (isWrite) g.writes++;
    for (const s of e.subjects) g.subjectSet.add(s);
  }
  const byUserPurpose = [...groups.values()]
    .map(({ subjectSet, ...g }) => ({ ...g, subjects: subjectSet.size }))
    .sort((a, b) => a.actorId.localeCompare(b.actorId) || a.purpose.localeCompare(b.purpose));

  // Unusual volume: per user per day, against the day's median of reading users.
  const timeZone = options.timeZone ?? 'America/New_York';
  const local = localClock(timeZone);
  const perDay = new Map<string, Map<string, OversightEvent[]>>();
  for (const e of reads) {
    const day = local(e.at).date;
    const users = perDay.get(day) ?? new Map<string, OversightEvent[]>();
    const list = users.get(e.actorId) ?? [];
    list.push(e);
    users.set(e.actorId, list);
    perDay.set(day, users);
  }
  const factor = options.volumeFactor ?? 3;
  const floor = options.volumeFloor ?? 50;
  for (const [day, users] of [...perDay].sort()) {
    const counts = [...users.values()].map((l) => l.length).sort((a, b) => a - b);
    const median = counts[Math.floor((counts.length - 1) / 2)] ?? 0;
    const limit = Math.max(floor, factor * median);
    for (const [actorId, list] of users) {
      if (list.length > limit) {
        alerts.push({
          kind: 'unusual_volume',
          actorId,
          subject: null,
          message: `${actorId} read ${list.length} times on ${day} (limit ${limit}: ${factor} × the day's median ${median}, at least ${floor})`,
          evidence: evidence(list),
        });
      }
    }
  }

  // Off-hours reads, one alert per user.
  const [start, end] = options.workHours ?? [7, 19];
  const offHours = new Map<string, OversightEvent[]>();
  for (const e of reads) {
    const t = local(e.at);
    if (t.weekend || t.hour < start || t.hour >= end || isFederalHoliday(t.date)) {
      push(offHours, e.actorId, e);
    }
  }
  for (const [actorId, list] of offHours) {
    alerts.push({
      kind: 'off_hours',
      actorId,
      subject: null,
      message: `${actorId} read ${list.length} time(s) outside working hours (${start}:00–${end}:00 ${timeZone}, weekdays, not holidays)`,
      evidence: evidence(list),
    });
  }

  // Reads without an assignment: break-glass reads and refusals for want of one.
  const breakGlass: OversightReport['breakGlass'] = [];
  const unassigned = new Map<string, OversightEvent[]>();
  for (const e of human) {
    const d = detailsOf(e);
    const viaGlass = e.outcome === 'success' && d.binding === 'break_glass';
    const refused = e.outcome === 'denied' && e.reason === 'not_assigned';
    if (e.eventType === 'access.break_glass' && e.outcome === 'success') {
      breakGlass.push({
        actorId: e.actorId,
        breakGlass: String(d.breakGlass ?? ''),
        target: String(d.target ?? e.target ?? ''),
        seq: e.seq,
      });
    }
    if (viaGlass || refused) push(unassigned, e.actorId, e);
  }
  // A break-glass read always asks for a look. A refusal is the policy working: one mistyped case id is
  // not misuse, so refusals alert when one user is refused for several different targets in a day.
  const probing = options.refusedTargetsPerDay ?? 3;
  for (const [actorId, list] of unassigned) {
    const refusals = list.filter((e) => e.outcome === 'denied');
    const refused = refusals.length;
    const targetsByDay = new Map<string, Set<string>>();
    for (const e of refusals) {
      const day = local(e.at).date;
      targetsByDay.set(day, (targetsByDay.get(day) ?? new Set()).add(e.target ?? ''));
    }
    const probed = [...targetsByDay.values()].some((targets) => targets.size >= probing);
    if (list.length === refused && !probed) continue;
    alerts.push({
      kind: 'no_assignment',
      actorId,
      subject: null,
      message: `${actorId} accessed ${list.length - refused} time(s) by break-glass and was refused ${refused} time(s) for a case or task not assigned`,
      evidence: evidence(list),
    });
  }

  // Highly-queried subjects: many distinct users within a sliding window.
  const threshold = options.sharedSubjectUsers ?? 30;
  const windowMs = options.sharedSubjectWindowMs ?? 2 * 24 * 3600_000;
  const bySubject = new Map<string, OversightEvent[]>();
  for (const e of reads) for (const s of e.subjects) push(bySubject, s, e);
  for (const [subject, list] of bySubject) {
    if (new Set(list.map((e) => e.actorId)).size < threshold) continue;
    const sorted = [...list].sort((a, b) => a.at.localeCompare(b.at));
    const inWindow = new Map<string, number>();
    let best: OversightEvent[] = [];
    for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
      const e = sorted[hi]!;
      inWindow.set(e.actorId, (inWindow.get(e.actorId) ?? 0) + 1);
      while (Date.parse(e.at) - Date.parse(sorted[lo]!.at) > windowMs) {
        const old = sorted[lo++]!;
        const n = inWindow.get(old.actorId)! - 1;
        if (n === 0) inWindow.delete(old.actorId);
        else inWindow.set(old.actorId, n);
      }
      if (inWindow.size >= threshold && inWindow.size > new Set(best.map((b) => b.actorId)).size)
        best = sorted.slice(lo, hi + 1);
    }
    if (best.length > 0) {
      alerts.push({
        kind: 'shared_subject',
        actorId: null,
        subject,
        message: `${subject} was read by ${new Set(best.map((e) => e.actorId)).size} different users within ${windowMs / 3600_000} h`,
        evidence: evidence(best),
      });
    }
  }

  // Activity by disabled accounts: refusals for a disabled account, and anything after the disabling.
  const disabled = new Map((options.disabledAccounts ?? []).map((a) => [a.id, a.disabledAt]));
  const byDisabled = new Map<string, OversightEvent[]>();
  for (const e of human) {
    const since = disabled.get(e.actorId);
    const refusedAsDisabled = e.reason === 'session_user_disabled' || e.reason === 'account_disabled';
    if (refusedAsDisabled || (since !== undefined && e.at > since)) {
      push(byDisabled, e.actorId, e);
    }
  }
  for (const [actorId, list] of byDisabled) {
    alerts.push({
      kind: 'disabled_account',
      actorId,
      subject: null,
      message: `${actorId} tried to act ${list.length} time(s) while the account was disabled`,
      evidence: evidence(list),
    });
  }

  // Subjects looked up outside any case (only under review tasks or disputes).
  const subjectsWithoutCase: OversightReport['subjectsWithoutCase'] = [];
  for (const [subject, list] of bySubject) {
    if (list.some((e) => e.target?.startsWith('case:'))) continue;
    subjectsWithoutCase.push({
      subject,
      readers: [...new Set(list.map((e) => e.actorId))].sort(),
      evidence: evidence(list),
    });
  }
  subjectsWithoutCase.sort(
    (a, b) => b.readers.length - a.readers.length || a.subject.localeCompare(b.subject),
  );

  alerts.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      (a.actorId ?? a.subject ?? '').localeCompare(b.actorId ?? b.subject ?? ''),
  );
  return {
    reads: reads.length,
    readers: new Set(reads.map((e) => e.actorId)).size,
    byUserPurpose,
    breakGlass,
    subjectsWithoutCase,
    alerts,
  };
}

/** Local date, hour and weekend flag of an instant in a time zone (Intl: DST handled). */
function localClock(timeZone: string): (iso: string) => { date: string; hour: number; weekend: boolean } {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  });
  return (iso) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(iso))) parts[p.type] = p.value;
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      hour: Number(parts.hour),
      weekend: parts.weekday === 'Sat' || parts.weekday === 'Sun',
    };
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
