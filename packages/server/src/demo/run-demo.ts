import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REFERENCE_DATE, type IsoDate } from '@ilos/core';
import { type DemoCasesSummary, demoOfficers, openDemoCases } from '../cases/demo-cases.js';
import { writePopulation } from '../cli/commands/generate-files.js';
import type { Context } from '../context.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { resolveAndDerive } from '../persons/resolve-store.js';
import { seedDemoUsers } from './demo-users.js';

export type DemoOptions = {
  people: number;
  seed: string;
  /** Where the generated agency files are written. */
  inputDir: string;
  onStep?: (step: string) => void;
  onProgress?: (step: string, done: number, total: number) => void;
  /**
   * A population already being generated (startDemoPopulation) while the store opened; the demo
   * waits for it and moves it into inputDir instead of generating in this thread.
   */
  population?: Promise<string>;
};

/**
 * Starts generating the demo's population on a worker thread into a folder of its own beside
 * `inputDir`, so that the store can open meanwhile (the two took a third of the demo's start). The
 * folder is moved into place by runDemo, once the store's lock is held: a second demo on the same data
 * folder never overwrites the files of one that is running.
 */
export function startDemoPopulation(options: Omit<DemoOptions, 'population' | 'onStep'>): Promise<string> {
  const part = `${options.inputDir}.${process.pid}.part`;
  rmSync(part, { recursive: true, force: true });
  return writePopulation({
    people: options.people,
    seed: options.seed,
    out: part,
    offThread: true,
    onProgress: (done) => options.onProgress?.('generate', done, options.people),
  }).then(
    () => part,
    (error: unknown) => {
      rmSync(part, { recursive: true, force: true });
      throw error;
    },
  );
}

/** The demo's summary (DESIGN.md §4): the store's totals after the run, and how long it took. */
export type DemoSummary = {
  people: number;
  records: { accepted: number; quarantined: number };
  persons: number;
  statusCounts: Record<string, number>;
  /** Removal cases opened for persons with court records, by state, with the steps their gates refused. */
  cases: Pick<
    DemoCasesSummary,
    'cases' | 'byState' | 'exampleByState' | 'refused' | 'refusedBy' | 'awaitingApproval'
  >;
  seconds: number;
  /** Seconds spent in each step (resolve includes deriving status), so the slow one is plain to see. */
  stepSeconds: Record<DemoStep, number>;
};

type DemoStep = 'generate' | 'ingest' | 'resolve' | 'cases';

const NO_CASES: DemoCasesSummary = {
  cases: 0,
  byState: {},
  exampleByState: {},
  steps: 0,
  refused: 0,
  refusedBy: {},
  awaitingApproval: 0,
  seconds: 0,
};

/**
 * The main job: generate a synthetic population, ingest every agency file, then resolve identities and
 * compute each person's status. Ingest is idempotent, so a second run over the same data changes nothing.
 */
export async function runDemo(ctx: Context, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const stepSeconds = {} as Record<DemoStep, number>;
  let stepStarted = started;
  const lap = (step: DemoStep): void => {
    const now = performance.now();
    stepSeconds[step] = Math.round((now - stepStarted) / 100) / 10;
    stepStarted = now;
  };
  options.onStep?.(`generating ${options.people.toLocaleString('en-US')} people (seed ${options.seed})`);
  if (options.population === undefined) {
    await writePopulation({
      people: options.people,
      seed: options.seed,
      out: options.inputDir,
      onProgress: (done) => options.onProgress?.('generate', done, options.people),
    });
  } else {
    const part = await options.population;
    rmSync(options.inputDir, { recursive: true, force: true });
    renameSync(part, options.inputDir);
  }
  lap('generate');

  const files = readdirSync(options.inputDir)
    .filter((f) => f.endsWith('.csv') || f.endsWith('.ndjson'))
    .sort();
  options.onStep?.(`ingesting ${files.length} agency files`);
  for (const file of files) {
    await ingestFile(ctx, {
      path: join(options.inputDir, file),
      onProgress: (read, total) => options.onProgress?.(`ingest ${file}`, read, total),
    });
  }
  lap('ingest');

  options.onStep?.('resolving identities across sources');
  // Status on the generator's reference date, so the summary can be checked against its truth.
  const { resolved, derived } = await resolveAndDerive(ctx, DEFAULT_REFERENCE_DATE as IsoDate, {
    onProgress: (step) => step.startsWith('deriving') && options.onStep?.(step),
  });
  lap('resolve');

  options.onStep?.('opening removal cases for persons with court records, with every gate checked');
  // The demo officers work the cases through the access layer; a store with its own users gets none.
  const officers = await demoOfficers(ctx, await seedDemoUsers(ctx));
  const cases =
    officers === undefined
      ? NO_CASES
      : await openDemoCases(ctx, officers, DEFAULT_REFERENCE_DATE as IsoDate, { limit: 200 });
  lap('cases');

  const [totals] = await ctx.sql.query<{ accepted: number; quarantined: number }>(
    `select (select count(*)::int from records where is_current) as accepted, (select count(*)::int from quarantine) as quarantined`,
  );
  return {
    people: options.people,
    records: { accepted: totals?.accepted ?? 0, quarantined: totals?.quarantined ?? 0 },
    persons: resolved.persons,
    statusCounts: derived.statusCounts,
    cases: {
      cases: cases.cases,
      byState: cases.byState,
      exampleByState: cases.exampleByState,
      refused: cases.refused,
      refusedBy: cases.refusedBy,
      awaitingApproval: cases.awaitingApproval,
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    stepSeconds,
  };
}
