import { AppError } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { findUser, setFamilyName } from '../db/accounts-repository.js';
import {
  deletePersonLink,
  deleteSensitivePerson,
  insertPersonLink,
  insertSensitivePerson,
  listSensitivePersons,
  type SensitivePerson,
} from '../db/oversight-repository.js';
import type { Sql } from '../db/sql.js';

/**
 * What the T8.5 detectors of the oversight report compare the audit trail with (ADR 0019): the person
 * records that are a user's own and the family name on the account (an admin sets them), and the VIP /
 * sensitive-person flag list (a supervisor keeps it). Every change is audited, and so is a look at the list.
 */

const PERSON_ID = /^P-[A-Za-z0-9-]{1,60}$/;

/** Why a person cannot be linked or flagged: an error the access layer reports after auditing the attempt. */
async function missingPerson(tx: Sql, personId: string): Promise<AppError | undefined> {
  if (!PERSON_ID.test(personId))
    return new AppError('invalid_input', `'${personId}' is not a person id (P-…)`);
  const [row] = await tx.query('select 1 from persons where person_id = $1', [personId]);
  return row === undefined ? new AppError('not_found', `no person ${personId}`) : undefined;
}

async function mustFindUser(tx: Sql, userId: string): Promise<void> {
  if ((await findUser(tx, userId)) === undefined) throw new AppError('not_found', `no user '${userId}'`);
}

/** Links (or unlinks) a person record to a user's account: that user reading it is a self-lookup. */
export async function linkPerson(
  ctx: Context,
  principal: Principal,
  input: { userId: string; personId: string; unlink?: boolean },
): Promise<boolean> {
  const op = input.unlink ? 'unlink' : 'link';
  return withAccess(
    ctx,
    {
      principal,
      action: 'account.manage',
      event: 'account.link_person',
      query: { user: input.userId, person: input.personId, op },
    },
    async (tx, grant) => {
      await mustFindUser(tx, input.userId);
      const error = input.unlink ? undefined : await missingPerson(tx, input.personId);
      if (error !== undefined)
        return { value: false, subjects: [`user:${input.userId}`], fields: [], details: { op }, error };
      const changed = input.unlink
        ? await deletePersonLink(tx, input.userId, input.personId)
        : await insertPersonLink(tx, { ...input, by: grant.actorId, at: grant.now });
      return {
        value: changed,
        subjects: [`user:${input.userId}`, input.personId],
        fields: [],
        details: { op, changed },
      };
    },
  );
}

/** Sets (or clears, with an empty name) the family name on a user's account, for same-surname lookups. */
export async function setUserFamilyName(
  ctx: Context,
  principal: Principal,
  input: { userId: string; familyName: string },
): Promise<void> {
  const name = input.familyName.normalize('NFC').trim();
  if ([...name].length > 100) throw new AppError('invalid_input', 'a family name has at most 100 characters');
  await withAccess(
    ctx,
    { principal, action: 'account.manage', event: 'account.family_name', query: { user: input.userId } },
    async (tx) => {
      await mustFindUser(tx, input.userId);
      await setFamilyName(tx, input.userId, name === '' ? null : name);
      // The name itself stays out of the audit row (minimisation): the row says that it changed.
      return { value: undefined, subjects: [`user:${input.userId}`], fields: ['familyName'] };
    },
  );
}

/** Puts a person on the VIP / sensitive-person flag list, or takes them off it, with a reason (audited). */
export async function flagSensitivePerson(
  ctx: Context,
  principal: Principal,
  input: { personId: string; reason: string; remove?: boolean },
): Promise<boolean> {
  const reason = input.reason.trim();
  if (reason === '') throw new AppError('invalid_input', 'a flag needs a reason (--reason TEXT)');
  const op = input.remove ? 'remove' : 'add';
  return withAccess(
    ctx,
    {
      principal,
      action: 'sensitive.manage',
      event: 'sensitive.flag',
      query: { person: input.personId, op, reason },
    },
    async (tx, grant) => {
      const error = input.remove ? undefined : await missingPerson(tx, input.personId);
      if (error !== undefined) return { value: false, subjects: [], fields: [], details: { op }, error };
      const changed = input.remove
        ? await deleteSensitivePerson(tx, input.personId)
        : await insertSensitivePerson(tx, {
            personId: input.personId,
            reason,
            by: grant.actorId,
            at: grant.now,
          });
      return { value: changed, subjects: [input.personId], fields: [], details: { op, changed } };
    },
  );
}

/** The VIP / sensitive-person flag list, for a supervisor or an auditor (audited: it names persons). */
export async function sensitivePersons(ctx: Context, principal: Principal): Promise<SensitivePerson[]> {
  return withAccess(ctx, { principal, action: 'sensitive.list', event: 'sensitive.list' }, async (tx) => {
    const list = await listSensitivePersons(tx);
    return {
      value: list,
      subjects: list.map((p) => p.personId),
      fields: ['personId', 'reason', 'flaggedBy', 'flaggedAt'],
      details: { count: list.length },
    };
  });
}
