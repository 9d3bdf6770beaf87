import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_REFERENCE_DATE,
  GENERATOR_SOURCE_FILES,
  generatePopulation,
  type IsoDate,
  REMOVAL_CASE_STATES,
} from '@ilos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine } from '../cli/commands/generate-chunk.js';
import type { Context } from '../context.js';
import { seedDemoUsers } from '../demo/demo-users.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { deriveStatuses } from '../persons/derive-status.js';
import { resolveStore } from '../persons/resolve-store.js';
import { freshContext, storeKinds } from '../test-support.js';
import { eventsOf, listCaseRows } from './case-store.js';
import { showCase } from './cases.js';
import { type DemoCasesSummary, type DemoOfficers, demoOfficers, openDemoCases } from './demo-cases.js';
import { addProbableLink, seedPersons, situations } from './test-persons.js';

async function officersOf(ctx: Context): Promise<DemoOfficers> {
  const officers = await demoOfficers(ctx, await seedDemoUsers(ctx));
  if (officers === undefined) throw new Error('the demo users could not be created');
  return officers;
}

describe.each(storeKinds())('openDemoCases on %s', (kind) => {
  let ctx: Context & { dispose: () => Promise<void> };
  let summary: DemoCasesSummary;
  let officers: DemoOfficers;

  beforeAll(async () => {
    ctx = await freshContext(kind);
    await seedPersons(ctx, situations());
    await addProbableLink(ctx, 'P-PROBABLE', 'cbp-i94:I94-106', 'eoir-cases:A106-002');
    await deriveStatuses(ctx, '2025-06-02');
    officers = await officersOf(ctx);
    summary = await openDemoCases(ctx, officers, '2025-06-02');
  });
  afterAll(async () => ctx?.dispose());

  it('replays each person’s court events through the gates, day by day', async () => {
    const states = Object.fromEntries((await listCaseRows(ctx.sql, {})).map((c) => [c.personId, c.state]));

    expect(summary.cases).toBe(9);
    expect(states).toMatchObject({
      'P-CITIZEN': 'CLOSED_CITIZEN',
      'P-DEPARTED': 'SELF_REMOVED',
      'P-PROBABLE': 'NONE',
      'P-STAY': 'FINAL_ORDER',
      'P-TPS': 'FINAL_ORDER',
      // Work in progress: the first cases through these states rest there (the next step not yet recorded).
      'P-CLAIM': 'NTA_ISSUED',
      'P-CLEAR': 'IJ_DECIDED',
    });
    expect(summary.refusedBy).toMatchObject({
      US_CITIZEN: expect.any(Number),
      IDENTITY_UNCONFIRMED: expect.any(Number),
      STAY_OF_REMOVAL_IN_EFFECT: expect.any(Number),
      TPS_IN_EFFECT: expect.any(Number),
    });
  });

  it('works every case as the demo officers, through the access layer, one audit row per call', async () => {
    const rows = await ctx.sql.query<{ event_type: string; actor_id: string; outcome: string; n: number }>(
      `select event_type, actor_id, outcome, count(*)::int as n from audit_log
        where event_type like 'case.%' group by 1, 2, 3 order by 1, 2, 3`,
    );
    const opened = rows.filter((r) => r.event_type === 'case.open');

    expect(opened).toEqual([{ event_type: 'case.open', actor_id: 'adjudicator', outcome: 'success', n: 9 }]);
    expect(rows.filter((r) => r.outcome !== 'success')).toEqual([]);
    const steps = rows
      .filter((r) => r.event_type === 'case.transition' || r.event_type === 'case.approve')
      .reduce((n, r) => n + r.n, 0);
    expect(steps).toBe(summary.steps);
  });

  it('names the first case DEMO-1, the case the demo users are assigned to', async () => {
    expect((await listCaseRows(ctx.sql, {})).map((c) => c.id)).toContain('DEMO-1');
  });

  it('does nothing when cases exist already', async () => {
    expect((await openDemoCases(ctx, officers, '2025-06-02')).cases).toBe(0);
  });
});

/**
 * The demo population's court cases (issue 6: "the demo shows cases in every state"): every person of
 * a 20,000-person population of the demo seed with removal proceedings, all their records, through
 * ingest, resolution and derivation as `ilos demo` runs them.
 */
