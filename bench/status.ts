/**
 * Status engine throughput: person-reports per second on one core, over a synthetic population of
 * typical persons (2–6 lifecycle events: visitors, students, workers, adjusters, LPRs, people in
 * removal proceedings). Deterministic (seeded), so runs compare. Until the population generator is
 * wired in, the event lists are built here.
 */
import { type IsoDate, type LifecycleEvent, statusReport, statusTimeline } from '@ilos/core';
import type { BenchRow } from './types.js';

/** Mulberry32: a small seeded generator, so every run benchmarks the same population. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EPOCH = Date.UTC(2010, 0, 1);
const isoDay = (offset: number) =>
  new Date(EPOCH + offset * 86_400_000).toISOString().slice(0, 10) as IsoDate;

/** One typical person: the admission kinds and the case mix roughly follow DHS and EOIR proportions. */
function personOf(random: () => number): { events: LifecycleEvent[]; asOf: IsoDate } {
  const person = eventsOf(random);
  const first = person.events[0];
  // Most agency records carry a date of birth; the engine needs it for the under-18 exception.
  if (first && first.type !== 'birth' && random() < 0.7) {
    const born = Date.parse(first.date) / 86_400_000 - 6000 - Math.floor(random() * 15_000);
    person.events.unshift({ type: 'birth', date: isoDay(born - EPOCH / 86_400_000), place: 'ABROAD' });
  }
  return person;
}

function eventsOf(random: () => number): { events: LifecycleEvent[]; asOf: IsoDate } {
  const pick = (n: number) => Math.floor(random() * n);
  const start = pick(5000);
  const at = (days: number) => isoDay(start + days);
  const asOf = at(200 + pick(1500));
  const kind = random();
  const verifiedAir = { type: 'departure', source: 'CBP_APIS_AIR', verified: true } as const;
  if (kind < 0.35) {
    const stay = 30 + pick(180);
    const events: LifecycleEvent[] = [
      { type: 'admission', date: at(0), class: 'B2', admitUntil: at(180), mode: 'AIR' },
    ];
    if (random() < 0.8) events.push({ ...verifiedAir, date: at(stay + (random() < 0.1 ? 200 : 0)) });
    return { events, asOf };
  }
  if (kind < 0.45) {
    const events: LifecycleEvent[] = [
      { type: 'admission', date: at(0), class: 'WT', admitUntil: at(89), mode: 'AIR' },
    ];
    if (random() < 0.5)
      events.push({ type: 'departure', date: at(60 + pick(90)), source: 'SELF_REPORTED', verified: false });
    return { events, asOf };
  }
  if (kind < 0.6) {
    const events: LifecycleEvent[] = [
      { type: 'admission', date: at(0), class: 'F1', admitUntil: 'D/S', mode: 'AIR' },
      {
        type: 'sevis_program_end',
        date: at(700 + pick(700)),
        reason: random() < 0.9 ? 'COMPLETED' : 'TERMINATED_STATUS_VIOLATION',
      },
    ];
    if (random() < 0.4) events.push({ ...verifiedAir, date: at(900 + pick(700)) });
    return { events, asOf };
  }
  if (kind < 0.72) {
    const events: LifecycleEvent[] = [
      { type: 'admission', date: at(0), class: 'H1B', admitUntil: at(1095), mode: 'AIR' },
      {
        type: 'extension_filed',
        date: at(1000),
        form: 'I-129',
        requestedUntil: at(2190),
        nonFrivolous: true,
        unauthorizedEmployment: false,
      },
    ];
    if (random() < 0.7)
      events.push({
        type: 'extension_decided',
        date: at(1150),
        outcome: random() < 0.85 ? 'APPROVED' : 'DENIED',
        grantedUntil: at(2190),
      });
    if (random() < 0.3) events.push({ type: 'employment_ended', date: at(1300) });
    return { events, asOf };
  }
  if (kind < 0.82) {
    const events: LifecycleEvent[] = [
      { type: 'birth', date: isoDay(start - 7000 - pick(9000)), place: 'ABROAD' },
      { type: 'admission', date: at(0), class: 'B2', admitUntil: at(180), mode: 'AIR' },
      { type: 'aos_filed', date: at(250), form: 'I-485', basis: 'IMMEDIATE_RELATIVE_OF_USC' },
    ];
    if (random() < 0.6) events.push({ type: 'aos_decided', date: at(600), outcome: 'APPROVED' });
    if (random() < 0.3) events.push({ type: 'naturalized', date: at(1700) });
    return { events, asOf };
  }
  if (kind < 0.9) {
    return {
      events: [
        { type: 'admission', date: at(0), class: 'IR1', admitUntil: null, mode: 'AIR', immigrant: true },
        { type: 'lpr_granted', date: at(0), via: 'IMMIGRANT_VISA' },
      ],
      asOf,
    };
  }
  const events: LifecycleEvent[] = [
    { type: 'admission', date: at(0), class: 'B2', admitUntil: at(180), mode: 'AIR' },
    { type: 'nta_filed', date: at(400) },
  ];
  const decision = random();
  if (decision < 0.4) {
    events.push({ type: 'ij_decision', date: at(700), outcome: 'REMOVAL_ORDERED', designatedCountry: 'MEX' });
    if (random() < 0.5) events.push({ type: 'bia_appeal_filed', date: at(720), by: 'RESPONDENT' });
  } else if (decision < 0.6) {
    events.push({
      type: 'ij_decision',
      date: at(700),
      outcome: 'REMOVAL_ORDERED',
      inAbsentia: true,
      designatedCountry: 'GTM',
    });
    if (random() < 0.3)
      events.push({ type: 'motion_to_reopen_filed', date: at(760), basis: 'IN_ABSENTIA_LACK_OF_NOTICE' });
  } else if (decision < 0.8) {
    events.push(
      {
        type: 'ij_decision',
        date: at(700),
        outcome: 'VOLUNTARY_DEPARTURE',
        appealWaived: true,
        vd: { type: 'AT_CONCLUSION', departBy: at(760) },
      },
      { type: 'vd_bond_posted', date: at(703) },
    );
  }
  return { events, asOf };
}

