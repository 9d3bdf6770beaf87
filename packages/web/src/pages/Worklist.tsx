import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type RedressWorkItem, type WorkItem } from '../api';
import { columnHelper, DataTable, ErrorNote, Pager, PageTitle, Section } from '../components';

const col = columnHelper<WorkItem>();

const rd = columnHelper<RedressWorkItem>();
const redressColumns = [
  rd.accessor('id', { header: 'Dispute' }),
  rd.display({
    id: 'record',
    header: 'Record',
    cell: (i) => `${i.row.original.sourceId}:${i.row.original.sourceRecordId}`,
  }),
  rd.accessor('status', { header: 'Status' }),
  rd.accessor('next', {
    header: 'Next Privacy Act deadline',
    cell: (i) => {
      const next = i.getValue();
      if (next === undefined) return 'none';
      return (
        <>
          <strong className={next.overdue ? 'bad' : undefined}>{next.due}</strong> {next.kind}
          {next.overdue ? ' (overdue)' : ''} <cite>5 U.S.C. 552a(d)(2)–(3)</cite>
        </>
      );
    },
  }),
  rd.accessor('receivedOn', { header: 'Received' }),
  rd.accessor('fields', { header: 'Fields disputed', cell: (i) => i.getValue().join(', ') || '—' }),
];

/** Disputes about records, by their Privacy Act clocks (ids and dates only: no statement, no record content). */
function Disputes() {
  const [offset, setOffset] = useState(0);
  const list = useQuery({ queryKey: ['redress', offset], queryFn: () => api.redress(offset), retry: false });
  return (
    <Section title="Disputes by Privacy Act deadline">
      <ErrorNote error={list.error} />
      {list.data && list.data.items.length === 0 && offset === 0 && <p>No open dispute.</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <DataTable
            caption="Open disputes, the nearest legal deadline first"
            columns={redressColumns}
            data={list.data.items}
          />
          <Pager offset={offset} size={50} more={list.data.more} setOffset={setOffset} />
        </>
      )}
    </Section>
  );
}

/** Active cases in legal-deadline order only (the server orders them; nothing about the person ranks them). */
export function Worklist({ openCase }: { openCase: (caseId: string) => void }) {
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['worklist', offset],
    queryFn: () => api.worklist(offset),
    retry: false,
  });
  const columns = [
    col.display({ id: 'order', header: '#', cell: (i) => offset + i.row.index + 1 }),
    col.accessor('caseId', {
      header: 'Case',
      cell: (i) => (
        <button type="button" className="link" onClick={() => openCase(i.getValue())}>
          {i.getValue()}
        </button>
      ),
    }),
    col.accessor('state', { header: 'State' }),
    col.accessor('next', {
      header: 'Next legal deadline',
      cell: (i) => {
        const next = i.getValue();
        if (next === null) return 'none';
        return (
          <>
            <strong className={i.row.original.overdue ? 'bad' : undefined}>{next.due}</strong> {next.kind}
            {i.row.original.overdue ? ' (overdue)' : ''} <cite>{next.citation}</cite>
          </>
        );
      },
    }),
    col.accessor('deadlines', {
      header: 'Other deadlines',
      cell: (i) =>
        i
          .getValue()
          .filter((d) => d.kind !== i.row.original.next?.kind || d.due !== i.row.original.next?.due)
          .map((d) => `${d.kind} ${d.due}`)
          .join('; ') || '—',
    }),
    col.accessor('awaitingApproval', {
      header: 'Awaiting a second person',
      cell: (i) => i.getValue() ?? '—',
    }),
    col.accessor('departureVerified', {
      header: 'Departure verified',
      cell: (i) => (i.getValue() ? 'yes: close the case' : 'no'),
    }),
  ];
  return (
    <main>
      <PageTitle>Work list</PageTitle>
      <p className="hint">
        Active cases ordered by legal deadline only: noticed hearings, the last day to appeal,
        voluntary-departure dates and the Privacy Act clocks of disputes. Nothing about the person changes the
        order.
      </p>
      <ErrorNote error={list.error} />
      {list.data && (
        <>
          <DataTable
            caption={`${list.data.items.length} ${list.data.items.length === 1 ? 'case' : 'cases'} by legal deadline, as of ${list.data.asOf}`}
            columns={columns}
            data={list.data.items}
          />
          <Pager offset={offset} size={50} more={list.data.more} setOffset={setOffset} />
        </>
      )}
      <Disputes />
    </main>
  );
}
