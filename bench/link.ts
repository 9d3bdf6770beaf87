/**
 * Identity resolution (issue 4): accuracy on the FEBRL benchmarks, the OpenSanctions name bench
 * and the immigration corruption suite, each with its blocking pair completeness and candidate
 * count; the comparison kernel's speed; and incremental resolution against a large index.
 * No figure uses labels to choose a weight or threshold: labels only score the output.
 * ILOS_BENCH_INDEX_PEOPLE sets the size of the incremental index (default 100,000; the goal is
 * stated for 1,000,000).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  compareNames,
  corruptedPopulation,
  fitAndResolvePersons,
  generatePopulation,
  type IdentityRecord,
  recordIdentity,
} from '@ilos/core';
import Papa from 'papaparse';
import { forEachCandidate } from '../packages/core/src/persons/blocking.js';
import { fitPrepared, prepareRecords } from '../packages/core/src/persons/model.js';
import { addToIndex, buildPersonIndex } from '../packages/core/src/persons/person-index.js';
import { comparePair, createResolver } from '../packages/core/src/persons/resolver.js';
import {
  type FebrlFile,
  linkFebrl,
  matchColumns,
  parseFebrl,
  scoreAgainstTruth,
  toIdentityRecords,
} from '../packages/server/src/cli/commands/link-febrl.js';
import type { BenchRow } from './types.js';

const DATA = resolve(import.meta.dirname, '../../shared/data');
const FEBRL = `${DATA}/febrl`;
const DSGEN = `${FEBRL}/febrl-0.4.2-dsgen`;
const WITHOUT_SSN =
  'given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth';

type FebrlTask = { name: string; files: string[]; fields?: string; goal: string };

const FEBRL_TASKS: FebrlTask[] = [
  {
    name: 'FEBRL4 without soc_sec_id',
    files: [`${FEBRL}/dataset4a.csv`, `${FEBRL}/dataset4b.csv`],
    fields: WITHOUT_SSN,
    goal: 'F1 ≥ 0.995',
  },
  {
    name: 'FEBRL4 names + date of birth',
    files: [`${FEBRL}/dataset4a.csv`, `${FEBRL}/dataset4b.csv`],
    fields: 'given_name,surname,date_of_birth',
    goal: 'F1 ≥ 0.90',
  },
  {
    name: 'dataset_C_10000 dedupe (cluster pairs)',
    files: [`${DSGEN}/dataset_C_10000.csv`],
    goal: 'F1 ≥ 0.985, PC ≥ 0.95',
  },
  {
    name: 'dataset_C_10000 dedupe without soc_sec_id',
    files: [`${DSGEN}/dataset_C_10000.csv`],
    fields: `${WITHOUT_SSN},age,phone_number`,
    goal: '(extra)',
  },
  {
    name: 'dataset_F_10000 without soc_sec_id',
    files: [`${DSGEN}/dataset_F_org_10000.csv`, `${DSGEN}/dataset_F_dup_10000.csv`],
    fields: `${WITHOUT_SSN},age,phone_number`,
    goal: 'F1 ≥ 0.95',
  },
];

function febrlRows(task: FebrlTask): BenchRow[] {
  const files: FebrlFile[] = task.files.map((path) => parseFebrl(path, readFileSync(path, 'utf8')));
  const started = performance.now();
  const columns = matchColumns(files, task.fields?.split(',') ?? null);
  const outcome = linkFebrl(files, columns, true);
  const seconds = (performance.now() - started) / 1000;
  const scores = scoreAgainstTruth(files, outcome);
  return [
    { name: `${task.name}: F1`, value: scores.f1, unit: 'F1', goal: task.goal },
    { name: `${task.name}: precision`, value: scores.precision, unit: 'ratio' },
    { name: `${task.name}: recall`, value: scores.recall, unit: 'ratio' },
    {
      name: `${task.name}: blocking pair completeness`,
      value: scores.pairCompleteness ?? Number.NaN,
      unit: 'ratio',
    },
    { name: `${task.name}: candidate pairs`, value: outcome.candidatePairs, unit: 'pairs' },
    { name: `${task.name}: seconds`, value: seconds, unit: 's' },
  ];
}

function nameBenchRows(): BenchRow[] {
  const text = readFileSync(`${DATA}/name-pairs/nomenklatura-name-bench/cases.csv`, 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    if (row.schema !== 'Person') continue;
    const predicted = compareNames(row.name1 ?? '', row.name2 ?? '').compatible;
    const truth = row.is_match === 'true';
    if (predicted && truth) tp++;
    else if (predicted) fp++;
    else if (truth) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return [
    {
      name: 'name bench, Person pairs (one fixed rule): F1',
      value: (2 * precision * recall) / (precision + recall),
      unit: 'F1',
      goal: 'F1 ≥ 0.80 (logic-v2: 0.742)',
    },
    { name: 'name bench, Person pairs: precision', value: precision, unit: 'ratio' },
    { name: 'name bench, Person pairs: recall', value: recall, unit: 'ratio' },
  ];
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function corruptionRows(): BenchRow[] {
  const { records, personOf } = corruptedPopulation({ people: 2000, seed: 2024 });
  const candidates = new Set<string>();
  const started = performance.now();
  const { resolution } = fitAndResolvePersons(records, {
    onCandidate: (a, b) => candidates.add(pairKey(a, b)),
  });
  const seconds = (performance.now() - started) / 1000;
  const predicted = new Set<string>();
  for (const c of resolution.clusters) {
    for (let i = 0; i < c.records.length; i++) {
      for (let j = i + 1; j < c.records.length; j++) predicted.add(pairKey(c.records[i]!, c.records[j]!));
    }
  }
  const byPerson = new Map<string, string[]>();
  for (const [record, person] of personOf) byPerson.set(person, [...(byPerson.get(person) ?? []), record]);
  let truth = 0;
  let hits = 0;
  let found = 0;
  for (const group of byPerson.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        truth++;
        const key = pairKey(group[i]!, group[j]!);
        if (predicted.has(key)) hits++;
        if (candidates.has(key)) found++;
      }
    }
  }
  const precision = hits / predicted.size;
  const recall = hits / truth;
  return [
    {
      name: 'corruption suite, 2,000 people: F1',
      value: (2 * precision * recall) / (precision + recall),
      unit: 'F1',
      goal: 'F1 ≥ 0.97',
    },
    { name: 'corruption suite: precision', value: precision, unit: 'ratio' },
    { name: 'corruption suite: recall', value: recall, unit: 'ratio' },
    { name: 'corruption suite: blocking pair completeness', value: found / truth, unit: 'ratio' },
    { name: 'corruption suite: candidate pairs', value: candidates.size, unit: 'pairs' },
    { name: 'corruption suite: seconds', value: seconds, unit: 's' },
  ];
}

/** Full comparison vectors plus match weights, on FEBRL4's candidate pairs (all fields), one core. */
function kernelRows(): BenchRow[] {
  const files = [`${FEBRL}/dataset4a.csv`, `${FEBRL}/dataset4b.csv`].map((p) =>
    parseFebrl(p, readFileSync(p, 'utf8')),
  );
  const columns = matchColumns(files, null);
  const records = [
    ...toIdentityRecords(files[0]!, 'a', columns),
    ...toIdentityRecords(files[1]!, 'b', columns),
  ];
  const prepared = prepareRecords(records, { pairScope: 'across-sources' });
  const model = fitPrepared(prepared, { pairScope: 'across-sources' });
  const resolver = createResolver(model, {}, prepared);
  const pairs: number[] = [];
  forEachCandidate(resolver.blocks, resolver.scope, (a, b) => {
    pairs.push(a, b);
  });
  const levels = new Uint8Array(model.fields.length);
  // Pairs per CPU-second of this process, the best of several short trials: the machine is shared,
  // and wall time would measure the neighbours.
  const throughput = (withWeights: boolean): number => {
    let best = 0;
    let total = 0;
    for (let trial = 0; trial < 30; trial++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      let compared = 0;
      while (performance.now() - started < 100) {
        for (let k = 0; k < pairs.length; k += 2) {
          if (withWeights) total += comparePair(resolver, pairs[k]!, pairs[k + 1]!, levels);
          else resolver.compare(pairs[k]!, pairs[k + 1]!, levels);
        }
        compared += pairs.length / 2;
      }
      const used = process.cpuUsage(cpu);
      best = Math.max(best, compared / ((used.user + used.system) / 1e6));
    }
    if (!Number.isFinite(total)) throw new Error('the kernel produced a non-finite weight');
    return best;
  };
  const label = `${model.fields.length} fields, FEBRL4 candidate pairs, per CPU-second`;
  return [
    {
      name: `comparison kernel (full vector, ${label})`,
      value: throughput(false),
      unit: 'pairs/s',
      goal: '≥ 500,000 pairs/s',
    },
    { name: `comparison kernel + match weight (${label})`, value: throughput(true), unit: 'pairs/s' },
  ];
}

