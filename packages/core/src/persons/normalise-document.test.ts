import { describe, expect, it } from 'vitest';
import {
  confusableKey,
  normaliseANumber,
  normaliseI94Number,
  normaliseIssuer,
  normalisePassportNumber,
  normaliseReceiptNumber,
  normaliseSevisId,
} from './normalise-document.js';

describe('identifier normalisation (RULES.md §8.2)', () => {
  it('reads a USCIS receipt number and a SEVIS ID, and refuses what cannot be one', () => {
    expect(normaliseReceiptNumber('eac-2434685803')).toBe('EAC2434685803');
    expect(normaliseReceiptNumber('EAC243468580')).toBeNull();
    expect(normaliseReceiptNumber('E1C2434685803')).toBeNull();
    expect(normaliseSevisId('n 0088270703')).toBe('N0088270703');
    expect(normaliseSevisId('N008827070')).toBeNull();
    expect(normaliseSevisId('M0088270703')).toBeNull();
  });

  it('pads an A-Number to nine digits', () => {
    expect(normaliseANumber('A12345678')).toBe('A012345678');
    expect(normaliseANumber('a 123-456-789')).toBe('A123456789');
    expect(normaliseANumber('1234567')).toBe('A001234567');
    expect(normaliseANumber('A123456')).toBeNull();
    expect(normaliseANumber('A1234567890')).toBeNull();
  });

  it('accepts both I-94 number formats', () => {
    expect(normaliseI94Number('12345678901')).toBe('12345678901');
    expect(normaliseI94Number('123456789a1')).toBe('123456789A1');
    expect(normaliseI94Number('1234567890')).toBeNull();
  });

  it('cleans passport numbers and issuers', () => {
    expect(normalisePassportNumber('c01x 00t4<')).toBe('C01X00T4');
    expect(normaliseIssuer('D<<')).toBe('DEU');
    expect(normaliseIssuer('mex')).toBe('MEX');
    expect(normaliseIssuer('Mexico')).toBeNull();
  });

  it('folds the characters clerks confuse (O/0, I/1) for a near-agreement key', () => {
    expect(confusableKey('AB1O2I')).toBe(confusableKey('AB1021'));
  });
});
