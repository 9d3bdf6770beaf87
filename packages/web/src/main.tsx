import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, api, type Me } from './api';
import { Login } from './pages/Login';
import './styles.css';

/**
 * The first chunk holds React and the login form, nothing else (ADR 0033); the application (TanStack
 * Query, the pages) loads on demand. `ilos serve` marks the page when the browser sent no session
 * cookie: then the form shows at once, with no request before it. Otherwise the API is asked who is
 * logged in while the application loads.
 */
const root = createRoot(document.getElementById('root')!);
const loadApp = () => import('./app-root');

const whoIsLoggedIn = (): Promise<Me | undefined> =>
  api.me().catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  });

async function showApp(session: Promise<Me | undefined>) {
  try {
    const [{ appRoot }, me] = await Promise.all([loadApp(), session]);
    root.render(<StrictMode>{appRoot(me)}</StrictMode>);
  } catch (error) {
    root.render(<p role="alert">The application did not load: {String(error)}</p>);
  }
}

function showLogin() {
  root.render(
    <StrictMode>
      <Login onLoggedIn={() => void showApp(whoIsLoggedIn())} />
    </StrictMode>,
  );
  // Fetched and compiled while the user types, so logging in does not wait for it.
  if ('requestIdleCallback' in window) requestIdleCallback(() => void loadApp());
  else setTimeout(() => void loadApp(), 200);
}

const noSessionCookie = document.querySelector('meta[name="ilos-session"][content="none"]') !== null;
// A link from another site carries no SameSite=Strict cookie, though this page's own requests will.
const fromAnotherSite = document.referrer !== '' && new URL(document.referrer).origin !== location.origin;
if (noSessionCookie) {
  showLogin();
  if (fromAnotherSite)
    void whoIsLoggedIn().then(
      (me) => me && showApp(Promise.resolve(me)),
      () => {},
    );
} else {
  const session = whoIsLoggedIn();
  void loadApp().catch(() => {}); // most likely logged in: the application loads meanwhile
  session.then(
    (me) => (me === undefined ? showLogin() : showApp(session)),
    (error: unknown) => root.render(<p role="alert">The API is not answering: {String(error)}</p>),
  );
}
