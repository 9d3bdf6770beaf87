import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const adr = readFileSync(
  new URL('../../../../docs/decisions/0010-audit-sequencer.md', import.meta.url),
  'utf8',
);

describe('what the audit design promises, in writing (T5.6)', () => {
  it('says a full rewrite with an attacker-held key and no external checkpoint is undetectable', () => {
    expect(adr).toMatch(/attacker-held key and no external checkpoint, a full rewrite is undetectable/);
  });

  it('says the signing key is never in the database', () => {
    expect(adr).toMatch(/signing key is never in the database/);
  });
});
