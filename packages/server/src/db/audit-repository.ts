import {
  type AuditEntry,
  type AuditEvent,
  minimiseEvent,
  type SequencerState,
  type UnsequencedRow,
} from '@ilos/core';
import type { Sql } from './sql.js';

/**
 * The audit tables (migration 0010). Writers only ever call appendAudit, inside the transaction of the data
 * they record; the sequencer reads unsequenced rows and writes their sequencing columns back.
 */
export async function appendAudit(
  tx: Sql,
  events: readonly AuditEvent[],
  options: { commit?: boolean } = {},
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => {
    const e = minimiseEvent(event);
    return {
      at: e.at.toISOString(),
      event_type: e.eventType,
      component: e.component,
      source_ip: e.sourceIp,
      session_id: e.sessionId,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      purpose: e.purpose,
      target: e.target,
      subjects: e.subjects,
      fields: e.fields,
      outcome: e.outcome,
      reason: e.reason,
      details: e.details,
    };
  });
  // `commit`: the transaction's last statement, sent with its COMMIT where the store allows (one round trip).
  const run = options.commit === true && tx.finalQuery !== undefined ? tx.finalQuery : tx.query.bind(tx);
  await run(
    `insert into audit_log (at, event_type, component, source_ip, session_id, actor_id, actor_role, purpose, target,
                            subjects, fields, outcome, reason, details)
     select t.at, t.event_type, t.component, t.source_ip, t.session_id, t.actor_id, t.actor_role, t.purpose, t.target,
            array(select jsonb_array_elements_text(t.subjects)), array(select jsonb_array_elements_text(t.fields)),
            t.outcome, t.reason, t.details
       from jsonb_to_recordset($1::text::jsonb) as t(at timestamptz, event_type text, component text, source_ip text,
            session_id text, actor_id text, actor_role text, purpose text, target text, subjects jsonb, fields jsonb,
            outcome text, reason text, details text)`,
    [JSON.stringify(rows)],
  );
}

const ENTRY_COLUMNS = `seq::text as seq, at, sequenced_at, event_type, component, source_ip, session_id, actor_id,
  actor_role, purpose, target, subjects, fields, outcome, reason, details, prev_hash, leaf_hash`;

type EntryRow = {
  id?: string;
  seq: string | null;
  at: Date;
  sequenced_at: Date | null;
  event_type: string;
  component: string;
  source_ip: string;
  session_id: string | null;
  actor_id: string;
  actor_role: string;
  purpose: string | null;
  target: string | null;
  subjects: string[];
  fields: string[];
  outcome: string;
  reason: string | null;
  details: string;
  prev_hash: string | null;
  leaf_hash: string | null;
};

const toEntry = (r: EntryRow): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at.toISOString(),
  sequencedAt: r.sequenced_at?.toISOString() ?? '',
  eventType: r.event_type,
  component: r.component,
  sourceIp: r.source_ip,
  sessionId: r.session_id,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  purpose: r.purpose,
  target: r.target,
  subjects: r.subjects,
  fields: r.fields,
  outcome: r.outcome,
  reason: r.reason,
  details: r.details,
  prevHash: r.prev_hash ?? '',
  leafHash: r.leaf_hash ?? '',
});

/** Timestamps as the exact ISO text the leaf hashed (JS Dates are millisecond-exact, as written). */
const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Sequenced entries with seq > `after`, in order, `limit` at a time (keyset pages for verify and export).
 * Built in SQL as text — times in ISO form, lists as JSON — which both drivers return untouched and
 * fast: verify reads a million of these.
 */
export async function readEntries(sql: Sql, after: number, limit: number): Promise<AuditEntry[]> {
  const rows = await sql.query<{ seq: string; at: string; sequenced_at: string; rest: string }>(
    `select seq::text as seq, ${ISO('at')} as at, ${ISO('sequenced_at')} as sequenced_at,
            json_build_array(event_type, component, source_ip, session_id, actor_id, actor_role, purpose, target,
                             subjects, fields, outcome, reason, details, prev_hash, leaf_hash,
                             redacted_at is not null)::text as rest
       from audit_log where audit_log.seq > $1 order by audit_log.seq limit $2`,
    [after, limit],
  );
  return rows.map((r) => {
    const [
      eventType,
      component,
      sourceIp,
      sessionId,
      actorId,
      actorRole,
      purpose,
      target,
      subjects,
      fields,
      outcome,
      reason,
      details,
      prevHash,
      leafHash,
      redacted,
    ] = JSON.parse(r.rest) as [
      string,
      string,
      string,
      string | null,
      string,
      string,
      string | null,
      string | null,
      string[],
      string[],
      string,
      string | null,
      string,
      string,
      string,
      boolean,
    ];
    const entry: AuditEntry = {
      seq: Number(r.seq),
      at: r.at,
      sequencedAt: r.sequenced_at,
      eventType,
      component,
      sourceIp,
      sessionId,
      actorId,
      actorRole,
      purpose,
      target,
      subjects,
      fields,
      outcome,
      reason,
      details,
      prevHash,
      leafHash,
    };
    if (redacted) entry.redacted = true;
    return entry;
  });
}

/**
 * Blanks the personal columns of sequenced entries up to `throughSeq` that are older than `before`
 * (T13.2), keeping seq, times, chain and leaf hashes. The caller holds the ilos_redactor role.
 */
