import { describe, expect, it } from 'vitest';
import { handModel } from './hand-model.test-support.js';
import { resolvePersons } from './resolve.js';
import type { IdentityRecord } from './types.js';

const FIELDS = ['givenName', 'familyName', 'passport', 'dateOfBirth', 'sex', 'nationality', 'aNumber'];
const model = handModel(FIELDS);
const person = (
  id: string,
  extra: Partial<IdentityRecord> = {},
  without?: keyof IdentityRecord,
): IdentityRecord => {
  const record: IdentityRecord = {
    id,
    givenName: 'Ahmed',
    familyName: 'Haddad',
    dateOfBirth: '1980-03-04',
    sex: 'M',
    nationality: 'EGY',
    ...extra,
  };
  if (without !== undefined) delete record[without];
  return record;
};
const clusterOf = (records: readonly string[][], id: string) => records.find((c) => c.includes(id)) ?? [];

describe('clustering with cannot-link constraints', () => {
  it('never chains A–B–C when A and C carry different A-Numbers', () => {
    const records = [
      person('a', { aNumber: 'A012345678' }),
      person('b'),
      person('c', { aNumber: 'A087654321' }),
    ];

    const resolution = resolvePersons(records, model);
    const clusters = resolution.clusters.map((c) => c.records);

    expect(clusterOf(clusters, 'a')).not.toContain('c');
    expect(clusters.find((c) => c.includes('b'))?.length).toBe(2);
    expect(
      resolution.reviews.some((r) => r.reason === 'contradiction' && r.detail.includes('A-Numbers')),
    ).toBe(true);
  });

  it('keeps apart two records whose verified dates of birth differ', () => {
    const records = [
      person('a', { dateOfBirthVerified: true }),
      person('b', { dateOfBirth: '1981-07-09', dateOfBirthVerified: true }),
      person('c', {}, 'dateOfBirth'),
    ];

    const clusters = resolvePersons(records, model).clusters.map((c) => c.records);

    expect(clusterOf(clusters, 'a')).not.toContain('b');
  });

  it('holds a typed date that no keying error explains against a verified one', () => {
    const records = [
      person('verified', { dateOfBirthVerified: true, passportNumber: 'X1234567', passportIssuer: 'EGY' }),
      person('bridge', { passportNumber: 'X1234567', passportIssuer: 'EGY' }, 'dateOfBirth'),
      person('typed', { dateOfBirth: '1975-11-20', aNumber: 'A012345678' }),
      person('bridge2', { aNumber: 'A012345678' }, 'dateOfBirth'),
    ];

    const clusters = resolvePersons(records, model).clusters.map((c) => c.records);

    expect(clusterOf(clusters, 'verified')).toEqual(['bridge', 'verified']);
    expect(clusterOf(clusters, 'typed')).toEqual(['bridge2', 'typed']);
  });
});

describe('deterministic links', () => {
  it('links the same A-Number whatever the names say', () => {
    const records = [
      person('a', { aNumber: 'A12345678' }),
      person('b', {
        givenName: 'Mohamed',
        familyName: 'Hadad',
        dateOfBirth: '1980-04-03',
        aNumber: 'A012345678',
      }),
    ];

    const [cluster] = resolvePersons(records, model).clusters;

    expect(cluster?.records).toEqual(['a', 'b']);
    expect(cluster?.links[0]).toMatchObject({
      strength: 'deterministic',
      decidedBy: 'rule',
      rule: 'aNumber',
    });
  });

  it('links a passport only with its issuer, and a renewal is no contradiction', () => {
    const records = [
      person('old', { passportNumber: 'A1111111', passportIssuer: 'EGY', passportIssueDate: '2011-06-01' }),
      person('old-again', { passportNumber: 'A1111111', passportIssuer: 'EGY', givenName: 'X' }),
      person('other-issuer', {
        passportNumber: 'A1111111',
        passportIssuer: 'JOR',
        givenName: 'Y',
        familyName: 'Z',
      }),
      person('renewed', {
        passportNumber: 'B2222222',
        passportIssuer: 'EGY',
        passportIssueDate: '2021-06-01',
      }),
    ];

    const clusters = resolvePersons(records, model).clusters;
    const old = clusters.find((c) => c.records.includes('old'))!;

    expect(old.records).toEqual(['old', 'old-again', 'renewed']);
    expect(old.links.find((l) => l.b === 'old-again' || l.a === 'old-again')?.strength).toBe('deterministic');
    expect(old.links.find((l) => l.a === 'renewed' || l.b === 'renewed')?.strength).toBe('probable');
  });

  it('links a benefit decision to its application by receipt number, and a SEVIS event by SEVIS ID', () => {
    const ids = handModel([...FIELDS, 'receiptNumber', 'sevisId']);
    const records = [
      person('application', { givenName: 'Zixue', familyName: 'Wang', receiptNumber: 'EAC2434685803' }),
      // The decision uses the name the person goes by: only the receipt number ties it.
      person('decision', { givenName: 'Jessica', familyName: 'Wang', receiptNumber: 'eac 2434685803' }),
      person('other-filing', { givenName: 'Jessica', familyName: 'Wang', receiptNumber: 'EAC2434685804' }),
      person('sevis-1', { givenName: 'Ho', familyName: 'Hung D.', sevisId: 'N0088270703' }),
      person('sevis-2', { givenName: 'Hung Duc', familyName: 'Ho', sevisId: 'N0088270703' }),
    ];

    const clusters = resolvePersons(records, ids).clusters;
    const link = (a: string, b: string) =>
      clusters.flatMap((c) => c.links).find((l) => [l.a, l.b].sort().join() === [a, b].sort().join());

    expect(link('application', 'decision')).toMatchObject({
      strength: 'deterministic',
      rule: 'receiptNumber',
    });
    expect(link('sevis-1', 'sevis-2')).toMatchObject({ strength: 'deterministic', rule: 'sevisId' });
    expect(link('decision', 'other-filing')?.strength).not.toBe('deterministic');
  });

  it('treats two passports of one issuer issued the same day as different people', () => {
    const records = [
      person('p1', { passportNumber: 'A1111111', passportIssuer: 'EGY', passportIssueDate: '2015-01-01' }),
      person('p2', { passportNumber: 'C3333333', passportIssuer: 'EGY', passportIssueDate: '2015-01-01' }),
    ];

    const resolution = resolvePersons(records, model);

    expect(resolution.clusters).toHaveLength(2);
    expect(resolution.reviews[0]?.reason).toBe('contradiction');
  });
});

