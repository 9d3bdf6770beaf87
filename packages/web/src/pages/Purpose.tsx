import type { Me, Why } from '../api';

export const PURPOSES = [
  { id: 'CASE_ADJUDICATION', kind: 'case', label: 'Case adjudication (a case you are assigned to)' },
  { id: 'IDENTITY_REVIEW', kind: 'task', label: 'Identity review (a review task)' },
  { id: 'DATA_QUALITY_REVIEW', kind: 'task', label: 'Data-quality review (a task)' },
  { id: 'REDRESS', kind: 'redress', label: 'Redress (a dispute)' },
] as const;

/** Purpose and the case or task it is bound to: chosen before anything about a person is shown. */
export function PurposeBar({ me, why, onChange }: { me: Me; why: Why; onChange: (why: Why) => void }) {
  const kind = PURPOSES.find((p) => p.id === why.purpose)?.kind;
  const targets = me.targets.filter((t) => kind !== undefined && t.startsWith(`${kind}:`));
  return (
    <fieldset className="purpose">
      <legend>Why are you looking? (recorded in the audit trail)</legend>
      <label>
        Purpose
        <select value={why.purpose} onChange={(e) => onChange({ purpose: e.target.value, target: '' })}>
          <option value="">— choose a purpose —</option>
          {PURPOSES.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Case or task
        <select
          value={why.target}
          disabled={why.purpose === ''}
          onChange={(e) => onChange({ ...why, target: e.target.value })}
        >
          <option value="">— choose —</option>
          {targets.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {why.purpose !== '' && targets.length === 0 && (
        <p className="hint">You are not assigned to any {kind} for this purpose; ask a supervisor.</p>
      )}
    </fieldset>
  );
}
