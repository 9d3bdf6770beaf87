import { type AuditEntry, type AuditEvent, minimiseEvent } from './audit-entry.js';
import { fromHex } from './bytes.js';
import { type SigningKey, signCheckpoint } from './checkpoint.js';
import type { Sha256 } from './merkle.js';
import { EMPTY_LOG, sequenceRows, type UnsequencedRow } from './sequence.js';

/** A small deterministic PRNG (mulberry32), so a failing randomized test can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROLES = ['analyst', 'adjudicator', 'supervisor', 'auditor'];
const PURPOSES = ['CASE_ADJUDICATION', 'IDENTITY_REVIEW', 'DATA_QUALITY_REVIEW', 'REDRESS'];
const SOURCES = ['cbp-i94', 'cbp-apis', 'uscis-benefits', 'eoir-cases', 'dos-visas'];
const FIELDS = [
  'familyName',
  'givenName',
  'dateOfBirth',
  'i94Number',
  'admissionDate',
  'admitUntil',
  'receiptNumber',
];

/** An audit event with a realistic mix of readers, purposes, subjects and outcomes (synthetic, no real data). */
export function syntheticEvent(random: () => number, at: Date): AuditEvent {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const user = Math.floor(random() * 50);
  const denied = random() < 0.03;
  const subjects = Array.from(
    { length: 1 + Math.floor(random() * 3) },
    () => `record:${pick(SOURCES)}/R-${Math.floor(random() * 100_000)}`,
  );
  return {
    at,
    eventType: random() < 0.9 ? 'record.read' : 'redress.read',
    component: random() < 0.8 ? 'api' : 'cli',
    sourceIp: random() < 0.8 ? `10.0.${user % 8}.${user}` : 'local',
    sessionId: `s-${user}-${Math.floor(random() * 1000)}`,
    actorId: `user-${user}`,
    actorRole: ROLES[user % ROLES.length]!,
    purpose: pick(PURPOSES),
    target: `case:C-${Math.floor(random() * 5000)}`,
    subjects: denied ? [] : subjects,
    fields: denied ? [] : FIELDS.filter(() => random() < 0.6),
    outcome: denied ? 'denied' : 'success',
    reason: denied ? 'not_assigned' : null,
    details: { versions: 1 + Math.floor(random() * 3), masked: random() < 0.05 ? ['8 CFR 208.6'] : [] },
  };
}

export type SyntheticLog = { entries: AuditEntry[]; checkpoints: string[] };

/**
 * Builds a sequenced, signed log of `size` synthetic entries, sequenced in random batch sizes, with a
 * signed checkpoint every `checkpointEvery` entries and one at the end. For tests and benchmarks.
 */
export function buildSyntheticLog(options: {
  size: number;
  seed: number;
  key: SigningKey;
  origin: string;
  checkpointEvery: number;
  sha256?: Sha256;
  start?: Date;
}): SyntheticLog {
  const random = seededRandom(options.seed);
  let clock = (options.start ?? new Date('2026-01-05T14:00:00.000Z')).getTime();
  let state = EMPTY_LOG;
  const entries: AuditEntry[] = [];
  const checkpoints: string[] = [];
  let id = 0;
  while (entries.length < options.size) {
    const batch: UnsequencedRow[] = [];
    const n = Math.min(options.size - entries.length, 1 + Math.floor(random() * 500));
    for (let i = 0; i < n; i++) {
      clock += Math.floor(random() * 2000);
      const event = minimiseEvent(syntheticEvent(random, new Date(clock)));
      batch.push({
        ...event,
        id: ++id,
        at: event.at.toISOString(),
        subjects: [...event.subjects],
        fields: [...event.fields],
      });
    }
    const sequenced = sequenceRows(state, batch, {
      sequencedAt: new Date(clock + 500),
      checkpointEvery: options.checkpointEvery,
      ...(options.sha256 === undefined ? {} : { sha256: options.sha256 }),
    });
    state = sequenced.state;
    for (const { id: _id, ...entry } of sequenced.entries) entries.push(entry);
    for (const head of sequenced.heads) checkpoints.push(sign(head));
  }
  const last = entries.length;
  if (last > 0 && last % options.checkpointEvery !== 0) {
    const head = sequenceRows(state, [], {
      sequencedAt: new Date(clock),
      checkpointEvery: options.checkpointEvery,
    }).head;
    checkpoints.push(sign(head));
  }
  return { entries, checkpoints };

  function sign(head: { size: number; root: string }): string {
    return signCheckpoint(
      { origin: options.origin, size: head.size, root: hexBytes(head.root) },
      options.key,
    );
  }
}

const hexBytes = (hex: string): Uint8Array => fromHex(hex)!;
