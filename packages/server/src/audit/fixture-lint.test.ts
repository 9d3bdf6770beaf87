/**
 * RELIABILITY.md T13.5 (SI-12(2)): every fixture is synthetic. This lint reads every file git tracks and
 * fails on realistic personal data: an SSN-shaped string outside the never-issued 000 and 9xx areas, or
 * an e-mail address outside the domains reserved for documentation (RFC 2606, RFC 6761).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../../', import.meta.url).pathname;

/** NNN-NN-NNNN or NNN NN NNNN, and a labelled nine-digit run (`ssn: NNNNNNNNN`). */
const SSN_SHAPED = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])/g;
const SSN_LABELLED = /\bssn\W{0,3}(\d{3})\d{6}(?!\d)/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b/g;

/** Areas never issued: the only ones a fixture may use (RELIABILITY.md §3 conventions). */
const isSyntheticArea = (area: string) => area === '000' || area.startsWith('9');
/** example.com/.net/.org and their subdomains; the reserved TLDs .example, .test, .invalid, .localhost. */
const isReservedDomain = (domain: string) =>
  /(^|\.)example\.(com|net|org)$/i.test(domain) || /\.(example|test|invalid|localhost)$/i.test(domain);

/** The realistic personal data in one text: what the lint refuses. */
function findings(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SSN_SHAPED)) if (!isSyntheticArea(m[1]!)) found.push(`SSN ${m[0]}`);
  for (const m of text.matchAll(SSN_LABELLED)) if (!isSyntheticArea(m[1]!)) found.push(`SSN ${m[0]}`);
  for (const m of text.matchAll(EMAIL)) if (!isReservedDomain(m[1]!)) found.push(`e-mail ${m[0]}`);
  return found;
}

/** Built from parts, so this file does not hold what it looks for. */
const ssn = (...parts: string[]) => parts.join('-');

describe('T13.5 fixture lint: no realistic PII in the repository', () => {
  it.each([
    { text: `ssn ${ssn('123', '45', '6789')}`, hits: 1 },
    { text: `"ssn": "${['123', '45', '6789'].join(' ')}"`, hits: 1 },
    { text: `SSN:${'219099999'}`, hits: 1 },
    { text: `${['jane.doe', 'gmail.com'].join('@')}`, hits: 1 },
    { text: `${['clerk', 'court.example.gov'].join('@')}`, hits: 1 },
    { text: `ssn ${ssn('900', '12', '3456')} and ${ssn('000', '12', '3456')}`, hits: 0 },
    {
      text: `${['a', 'b.example.org'].join('@')} ${['c', 'x.example'].join('@')} ${['d', 'e.test'].join('@')}`,
      hits: 0,
    },
    { text: 'A123456789 2026-11-29 I94-0001-0002 +1-202-555-0100', hits: 0 },
  ])('finds $hits in "$text"', ({ text, hits }) => {
    expect(findings(text)).toHaveLength(hits);
  });

  it('finds 0 in every tracked file', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '');
    const hits: string[] = [];
    let read = 0;
    for (const file of files) {
      let buffer: Buffer;
      try {
        buffer = readFileSync(join(ROOT, file));
      } catch {
        continue; // deleted in the working tree, not yet committed
      }
      if (buffer.subarray(0, 8000).includes(0)) continue; // binary
      read++;
      for (const hit of findings(buffer.toString('utf8'))) hits.push(`${file}: ${hit}`);
    }

    expect(read).toBeGreaterThan(100);
    expect(hits).toEqual([]);
  });
});
