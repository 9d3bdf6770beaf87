import type { Sql } from './sql.js';

/** The accounting of disclosures (migration 0016). */
export type DisclosureRow = {
  id: string;
  disclosedAt: Date;
  nature: string;
  purpose: string;
  routineUse: string;
  lawEnforcement: boolean;
  recipientName: string;
  recipientContact: string;
  disclosedBy: string;
  records: { sourceId: string; sourceRecordId: string; personId: string | null }[];
};

export async function insertDisclosure(sql: Sql, d: DisclosureRow): Promise<void> {
  await sql.query(
    `insert into disclosures (id, disclosed_at, nature, purpose, routine_use, law_enforcement, recipient_name,
                              recipient_contact, disclosed_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      d.id,
      d.disclosedAt,
      d.nature,
      d.purpose,
      d.routineUse,
      d.lawEnforcement,
      d.recipientName,
      d.recipientContact,
      d.disclosedBy,
    ],
  );
  await sql.query(
    `insert into disclosure_records (disclosure_id, source_id, source_record_id, person_id)
     select $1, t.s, t.r, t.p from jsonb_to_recordset($2::text::jsonb) as t(s text, r text, p text)
     on conflict do nothing`,
    [d.id, JSON.stringify(d.records.map((r) => ({ s: r.sourceId, r: r.sourceRecordId, p: r.personId })))],
  );
}

/** The person each record is filed under (undefined where it is filed under none), in input order. */
export async function personsOfRecords(
  sql: Sql,
  records: readonly { sourceId: string; sourceRecordId: string }[],
): Promise<(string | undefined)[]> {
  const rows = await sql.query<{ s: string; r: string; person_id: string }>(
    `select pr.source_id as s, pr.source_record_id as r, pr.person_id from person_records pr
      where (pr.source_id, pr.source_record_id) in (select t.s, t.r from jsonb_to_recordset($1::text::jsonb) as t(s text, r text))`,
    [JSON.stringify(records.map((r) => ({ s: r.sourceId, r: r.sourceRecordId })))],
  );
  const owner = new Map(rows.map((r) => [`${r.s}\u0000${r.r}`, r.person_id]));
  return records.map((r) => owner.get(`${r.sourceId}\u0000${r.sourceRecordId}`));
}

/** The current version of every record filed under one person. */
export async function recordsOfPerson(
  sql: Sql,
  personId: string,
): Promise<
  { sourceId: string; sourceRecordId: string; recordType: string; payload: Record<string, string> }[]
> {
  const rows = await sql.query<{
    source_id: string;
    source_record_id: string;
    record_type: string;
    payload: Record<string, string>;
  }>(
    `select r.source_id, r.source_record_id, r.record_type, r.payload
       from person_records pr join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id
      where pr.person_id = $1 and r.is_current order by r.source_id, r.source_record_id`,
    [personId],
  );
  return rows.map((r) => ({
    sourceId: r.source_id,
    sourceRecordId: r.source_record_id,
    recordType: r.record_type,
    payload: r.payload,
  }));
}

/**
 * The accounting of one person's disclosures: each disclosure of any of their records, listing only their
 * records. `withLawEnforcement: false` leaves out (b)(7) disclosures (the individual's own report).
 */
export async function accountingOfPerson(
  sql: Sql,
  personId: string,
  options: { withLawEnforcement: boolean },
): Promise<
  {
    id: string;
    disclosedAt: string;
    nature: string;
    purpose: string;
    routineUse: string;
    recipient: { name: string; contact: string };
    records: string[];
  }[]
> {
  const rows = await sql.query<{
    id: string;
    disclosed_at: Date;
    nature: string;
    purpose: string;
    routine_use: string;
    recipient_name: string;
    recipient_contact: string;
    records: string[];
  }>(
    `select d.id, d.disclosed_at, d.nature, d.purpose, d.routine_use, d.recipient_name, d.recipient_contact,
            array_agg(dr.source_id || '/' || dr.source_record_id order by dr.source_id, dr.source_record_id) as records
       from disclosures d join disclosure_records dr on dr.disclosure_id = d.id
      where dr.person_id = $1 and ($2::boolean or not d.law_enforcement)
      group by d.id order by d.disclosed_at, d.id`,
    [personId, options.withLawEnforcement],
  );
  return rows.map((r) => ({
    id: r.id,
    disclosedAt: r.disclosed_at.toISOString(),
    nature: r.nature,
    purpose: r.purpose,
    routineUse: r.routine_use,
    recipient: { name: r.recipient_name, contact: r.recipient_contact },
    records: r.records,
  }));
}

/** One notice per earlier disclosure of the record (an accepted amendment, 552a(c)(4)). */
export async function insertNotices(
  sql: Sql,
  record: { sourceId: string; sourceRecordId: string },
  redressId: string,
  at: Date,
): Promise<number> {
  const rows = await sql.query(
    `insert into disclosure_notices (disclosure_id, redress_id, source_id, source_record_id, created_at)
     select dr.disclosure_id, $3, dr.source_id, dr.source_record_id, $4 from disclosure_records dr
      where dr.source_id = $1 and dr.source_record_id = $2
     on conflict do nothing returning disclosure_id`,
    [record.sourceId, record.sourceRecordId, redressId, at],
  );
  return rows.length;
}
