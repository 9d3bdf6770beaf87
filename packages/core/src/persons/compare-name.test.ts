import { describe, expect, it } from 'vitest';
import { nameLevel } from './compare-name.js';
import { compareNames } from './compare-names.js';
import { NAME_LEVELS } from './fields.js';
import { nameValue } from './name-value.js';
import { type NameRole, normaliseName } from './normalise-name.js';

const level = (a: string, b: string, role: NameRole = 'full') => {
  const keys = new Map<string, number>();
  return NAME_LEVELS[
    nameLevel(nameValue(keys, normaliseName(a, role)!), nameValue(keys, normaliseName(b, role)!))
  ];
};

describe('nameLevel', () => {
  it.each([
    { a: 'Müller', b: 'MUELLER', expected: 'exact' },
    { a: 'Müller', b: 'Muller', expected: 'exact' },
    { a: 'Mohammed', b: 'Muhammad', expected: 'variant' },
    { a: 'Hussein', b: 'Hosseini', expected: 'phonetic' },
    { a: 'Dooley', b: 'Doolqey', expected: 'fuzzy94' },
    { a: 'al-Assad', b: 'Assad', expected: 'variant' },
    { a: 'Abdulaziz', b: 'Abdul Aziz', expected: 'variant' },
    { a: 'Zelenskyy', b: 'Selenskyj', expected: 'variant' },
    { a: 'Nooristani', b: 'Nuristani', expected: 'variant' },
    { a: 'Haddad', b: 'Hdddad', expected: 'fuzzy94' },
    { a: 'J', b: 'John', expected: 'initial' },
    { a: 'Mary', b: 'Mary Ann', expected: 'partial' },
    { a: 'Smith', b: 'Jones', expected: 'different' },
  ])('$a / $b is $expected', ({ a, b, expected }) => {
    expect(level(a, b, 'family')).toBe(expected);
  });

  it('compares names across scripts', () => {
    expect(level('محمد', 'Mohammed', 'given')).toBe('variant');
    expect(level('Владимир', 'Vladimir', 'given')).toBe('exact');
    expect(level('王', 'Wang', 'family')).toBe('exact');
  });
});

describe('compareNames', () => {
  it.each([
    { a: 'Barack Obama', b: 'Барак Хусеин Обама' },
    { a: 'Mohammed bin Salman', b: 'Salman Mohammed bin' },
    { a: 'NURISTANI, Abdul Aziz', b: 'Abdul Aziz Nooristani' },
    { a: 'Recep Tayyip Erdogan', b: 'Recep Tayyip Erdoğan' },
    { a: 'Dr. Rami Makhlouf', b: 'Rami Makhlouf' },
    { a: 'AlisherUsmanov', b: 'Alisher Usmanov' },
    { a: 'Wladimir Putin', b: 'Vladimir Putin' },
  ])('finds $a and $b compatible', ({ a, b }) => {
    expect(compareNames(a, b).compatible).toBe(true);
  });

  it.each([
    { a: 'Hafez Makhlouf', b: 'Rami Makhlouf' },
    { a: 'Boris Vekselberg', b: 'Viktor Vekselberg' },
    { a: 'SADDAM HUSSEIN AL-DULAIMI', b: 'SADDAM HUSSEIN AL-TIKRITI' },
  ])('keeps $a and $b apart', ({ a, b }) => {
    expect(compareNames(a, b).compatible).toBe(false);
  });
});