export async function redactEntries(sql: Sql, throughSeq: number, before: Date, at: Date): Promise<number> {
  const rows = await sql.query(
    `update audit_log set source_ip = '[redacted]', session_id = null, actor_id = '[redacted]', target = null,
            subjects = '{}', fields = '{}', reason = null, details = '{}', redacted_at = $3
      where seq <= $1 and at < $2 and redacted_at is null returning seq`,
    [throughSeq, before, at],
  );
  return rows.length;
}

/** The newest sequenced, unredacted entry older than `before`, and how many such entries there are. */
export async function redactable(sql: Sql, before: Date): Promise<{ throughSeq: number; count: number }> {
  const [row] = await sql.query<{ through: string | null; n: number }>(
    `select max(seq)::text as through, count(*)::int as n from audit_log
      where seq is not null and at < $1 and redacted_at is null`,
    [before],
  );
  return { throughSeq: row?.through == null ? 0 : Number(row.through), count: row?.n ?? 0 };
}

export type StoredState = SequencerState & {
  logId: string;
  lastCheckpointSize: number;
  lastCheckpointAt: Date | null;
};

export async function readState(sql: Sql, options: { lock?: boolean } = {}): Promise<StoredState> {
  const [row] = await sql.query<{
    log_id: string;
    tree_size: string;
    frontier: string;
    last_leaf_hash: string;
    last_checkpoint_size: string;
    last_checkpoint_at: Date | null;
  }>(
    `select log_id, tree_size::text as tree_size, frontier, last_leaf_hash, last_checkpoint_size::text as last_checkpoint_size,
            last_checkpoint_at from audit_state${options.lock ? ' for update' : ''}`,
  );
  if (row === undefined) throw new Error('audit_state has no row: the audit migration did not run');
  return {
    logId: row.log_id,
    size: Number(row.tree_size),
    frontier: JSON.parse(row.frontier) as string[],
    lastLeafHash: row.last_leaf_hash,
    lastCheckpointSize: Number(row.last_checkpoint_size),
    lastCheckpointAt: row.last_checkpoint_at,
  };
}

/** The oldest unsequenced rows, by id (write order), up to `limit`. */
export async function readUnsequenced(tx: Sql, limit: number): Promise<UnsequencedRow[]> {
  const rows = await tx.query<EntryRow & { id: string }>(
    `select id::text as id, ${ENTRY_COLUMNS} from audit_log where audit_log.seq is null order by audit_log.id limit $1`,
    [limit],
  );
  return rows.map((r) => {
    const { seq: _seq, sequencedAt: _s, prevHash: _p, leafHash: _l, ...rest } = toEntry(r);
    return { ...rest, id: Number(r.id) };
  });
}

/** Writes the sequencing columns of a batch, the new state and any checkpoints, in the caller's transaction. */
export async function writeSequenced(
  tx: Sql,
  entries: readonly (AuditEntry & { id: number })[],
  state: SequencerState,
  checkpoints: readonly { size: number; root: string; note: string }[],
  at: Date,
): Promise<void> {
  if (entries.length > 0) {
    await tx.query(
      `update audit_log a set seq = t.seq, sequenced_at = t.sequenced_at, prev_hash = t.prev_hash, leaf_hash = t.leaf_hash
         from jsonb_to_recordset($1::text::jsonb) as t(id bigint, seq bigint, sequenced_at timestamptz, prev_hash text, leaf_hash text)
        where a.id = t.id and a.seq is null`,
      [
        JSON.stringify(
          entries.map((e) => ({
            id: e.id,
            seq: e.seq,
            sequenced_at: e.sequencedAt,
            prev_hash: e.prevHash,
            leaf_hash: e.leafHash,
          })),
        ),
      ],
    );
  }
  for (const c of checkpoints) {
    await tx.query(
      'insert into audit_checkpoints (tree_size, root_hash, note, signed_at) values ($1, $2, $3, $4)',
      [c.size, c.root, c.note, at],
    );
  }
  const last = checkpoints.at(-1);
  await tx.query(
    `update audit_state set tree_size = $1, frontier = $2, last_leaf_hash = $3,
       last_checkpoint_size = coalesce($4, last_checkpoint_size), last_checkpoint_at = coalesce($5, last_checkpoint_at)`,
    [
      state.size,
      JSON.stringify(state.frontier),
      state.lastLeafHash,
      last?.size ?? null,
      last === undefined ? null : at,
    ],
  );
}

export async function listCheckpointNotes(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ note: string }>('select note from audit_checkpoints order by tree_size');
  return rows.map((r) => r.note);
}

/** How many rows wait for the sequencer, and since when (the merge delay, T5.10). */
export async function unsequencedStats(sql: Sql): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await sql.query<{ count: number; oldest: Date | null }>(
    'select count(*)::int as count, min(at) as oldest from audit_log where seq is null',
  );
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
}

export async function sequencedCount(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ n: string | null }>('select max(seq)::text as n from audit_log');
  return row?.n === null || row?.n === undefined ? 0 : Number(row.n);
}

/** The audit rows of a time window, for the oversight report: who, what, why, whose, outcome. */
export async function readEventsBetween(
  sql: Sql,
  since: Date,
  until: Date,
): Promise<(AuditEntry & { id: number })[]> {
  const rows = await sql.query<EntryRow & { id: string }>(
    `select id::text as id, ${ENTRY_COLUMNS} from audit_log where audit_log.at >= $1 and audit_log.at < $2
      order by audit_log.id`,
    [since, until],
  );
  return rows.map((r) => ({ ...toEntry(r), id: Number(r.id), seq: r.seq === null ? 0 : Number(r.seq) }));
}
