import * as Plot from '@observablehq/plot';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, type ShownPerson, type Why } from '../api';
import { columnHelper, DataTable, ErrorNote, PlotFigure, Section } from '../components';

type IdentityRow = ShownPerson['identity'][number];
const idCol = columnHelper<IdentityRow>();
const identityColumns = [
  idCol.accessor('field', { header: 'Field' }),
  idCol.accessor('value', { header: 'Value' }),
  idCol.accessor('sources', { header: 'Sources', cell: (i) => i.getValue().join(', ') }),
];

export function Person({ personId, why, back }: { personId: string; why: Why; back: () => void }) {
  const person = useQuery({
    queryKey: ['person', personId, why.purpose, why.target],
    queryFn: () => api.person(personId, why),
    retry: false,
  });
  return (
    <main>
      <button type="button" onClick={back}>
        ← Back to search
      </button>
      <h1>Person {personId}</h1>
      <p className="hint">
        Shown for {why.purpose} on {why.target}; this read is in the audit trail.
      </p>
      <ErrorNote error={person.error} />
      {person.data && <PersonBody p={person.data} />}
    </main>
  );
}

function PersonBody({ p }: { p: ShownPerson }) {
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
  const plotOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 1100,
      height: 60 + 28 * new Set(timeline.map((t) => t.status)).size,
      marginLeft: 230,
      x: { type: 'utc', label: 'date' },
      y: { label: null },
      color: { scheme: 'tableau10' },
      marks: [
        Plot.barX(timeline, { x1: 'from', x2: 'to', y: 'status', fill: 'status', title: (d) => d.status }),
        Plot.ruleX([new Date(`${asOf}T00:00:00Z`)], { stroke: '#111', strokeDasharray: '4 3' }),
      ],
    }),
    [timeline, asOf],
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
              <dd>{String(s.inUS)}</dd>
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
              <dd>{String(s.departureConfirmed)}</dd>
              <dt>Identity confirmed</dt>
              <dd>{String(p.identityConfirmed)}</dd>
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
          <PlotFigure options={plotOptions} label={`Status intervals of ${p.personId} up to ${asOf}`} />
        )}
      </Section>
      <Section title="Identity, with each value's sources">
        <DataTable caption="Identity values" columns={identityColumns} data={p.identity} />
      </Section>
      <Section title="Links and their evidence">
        {p.links.length === 0 && <p>One record: no links.</p>}
        {p.links.map((l) => (
          <details key={`${l.a}-${l.b}`}>
            <summary>
              {l.a} ↔ {l.b}: {l.strength} (p={l.probability.toFixed(3)}, by {l.decidedBy}
              {l.rule ? `, rule ${l.rule}` : ''})
            </summary>
            <ul>
              {l.evidence.map((e) => (
                <li key={e.field}>
                  {e.field}: {e.level} ({e.weight >= 0 ? '+' : ''}
                  {e.weight.toFixed(2)})
                </li>
              ))}
            </ul>
          </details>
        ))}
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
