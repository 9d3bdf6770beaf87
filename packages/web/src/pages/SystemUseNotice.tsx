import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorNote } from '../error-note';

type Notice = { version: string; title: string; paragraphs: string[] };

/**
 * The system-use notice (NIST 800-53 AC-8, T9.9), fetched from the server (its text lives in one place,
 * @ilos/core) and acknowledged with "I understand" before the login form can be used.
 */
export function SystemUseNotice({
  acknowledged,
  onAcknowledge,
}: {
  acknowledged: boolean;
  onAcknowledge: () => void;
}) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.systemUseNotice().then(setNotice, setError);
  }, []);
  if (notice === null)
    return error === null ? <p>Loading the system-use notice…</p> : <ErrorNote error={error} />;
  return (
    <section
      aria-labelledby="system-use-notice"
      className="system-use-notice"
      style={{
        border: '1px solid var(--line)',
        borderRadius: 6,
        padding: '0 1rem 1rem',
        marginBottom: '1rem',
      }}
    >
      <h2 id="system-use-notice">{notice.title}</h2>
      {notice.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      {acknowledged ? (
        <p>
          <strong>Notice acknowledged.</strong>
        </p>
      ) : (
        <button type="button" onClick={onAcknowledge}>
          I understand
        </button>
      )}
    </section>
  );
}
