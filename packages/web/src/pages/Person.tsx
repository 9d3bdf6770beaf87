import { type LifecycleEvent, recordEvents } from '@ilos/core';
import * as Plot from '@observablehq/plot';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, type Me, type ShownPerson, type Why } from '../api';
import { columnHelper, DataTable, ErrorNote, PageTitle, Section } from '../components';
import { PlotFigure } from '../plot-figure';

type IdentityRow = ShownPerson['identity'][number];
const idCol = columnHelper<IdentityRow>();
const identityColumns = [
  idCol.accessor('field', { header: 'Field' }),
  idCol.accessor('value', { header: 'Value' }),
  idCol.accessor('sources', { header: 'Sources', cell: (i) => i.getValue().join(', ') }),
];
/** Each field's values together (a field's second spelling next to its first), fields in first-seen order. */
const byField = (rows: readonly IdentityRow[]): IdentityRow[] => {
  const order = new Map<string, number>();
  for (const r of rows) if (!order.has(r.field)) order.set(r.field, order.size);
  return [...rows].sort((a, b) => order.get(a.field)! - order.get(b.field)!);
};

type EventRow = TimelineEvent;
const evCol = columnHelper<EventRow>();
const eventColumns = [
  evCol.accessor('day', { header: 'Date' }),
  evCol.accessor('type', { header: 'Event' }),
  evCol.accessor('record', { header: 'Record' }),
];
const sortedEvents = (events: TimelineEvent[]) => [...events].sort((a, b) => a.day.localeCompare(b.day));

type DisputeRow = ShownPerson['disputes'][number];
const dCol = columnHelper<DisputeRow>();
const disputeColumns = [
  dCol.accessor('id', { header: 'Request' }),
  dCol.accessor('recordKey', { header: 'Record' }),
  dCol.accessor('status', {
    header: 'Status',
    cell: (i) =>
      `${i.getValue()}${i.row.original.active ? ' (active: freezes steps resting on the record)' : ''}`,
  }),
  dCol.accessor('resolution', { header: 'Resolution', cell: (i) => i.getValue() ?? '—' }),
  dCol.accessor('fields', { header: 'Fields disputed', cell: (i) => i.getValue().join(', ') }),
  dCol.accessor('statement', { header: 'Statement' }),
  dCol.accessor('receivedOn', { header: 'Received' }),
];

/**
 * One link: its stored evidence, and on opening, the explanation under the current model with what the
 * pair would score without each field (the counterfactuals). Opening it is an audited read.
 */
