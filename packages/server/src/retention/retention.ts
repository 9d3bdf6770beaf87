import { randomBytes } from 'node:crypto';
import { ACCOUNTING_YEARS, AppError, isPastRetention } from '@ilos/core';
import { auditSystemWrite, type Principal, withAccess } from '../access/access-layer.js';
import { redactAuditTrail } from '../audit/redact.js';
import type { Context } from '../context.js';
import {
  disposeAccounting,
  disposeQuarantine,
  disposeRecords,
  findDisposalCandidates,
  type HoldRow,
  insertHold,
  listHolds,
  releaseHold,
} from '../db/retention-repository.js';
import { findSource, listSources } from '../db/sources-repository.js';
import { recordKey } from '../redress/disputes.js';

/**
 * Retention (ADR 0013, RELIABILITY.md T13): each source's records are disposed of once past its
 * retentionYears, counted from the record's own date (else the day it was received), unless a legal hold
 * or an unresolved dispute covers them. Each batch is deleted in the same transaction as its audit row
 * (the disposal receipt: the keys disposed, never their content), and keys go to the disposal ledger.
 */
export type RetentionResult = {
  runId: string;
  asOf: string;
  dryRun: boolean;
  sources: {
    sourceId: string;
    retentionYears: number;
    due: number;
    disposed: number;
    /** Rows derived from the disposed records: person filings, identity links, review tasks, statuses. */
    derivedRemoved: number;
    quarantineRemoved: number;
  }[];
  /** Persons who lost records: their statuses were removed with them and must be derived again. */
  personsToRederive: string[];
  /** Accounting-of-disclosure rows past five years whose records are all gone (T12.1). */
  accountingRemoved: number;
  /** Audit entries past the audit schedule whose personal columns were blanked (T13.2). */
  auditRedacted: number;
};

const BATCH = 1000;

