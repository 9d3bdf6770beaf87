import { ApiError } from './api';

/**
 * An error as an alert. In a module of its own so that the login chunk (the first paint) does not pull
 * in the table components and their library with it.
 */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const text = error instanceof ApiError ? `${error.message} (${error.status})` : String(error);
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
