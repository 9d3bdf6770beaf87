import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoOf } from '../status/calendar.js';
import { NEW_CASE } from './workflow.js';
import { caseDeadlines, DEADLINE_KINDS, type LegalDeadline, worklistOrder } from './worklist-order.js';

const deadline = fc.record({
  kind: fc.constantFrom(...DEADLINE_KINDS),
  due: fc.integer({ min: 20000, max: 21000 }).map((d) => isoOf(d)),
  citation: fc.constant('8 CFR 1003.38'),
}) as fc.Arbitrary<LegalDeadline>;

/** Whatever a case might carry about its person: none of it may move the case on the list (SCOPE.md 2). */
const person = fc.record({
  familyName: fc.string(),
  nationality: fc.constantFrom('MEX', 'CHN', 'IND', 'SLV', 'FRA', 'NGA'),
  dateOfBirth: fc.integer({ min: -20000, max: 20000 }).map((d) => isoOf(d)),
  status: fc.constantFrom('OVERSTAY', 'LPR', 'TPS', 'US_CITIZEN'),
  overstayDays: fc.nat(5000),
  priorRemovals: fc.nat(5),
  represented: fc.boolean(),
});

const items = fc.uniqueArray(
  fc.record({
    caseId: fc.stringMatching(/^CASE-[0-9a-f]{8}$/),
    deadlines: fc.array(deadline, { maxLength: 4 }),
    person,
  }),
  { selector: (i) => i.caseId, maxLength: 40 },
);

describe('worklistOrder (SCOPE.md: work lists by legal deadline only)', () => {
  it('puts the earliest legal deadline first and cases without one last', () => {
    const list = worklistOrder([
      { caseId: 'C-3', deadlines: [] },
      { caseId: 'C-2', deadlines: [{ kind: 'HEARING', due: '2026-09-01', citation: '' }] },
      {
        caseId: 'C-1',
        deadlines: [
          { kind: 'HEARING', due: '2026-10-01', citation: '' },
          { kind: 'APPEAL_DEADLINE', due: '2026-07-11', citation: '' },
        ],
      },
    ]);

    expect(list.map((i) => i.caseId)).toEqual(['C-1', 'C-2', 'C-3']);
  });

  it('gives the same order whatever is known about the persons, and whatever order the cases come in', () => {
    fc.assert(
      fc.property(
        items,
        fc.array(person, { minLength: 40, maxLength: 40 }),
        fc.nat(),
        (list, others, seed) => {
          const reference = worklistOrder(list).map((i) => i.caseId);
          const changed = list.map((item, i) => ({ ...item, person: others[i] as typeof item.person }));
          const shuffled = [...changed].sort(
            (a, b) => ((hash(a.caseId) ^ seed) % 97) - ((hash(b.caseId) ^ seed) % 97),
          );

          expect(worklistOrder(shuffled).map((i) => i.caseId)).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never ranks a case ahead of one with an earlier deadline', () => {
    fc.assert(
      fc.property(items, (list) => {
        const ordered = worklistOrder(list);
        const dues = ordered.map((i) => i.deadlines.map((d) => d.due).sort()[0] ?? '9999-12-31');

        expect(dues).toEqual([...dues].sort());
      }),
    );
  });

  it('reads the hearing, appeal and voluntary-departure deadlines off the case', () => {
    expect(caseDeadlines({ ...NEW_CASE, state: 'PENDING_BEFORE_IJ', hearingOn: '2026-08-01' })).toEqual([
      expect.objectContaining({ kind: 'HEARING', due: '2026-08-01' }),
    ]);
    expect(caseDeadlines({ ...NEW_CASE, state: 'APPEAL_WINDOW', appealDeadline: '2026-07-10' })).toEqual([
      expect.objectContaining({ kind: 'APPEAL_DEADLINE', due: '2026-07-10' }),
    ]);
    expect(caseDeadlines({ ...NEW_CASE, state: 'VD_PERIOD', vdDepartBy: '2026-09-01' })).toEqual([
      expect.objectContaining({ kind: 'VOLUNTARY_DEPARTURE_EXPIRY', due: '2026-09-01' }),
    ]);
  });

  it('keeps a past hearing on the list while its outcome is not recorded (overdue, first in line)', () => {
    const heard = caseDeadlines({ ...NEW_CASE, state: 'PENDING_BEFORE_IJ', hearingOn: '2026-05-01' });
    const later = caseDeadlines({ ...NEW_CASE, state: 'APPEAL_WINDOW', appealDeadline: '2026-07-10' });

    expect(heard).toEqual([expect.objectContaining({ kind: 'HEARING', due: '2026-05-01' })]);
    const items = [
      { caseId: 'C-2', deadlines: later },
      { caseId: 'C-1', deadlines: heard },
    ];
    expect(worklistOrder(items).map((i) => i.caseId)).toEqual(['C-1', 'C-2']);
  });
});

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(h);
}
