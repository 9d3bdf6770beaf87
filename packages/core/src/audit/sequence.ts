import { type AuditEntry, GENESIS_HASH, leafText } from './audit-entry.js';
import { fromHex, toHex } from './bytes.js';
import { createLeafHasher, createTreeBuilder, defaultSha256, type Sha256 } from './merkle.js';

/** Where the log stands after the last sequenced entry: enough to append more without re-reading it. */
export type SequencerState = {
  size: number;
  /** The tree's compact range as hex hashes, largest subtree first. */
  frontier: string[];
  /** Leaf hash of the last entry, the next entry's prevHash. */
  lastLeafHash: string;
};

export const EMPTY_LOG: SequencerState = { size: 0, frontier: [], lastLeafHash: GENESIS_HASH };

/** A row written by a request, waiting for its place in the log. */
export type UnsequencedRow = Omit<AuditEntry, 'seq' | 'sequencedAt' | 'prevHash' | 'leafHash'> & {
  id: number;
};

export type SequencedBatch = {
  entries: (AuditEntry & { id: number })[];
  state: SequencerState;
  /** Tree heads at every multiple of `checkpointEvery` passed in this batch, for signing. */
  heads: { size: number; root: string }[];
  /** The head after the whole batch. */
  head: { size: number; root: string };
};

/**
 * The sequencer's pure step (RELIABILITY.md §4.2): gives each row the next gap-free sequence number,
 * chains it to the previous entry, computes its RFC 6962 leaf and extends the tree. Rows are taken in
 * the order given (the caller orders them by id).
 */
export function sequenceRows(
  state: SequencerState,
  rows: readonly UnsequencedRow[],
  options: { sequencedAt: Date; checkpointEvery: number; sha256?: Sha256 },
): SequencedBatch {
  const sha256 = options.sha256 ?? defaultSha256;
  const hashText = createLeafHasher(sha256);
  const tree = createTreeBuilder(sha256, {
    size: state.size,
    frontier: state.frontier.map((h) => fromHex(h)!),
  });
  const sequencedAt = options.sequencedAt.toISOString();
  const entries: (AuditEntry & { id: number })[] = [];
  const heads: { size: number; root: string }[] = [];
  let prevHash = state.lastLeafHash;
  for (const row of rows) {
    const { id, ...content } = row;
    const unsigned = { ...content, seq: tree.size() + 1, sequencedAt, prevHash };
    const leaf = hashText(leafText(unsigned));
    const entry = { ...unsigned, leafHash: toHex(leaf) };
    entries.push({ id, ...entry });
    tree.push(leaf);
    prevHash = entry.leafHash;
    if (tree.size() % options.checkpointEvery === 0)
      heads.push({ size: tree.size(), root: toHex(tree.root()) });
  }
  return {
    entries,
    state: { size: tree.size(), frontier: tree.frontier().map(toHex), lastLeafHash: prevHash },
    heads,
    head: { size: tree.size(), root: toHex(tree.root()) },
  };
}
