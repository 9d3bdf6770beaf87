import { isFederalHoliday } from '../redress/working-days.js';

/**
 * The oversight report (RELIABILITY.md T8): who read what for which purpose, and the insider-misuse
 * patterns worth a human look — unusual volumes, reads outside working hours, reads without an assignment
 * (break-glass or refused), many users looking at one subject, subjects looked up outside any case,
 * activity by disabled accounts, users looking up their own person record or people sharing their family
 * name, and any access to a person on the VIP / sensitive-person flag list. Pure: it takes the audit rows of a window and returns findings, each
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
  /**
   * The person records that are a user's own (an admin links them, audited): audit subjects — person ids
   * and their record keys — mapped to the linked person id. Any access naming one is a self-lookup.
   */
  ownSubjects?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /**
   * Family names on the accounts (user id → name) and of the subjects read (subject → the family names its
   * records carry), for same-surname lookups. Only a share of reads beyond what the surname's share of
   * everyone else's reads explains alerts (a Poisson upper tail below `sameSurnameAlpha`, 0.001).
   */
  familyNames?: {
    users: ReadonlyMap<string, string>;
    subjects: ReadonlyMap<string, readonly string[]>;
  };
  sameSurnameAlpha?: number;
  /** The VIP / sensitive-person flag list: subjects (person ids and record keys) → the flagged person id. */
  sensitiveSubjects?: ReadonlyMap<string, string>;
};

