import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  AppError,
  createLogVerifier,
  EXPORT_FORMAT,
  formatCheckpointLine,
  formatEntryLine,
  formatHeaderLine,
  formatVerifierKey,
  parseCheckpointLine,
  parseEntryLine,
  parseHeaderLine,
  type VerifierKey,
  type VerifyReport,
  verifierOf,
} from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { listCheckpointNotes, readEntries, readState, unsequencedStats } from '../db/audit-repository.js';
import { originOf, sequenceAudit } from './sequencer.js';
import { nodeSha256, nodeSignatureCheck, publicKeyFrom, signingKey, trustedKeys } from './signing-key.js';

const PAGE = 10_000;

export type StoreVerification = VerifyReport & {
  origin: string;
  unsequenced: { count: number; oldestAgeMs: number | null };
  /** True when an unsequenced row is older than the allowed merge delay (T5.10). */
  lagging: boolean;
};

/** Checkpoints kept outside the store (a witness copy, an earlier export's checkpoint file). */
export function readTrustedCheckpoints(paths: readonly string[]): string[] {
  return paths.map((path) => {
    try {
      const text = readFileSync(path, 'utf8');
      return parseCheckpointLine(text.trim()) ?? text;
    } catch {
      throw new AppError('not_found', `cannot read the checkpoint file ${path}`);
    }
  });
}

/**
 * `ilos audit verify` on the store: every entry in sequence order against the chain, its leaf hash and
 * the signed checkpoints (and any trusted outside checkpoints), then the sequencer's recorded size.
 */
export async function verifyStore(
  ctx: Context,
  options: {
    publicKey?: string | undefined;
    trusted?: readonly string[];
    maxUnsequencedAgeMs?: number | undefined;
  } = {},
): Promise<StoreVerification> {
  // One snapshot for the state, the checkpoints and the entries: a live server's sequencer keeps
  // appending while an auditor verifies, and entries or checkpoints newer than the state read would
  // look like a log that does not match its own state.
  // The keys are the store's (held by the context, not the transaction).
  const keys = trustedKeys(ctx, options.publicKey);
  return ctx.sql.transact(async (tx) => {
    await tx.exec('set transaction isolation level repeatable read, read only');
    return verifySnapshot({ ...ctx, sql: tx }, keys, options);
  });
}

async function verifySnapshot(
  ctx: Context,
  keys: ReturnType<typeof trustedKeys>,
  options: {
    trusted?: readonly string[];
    maxUnsequencedAgeMs?: number | undefined;
  },
): Promise<StoreVerification> {
  const state = await readState(ctx.sql);
  const checkpoints = await listCheckpointNotes(ctx.sql);
  if (keys.length === 0 && checkpoints.length > 0) {
    throw new AppError('invalid_input', 'no public key to check the checkpoints with: pass --public-key KEY');
  }
  const origin = originOf(state.logId);
  const verifier = createLogVerifier({
    checkpoints,
    trusted: options.trusted ?? [],
    keys,
    origin,
    expectedSize: state.size,
    sha256: nodeSha256,
    checkSignature: nodeSignatureCheck,
  });
  // The next page is fetched while this one is checked: the database and the hashing overlap.
  let page = await readEntries(ctx.sql, 0, PAGE);
  for (;;) {
    const next = page.length === PAGE ? readEntries(ctx.sql, page.at(-1)!.seq, PAGE) : undefined;
    next?.catch(() => {}); // awaited below; this only stops an early unhandled-rejection crash
    let stop = false;
    for (const entry of page) {
      if (verifier.push(entry) !== undefined) {
        stop = true;
        break;
      }
    }
    if (stop || next === undefined) break;
    page = await next;
  }
  const report = verifier.finish();
  const stats = await unsequencedStats(ctx.sql);
  const oldestAgeMs = stats.oldest === null ? null : ctx.now().getTime() - stats.oldest.getTime();
  const lagging =
    options.maxUnsequencedAgeMs !== undefined &&
    oldestAgeMs !== null &&
    oldestAgeMs > options.maxUnsequencedAgeMs;
  return { ...report, origin, unsequenced: { count: stats.count, oldestAgeMs }, lagging };
}

/**
 * `ilos audit export --out FILE`: the whole log with its checkpoints and the public key, for checking
 * offline. The tail is signed first so the export has no unsigned entries. An audited AUDIT-purpose read.
 */
