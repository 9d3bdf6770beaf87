import { describe, expect, it } from 'vitest';
import { discloseRecord } from './confidentiality.js';
import { type AccessInput, decideAccess, ROLES } from './policy.js';

const analyst = { kind: 'user', id: 'ana', role: 'analyst' } as const;
const read = (over: Partial<AccessInput> = {}): AccessInput => ({
  actor: analyst,
  action: 'record.read',
  purpose: 'DATA_QUALITY_REVIEW',
  target: 'task:T-1',
  binding: 'assigned',
  ...over,
});

describe('decideAccess', () => {
  it.each([
    { name: 'no purpose', input: read({ purpose: undefined }), reason: 'purpose_missing' },
    { name: 'an unknown purpose', input: read({ purpose: 'CURIOSITY' }), reason: 'purpose_unknown' },
    {
      name: 'a purpose the role may not use',
      input: read({ purpose: 'REDRESS', target: 'redress:R-1' }),
      reason: 'purpose_not_allowed',
    },
    { name: 'no target', input: read({ target: undefined }), reason: 'target_missing' },
    { name: 'a target of the wrong kind', input: read({ target: 'case:C-1' }), reason: 'target_mismatch' },
    { name: 'a malformed target', input: read({ target: 'task:../../etc' }), reason: 'target_missing' },
    { name: 'an unassigned task', input: read({ binding: 'none' }), reason: 'not_assigned' },
    {
      name: 'an admin reading records',
      input: read({ actor: { kind: 'user', id: 'root', role: 'admin' } }),
      reason: 'role_not_allowed',
    },
    {
      name: 'an auditor reading records',
      input: read({ actor: { kind: 'user', id: 'ig', role: 'auditor' } }),
      reason: 'role_not_allowed',
    },
    {
      name: 'ingest reading records',
      input: read({ actor: { kind: 'system', name: 'ingest' } }),
      reason: 'role_not_allowed',
    },
  ])('refuses $name with reason $reason', ({ input, reason }) => {
    expect(decideAccess(input)).toMatchObject({ allow: false, reason });
  });

  it('allows an assigned analyst, and says break-glass would help an unassigned one', () => {
    expect(decideAccess(read())).toEqual({
      allow: true,
      purpose: 'DATA_QUALITY_REVIEW',
      target: 'task:T-1',
      via: 'assigned',
    });
    expect(decideAccess(read({ binding: 'none' }))).toMatchObject({ breakGlassWouldHelp: true });
    expect(decideAccess(read({ binding: 'break_glass' }))).toMatchObject({ allow: true, via: 'break_glass' });
  });

  it('keeps separation of duties: only admins manage accounts, no admin or auditor reads records (T7.3)', () => {
    for (const role of ROLES) {
      const actor = { kind: 'user', id: 'u', role } as const;
      const authenticated = { at: new Date(0), now: new Date(0) };
      expect(decideAccess({ actor, action: 'account.manage', binding: 'none', authenticated }).allow).toBe(
        role === 'admin',
      );
      const reads = ['CASE_ADJUDICATION', 'IDENTITY_REVIEW', 'DATA_QUALITY_REVIEW', 'REDRESS'].some(
        (purpose) =>
          decideAccess(
            read({
              actor,
              purpose,
              target:
                purpose === 'REDRESS' ? 'redress:R' : purpose === 'CASE_ADJUDICATION' ? 'case:C' : 'task:T',
            }),
          ).allow,
      );
      expect(reads).toBe(!['admin', 'auditor'].includes(role));
    }
  });

  it('T9.3: account management, break-glass, bulk approval and audit export need an authentication within 5 minutes', () => {
    const at = new Date('2026-06-30T14:00:00Z');
    const after = (ms: number) => ({ at, now: new Date(at.getTime() + ms) });
    const cases = [
      { actor: { kind: 'user', id: 'root', role: 'admin' }, action: 'account.manage' },
      { actor: { kind: 'user', id: 'sue', role: 'supervisor' }, action: 'break_glass.open' },
      { actor: { kind: 'user', id: 'sue', role: 'supervisor' }, action: 'bulk.approve' },
      {
        actor: { kind: 'user', id: 'ida', role: 'auditor' },
        action: 'audit.export',
        purpose: 'AUDIT',
        target: 'task:A-1',
      },
    ] as const;
    for (const c of cases) {
      const input: AccessInput = { ...c, binding: 'none' };
      expect(decideAccess({ ...input, authenticated: after(5 * 60_000) }).allow, c.action).toBe(true);
      expect(decideAccess({ ...input, authenticated: after(5 * 60_000 + 1) }), c.action).toMatchObject({
        allow: false,
        reason: 'step_up_required',
      });
      expect(decideAccess(input), c.action).toMatchObject({ allow: false, reason: 'step_up_required' });
    }
    // Everyday actions do not; a refusal for another reason keeps that reason.
    expect(decideAccess(read()).allow).toBe(true);
    expect(
      decideAccess({ actor: analyst, action: 'account.manage', binding: 'none', authenticated: after(0) }),
    ).toMatchObject({ reason: 'role_not_allowed' });
  });

  it('lets system jobs do only their own write under their own purpose', () => {
    const ingest = { kind: 'system', name: 'ingest' } as const;
    expect(
      decideAccess({
        actor: ingest,
        action: 'record.write',
        purpose: 'INGEST',
        target: 'run:r1',
        binding: 'none',
      }).allow,
    ).toBe(true);
    expect(
      decideAccess({
        actor: ingest,
        action: 'record.dispose',
        purpose: 'RETENTION',
        target: 'run:r1',
        binding: 'none',
      }).allow,
    ).toBe(false);
  });
});

describe('statutory confidentiality', () => {
  const asylum = {
    sourceRecordId: 'B-1',
    benefitType: 'ASYLUM',
    form: 'I-589',
    familyName: 'DOE',
    filedDate: '2024-01-02',
  };
  const vawa = { sourceRecordId: 'E-1', mtrBasis: 'VAWA', familyName: 'ROE' };
  const plain = { sourceRecordId: 'B-2', benefitType: 'EXTENSION', familyName: 'POE' };

  it.each([
    { role: 'analyst', purpose: 'DATA_QUALITY_REVIEW', breakGlass: false, shown: false },
    { role: 'adjudicator', purpose: 'IDENTITY_REVIEW', breakGlass: false, shown: false },
    { role: 'adjudicator', purpose: 'CASE_ADJUDICATION', breakGlass: false, shown: true },
    { role: 'supervisor', purpose: 'REDRESS', breakGlass: false, shown: true },
    { role: 'adjudicator', purpose: 'CASE_ADJUDICATION', breakGlass: true, shown: false },
  ] as const)(
    'shows asylum and VAWA records to $role for $purpose (break-glass $breakGlass): $shown',
    (reader) => {
      for (const [payload, citation] of [
        [asylum, '8 CFR 208.6'],
        [vawa, '8 U.S.C. 1367'],
      ] as const) {
        const out = discloseRecord(reader, 'benefit_application', payload);
        if (reader.shown) expect(out).toEqual({ recordType: 'benefit_application', payload, masked: [] });
        else
          expect(out).toEqual({
            recordType: null,
            payload: { sourceRecordId: payload.sourceRecordId },
            masked: [citation],
          });
      }
    },
  );

  it('never masks an ordinary record', () => {
    expect(
      discloseRecord(
        { role: 'analyst', purpose: 'DATA_QUALITY_REVIEW', breakGlass: false },
        'benefit_application',
        plain,
      ).masked,
    ).toEqual([]);
  });
});
