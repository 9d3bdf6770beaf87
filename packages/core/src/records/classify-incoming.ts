/** What is already stored under one (source, sourceRecordId). */
export type StoredVersion = {
  version: number;
  sourceVersion: number;
  contentSha256: string;
  ingestRunId: string;
};

export type Incoming = { sourceVersion: number; contentSha256: string };

/**
 * What to do with an incoming record, given the versions stored under its identity:
 * - `duplicate`: the same content is stored already (a redelivery changes nothing);
 * - `conflict`: the same file already sent this id with other content and the same source version
 *   (RELIABILITY.md T1: duplicate ids with different payloads are a defect, not a correction);
 * - `new` or `version`: store it as version `version`; `current` says whether it becomes the current
 *   version, decided by the source's version number and only then by arrival (T3.3).
 */
export type Placement =
  | { kind: 'duplicate' }
  | { kind: 'conflict'; withVersion: number }
  | { kind: 'new' | 'version'; version: number; current: boolean };

export function classifyIncoming(
  incoming: Incoming,
  stored: readonly StoredVersion[],
  ingestRunId: string,
): Placement {
  if (stored.length === 0) return { kind: 'new', version: 1, current: true };
  if (stored.some((s) => s.contentSha256 === incoming.contentSha256)) return { kind: 'duplicate' };
  const clash = stored.find(
    (s) => s.ingestRunId === ingestRunId && s.sourceVersion === incoming.sourceVersion,
  );
  if (clash !== undefined) return { kind: 'conflict', withVersion: clash.version };
  const version = Math.max(...stored.map((s) => s.version)) + 1;
  const highestSourceVersion = Math.max(...stored.map((s) => s.sourceVersion));
  return { kind: 'version', version, current: incoming.sourceVersion >= highestSourceVersion };
}
