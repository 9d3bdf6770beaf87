import { describe, expect, it } from 'vitest';
import { accountingExpired } from '../access/disclosure.js';
import { type AuditEntry, leafData, REDACTED } from './audit-entry.js';
import { toHex } from './bytes.js';
import { signingKeyFromSeed } from './checkpoint.js';
import { formatEntryLine, parseEntryLine } from './export-format.js';
import { hashLeaf } from './merkle.js';
import { buildSyntheticLog } from './synthetic-log.js';
import { verifyAuditLog } from './verify-log.js';

const key = signingKeyFromSeed('ilos-audit', new Uint8Array(32).fill(7));

/** 300 entries; entry 200 is the retention job's audit.redact, saying it redacted through entry 50. */
function logWithRedaction(): AuditEntry[] {
  const { entries } = buildSyntheticLog({
    size: 300,
    seed: 5,
    key,
    origin: 'ilos/audit/t',
    checkpointEvery: 100,
  });
  const out = entries.map((e) => ({ ...e }));
  out[199] = { ...out[199]!, eventType: 'audit.redact', outcome: 'success', details: '{"throughSeq":50}' };
  for (let i = 199; i < out.length; i++) {
    const e = out[i]!;
    e.prevHash = out[i - 1]!.leafHash;
    e.leafHash = toHex(hashLeaf(leafData(e)));
  }
  return out;
}

/** Blanks entries first..last (seqs) the way the retention job does, keeping their hashes. */
function redact(entries: AuditEntry[], first: number, last: number): AuditEntry[] {
  return entries.map((e) => (e.seq >= first && e.seq <= last ? { ...e, ...REDACTED, redacted: true } : e));
}

const verify = (entries: AuditEntry[]) => verifyAuditLog(entries, { checkpoints: [], keys: [] });

describe('audit redaction in verify (RELIABILITY.md T13.2)', () => {
  it('passes a log whose old entries were redacted under a covering audit.redact entry', () => {
    const report = verify(redact(logWithRedaction(), 1, 50));

    expect(report).toMatchObject({ ok: true, size: 300, redacted: 50 });
    expect(report.root).toBe(verify(logWithRedaction()).root); // the tree is the same tree
  });

  it('fails, at the first such entry, a redaction no audit.redact entry covers', () => {
    const report = verify(redact(logWithRedaction(), 1, 53));

    expect(report.failure).toMatchObject({ seq: 51, check: 'redaction' });
  });

  it('fails an entry marked redacted that still holds personal columns (a change hidden as a redaction)', () => {
    const entries = redact(logWithRedaction(), 1, 50);
    entries[9] = { ...entries[9]!, actorId: 'someone-else' };

    expect(verify(entries).failure).toMatchObject({ seq: 10, check: 'leaf' });
  });

  it('keeps the redaction mark through an export line, and reads no other extra column', () => {
    const [entry] = redact(logWithRedaction(), 1, 1);
    const line = formatEntryLine(entry!);

    expect(parseEntryLine(line)).toEqual(entry);
    expect(parseEntryLine(line.replace('"redacted":true', '"redacted":false'))).toEqual({
      unreadable: 'unexpected columns',
    });
  });
});

describe('how long the accounting of a disclosure is kept (552a(c)(2), T12.1)', () => {
  it('keeps it five years after the disclosure when the record is gone sooner', () => {
    expect(accountingExpired('2026-06-30', false, '2028-07-01')).toBe(false);
    expect(accountingExpired('2026-06-30', false, '2031-06-30')).toBe(false);
    expect(accountingExpired('2026-06-30', false, '2031-07-01')).toBe(true);
  });

  it('keeps it for the life of a record that lives longer', () => {
    expect(accountingExpired('2026-06-30', true, '2034-06-30')).toBe(false);
    expect(accountingExpired('2026-06-30', false, '2034-07-01')).toBe(true);
  });
});
