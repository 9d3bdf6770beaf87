import type { CaseTransition, GateCheck, RemovalCaseState } from '@ilos/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api, type CaseEvent, type CaseView, caseWhy, type StepDetails, type StepResult } from '../api';
import { columnHelper, DataTable, ErrorNote, Findings, PageTitle, Section } from '../components';
import { CaseStateChart } from './CaseStateChart';

/** What each step asks the officer for (RULES.md §7.2); the rest comes from the records. */
const DETAIL_FIELDS: Partial<Record<CaseTransition, (keyof StepDetails)[]>> = {
  serve_nta: ['hearingDate', 'tenDayMinimumWaived'],
  serve_hearing_notice: ['hearingDate'],
  record_ij_decision: ['outcome'],
  reserve_appeal: ['appealDeadline'],
  begin_vd: ['vdDepartBy'],
  bia_reinstated_vd: ['vdDepartBy'],
};
const OUTCOMES = [
  'RELIEF_GRANTED',
  'TERMINATED',
  'REMOVAL_ORDERED',
  'REMOVAL_ORDERED_IN_ABSENTIA',
  'VD_GRANTED',
  'REMOVAL_ORDERED_WITH_PROTECTION',
];

const ev = columnHelper<CaseEvent>();
const eventColumns = [
  ev.accessor('at', { header: 'When', cell: (i) => i.getValue().slice(0, 19).replace('T', ' ') }),
  ev.accessor('actorId', {
    header: 'Who',
    cell: (i) => `${i.getValue()} (${i.row.original.actorRole ?? 'system'})`,
  }),
  ev.accessor('transition', { header: 'Step', cell: (i) => i.getValue() ?? i.row.original.action }),
  ev.display({
    id: 'states',
    header: 'From → to',
    cell: (i) => `${i.row.original.fromState} → ${i.row.original.toState ?? '(unchanged)'}`,
  }),
  ev.accessor('outcome', { header: 'Outcome' }),
  ev.accessor('reason', { header: 'Reason' }),
  ev.accessor('blockers', {
    header: 'Blocked by',
    cell: (i) =>
      i
        .getValue()
        .map((b) => b.code)
        .join(', ') || '—',
  }),
];

export function Case({
  caseId,
  role,
  openPerson,
}: {
  caseId: string;
  role: string;
  openPerson: (personId: string) => void;
}) {
  const shown = useQuery({ queryKey: ['case', caseId], queryFn: () => api.caseShow(caseId), retry: false });
  return (
    <main>
      <PageTitle>Case {caseId}</PageTitle>
      <p className="hint">
        Shown for {caseWhy(caseId).purpose} on {caseWhy(caseId).target}; this read and every step are in the
        audit trail.
      </p>
      <ErrorNote error={shown.error} />
      {shown.data && <CaseBody view={shown.data} role={role} openPerson={openPerson} />}
    </main>
  );
}

