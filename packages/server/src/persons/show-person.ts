import { AppError, type StatusInterval, type StatusReport } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import type { Sql } from '../db/sql.js';
import { type DisputeNote, disputesFor, recordKey } from '../redress/disputes.js';

/** One identity value and the records that carry it (DESIGN.md §5: identity with every value's sources). */
export type IdentityValue = { field: string; value: string; sources: string[] };

export type ShownLink = {
  a: string;
  b: string;
  strength: string;
  decidedBy: string;
  rule: string | null;
  probability: number;
  evidence: { field: string; level: string; weight: number }[];
};

export type ShownPerson = {
  personId: string;
  asOf: string | null;
  identityConfirmed: boolean | null;
  identity: IdentityValue[];
  records: { key: string; recordType: string | null; payload: Record<string, string>; masked: string[] }[];
  links: ShownLink[];
  status: StatusReport | null;
  timeline: StatusInterval[];
  disputes: DisputeNote[];
  history: { kind: string; reason: string; actor: string; at: string }[];
};

const IDENTITY_FIELDS = [
  'familyName',
  'givenName',
  'dateOfBirth',
  'sex',
  'countryOfBirth',
  'nationality',
  'passportNumber',
  'passportIssuer',
  'aNumber',
  'fin',
];

/**
 * Everything ilos holds about one person, for a named purpose, through the access layer: identity with
 * each value's sources, the records (masked where statute requires), the links with their evidence,
 * the status with its rule chain, the timeline, disputes and merge/split history. Audited.
 */
export async function showPerson(
  ctx: Context,
  principal: Principal,
  input: { personId: string; purpose: string | undefined; target: string | undefined },
): Promise<ShownPerson> {
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.read',
      event: 'record.read',
      purpose: input.purpose,
      target: input.target,
      query: { person: input.personId },
      person: input.personId, // BOLA: the access layer checks the person is in the case or task named
    },
    async (tx, grant) => {
      const records = await personRecords(tx, input.personId);
      if (records.length === 0) {
        return {
          value: empty(input.personId),
          subjects: [input.personId],
          fields: [],
          error: new AppError('not_found', `no person ${input.personId}`),
        };
      }
      const shown = records.map((r) => {
        const d = grant.disclose(r.recordType, r.payload);
        return { key: r.key, recordType: d.recordType, payload: d.payload, masked: d.masked.map(String) };
      });
      const identity = new Map<string, IdentityValue>();
      for (const r of shown) {
        for (const field of IDENTITY_FIELDS) {
          const value = r.payload[field];
          if (value === undefined) continue;
          const entry = identity.get(`${field}=${value}`) ?? { field, value, sources: [] };
          entry.sources.push(r.key);
          identity.set(`${field}=${value}`, entry);
        }
      }
      const anyMasked = shown.some((r) => r.masked.length > 0);
      // Four reads that need no answer from each other go out together (one round trip on the server).
      const [[status], links, history, disputes] = await Promise.all([
        tx.query<{
          as_of: string;
          identity_confirmed: boolean;
          report: StatusReport;
          timeline: StatusInterval[];
        }>(
          `select to_char(as_of, 'YYYY-MM-DD') as as_of, identity_confirmed, report, timeline from person_status where person_id = $1`,
          [input.personId],
        ),
        tx.query<{
          a: string;
          b: string;
          strength: string;
          decided_by: string;
          rule: string | null;
          probability: number;
          evidence: ShownLink['evidence'];
        }>(
          'select a, b, strength, decided_by, rule, probability, evidence from identity_links where person_id = $1 order by a, b',
          [input.personId],
        ),
        tx.query<{ kind: string; reason: string; actor: string; at: Date }>(
          'select kind, reason, actor, at from person_events where person_id = $1 order by seq',
          [input.personId],
        ),
        disputesFor(
          tx,
          records.map((r) => recordKey(r.sourceId, r.sourceRecordId)),
          grant.now.toISOString().slice(0, 10),
        ),
      ]);
      // A status derived from masked records would disclose them: it is withheld from this reader too.
      const value: ShownPerson = {
        personId: input.personId,
        asOf: status?.as_of ?? null,
        identityConfirmed: status?.identity_confirmed ?? null,
        identity: [...identity.values()],
        records: shown,
        links: links.map((l) => ({
          a: l.a,
          b: l.b,
          strength: l.strength,
          decidedBy: l.decided_by,
          rule: l.rule,
          probability: l.probability,
          evidence: l.evidence,
        })),
        status: anyMasked ? null : (status?.report ?? null),
        timeline: anyMasked ? [] : (status?.timeline ?? []),
        disputes,
        history: history.map((h) => ({
          kind: h.kind,
          reason: h.reason,
          actor: h.actor,
          at: h.at.toISOString(),
        })),
      };
      const fields = [...new Set(shown.flatMap((r) => Object.keys(r.payload)))].sort();
      return {
        value,
        subjects: [input.personId, ...records.map((r) => r.key)],
        fields: value.status === null ? fields : [...fields, 'status', 'timeline'],
        details: { records: records.length, links: links.length, masked: anyMasked },
      };
    },
  );
}

async function personRecords(tx: Sql, personId: string) {
  const rows = await tx.query<{
    source_id: string;
    source_record_id: string;
    record_type: string;
    payload: Record<string, string>;
  }>(
    `select r.source_id, r.source_record_id, r.record_type, r.payload
       from person_records pr join records r
         on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
      where pr.person_id = $1 order by r.source_id, r.source_record_id`,
    [personId],
  );
  return rows.map((r) => ({
    key: `${r.source_id}:${r.source_record_id}`,
    sourceId: r.source_id,
    sourceRecordId: r.source_record_id,
    recordType: r.record_type,
    payload: r.payload,
  }));
}

function empty(personId: string): ShownPerson {
  return {
    personId,
    asOf: null,
    identityConfirmed: null,
    identity: [],
    records: [],
    links: [],
    status: null,
    timeline: [],
    disputes: [],
    history: [],
  };
}
