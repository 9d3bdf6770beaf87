import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type ReviewTask } from '../api';
import { columnHelper, DataTable, ErrorNote, PageTitle } from '../components';

const col = columnHelper<ReviewTask>();

export function Reviews() {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['reviews', offset], queryFn: () => api.reviews(offset) });
  const columns = [
    col.accessor('taskId', {
      header: 'Task',
      cell: (i) => (
        <button type="button" className="link" onClick={() => setOpen(i.getValue())}>
          {i.getValue()}
        </button>
      ),
    }),
    col.accessor('reason', { header: 'Why it needs review' }),
    col.accessor('probability', { header: 'Match probability', cell: (i) => i.getValue().toFixed(3) }),
    col.display({ id: 'pair', header: 'Records', cell: (i) => `${i.row.original.a} ↔ ${i.row.original.b}` }),
  ];
  if (open !== null) return <ReviewTaskView taskId={open} back={() => setOpen(null)} />;
  return (
    <main>
      <PageTitle>Review queue</PageTitle>
      <p className="hint">Oldest first. Open a task to see both records side by side.</p>
      <ErrorNote error={list.error} />
      {list.data?.items.length === 0 && offset === 0 && <p>No open review task.</p>}
      {list.data && (list.data.items.length > 0 || offset > 0) && (
        <>
          <DataTable
            caption={`Open review tasks ${offset + 1}–${offset + list.data.items.length}`}
            columns={columns}
            data={list.data.items}
          />
          <nav aria-label="Pages" className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 25))}>
              Previous
            </button>
            <button type="button" disabled={!list.data.more} onClick={() => setOffset(offset + 25)}>
              Next
            </button>
          </nav>
        </>
      )}
    </main>
  );
}

function ReviewTaskView({ taskId, back }: { taskId: string; back: () => void }) {
  const [blind, setBlind] = useState(true);
  const [decision, setDecision] = useState<'same' | 'different' | ''>('');
  const [reason, setReason] = useState('');
  const client = useQueryClient();
  const shown = useQuery({
    queryKey: ['review', taskId, blind],
    queryFn: () => api.review(taskId, blind),
    retry: false,
  });
  const decide = useMutation({
    mutationFn: () => api.decide(taskId, decision as 'same' | 'different', reason),
    onSuccess: () => client.invalidateQueries({ queryKey: ['review', taskId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate();
  };
  const t = shown.data?.task;
  const [ra, rb] = t ? [shown.data?.records[t.a] ?? {}, shown.data?.records[t.b] ?? {}] : [{}, {}];
  // Fields both records carry first (those can agree or differ), then those only one has.
  const both = (f: string) => ra?.[f] !== undefined && rb?.[f] !== undefined;
  const fields = [...new Set([...Object.keys(ra ?? {}), ...Object.keys(rb ?? {})])].sort(
    (x, y) => Number(both(y)) - Number(both(x)),
  );
  return (
    <main>
      <button type="button" onClick={back}>
        ← Back to the queue
      </button>
      <h1>Review task {taskId}</h1>
      <label className="inline">
        <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> Blind mode:
        hide names, judge identifiers and dates first
      </label>
      <ErrorNote error={shown.error} />
      {t && (
        <>
          <p>
            {t.reason}: {t.detail} — match probability {t.probability.toFixed(4)}, weight{' '}
            {t.weight.toFixed(2)}
          </p>
          <table className="sidebyside">
            <caption>Both records, field by field</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">{t.a}</th>
                <th scope="col">{t.b}</th>
                <th scope="col">Agreement</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => {
                const a = ra?.[f];
                const b = rb?.[f];
                const agree =
                  a === '•••' || b === '•••'
                    ? 'hidden'
                    : a === undefined || b === undefined
                      ? 'missing'
                      : a === b
                        ? 'agree'
                        : 'differ';
                return (
                  <tr key={f} className={agree}>
                    <th scope="row">{f}</th>
                    <td>{a ?? '—'}</td>
                    <td>{b ?? '—'}</td>
                    <td>{agree === 'missing' ? 'on one record only' : agree}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>Evidence</h2>
          <ul>
            {t.evidence
              .filter((e) => !(blind && (e.field === 'familyName' || e.field === 'givenName')))
              .map((e) => (
                <li key={e.field}>
                  {e.field}: {e.level} ({e.weight >= 0 ? '+' : ''}
                  {e.weight.toFixed(2)})
                </li>
              ))}
          </ul>
          {t.state === 'decided' ? (
            <p role="status" className="decided">
              Decided: {t.decision} by {t.decidedBy} — {t.decisionReason}
            </p>
          ) : (
            <form onSubmit={submit} aria-label="Decide">
              <fieldset>
                <legend>Decision</legend>
                <label className="inline">
                  <input
                    type="radio"
                    name="decision"
                    value="same"
                    checked={decision === 'same'}
                    onChange={() => setDecision('same')}
                  />{' '}
                  Same person
                </label>
                <label className="inline">
                  <input
                    type="radio"
                    name="decision"
                    value="different"
                    checked={decision === 'different'}
                    onChange={() => setDecision('different')}
                  />{' '}
                  Different people
                </label>
              </fieldset>
              <label>
                Reason (a person must be able to read it)
                <textarea value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required />
              </label>
              <button
                type="submit"
                disabled={decision === '' || reason.trim().length < 5 || decide.isPending}
              >
                Record decision
              </button>
              <ErrorNote error={decide.error} />
            </form>
          )}
        </>
      )}
    </main>
  );
}
