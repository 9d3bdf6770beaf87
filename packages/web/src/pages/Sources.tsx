import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type IngestReceipt, type QuarantineRow } from '../api';
import { columnHelper, DataTable, ErrorNote, Pager, PageTitle, Section } from '../components';

const col = columnHelper<IngestReceipt>();
const receiptColumns = [
  col.accessor('fileName', { header: 'File' }),
  col.accessor('state', { header: 'State' }),
  col.accessor('accepted', { header: 'Accepted' }),
  col.accessor('duplicates', { header: 'Duplicates' }),
  col.accessor('quarantined', { header: 'Quarantined' }),
  col.accessor('reasons', {
    header: 'Quarantine reasons',
    cell: (i) =>
      Object.entries(i.getValue())
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ') || '—',
  }),
  col.accessor('startedAt', { header: 'Started', cell: (i) => i.getValue().slice(0, 19).replace('T', ' ') }),
];

const q = columnHelper<QuarantineRow>();
const quarantineColumns = [
  q.accessor('sourceId', { header: 'Source' }),
  q.accessor('fileSha256', {
    header: 'File (SHA-256)',
    cell: (i) => <code>{i.getValue().slice(0, 12)}…</code>,
  }),
  q.accessor('line', { header: 'Line' }),
  q.accessor('reasonCode', { header: 'Reason' }),
  q.accessor('field', { header: 'Field', cell: (i) => i.getValue() ?? '—' }),
  q.accessor('message', { header: 'What is wrong' }),
];

/** Lines ingest set aside, with why; the line itself is never shown here (it may be person data). */
function Quarantine() {
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: ['quarantine', offset],
    queryFn: () => api.quarantine(offset),
    retry: false,
  });
  return (
    <Section title="Quarantine">
      <ErrorNote error={page.error} />
      {page.data && page.data.items.length === 0 && offset === 0 && <p>Nothing is quarantined.</p>}
      {page.data && page.data.items.length > 0 && (
        <>
          <DataTable
            caption={`Quarantined lines ${offset + 1}–${offset + page.data.items.length}, oldest first`}
            columns={quarantineColumns}
            data={page.data.items}
          />
          <Pager offset={offset} size={50} more={page.data.more} setOffset={setOffset} />
        </>
      )}
    </Section>
  );
}

export function Sources() {
  const sources = useQuery({ queryKey: ['sources'], queryFn: api.sources });
  return (
    <main>
      <PageTitle>Source registry</PageTitle>
      <ErrorNote error={sources.error} />
      {sources.data?.items.map((s) => (
        <section key={s.source.id} aria-label={s.source.name}>
          <h2>
            {s.source.name} <code>{s.source.id}</code>
          </h2>
          <p>
            Authority: {s.source.authority}. Retention {s.source.retentionYears} years. Record types:{' '}
            {Object.keys(s.source.recordTypes).join(', ')}. {s.records} records stored, {s.quarantined}{' '}
            quarantined.
          </p>
          <DataTable
            caption={`Ingest receipts of ${s.source.id}`}
            columns={receiptColumns}
            data={s.receipts}
          />
        </section>
      ))}
      <Quarantine />
    </main>
  );
}
