import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorNote } from '../error-note';
import { SystemUseNotice } from './SystemUseNotice';

/**
 * Log in: the system-use notice first (the form stays disabled until it is acknowledged, T9.9), then user,
 * password and the 6-digit code of the user's authenticator app (MFA for every role, T9.2).
 */
export function Login({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [acknowledged, setAcknowledged] = useState(false);
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const userField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (acknowledged) userField.current?.focus();
  }, [acknowledged]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login(userId, password, code);
      onLoggedIn();
    } catch (err) {
      setError(err);
      setCode(''); // a code is accepted once: the next try needs the next one
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <h1>ilos</h1>
      <p>Immigration Lifecycle Operating System.</p>
      <SystemUseNotice acknowledged={acknowledged} onAcknowledge={() => setAcknowledged(true)} />
      <form onSubmit={submit} aria-label="Log in">
        <fieldset
          disabled={!acknowledged}
          style={{ border: 'none', padding: 0, margin: 0, flexDirection: 'column', alignItems: 'stretch' }}
        >
          <label>
            User
            <input
              ref={userField}
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              autoComplete="username"
              required
            />
          </label>
          <label>
            Password
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              required
            />
          </label>
          <label>
            Code from your authenticator app
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9 ]{6,7}"
              maxLength={7}
              required
            />
          </label>
          <button type="submit" disabled={busy}>
            Log in
          </button>
        </fieldset>
        <ErrorNote error={error} />
      </form>
    </main>
  );
}
