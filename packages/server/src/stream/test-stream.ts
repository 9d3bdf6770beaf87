/**
 * Test support for the stream (test-only: imported by *.test.ts files and bench/stream.ts): a private
 * JetStream stream per test, a seeded store, and a digest of the state that must not depend on how
 * often or in what order messages were delivered.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REFERENCE_DATE, type IsoDate } from '@ilos/core';
import { writePopulation } from '../cli/commands/generate-files.js';
import type { Context } from '../context.js';
import type { Sql } from '../db/sql.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { deriveStatuses } from '../persons/derive-status.js';
import { resolveStore } from '../persons/resolve-store.js';
import type { StreamNames } from './messages.js';
import { connectNats, jetStreamOf } from './nats.js';

/** Why NATS JetStream cannot be used here, or undefined when it can. */
export async function natsUnavailable(url: string): Promise<string | undefined> {
  try {
    const nc = await connectNats(url);
    try {
      await jetStreamOf(nc);
    } finally {
      await nc.close();
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A stream of its own for one test, so tests never read each other's messages. */
export function testStreamNames(): StreamNames {
  const tag = randomBytes(5).toString('hex');
  return { stream: `ILOS_TEST_${tag}`, prefix: `ilos-test-${tag}.records.` };
}

export async function deleteStream(url: string, names: StreamNames): Promise<void> {
  const nc = await connectNats(url);
  try {
    const jsm = await jetStreamOf(nc);
    await jsm.streams.delete(names.stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** The generator's reference date: tests fix the clock there so derived status is comparable. */
export const REFERENCE_NOW = () => new Date(`${DEFAULT_REFERENCE_DATE}T12:00:00.000Z`);
export const REFERENCE_DATE = DEFAULT_REFERENCE_DATE as IsoDate;

/**
 * Generates a population, ingests every agency file except `holdBack` in batch, resolves and derives
 * status (so a link model exists), and returns the held-back files' paths, to be streamed.
 */
export async function seedPopulation(
  ctx: Context,
  options: { people: number; seed: string; dir: string; holdBack: readonly string[] },
): Promise<string[]> {
  await writePopulation({ people: options.people, seed: options.seed, out: options.dir });
  const files = readdirSync(options.dir)
    .filter((f) => f.endsWith('.csv') || f.endsWith('.ndjson'))
    .sort();
  for (const file of files) {
    if (!options.holdBack.includes(file)) await ingestFile(ctx, { path: join(options.dir, file) });
  }
  await resolveStore(ctx);
  await deriveStatuses(ctx, REFERENCE_DATE);
  return options.holdBack.map((f) => join(options.dir, f));
}

/**
 * SHA-256 over the state that must equal a clean run's (RELIABILITY.md T2.1): every record version,
 * the quarantine, the persons as sets of records (ids may differ with arrival order, the grouping may
 * not) with their status, and the receipts' accepted/versions/quarantined totals per source.
 * Duplicate counts are left out: they count redeliveries, which differ by design.
 */
export async function stateDigest(sql: Sql): Promise<{ digest: string; counts: Record<string, number> }> {
  const parts: Record<string, string[]> = {
    records: (
      await sql.query<{ k: string }>(
        `select source_id || '|' || source_record_id || '|' || version || '|' || source_version || '|' || content_sha256 || '|' || is_current as k
           from records order by 1`,
      )
    ).map((r) => r.k),
    quarantine: (
      await sql.query<{ k: string }>(
        `select source_id || '|' || file_sha256 || '|' || line || '|' || reason_code as k from quarantine order by 1`,
      )
    ).map((r) => r.k),
    persons: (
      await sql.query<{ k: string }>(
        `select string_agg(pr.source_id || ':' || pr.source_record_id, ',' order by pr.source_id, pr.source_record_id)
                || '|' || coalesce(s.status, '-') || '|' || coalesce(s.identity_confirmed::text, '-') as k
           from person_records pr left join person_status s on s.person_id = pr.person_id
          group by pr.person_id, s.status, s.identity_confirmed order by 1`,
      )
    ).map((r) => r.k),
    ledger: (
      await sql.query<{ k: string }>(
        `select source_id || '|' || sum(accepted) || '|' || sum(versions) || '|' || sum(quarantined) as k
           from ingest_runs group by source_id order by 1`,
      )
    ).map((r) => r.k),
  };
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const [name, rows] of Object.entries(parts)) {
    counts[name] = rows.length;
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  return { digest: hash.digest('hex'), counts };
}
