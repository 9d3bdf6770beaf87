import type { OverstayReport, StatusInterval, StatusReport } from '@ilos/core';

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

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok)
    throw new ApiError(res.status, String(data.type ?? 'unknown'), String(data.detail ?? res.statusText));
  return data as T;
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
  disputes: unknown[];
  history: { kind: string; reason: string; actor: string; at: string }[];
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

export const api = {
  login: (userId: string, password: string) =>
    call<{ userId: string; role: string }>('POST', '/api/sessions', { userId, password }),
  logout: () => call<void>('DELETE', '/api/sessions'),
  me: () => call<Me>('GET', '/api/me'),
  search: (criteria: Record<string, string>, why: Why) =>
    call<PageOf<SearchHit>>('POST', '/api/persons/search', { criteria, ...why }),
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
};
