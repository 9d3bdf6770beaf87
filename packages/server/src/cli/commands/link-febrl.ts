import { AppError, fitAndResolvePersons, type IdentityRecord, type Resolution } from '@ilos/core';
import Papa from 'papaparse';

/** FEBRL columns the matcher may use, and the identity attribute each becomes. */
const NAMED_COLUMNS: Readonly<Record<string, keyof IdentityRecord>> = {
  given_name: 'givenName',
  surname: 'familyName',
  street_number: 'streetNumber',
  address_1: 'street',
  address_2: 'addressLine2',
  suburb: 'city',
  postcode: 'postalCode',
  state: 'state',
  date_of_birth: 'dateOfBirth',
};

/** The answer key (rec_id) and the generator's never-corrupted helper (blocking_number): never features. */
const FORBIDDEN_COLUMNS = ['rec_id', 'blocking_number'] as const;

export type FebrlRow = { line: number; recId: string; cells: Readonly<Record<string, string>> };
export type FebrlFile = { path: string; columns: readonly string[]; rows: readonly FebrlRow[] };

const invalid = (path: string, line: number, message: string) =>
  new AppError('invalid_input', `${path}: line ${line}: ${message}`);

/**
 * Parses a FEBRL file in either layout: the 0.2.2 `dataset*.csv` (a space after each comma) or
 * the 0.4.2 `febrl-0.4.2-dsgen` files (age, phone_number, blocking_number). Values are kept as
 * strings, so leading zeros of postcodes and dates survive.
 */
export function parseFebrl(path: string, text: string): FebrlFile {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...body] = parsed.data;
  if (header === undefined) throw invalid(path, 1, 'the file is empty (expected a header row)');
  const columns = header.map((h) => h.trim());
  if (!columns.includes('rec_id'))
    throw invalid(path, 1, `no rec_id column in the header (${columns.join(', ')})`);
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) throw invalid(path, 1, `column ${duplicate} appears twice`);
  if (columns.filter((c) => !(FORBIDDEN_COLUMNS as readonly string[]).includes(c)).length === 0) {
    throw invalid(path, 1, 'no column to match on besides rec_id');
  }

  const rows: FebrlRow[] = [];
  const seen = new Map<string, number>();
  // Papa drops blank lines; count physical lines to report the right number.
  const lineNumbers = physicalLines(text);
  body.forEach((cells, index) => {
    const line = lineNumbers[index + 1] ?? index + 2;
    if (cells.length !== columns.length) {
      throw invalid(
        path,
        line,
        `expected ${columns.length} fields (${columns.join(', ')}), found ${cells.length}`,
      );
    }
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      row[c] = (cells[i] ?? '').trim();
    });
    const recId = row.rec_id ?? '';
    if (recId === '') throw invalid(path, line, 'empty rec_id');
    const before = seen.get(recId);
    if (before !== undefined) throw invalid(path, line, `rec_id ${recId} already used on line ${before}`);
    seen.set(recId, line);
    rows.push({ line, recId, cells: row });
  });
  if (rows.length === 0) throw invalid(path, 2, 'no records after the header');
  return { path, columns, rows };
}

function physicalLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim().length > 0) out.push(i + 1);
  });
  return out;
}

/** The columns the matcher will use: all but rec_id and blocking_number, or the --fields subset. */
export function matchColumns(files: readonly FebrlFile[], fields: readonly string[] | null): string[] {
  const available = files[0]!.columns.filter((c) => !(FORBIDDEN_COLUMNS as readonly string[]).includes(c));
  for (const file of files.slice(1)) {
    const missing = available.filter((c) => !file.columns.includes(c));
    if (missing.length > 0)
      throw invalid(
        file.path,
        1,
        `columns ${missing.join(', ')} are missing (the files must have the same layout)`,
      );
  }
  if (fields === null) return available;
  for (const f of fields) {
    if ((FORBIDDEN_COLUMNS as readonly string[]).includes(f)) {
      throw new AppError(
        'invalid_input',
        `--fields: ${f} is the answer key or a generator helper and can never be a matching field`,
      );
    }
    if (!available.includes(f))
      throw new AppError('invalid_input', `--fields: no column ${f} (columns: ${available.join(', ')})`);
  }
  if (fields.length === 0) throw new AppError('invalid_input', '--fields: name at least one column');
  return [...fields];
}

/**
 * Identity records from FEBRL rows. The record id is the file side and line number, never the
 * rec_id: the answer key cannot leak into the matcher, even as a tie-breaker.
 */
