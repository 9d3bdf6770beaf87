import { createHash } from 'node:crypto';
import {
  type Action,
  type Actor,
  AppError,
  type AuditEventType,
  type Binding,
  type DetailValue,
  type Disclosed,
  decideAccess,
  discloseRecord,
  type Purpose,
  parseTarget,
  type Role,
  type SessionState,
  type SystemActor,
  sessionState,
} from '@ilos/core';
import { raiseAlert } from '../alerts/alerts.js';
import type { Context } from '../context.js';
import { personInTarget } from '../db/access-repository.js';
import { endSession, findSession, touchSession } from '../db/accounts-repository.js';
import { appendAudit } from '../db/audit-repository.js';
import type { Sql } from '../db/sql.js';

/**
 * The access layer (ADR 0012): the one place every read or write of person data, and every privileged
 * action, goes through. In one transaction it authenticates the caller, checks the purpose and its
 * binding to a case or task, runs the work, and writes the audit row — no audit row, no data (T5.9).
 * A refusal is audited too, and committed, before the caller sees `forbidden`.
 */
export type Principal =
  | { kind: 'session'; token: string; component?: string; sourceIp?: string }
  /** Nobody logged in (a CLI command run without a session): refused, and the refusal audited (T6.6). */
  | { kind: 'anonymous'; component?: string; sourceIp?: string }
  | { kind: 'system'; name: SystemActor; component?: string };

export type AccessRequest = {
  principal: Principal;
  action: Action;
  /** The audit event this access is recorded as. */
  event: AuditEventType;
  purpose?: string | undefined;
  /** What the purpose is bound to: 'case:…', 'task:…', 'redress:…', 'run:…'. */
  target?: string | undefined;
  /** Minimised request parameters for the audit row: identifiers, counts, never record content. */
  query?: Record<string, DetailValue>;
  /**
   * The person this access is about. The layer refuses it unless the person belongs to the case, task or
   * dispute the purpose is bound to (BOLA), with the same `not_found` a missing person gets.
   */
  person?: string;
};

/** What the work may rely on: who is acting, under which purpose, and how to show them a record. */
export type Grant = {
  actorId: string;
  role: Role | 'system';
  sessionId: string | null;
  purpose: Purpose | null;
  target: string | null;
  breakGlassId: string | null;
  now: Date;
  /** What this reader may see of a record (statutory confidentiality applied). */
  disclose: (recordType: string, payload: Readonly<Record<string, string>>) => Disclosed;
};

/** What the work returns: its value, and exactly what of whose data it touched, for the audit row. */
export type Disclosure<T> = {
  value: T;
  subjects: readonly string[];
  fields: readonly string[];
  details?: Record<string, DetailValue>;
  /** A failure to report after the audit row is committed (e.g. not_found: the attempt is still audited). */
  error?: AppError;
};

type Denied = { denied: { reason: string; message: string; code?: 'not_found' | 'invalid_input' } };

/** A request with no purpose or one not on the closed list is malformed (400, exit 2), and audited (T8.1). */
const MALFORMED = new Set(['purpose_missing', 'purpose_unknown']);

