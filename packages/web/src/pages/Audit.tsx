import type { AuditEntry } from '@ilos/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Me, type PersonAccess } from '../api';
import { columnHelper, DataTable, ErrorNote, PageTitle, Section } from '../components';

const PAGE = 50;

const en = columnHelper<AuditEntry>();
const entryColumns = [
  en.accessor('seq', { header: 'Seq' }),
  en.accessor('at', { header: 'When (UTC)', cell: (i) => i.getValue().slice(0, 19).replace('T', ' ') }),
  en.accessor('actorId', { header: 'Who', cell: (i) => `${i.getValue()} (${i.row.original.actorRole})` }),
  en.accessor('eventType', { header: 'Event' }),
  en.accessor('purpose', { header: 'Purpose', cell: (i) => i.getValue() ?? '—' }),
  en.accessor('target', { header: 'Bound to', cell: (i) => i.getValue() ?? '—' }),
  en.accessor('outcome', { header: 'Outcome' }),
  en.accessor('reason', { header: 'Reason', cell: (i) => i.getValue() ?? '—' }),
  en.accessor('subjects', { header: 'Subjects', cell: (i) => i.getValue().length }),
];

const ac = columnHelper<PersonAccess>();
const accessColumns = [
  ac.accessor('at', { header: 'When (UTC)', cell: (i) => i.getValue().slice(0, 19).replace('T', ' ') }),
  ac.accessor('actorId', { header: 'Who', cell: (i) => `${i.getValue()} (${i.row.original.actorRole})` }),
  ac.accessor('purpose', { header: 'Why (purpose)', cell: (i) => i.getValue() ?? '—' }),
  ac.accessor('target', { header: 'Bound to', cell: (i) => i.getValue() ?? '—' }),
  ac.accessor('eventType', { header: 'What' }),
  ac.accessor('fields', { header: 'Fields', cell: (i) => i.getValue().join(', ') || '—' }),
  ac.accessor('outcome', {
    header: 'Outcome',
    cell: (i) => `${i.getValue()}${i.row.original.reason ? `: ${i.row.original.reason}` : ''}`,
  }),
];

/** The audit viewer, for auditors: verify the chain, export it, read the entries, see who accessed a person. */
export function Audit({ me }: { me: Me }) {
  const tasks = me.targets.filter((t) => t.startsWith('task:'));
  const [typed, setTyped] = useState(tasks[0] ?? '');
  // A bare task name (AUDIT-7) means the task of that name: the binding is always `task:…`.
  const target = typed === '' || typed.startsWith('task:') ? typed : `task:${typed}`;
  return (
    <main>
      <PageTitle>Audit trail</PageTitle>
      <label>
        Audit task you are working under (an auditor names it; every read of the trail is recorded under it)
        <input
          value={typed}
          onChange={(e) => setTyped(e.target.value.trim())}
          placeholder="task:…"
          pattern="(task:)?[A-Za-z0-9][A-Za-z0-9._:/\-]*"
          list="audit-tasks"
        />
        <datalist id="audit-tasks">
          {tasks.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <Verify />
      {/^task:[A-Za-z0-9]/.test(target) ? (
        <>
          <Export target={target} />
          <Accesses target={target} />
          <Entries target={target} />
        </>
      ) : (
        <p className="hint">
          Name the audit task (for example task:AUDIT-7) to export the log, read its entries or see who
          accessed a person.
        </p>
      )}
    </main>
  );
}

function Verify() {
  const verify = useMutation({ mutationFn: api.auditVerify });
  const r = verify.data;
  return (
    <Section title="Verify the log">
      <p className="hint">
        Recomputes every entry's hash, the chain and the tree head, and checks the signed checkpoints.
      </p>
      <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? 'Verifying…' : 'Verify the audit log'}
      </button>
      <ErrorNote error={verify.error} />
      {r && (
        <div role="status" className={r.ok ? 'outcome applied' : 'outcome refused'}>
          <p>
            <strong>
              {r.ok
                ? `Verified: ${r.size} entries, chain and leaf hashes intact.`
                : `FAILED at entry ${r.firstBadSeq ?? r.failure?.seq}: ${r.failure?.check} — ${r.failure?.message}`}
            </strong>
          </p>
          <dl className="facts">
            <dt>Tree head</dt>
            <dd>
              <code>{r.root}</code>
            </dd>
            <dt>Signed checkpoints matched</dt>
            <dd>
              {r.checkpointsMatched} (covering the first {r.signedSize} entries)
            </dd>
            <dt>Not yet sequenced</dt>
            <dd>
              {r.unsequenced.count}
              {r.lagging ? ' — LAGGING: older than the allowed delay' : ''}
            </dd>
            <dt>Origin</dt>
            <dd>{r.origin}</dd>
          </dl>
          {r.warnings.length > 0 && (
            <ul aria-label="Warnings">
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Section>
  );
}

function Export({ target }: { target: string }) {
  const exp = useMutation({
    mutationFn: () => api.auditExport(target),
    onSuccess: ({ blob, fileName }) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <Section title="Export">
      <p className="hint">
        The whole log with its checkpoints and public key, as NDJSON, for{' '}
        <code>ilos audit verify --file</code> on another machine.
      </p>
      <button type="button" onClick={() => exp.mutate()} disabled={target === '' || exp.isPending}>
        Download the audit log
      </button>
      <ErrorNote error={exp.error} />
      {exp.data && (
        <p role="status">
          Downloaded {exp.data.fileName}: {exp.data.entries} entries.
        </p>
      )}
    </Section>
  );
}

function Accesses({ target }: { target: string }) {
  const [personId, setPersonId] = useState('');
  const accesses = useMutation({ mutationFn: () => api.accesses(personId.trim(), target, 0) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    accesses.mutate();
  };
  return (
    <Section title="Who accessed a person, and why">
      <form onSubmit={submit} aria-label="Accesses of a person" className="criteria">
        <label>
          Person id
          <input
            value={personId}
            onChange={(e) => setPersonId(e.target.value)}
            required
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
          />
        </label>
        <button type="submit" disabled={target === '' || personId.trim() === ''}>
          Show accesses
        </button>
      </form>
      <ErrorNote error={accesses.error} />
      {accesses.data && (
        <DataTable
          caption={`${accesses.data.items.length} accesses to ${accesses.data.personId}${accesses.data.more ? ' (more)' : ''}, newest first, refusals included`}
          columns={accessColumns}
          data={accesses.data.items}
        />
      )}
    </Section>
  );
}

function Entries({ target }: { target: string }) {
  const [offset, setOffset] = useState(0);
  const entries = useQuery({
    queryKey: ['audit-entries', target, offset],
    queryFn: () => api.auditEntries(target, offset, PAGE),
    enabled: target !== '',
    retry: false,
  });
  const d = entries.data;
  return (
    <Section title="Entries">
      <ErrorNote error={entries.error} />
      {d && (
        <>
          <DataTable
            caption={`Entries ${offset + 1}–${offset + d.items.length} of ${d.total} sequenced (${d.unsequenced} waiting to be sequenced)`}
            columns={entryColumns}
            data={d.items}
          />
          <nav aria-label="Entry pages" className="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <button type="button" disabled={!d.more} onClick={() => setOffset(offset + PAGE)}>
              Next
            </button>
            <button type="button" disabled={!d.more} onClick={() => setOffset(Math.max(0, d.total - PAGE))}>
              Newest
            </button>
          </nav>
        </>
      )}
    </Section>
  );
}
