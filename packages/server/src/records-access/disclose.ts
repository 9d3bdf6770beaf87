import { randomBytes } from 'node:crypto';
import { AppError, type Citation, type DisclosureNature, routineUse } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { personInTarget } from '../db/access-repository.js';
import {
  accountingOfPerson,
  type DisclosureRow,
  insertDisclosure,
  insertNotices,
  personsOfRecords,
  recordsOfPerson,
} from '../db/disclosures-repository.js';
import { recordHistory } from '../db/records-repository.js';
import type { Sql } from '../db/sql.js';
import { disputesFor, recordKey } from '../redress/disputes.js';

export type DisclosedRecord = {
  sourceId: string;
  sourceRecordId: string;
  recordType: string | null;
  payload: Record<string, string>;
  masked: Citation[];
  /** T12.2: every later disclosure of a disputed record carries the person's statement and flags the fields. */
  disputes: { statement: string; fields: string[]; status: string }[];
  disputedFields: string[];
};

export type Disclosure = {
  id: string;
  disclosedAt: string;
  nature: DisclosureNature;
  routineUse: string;
  recipient: { name: string; contact: string };
  records: DisclosedRecord[];
};

/**
 * A disclosure outside the agency (Privacy Act 552a(b),(c); RELIABILITY.md T8.3, T12.1): under a routine
 * use from the published list, to a named recipient with an address or contact, of records that belong
 * to the person of the case or dispute the purpose is bound to. Writes exactly one accounting row (date,
 * nature, purpose, recipient, routine use, record ids) in the same transaction as its audit row. A
 * disclosure without a published routine use, or without a full recipient, is refused and audited.
 */
export async function discloseRecords(
  ctx: Context,
  principal: Principal,
  input: {
    records: readonly { sourceId: string; sourceRecordId: string }[];
    routineUse: string | undefined;
    nature: DisclosureNature;
    recipient: { name: string; contact: string };
    purpose: string | undefined;
    target: string | undefined;
  },
): Promise<Disclosure> {
  const keys = input.records.map((r) => recordKey(r.sourceId, r.sourceRecordId));
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.disclose',
      event: 'record.disclose',
      purpose: input.purpose,
      target: input.target,
      query: { routineUse: input.routineUse ?? null, nature: input.nature, records: input.records.length },
    },
    async (tx, grant) => {
      const refuse = (code: 'invalid_input' | 'not_found', message: string) => ({
        value: undefined as never,
        subjects: keys,
        fields: [],
        error: new AppError(code, message),
      });
      const use = routineUse(input.routineUse);
      if (use === undefined)
        return refuse(
          'invalid_input',
          'a disclosure needs a routine use from the published list (ilos redress uses)',
        );
      const name = input.recipient.name.trim();
      const contact = input.recipient.contact.trim();
      if (name.length === 0 || contact.length === 0)
        return refuse('invalid_input', "a disclosure needs the recipient's name and address or contact");
      if (input.records.length === 0)
        return refuse('invalid_input', 'a disclosure carries at least one record');
      const owners = await personsOfRecords(tx, input.records);
      for (const [i, r] of input.records.entries()) {
        const owner = owners[i];
        if (owner === undefined || !(await personInTarget(tx, owner, grant.target!)))
          return refuse('not_found', `no record ${r.sourceId}/${r.sourceRecordId} in ${grant.target}`);
      }
      const disputes = await disputesFor(tx, keys, grant.now.toISOString().slice(0, 10));
      const records: DisclosedRecord[] = [];
      for (const r of input.records) {
        const current = (await recordHistory(tx, r.sourceId, r.sourceRecordId)).find((v) => v.isCurrent);
        if (current === undefined) return refuse('not_found', `no record ${r.sourceId}/${r.sourceRecordId}`);
        const shown = grant.disclose(current.recordType, current.payload);
        const mine = disputes.filter((d) => d.recordKey === recordKey(r.sourceId, r.sourceRecordId));
        const withheld = shown.masked.length > 0;
        records.push({
          sourceId: r.sourceId,
          sourceRecordId: r.sourceRecordId,
          recordType: shown.recordType,
          payload: shown.payload,
          masked: shown.masked,
          disputes: mine.map((d) => ({
            statement: withheld ? '[withheld with the record]' : d.statement,
            fields: withheld ? [] : d.fields,
            status: d.status,
          })),
          disputedFields: withheld ? [] : [...new Set(mine.flatMap((d) => d.fields))].sort(),
        });
      }
      const row: DisclosureRow = {
        id: `dis-${randomBytes(5).toString('hex')}`,
        disclosedAt: grant.now,
        nature: input.nature,
        purpose: grant.purpose!,
        routineUse: use.id,
        lawEnforcement: use.lawEnforcement,
        recipientName: name,
        recipientContact: contact,
        disclosedBy: grant.actorId,
        records: input.records.map((r, i) => ({ ...r, personId: owners[i] ?? null })),
      };
      await insertDisclosure(tx, row);
      return {
        value: {
          id: row.id,
          disclosedAt: grant.now.toISOString(),
          nature: input.nature,
          routineUse: use.id,
          recipient: { name, contact },
          records,
        },
        subjects: keys,
        fields: [...new Set(records.flatMap((r) => Object.keys(r.payload)))].sort(),
        details: { disclosure: row.id, routineUse: use.id, nature: input.nature },
      };
    },
  );
}

