import { describe, expect, it } from 'vitest';
import { nameParts, type OversightEvent, oversightReport, poissonUpperTail } from './oversight.js';
import { seededRandom } from './synthetic-log.js';

/**
 * RELIABILITY.md T8.5 on a synthetic month: 20 users reading in office hours for cases they are
 * assigned to, plus planted misuse. Every planted case must alert; no normal user may.
 */
const SEED = 8_005;

function month(): { events: OversightEvent[]; disabled: { id: string; disabledAt: string }[] } {
  const random = seededRandom(SEED);
  const events: OversightEvent[] = [];
  let seq = 0;
  const push = (
    e: Omit<OversightEvent, 'seq' | 'eventType' | 'outcome' | 'reason' | 'details'> & Partial<OversightEvent>,
  ) =>
    events.push({
      eventType: 'record.read',
      outcome: 'success',
      reason: null,
      details: '{"binding":"assigned"}',
      ...e,
      seq: ++seq,
    });
  for (let day = 1; day <= 30; day++) {
    const date = new Date(Date.UTC(2026, 5, day));
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6 || day === 19) continue; // weekends and Juneteenth
    for (let u = 0; u < 20; u++) {
      const reads = 20 + Math.floor(random() * 20);
      for (let r = 0; r < reads; r++) {
        const minutes = (9 + 4) * 60 + Math.floor(random() * 8 * 60); // 09:00–17:00 EDT = 13:00–21:00 UTC
        const at = new Date(date.getTime() + minutes * 60_000).toISOString();
        const byCase = random() < 0.8;
        push({
          at,
          actorId: `u${u}`,
          actorRole: 'analyst',
          purpose: byCase ? 'CASE_ADJUDICATION' : 'DATA_QUALITY_REVIEW',
          target: byCase ? `case:C-${u}-${Math.floor(random() * 5)}` : `task:DQ-${u}`,
          subjects: [`record:cbp-i94/R-${Math.floor(random() * 20_000)}`],
        });
      }
    }
  }
  // Planted: a bulk lookup by u7 on 10 June.
  for (let i = 0; i < 400; i++) {
    push({
      at: `2026-06-10T15:${String(i % 60).padStart(2, '0')}:00.000Z`,
      actorId: 'u7',
      actorRole: 'analyst',
      purpose: 'CASE_ADJUDICATION',
      target: 'case:C-7-1',
      subjects: [`record:cbp-i94/B-${i}`],
    });
  }
  // Planted: u3 reads at 02:00 local on a Tuesday.
  push({
    at: '2026-06-16T06:00:00.000Z',
    actorId: 'u3',
    actorRole: 'analyst',
    purpose: 'CASE_ADJUDICATION',
    target: 'case:C-3-0',
    subjects: ['record:cbp-i94/R-1'],
  });
  // Planted: u5 breaks the glass and is refused for a case not assigned.
  push({
    at: '2026-06-11T14:00:00.000Z',
    actorId: 'u5',
    actorRole: 'analyst',
    purpose: 'CASE_ADJUDICATION',
    target: 'case:OTHER',
    subjects: ['record:cbp-i94/R-2'],
    details: '{"binding":"break_glass","breakGlass":"bg_1"}',
  });
  push({
    at: '2026-06-11T14:05:00.000Z',
    actorId: 'u5',
    actorRole: 'analyst',
    purpose: 'CASE_ADJUDICATION',
    target: 'case:OTHER2',
    subjects: [],
    outcome: 'denied',
    reason: 'not_assigned',
    details: '{}',
  });
  // Planted: a highly-queried subject — 12 different users within a day.
  for (let u = 0; u < 12; u++) {
    push({
      at: `2026-06-23T1${u % 8}:30:00.000Z`.replace('T10', 'T14'),
      actorId: `u${u}`,
      actorRole: 'analyst',
      purpose: 'CASE_ADJUDICATION',
      target: `case:C-${u}-0`,
      subjects: ['record:cbp-i94/CELEBRITY'],
    });
  }
  // Planted: u9's account was disabled on 20 June; it tried again on 22 June.
  push({
    at: '2026-06-22T15:00:00.000Z',
    actorId: 'u9',
    actorRole: 'analyst',
    purpose: 'CASE_ADJUDICATION',
    target: 'case:C-9-0',
    subjects: [],
    outcome: 'denied',
    reason: 'session_user_disabled',
    details: '{}',
  });
  return { events, disabled: [{ id: 'u9', disabledAt: '2026-06-20T12:00:00.000Z' }] };
}

