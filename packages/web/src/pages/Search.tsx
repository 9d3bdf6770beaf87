import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Me, type SearchHit, type Why } from '../api';
import { columnHelper, DataTable, ErrorNote, PageTitle } from '../components';
import { PurposeBar } from './Purpose';

const FIELDS = [
  ['familyName', 'Family name'],
  ['givenName', 'Given name'],
  ['dateOfBirth', 'Date of birth (YYYY-MM-DD)'],
  ['aNumber', 'A-Number'],
  ['passportNumber', 'Passport number'],
] as const;

const col = columnHelper<SearchHit>();

export function Search({
  me,
  why,
  setWhy,
  openPerson,
}: {
  me: Me;
  why: Why;
  setWhy: (why: Why) => void;
  openPerson: (personId: string) => void;
}) {
  const [criteria, setCriteria] = useState<Record<string, string>>({});
  const search = useMutation({ mutationFn: () => api.search(criteria, why) });
  const ready = why.purpose !== '' && why.target !== '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    search.mutate();
  };
  const columns = [
    col.accessor('personId', {
      header: 'Person',
      cell: (info) => (
        <button type="button" className="link" onClick={() => openPerson(info.getValue())}>
          {info.getValue()}
        </button>
      ),
    }),
    col.accessor('familyName', { header: 'Family name' }),
    col.accessor('givenName', { header: 'Given name' }),
    col.accessor('dateOfBirth', { header: 'Date of birth' }),
    col.accessor('records', { header: 'Records' }),
  ];
  return (
    <main>
      <PageTitle>Search persons</PageTitle>
      <PurposeBar me={me} why={why} onChange={setWhy} />
      <form onSubmit={submit} aria-label="Search criteria" className="criteria">
        <fieldset disabled={!ready}>
          <legend>{ready ? 'Search by any of' : 'Choose a purpose and a case or task first'}</legend>
          {FIELDS.map(([key, label]) => (
            <label key={key}>
              {label}
              <input
                name={key}
                value={criteria[key] ?? ''}
                onChange={(e) => setCriteria({ ...criteria, [key]: e.target.value })}
              />
            </label>
          ))}
          <button type="submit">Search persons</button>
        </fieldset>
      </form>
      <ErrorNote error={search.error} />
      {search.data?.items.length === 0 && <p role="status">No person matches these criteria.</p>}
      {search.data && search.data.items.length > 0 && (
        <DataTable
          caption={`${search.data.items.length} ${search.data.items.length === 1 ? 'person' : 'persons'}${search.data.more ? ' (more: narrow the search)' : ''}, in person-id order`}
          columns={columns}
          data={search.data.items}
        />
      )}
    </main>
  );
}
