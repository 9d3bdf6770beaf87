import type { Sql } from './sql.js';

/** The receipt of one delivered file: its hash, the counts, and the reasons for what was quarantined. */
export type IngestReceipt = {
  runId: string;
  sourceId: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  state: 'running' | 'applied' | 'duplicate' | 'refused';
  accepted: number;
  duplicates: number;
  versions: number;
  quarantined: number;
  reasons: Record<string, number>;
  refusal: string | null;
  startedAt: Date;
  finishedAt: Date | null;
};

type RunRow = {
  id: string;
  source_id: string;
  file_name: string;
  file_sha256: string;
  file_bytes: string;
  state: IngestReceipt['state'];
  accepted: number;
  duplicates: number;
  versions: number;
  quarantined: number;
  reasons: Record<string, number>;
  refusal: string | null;
  started_at: Date;
  finished_at: Date | null;
};

const COLUMNS = `id, source_id, file_name, file_sha256, file_bytes::text as file_bytes, state, accepted, duplicates, versions,
  quarantined, reasons, refusal, started_at, finished_at`;

const toReceipt = (r: RunRow): IngestReceipt => ({
  runId: r.id,
  sourceId: r.source_id,
  fileName: r.file_name,
  fileSha256: r.file_sha256,
  fileBytes: Number(r.file_bytes),
  state: r.state,
  accepted: r.accepted,
  duplicates: r.duplicates,
  versions: r.versions,
  quarantined: r.quarantined,
  reasons: r.reasons,
  refusal: r.refusal,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** The completed (applied) run of the same file for the same source, if there is one. */
export async function findAppliedRun(
  sql: Sql,
  sourceId: string,
  fileSha256: string,
): Promise<IngestReceipt | undefined> {
  const rows = await sql.query<RunRow>(
    `select ${COLUMNS} from ingest_runs where source_id = $1 and file_sha256 = $2 and state = 'applied' order by started_at limit 1`,
    [sourceId, fileSha256],
  );
  return rows[0] === undefined ? undefined : toReceipt(rows[0]);
}

export async function startRun(
  sql: Sql,
  run: { runId: string; sourceId: string; fileName: string; fileSha256: string; fileBytes: number },
): Promise<void> {
  await sql.query(
    `insert into ingest_runs (id, source_id, file_name, file_sha256, file_bytes, state) values ($1, $2, $3, $4, $5, 'running')`,
    [run.runId, run.sourceId, run.fileName, run.fileSha256, run.fileBytes],
  );
}

export async function finishRun(
  sql: Sql,
  runId: string,
  result: Pick<
    IngestReceipt,
    'state' | 'accepted' | 'duplicates' | 'versions' | 'quarantined' | 'reasons' | 'refusal'
  >,
): Promise<void> {
  await sql.query(
    `update ingest_runs set state = $2, accepted = $3, duplicates = $4, versions = $5, quarantined = $6,
       reasons = $7::text::jsonb, refusal = $8, finished_at = now() where id = $1`,
    [
      runId,
      result.state,
      result.accepted,
      result.duplicates,
      result.versions,
      result.quarantined,
      JSON.stringify(result.reasons),
      result.refusal,
    ],
  );
}

export async function listRuns(sql: Sql, sourceId?: string): Promise<IngestReceipt[]> {
  const rows =
    sourceId === undefined
      ? await sql.query<RunRow>(`select ${COLUMNS} from ingest_runs order by started_at desc`)
      : await sql.query<RunRow>(
          `select ${COLUMNS} from ingest_runs where source_id = $1 order by started_at desc`,
          [sourceId],
        );
  return rows.map(toReceipt);
}

export type QuarantineRow = {
  sourceId: string;
  line: number;
  byteOffset: number;
  reasonCode: string;
  field: string | null;
  message: string;
  fileSha256: string;
};

export async function listQuarantine(
  sql: Sql,
  options: { sourceId?: string; limit?: number } = {},
): Promise<QuarantineRow[]> {
  const rows = await sql.query<{
    source_id: string;
    line: number;
    byte_offset: string;
    reason_code: string;
    field: string | null;
    message: string;
    file_sha256: string;
  }>(
    `select source_id, line, byte_offset::text as byte_offset, reason_code, field, message, file_sha256 from quarantine
      where ($1::text is null or source_id = $1) order by created_at, line limit $2`,
    [options.sourceId ?? null, options.limit ?? 1000],
  );
  return rows.map((r) => ({
    sourceId: r.source_id,
    line: r.line,
    byteOffset: Number(r.byte_offset),
    reasonCode: r.reason_code,
    field: r.field,
    message: r.message,
    fileSha256: r.file_sha256,
  }));
}