export type AccessReport = {
  personId: string;
  records: {
    sourceId: string;
    sourceRecordId: string;
    recordType: string | null;
    payload: Record<string, string>;
  }[];
  /** The accounting of disclosures of this person's records, without (b)(7) law-enforcement ones. */
  disclosures: {
    id: string;
    disclosedAt: string;
    nature: string;
    purpose: string;
    routineUse: string;
    recipient: { name: string; contact: string };
    records: string[];
  }[];
  exemptFields: string[];
};

/**
 * The individual's access report (552a(c)(3), (d); RELIABILITY.md T12.3), produced for the person's
 * request by whoever works it (REDRESS, bound to that request): all of the person's records and the
 * accounting of their disclosures, without (b)(7) law-enforcement disclosures and without the fields
 * exempted by configuration. The access layer checks the person is the request's (BOLA); every query
 * here is keyed by that one person id, so no one else's data can enter.
 */
export async function individualAccessReport(
  ctx: Context,
  principal: Principal,
  input: {
    personId: string;
    purpose: string | undefined;
    target: string | undefined;
    exemptFields?: readonly string[];
  },
): Promise<AccessReport> {
  const exempt = [...new Set(input.exemptFields ?? [])].sort();
  return withAccess(
    ctx,
    {
      principal,
      action: 'privacy.access_report',
      event: 'privacy.access_report',
      purpose: input.purpose,
      target: input.target,
      person: input.personId,
      query: { person: input.personId, exemptFields: exempt },
    },
    async (tx, grant) => {
      const records = (await recordsOfPerson(tx, input.personId)).map((r) => {
        const shown = grant.disclose(r.recordType, r.payload);
        const payload = Object.fromEntries(
          Object.entries(shown.payload).filter(([f]) => !exempt.includes(f)),
        );
        return {
          sourceId: r.sourceId,
          sourceRecordId: r.sourceRecordId,
          recordType: shown.recordType,
          payload,
        };
      });
      const disclosures = await accountingOfPerson(tx, input.personId, { withLawEnforcement: false });
      return {
        value: { personId: input.personId, records, disclosures, exemptFields: exempt },
        subjects: [input.personId, ...records.map((r) => recordKey(r.sourceId, r.sourceRecordId))],
        fields: [...new Set(records.flatMap((r) => Object.keys(r.payload)))].sort(),
        details: { records: records.length, disclosures: disclosures.length },
      };
    },
  );
}

/** For amendments (T12.2): every earlier recipient of a record gets a notice row. */
export async function noticeToPriorRecipients(
  tx: Sql,
  record: { sourceId: string; sourceRecordId: string },
  redressId: string,
  at: Date,
): Promise<number> {
  return insertNotices(tx, record, redressId, at);
}