export function populationOf(size: number, seed = 20260309): { events: LifecycleEvent[]; asOf: IsoDate }[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, () => personOf(random));
}

/**
 * Runs `work` over the population for about `seconds`; returns items per CPU-second of this process
 * (one core: the engine is single-threaded, and CPU time is not inflated by a busy machine) and per
 * wall-clock second.
 */
function throughput<T>(population: readonly T[], work: (item: T) => unknown, seconds: number) {
  let done = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (const item of population) work(item);
    done += population.length;
    elapsed = performance.now() - started;
  }
  const used = process.cpuUsage(cpu);
  return { perCpuSecond: done / ((used.user + used.system) / 1e6), perSecond: done / (elapsed / 1000) };
}

export async function benchStatus(): Promise<BenchRow[]> {
  const population = populationOf(10_000);
  const events = population.reduce((sum, person) => sum + person.events.length, 0);
  const report = (person: (typeof population)[number]) => statusReport(person.events, person.asOf);
  throughput(population, report, 2); // warm up the JIT
  const reports = throughput(population, report, 4);
  const timelines = throughput(population.slice(0, 2000), (p) => statusTimeline(p.events, p.asOf), 2);
  return [
    {
      name: 'status: person-reports per CPU-second (one core, with rule chain)',
      value: Math.round(reports.perCpuSecond),
      unit: 'reports/s',
      goal: '>= 100000',
    },
    {
      name: 'status: person-reports per wall-clock second',
      value: Math.round(reports.perSecond),
      unit: 'reports/s',
    },
    {
      name: 'status: person-timelines per CPU-second',
      value: Math.round(timelines.perCpuSecond),
      unit: 'timelines/s',
    },
    {
      name: 'status: events per person (synthetic population)',
      value: events / population.length,
      unit: 'events',
    },
  ];
}
