import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { ApiError, api, caseWhy, type Me, type Why } from './api';
import { Audit } from './pages/Audit';
import { Login } from './pages/Login';
import { Reviews } from './pages/Reviews';
import { Search } from './pages/Search';
import { Sources } from './pages/Sources';
import { Worklist } from './pages/Worklist';
import { StepUpDialog } from './step-up-dialog';

// The pages with charts load Observable Plot (and d3) on first use, so the first paint does not wait for them.
const Person = lazy(() => import('./pages/Person').then((m) => ({ default: m.Person })));
const Case = lazy(() => import('./pages/Case').then((m) => ({ default: m.Case })));
const Overstay = lazy(() => import('./pages/Overstay').then((m) => ({ default: m.Overstay })));

const PAGES = [
  ['search', 'Search', null],
  ['worklist', 'Work list', ['analyst', 'adjudicator', 'supervisor']],
  ['reviews', 'Review queue', ['analyst', 'adjudicator', 'supervisor']],
  ['overstay', 'Overstay report', null],
  ['sources', 'Sources', null],
  ['audit', 'Audit', ['auditor']],
] as const;
type Top = (typeof PAGES)[number][0];

/**
 * Where the user is. Person and case ids live only in this state, never in the URL (ADR 0030: no
 * person data in URLs or browser history); a person is always shown with the purpose it was opened for.
 */
type View = { page: Top } | { page: 'person'; personId: string; why: Why } | { page: 'case'; caseId: string };

export function App() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: api.me, retry: false });
  const [trail, setTrail] = useState<View[]>([{ page: 'search' }]);
  const [why, setWhy] = useState<Why>({ purpose: '', target: '' });

  if (me.isPending) return <p className="loading">Loading…</p>;
  if (me.error instanceof ApiError && me.error.status === 401)
    return <Login onLoggedIn={() => client.invalidateQueries({ queryKey: ['me'] })} />;
  if (!me.data) return <p role="alert">The API is not answering: {String(me.error)}</p>;

  const view = trail[trail.length - 1] ?? { page: 'search' };
  const open = (next: View) => setTrail([...trail, next]);
  const back = trail.length > 1 ? () => setTrail(trail.slice(0, -1)) : undefined;
  const top = trail[0]?.page;
  const logout = async () => {
    await api.logout().catch(() => {});
    client.clear();
    setTrail([{ page: 'search' }]);
    setWhy({ purpose: '', target: '' });
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
          {PAGES.filter(
            ([, , roles]) => roles === null || (roles as readonly string[]).includes(me.data.role),
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              aria-current={top === id ? 'page' : undefined}
              onClick={() => setTrail([{ page: id }])}
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
        {back && (
          <div className="back">
            <button type="button" onClick={back}>
              ← Back
            </button>
          </div>
        )}
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Body view={view} me={me.data} why={why} setWhy={setWhy} open={open} />
        </Suspense>
      </div>
      <StepUpDialog />
    </>
  );
}

function Body({
  view,
  me,
  why,
  setWhy,
  open,
}: {
  view: View;
  me: Me;
  why: Why;
  setWhy: (why: Why) => void;
  open: (view: View) => void;
}) {
  const openCase = (caseId: string) => open({ page: 'case', caseId });
  switch (view.page) {
    case 'search':
      return (
        <Search
          me={me}
          why={why}
          setWhy={setWhy}
          openPerson={(personId) => open({ page: 'person', personId, why })}
        />
      );
    case 'person':
      return (
        <Person key={view.personId} personId={view.personId} why={view.why} me={me} openCase={openCase} />
      );
    case 'case':
      return (
        <Case
          key={view.caseId}
          caseId={view.caseId}
          role={me.role}
          openPerson={(personId) => open({ page: 'person', personId, why: caseWhy(view.caseId) })}
        />
      );
    case 'worklist':
      return <Worklist openCase={openCase} />;
    case 'reviews':
      return <Reviews />;
    case 'overstay':
      return <Overstay />;
    case 'sources':
      return <Sources />;
    case 'audit':
      return <Audit me={me} />;
  }
}
