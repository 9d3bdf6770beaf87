import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuditEntry,
  buildSyntheticLog,
  createLogVerifier,
  EXPORT_FORMAT,
  formatCheckpointLine,
  formatEntryLine,
  formatHeaderLine,
  formatVerifierKey,
  parseEntryLine,
  seededRandom,
  signingKeyFromSeed,
  type VerifyReport,
  verifierOf,
} from '@ilos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSha256, nodeSignatureCheck } from './signing-key.js';
import { verifyExportFile } from './verify.js';

/**
 * RELIABILITY.md T5.1 on the export format, byte by byte: every column of every entry line is a target,
 * the replacement byte is any other byte, and the verifier must name the mutated entry. Seeded; the seed
 * is printed so a failure can be replayed.
 */
const SEED = Number(process.env.AUDIT_MUTATION_SEED ?? 61962);
const ORIGIN = 'ilos/audit/mutation-test';
const key = signingKeyFromSeed('ilos-audit', new Uint8Array(32).fill(3));
// 300 entries and a checkpoint every 50 keep 3,000+ full verifications within seconds.
const SIZE = 300;
const log = buildSyntheticLog({
  size: SIZE,
  seed: SEED,
  key,
  origin: ORIGIN,
  checkpointEvery: 50,
  sha256: nodeSha256,
});
const lines = log.entries.map(formatEntryLine).map((l) => Buffer.from(l, 'utf8'));
const parsed = lines.map((l) => parseEntryLine(l.toString('utf8')));
const opened = new Map<string, boolean>();
const checkSignature = (s: Uint8Array, m: Uint8Array, k: Uint8Array) => {
  const id = Buffer.concat([s, m]).toString('base64');
  if (!opened.has(id)) opened.set(id, nodeSignatureCheck(s, m, k));
  return opened.get(id)!;
};

/** Verifies the log with line `index` replaced by `mutated` (the other lines parsed once). */
function verifyWith(index: number, mutated: Buffer): VerifyReport {
  const verifier = createLogVerifier({
    checkpoints: log.checkpoints,
    keys: [verifierOf(key)],
    origin: ORIGIN,
    sha256: nodeSha256,
    checkSignature,
    expectedSize: SIZE,
  });
  for (let i = 0; i < parsed.length; i++) {
    const entry = i === index ? parseEntryLine(mutated.toString('utf8')) : (parsed[i] as AuditEntry);
    if (verifier.push(entry) !== undefined) break;
  }
  return verifier.finish();
}

/** Byte ranges of each column's value inside an entry line. */
function columnSpans(line: Buffer): { column: string; start: number; end: number }[] {
  const text = line.toString('utf8');
  const keys = Object.keys(JSON.parse(text) as object);
  return keys.map((column, i) => {
    const start = text.indexOf(`"${column}":`) + column.length + 3;
    const end = i + 1 < keys.length ? text.indexOf(`,"${keys[i + 1]}":`, start) : text.length - 1;
    return {
      column,
      start: Buffer.byteLength(text.slice(0, start)),
      end: Buffer.byteLength(text.slice(0, end)),
    };
  });
}

describe(`T5.1: single-byte changes to an exported log (seed ${SEED})`, { timeout: 240_000 }, () => {
  it('detects 1,200 random byte changes spread over every column, each at the entry changed', () => {
    const random = seededRandom(SEED);
    const missed: string[] = [];
    const perColumn = new Map<string, number>();
    for (let trial = 0; trial < 1200; trial++) {
      const index = Math.floor(random() * lines.length);
      const spans = columnSpans(lines[index]!);
      const span = spans[trial % spans.length]!;
      const at = span.start + Math.floor(random() * (span.end - span.start));
      const mutated = Buffer.from(lines[index]!);
      mutated[at] = (mutated[at]! + 1 + Math.floor(random() * 255)) % 256;
      const report = verifyWith(index, mutated);
      perColumn.set(span.column, (perColumn.get(span.column) ?? 0) + 1);
      if (report.ok || report.failure?.seq !== index + 1) missed.push(`${span.column}@${index + 1}+${at}`);
    }

    expect(missed).toEqual([]);
    expect(perColumn.size).toBe(18); // every column of the entry was hit
    expect(Math.min(...perColumn.values())).toBeGreaterThanOrEqual(60);
  });

  it('detects a change to every single byte of five whole entries (including keys and punctuation)', () => {
    const missed: string[] = [];
    let trials = 0;
    for (const index of [0, 7, 49, 50, SIZE - 1]) {
      const line = lines[index]!;
      for (let at = 0; at < line.length; at++) {
        const mutated = Buffer.from(line);
        mutated[at] = mutated[at]! ^ 0x20 || 0x41;
        trials++;
        const report = verifyWith(index, mutated);
        if (report.ok || report.failure?.seq !== index + 1) missed.push(`${index + 1}+${at}`);
      }
    }

    expect(trials).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
  });

  describe('through the file verifier', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ilos-t51-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const publicKey = formatVerifierKey(verifierOf(key));
    const header = formatHeaderLine({
      format: EXPORT_FORMAT,
      origin: ORIGIN,
      publicKey,
      size: SIZE,
      exportedAt: '2026-06-30T12:00:00.000Z',
    });
    const write = (entries: Buffer[]) => {
      const path = join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
      writeFileSync(
        path,
        [
          header,
          ...log.checkpoints.map(formatCheckpointLine),
          ...entries.map((e) => e.toString('utf8')),
        ].join('\n'),
      );
      return path;
    };

    it('passes the clean export and reports the mutated entry of 20 altered ones', async () => {
      expect(await verifyExportFile(write(lines), { publicKey })).toMatchObject({
        ok: true,
        size: SIZE,
        signedSize: SIZE,
      });
      const random = seededRandom(SEED + 1);
      for (let trial = 0; trial < 20; trial++) {
        const index = Math.floor(random() * lines.length);
        const copy = [...lines];
        const mutated = Buffer.from(lines[index]!);
        const at = Math.floor(random() * mutated.length);
        mutated[at] = (mutated[at]! + 1) % 256;
        copy[index] = mutated;
        const report = await verifyExportFile(write(copy), { publicKey });
        expect(report.failure?.seq).toBe(index + 1);
      }
    });

    it('refuses a truncated export and one signed by another key', async () => {
      expect((await verifyExportFile(write(lines.slice(0, SIZE - 10)), { publicKey })).failure).toMatchObject(
        {
          seq: SIZE - 9,
          check: 'truncated',
        },
      );
      const otherKey = formatVerifierKey(
        verifierOf(signingKeyFromSeed('ilos-audit', new Uint8Array(32).fill(4))),
      );
      expect((await verifyExportFile(write(lines), { publicKey: otherKey })).failure).toMatchObject({
        check: 'checkpoint',
      });
    });
  });
});