describe('the oversight report (T8.5)', () => {
  const { events, disabled } = month();
  const report = oversightReport(events, { sharedSubjectUsers: 10, disabledAccounts: disabled });

  it('alerts on every planted pattern, each with its evidence', () => {
    const alerts = report.alerts.map((a) => `${a.kind}:${a.actorId ?? a.subject}`);
    expect(alerts).toEqual(
      expect.arrayContaining([
        'unusual_volume:u7',
        'off_hours:u3',
        'no_assignment:u5',
        'shared_subject:record:cbp-i94/CELEBRITY',
        'disabled_account:u9',
      ]),
    );
    for (const alert of report.alerts) expect(alert.evidence.length).toBeGreaterThan(0);
  });

  it('flags no normal user: 0 false alarms among the 15 users with no planted misuse', () => {
    const planted = new Set(['u7', 'u3', 'u5', 'u9']);
    const flagged = report.alerts.filter((a) => a.actorId !== null && !planted.has(a.actorId));
    expect(flagged).toEqual([]);
    expect(report.alerts).toHaveLength(5);
  });

  it('counts accesses by user and purpose, and lists subjects looked up outside any case', () => {
    const u0 = report.byUserPurpose.filter((g) => g.actorId === 'u0');
    expect(u0.map((g) => g.purpose).sort()).toEqual(['CASE_ADJUDICATION', 'DATA_QUALITY_REVIEW']);
    expect(report.reads).toBe(events.filter((e) => e.outcome === 'success').length);
    expect(report.subjectsWithoutCase.length).toBeGreaterThan(0);
    expect(report.subjectsWithoutCase.every((s) => !s.subject.includes('CELEBRITY'))).toBe(true);
  });
});

describe('self-lookup, same-surname and VIP-flag detectors (T8.5)', () => {
  const row = (seq: number, e: Partial<OversightEvent>): OversightEvent => ({
    seq,
    at: '2026-06-16T15:00:00.000Z',
    eventType: 'record.read',
    actorId: 'ana',
    actorRole: 'analyst',
    purpose: 'CASE_ADJUDICATION',
    target: 'case:C-1',
    subjects: [],
    outcome: 'success',
    reason: null,
    details: '{"binding":"assigned"}',
    ...e,
  });

  it('alerts on a read of a flagged person, not on a work list or an audit report that names it', () => {
    const events = [
      row(1, { subjects: ['P-vip', 'src:R-1'] }),
      row(2, { eventType: 'case.list', subjects: ['P-vip'] }),
      row(3, { eventType: 'audit.report', actorId: 'aud', actorRole: 'auditor', subjects: ['P-vip'] }),
      row(4, { eventType: 'case.read', actorId: 'bo', subjects: ['P-vip'], outcome: 'denied' }),
    ];

    const report = oversightReport(events, { sensitiveSubjects: new Map([['P-vip', 'P-vip']]) });

    expect(report.alerts.map((a) => [a.kind, a.actorId, a.subject, a.evidence])).toEqual([
      ['sensitive_person', 'ana', 'P-vip', [1]],
      ['sensitive_person', 'bo', 'P-vip', [4]],
    ]);
    expect(report.alerts[1]!.message).toContain('1 of them refused');
  });

  it('alerts on a read of one of the records of the person linked to the reader, not to another user', () => {
    const own = new Map([['ana', new Map([['src:R-9', 'P-ana']])]]);
    const events = [row(1, { subjects: ['src:R-9'] }), row(2, { actorId: 'bo', subjects: ['src:R-9'] })];

    const report = oversightReport(events, { ownSubjects: own });

    expect(report.alerts.map((a) => [a.kind, a.actorId, a.subject, a.evidence])).toEqual([
      ['self_lookup', 'ana', 'P-ana', [1]],
    ]);
  });

  it('folds accents, case and particles in family names, and weighs a match against the name’s frequency', () => {
    expect(nameParts('de la Peña-GARCÍA')).toEqual(['pena', 'garcia']);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(3, 0.01)).toBeCloseTo(1.66e-7, 8);
    expect(poissonUpperTail(2000, 1500)).toBeLessThan(1e-20);
  });
});
