import { describe, expect, it } from 'vitest';
import { createComparator } from './compare.js';
import { LEVELS_OF } from './fields.js';
import { addRecord, createStore } from './record-store.js';
import type { IdentityRecord } from './types.js';

const FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'street', 'postalCode', 'passport', 'aNumber'];

function levels(a: Omit<IdentityRecord, 'id'>, b: Omit<IdentityRecord, 'id'>): Record<string, string> {
  const store = createStore(FIELDS);
  addRecord(store, { id: 'a', ...a });
  addRecord(store, { id: 'b', ...b });
  const out = new Uint8Array(FIELDS.length);
  createComparator(store)(0, 1, out);
  return Object.fromEntries(
    store.fields
      .map((f, i) => [f.id, LEVELS_OF[f.kind][out[i]!]!])
      .filter(([, level]) => level !== 'missing'),
  );
}

describe('the comparison kernel', () => {
  it('scores given and family names exchanged once, as a swap', () => {
    expect(
      levels(
        { givenName: 'Anthea', familyName: 'Trenorden' },
        { givenName: 'Trenorden', familyName: 'Anthhea' },
      ),
    ).toEqual({
      givenName: 'swapped',
    });
  });

  it('tells a day/month exchange, a keystroke and a year-only date apart', () => {
    expect(levels({ dateOfBirth: '1980-03-04' }, { dateOfBirth: '1980-04-03' })).toEqual({
      dateOfBirth: 'dayMonthSwap',
    });
    expect(levels({ dateOfBirth: '19090715' }, { dateOfBirth: '19009715' })).toEqual({
      dateOfBirth: 'oneEdit',
    });
    expect(levels({ dateOfBirth: '1980' }, { dateOfBirth: '1980-05-17' })).toEqual({
      dateOfBirth: 'partial',
    });
    expect(levels({ dateOfBirth: '19450493' }, { dateOfBirth: '19450493' })).toEqual({
      dateOfBirth: 'exact',
    });
  });

  it('compares free text word by word', () => {
    expect(levels({ street: 'spafford crescent' }, { street: 'crescent spafford' })).toEqual({
      street: 'reordered',
    });
    expect(levels({ street: 'spafford crescent' }, { street: 'crescent cpafford' })).toEqual({
      street: 'fuzzy88',
    });
    expect(levels({ street: 'bawley point' }, { street: 'bawleypoint' })).toEqual({ street: 'reordered' });
  });

  it('compares codes and documents by keystrokes, and a passport only with its issuer', () => {
    expect(levels({ postalCode: '2617' }, { postalCode: '2167' })).toEqual({ postalCode: 'oneEdit' });
    expect(
      levels(
        { passportNumber: 'X123', passportIssuer: 'MEX' },
        { passportNumber: 'X123', passportIssuer: 'GTM' },
      ),
    ).toEqual({ passport: 'numberOnly' });
    expect(levels({ aNumber: 'A12345678' }, { aNumber: 'A012345678' })).toEqual({ aNumber: 'exact' });
    expect(levels({ aNumber: 'A012345678' }, { aNumber: 'A012345687' })).toEqual({ aNumber: 'oneEdit' });
  });
});
