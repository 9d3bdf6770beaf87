import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, onStepUpRequired } from './api';
import { ErrorNote } from './error-note';

const FOCUSABLE = 'input:not([disabled]), button:not([disabled])';

/**
 * The step-up prompt (T9.3, ADR 0021): account management, break-glass, bulk-approval grants and the audit
 * export need a login or step-up within the last 5 minutes. When the server refuses one for that, api.ts
 * opens this modal dialog; a fresh code from the authenticator app steps the session up and api.ts sends
 * the refused request once more. Escape or Cancel leaves the refusal as it was. Mounted once, by App.
 */
export function StepUpDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const [pending, setPending] = useState<{ resolve: (steppedUp: boolean) => void } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => onStepUpRequired(() => new Promise<boolean>((resolve) => setPending({ resolve }))), []);
  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    if (pending !== null && !d.open) {
      returnFocus.current = document.activeElement;
      d.showModal();
      codeField.current?.focus();
    } else if (pending === null && d.open) d.close();
    if (pending === null && returnFocus.current instanceof HTMLElement) {
      returnFocus.current.focus();
      returnFocus.current = null;
    }
  }, [pending]);

  const finish = (steppedUp: boolean) => {
    pending?.resolve(steppedUp);
    setPending(null);
    setCode('');
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.stepUp(code.replaceAll(' ', ''));
      finish(true);
    } catch (err) {
      setError(err);
      setCode(''); // a code is accepted once: the next try needs the next one
      codeField.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  /** Tab and Shift+Tab go round the dialog's own controls (the page behind is inert while it is open). */
  const trapFocus = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || dialog.current === null) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby="step-up-title"
      aria-describedby="step-up-why"
      onCancel={(e) => {
        e.preventDefault(); // Escape: closed through `finish`, so the refused request learns of it
        finish(false);
      }}
      onKeyDown={trapFocus}
      style={{ maxWidth: 440, padding: '1rem 1.5rem', border: '1px solid var(--line)', borderRadius: 6 }}
    >
      <h2 id="step-up-title" style={{ marginTop: 0 }}>
        Confirm it is you
      </h2>
      <p id="step-up-why">
        This action needs a login or confirmation within the last 5 minutes, and yours is older. Enter the
        current 6-digit code from your authenticator app; the action then goes ahead.
      </p>
      <form
        onSubmit={submit}
        aria-label="Step-up"
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      >
        <label>
          Code from your authenticator app
          <input
            ref={codeField}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
          />
        </label>
        {error instanceof ApiError && error.type === 'urn:ilos:problem:step_up_failed' ? (
          <p className="error" role="alert">
            That code was not accepted: a code works once, so wait for the next one and try again.
          </p>
        ) : (
          <ErrorNote error={error} />
        )}
        <div style={{ display: 'flex', gap: 8 }}>
          <button type="submit" disabled={busy}>
            Confirm
          </button>
          <button type="button" onClick={() => finish(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
