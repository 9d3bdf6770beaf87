import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedDamerau, damerauLevenshtein, levenshtein } from './edit-distance.js';
import { jaro, jaroWinkler, jaroWinklerAtLeast } from './jaro-winkler.js';
import { nysiis } from './phonetic.js';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

describe('Jaro and Jaro–Winkler', () => {
  it.each([
    { a: 'MARTHA', b: 'MARHTA', jaro: 0.944, jw: 0.961 },
    { a: 'DWAYNE', b: 'DUANE', jaro: 0.822, jw: 0.84 },
    { a: 'DIXON', b: 'DICKSONX', jaro: 0.767, jw: 0.813 },
  ])('gives the published values for $a/$b', ({ a, b, jaro: j, jw }) => {
    expect(round3(jaro(a, b))).toBe(j);
    expect(round3(jaroWinkler(a, b))).toBe(jw);
  });

  it('is 1 for equal strings and 0 when nothing matches', () => {
    expect(jaroWinkler('ANNA', 'ANNA')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'ABC')).toBe(0);
  });

  it('answers the bounded question exactly whenever the similarity reaches the floor', () => {
    const word = fc.stringMatching(/^[A-F]{0,9}$/);
    fc.assert(
      fc.property(word, word, fc.constantFrom(0.8, 0.88, 0.94), (a, b, floor) => {
        const full = jaroWinkler(a, b);
        const bounded = jaroWinklerAtLeast(a, b, floor);
        expect(full >= floor ? bounded : 0).toBe(full >= floor ? full : 0);
        if (bounded > 0) expect(bounded).toBe(full);
      }),
    );
  });
});

describe('edit distances', () => {
  it('gives the textbook values', () => {
    expect(levenshtein('KITTEN', 'SITTING')).toBe(3);
    expect(levenshtein('CA', 'AC')).toBe(2);
    expect(damerauLevenshtein('CA', 'AC')).toBe(1);
    expect(damerauLevenshtein('19450349', '19450394')).toBe(1);
  });

  it('bounded Damerau agrees with the full table up to its limit', () => {
    const word = fc.stringMatching(/^[ABC]{0,7}$/);
    fc.assert(
      fc.property(word, word, fc.integer({ min: 1, max: 3 }), (a, b, limit) => {
        const full = damerauLevenshtein(a, b);
        expect(boundedDamerau(a, b, limit)).toBe(full > limit ? limit + 1 : full);
      }),
    );
  });
});

describe('nysiis', () => {
  it('gives one code to common spelling variants', () => {
    expect(nysiis('NURISTANI')).toBe(nysiis('NOORISTANI'));
    expect(nysiis('JOHNSON')).toBe(nysiis('JONSON'));
    expect(nysiis('MACDONALD')).toBe(nysiis('MCDONALD'));
    expect(nysiis('KNIGHT')).toBe(nysiis('NIGHT'));
    expect(nysiis('PHILLIPS')).toBe(nysiis('FILIPS'));
    expect(nysiis('CATHERINE')).toBe(nysiis('KATHERINE'));
  });

  it('keeps different names apart', () => {
    expect(nysiis('SMITH')).not.toBe(nysiis('JONES'));
    expect(nysiis('KIM')).not.toBe(nysiis('LEE'));
  });
});
