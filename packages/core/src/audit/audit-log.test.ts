import { describe, expect, it } from 'vitest';
import { type AuditEntry, leafData } from './audit-entry.js';
import { fromBase64, fromHex, toBase64, toHex } from './bytes.js';
import {
  formatVerifierKey,
  nobleSignatureCheck,
  openCheckpoint,
  parseSigningKey,
  parseVerifierKey,
  type SignatureCheck,
  signCheckpoint,
  signingKeyFromSeed,
  verifierOf,
} from './checkpoint.js';
import { formatEntryLine, parseEntryLine } from './export-format.js';
import { hashLeaf, treeHead } from './merkle.js';
import { buildSyntheticLog, seededRandom } from './synthetic-log.js';
import { verifyAuditLog } from './verify-log.js';

const SEED = 20260630;
const ORIGIN = 'ilos/audit/test-log';
const key = signingKeyFromSeed('ilos-audit', new Uint8Array(32).fill(7));
const otherKey = signingKeyFromSeed('ilos-audit', new Uint8Array(32).fill(9));
const keys = [verifierOf(key)];

const build = (size: number, seed = SEED, checkpointEvery = 1000) =>
  buildSyntheticLog({ size, seed, key, origin: ORIGIN, checkpointEvery });
/** Signature results cached by input: the same few checkpoints are checked in hundreds of trials. */
const seen = new Map<string, boolean>();
const checkSignature: SignatureCheck = (signature, message, publicKey) => {
  const id = `${toHex(signature)}:${toHex(message)}:${toHex(publicKey)}`;
  if (!seen.has(id)) seen.set(id, nobleSignatureCheck(signature, message, publicKey));
  return seen.get(id)!;
};
const verify = (entries: AuditEntry[], checkpoints: string[], trusted: string[] = []) =>
  verifyAuditLog(entries, { checkpoints, trusted, keys, origin: ORIGIN, checkSignature });

/** Re-chains and re-hashes entries from `from` on, as an attacker with write access but no key would. */
function rechain(entries: AuditEntry[], from: number): AuditEntry[] {
  const out = entries.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    const e = out[i]!;
    e.seq = i + 1;
    e.prevHash = i === 0 ? '0'.repeat(64) : out[i - 1]!.leafHash;
    e.leafHash = toHex(hashLeaf(leafData(e)));
  }
  return out;
}