describe('reviewer decisions and the namesake rule', () => {
  it('sends namesakes who state different countries of birth to review instead of merging them', () => {
    const withBirth = handModel([...FIELDS, 'countryOfBirth']);
    const records = [
      person('ecu-visa', { passportNumber: 'D93431912', passportIssuer: 'ECU', countryOfBirth: 'ECU' }),
      person('ecu-i94', { passportNumber: 'D93431912', passportIssuer: 'ECU', countryOfBirth: 'ECU' }),
      person('arg-visa', { passportNumber: '04880110F', passportIssuer: 'ARG', countryOfBirth: 'ARG' }),
      person('arg-i94', { passportNumber: '04880110F', passportIssuer: 'ARG', countryOfBirth: 'ARG' }),
      // Name and date of birth only: it agrees with both, and would join them.
      person('counsel', {}, 'nationality'),
    ];

    const resolution = resolvePersons(records, withBirth);

    const arg = resolution.clusters.find((c) => c.records.includes('arg-visa'))!;
    expect(arg.records).not.toContain('ecu-visa');
    expect(resolution.reviews.some((r) => r.reason === 'twin-or-namesake')).toBe(true);
  });

  it('merges records when only one side states a country of birth', () => {
    const withBirth = handModel([...FIELDS, 'countryOfBirth']);
    const records = [
      person('visa', { passportNumber: 'D93431912', passportIssuer: 'ECU', countryOfBirth: 'ECU' }),
      person('counsel', { aNumber: 'A283598338' }),
    ];

    expect(resolvePersons(records, withBirth).clusters.map((c) => c.records)).toEqual([['counsel', 'visa']]);
  });

  it('confirms and separates pairs as reviewers decided', () => {
    const records = [person('a'), person('b'), person('c', { givenName: 'Omar', dateOfBirth: '1990-01-01' })];
    const decisions = [
      { a: 'a', b: 'b', decision: 'different' as const, by: 'reviewer-1' },
      { a: 'a', b: 'c', decision: 'same' as const, by: 'reviewer-2' },
    ];

    const clusters = resolvePersons(records, model, { decisions }).clusters;

    expect(clusters.find((c) => c.records.includes('a'))?.records).toEqual(['a', 'c']);
    expect(clusters.find((c) => c.records.includes('a'))?.links[0]?.strength).toBe('confirmed');
  });

  it('sends name-and-birth-date-only pairs to review when configured so', () => {
    const nameOnly = handModel(['givenName', 'familyName', 'dateOfBirth']);
    const records = [person('a'), person('b')];

    const probable = resolvePersons(records, nameOnly);
    const strict = resolvePersons(records, nameOnly, { config: { nameAndBirthDateOnly: 'possible' } });

    expect(probable.clusters).toHaveLength(1);
    expect(probable.clusters[0]?.links[0]?.strength).toBe('probable');
    expect(strict.clusters).toHaveLength(2);
    expect(strict.reviews[0]?.reason).toBe('name-and-birth-date-only');
  });
});
