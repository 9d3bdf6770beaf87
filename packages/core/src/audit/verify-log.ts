import { type AuditEntry, GENESIS_HASH, leafText, REDACTED } from './audit-entry.js';
import { fromHex, toHex } from './bytes.js';
import { openCheckpoint, type SignatureCheck, type VerifierKey } from './checkpoint.js';
import { createLeafHasher, createTreeBuilder, defaultSha256, type Sha256 } from './merkle.js';

/** Which check an entry or checkpoint failed; `audit verify` prints it with the first bad sequence number. */
export type VerifyCheck =
  | 'parse'
  | 'sequence'
  | 'chain'
  | 'leaf'
  | 'checkpoint'
  | 'checkpoint-root'
  | 'truncated'
  | 'state'
  | 'redaction';

export type VerifyFailure = { seq: number; check: VerifyCheck; message: string };

export type VerifyReport = {
  ok: boolean;
  /** Entries checked before the first failure (all of them when ok). */
  size: number;
  /** Hex tree head over the checked entries. */
  root: string;
  /** Signed checkpoints whose root matched the log. */
  checkpointsMatched: number;
  /** Size of the largest matched checkpoint: entries past it are covered by the hash chain only. */
  signedSize: number;
  /** Entries whose personal columns retention redacted (chain and tree checked; content not checkable). */
  redacted: number;
  failure?: VerifyFailure;
  warnings: string[];
};

export type VerifyOptions = {
  /** The signed checkpoints stored with the log (or exported beside it). */
  checkpoints: readonly string[];
  /** Checkpoints kept elsewhere (a witness, an earlier export): the log must still contain what they commit to. */
  trusted?: readonly string[];
  keys: readonly VerifierKey[];
  origin?: string;
  /** The size the sequencer's state says the log has; a log shorter or longer than that was cut or padded. */
  expectedSize?: number;
  /** Largest allowed gap between an entry's own time and its sequencing time (T6.4): 5 minutes. */
  maxClockSkewMs?: number;
  sha256?: Sha256;
  checkSignature?: SignatureCheck;
};

/** One line of a log that could not be read as an entry. */
export type UnreadableEntry = { unreadable: string };

/**
 * Verifies an audit log entry by entry, in sequence order, without holding it in memory: the sequence
 * is gap-free from 1, each entry's prevHash is the previous leaf hash, each leaf hash is the RFC 6962
 * hash of the entry's bytes, and the tree head at every signed checkpoint equals its signed root.
 * The first failure stops verification; its seq is the first entry that cannot be trusted.
 */