export async function runRetention(
  ctx: Context,
  options: {
    dryRun?: boolean;
    asOf?: string;
    triggeredBy?: string | undefined;
    /** The audit trail's schedule in days (raised to a year at least). */
    auditRetentionDays?: number;
  } = {},
): Promise<RetentionResult> {
  const runId = `ret-${randomBytes(5).toString('hex')}`;
  const now = ctx.now();
  const asOf = options.asOf ?? now.toISOString().slice(0, 10);
  const dryRun = options.dryRun ?? false;
  const result: RetentionResult = {
    runId,
    asOf,
    dryRun,
    sources: [],
    personsToRederive: [],
    accountingRemoved: 0,
    auditRedacted: 0,
  };
  for (const source of await listSources(ctx.sql)) {
    const cutoff = `${Number(asOf.slice(0, 4)) - source.retentionYears}${asOf.slice(4)}`;
    const summary = {
      sourceId: source.id,
      retentionYears: source.retentionYears,
      due: 0,
      disposed: 0,
      derivedRemoved: 0,
      quarantineRemoved: 0,
    };
    let after = '';
    for (;;) {
      const candidates = await findDisposalCandidates(ctx.sql, source.id, nextDay(cutoff), after, BATCH);
      if (candidates.length === 0) break;
      after = candidates.at(-1)!.sourceRecordId;
      const due = candidates.filter((c) => isPastRetention(c.anchor, c.retentionYears, asOf));
      summary.due += due.length;
      if (due.length === 0 || dryRun) continue;
      const ids = due.map((d) => d.sourceRecordId);
      const gone = await ctx.sql.transact(async (tx) => {
        const d = await disposeRecords(tx, source.id, ids, runId, ctx.now());
        // The disposal receipt: the keys and counts of everything removed, never content.
        await auditSystemWrite(tx, ctx.now(), {
          system: 'retention',
          action: 'record.dispose',
          event: 'record.dispose',
          purpose: 'RETENTION',
          target: `run:${runId}`,
          subjects: [...ids.map((id) => recordKey(source.id, id)), ...d.persons],
          details: {
            source: source.id,
            disposed: d.records,
            personRecords: d.personRecords,
            identityLinks: d.identityLinks,
            reviewTasks: d.reviewTasks,
            statuses: d.statuses,
            quarantineCopies: d.quarantineCopies,
            retentionYears: source.retentionYears,
            asOf,
          },
        });
        return d;
      });
      summary.disposed += gone.records;
      summary.derivedRemoved += gone.personRecords + gone.identityLinks + gone.reviewTasks + gone.statuses;
      summary.quarantineRemoved += gone.quarantineCopies;
      for (const p of gone.persons) result.personsToRederive.push(p);
    }
    if (!dryRun) {
      const before = new Date(`${cutoff}T00:00:00Z`);
      summary.quarantineRemoved += await ctx.sql.transact(async (tx) =>
        disposeQuarantine(tx, source.id, before),
      );
    }
    result.sources.push(summary);
  }
  if (!dryRun) {
    const fiveYearsBefore = `${Number(asOf.slice(0, 4)) - ACCOUNTING_YEARS}${asOf.slice(4)}`;
    result.accountingRemoved = (
      await ctx.sql.transact(async (tx) => disposeAccounting(tx, fiveYearsBefore))
    ).length;
    result.auditRedacted = (
      await redactAuditTrail(ctx, { runId, retentionDays: options.auditRetentionDays })
    ).redacted;
  }
  await ctx.sql.transact(async (tx) =>
    auditSystemWrite(tx, ctx.now(), {
      system: 'retention',
      action: 'record.dispose',
      event: 'retention.run',
      purpose: 'RETENTION',
      target: `run:${runId}`,
      subjects: [],
      details: {
        asOf,
        dryRun,
        due: result.sources.reduce((n, s) => n + s.due, 0),
        disposed: result.sources.reduce((n, s) => n + s.disposed, 0),
        quarantineRemoved: result.sources.reduce((n, s) => n + s.quarantineRemoved, 0),
        derivedRemoved: result.sources.reduce((n, s) => n + s.derivedRemoved, 0),
        accountingRemoved: result.accountingRemoved,
        auditRedacted: result.auditRedacted,
        triggeredBy: options.triggeredBy ?? null,
      },
    }),
  );
  return result;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return `${date.slice(0, 4)}-12-31`; // 29 February in a common year
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A legal hold on a whole source or one record: nothing under it is disposed of until it is released. */
export async function addHold(
  ctx: Context,
  principal: Principal,
  input: { sourceId: string; sourceRecordId?: string | undefined; reason: string },
): Promise<HoldRow> {
  if (input.reason.trim().length < 5)
    throw new AppError('invalid_input', 'a legal hold needs its reason (a matter or order)');
  const id = `hold-${randomBytes(4).toString('hex')}`;
  return withAccess(
    ctx,
    {
      principal,
      action: 'hold.manage',
      event: 'retention.hold',
      query: { hold: id, source: input.sourceId },
    },
    async (tx, grant) => {
      if ((await findSource(tx, input.sourceId)) === undefined)
        throw new AppError('not_found', `source '${input.sourceId}' is not registered`);
      const hold = {
        id,
        sourceId: input.sourceId,
        sourceRecordId: input.sourceRecordId ?? null,
        reason: input.reason.trim(),
        placedBy: grant.actorId,
        placedAt: grant.now,
      };
      await insertHold(tx, hold);
      return {
        value: { ...hold, releasedBy: null, releasedAt: null },
        subjects: input.sourceRecordId === undefined ? [] : [recordKey(input.sourceId, input.sourceRecordId)],
        fields: [],
      };
    },
  );
}

export async function releaseLegalHold(ctx: Context, principal: Principal, id: string): Promise<HoldRow> {
  return withAccess(
    ctx,
    { principal, action: 'hold.manage', event: 'retention.release', query: { hold: id } },
    async (tx, grant) => {
      const live = (await listHolds(tx)).find((h) => h.id === id);
      if (live === undefined) throw new AppError('not_found', `no live legal hold '${id}'`);
      const released = (await releaseHold(tx, id, grant.actorId, grant.now))!;
      return {
        value: released,
        subjects: live.sourceRecordId === null ? [] : [recordKey(live.sourceId, live.sourceRecordId)],
        fields: [],
      };
    },
  );
}

export async function legalHolds(ctx: Context, principal: Principal, all = false): Promise<HoldRow[]> {
  return withAccess(
    ctx,
    { principal, action: 'hold.manage', event: 'retention.list', query: { list: 'holds' } },
    async (tx) => {
      const holds = await listHolds(tx, { all });
      return {
        value: holds,
        subjects: [],
        fields: ['id', 'source', 'record', 'reason'],
        details: { count: holds.length },
      };
    },
  );
}
