import type { Sql } from './sql.js';

/**
 * What the oversight detectors compare audit rows with (migration 0023, T8.5): the person records linked to
 * users' accounts, the VIP / sensitive-person flag list, and the family names of the subjects read.
 */
export type PersonLink = { userId: string; personId: string; linkedBy: string; linkedAt: Date };
export type SensitivePerson = { personId: string; reason: string; flaggedBy: string; flaggedAt: Date };

export async function insertPersonLink(
  sql: Sql,
  link: { userId: string; personId: string; by: string; at: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `insert into user_person_links (user_id, person_id, linked_by, linked_at) values ($1, $2, $3, $4)
     on conflict do nothing returning user_id`,
    [link.userId, link.personId, link.by, link.at],
  );
  return rows.length === 1;
}

export async function deletePersonLink(sql: Sql, userId: string, personId: string): Promise<boolean> {
  const rows = await sql.query(
    'delete from user_person_links where user_id = $1 and person_id = $2 returning user_id',
    [userId, personId],
  );
  return rows.length === 1;
}

export async function listPersonLinks(sql: Sql): Promise<PersonLink[]> {
  const rows = await sql.query<{ user_id: string; person_id: string; linked_by: string; linked_at: Date }>(
    'select user_id, person_id, linked_by, linked_at from user_person_links order by user_id, person_id',
  );
  return rows.map((r) => ({
    userId: r.user_id,
    personId: r.person_id,
    linkedBy: r.linked_by,
    linkedAt: r.linked_at,
  }));
}

export async function insertSensitivePerson(
  sql: Sql,
  flag: { personId: string; reason: string; by: string; at: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `insert into sensitive_persons (person_id, reason, flagged_by, flagged_at) values ($1, $2, $3, $4)
     on conflict do nothing returning person_id`,
    [flag.personId, flag.reason, flag.by, flag.at],
  );
  return rows.length === 1;
}

export async function deleteSensitivePerson(sql: Sql, personId: string): Promise<boolean> {
  const rows = await sql.query('delete from sensitive_persons where person_id = $1 returning person_id', [
    personId,
  ]);
  return rows.length === 1;
}

export async function listSensitivePersons(sql: Sql): Promise<SensitivePerson[]> {
  const rows = await sql.query<{ person_id: string; reason: string; flagged_by: string; flagged_at: Date }>(
    'select person_id, reason, flagged_by, flagged_at from sensitive_persons order by person_id',
  );
  return rows.map((r) => ({
    personId: r.person_id,
    reason: r.reason,
    flaggedBy: r.flagged_by,
    flaggedAt: r.flagged_at,
  }));
}

/**
 * Every audit subject that names one of these persons, mapped to the person: the id as reads write it
 * ('P-…') and as resolution writes it ('person:P-…'), the id it was merged into, and the keys of the
 * records it holds now ('record:source/id').
 */
export async function personSubjects(sql: Sql, personIds: readonly string[]): Promise<Map<string, string>> {
  const subjects = new Map<string, string>();
  if (personIds.length === 0) return subjects;
  const rows = await sql.query<{
    linked: string;
    current: string;
    source_id: string | null;
    source_record_id: string | null;
  }>(
    `with wanted as (select unnest($1::text[]) as linked),
          now_as as (select w.linked, coalesce(p.merged_into, w.linked) as current
                       from wanted w left join persons p on p.person_id = w.linked)
     select n.linked, n.current, pr.source_id, pr.source_record_id
       from now_as n left join person_records pr on pr.person_id in (n.linked, n.current)`,
    [[...personIds]],
  );
  for (const r of rows) {
    for (const id of [r.linked, r.current]) {
      subjects.set(id, r.linked);
      subjects.set(`person:${id}`, r.linked);
    }
    if (r.source_id !== null && r.source_record_id !== null)
      subjects.set(`record:${r.source_id}/${r.source_record_id}`, r.linked);
  }
  return subjects;
}

/**
 * The family names the current records of these subjects carry: for a person id, its records'; for a
 * record key, that record's. Subjects of other kinds (users, cases) have none.
 */
export async function subjectFamilyNames(
  sql: Sql,
  subjects: readonly string[],
): Promise<Map<string, string[]>> {
  const persons = new Map<string, string[]>(); // person id -> subjects naming it
  const sources: string[] = [];
  const ids: string[] = [];
  for (const s of new Set(subjects)) {
    const person = /^(?:person:)?(P-[A-Za-z0-9-]+)$/.exec(s)?.[1];
    if (person !== undefined) persons.set(person, [...(persons.get(person) ?? []), s]);
    const record = /^record:([^/]+)\/(.+)$/s.exec(s);
    if (record !== null) {
      sources.push(record[1]!);
      ids.push(record[2]!);
    }
  }
  const names = new Map<string, string[]>();
  const add = (subject: string, name: string) => names.set(subject, [...(names.get(subject) ?? []), name]);
  if (persons.size > 0) {
    const rows = await sql.query<{ person_id: string; name: string }>(
      `select pr.person_id, r.payload->>'familyName' as name
         from person_records pr
         join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
        where pr.person_id = any($1::text[]) and r.payload ? 'familyName'`,
      [[...persons.keys()]],
    );
    for (const r of rows) for (const s of persons.get(r.person_id) ?? []) add(s, r.name);
  }
  if (ids.length > 0) {
    const rows = await sql.query<{ source_id: string; source_record_id: string; name: string }>(
      `select r.source_id, r.source_record_id, r.payload->>'familyName' as name
         from unnest($1::text[], $2::text[]) as k (source_id, source_record_id)
         join records r on r.source_id = k.source_id and r.source_record_id = k.source_record_id and r.is_current
        where r.payload ? 'familyName'`,
      [sources, ids],
    );
    for (const r of rows) add(`record:${r.source_id}/${r.source_record_id}`, r.name);
  }
  return names;
}
