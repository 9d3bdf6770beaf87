import { ACCOUNT_RULES } from '../accounts/account-rules.js';
/**
 * Who may do what, and why (SCOPE.md "no silent access", RELIABILITY.md T7/T8): a closed list of roles,
 * purposes and actions, and one pure decision over them. The server's access layer resolves the facts
 * (the actor's role, whether the user is assigned to the case or task) and asks this table; nothing else
 * grants access.
 */
export const ROLES = ['analyst', 'adjudicator', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** System actors: jobs that write person data under their own purpose, never on a person's behalf. */
export const SYSTEM_ACTORS = ['ingest', 'retention'] as const;
export type SystemActor = (typeof SYSTEM_ACTORS)[number];

/** What a purpose is bound to. */
export const TARGET_KINDS = ['case', 'task', 'redress', 'run'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The closed list of purposes, modelled on CJIS purpose codes (RELIABILITY.md §4.4). */
export const PURPOSES = [
  'CASE_ADJUDICATION',
  'IDENTITY_REVIEW',
  'DATA_QUALITY_REVIEW',
  'REDRESS',
  'AUDIT',
  'INGEST',
  'RETENTION',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_SPECS: Record<Purpose, { target: TargetKind; means: string; system?: true }> = {
  CASE_ADJUDICATION: { target: 'case', means: 'deciding a removal or benefit case the user is assigned to' },
  IDENTITY_REVIEW: { target: 'task', means: 'reviewing a doubtful identity link (a review task)' },
  DATA_QUALITY_REVIEW: { target: 'task', means: 'checking records for errors (a data-quality task)' },
  REDRESS: { target: 'redress', means: 'working a dispute a person filed about a record' },
  AUDIT: { target: 'task', means: 'an oversight review of access (an audit task)' },
  INGEST: { target: 'run', means: 'storing records an agency sent', system: true },
  RETENTION: { target: 'run', means: 'disposing of records past their retention period', system: true },
};

/** Every action the access layer knows; `personData` actions need a purpose bound to a case or task. */
export const ACTION_SPECS = {
  'record.read': {
    personData: true,
    roles: {
      analyst: ['IDENTITY_REVIEW', 'DATA_QUALITY_REVIEW', 'CASE_ADJUDICATION'],
      adjudicator: ['CASE_ADJUDICATION', 'IDENTITY_REVIEW', 'REDRESS'],
      supervisor: ['CASE_ADJUDICATION', 'IDENTITY_REVIEW', 'DATA_QUALITY_REVIEW', 'REDRESS'],
    },
  },
  'record.write': { personData: true, roles: {}, system: { ingest: ['INGEST'] } },
  /** Giving records to a recipient outside the agency under a routine use (accounted for, T12.1). */
  'record.disclose': {
    personData: true,
    roles: { adjudicator: ['CASE_ADJUDICATION', 'REDRESS'], supervisor: ['CASE_ADJUDICATION', 'REDRESS'] },
  },
  /** The individual's access report (552a(d)): their records and the accounting, for their request. */
  'privacy.access_report': {
    personData: true,
    roles: { analyst: ['REDRESS'], adjudicator: ['REDRESS'], supervisor: ['REDRESS'] },
  },
  /** Blanking the personal columns of audit entries past their retention (T13.2). */
  'audit.redact': { personData: false, roles: {}, system: { retention: [] } },
  /** Deciding an identity review task (same person or not): a write that changes who is who. */
  'identity.decide': {
    personData: true,
    roles: {
      analyst: ['IDENTITY_REVIEW'],
      adjudicator: ['IDENTITY_REVIEW'],
      supervisor: ['IDENTITY_REVIEW'],
    },
  },
  'record.dispose': { personData: true, roles: {}, system: { retention: ['RETENTION'] } },
  'record.correct': {
    personData: true,
    roles: { adjudicator: ['REDRESS'], supervisor: ['REDRESS'] },
  },
  /** Filing a dispute is intake: it names the record but reads nothing of it; the filer is assigned to it. */
  'redress.open': { personData: false, roles: { analyst: [], adjudicator: [], supervisor: [] } },
  'redress.read': {
    personData: true,
    roles: { analyst: ['REDRESS'], adjudicator: ['REDRESS'], supervisor: ['REDRESS'] },
  },
  'redress.acknowledge': {
    personData: true,
    roles: { analyst: ['REDRESS'], adjudicator: ['REDRESS'], supervisor: ['REDRESS'] },
  },
  'redress.resolve': { personData: true, roles: { adjudicator: ['REDRESS'], supervisor: ['REDRESS'] } },
  /** The redress work list: request ids, record keys and deadlines, no record content. */
  'redress.list': { personData: false, roles: { analyst: [], adjudicator: [], supervisor: [], auditor: [] } },
  /**
   * Removal cases (ADR 0020): opening one is intake (the opener is assigned to it); reading a case, taking
   * or approving a step shows the person's facts and gates, so it needs the case assignment.
   */
  'case.open': { personData: false, roles: { analyst: [], adjudicator: [], supervisor: [] } },
  'case.read': {
    personData: true,
    roles: {
      analyst: ['CASE_ADJUDICATION'],
      adjudicator: ['CASE_ADJUDICATION'],
      supervisor: ['CASE_ADJUDICATION'],
    },
  },
  'case.transition': {
    personData: true,
    roles: {
      analyst: ['CASE_ADJUDICATION'],
      adjudicator: ['CASE_ADJUDICATION'],
      supervisor: ['CASE_ADJUDICATION'],
    },
  },
  /** Approving or declining the adverse step waiting on a case; the two-person rule decides who may approve. */
  'case.approve': {
    personData: true,
    roles: {
      analyst: ['CASE_ADJUDICATION'],
      adjudicator: ['CASE_ADJUDICATION'],
      supervisor: ['CASE_ADJUDICATION'],
    },
  },
  /** The case list and work list: case ids, person ids, states and legal deadlines, no record content. */
  'case.list': { personData: false, roles: { analyst: [], adjudicator: [], supervisor: [] } },
  /** Making, disabling, enabling, unlocking accounts and resetting MFA: needs a fresh step-up (T9.3). */
  'account.manage': { personData: false, roles: { admin: [] }, stepUp: true },
  'account.list': { personData: false, roles: { admin: [], auditor: [] } },
  /** A high-risk flag (T9.8): disables the account and ends its sessions; an admin or a supervisor may. */
  'account.flag': { personData: false, roles: { admin: [], supervisor: [] } },
  'work.assign': { personData: false, roles: { supervisor: [] } },
  /** The VIP / sensitive-person flag list (T8.5): a supervisor keeps it; an auditor may see it. */
  'sensitive.manage': { personData: false, roles: { supervisor: [] } },
  'sensitive.list': { personData: false, roles: { supervisor: [], auditor: [] } },
  /** Emergency access the user grants themself: needs a fresh step-up (T9.3). */
  'break_glass.open': {
    personData: false,
    roles: { analyst: [], adjudicator: [], supervisor: [] },
    stepUp: true,
  },
  'break_glass.review': { personData: false, roles: { supervisor: [] } },
  /** The identity review queue: task ids, record keys, reasons and scores, no record content. */
  'review.list': { personData: false, roles: { analyst: [], adjudicator: [], supervisor: [] } },
  /**
   * Asking for a bulk access (T8.4): a search or export beyond BULK_ACCESS.maxSubjects persons, for a
   * purpose bound to a case or task the requester works; a supervisor other than the requester grants it.
   */
  'bulk.request': {
    personData: true,
    roles: {
      analyst: ['IDENTITY_REVIEW', 'DATA_QUALITY_REVIEW', 'CASE_ADJUDICATION'],
      adjudicator: ['CASE_ADJUDICATION', 'IDENTITY_REVIEW', 'REDRESS'],
      supervisor: ['CASE_ADJUDICATION', 'IDENTITY_REVIEW', 'DATA_QUALITY_REVIEW', 'REDRESS'],
    },
  },
  /** Granting another user a bulk search or export: needs a fresh step-up (T9.3). */
  'bulk.approve': { personData: false, roles: { supervisor: [] }, stepUp: true },
  /** The whole trail (every subject and actor) written to a file: needs a fresh step-up (T9.3). */
  'audit.export': { personData: true, roles: { auditor: ['AUDIT'] }, stepUp: true },
  'audit.report': { personData: true, roles: { auditor: ['AUDIT'], supervisor: ['AUDIT'] } },
  'hold.manage': { personData: false, roles: { supervisor: [], admin: [] } },
} as const satisfies Record<
  string,
  {
    personData: boolean;
    roles: Partial<Record<Role, readonly Purpose[]>>;
    system?: Partial<Record<SystemActor, readonly Purpose[]>>;
    /** A user needs a fresh authentication (login or step-up) for it (T9.3, ADR 0021). */
    stepUp?: true;
  }
>;
export type Action = keyof typeof ACTION_SPECS;

/**
 * Bulk access (RELIABILITY.md T8.4, ASVS 2.3.5, OWASP API6): a search or export that would show more
 * persons than this needs a second person's approval. The one default; a deployment may lower or raise it
 * (ILOS_BULK_LIMIT). An approval is single-use and lapses if not granted or not used in time.
 */
export const BULK_ACCESS = {
  maxSubjects: 50,
  requestLifetimeMs: 24 * 3600_000,
  grantLifetimeMs: 3600_000,
} as const;

/** Purposes whose binding the user declares for themself (an auditor is not assigned work by those audited). */
const SELF_BOUND: readonly Purpose[] = ['AUDIT'];

export type Actor = { kind: 'user'; id: string; role: Role } | { kind: 'system'; name: SystemActor };

/** How the user is tied to the bound case or task, as the server found it. */
export type Binding = 'assigned' | 'break_glass' | 'none';

export type AccessInput = {
  actor: Actor;
  action: Action;
  purpose?: string | undefined;
  /** 'kind:id', e.g. 'case:C-1'. */
  target?: string | undefined;
  binding: Binding;
  /** When the user last proved a factor, and now: for actions that need a step-up (T9.3). */
  authenticated?: { at: Date; now: Date };
};

export const DENIAL_REASONS = [
  'role_not_allowed',
  'purpose_missing',
  'purpose_unknown',
  'purpose_not_allowed',
  'target_missing',
  'target_mismatch',
  'not_assigned',
  'step_up_required',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

export type AccessDecision =
  | { allow: true; purpose: Purpose | null; target: string | null; via: 'role' | Binding | 'self' }
  | { allow: false; reason: DenialReason; message: string; breakGlassWouldHelp: boolean };

export function parseTarget(target: string | undefined): { kind: TargetKind; id: string } | undefined {
  const match = /^(case|task|redress|run):([A-Za-z0-9][A-Za-z0-9._:/-]{0,99})$/.exec(target ?? '');
  return match ? { kind: match[1] as TargetKind, id: match[2]! } : undefined;
}

export function isPurpose(value: string | undefined): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value ?? '');
}

/**
 * Decides one access: the actor's role (or system job) must be allowed the action, a person-data action
 * must name a purpose allowed to that role and bound to the right kind of case or task, and a user must be
 * assigned to it (or hold a live break-glass grant). Everything else is refused with a reason.
 */
export function decideAccess(input: AccessInput): AccessDecision {
  const decision = decideBinding(input);
  const spec = ACTION_SPECS[input.action] as { stepUp?: true };
  if (!decision.allow || spec.stepUp !== true || input.actor.kind !== 'user') return decision;
  const auth = input.authenticated;
  if (auth !== undefined && auth.now.getTime() - auth.at.getTime() <= ACCOUNT_RULES.stepUpFreshMs)
    return decision;
  return {
    allow: false,
    reason: 'step_up_required',
    message: `${input.action} needs a fresh re-authentication (within ${ACCOUNT_RULES.stepUpFreshMs / 60_000} minutes): ilos login --step-up, or POST /api/sessions/step-up with a new code`,
    breakGlassWouldHelp: false,
  };
}

function decideBinding(input: AccessInput): AccessDecision {
  const spec = ACTION_SPECS[input.action] as {
    personData: boolean;
    roles: Partial<Record<Role, readonly Purpose[]>>;
    system?: Partial<Record<SystemActor, readonly Purpose[]>>;
  };
  const deny = (reason: DenialReason, message: string, breakGlassWouldHelp = false): AccessDecision => ({
    allow: false,
    reason,
    message,
    breakGlassWouldHelp,
  });
  const allowed =
    input.actor.kind === 'user' ? spec.roles[input.actor.role] : spec.system?.[input.actor.name];
  const who = input.actor.kind === 'user' ? `the ${input.actor.role} role` : `the ${input.actor.name} job`;
  if (allowed === undefined) return deny('role_not_allowed', `${who} may not ${input.action}`);
  if (!spec.personData) return { allow: true, purpose: null, target: null, via: 'role' };

  if (input.purpose === undefined || input.purpose === '') {
    return deny('purpose_missing', `${input.action} needs a purpose (${allowed.join(', ')})`);
  }
  if (!isPurpose(input.purpose))
    return deny('purpose_unknown', `'${input.purpose.slice(0, 40)}' is not a purpose`);
  if (!allowed.includes(input.purpose)) {
    return deny('purpose_not_allowed', `${who} may not ${input.action} for ${input.purpose}`);
  }
  const purpose = input.purpose;
  const target = parseTarget(input.target);
  const wanted = PURPOSE_SPECS[purpose].target;
  if (target === undefined) return deny('target_missing', `${purpose} must name the ${wanted} it is for`);
  if (target.kind !== wanted)
    return deny('target_mismatch', `${purpose} is bound to a ${wanted}, not a ${target.kind}`);
  const bound = `${target.kind}:${target.id}`;
  if (input.actor.kind === 'system') return { allow: true, purpose, target: bound, via: 'role' };
  if (SELF_BOUND.includes(purpose)) return { allow: true, purpose, target: bound, via: 'self' };
  if (input.binding === 'none') {
    return deny('not_assigned', `${input.actor.id} is not assigned to ${bound}`, true);
  }
  return { allow: true, purpose, target: bound, via: input.binding };
}
