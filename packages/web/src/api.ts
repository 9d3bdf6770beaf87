import type {
  AuditEntry,
  CaseTransition,
  Counterfactual,
  GateCheck,
  GateFinding,
  LegalDeadline,
  OverstayReport,
  RemovalCaseState,
  StatusInterval,
  StatusReport,
  VerifyReport,
} from '@ilos/core';

/** RFC 9457 problem details, as every API error arrives. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, detail: string) {
    super(detail);
    this.status = status;
    this.type = type;
  }
}

const STEP_UP_REQUIRED = 'urn:ilos:problem:step_up_required';

/**
 * Asks the user for a fresh authenticator code (T9.3, ADR 0021): resolves true once the session has stepped
 * up (the server set a new cookie), false when the user cancels. `detail` is the server's refusal.
 */
export type StepUpPrompt = (detail: string) => Promise<boolean>;
let stepUpPrompt: StepUpPrompt | undefined;
let pendingStepUp: Promise<boolean> | undefined;

/** Registers the dialog that answers `step_up_required` (the app mounts one); returns its unregistration. */
export function onStepUpRequired(prompt: StepUpPrompt): () => void {
  stepUpPrompt = prompt;
  return () => {
    if (stepUpPrompt === prompt) stepUpPrompt = undefined;
  };
}

/**
 * Sends a request; when a sensitive action is refused for want of a recent login (403 step_up_required),
 * asks for a code and sends it once more. Requests refused together share one prompt. Cancelled, or with
 * no dialog mounted (the login page), the refusal stands.
 */
async function withStepUp<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const prompt = stepUpPrompt;
    if (!(error instanceof ApiError && error.type === STEP_UP_REQUIRED) || prompt === undefined) throw error;
    pendingStepUp ??= prompt(error.message).finally(() => {
      pendingStepUp = undefined;
    });
    if (!(await pendingStepUp)) throw error;
    return send();
  }
}

async function problemOf(res: Response): Promise<ApiError> {
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return new ApiError(res.status, String(data.type ?? 'unknown'), String(data.detail ?? res.statusText));
}

const call = <T>(method: string, url: string, body?: unknown): Promise<T> =>
  withStepUp(() => send<T>(method, url, body));

async function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  if (!res.ok) throw await problemOf(res);
  return (await res.json().catch(() => ({}))) as T;
}

export type Me = { userId: string; role: string; targets: string[] };
export type Why = { purpose: string; target: string };
export type PageOf<T> = { items: T[]; limit: number; offset: number; more: boolean };
export type SearchHit = {
  personId: string;
  familyName: string | null;
  givenName: string | null;
  dateOfBirth: string | null;
  records: number;
};
export type Evidence = { field: string; level: string; weight: number };
export type ShownPerson = {
  personId: string;
  asOf: string | null;
  identityConfirmed: boolean | null;
  identity: { field: string; value: string; sources: string[] }[];
  records: { key: string; recordType: string | null; payload: Record<string, string>; masked: string[] }[];
  links: {
    a: string;
    b: string;
    strength: string;
    decidedBy: string;
    rule: string | null;
    probability: number;
    evidence: Evidence[];
  }[];
  status: StatusReport | null;
  timeline: StatusInterval[];
  disputes: DisputeNote[];
  history: { kind: string; reason: string; actor: string; at: string }[];
};
export type ExplainedLink = {
  personId: string;
  a: string;
  b: string;
  fields: { field: string; label: string; level: string; meaning: string; weight: number }[];
  priorWeight: number;
  totalWeight: number;
  probability: number;
  strength: string | null;
  rule: string | null;
  counterfactuals: Counterfactual[];
  /** The decision in words, field by field. */
  sentences?: string[];
};
export type RedressWorkItem = {
  id: string;
  sourceId: string;
  sourceRecordId: string;
  fields: string[];
  requester: string;
  status: string;
  receivedOn: string;
  acknowledgeBy: string;
  decideBy: string;
  appealBy: string | null;
  next?: { kind: 'acknowledge' | 'decide' | 'appeal'; due: string; overdue: boolean };
};
export type DisputeNote = {
  id: string;
  recordKey: string;
  status: string;
  resolution: string | null;
  fields: string[];
  statement: string;
  receivedOn: string;
  active: boolean;
};
export type ReviewTask = {
  taskId: string;
  a: string;
  b: string;
  reason: string;
  detail: string;
  probability: number;
  weight: number;
  evidence: Evidence[];
  state: 'open' | 'decided' | 'obsolete';
  decision: 'same' | 'different' | null;
  decisionReason: string | null;
  decidedBy: string | null;
};
export type ShownTask = {
  task: ReviewTask;
  records: Record<string, Record<string, string> | null>;
  blind: boolean;
};
export type IngestReceipt = {
  runId: string;
  fileName: string;
  state: string;
  accepted: number;
  duplicates: number;
  quarantined: number;
  reasons: Record<string, number>;
  startedAt: string;
};
export type SourceEntry = {
  source: {
    id: string;
    name: string;
    authority: string;
    retentionYears: number;
    recordTypes: Record<string, string[]>;
  };
  records: number;
  quarantined: number;
  receipts: IngestReceipt[];
};

