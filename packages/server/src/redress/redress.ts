import { createHash, randomBytes } from 'node:crypto';
import {
  AppError,
  appealDeadline,
  type IsoDate,
  nextRedressDeadline,
  REDRESS_OUTCOMES,
  type RedressDue,
  type RedressOutcome,
  redressDeadlines,
  validateRecord,
} from '@ilos/core';
import { type Grant, type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { insertAssignment } from '../db/access-repository.js';
import { personsOfRecords } from '../db/disclosures-repository.js';
import { finishRun, startRun } from '../db/ingest-runs-repository.js';
import { recordHistory, storeRecords } from '../db/records-repository.js';
import {
  findRedress,
  insertRedress,
  listRedress,
  acknowledgeRedress as markAcknowledged,
  resolveRedress as markResolved,
  type RedressRow,
} from '../db/redress-repository.js';
import { findSource } from '../db/sources-repository.js';
import type { Sql } from '../db/sql.js';
import { contentHash } from '../ingest/ingest-file.js';
import { derivePersonStatuses } from '../persons/derive-one.js';
import { noticeToPriorRecipients } from '../records-access/disclose.js';
import type { ShownVersion } from '../records-access/show-record.js';
import { recordKey } from './disputes.js';

/**
 * Redress (ADR 0013): a person or counsel disputes a record. The request carries the Privacy Act clocks,
 * is shown with the record, freezes adverse steps that rest on it (isDisputed), and ends in an amendment
 * (a new version of the record), a denial (with its appeal window) or a withdrawal.
 */
export type OpenRedress = {
  sourceId: string;
  sourceRecordId: string;
  statement: string;
  fields?: readonly string[];
  requester?: 'subject' | 'counsel' | 'agency';
  /** The day the request was received; defaults to today. */
  receivedOn?: string | undefined;
};

const today = (now: Date) => now.toISOString().slice(0, 10);
const target = (id: string) => `redress:${id}`;

export async function openRedress(
  ctx: Context,
  principal: Principal,
  input: OpenRedress,
): Promise<RedressRow> {
  const statement = input.statement.trim();
  if (statement.length === 0)
    throw new AppError('invalid_input', 'a dispute needs a statement of what is wrong');
  if (statement.length > 10_000)
    throw new AppError('invalid_input', 'the statement is longer than 10,000 characters');
  const receivedOn = input.receivedOn;
  if (receivedOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(receivedOn)) {
    throw new AppError('invalid_input', `--received '${receivedOn}' is not a date (YYYY-MM-DD)`);
  }
  const id = `RDR-${randomBytes(4).toString('hex').toUpperCase()}`;
  const key = recordKey(input.sourceId, input.sourceRecordId);
  return withAccess(
    ctx,
    { principal, action: 'redress.open', event: 'redress.open', query: { redress: id, record: key } },
    async (tx, grant) => {
      const versions = await recordHistory(tx, input.sourceId, input.sourceRecordId);
      if (versions.length === 0)
        throw new AppError('not_found', `no record ${input.sourceRecordId} from ${input.sourceId}`);
      const received = receivedOn ?? today(grant.now);
      const clocks = redressDeadlines(received);
      await insertRedress(tx, {
        id,
        sourceId: input.sourceId,
        sourceRecordId: input.sourceRecordId,
        fields: [...(input.fields ?? [])],
        statement,
        requester: input.requester ?? 'subject',
        receivedOn: received,
        acknowledgeBy: clocks.acknowledgeBy,
        decideBy: clocks.decideBy,
        openedBy: grant.actorId,
        openedAt: grant.now,
      });
      await insertAssignment(tx, {
        userId: grant.actorId,
        target: target(id),
        by: grant.actorId,
        at: grant.now,
      });
      return {
        value: (await findRedress(tx, id))!,
        subjects: [key],
        fields: [...(input.fields ?? [])],
        details: { redress: id, acknowledgeBy: clocks.acknowledgeBy, decideBy: clocks.decideBy },
      };
    },
  );
}

export type RedressView = { request: RedressRow; record: ShownVersion[] };

/** A request with the record it disputes, for someone working it (purpose REDRESS, bound to it). */
export async function showRedress(ctx: Context, principal: Principal, id: string): Promise<RedressView> {
  return withAccess(
    ctx,
    {
      principal,
      action: 'redress.read',
      event: 'redress.read',
      purpose: 'REDRESS',
      target: target(id),
      query: { redress: id },
    },
    async (tx, grant) => {
      const request = await must(tx, id);
      const record = await shownVersions(tx, grant, request);
      const fields = [...new Set(record.flatMap((v) => Object.keys(v.payload)))].sort();
      const masked = record.some((v) => v.masked.length > 0);
      return {
        value: {
          request: masked ? { ...request, statement: '[withheld with the record]' } : request,
          record,
        },
        subjects: [recordKey(request.sourceId, request.sourceRecordId)],
        fields,
        details: { redress: id, versions: record.length },
      };
    },
  );
}

export type RedressWorkItem = Omit<RedressRow, 'statement'> & { next: RedressDue | undefined };

/**
 * The redress work list, ordered by legal deadline: ids, record keys and due dates (never statements or
 * record content), for a future work list. `asOf` defaults to today.
 */
export async function redressWorkList(
  ctx: Context,
  principal: Principal,
  options: { all?: boolean; asOf?: string } = {},
): Promise<RedressWorkItem[]> {
  return withAccess(
    ctx,
    { principal, action: 'redress.list', event: 'redress.list', query: { all: options.all ?? false } },
    async (tx, grant) => {
      const asOf = options.asOf ?? today(grant.now);
      const rows = await listRedress(tx, { unresolvedOnly: !options.all });
      const items = rows
        .map(({ statement: _s, ...row }) => ({ ...row, next: nextRedressDeadline(row, asOf) }))
        .sort(
          (a, b) => (a.next?.due ?? '9999').localeCompare(b.next?.due ?? '9999') || a.id.localeCompare(b.id),
        );
      return {
        value: items,
        subjects: items.map((i) => recordKey(i.sourceId, i.sourceRecordId)),
        fields: ['id', 'record', 'status', 'deadlines'],
        details: { count: items.length },
      };
    },
  );
}

/** Acknowledges receipt (the 10-working-day clock). */
export async function acknowledgeRedress(
  ctx: Context,
  principal: Principal,
  id: string,
): Promise<RedressRow> {
  return withAccess(
    ctx,
    {
      principal,
      action: 'redress.acknowledge',
      event: 'redress.acknowledge',
      purpose: 'REDRESS',
      target: target(id),
    },
    async (tx, grant) => {
      const request = await must(tx, id, true);
      if (request.status !== 'open') throw new AppError('conflict', `${id} is ${request.status}, not open`);
      await markAcknowledged(tx, id, grant.actorId, grant.now);
      return {
        value: (await findRedress(tx, id))!,
        subjects: [recordKey(request.sourceId, request.sourceRecordId)],
        fields: [],
        details: { redress: id, late: today(grant.now) > request.acknowledgeBy },
      };
    },
  );
}

export type ResolveRedress = {
  id: string;
  outcome: string;
  note: string;
  /** For 'amended': the corrected field values; they become a new version of the record. */
  corrections?: Readonly<Record<string, string>>;
};

/**
 * Decides a request. An amendment stores the corrected record as a new version (the old ones stay in its
 * history); a denial opens the 30-working-day appeal window, during which the record stays disputed.
 */
export async function resolveRedress(
  ctx: Context,
  principal: Principal,
  input: ResolveRedress,
): Promise<RedressRow> {
  if (!(REDRESS_OUTCOMES as readonly string[]).includes(input.outcome)) {
    throw new AppError(
      'invalid_input',
      `outcome '${input.outcome}' is not one of ${REDRESS_OUTCOMES.join(', ')}`,
    );
  }
  const outcome = input.outcome as RedressOutcome;
  const corrections = input.corrections ?? {};
  if (outcome === 'amended' && Object.keys(corrections).length === 0) {
    throw new AppError('invalid_input', 'an amendment needs the corrected values (--set field=value)');
  }
  if (outcome !== 'amended' && Object.keys(corrections).length > 0) {
    throw new AppError('invalid_input', 'only an amendment changes the record');
  }
  if (input.note.trim().length === 0)
    throw new AppError('invalid_input', 'a decision needs a note giving its reasons');
  return withAccess(
    ctx,
    {
      principal,
      action: outcome === 'amended' ? 'record.correct' : 'redress.resolve',
      event: 'redress.resolve',
      purpose: 'REDRESS',
      target: target(input.id),
      query: { redress: input.id, outcome },
    },
    async (tx, grant) => {
      const request = await must(tx, input.id, true);
      if (request.status === 'resolved') throw new AppError('conflict', `${input.id} is resolved already`);
      const correctionVersion = outcome === 'amended' ? await correct(tx, grant, request, corrections) : null;
      // What derives from the record follows the correction at once: the status of the person holding it.
      const rederived = outcome === 'amended' ? await rederiveHolder(tx, request, grant.now) : [];
      // 552a(c)(4), T12.2: every earlier recipient of the record is told of the amendment.
      const recipientsNotified =
        outcome === 'amended' ? await noticeToPriorRecipients(tx, request, input.id, grant.now) : 0;
      const decidedOn = today(grant.now);
      await markResolved(tx, {
        id: input.id,
        by: grant.actorId,
        at: grant.now,
        outcome,
        note: input.note.trim(),
        appealBy: outcome === 'denied' ? appealDeadline(decidedOn) : null,
        correctionVersion,
      });
      return {
        value: (await findRedress(tx, input.id))!,
        subjects: [recordKey(request.sourceId, request.sourceRecordId), ...rederived],
        fields: Object.keys(corrections).sort(),
        details: {
          redress: input.id,
          outcome,
          correctionVersion,
          statusesRederived: rederived.length,
          late: decidedOn > request.decideBy,
          recipientsNotified,
        },
      };
    },
  );
}

/**
 * Derives again, in the amendment's transaction, the status of the person the corrected record is filed
 * under (the corrected version is now the current one). The record stays with its person: identity
 * changes wait for the next batch resolution, as for any new version of a known record (ADR 0040).
 */
async function rederiveHolder(tx: Sql, request: RedressRow, now: Date): Promise<string[]> {
  const [personId] = await personsOfRecords(tx, [
    { sourceId: request.sourceId, sourceRecordId: request.sourceRecordId },
  ]);
  if (personId === undefined) return [];
  await derivePersonStatuses(tx, [personId], today(now) as IsoDate);
  return [personId];
}

/** Stores the corrected record as a new version through the same path as ingest, with its own receipt. */
async function correct(
  tx: Sql,
  grant: Grant,
  request: RedressRow,
  corrections: Readonly<Record<string, string>>,
): Promise<number> {
  const versions = await recordHistory(tx, request.sourceId, request.sourceRecordId);
  const current = versions.find((v) => v.isCurrent) ?? versions.at(-1);
  if (current === undefined)
    throw new AppError('not_found', `the record ${request.sourceRecordId} no longer exists`);
  const source = await findSource(tx, request.sourceId);
  if (source === undefined) throw new AppError('not_found', `source ${request.sourceId} is not registered`);
  const sourceVersion = Math.max(...versions.map((v) => v.sourceVersion)) + 1;
  const checked = validateRecord(
    {
      ...current.payload,
      ...corrections,
      sourceRecordId: request.sourceRecordId,
      recordType: current.recordType,
      schemaVersion: '1',
      sourceVersion: String(sourceVersion),
    },
    { source, today: today(grant.now) },
  );
  if (!checked.ok)
    throw new AppError('invalid_input', `the corrected record is not valid: ${checked.error.message}`);
  const record = checked.value;
  const runId = `redress-${request.id}-${randomBytes(3).toString('hex')}`;
  const sha = contentHash(record.recordType, record.fields);
  await startRun(tx, {
    runId,
    sourceId: request.sourceId,
    fileName: `redress:${request.id}`,
    fileSha256: createHash('sha256').update(`${request.id}:${sha}`).digest('hex'),
    fileBytes: 0,
  });
  const stored = await storeRecords(tx, runId, request.sourceId, [
    {
      sourceRecordId: record.sourceRecordId,
      recordType: record.recordType,
      sourceVersion: record.sourceVersion,
      contentSha256: sha,
      payload: record.fields,
      line: 0,
      byteOffset: 0,
      raw: '',
    },
  ]);
  await finishRun(tx, runId, {
    state: 'applied',
    accepted: stored.accepted,
    duplicates: stored.duplicates,
    versions: stored.versions,
    quarantined: 0,
    reasons: {},
    refusal: null,
  });
  if (stored.versions !== 1) throw new AppError('conflict', 'the corrections do not change the record');
  return Math.max(...versions.map((v) => v.version)) + 1;
}

async function shownVersions(tx: Sql, grant: Grant, request: RedressRow): Promise<ShownVersion[]> {
  const history = await recordHistory(tx, request.sourceId, request.sourceRecordId);
  return history.map((v) => {
    const shown = grant.disclose(v.recordType, v.payload);
    return {
      version: v.version,
      sourceVersion: v.sourceVersion,
      isCurrent: v.isCurrent,
      recordType: shown.recordType,
      payload: shown.payload,
      masked: shown.masked,
    };
  });
}

async function must(tx: Sql, id: string, lock = false): Promise<RedressRow> {
  const request = await findRedress(tx, id, { lock });
  if (request === undefined) throw new AppError('not_found', `no redress request '${id}'`);
  return request;
}