export async function withAccess<T>(
  ctx: Context,
  request: AccessRequest,
  work: (tx: Sql, grant: Grant) => Promise<Disclosure<T>>,
): Promise<T> {
  const transaction = ctx.sql.transact(async (tx): Promise<Denied | { value: T; error?: AppError }> => {
    const now = ctx.now();
    const component = request.principal.component ?? 'cli';
    const sourceIp = request.principal.kind === 'system' ? 'local' : (request.principal.sourceIp ?? 'local');
    const row = (over: {
      actorId: string;
      actorRole: string;
      sessionId: string | null;
      outcome: 'success' | 'denied' | 'failure';
      reason: string | null;
      purpose: string | null;
      target: string | null;
      subjects?: readonly string[];
      fields?: readonly string[];
      details?: Record<string, DetailValue>;
    }) => ({
      at: now,
      eventType: request.event,
      component,
      sourceIp,
      subjects: [],
      fields: [],
      ...over,
      details: { action: request.action, ...request.query, ...over.details },
    });
    const claimedPurpose = request.purpose === undefined ? null : request.purpose;
    const claimedTarget = request.target === undefined ? null : request.target;

    const target = parseTarget(request.target);
    const bound = target === undefined ? undefined : `${target.kind}:${target.id}`;
    // The session, its binding to the target and the person's membership of it: one round trip.
    const [who, inside] = await Promise.all([
      authenticate(tx, request.principal, now, bound),
      request.person !== undefined && bound !== undefined ? personInTarget(tx, request.person, bound) : false,
    ]);
    if (!who.ok) {
      await writeAudit(tx, [
        row({
          actorId: who.actorId,
          actorRole: who.role,
          sessionId: who.sessionId,
          outcome: 'denied',
          reason: `session_${who.state}`,
          purpose: claimedPurpose,
          target: claimedTarget,
        }),
      ]);
      return { denied: { reason: `session_${who.state}`, message: sessionMessage(who.state) } };
    }
    const { actor, sessionId } = who;
    const actorId = actor.kind === 'user' ? actor.id : `system:${actor.name}`;
    const actorRole = actor.kind === 'user' ? actor.role : 'system';

    let binding: Binding = 'none';
    let breakGlassId: string | null = null;
    const found = who.binding;
    if (actor.kind === 'user' && found !== undefined) {
      if (found.assigned) binding = 'assigned';
      else if (found.breakGlassId !== null) {
        binding = 'break_glass';
        breakGlassId = found.breakGlassId;
      }
    }
    const decision = decideAccess({
      actor,
      action: request.action,
      purpose: request.purpose,
      target: request.target,
      binding,
      ...(who.authenticatedAt === null ? {} : { authenticated: { at: who.authenticatedAt, now } }),
    });
    if (!decision.allow) {
      await writeAudit(tx, [
        row({
          actorId,
          actorRole,
          sessionId,
          outcome: 'denied',
          reason: decision.reason,
          purpose: claimedPurpose,
          target: claimedTarget,
        }),
      ]);
      const hint = decision.breakGlassWouldHelp
        ? ` (ask a supervisor to assign it, or in an emergency: ilos access break-glass)`
        : '';
      return {
        denied: {
          reason: decision.reason,
          message: `${decision.message}${hint}`,
          ...(MALFORMED.has(decision.reason) ? { code: 'invalid_input' as const } : {}),
        },
      };
    }
    if (request.person !== undefined && !inside) {
      // Not in the bound case or task, or no such person: one answer for both (no existence oracle).
      await writeAudit(tx, [
        row({
          actorId,
          actorRole,
          sessionId,
          outcome: 'denied',
          reason: 'not_in_target',
          purpose: claimedPurpose,
          target: claimedTarget,
          subjects: [request.person],
        }),
      ]);
      return {
        denied: {
          reason: 'not_in_target',
          message: `no person ${request.person} in ${decision.target ?? 'the named target'}`,
          code: 'not_found',
        },
      };
    }
    // Idle time is tracked to 5 s: most reads of a busy session skip this write entirely.
    if (sessionId !== null && who.lastSeenAt !== null && now.getTime() - who.lastSeenAt.getTime() > 5000) {
      await touchSession(tx, sessionId, now);
    }

    const grant: Grant = {
      actorId,
      role: actorRole as Role | 'system',
      sessionId,
      purpose: decision.purpose,
      target: decision.target,
      breakGlassId,
      now,
      disclose: (recordType, payload) =>
        actor.kind === 'system' || decision.purpose === null
          ? { recordType, payload: { ...payload }, masked: [] }
          : discloseRecord(
              { role: actor.role, purpose: decision.purpose, breakGlass: breakGlassId !== null },
              recordType,
              payload,
            ),
    };
    const disclosure = await work(tx, grant);
    // The work's audit row is the transaction's last statement: it goes out with the COMMIT, and the
    // data is returned only if both succeed (no audit row, no data).
    await writeAudit(
      tx,
      [
        row({
          actorId,
          actorRole,
          sessionId,
          // A refusal the work itself makes (a rule only it can check) is a denial like the policy's.
          outcome:
            disclosure.error === undefined
              ? 'success'
              : disclosure.error.code === 'forbidden'
                ? 'denied'
                : 'failure',
          reason: disclosure.error === undefined ? null : reasonOf(disclosure.error),
          purpose: decision.purpose,
          target: decision.target,
          subjects: disclosure.subjects,
          fields: disclosure.fields,
          details: {
            ...disclosure.details,
            ...(decision.via === 'break_glass' ? { breakGlass: breakGlassId } : {}),
            binding: decision.via,
          },
        }),
      ],
      { commit: true },
    );
    return disclosure.error === undefined
      ? { value: disclosure.value }
      : { value: disclosure.value, error: disclosure.error };
  });
  const outcome = await transaction.catch((error: unknown) => {
    throw error instanceof AuditWriteFailed ? auditUnavailable(ctx, request, error.cause) : error;
  });
  if ('denied' in outcome) {
    const { code, ...details } = outcome.denied;
    throw audited(new AppError(code ?? 'forbidden', details.message, { details }));
  }
  if (outcome.error !== undefined) throw audited(outcome.error);
  return outcome.value;
}