export type CaseSummary = {
  caseId: string;
  matter: string;
  state: RemovalCaseState;
  active: boolean;
  openedAt?: string;
  updatedAt?: string;
};
export type RemovalCase = {
  id: string;
  personId: string;
  matter: string;
  state: RemovalCaseState;
  overlays: string[];
  ijOutcome: string | null;
  hearingOn: string | null;
  appealDeadline: string | null;
  vdDepartBy: string | null;
  active: boolean;
  version: number;
  openedBy: string;
  openedAt: string;
  updatedAt: string;
};
export type CaseEvent = {
  id: number;
  at: string;
  asOf: string;
  actorId: string;
  actorRole: string | null;
  action: string;
  transition: CaseTransition | null;
  fromState: RemovalCaseState;
  toState: RemovalCaseState | null;
  outcome: string;
  reason: string;
  blockers: GateFinding[];
  findings: GateFinding[];
  approvalId: string | null;
};
export type Approval = {
  id: string;
  transition: CaseTransition;
  fromState: RemovalCaseState;
  requestedBy: string;
  requestedAt: string;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
};
export type CaseView = {
  case: RemovalCase;
  asOf: string;
  person: {
    personId: string;
    status: string;
    blockers: string[];
    reviewHolds: string[];
    identityConfirmed: boolean;
    disputes: string[];
  };
  next: GateCheck[];
  pending: { approval: Approval; check: GateCheck } | null;
  events: CaseEvent[];
  approvals: Approval[];
  notifications: { id: number; counselName: string; form: string; subject: string; createdAt: string }[];
};
export type StepResult = {
  outcome: string;
  case: RemovalCase;
  event: CaseEvent;
  check: GateCheck | null;
  approval: Approval | null;
  notified: number;
};
export type WorkItem = {
  caseId: string;
  personId: string;
  state: RemovalCaseState;
  deadlines: LegalDeadline[];
  next: LegalDeadline | null;
  overdue: boolean;
  awaitingApproval: string | null;
  departureVerified: boolean;
};
export type StoreVerification = VerifyReport & {
  origin: string;
  unsequenced: { count: number; oldestAgeMs: number | null };
  lagging: boolean;
};
export type PersonAccess = {
  seq: number | null;
  at: string;
  actorId: string;
  actorRole: string;
  eventType: string;
  purpose: string | null;
  target: string | null;
  outcome: string;
  reason: string | null;
  fields: string[];
  component: string;
};
export type QuarantineRow = {
  sourceId: string;
  line: number;
  byteOffset: number;
  reasonCode: string;
  field: string | null;
  message: string;
  fileSha256: string;
};
export type StepDetails = {
  hearingDate?: string | undefined;
  tenDayMinimumWaived?: boolean | undefined;
  outcome?: string | undefined;
  appealDeadline?: string | undefined;
  vdDepartBy?: string | undefined;
};

