import { useQuery } from '@tanstack/react-query';
import { api, type IngestReceipt } from '../api';
import { columnHelper, DataTable, ErrorNote } from '../components';

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

export function Sources() {
  const sources = useQuery({ queryKey: ['sources'], queryFn: api.sources });
  return (
    <main>
      <h1>Source registry</h1>
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
    </main>
  );
}
