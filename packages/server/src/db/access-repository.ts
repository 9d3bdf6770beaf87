import type { Sql } from './sql.js';

/** Assignments and break-glass grants (migration 0012). */

/**
 * Whether a person belongs to what a purpose is bound to (BOLA, RELIABILITY.md T7): the person of the
 * case (or the person it was merged into), a person holding one of the two records of an identity review
 * task, or the person whose record a dispute is about. Anything else — including a person that does not
 * exist — is not in it.
 */
export async function personInTarget(sql: Sql, personId: string, target: string): Promise<boolean> {
  const colon = target.indexOf(':');
  const kind = target.slice(0, colon);
  const id = target.slice(colon + 1);
  const query =
    kind === 'case'
      ? `select exists (select 1 from cases c left join persons p on p.person_id = c.person_id
                         where c.id = $2 and (c.person_id = $1 or p.merged_into = $1)) as inside`
      : kind === 'task'
        ? `select exists (select 1 from review_tasks t join person_records pr
                                 on pr.source_id || ':' || pr.source_record_id in (t.a, t.b)
                           where t.task_id = $2 and pr.person_id = $1) as inside`
        : kind === 'redress'
          ? `select exists (select 1 from redress_requests q join person_records pr
                                   on pr.source_id = q.source_id and pr.source_record_id = q.source_record_id
                             where q.id = $2 and pr.person_id = $1) as inside`
          : undefined;
  if (query === undefined) return false;
  const [row] = await sql.query<{ inside: boolean }>(query, [personId, id]);
  return row?.inside === true;
}

export async function insertAssignment(
  sql: Sql,
  a: { userId: string; target: string; by: string; at: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `insert into access_assignments (user_id, target, assigned_by, assigned_at) values ($1, $2, $3, $4)
     on conflict do nothing returning user_id`,
    [a.userId, a.target, a.by, a.at],
  );
  return rows.length === 1;
}

export async function revokeAssignment(
  sql: Sql,
  a: { userId: string; target: string; by: string; at: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `update access_assignments set revoked_by = $3, revoked_at = $4
      where user_id = $1 and target = $2 and revoked_at is null returning user_id`,
    [a.userId, a.target, a.by, a.at],
  );
  return rows.length === 1;
}

export type AssignmentRow = { userId: string; target: string; assignedBy: string; assignedAt: Date };

export async function listAssignments(sql: Sql, userId?: string): Promise<AssignmentRow[]> {
  const rows = await sql.query<{ user_id: string; target: string; assigned_by: string; assigned_at: Date }>(
    `select user_id, target, assigned_by, assigned_at from access_assignments
      where revoked_at is null and ($1::text is null or user_id = $1) order by user_id, target`,
    [userId ?? null],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    target: r.target,
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at,
  }));
}

export type BreakGlassRow = {
  id: string;
  userId: string;
  purpose: string;
  target: string;
  justification: string;
  openedAt: Date;
  expiresAt: Date;
  reviewDue: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewOutcome: 'justified' | 'misuse' | null;
  reviewNote: string | null;
};

type GrantRow = {
  id: string;
  user_id: string;
  purpose: string;
  target: string;
  justification: string;
  opened_at: Date;
  expires_at: Date;
  review_due: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_outcome: 'justified' | 'misuse' | null;
  review_note: string | null;
};

const toGrant = (r: GrantRow): BreakGlassRow => ({
  id: r.id,
  userId: r.user_id,
  purpose: r.purpose,
  target: r.target,
  justification: r.justification,
  openedAt: r.opened_at,
  expiresAt: r.expires_at,
  reviewDue: r.review_due,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  reviewOutcome: r.review_outcome,
  reviewNote: r.review_note,
});

export async function insertBreakGlass(
  sql: Sql,
  g: Omit<BreakGlassRow, 'reviewedBy' | 'reviewedAt' | 'reviewOutcome' | 'reviewNote'>,
): Promise<void> {
  await sql.query(
    `insert into break_glass_grants (id, user_id, purpose, target, justification, opened_at, expires_at, review_due)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [g.id, g.userId, g.purpose, g.target, g.justification, g.openedAt, g.expiresAt, g.reviewDue],
  );
}

export async function countBreakGlassSince(sql: Sql, userId: string, since: Date): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    'select count(*)::int as n from break_glass_grants where user_id = $1 and opened_at >= $2',
    [userId, since],
  );
  return row?.n ?? 0;
}

export async function listBreakGlass(sql: Sql, options: { open?: boolean } = {}): Promise<BreakGlassRow[]> {
  const rows = await sql.query<GrantRow>(
    `select * from break_glass_grants where ($1::boolean is not true or reviewed_at is null) order by review_due, id`,
    [options.open ?? false],
  );
  return rows.map(toGrant);
}

export async function findBreakGlass(sql: Sql, id: string): Promise<BreakGlassRow | undefined> {
  const [row] = await sql.query<GrantRow>('select * from break_glass_grants where id = $1 for update', [id]);
  return row === undefined ? undefined : toGrant(row);
}

export async function reviewBreakGlass(
  sql: Sql,
  r: { id: string; by: string; at: Date; outcome: 'justified' | 'misuse'; note: string },
): Promise<void> {
  await sql.query(
    `update break_glass_grants set reviewed_by = $2, reviewed_at = $3, review_outcome = $4, review_note = $5,
       expires_at = least(expires_at, $3) where id = $1`,
    [r.id, r.by, r.at, r.outcome, r.note],
  );
}