function CaseBody({
  view,
  role,
  openPerson,
}: {
  view: CaseView;
  role: string;
  openPerson: (personId: string) => void;
}) {
  const c = view.case;
  const [decided, setDecided] = useState<StepResult | null>(null);
  /** The moves the case has made, in order: each applied step that changed its state. */
  const path = useMemo(
    () =>
      view.events
        .filter((e) => (e.outcome === 'applied' || e.outcome === 'approved') && e.toState !== null)
        .filter((e) => e.toState !== e.fromState)
        .map((e) => ({ from: e.fromState, to: e.toState as RemovalCaseState })),
    [view.events],
  );
  return (
    <>
      <dl className="facts">
        <dt>Matter</dt>
        <dd>{c.matter}</dd>
        <dt>State</dt>
        <dd className="status">
          {c.state}
          {c.overlays.length > 0 ? ` (${c.overlays.join(', ')})` : ''}
          {c.ijOutcome ? ` — IJ outcome ${c.ijOutcome}` : ''}
        </dd>
        <dt>Dates</dt>
        <dd>
          hearing {c.hearingOn ?? '—'}; last day to appeal {c.appealDeadline ?? '—'}; depart by{' '}
          {c.vdDepartBy ?? '—'}
        </dd>
        <dt>Gates checked as of</dt>
        <dd>{view.asOf}</dd>
        <dt>Person</dt>
        <dd>
          <button type="button" className="link" onClick={() => openPerson(view.person.personId)}>
            {view.person.personId}
          </button>{' '}
          — status {view.person.status}; identity{' '}
          {view.person.identityConfirmed ? 'confirmed' : 'NOT confirmed'}
          {view.person.blockers.length > 0 && `; removal blockers ${view.person.blockers.join(', ')}`}
          {view.person.reviewHolds.length > 0 && `; review holds ${view.person.reviewHolds.join(', ')}`}
          {view.person.disputes.length > 0 && `; disputes ${view.person.disputes.join(', ')}`}
        </dd>
      </dl>
      <Section title="State machine">
        <CaseStateChart state={c.state} path={path} next={view.next} />
      </Section>
      {view.pending && (
        <PendingApproval caseId={c.id} pending={view.pending} role={role} onDecided={setDecided} />
      )}
      {decided && (
        <Section title="Your decision on the waiting step">
          <StepOutcome result={decided} />
        </Section>
      )}
      <Section title="Steps from here, with their gates">
        {view.next.length === 0 && <p>No step leads out of {c.state}: the case is closed.</p>}
        {view.next.map((g) => (
          <GateSummary key={g.transition} check={g} />
        ))}
        {view.next.length > 0 && <StepForm caseId={c.id} steps={view.next} />}
      </Section>
      <Section title="History">
        <DataTable
          caption="Every step asked for on this case, applied or refused"
          columns={eventColumns}
          data={view.events}
        />
      </Section>
      {view.notifications.length > 0 && (
        <Section title="Notices to counsel">
          <ul>
            {view.notifications.map((n) => (
              <li key={n.id}>
                {n.createdAt.slice(0, 10)}: {n.form} to {n.counselName} — {n.subject}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}

function GateSummary({ check }: { check: GateCheck }) {
  return (
    <details className={check.allowed ? 'gate ok' : 'gate blocked'} open={!check.allowed}>
      <summary>
        <strong>{check.transition}</strong> ({check.from} → {check.to}):{' '}
        {check.allowed ? 'gates clear today' : `blocked by ${check.blocking.map((b) => b.code).join(', ')}`}
        {check.needsApproval ? '; adverse, so a second person (a supervisor) must approve' : ''}
      </summary>
      {check.findings.length === 0 ? (
        <p className="hint">No finding on file.</p>
      ) : (
        <Findings findings={check.findings} label={`Gates of ${check.transition}`} />
      )}
    </details>
  );
}

/** Ask for a step: the server checks every gate now and applies it, queues it for approval, or refuses it with why. */
function StepForm({ caseId, steps }: { caseId: string; steps: readonly GateCheck[] }) {
  const client = useQueryClient();
  const [transition, setTransition] = useState<CaseTransition | ''>('');
  const [reason, setReason] = useState('');
  const [details, setDetails] = useState<StepDetails>({});
  const step = useMutation({
    mutationFn: () => api.caseStep(caseId, transition as CaseTransition, reason, details),
    onSuccess: () => client.invalidateQueries({ queryKey: ['case', caseId] }),
  });
  const fields = transition === '' ? [] : (DETAIL_FIELDS[transition] ?? []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    step.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Take a step" className="step">
      <h3>Take a step</h3>
      <p className="hint">
        Every gate is checked again when you ask. A blocked step is refused and the refusal, with its reasons,
        is recorded on the case.
      </p>
      <label>
        Step
        <select
          value={transition}
          onChange={(e) => {
            setTransition(e.target.value as CaseTransition | '');
            setDetails({});
            step.reset();
          }}
        >
          <option value="">— choose a step —</option>
          {steps.map((g) => (
            <option key={g.transition} value={g.transition}>
              {g.transition} ({g.allowed ? 'gates clear' : 'blocked now'})
            </option>
          ))}
        </select>
      </label>
      {fields.map((f) =>
        f === 'tenDayMinimumWaived' ? (
          <label key={f} className="inline">
            <input
              type="checkbox"
              checked={details.tenDayMinimumWaived ?? false}
              onChange={(e) => setDetails({ ...details, tenDayMinimumWaived: e.target.checked })}
            />{' '}
            The person waived the 10-day minimum before the first hearing
          </label>
        ) : f === 'outcome' ? (
          <label key={f}>
            IJ decision outcome
            <select
              value={details.outcome ?? ''}
              onChange={(e) => setDetails({ ...details, outcome: e.target.value || undefined })}
            >
              <option value="">— choose —</option>
              {OUTCOMES.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
        ) : (
          <label key={f}>
            {f === 'hearingDate'
              ? 'Hearing date'
              : f === 'appealDeadline'
                ? 'Last day to appeal'
                : 'Depart by'}
            <input
              type="date"
              value={details[f] ?? ''}
              onChange={(e) => setDetails({ ...details, [f]: e.target.value || undefined })}
            />
          </label>
        ),
      )}
      <label>
        Reason (recorded with the step)
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required />
      </label>
      <button type="submit" disabled={transition === '' || reason.trim().length < 5 || step.isPending}>
        Ask for this step
      </button>
      <ErrorNote error={step.error} />
      {step.data && <StepOutcome result={step.data} />}
    </form>
  );
}

function StepOutcome({ result }: { result: StepResult }) {
  const blocking = result.check?.blocking ?? result.event.blockers;
  const text =
    result.outcome === 'applied' || result.outcome === 'approved'
      ? `${result.outcome === 'approved' ? 'Approved and applied' : 'Applied'}: the case is now ${result.case.state}.`
      : result.outcome === 'declined'
        ? 'Declined: the step is not taken.'
        : result.outcome === 'pending_approval'
          ? `Waiting for a second person: approval ${result.approval?.id} must come from a supervisor other than you.`
          : result.outcome === 'refused'
            ? `Refused: ${result.event.transition} is blocked.`
            : `${result.outcome}.`;
  return (
    <div role="status" className={`outcome ${result.outcome}`}>
      <p>
        <strong>{text}</strong>
        {result.notified > 0 ? ` ${result.notified} notice(s) to counsel queued.` : ''}
      </p>
      {blocking.length > 0 && <Findings findings={blocking} label="Why the step was refused" />}
    </div>
  );
}

function PendingApproval({
  caseId,
  pending,
  role,
  onDecided,
}: {
  caseId: string;
  pending: NonNullable<CaseView['pending']>;
  role: string;
  onDecided: (result: StepResult) => void;
}) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'decline') => api.caseDecide(caseId, decision, reason),
    onSuccess: (result) => {
      onDecided(result);
      return client.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
  const a = pending.approval;
  return (
    <Section title="Waiting for a second person">
      <p>
        <strong>{a.transition}</strong> asked for by {a.requestedBy} on {a.requestedAt.slice(0, 10)} (approval{' '}
        {a.id}). {pending.check.allowed ? 'Its gates are clear today.' : 'A gate blocks it today:'}
      </p>
      <Findings findings={pending.check.blocking} label="What blocks the step waiting" />
      <form aria-label="Approve or decline" onSubmit={(e) => e.preventDefault()}>
        <label>
          Reason for your decision (recorded)
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required />
        </label>
        {role !== 'supervisor' && (
          <p className="hint">
            Only a supervisor other than the requester may approve; the requester may decline.
          </p>
        )}
        <div className="buttons">
          <button
            type="button"
            disabled={reason.trim().length < 5 || decide.isPending}
            onClick={() => decide.mutate('approve')}
          >
            Approve
          </button>
          <button
            type="button"
            disabled={reason.trim().length < 5 || decide.isPending}
            onClick={() => decide.mutate('decline')}
          >
            Decline
          </button>
        </div>
        <ErrorNote error={decide.error} />
      </form>
    </Section>
  );
}