function LinkDetails({
  personId,
  link,
  why,
}: {
  personId: string;
  link: ShownPerson['links'][number];
  why: Why;
}) {
  const [open, setOpen] = useState(false);
  const explained = useQuery({
    queryKey: ['link', personId, link.a, link.b, why.purpose, why.target],
    queryFn: () => api.explainLink(personId, link.a, link.b, why),
    enabled: open,
    retry: false,
  });
  const ex = explained.data;
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {link.a} ↔ {link.b}: {link.strength} (p={link.probability.toFixed(3)}, by {link.decidedBy}
        {link.rule ? `, rule ${link.rule}` : ''})
      </summary>
      <ul aria-label={`Evidence of ${link.a} and ${link.b}`}>
        {link.evidence.map((e) => (
          <li key={e.field}>
            {e.field}: {e.level} ({e.weight >= 0 ? '+' : ''}
            {e.weight.toFixed(2)})
          </li>
        ))}
      </ul>
      <ErrorNote error={explained.error} />
      {ex && (
        <div className="explained">
          {ex.sentences ? (
            <ul aria-label={`Why: ${link.a} and ${link.b}`}>
              {ex.sentences.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p>
              Under the current model: total weight {ex.totalWeight.toFixed(1)} with prior{' '}
              {ex.priorWeight.toFixed(1)}, probability {ex.probability.toFixed(3)}.
            </p>
          )}
          <p className="hint">What each field decided: the pair without it</p>
          <ul aria-label={`What if: ${link.a} and ${link.b}`}>
            {ex.counterfactuals.map((c) => (
              <li key={c.field}>{c.sentence}</li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}

/** The person's cases: shown only under a purpose bound to one of them (the server refuses otherwise). */
function PersonCases({
  personId,
  why,
  openCase,
}: {
  personId: string;
  why: Why;
  openCase: (caseId: string) => void;
}) {
  const cases = useQuery({
    queryKey: ['person-cases', personId, why.purpose, why.target],
    queryFn: () => api.casesOfPerson(personId, why),
    retry: false,
  });
  return (
    <Section title="Cases">
      <ErrorNote error={cases.error} />
      {cases.data && cases.data.items.length === 0 && <p>No removal case.</p>}
      <ul>
        {cases.data?.items.map((c) => (
          <li key={c.caseId}>
            <button type="button" className="link" onClick={() => openCase(c.caseId)}>
              {c.caseId}
            </button>{' '}
            {c.matter}: {c.state}
            {c.active ? '' : ' (closed)'}
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function Person({
  personId,
  why,
  openCase,
}: {
  personId: string;
  why: Why;
  me: Me;
  openCase: (caseId: string) => void;
}) {
  const person = useQuery({
    queryKey: ['person', personId, why.purpose, why.target],
    queryFn: () => api.person(personId, why),
    retry: false,
  });
  return (
    <main>
      <PageTitle>Person {personId}</PageTitle>
      <p className="hint">
        Shown for {why.purpose} on {why.target}; this read is in the audit trail.
      </p>
      <ErrorNote error={person.error} />
      {person.data && <PersonBody p={person.data} why={why} openCase={openCase} />}
    </main>
  );
}

/** A fact in words: the records may leave it open, and the page says so rather than print null. */
const said = (value: boolean | string | null) =>
  value === true
    ? 'yes'
    : value === false
      ? 'no'
      : value === null || value === 'UNKNOWN'
        ? 'unknown (the records do not say)'
        : value;

type TimelineEvent = { type: string; date: Date; day: string; record: string };

/** The lifecycle events each shown record stands for (the same derivation the status engine reads). */
function eventsOf(records: ShownPerson['records']): TimelineEvent[] {
  return records.flatMap((r) => {
    const [sourceId = '', ...rest] = r.key.split(':');
    let events: LifecycleEvent[] = [];
    try {
      events = recordEvents({
        sourceId,
        sourceRecordId: rest.join(':'),
        recordType: r.recordType ?? '',
        fields: r.payload,
      });
    } catch {
      events = [];
    }
    return events
      .filter((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.date))
      .map((e) => ({ type: e.type, date: new Date(`${e.date}T12:00:00Z`), day: e.date, record: r.key }));
  });
}

function PersonBody({ p, why, openCase }: { p: ShownPerson; why: Why; openCase: (caseId: string) => void }) {
  const asOf = p.asOf ?? new Date().toISOString().slice(0, 10);
  const timeline = useMemo(
    () =>
      p.timeline.map((t) => ({
        status: t.status,
        from: new Date(`${t.from}T00:00:00Z`),
        to: new Date(`${t.to ?? asOf}T23:59:59Z`),
      })),
    [p.timeline, asOf],
  );
  const events = useMemo(() => eventsOf(p.records), [p.records]);
  const plotOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 1100,
      height: 90 + 28 * new Set(timeline.map((t) => t.status)).size,
      marginLeft: 230,
      x: { type: 'utc', label: 'date' },
      y: { label: null, domain: [...new Set(timeline.map((t) => t.status)), 'events'] },
      color: { scheme: 'tableau10' },
      marks: [
        Plot.barX(timeline, { x1: 'from', x2: 'to', y: 'status', fill: 'status', title: (d) => d.status }),
        Plot.dot(events, {
          x: 'date',
          y: () => 'events',
          r: 5,
          fill: '#111827',
          title: (e: TimelineEvent) => `${e.day} ${e.type} (${e.record})`,
        }),
        Plot.ruleX([new Date(`${asOf}T00:00:00Z`)], { stroke: '#111', strokeDasharray: '4 3' }),
      ],
    }),
    [timeline, events, asOf],
  );
  const s = p.status;
  return (
    <>
      <Section title="Status">
        {s === null ? (
          <p>
            No status can be shown: it is not derived yet, or it rests on records this purpose may not see.
          </p>
        ) : (
          <>
            <dl className="facts">
              <dt>Status on {p.asOf}</dt>
              <dd className="status">{s.status}</dd>
              <dt>In the United States</dt>
              <dd>{said(s.inUS)}</dd>
              <dt>Overstay</dt>
              <dd>
                {s.overstay.occurred
                  ? `since ${s.overstay.since ?? 'unknown'} (${s.overstay.reportCategory})`
                  : 'none'}
              </dd>
              <dt>Unlawful presence</dt>
              <dd>
                {s.unlawfulPresence.days} days; bar {String(s.unlawfulPresence.bar)}
              </dd>
              <dt>Departure confirmed</dt>
              <dd>{said(s.departureConfirmed)}</dd>
              <dt>Identity confirmed</dt>
              <dd>
                {p.identityConfirmed === false
                  ? 'no: a probable link joins these records, so no removal step may proceed'
                  : said(p.identityConfirmed)}
              </dd>
            </dl>
            <h3>Why: the rule chain</h3>
            <ol className="rules" aria-label="Status explanation">
              {s.explanation.map((step) => (
                <li key={`${step.rule}|${step.text}|${step.events.join(',')}`}>
                  <strong>{step.rule}</strong> {step.text} <cite>{step.citation}</cite>
                  {step.recordIds && step.recordIds.length > 0 && (
                    <span className="hint"> — records {step.recordIds.join(', ')}</span>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
      </Section>
      <Section title="Lifecycle timeline">
        {timeline.length === 0 ? (
          <p>No status intervals.</p>
        ) : (
          <PlotFigure
            options={plotOptions}
            label={`Status intervals of ${p.personId} up to ${asOf}, with ${events.length} lifecycle events from the records`}
          />
        )}
        <details>
          <summary>The {events.length} lifecycle events behind the chart</summary>
          <DataTable caption="Lifecycle events, by date" columns={eventColumns} data={sortedEvents(events)} />
        </details>
      </Section>
      {why.target.startsWith('case:') && <PersonCases personId={p.personId} why={why} openCase={openCase} />}
      <Section title="Disputes">
        {p.disputes.length === 0 ? (
          <p>No dispute about this person's records.</p>
        ) : (
          <DataTable
            caption="Redress requests about these records"
            columns={disputeColumns}
            data={p.disputes}
          />
        )}
      </Section>
      <Section title="Identity, with each value's sources">
        <DataTable caption="Identity values" columns={identityColumns} data={byField(p.identity)} />
      </Section>
      <Section title="Links and their evidence">
        {p.links.length === 0 && <p>One record: no links.</p>}
        {p.links.map((l) => (
          <LinkDetails key={`${l.a}-${l.b}`} personId={p.personId} link={l} why={why} />
        ))}
      </Section>
      <Section title="Merge and split history">
        {p.history.length === 0 ? (
          <p>No merge or split.</p>
        ) : (
          <ul>
            {p.history.map((h) => (
              <li key={`${h.at}|${h.kind}`}>
                {h.at.slice(0, 10)} {h.kind} by {h.actor}: {h.reason}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Records">
        {p.records.map((r) => (
          <details key={r.key}>
            <summary>
              {r.key} ({r.recordType ?? 'record'})
              {r.masked.length > 0 ? ` — masked: ${r.masked.join(', ')}` : ''}
            </summary>
            <dl className="facts">
              {Object.entries(r.payload).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </details>
        ))}
      </Section>
    </>
  );
}
