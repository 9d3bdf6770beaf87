import { describe, expect, it } from 'vitest';
import { createPermutation } from './identifiers.js';
import { FIRST_NAME_UNKNOWN, renderName, typo } from './name-forms.js';
import { createTrueName, parseNameList } from './names.js';
import { createRng } from './prng.js';
import { cyrillicBgn, cyrillicIcao, icaoLatin, plainLatin } from './transliterate.js';

describe('transliteration', () => {
  it.each([
    { name: 'Müller', icao: 'MUELLER', plain: 'MULLER' },
    { name: 'Ødegaard', icao: 'OEDEGAARD', plain: 'ODEGAARD' },
    { name: 'Åberg', icao: 'AABERG', plain: 'ABERG' },
    { name: 'Weiß', icao: 'WEISS', plain: 'WEISS' },
    { name: 'Muñoz', icao: 'MUNOZ', plain: 'MUNOZ' },
    { name: 'Łukasz', icao: 'LUKASZ', plain: 'LUKASZ' },
    { name: 'Nguyễn', icao: 'NGUYEN', plain: 'NGUYEN' },
    { name: 'Yılmaz', icao: 'YILMAZ', plain: 'YILMAZ' },
    { name: "O'Brien", icao: 'OBRIEN', plain: "O'BRIEN" },
    { name: 'Jean-Baptiste', icao: 'JEAN BAPTISTE', plain: 'JEAN-BAPTISTE' },
  ])('writes $name as $icao in a passport and $plain on a US keyboard', ({ name, icao, plain }) => {
    expect(icaoLatin(name)).toBe(icao);
    expect(plainLatin(name)).toBe(plain);
  });

  it.each([
    { cyrillic: 'Юлия', icao: 'IULIIA', bgn: 'YULIYA' },
    { cyrillic: 'Алексей', icao: 'ALEKSEI', bgn: 'ALEKSEY' },
    { cyrillic: 'Наталья', icao: 'NATALIA', bgn: 'NATALYA' },
    { cyrillic: 'Фёдоров', icao: 'FEDOROV', bgn: 'FYODOROV' },
    { cyrillic: 'Щукин', icao: 'SHCHUKIN', bgn: 'SHCHUKIN' },
  ])('romanises $cyrillic as $icao (ICAO) and $bgn (BGN)', ({ cyrillic, icao, bgn }) => {
    expect(cyrillicIcao(cyrillic)).toBe(icao);
    expect(cyrillicBgn(cyrillic)).toBe(bgn);
  });
});

describe('names', () => {
  it('parses table entries with their original script and variants', () => {
    const [part] = parseNameList('Mohammed:محمد:MUHAMMAD,MOHAMED');

    expect(part).toMatchObject({ form: 'Mohammed', native: 'محمد', icao: 'MOHAMMED' });
    expect(part?.alternates).toEqual(expect.arrayContaining(['MUHAMMAD', 'MOHAMED']));
  });

  it('gives women the feminine form of Slavic and Polish surnames', () => {
    const rng = createRng(1);
    const women = Array.from({ length: 200 }, () => createTrueName(rng, 'CYRILLIC', 'F', 'RUS'));
    const poles = Array.from({ length: 200 }, () => createTrueName(rng, 'POLISH', 'F', 'POL'));

    expect(women.some((n) => n.family[0]?.form === 'Ivanova' && n.family[0].native === 'Иванова')).toBe(true);
    expect(women.every((n) => !/(ov|ev|in)$/.test(n.family[0]?.form ?? ''))).toBe(true);
    expect(poles.every((n) => !/ski$/.test(n.family[0]?.form ?? ''))).toBe(true);
  });

  it('spells a Chinese name the way the passport-issuing place does', () => {
    const rng = createRng(2);
    const mainland = createTrueName(rng, 'CHINESE', 'M', 'CHN');
    const taiwan = createTrueName(rng, 'CHINESE', 'M', 'TWN');

    expect(mainland.passportFamily[0]).toBe(mainland.family[0]?.icao);
    expect(taiwan.passportFamily[0]).toBe(taiwan.family[0]?.regional?.TWN);
  });

  it('writes a single name with FNU at the border, and the same person differently per agency', () => {
    const rng = createRng(3);
    let single = createTrueName(rng, 'INDONESIAN', 'M', 'IDN');
    while (single.family.length > 0) single = createTrueName(rng, 'INDONESIAN', 'M', 'IDN');
    const person = createTrueName(rng, 'HISPANIC', 'F', 'MEX');
    const styles = ['PASSPORT', 'FORM', 'CLERK', 'CONSULAR'] as const;
    const forms = new Set(
      styles.flatMap((style) => Array.from({ length: 10 }, () => renderName(rng, person, style).familyName)),
    );

    expect(renderName(rng, single, 'PASSPORT')).toEqual({
      familyName: single.passportGiven.join(' '),
      givenName: FIRST_NAME_UNKNOWN,
    });
    expect(forms.size).toBeGreaterThan(1);
  });

  it('makes a typo that changes the name but keeps its first letter', () => {
    const rng = createRng(4);
    const typos = Array.from({ length: 50 }, () => typo(rng, 'HERNANDEZ'));

    expect(typos.every((t) => t.startsWith('H'))).toBe(true);
    expect(typos.filter((t) => t !== 'HERNANDEZ').length).toBeGreaterThan(40);
  });
});

describe('identifiers', () => {
  it('numbers without repeats: the permutation is a bijection of its range', () => {
    const permute = createPermutation(1000, 99);
    const values = Array.from({ length: 1000 }, (_, i) => permute(i));

    expect(new Set(values).size).toBe(1000);
    expect(values.every((v) => v >= 0 && v < 1000)).toBe(true);
    expect(values.slice(0, 5)).not.toEqual([0, 1, 2, 3, 4]);
  });
});
