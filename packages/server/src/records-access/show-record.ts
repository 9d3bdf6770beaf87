import { AppError, type Citation } from '@ilos/core';
import { type Principal, withAccess } from '../access/access-layer.js';
import type { Context } from '../context.js';
import { recordHistory } from '../db/records-repository.js';
import { type DisputeNote, disputesFor, recordKey } from '../redress/disputes.js';

export type ShownVersion = {
  version: number;
  sourceVersion: number;
  isCurrent: boolean;
  /** Null when the record is masked for this reader. */
  recordType: string | null;
  payload: Record<string, string>;
  masked: Citation[];
};

export type ShownRecord = {
  sourceId: string;
  sourceRecordId: string;
  versions: ShownVersion[];
  /** Disputes filed about this record: shown wherever the record is shown. */
  disputes: DisputeNote[];
};

/**
 * Reads every version of one source record for a named purpose, through the access layer: masked where
 * statute requires, with its disputes, and audited with the fields actually returned.
 */
export async function showRecord(
  ctx: Context,
  principal: Principal,
  input: {
    sourceId: string;
    sourceRecordId: string;
    purpose: string | undefined;
    target: string | undefined;
  },
): Promise<ShownRecord> {
  const key = recordKey(input.sourceId, input.sourceRecordId);
  return withAccess(
    ctx,
    {
      principal,
      action: 'record.read',
      event: 'record.read',
      purpose: input.purpose,
      target: input.target,
      query: { source: input.sourceId, record: input.sourceRecordId },
    },
    async (tx, grant) => {
      // Both in one round trip: the record's versions and the disputes that show with it.
      const [history, filed] = await Promise.all([
        recordHistory(tx, input.sourceId, input.sourceRecordId),
        disputesFor(tx, [key], grant.now.toISOString().slice(0, 10)),
      ]);
      if (history.length === 0) {
        return {
          value: {
            sourceId: input.sourceId,
            sourceRecordId: input.sourceRecordId,
            versions: [],
            disputes: [],
          },
          subjects: [key],
          fields: [],
          details: { versions: 0 },
          error: new AppError('not_found', `no record ${input.sourceRecordId} from source ${input.sourceId}`),
        };
      }
      const versions = history.map((v) => {
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
      const fields = [...new Set(versions.flatMap((v) => Object.keys(v.payload)))].sort();
      const masked = [...new Set(versions.flatMap((v) => v.masked))];
      // A dispute's statement can disclose what the record protects: it is withheld with the record.
      const disputes = filed.map((d) =>
        masked.length === 0 ? d : { ...d, statement: '[withheld with the record]', fields: [] },
      );
      return {
        value: { sourceId: input.sourceId, sourceRecordId: input.sourceRecordId, versions, disputes },
        subjects: [key],
        fields,
        details: { versions: versions.length, masked, disputes: disputes.length },
      };
    },
  );
}
