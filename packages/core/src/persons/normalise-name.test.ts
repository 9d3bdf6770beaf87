import { describe, expect, it } from 'vitest';
import { consonantSkeleton, normaliseName } from './normalise-name.js';
import { icaoFold, simpleFold } from './normalise-text.js';

describe('icaoFold and simpleFold', () => {
  it.each([
    { raw: 'Müller', icao: 'MUELLER', simple: 'MULLER' },
    { raw: 'Øvergård', icao: 'OEVERGAARD', simple: 'OVERGARD' },
    { raw: 'Strauß', icao: 'STRAUSS', simple: 'STRAUSS' },
    { raw: 'Þórsdóttir', icao: 'THORSDOTTIR', simple: 'THORSDOTTIR' },
    { raw: 'Peña', icao: 'PENA', simple: 'PENA' },
    { raw: 'Łukasz', icao: 'LUKASZ', simple: 'LUKASZ' },
    { raw: "O'Brien-Smith", icao: 'OBRIEN SMITH', simple: 'OBRIEN SMITH' },
  ])('folds $raw to $icao (ICAO 9303) and $simple (simple)', ({ raw, icao, simple }) => {
    expect(icaoFold(raw)).toBe(icao);
    expect(simpleFold(raw)).toBe(simple);
  });
});

describe('normaliseName', () => {
  it('transliterates Cyrillic and Greek through any-ascii', () => {
    expect(normaliseName('Владимир Путин', 'full')?.tokens).toEqual(['VLADIMIR', 'PUTIN']);
    expect(normaliseName('Ελευθέριος Βενιζέλος', 'full')?.tokens).toEqual(['ELEYTHERIOS', 'VENIZELOS']);
  });

  it('romanises Arabic to consonants and marks the name as written without vowels', () => {
    const name = normaliseName('محمد بن سلمان', 'full');

    expect(name?.tokens).toEqual(['MHMD', 'BN', 'SLMN']);
    expect(name?.script).toBe('arabic');
    expect(consonantSkeleton('MUHAMMAD')).toBe(consonantSkeleton('MHMD'));
  });

  it('reads Chinese surnames with their surname readings (pinyin-pro surname mode)', () => {
    expect(normaliseName('单', 'family')?.tokens).toEqual(['SHAN']);
    expect(normaliseName('曾', 'family')?.tokens).toEqual(['ZENG']);
    expect(normaliseName('习近平', 'full')).toMatchObject({ family: ['XI'], given: ['JINPING'] });
    expect(normaliseName('欧阳娜娜', 'full')).toMatchObject({ family: ['OUYANG'], given: ['NANA'] });
  });

  it('splits a Korean name into surname and given name', () => {
    expect(normaliseName('김정은', 'full')).toMatchObject({ family: ['GIM'], given: ['JEONGEUN'] });
  });

  it('keeps particles in the written form but not in the core', () => {
    expect(normaliseName('Bashar al-Assad', 'full')).toMatchObject({
      tokens: ['BASHAR', 'AL', 'ASSAD'],
      core: ['BASHAR', 'ASSAD'],
    });
    expect(normaliseName('van der Berg', 'family')?.core).toEqual(['BERG']);
    expect(normaliseName('María de la Cruz', 'full')?.core).toEqual(['MARIA', 'CRUZ']);
    expect(normaliseName('Mohammed bin Salman', 'full')?.core).toEqual(['MOHAMMED', 'SALMAN']);
  });

  it('drops titles and reads the inverted "FAMILY, Given" order', () => {
    expect(normaliseName('Dr. Rami Makhlouf', 'full')?.tokens).toEqual(['RAMI', 'MAKHLOUF']);
    expect(normaliseName('NURISTANI, Abdul Aziz', 'full')).toMatchObject({
      family: ['NURISTANI'],
      given: ['ABDUL', 'AZIZ'],
    });
  });

  it('splits joined words and reads misread digits as letters', () => {
    expect(normaliseName('AlisherUsmanov', 'full')?.tokens).toEqual(['ALISHER', 'USMANOV']);
    expect(normaliseName('Ig0r Sech1n', 'full')?.tokens).toEqual(['IGOR', 'SECHIN']);
  });

  it('returns null for a name with nothing name-like in it', () => {
    expect(normaliseName('  ', 'given')).toBeNull();
    expect(normaliseName('---', 'family')).toBeNull();
  });
});