export const ALERT_KINDS = [
  'unusual_volume',
  'off_hours',
  'no_assignment',
  'shared_subject',
  'disabled_account',
  'self_lookup',
  'same_surname',
  'sensitive_person',
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

  alerts.push(
    ...personAlerts(human, options, evidence),
    ...sameSurnameAlerts(reads, options.familyNames, options.sameSurnameAlpha ?? 0.001, evidence),
  );

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

/**
 * Accesses that show or change a person's data (reads, case steps, disclosures, decisions), granted or
 * refused; lists and audit reports name persons without opening them, so they do not count.
 */
const touchesPerson = (e: OversightEvent) =>
  /^(record|redress|case|identity|privacy)\./.test(e.eventType) && !e.eventType.endsWith('.list');

/**
 * Self-lookups (a user's own person) and accesses to a flagged (VIP / sensitive) person: any one alerts,
 * one alert per user and person, granted or refused.
 */
function personAlerts(
  human: readonly OversightEvent[],
  options: OversightOptions,
  evidence: (list: readonly OversightEvent[]) => number[],
): OversightAlert[] {
  const own = options.ownSubjects ?? new Map<string, ReadonlyMap<string, string>>();
  const sensitive = options.sensitiveSubjects ?? new Map<string, string>();
  if (own.size === 0 && sensitive.size === 0) return [];
  const selfLookups = new Map<string, OversightEvent[]>();
  const flagged = new Map<string, OversightEvent[]>();
  for (const e of human) {
    if (e.subjects.length === 0 || !touchesPerson(e)) continue;
    const mine = own.get(e.actorId);
    const selfHit = mine === undefined ? undefined : e.subjects.find((s) => mine.has(s));
    if (selfHit !== undefined) push(selfLookups, `${e.actorId}\u0000${mine!.get(selfHit)}`, e);
    const persons = new Set(e.subjects.flatMap((s) => sensitive.get(s) ?? []));
    for (const person of persons) push(flagged, `${e.actorId}\u0000${person}`, e);
  }
  const alerts: OversightAlert[] = [];
  const describe = (list: readonly OversightEvent[]) => {
    const refused = list.filter((e) => e.outcome === 'denied').length;
    return `${list.length} time(s)${refused > 0 ? `, ${refused} of them refused` : ''}`;
  };
  for (const [key, list] of selfLookups) {
    const [actorId = '', person = ''] = key.split('\u0000');
    alerts.push({
      kind: 'self_lookup',
      actorId,
      subject: person,
      message: `${actorId} accessed ${person}, the person record linked to their own account, ${describe(list)}`,
      evidence: evidence(list),
    });
  }
  for (const [key, list] of flagged) {
    const [actorId = '', person = ''] = key.split('\u0000');
    alerts.push({
      kind: 'sensitive_person',
      actorId,
      subject: person,
      message: `${actorId} accessed ${person}, on the VIP / sensitive-person flag list, ${describe(list)}`,
      evidence: evidence(list),
    });
  }
  return alerts;
}

/**
 * Same-surname lookups: reads by a user of subjects whose records carry the family name on the user's
 * account (a shared name part of 3+ letters, accents and case folded). Common names are read every day
 * by everyone, so the count is set against what the name's share of all other users' reads predicts for
 * this user's volume: an alert when the Poisson upper tail P(X ≥ k | n·p) is below alpha. A rare name
 * alerts on the first lookup; reading Garcías in a García-heavy caseload does not.
 */
function sameSurnameAlerts(
  reads: readonly OversightEvent[],
  names: OversightOptions['familyNames'],
  alpha: number,
  evidence: (list: readonly OversightEvent[]) => number[],
): OversightAlert[] {
  if (names === undefined || names.users.size === 0) return [];
  const usersByPart = new Map<string, string[]>();
  for (const [userId, name] of names.users)
    for (const part of nameParts(name)) push(usersByPart, part, userId);
  const partsOf = new Map<string, readonly string[]>();
  const subjectParts = (subject: string) => {
    let parts = partsOf.get(subject);
    if (parts === undefined) {
      parts = [...new Set((names.subjects.get(subject) ?? []).flatMap(nameParts))];
      partsOf.set(subject, parts);
    }
    return parts;
  };
  const readsBy = new Map<string, number>();
  const matchesAll = new Map<string, number>(); // reads by anyone matching the user's name
  const own = new Map<string, OversightEvent[]>();
  for (const e of reads) {
    readsBy.set(e.actorId, (readsBy.get(e.actorId) ?? 0) + 1);
    const matched = new Set<string>();
    for (const s of e.subjects)
      for (const part of subjectParts(s)) for (const u of usersByPart.get(part) ?? []) matched.add(u);
    for (const u of matched) {
      matchesAll.set(u, (matchesAll.get(u) ?? 0) + 1);
      if (u === e.actorId) push(own, u, e);
    }
  }
  const alerts: OversightAlert[] = [];
  for (const [userId, list] of own) {
    const k = list.length;
    const n = readsBy.get(userId) ?? 0;
    const othersReads = reads.length - n;
    const othersMatches = (matchesAll.get(userId) ?? 0) - k;
    const expected = othersReads === 0 ? 0 : (n * othersMatches) / othersReads;
    const tail = poissonUpperTail(k, expected);
    if (tail >= alpha) continue;
    alerts.push({
      kind: 'same_surname',
      actorId: userId,
      subject: null,
      message: `${userId} read ${k} time(s) subjects sharing the family name on their account; others' reads predict ${expected.toFixed(1)} in ${n} reads (P = ${tail.toExponential(1)})`,
      evidence: evidence(list),
    });
  }
  return alerts;
}

const NAME_PARTICLES = new Set([
  'de',
  'del',
  'der',
  'den',
  'la',
  'las',
  'los',
  'van',
  'von',
  'da',
  'das',
  'dos',
  'di',
  'du',
  'le',
  'bin',
  'ibn',
  'al',
  'el',
]);

/** The parts of a family name worth comparing: accents and case folded, particles and 1–2 letter parts dropped. */
export function nameParts(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((p) => p.length >= 3 && !NAME_PARTICLES.has(p));
}

/** P(X ≥ k) for X ~ Poisson(λ), summed upward in log space (no underflow for large λ or k). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) return 1; // at or below the mean: never an alert, whatever the exact tail
  let logTerm = -lambda + k * Math.log(lambda);
  for (let i = 2; i <= k; i++) logTerm -= Math.log(i);
  let sum = 0;
  for (let i = k; ; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-12 || i > k + 10_000) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
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