function generatedRecords(people: number, skip = 0): IdentityRecord[] {
  const records: IdentityRecord[] = [];
  let n = 0;
  for (const person of generatePopulation({ people: people + skip, seed: 7 })) {
    if (n++ < skip) continue;
    for (const r of person.records) {
      records.push(
        recordIdentity({
          sourceId: r.source,
          sourceRecordId: r.fields.sourceRecordId ?? '',
          recordType: r.fields.recordType ?? '',
          fields: r.fields,
        } as Parameters<typeof recordIdentity>[0]),
      );
    }
  }
  return records;
}

/** One new record resolved against an index of the generator's population (blocking, scoring, re-clustering). */
function incrementalRows(): BenchRow[] {
  const people = Number(process.env.ILOS_BENCH_INDEX_PEOPLE ?? 100_000);
  const all = generatedRecords(people + 300);
  const cut = all.length - Math.min(1000, Math.floor(all.length / 10));
  const base = all.slice(0, cut);
  const fresh = all.slice(cut);
  const started = performance.now();
  const prepared = prepareRecords(base);
  const model = fitPrepared(prepared);
  const index = buildPersonIndex(base, model, {}, prepared);
  const buildSeconds = (performance.now() - started) / 1000;
  const times: number[] = [];
  for (const record of fresh) {
    const t = performance.now();
    addToIndex(index, record);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const label = `${people.toLocaleString('en-US')}-person index (${base.length.toLocaleString('en-US')} records)`;
  return [
    {
      name: `incremental, one record vs ${label}: p95`,
      value: at(0.95),
      unit: 'ms',
      goal: 'p95 ≤ 50 ms at 1,000,000 people',
    },
    { name: 'incremental: p50', value: at(0.5), unit: 'ms' },
    { name: 'incremental: index built by fit + batch', value: buildSeconds, unit: 's' },
    { name: 'incremental: peak RSS', value: process.memoryUsage().rss / 1e9, unit: 'GB' },
  ];
}

export async function benchLink(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const task of FEBRL_TASKS) rows.push(...febrlRows(task));
  rows.push(...nameBenchRows());
  rows.push(...corruptionRows());
  rows.push(...kernelRows());
  rows.push(...incrementalRows());
  return rows;
}