export function createLogVerifier(options: VerifyOptions) {
  const sha256 = options.sha256 ?? defaultSha256;
  const skew = options.maxClockSkewMs ?? 5 * 60_000;
  const tree = createTreeBuilder(sha256);
  const hashText = createLeafHasher(sha256);
  const warnings: string[] = [];
  const heads = new Map<number, { root: string; trusted: boolean }>();
  let failure: VerifyFailure | undefined;
  let prevHash = GENESIS_HASH;
  let prevSequencedAt = '';
  let checkpointsMatched = 0;
  let signedSize = 0;
  // Redacted entries, as runs [first, last] of seqs, and how far audit.redact entries say redaction went.
  const redactedRuns: [number, number][] = [];
  let redactedCount = 0;
  let redactionCovers = 0;

  const notes = [
    ...options.checkpoints.map((note) => ({ note, trusted: false })),
    ...(options.trusted ?? []).map((note) => ({ note, trusted: true })),
  ];
  for (const { note, trusted } of notes) {
    const opened = openCheckpoint(note, options.keys, options.origin, options.checkSignature);
    if (!opened.ok) {
      const size = /\n(\d+)\n/.exec(note)?.[1];
      failure = {
        seq: size === undefined ? 0 : Number(size),
        check: 'checkpoint',
        message: `${trusted ? 'trusted ' : ''}checkpoint${size === undefined ? '' : ` of size ${size}`} refused: ${opened.error.message}`,
      };
      break;
    }
    const root = toHex(opened.value.root);
    const seen = heads.get(opened.value.size);
    if (seen !== undefined && seen.root !== root) {
      failure = {
        seq: opened.value.size,
        check: 'checkpoint',
        message: `two signed checkpoints of size ${opened.value.size} have different roots (a forked log)`,
      };
      break;
    }
    heads.set(opened.value.size, { root, trusted: trusted || (seen?.trusted ?? false) });
  }
  const lastGood = () => signedSize;
  /** Adds a checked entry to the tree, then checks any signed checkpoint of this size. */
  const accept = (entry: AuditEntry, leaf: Uint8Array, expected: number): VerifyFailure | undefined => {
    tree.push(leaf);
    prevHash = entry.leafHash;
    const head = heads.get(expected);
    if (head !== undefined) {
      if (toHex(tree.root()) !== head.root) {
        failure = {
          seq: lastGood() + 1,
          check: 'checkpoint-root',
          message: `the first ${expected} entries do not have the root of the ${head.trusted ? 'trusted' : 'signed'} checkpoint of size ${expected}: entries ${lastGood() + 1}–${expected} were altered, inserted or rewritten`,
        };
        return failure;
      }
      checkpointsMatched++;
      signedSize = expected;
    }
    const at = Date.parse(entry.at);
    const sequencedAt = Date.parse(entry.sequencedAt);
    if (!(at <= sequencedAt + skew)) {
      warnings.push(`entry ${expected}: time ${entry.at} is more than ${skew / 1000} s after its sequencing`);
    }
    if (entry.sequencedAt < prevSequencedAt) {
      warnings.push(`entry ${expected}: sequenced at ${entry.sequencedAt}, before the entry before it`);
    }
    prevSequencedAt = entry.sequencedAt;
    return undefined;
  };

  return {
    /** Checks the next entry; returns the failure once there is one. */
    push(entry: AuditEntry | UnreadableEntry): VerifyFailure | undefined {
      if (failure !== undefined) return failure;
      const expected = tree.size() + 1;
      if ('unreadable' in entry) {
        failure = {
          seq: expected,
          check: 'parse',
          message: `entry ${expected} cannot be read: ${entry.unreadable}`,
        };
        return failure;
      }
      if (entry.seq !== expected) {
        failure = {
          seq: expected,
          check: 'sequence',
          message: `expected entry ${expected}, found ${String(entry.seq).slice(0, 20)} (an entry was removed, moved or inserted)`,
        };
        return failure;
      }
      if (entry.prevHash !== prevHash) {
        failure = {
          seq: expected,
          check: 'chain',
          message: `entry ${expected} does not chain to entry ${expected - 1}`,
        };
        return failure;
      }
      if (entry.redacted === true) {
        // Its bytes are gone by design: the stored leaf hash is taken as is, and must still chain,
        // build the signed roots, and be covered by a later audit.redact entry (checked in finish).
        const leaf = fromHex(entry.leafHash);
        if (leaf === undefined || leaf.length !== 32 || !isBlanked(entry)) {
          failure = {
            seq: expected,
            check: 'leaf',
            message: `entry ${expected} is marked redacted but is not a redacted entry (its content was changed)`,
          };
          return failure;
        }
        const run = redactedRuns.at(-1);
        if (run !== undefined && run[1] === expected - 1) run[1] = expected;
        else redactedRuns.push([expected, expected]);
        redactedCount++;
        return accept(entry, leaf, expected);
      }
      const leaf = hashText(leafText(entry));
      if (toHex(leaf) !== entry.leafHash) {
        failure = {
          seq: expected,
          check: 'leaf',
          message: `entry ${expected} does not match its leaf hash (its content was changed)`,
        };
        return failure;
      }
      if (entry.eventType === 'audit.redact' && entry.outcome === 'success') {
        const through = redactedThrough(entry.details);
        if (through > redactionCovers) redactionCovers = through;
      }
      return accept(entry, leaf, expected);
    },

    finish(): VerifyReport {
      const size = tree.size();
      if (failure === undefined) {
        const beyond = [...heads.keys()].filter((s) => s > size).sort((a, b) => a - b)[0];
        const uncovered = redactedRuns.find(([, last]) => last > redactionCovers);
        if (uncovered !== undefined) {
          const first = Math.max(uncovered[0], redactionCovers + 1);
          failure = {
            seq: first,
            check: 'redaction',
            message: `entry ${first} is redacted but no audit.redact entry covers it (its content was removed outside retention)`,
          };
        } else if (beyond !== undefined) {
          failure = {
            seq: size + 1,
            check: 'truncated',
            message: `a ${heads.get(beyond)!.trusted ? 'trusted' : 'signed'} checkpoint commits to ${beyond} entries; the log has ${size} (entries ${size + 1}–${beyond} are missing)`,
          };
        } else if (options.expectedSize !== undefined && options.expectedSize !== size) {
          failure = {
            seq: Math.min(options.expectedSize, size) + 1,
            check: 'state',
            message: `the sequencer recorded ${options.expectedSize} entries; the log has ${size}`,
          };
        }
      }
      const report: VerifyReport = {
        ok: failure === undefined,
        size,
        root: toHex(tree.root()),
        checkpointsMatched,
        signedSize,
        redacted: redactedCount,
        warnings: warnings.slice(0, 100),
      };
      if (failure !== undefined) report.failure = failure;
      if (warnings.length > 100) report.warnings.push(`…and ${warnings.length - 100} more warnings`);
      return report;
    },
  };
}

/** A redacted entry keeps nothing personal: exactly the placeholders redaction writes. */
function isBlanked(entry: AuditEntry): boolean {
  return (
    entry.sourceIp === REDACTED.sourceIp &&
    entry.sessionId === REDACTED.sessionId &&
    entry.actorId === REDACTED.actorId &&
    entry.target === REDACTED.target &&
    entry.subjects.length === 0 &&
    entry.fields.length === 0 &&
    entry.reason === REDACTED.reason &&
    entry.details === REDACTED.details
  );
}

/** The last seq an audit.redact entry says it redacted (0 when its details do not say). */
function redactedThrough(details: string): number {
  try {
    const through = (JSON.parse(details) as { throughSeq?: unknown }).throughSeq;
    return Number.isSafeInteger(through) ? (through as number) : 0;
  } catch {
    return 0;
  }
}

/** Verifies a whole log held in memory. */
export function verifyAuditLog(
  entries: Iterable<AuditEntry | UnreadableEntry>,
  options: VerifyOptions,
): VerifyReport {
  const verifier = createLogVerifier(options);
  for (const entry of entries) if (verifier.push(entry) !== undefined) break;
  return verifier.finish();
}
