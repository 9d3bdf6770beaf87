const isVowel = (c: string | undefined): boolean =>
  c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U';

/**
 * NYSIIS phonetic code (Taft 1970, New York State Identification and Intelligence System),
 * the original rules without the six-letter truncation, which would merge long compound
 * surnames. Input: a Latin upper-case token (A–Z); other characters are ignored.
 * NYSIIS keeps the first letter and maps vowels to A, so KRISTINA/CHRISTINA differ but
 * MOHAMED/MOHAMMAD, NURISTANI/NOORISTANI and JOHNSON/JONSON agree.
 */
export function nysiis(token: string): string {
  let name = token.replace(/[^A-Z]/g, '');
  if (name.length === 0) return '';

  if (name.startsWith('MAC')) name = `MCC${name.slice(3)}`;
  else if (name.startsWith('KN')) name = `NN${name.slice(2)}`;
  else if (name.startsWith('K')) name = `C${name.slice(1)}`;
  else if (name.startsWith('PH') || name.startsWith('PF')) name = `FF${name.slice(2)}`;
  else if (name.startsWith('SCH')) name = `SSS${name.slice(3)}`;

  if (name.endsWith('EE') || name.endsWith('IE')) name = `${name.slice(0, -2)}Y`;
  else if (/(DT|RT|RD|NT|ND)$/.test(name)) name = `${name.slice(0, -2)}D`;

  const chars = name.split('');
  let key = chars[0]!;
  let i = 1;
  while (i < chars.length) {
    const c = chars[i]!;
    const next = chars[i + 1];
    let replacement: string[];
    if (c === 'E' && next === 'V') replacement = ['A', 'F'];
    else if (isVowel(c)) replacement = ['A'];
    else if (c === 'Q') replacement = ['G'];
    else if (c === 'Z') replacement = ['S'];
    else if (c === 'M') replacement = ['N'];
    else if (c === 'K') replacement = next === 'N' ? ['N'] : ['C'];
    else if (c === 'S' && next === 'C' && chars[i + 2] === 'H') replacement = ['S', 'S', 'S'];
    else if (c === 'P' && next === 'H') replacement = ['F', 'F'];
    else if (c === 'H' && (!isVowel(chars[i - 1]) || !isVowel(next))) replacement = [chars[i - 1]!];
    else if (c === 'W' && isVowel(chars[i - 1])) replacement = [chars[i - 1]!];
    else replacement = [c];
    for (let k = 0; k < replacement.length; k++) chars[i + k] = replacement[k]!;
    const emitted = chars[i]!;
    if (emitted !== key[key.length - 1]) key += emitted;
    i++;
  }

  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
}