/** An audit insert failed: the transaction rolls back, and the caller gets `unavailable` (T5.9). */
class AuditWriteFailed extends Error {
  constructor(cause: unknown) {
    super('the audit row could not be written', { cause });
    this.name = 'AuditWriteFailed';
  }
}

const writeAudit = async (...args: Parameters<typeof appendAudit>): Promise<void> => {
  try {
    await appendAudit(...args);
  } catch (error) {
    throw new AuditWriteFailed(error);
  }
};

/**
 * RELIABILITY.md T5.9, ADR 0018: the audit trail cannot be written, so nothing is served (503, exit 69).
 * An alert goes to the alert file and stderr, which do not depend on the database that just failed.
 */
function auditUnavailable(ctx: Context, request: AccessRequest, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const principal = request.principal;
  raiseAlert(ctx.config, {
    at: ctx.now().toISOString(),
    code: 'audit_write_failed',
    message: `an audit row could not be written, so the request was refused: ${reason}`.slice(0, 500),
    details: {
      event: request.event,
      action: request.action,
      component: principal.component ?? 'cli',
      principal: principal.kind === 'system' ? `system:${principal.name}` : principal.kind,
    },
  });
  return new AppError(
    'unavailable',
    'the audit trail cannot be written, so no data is served; try again later (the operator has been alerted)',
    { cause, details: { reason: 'audit_unavailable' } },
  );
}

/** The short reason of a failure the work reports: its own `details.reason` when it gives one, else its code. */
function reasonOf(error: AppError): string {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : error.code;
}

const auditedErrors = new WeakSet<Error>();
const audited = (error: AppError): AppError => {
  auditedErrors.add(error);
  return error;
};

/**
 * Whether the access layer wrote this error's audit row already (a refusal, or a failure the work
 * reported). An edge that refuses a request by itself (no session, a wrong role) audits it with
 * `auditRefusal`; this keeps a refusal from being recorded twice.
 */
export function wasAudited(error: unknown): boolean {
  return error instanceof Error && auditedErrors.has(error);
}

/**
 * Records a refusal made before the access layer was reached (RELIABILITY.md T6.6): a request with no
 * session or a dead one (actor `anonymous` when no session is known), or a role the endpoint does not
 * serve. In its own transaction, since there is no work to share one with.
 */
export async function auditRefusal(
  ctx: Context,
  refusal: {
    token: string | undefined;
    component: string;
    sourceIp: string;
    /** What was asked for: the route template and method, never the URL's values. */
    route: string;
    reason: string;
    purpose?: string | undefined;
    target?: string | undefined;
  },
): Promise<void> {
  await ctx.sql.transact(async (tx) => {
    const now = ctx.now();
    const who =
      refusal.token === undefined
        ? undefined
        : await authenticate(tx, { kind: 'session', token: refusal.token }, now);
    const actor =
      who === undefined
        ? { actorId: 'anonymous', actorRole: 'none', sessionId: null }
        : who.ok
          ? {
              actorId: who.actor.kind === 'user' ? who.actor.id : `system:${who.actor.name}`,
              actorRole: who.actor.kind === 'user' ? who.actor.role : 'system',
              sessionId: who.sessionId,
            }
          : { actorId: who.actorId, actorRole: who.role, sessionId: who.sessionId };
    const clip = (value: string | undefined) =>
      value === undefined || value === '' ? null : value.slice(0, 120);
    await appendAudit(
      tx,
      [
        {
          at: now,
          eventType: 'access.denied',
          component: refusal.component,
          sourceIp: refusal.sourceIp,
          ...actor,
          purpose: clip(refusal.purpose),
          target: clip(refusal.target),
          subjects: [],
          fields: [],
          outcome: 'denied',
          reason: refusal.reason.slice(0, 60),
          details: { route: refusal.route.slice(0, 200) },
        },
      ],
      { commit: true },
    );
  });
}