describe('openDemoCases on the demo population’s court cases', () => {
  const PEOPLE = 20_000;
  let ctx: Context & { dispose: () => Promise<void> };
  let summary: DemoCasesSummary;
  let officers: DemoOfficers;
  const dir = mkdtempSync(join(tmpdir(), 'ilos-demo-cases-'));

  beforeAll(async () => {
    const lines = new Map(GENERATOR_SOURCE_FILES.map((spec) => [spec.source, [] as string[]]));
    for (const person of generatePopulation({ people: PEOPLE, seed: 'ilos-demo' })) {
      if (!person.lifecycle.some((e) => e.type === 'nta_issued')) continue;
      for (const record of person.records) {
        const spec = GENERATOR_SOURCE_FILES.find((f) => f.source === record.source)!;
        lines
          .get(record.source)!
          .push(
            spec.format === 'ndjson'
              ? JSON.stringify(record.fields)
              : csvLine(spec.columns.map((c) => record.fields[c] ?? '')),
          );
      }
    }
    mkdirSync(join(dir, 'in'));
    for (const spec of GENERATOR_SOURCE_FILES) {
      const header = spec.format === 'csv' ? [csvLine(spec.columns)] : [];
      writeFileSync(
        join(dir, 'in', `${spec.source}.${spec.format}`),
        `${[...header, ...lines.get(spec.source)!].join('\n')}\n`,
      );
    }
    ctx = await freshContext('pglite');
    for (const file of readdirSync(join(dir, 'in')).sort())
      await ingestFile(ctx, { path: join(dir, 'in', file) });
    await resolveStore(ctx);
    await deriveStatuses(ctx, DEFAULT_REFERENCE_DATE as IsoDate);
    officers = await officersOf(ctx);
    summary = await openDemoCases(ctx, officers, DEFAULT_REFERENCE_DATE as IsoDate, { limit: 1000 });
  }, 600_000);
  afterAll(async () => {
    await ctx?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a case in every state of RULES.md §7.1', () => {
    const missing = REMOVAL_CASE_STATES.filter((s) => (summary.byState[s] ?? 0) === 0);

    expect(missing).toEqual([]);
    expect(Object.keys(summary.exampleByState).sort()).toEqual([...REMOVAL_CASE_STATES].sort());
  });

  it('reaches each state by the steps in the case history, never set by hand', async () => {
    const wrong: string[] = [];
    for (const c of await listCaseRows(ctx.sql, { limit: 10_000 })) {
      const moved = (await eventsOf(ctx.sql, c.id)).filter(
        (e) => e.outcome === 'applied' || e.outcome === 'approved',
      );
      const last = moved.at(-1)?.toState ?? 'NONE';
      if (last !== c.state) wrong.push(`${c.id}: ${c.state}, history ends in ${last}`);
    }

    expect(wrong).toEqual([]);
  });

  it('shows each refusal with its blockers and the records behind them', async () => {
    const refused = await ctx.sql.query<{
      case_id: string;
      blockers: { code: string; recordIds: string[] }[] | string;
    }>(`select case_id, blockers from case_events where outcome = 'refused' order by id`);
    const parsed = refused.map((r) => ({
      caseId: r.case_id,
      blockers: typeof r.blockers === 'string' ? JSON.parse(r.blockers) : r.blockers,
    })) as { caseId: string; blockers: { code: string; recordIds: string[] }[] }[];
    const evidential = parsed.flatMap((r) =>
      r.blockers.filter((b) => b.code === 'US_CITIZEN' || b.code === 'IDENTITY_UNCONFIRMED'),
    );

    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.filter((r) => r.blockers.length === 0)).toEqual([]);
    expect(evidential.length).toBeGreaterThan(0);
    expect(evidential.filter((b) => b.recordIds.length === 0)).toEqual([]);
    const stopped = parsed.find((r) => r.blockers.some((b) => b.code === 'IDENTITY_UNCONFIRMED'))!;
    await ctx.sql.query(
      `insert into access_assignments (user_id, target, assigned_by, assigned_at) values ('supervisor', $1, 'supervisor', now())
       on conflict do nothing`,
      [`case:${stopped.caseId}`],
    );
    const view = await showCase(ctx, officers.supervisor, stopped.caseId);
    const history = view.events.filter((e) => e.outcome === 'refused').flatMap((e) => e.blockers);
    expect(history.find((b) => b.code === 'IDENTITY_UNCONFIRMED')?.recordIds.length).toBeGreaterThan(0);
  });
});
