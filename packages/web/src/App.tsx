import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type Why } from './api';
import { Login } from './pages/Login';
import { Overstay } from './pages/Overstay';
import { Person } from './pages/Person';
import { Reviews } from './pages/Reviews';
import { Search } from './pages/Search';
import { Sources } from './pages/Sources';

const PAGES = [
  ['search', 'Search'],
  ['reviews', 'Review queue'],
  ['overstay', 'Overstay report'],
  ['sources', 'Sources'],
] as const;
type Page = (typeof PAGES)[number][0];

export function App() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: api.me, retry: false });
  const [page, setPage] = useState<Page>('search');
  const [why, setWhy] = useState<Why>({ purpose: '', target: '' });
  const [personId, setPersonId] = useState<string | null>(null);

  if (me.isPending) return <p className="loading">Loading…</p>;
  if (me.error instanceof ApiError && me.error.status === 401)
    return <Login onLoggedIn={() => client.invalidateQueries({ queryKey: ['me'] })} />;
  if (!me.data) return <p role="alert">The API is not answering: {String(me.error)}</p>;

  const logout = async () => {
    await api.logout().catch(() => {});
    client.clear();
    await client.invalidateQueries({ queryKey: ['me'] });
  };
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header>
        <span className="brand">ilos</span>
        <nav aria-label="Main">
          {PAGES.map(([id, label]) => (
            <button
              key={id}
              type="button"
              aria-current={page === id ? 'page' : undefined}
              onClick={() => {
                setPage(id);
                setPersonId(null);
              }}
            >
              {label}
            </button>
          ))}
        </nav>
        <span className="who">
          {me.data.userId} ({me.data.role})
        </span>
        <button type="button" onClick={logout}>
          Log out
        </button>
      </header>
      <div id="content">
        {page === 'search' &&
          (personId === null ? (
            <Search me={me.data} why={why} setWhy={setWhy} openPerson={setPersonId} />
          ) : (
            <Person personId={personId} why={why} back={() => setPersonId(null)} />
          ))}
        {page === 'reviews' && <Reviews />}
        {page === 'overstay' && <Overstay />}
        {page === 'sources' && <Sources />}
      </div>
    </>
  );
}
