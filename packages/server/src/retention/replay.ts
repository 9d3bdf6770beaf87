import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AppError, parseCheckpointLine, parseEntryLine, parseHeaderLine } from '@ilos/core';
import { auditSystemWrite } from '../access/access-layer.js';
import { verifyExportFile } from '../audit/verify.js';
import type { Context } from '../context.js';
import { disposeRecords, findReplayable, ledgerKeys, type RecordKey } from '../db/retention-repository.js';
import { recordKey } from '../redress/disputes.js';

/**
 * Restore-then-purge (RELIABILITY.md T13.4). A restored backup brings back every record disposed of
 * since the backup was taken. The disposal ledger names them: the `retention_disposals` table of the
 * store, and — since a restore rolls that table back too — the `record.dispose` receipts of an audit
 * export taken after the disposals (kept off-box, verified here before it is trusted). Replaying disposes
 * of each named record the store holds again, with a receipt marked `replay`, unless a legal hold or an
 * unresolved dispute stops it now: those are listed, not disposed, for a person to decide.
 */
export type ReplayResult = {
  runId: string;
  /** Distinct record keys the ledger(s) name. */
  named: number;
  /** Of those, the ones the store holds again. */
  present: number;
  disposed: number;
  /** Present, but a live hold or an unresolved dispute stops their disposal now. */
  blocked: RecordKey[];
  derivedRemoved: number;
  personsToRederive: string[];
};

const BATCH = 1000;

export async function replayDisposals(
  ctx: Context,
  options: { ledger?: readonly RecordKey[]; dryRun?: boolean } = {},
): Promise<ReplayResult> {
  const runId = `ret-${randomBytes(5).toString('hex')}`;
  const named = new Map<string, RecordKey>();
  for (const k of [...(await ledgerKeys(ctx.sql)), ...(options.ledger ?? [])])
    named.set(`${k.sourceId}\u0000${k.sourceRecordId}`, k);
  const present = await findReplayable(ctx.sql, [...named.values()]);
  const result: ReplayResult = {
    runId,
    named: named.size,
    present: present.length,
    disposed: 0,
    blocked: present
      .filter((p) => p.blocked)
      .map(({ sourceId, sourceRecordId }) => ({ sourceId, sourceRecordId })),
    derivedRemoved: 0,
    personsToRederive: [],
  };
  const free = present.filter((p) => !p.blocked);
  const bySource = new Map<string, string[]>();
  for (const p of free) bySource.set(p.sourceId, [...(bySource.get(p.sourceId) ?? []), p.sourceRecordId]);
  for (const [sourceId, all] of options.dryRun ? [] : bySource) {
    for (let i = 0; i < all.length; i += BATCH) {
      const ids = all.slice(i, i + BATCH);
      const gone = await ctx.sql.transact(async (tx) => {
        const d = await disposeRecords(tx, sourceId, ids, runId, ctx.now());
        await auditSystemWrite(tx, ctx.now(), {
          system: 'retention',
          action: 'record.dispose',
          event: 'record.dispose',
          purpose: 'RETENTION',
          target: `run:${runId}`,
          subjects: [...ids.map((id) => recordKey(sourceId, id)), ...d.persons],
          details: {
            source: sourceId,
            replay: true,
            disposed: d.records,
            personRecords: d.personRecords,
            identityLinks: d.identityLinks,
            reviewTasks: d.reviewTasks,
            statuses: d.statuses,
            quarantineCopies: d.quarantineCopies,
          },
        });
        return d;
      });
      result.disposed += gone.records;
      result.derivedRemoved += gone.personRecords + gone.identityLinks + gone.reviewTasks + gone.statuses;
      result.personsToRederive.push(...gone.persons);
    }
  }
  await ctx.sql.transact((tx) =>
    auditSystemWrite(tx, ctx.now(), {
      system: 'retention',
      action: 'record.dispose',
      event: 'retention.run',
      purpose: 'RETENTION',
      target: `run:${runId}`,
      subjects: [],
      details: {
        replay: true,
        dryRun: options.dryRun ?? false,
        named: result.named,
        present: result.present,
        disposed: result.disposed,
        blocked: result.blocked.length,
      },
    }),
  );
  result.personsToRederive = [...new Set(result.personsToRederive)].sort();
  return result;
}

/**
 * The records disposed of according to an audit export (`ilos audit export`): the subjects of its
 * `record.dispose` receipts. The export is verified first (chain, leaves, signed checkpoints) against
 * the published public key; a file that does not verify is refused.
 */
export async function disposalsInExport(path: string, publicKey: string | undefined): Promise<RecordKey[]> {
  const verified = await verifyExportFile(path, { publicKey });
  if (!verified.ok) {
    throw new AppError(
      'invalid_input',
      `the audit export ${path} does not verify (entry ${verified.failure?.seq}: ${verified.failure?.message}); it cannot be trusted as a disposal ledger`,
    );
  }
  const keys: RecordKey[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '' || parseHeaderLine(line) !== undefined || parseCheckpointLine(line) !== undefined)
      continue;
    const entry = parseEntryLine(line);
    if ('unreadable' in entry || entry.eventType !== 'record.dispose' || entry.outcome !== 'success')
      continue;
    for (const subject of entry.subjects) {
      const match = /^record:([^/]+)\/(.+)$/.exec(subject);
      if (match !== null) keys.push({ sourceId: match[1]!, sourceRecordId: match[2]! });
    }
  }
  return keys;
}