export const api = {
  /** The system-use notice (AC-8) to acknowledge before logging in; needs no session. */
  systemUseNotice: () =>
    call<{ version: string; title: string; paragraphs: string[] }>('GET', '/api/system-use-notice'),
  login: (userId: string, password: string, code: string) =>
    call<{ userId: string; role: string }>('POST', '/api/sessions', {
      userId,
      password,
      code,
      bannerAcknowledged: true,
    }),
  logout: () => call<void>('DELETE', '/api/sessions'),
  /** Step-up (T9.3): a fresh code gives the session a new cookie and 5 minutes for sensitive actions. */
  stepUp: (code: string) =>
    call<{ userId: string; role: string; freshUntil: string; expiresAt: string }>(
      'POST',
      '/api/sessions/step-up',
      { code },
    ),
  me: () => call<Me>('GET', '/api/me'),
  search: (criteria: Record<string, string>, why: Why) =>
    call<PageOf<SearchHit>>('POST', '/api/persons/search', { criteria, ...why }),
  explainLink: (personId: string, a: string, b: string, why: Why) =>
    call<ExplainedLink>('POST', '/api/persons/links/explain', { personId, a, b, ...why }),
  person: (personId: string, why: Why) =>
    call<ShownPerson>('POST', '/api/persons/show', { personId, ...why }),
  reviews: (offset: number) => call<PageOf<ReviewTask>>('GET', `/api/reviews?limit=25&offset=${offset}`),
  review: (taskId: string, blind: boolean) =>
    call<ShownTask>('POST', `/api/reviews/${encodeURIComponent(taskId)}/show`, {
      purpose: 'IDENTITY_REVIEW',
      target: `task:${taskId}`,
      blind,
    }),
  decide: (taskId: string, decision: 'same' | 'different', reason: string) =>
    call<{ task: ReviewTask }>('POST', `/api/reviews/${encodeURIComponent(taskId)}/decide`, {
      decision,
      reason,
    }),
  overstay: (fy: string) =>
    call<OverstayReport>('GET', `/api/reports/overstay${fy === '' ? '' : `?fy=${encodeURIComponent(fy)}`}`),
  sources: () => call<PageOf<SourceEntry>>('GET', '/api/sources?limit=100'),
  cases: (offset: number) => call<PageOf<CaseSummary>>('GET', `/api/cases?limit=50&offset=${offset}`),
  casesOfPerson: (personId: string, why: Why) =>
    call<{ personId: string; items: CaseSummary[] }>('POST', '/api/cases/of-person', { personId, ...why }),
  caseShow: (caseId: string) => call<CaseView>('POST', `${caseUrl(caseId)}/show`, caseWhy(caseId)),
  caseStep: (caseId: string, transition: CaseTransition, reason: string, details: StepDetails) =>
    call<StepResult>('POST', `${caseUrl(caseId)}/transition`, {
      ...caseWhy(caseId),
      transition,
      reason,
      details,
    }),
  caseDecide: (caseId: string, decision: 'approve' | 'decline', reason: string) =>
    call<StepResult>('POST', `${caseUrl(caseId)}/${decision}`, { ...caseWhy(caseId), reason }),
  worklist: (offset: number) =>
    call<PageOf<WorkItem> & { asOf: string }>('GET', `/api/worklist?limit=50&offset=${offset}`),
  redress: (offset: number) => call<PageOf<RedressWorkItem>>('GET', `/api/redress?limit=50&offset=${offset}`),
  auditVerify: () => call<StoreVerification & { firstBadSeq: number | null }>('GET', '/api/audit/verify'),
  auditEntries: (target: string, offset: number, limit: number) =>
    call<PageOf<AuditEntry> & { total: number; unsequenced: number }>('POST', '/api/audit/entries', {
      target,
      offset,
      limit,
    }),
  auditExport: (target: string) => download('/api/audit/export', { target }),
  accesses: (personId: string, target: string, offset: number) =>
    call<PageOf<PersonAccess> & { personId: string }>('POST', '/api/persons/accesses', {
      personId,
      target,
      offset,
      limit: 50,
    }),
  quarantine: (offset: number) =>
    call<PageOf<QuarantineRow>>('GET', `/api/quarantine?limit=50&offset=${offset}`),
};

/** A POST whose answer is a file: returned as a Blob with the name the server gave it. */
const download = (url: string, body: unknown) => withStepUp(() => fetchFile(url, body));

async function fetchFile(
  url: string,
  body: unknown,
): Promise<{ blob: Blob; fileName: string; entries: number }> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await problemOf(res);
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export.ndjson';
  return { blob: await res.blob(), fileName: name, entries: Number(res.headers.get('x-ilos-entries') ?? 0) };
}

const caseUrl = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`;
/** Working on a case is always adjudication of that very case (the server refuses any other binding). */
export const caseWhy = (caseId: string): Why => ({ purpose: 'CASE_ADJUDICATION', target: `case:${caseId}` });