type Authenticated =
  | {
      ok: true;
      actor: Actor;
      sessionId: string | null;
      lastSeenAt: Date | null;
      /** When the user last proved a factor (login or step-up, T9.3); null for a system job. */
      authenticatedAt: Date | null;
      /** The user's tie to the target asked about, when one was. */
      binding?: { assigned: boolean; breakGlassId: string | null };
    }
  | {
      ok: false;
      state: SessionState | 'unknown' | 'missing';
      actorId: string;
      role: string;
      sessionId: string | null;
    };

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Resolves a principal at `now`: a live session of an active, unlocked user, or a system job; with
 * `target`, also how the user is bound to it (in the same query).
 */
export async function authenticate(
  tx: Sql,
  principal: Principal,
  now: Date,
  target?: string,
): Promise<Authenticated> {
  if (principal.kind === 'system')
    return {
      ok: true,
      actor: { kind: 'system', name: principal.name },
      sessionId: null,
      lastSeenAt: null,
      authenticatedAt: null,
    };
  if (principal.kind === 'anonymous')
    return { ok: false, state: 'missing', actorId: 'anonymous', role: 'none', sessionId: null };
  const session = await findSession(
    tx,
    tokenHash(principal.token),
    target === undefined ? undefined : { target, at: now },
  );
  if (session === undefined)
    return { ok: false, state: 'unknown', actorId: 'anonymous', role: 'none', sessionId: null };
  const state = sessionState({ ...session }, now);
  if (state !== 'active') {
    if (state === 'idle' || state === 'expired') await endSession(tx, session.id, state, now);
    return { ok: false, state, actorId: session.userId, role: session.role, sessionId: session.id };
  }
  return {
    ok: true,
    actor: { kind: 'user', id: session.userId, role: session.role },
    sessionId: session.id,
    lastSeenAt: session.lastSeenAt,
    authenticatedAt: session.authenticatedAt,
    ...(session.binding === undefined ? {} : { binding: session.binding }),
  };
}

function sessionMessage(state: SessionState | 'unknown' | 'missing'): string {
  switch (state) {
    case 'idle':
      return 'the session timed out after inactivity; log in again (ilos login)';
    case 'expired':
      return 'the session reached its 12-hour limit; log in again (ilos login)';
    case 'ended':
      return 'the session was ended; log in again (ilos login)';
    case 'user_disabled':
    case 'user_locked':
      return 'the account is disabled or locked; ask an administrator';
    default:
      return 'not logged in: run ilos login --user NAME';
  }
}

/**
 * The audit row of a system job's write, inside the job's own transaction (ingest batches, disposal):
 * the same policy decides, so a job can only do its own kind of write under its own purpose.
 */
export async function auditSystemWrite(
  tx: Sql,
  now: Date,
  write: {
    system: SystemActor;
    action: Action;
    event: AuditEventType;
    purpose: Purpose;
    target: string;
    subjects: readonly string[];
    fields?: readonly string[];
    details: Record<string, DetailValue>;
  },
): Promise<void> {
  const decision = decideAccess({
    actor: { kind: 'system', name: write.system },
    action: write.action,
    purpose: write.purpose,
    target: write.target,
    binding: 'none',
  });
  if (!decision.allow)
    throw new Error(`system job ${write.system} may not ${write.action}: ${decision.message}`);
  await appendAudit(tx, [
    {
      at: now,
      eventType: write.event,
      component: write.system,
      sourceIp: 'local',
      sessionId: null,
      actorId: `system:${write.system}`,
      actorRole: 'system',
      purpose: write.purpose,
      target: decision.target,
      subjects: write.subjects,
      fields: write.fields ?? [],
      outcome: 'success',
      reason: null,
      details: { action: write.action, ...write.details },
    },
  ]);
}