export async function exportAudit(
  ctx: Context,
  principal: Principal,
  options: { out: string; target: string },
): Promise<{ size: number; checkpoints: number; publicKey: string }> {
  await sequenceAudit(ctx, { final: true });
  const publicKey = formatVerifierKey(verifierOf(signingKey(ctx)));
  return withAccess(
    ctx,
    {
      principal,
      action: 'audit.export',
      event: 'audit.export',
      purpose: 'AUDIT',
      target: options.target,
      query: { out: 'file' },
    },
    async (tx, grant) => {
      const state = await readState(tx);
      const notes = await listCheckpointNotes(tx);
      const out = createWriteStream(options.out, { mode: 0o600 });
      const write = async (line: string) => {
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      };
      await write(
        formatHeaderLine({
          format: EXPORT_FORMAT,
          origin: originOf(state.logId),
          publicKey,
          size: state.size,
          exportedAt: grant.now.toISOString(),
        }),
      );
      for (const note of notes) await write(formatCheckpointLine(note));
      let after = 0;
      for (;;) {
        const page = await readEntries(tx, after, PAGE);
        for (const entry of page) await write(formatEntryLine(entry));
        if (page.length < PAGE) break;
        after = page.at(-1)!.seq;
      }
      out.end();
      await once(out, 'finish');
      return {
        value: { size: state.size, checkpoints: notes.length, publicKey },
        subjects: [],
        fields: ['audit_log'],
        details: { entries: state.size, checkpoints: notes.length },
      };
    },
  );
}

export type FileVerification = VerifyReport & { origin: string; keySource: 'given' | 'file' };

/**
 * `ilos audit verify --file FILE [--public-key KEY]`: verifies an export with nothing but the file and
 * the public key. Without --public-key it trusts the key written in the file, and says so.
 */
export async function verifyExportFile(
  path: string,
  options: { publicKey?: string | undefined; trusted?: readonly string[] } = {},
): Promise<FileVerification> {
  let input: ReturnType<typeof createReadStream>;
  try {
    input = createReadStream(path, { encoding: 'utf8' });
    await once(input, 'open');
  } catch {
    throw new AppError('not_found', `cannot read ${path}`);
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let header: ReturnType<typeof parseHeaderLine>;
  const checkpoints: string[] = [];
  let verifier: ReturnType<typeof createLogVerifier> | undefined;
  let keys: VerifierKey[] = [];
  for await (const line of lines) {
    if (header === undefined) {
      header = parseHeaderLine(line);
      if (header === undefined)
        throw new AppError('invalid_input', `${path} is not an ilos audit export (${EXPORT_FORMAT})`);
      keys = [publicKeyFrom(options.publicKey ?? header.publicKey)];
      continue;
    }
    if (verifier === undefined) {
      const note = parseCheckpointLine(line);
      if (note !== undefined) {
        checkpoints.push(note);
        continue;
      }
      verifier = createLogVerifier({
        checkpoints,
        trusted: options.trusted ?? [],
        keys,
        origin: header.origin,
        expectedSize: header.size,
        sha256: nodeSha256,
        checkSignature: nodeSignatureCheck,
      });
    }
    if (verifier.push(parseEntryLine(line)) !== undefined) break;
  }
  lines.close();
  input.destroy();
  if (header === undefined) throw new AppError('invalid_input', `${path} is empty`);
  verifier ??= createLogVerifier({
    checkpoints,
    trusted: options.trusted ?? [],
    keys,
    origin: header.origin,
    expectedSize: header.size,
    sha256: nodeSha256,
    checkSignature: nodeSignatureCheck,
  });
  const report = verifier.finish();
  if (options.publicKey === undefined) {
    report.warnings.unshift(
      'checked with the public key written in the file; pass --public-key to check it against the published key',
    );
  }
  return { ...report, origin: header.origin, keySource: options.publicKey === undefined ? 'file' : 'given' };
}

/** The latest signed checkpoint, for a witness to keep outside the store (T15.2). */
export async function latestCheckpoint(ctx: Context): Promise<string | undefined> {
  await sequenceAudit(ctx, { final: true });
  return (await listCheckpointNotes(ctx.sql)).at(-1);
}