export function toIdentityRecords(
  file: FebrlFile,
  side: 'a' | 'b' | null,
  columns: readonly string[],
): IdentityRecord[] {
  const width = String(file.rows.at(-1)?.line ?? 0).length;
  return file.rows.map((row) => {
    const record: IdentityRecord = { id: `${side ?? 'r'}:${String(row.line).padStart(width, '0')}` };
    if (side !== null) record.source = side;
    const extra: Record<string, string> = {};
    for (const column of columns) {
      const value = row.cells[column] ?? '';
      if (value === '') continue;
      const attribute = NAMED_COLUMNS[column];
      if (attribute === undefined) extra[column] = value;
      else (record as Record<string, unknown>)[attribute] = value;
    }
    if (Object.keys(extra).length > 0) record.extra = extra;
    return record;
  });
}

/**
 * The entity a FEBRL rec_id belongs to: `rec-<N>-org` / `rec-<N>-dup-<k>` (0.2.2), or an integer
 * whose last digit is the duplicate number (0.4.2 dsgen). Used only to score, never to match.
 */
export function entityOf(recId: string): string | null {
  const named = /^rec-(\d+)-(org|dup-\d+)$/.exec(recId);
  if (named !== null) return named[1]!;
  if (/^\d{2,}$/.test(recId)) return recId.slice(0, -1);
  return null;
}

export type LinkOutcome = {
  /** rec_id pairs: [file 1, file 2] when linking, [earlier line, later line] when deduplicating. */
  pairs: [string, string][];
  records: number;
  candidatePairs: number;
  reviewPairs: number;
  resolution: Resolution;
  /** Internal id pairs of the candidates, collected only when asked (to measure pair completeness). */
  candidates: Set<string> | null;
};

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Dedupes one file or links two: fits the model without labels, resolves, and returns rec_id pairs. */
export function linkFebrl(
  files: readonly FebrlFile[],
  columns: readonly string[],
  collectCandidates: boolean,
): LinkOutcome {
  const linking = files.length === 2;
  const sides = linking ? (['a', 'b'] as const) : ([null] as const);
  const records = files.flatMap((file, i) => toIdentityRecords(file, sides[i] ?? null, columns));
  const recIdOf = new Map<string, string>();
  files.forEach((file, i) => {
    toIdentityRecords(file, sides[i] ?? null, []).forEach((r, k) => {
      recIdOf.set(r.id, file.rows[k]!.recId);
    });
  });
  const candidates = collectCandidates ? new Set<string>() : null;
  const { resolution } = fitAndResolvePersons(records, {
    fit: { pairScope: linking ? 'across-sources' : 'all' },
    ...(candidates === null ? {} : { onCandidate: (a: string, b: string) => candidates.add(pairKey(a, b)) }),
  });
  const pairs: [string, string][] = [];
  for (const cluster of resolution.clusters) {
    const members = [...cluster.records].sort();
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i]!;
        const b = members[j]!;
        if (linking && a.charAt(0) === b.charAt(0)) continue;
        pairs.push([recIdOf.get(a)!, recIdOf.get(b)!]);
      }
    }
  }
  return {
    pairs,
    records: records.length,
    candidatePairs: resolution.stats.candidatePairs,
    reviewPairs: resolution.reviews.length,
    resolution,
    candidates,
  };
}

export type TruthScores = {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  pairCompleteness: number | null;
};

/** Precision, recall and F1 of the pairs against the entities encoded in rec_id, and blocking's pair completeness. */
export function scoreAgainstTruth(files: readonly FebrlFile[], outcome: LinkOutcome): TruthScores {
  const linking = files.length === 2;
  const members = new Map<string, { id: string; recId: string; side: number }[]>();
  files.forEach((file, side) => {
    const width = String(file.rows.at(-1)?.line ?? 0).length;
    for (const row of file.rows) {
      const entity = entityOf(row.recId);
      if (entity === null) {
        throw invalid(
          file.path,
          row.line,
          `--truth: cannot read the entity from rec_id '${row.recId}' (expected rec-N-org, rec-N-dup-K or an integer)`,
        );
      }
      const id = `${linking ? (side === 0 ? 'a' : 'b') : 'r'}:${String(row.line).padStart(width, '0')}`;
      const list = members.get(entity) ?? [];
      list.push({ id, recId: row.recId, side });
      members.set(entity, list);
    }
  });
  const truth = new Set<string>();
  let inCandidates = 0;
  for (const list of members.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const x = list[i]!;
        const y = list[j]!;
        if (linking && x.side === y.side) continue;
        truth.add(pairKey(x.recId, y.recId));
        if (outcome.candidates?.has(pairKey(x.id, y.id))) inCandidates++;
      }
    }
  }
  let truePositives = 0;
  for (const [a, b] of outcome.pairs) if (truth.has(pairKey(a, b))) truePositives++;
  const precision = outcome.pairs.length === 0 ? 1 : truePositives / outcome.pairs.length;
  const recall = truth.size === 0 ? 1 : truePositives / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    truePairs: truth.size,
    pairCompleteness: outcome.candidates === null || truth.size === 0 ? null : inCandidates / truth.size,
  };
}