// Hashing and signing hundreds of thousands of entries: allow for a busy 2-core machine.
describe('audit log verification (RELIABILITY.md T5)', { timeout: 240_000 }, () => {
  const log = build(5000);
  const small = build(2000, SEED + 7, 250);

  it('T5.12: finds nothing wrong in 100 clean logs of random size 1–2,000', () => {
    const random = seededRandom(SEED);
    const falsePositives: number[] = [];
    for (let run = 0; run < 100; run++) {
      const size = 1 + Math.floor(random() * 2000);
      const clean = build(size, SEED + run, 100 + Math.floor(random() * 400));
      const report = verify(clean.entries, clean.checkpoints);
      if (!report.ok || report.size !== size || report.signedSize !== size) falsePositives.push(run);
    }

    expect(falsePositives).toEqual([]);
  });

  it('accepts the clean 5,000-entry log with every checkpoint matched', () => {
    const report = verify(log.entries, log.checkpoints);

    expect(report).toMatchObject({ ok: true, size: 5000, checkpointsMatched: 5, signedSize: 5000 });
  });

  it('T5.1 (structured): a changed value in any column of any entry is reported at that entry', () => {
    const random = seededRandom(SEED + 1);
    const columns = Object.keys(log.entries[0]!) as (keyof AuditEntry)[];
    const missed: string[] = [];
    for (let trial = 0; trial < 180; trial++) {
      const column = columns[trial % columns.length]!;
      const index = Math.floor(random() * small.entries.length);
      const entries = [...small.entries];
      const entry = { ...entries[index]! } as Record<string, unknown>;
      const value = entry[column];
      entry[column] =
        typeof value === 'number'
          ? value + 1
          : Array.isArray(value)
            ? [...value, 'x']
            : value === null
              ? 'x'
              : `${String(value)}x`;
      entries[index] = entry as AuditEntry;
      const report = verify(entries, small.checkpoints);
      if (report.ok || report.failure?.seq !== index + 1) missed.push(`${column}@${index + 1}`);
    }

    expect(missed).toEqual([]);
  });

  it('T5.2: deleting one entry (100 trials) or a range of 10 is reported at the first missing entry', () => {
    const random = seededRandom(SEED + 2);
    for (let trial = 0; trial < 100; trial++) {
      const index = Math.floor(random() * small.entries.length);
      const entries = small.entries.filter((_, i) => i !== index);

      const report = verify(entries, small.checkpoints);

      expect(report.ok).toBe(false);
      if (index < small.entries.length - 1)
        expect(report.failure).toMatchObject({ seq: index + 1, check: 'sequence' });
      else expect(report.failure).toMatchObject({ seq: index + 1, check: 'truncated' });
    }
    const range = [...log.entries.slice(0, 1234), ...log.entries.slice(1244)];
    expect(verify(range, log.checkpoints).failure).toMatchObject({ seq: 1235, check: 'sequence' });
  });

  it('T5.3: swapping two entries, adjacent or not (100 trials), is reported at the first of them', () => {
    const random = seededRandom(SEED + 3);
    for (let trial = 0; trial < 100; trial++) {
      const i = Math.floor(random() * (small.entries.length - 1));
      const j = trial % 2 === 0 ? i + 1 : i + 1 + Math.floor(random() * (small.entries.length - i - 1));
      const entries = [...small.entries];
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];

      expect(verify(entries, small.checkpoints).failure).toMatchObject({ seq: i + 1, check: 'sequence' });
    }
  });

  it.each([1, 10, 999, 1000, 1001])(
    'T5.4: truncating the last %i entries is detected by the signed checkpoints',
    (k) => {
      const report = verify(log.entries.slice(0, -k), log.checkpoints);

      expect(report.failure).toMatchObject({ seq: 5001 - k, check: 'truncated' });
    },
  );

  it('T5.4: a cut inside the unsigned tail passes the chain but fails against the sequencer state', () => {
    const unsignedTail = build(2500, SEED, 1000); // checkpoints at 1000, 2000 and the final 2500
    const checkpoints = unsignedTail.checkpoints.slice(0, 2); // as if the final one was not yet signed

    expect(verify(unsignedTail.entries.slice(0, -10), checkpoints).ok).toBe(true);
    expect(
      verifyAuditLog(unsignedTail.entries.slice(0, -10), {
        checkpoints,
        keys,
        origin: ORIGIN,
        expectedSize: 2500,
      }).failure,
    ).toMatchObject({ seq: 2491, check: 'state' });
  });

  it('T5.5: a forged entry inserted in the middle, with the chain recomputed, fails the signed root', () => {
    const forged = { ...log.entries[2499]!, actorId: 'user-forged', subjects: ['record:cbp-i94/R-1'] };
    const entries = rechain([...log.entries.slice(0, 2500), forged, ...log.entries.slice(2500)], 2500);

    const report = verify(entries, log.checkpoints);

    expect(report.failure).toMatchObject({ seq: 2001, check: 'checkpoint-root' });
  });

  it('T5.6: a full rewrite re-signed with the log key is caught only by a checkpoint kept elsewhere', () => {
    const witnessed = log.checkpoints[2]!; // size 3000, exported before the rewrite
    const rewritten = rechain(
      log.entries.map((e, i) => (i === 100 ? { ...e, outcome: 'denied' } : e)),
      0,
    );
    const resigned = [1000, 2000, 3000, 4000, 5000].map((size) =>
      signCheckpoint({ origin: ORIGIN, size, root: rootOf(rewritten.slice(0, size)) }, key),
    );

    const witnessedAt2500 = signCheckpoint(
      { origin: ORIGIN, size: 2500, root: rootOf(log.entries.slice(0, 2500)) },
      key,
    );

    expect(verify(rewritten, resigned).ok).toBe(true); // undetectable without an outside copy (ADR 0010)
    expect(verify(rewritten, resigned, [witnessed]).failure).toMatchObject({
      seq: 3000,
      check: 'checkpoint',
    });
    expect(verify(rewritten, resigned, [witnessedAt2500]).failure).toMatchObject({
      check: 'checkpoint-root',
    });
  });

  it('T5.7: refuses a checkpoint whose size, root, signature or origin changed, or that another key signed', () => {
    const note = log.checkpoints[0]!;
    const [body, sig] = note.split('\n\n') as [string, string];
    const sigBytes = fromBase64(sig.split(' ')[2]!.trim())!;
    sigBytes[10]! ^= 1;
    const tampered = {
      size: note.replace('\n1000\n', '\n1001\n'),
      root: `${body.slice(0, -5)}AAAA=\n\n${sig}`,
      signature: `${body}\n\n${sig.split(' ').slice(0, 2).join(' ')} ${toBase64(sigBytes)}\n`,
      origin: note.replace(ORIGIN, 'ilos/audit/other-log'),
      otherKey: signCheckpoint(
        { origin: ORIGIN, size: 1000, root: rootOf(log.entries.slice(0, 1000)) },
        otherKey,
      ),
    };

    for (const [what, bad] of Object.entries(tampered)) {
      expect(openCheckpoint(bad, keys, ORIGIN).ok, what).toBe(false);
      const checkpoints = log.checkpoints.map((c, i) => (i === 0 ? bad : c));
      expect(verify(log.entries, checkpoints).failure?.check, what).toBe('checkpoint');
    }
  });

  it('round-trips keys through their text forms and refuses altered ones', () => {
    const restored = parseSigningKey(
      `PRIVATE+KEY+ilos-audit+${toHex(key.keyId)}+${toBase64(Uint8Array.of(1, ...key.seed))}`,
    );
    const verifier = parseVerifierKey(formatVerifierKey(verifierOf(key)));

    expect(restored.ok && toHex(restored.value.publicKey)).toBe(toHex(key.publicKey));
    expect(verifier.ok).toBe(true);
    expect(parseVerifierKey(formatVerifierKey(verifierOf(key)).replace('ilos-audit', 'ilos-audiu')).ok).toBe(
      false,
    );
  });

  it('reads back every entry line exactly, and refuses unknown or missing columns', () => {
    for (const entry of log.entries.slice(0, 50))
      expect(parseEntryLine(formatEntryLine(entry))).toEqual(entry);
    const line = formatEntryLine(log.entries[0]!);

    expect(parseEntryLine(line.replace('"actorId"', '"actorIe"'))).toHaveProperty('unreadable');
    expect(parseEntryLine(`${line.slice(0, -1)},"extra":1}`)).toHaveProperty('unreadable');
    expect(parseEntryLine(line.replace('"seq":1', '"seq":"1"'))).toHaveProperty('unreadable');
  });
});

function rootOf(entries: AuditEntry[]): Uint8Array {
  return treeHead(entries.map((e) => fromHex(e.leafHash)!));
}
