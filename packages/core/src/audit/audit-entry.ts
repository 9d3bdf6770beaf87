import { utf8 } from './bytes.js';

/**
 * What the audit trail records (RELIABILITY.md T6.1, AU-2/AU-3): every event type ilos writes, in one
 * closed list. `record.*` and `redress.*` rows concern person data; the rest are account, access,
 * audit and retention events. `identity.merge`/`identity.split`/`status.change` are written by batch
 * resolution as `system:resolve`; `config.change` by a change to the source registry; `auth.step_up` by a
 * re-authentication for a sensitive action (ADR 0021). A new event type is added here and nowhere else.
 */
export const AUDIT_EVENT_TYPES = [
  'auth.login',
  'auth.logout',
  'auth.lockout',
  'auth.password_change',
  'auth.step_up',
  'account.create',
  'account.list',
  'account.disable',
  'account.enable',
  'account.unlock',
  'account.flag',
  'account.reset_mfa',
  'account.link_person',
  'account.family_name',
  'access.assign',
  'access.unassign',
  'access.break_glass',
  'access.review',
  'access.list',
  'access.denied',
  'access.bulk_request',
  'access.bulk_approve',
  'sensitive.flag',
  'sensitive.list',
  'review.list',
  'record.read',
  'record.search',
  'record.write',
  'record.dispose',
  'record.disclose',
  'identity.decide',
  'identity.merge',
  'identity.split',
  'status.change',
  'privacy.access_report',
  'case.open',
  'case.read',
  'case.list',
  'case.transition',
  'case.approve',
  'redress.open',
  'redress.read',
  'redress.list',
  'redress.acknowledge',
  'redress.resolve',
  'retention.hold',
  'retention.release',
  'retention.list',
  'retention.run',
  'audit.export',
  'audit.report',
  'audit.redact',
  'config.change',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** A minimised detail value: no nested objects, so nothing large or free-form hides in a row. */
export type DetailValue = string | number | boolean | null | readonly string[];

/** What a writer appends, in the same transaction as the data it records; the sequencer adds the rest. */
export type AuditEvent = {
  at: Date;
  eventType: AuditEventType;
  /** Which part of ilos wrote it: cli, api, ingest, retention. */
  component: string;
  /** The client address; 'local' for the CLI. */
  sourceIp: string;
  /** The session's public id (never its token); null for system actors and failed logins. */
  sessionId: string | null;
  actorId: string;
  /** The actor's role at the time, or 'system'. */
  actorRole: string;
  purpose: string | null;
  /** What the purpose is bound to: 'case:…', 'task:…', 'redress:…', 'run:…'. */
  target: string | null;
  /** Whose data: 'record:<source>/<id>', later 'person:<id>'; 'user:<id>' for account events. */
  subjects: readonly string[];
  /** Which fields were returned or written (names only, never values). */
  fields: readonly string[];
  outcome: AuditOutcome;
  /** Why it was denied or failed: a short code. */
  reason: string | null;
  details: Readonly<Record<string, DetailValue>>;
};

/** A sequenced entry exactly as stored and exported: every column a string or number, so bytes are stable. */
export type AuditEntry = {
  seq: number;
  at: string;
  sequencedAt: string;
  eventType: string;
  component: string;
  sourceIp: string;
  sessionId: string | null;
  actorId: string;
  actorRole: string;
  purpose: string | null;
  target: string | null;
  subjects: string[];
  fields: string[];
  outcome: string;
  reason: string | null;
  /** Canonical JSON of the minimised details. */
  details: string;
  /** Hex leaf hash of the previous entry (64 zeros for the first). */
  prevHash: string;
  /** Hex RFC 6962 leaf hash of this entry's canonical bytes. */
  leafHash: string;
  /**
   * Set when retention blanked the entry's personal columns (T13.2): its leaf hash can no longer be
   * recomputed, but it still chains and sits in the signed tree, and a later audit.redact entry covers it.
   */
  redacted?: true;
};

/** What redaction leaves in the personal columns (the database guard checks the same values). */
export const REDACTED = {
  sourceIp: '[redacted]',
  sessionId: null,
  actorId: '[redacted]',
  target: null,
  subjects: [] as string[],
  fields: [] as string[],
  reason: null,
  details: '{}',
} as const;

export const GENESIS_HASH = '0'.repeat(64);
const LEAF_VERSION = 'ilos-audit/1';

/** The exact bytes an entry commits to (its Merkle leaf data): every column but the leaf hash itself. */
export function leafData(entry: Omit<AuditEntry, 'leafHash'>): Uint8Array {
  return utf8(leafText(entry));
}

/** leafData as text, before UTF-8 encoding (hashers encode it into a buffer they reuse). */
export function leafText(entry: Omit<AuditEntry, 'leafHash'>): string {
  return JSON.stringify([
    LEAF_VERSION,
    entry.seq,
    entry.at,
    entry.sequencedAt,
    entry.eventType,
    entry.component,
    entry.sourceIp,
    entry.sessionId,
    entry.actorId,
    entry.actorRole,
    entry.purpose,
    entry.target,
    entry.subjects,
    entry.fields,
    entry.outcome,
    entry.reason,
    entry.details,
    entry.prevHash,
  ]);
}

/** Longest text kept in any one audit field; longer text is cut with a marker (T6.5). */
export const MAX_AUDIT_TEXT = 512;
/** Most list items kept in details; subjects and fields are never cut (they are the point of the row). */
const MAX_DETAIL_ITEMS = 100;

export function clip(text: string, max = MAX_AUDIT_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}

/**
 * Canonical JSON of details: keys sorted, strings clipped, lists capped. The only form details are stored
 * and hashed in, so the same details always give the same bytes.
 */
export function canonicalDetails(details: Readonly<Record<string, DetailValue>>): string {
  const out: Record<string, DetailValue> = {};
  for (const key of Object.keys(details).sort()) {
    const value = details[key];
    if (value === undefined) continue;
    if (typeof value === 'string') out[clip(key, 64)] = clip(value);
    else if (Array.isArray(value)) {
      const items = (value as readonly string[]).slice(0, MAX_DETAIL_ITEMS).map((v) => clip(String(v)));
      if (value.length > MAX_DETAIL_ITEMS) items.push(`…[${value.length - MAX_DETAIL_ITEMS} more]`);
      out[clip(key, 64)] = items;
    } else if (typeof value === 'number') out[clip(key, 64)] = Number.isFinite(value) ? value : null;
    else out[clip(key, 64)] = value as boolean | null;
  }
  return JSON.stringify(out);
}

/** Applies the length limits every stored event obeys (identifiers clipped, details canonical). */
export function minimiseEvent(event: AuditEvent): Omit<AuditEvent, 'details'> & { details: string } {
  return {
    ...event,
    component: clip(event.component, 32),
    sourceIp: clip(event.sourceIp, 64),
    sessionId: event.sessionId === null ? null : clip(event.sessionId, 64),
    actorId: clip(event.actorId, 128),
    actorRole: clip(event.actorRole, 32),
    purpose: event.purpose === null ? null : clip(event.purpose, 64),
    target: event.target === null ? null : clip(event.target, 200),
    subjects: event.subjects.map((s) => clip(s, 300)),
    fields: event.fields.map((f) => clip(f, 100)),
    reason: event.reason === null ? null : clip(event.reason, 200),
    details: canonicalDetails(event.details),
  };
}
