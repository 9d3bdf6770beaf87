import { dayOf, isoOf } from './days.js';
import { truthFacts } from './facts.js';
import { counselPicker, createCounselPool } from './filings.js';
import { createIds } from './identifiers.js';
import type { Draft, PersonBuilder, Template, World } from './person.js';
import { createRng, weighted } from './prng.js';
import { citizenStory } from './story-citizen.js';
import { asylumStory, tpsStory } from './story-humanitarian.js';
import { immigrantStory } from './story-immigrant.js';
import { studentStory } from './story-student.js';
import { refusedStory, transitStory, visitorStory } from './story-visitor.js';
import { workerStory } from './story-worker.js';
import { DEFAULT_REFERENCE_DATE } from './timeline.js';
import type { Archetype, GeneratedPerson, TruthEvent } from './types.js';

export type GenerateOptions = {
  /** How many persons the population has (twins count as two). */
  people: number;
  seed: string | number;
  /** The day the agencies' files are as of; default 2026-06-30. */
  referenceDate?: string;
  /** Only these chunks of POPULATION_CHUNK persons, [first, end): how several threads share the work. */
  chunks?: { first: number; end: number };
};

/**
 * The population is generated in chunks of this many persons, each from its own random stream and
 * its own ranges of identifiers, so a chunk depends only on the seed and its index.
 */
export const POPULATION_CHUNK = 1000;

/** The largest population the identifier ranges allow (RangeError beyond). */
export const MAX_PEOPLE = 5_000_000;

/** The population mix: mostly visitors, then students and workers, immigrants and citizens (SOURCES.md). */
const ARCHETYPE_MIX = weighted<Archetype>([
  ['VISITOR', 36],
  ['VISITOR_VWP', 22],
  ['STUDENT', 9],
  ['WORKER', 6.5],
  ['IMMIGRANT', 8],
  ['US_BORN', 10],
  ['VISA_REFUSED', 2.5],
  ['ASYLUM_SEEKER', 2.5],
  ['TPS', 1.5],
  ['TRANSIT_CREW', 1],
]);

const STORIES: Readonly<Record<Archetype, (draft: Draft) => void>> = {
  VISITOR: (d) => visitorStory(d, false),
  VISITOR_VWP: (d) => visitorStory(d, true),
  STUDENT: studentStory,
  WORKER: workerStory,
  IMMIGRANT: immigrantStory,
  US_BORN: citizenStory,
  VISA_REFUSED: refusedStory,
  ASYLUM_SEEKER: asylumStory,
  TPS: tpsStory,
  TRANSIT_CREW: transitStory,
};

/** Share of persons followed by a twin (same surname, birthday, nationality, and often the same trips). */
const TWIN_SHARE = 0.01;

/**
 * Generates a synthetic population one person at a time: each person's true lifecycle, the
 * official records the agencies hold about them, and the facts the tests check against.
 * Deterministic for a seed; person i is the same whatever `people` is; memory stays constant.
 * A twin pair never straddles two chunks, and namesakes copy names within their chunk.
 */
export function* generatePopulation(options: GenerateOptions): Generator<GeneratedPerson, void, undefined> {
  if (options.people > MAX_PEOPLE) throw new RangeError(`generator: at most ${MAX_PEOPLE} persons`);
  const ref = dayOf(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  const counsel = createCounselPool(options.seed);
  const pickCounsel = counselPicker(counsel.length);
  const chunks = Math.ceil(options.people / POPULATION_CHUNK);
  const first = Math.max(0, options.chunks?.first ?? 0);
  const end = Math.min(chunks, options.chunks?.end ?? chunks);
  for (let chunk = first; chunk < end; chunk++) {
    const rng = createRng(options.seed, `chunk:${chunk}`);
    const ids = createIds(options.seed, chunk, POPULATION_CHUNK);
    const world: World = { counsel, pickCounsel, recent: [] };
    let twin: { template: Template; archetype: Archetype } | undefined;
    const last = Math.min(options.people, (chunk + 1) * POPULATION_CHUNK);
    for (let i = chunk * POPULATION_CHUNK; i < last; i++) {
      const personId = `P${String(i + 1).padStart(7, '0')}`;
      const archetype = twin?.archetype ?? ARCHETYPE_MIX(rng);
      const draft: Draft = {
        rng,
        ids,
        world,
        ref,
        personId,
        archetype,
        events: [],
        eventDays: [],
        records: [],
        moves: [],
        passports: [],
        courtEvents: 0,
      };
      if (twin !== undefined) draft.template = twin.template;
      STORIES[archetype](draft);
      const b = draft as PersonBuilder;
      twin =
        twin === undefined && rng.chance(TWIN_SHARE)
          ? { template: { personId, identity: b.identity, anchor: b.anchor ?? b.identity.dob }, archetype }
          : undefined;
      yield finish(b);
    }
  }
}

function finish(b: PersonBuilder): GeneratedPerson {
  const id = b.identity;
  if (!b.events.some((e) => e.type === 'birth')) {
    // Derived from the identity every record carries (date and country of birth): no record of its own.
    b.events.push({
      type: 'birth',
      date: isoOf(id.dob),
      place: 'ABROAD',
      countryOfBirth: id.countryOfBirth,
      recordIds: [],
    });
    b.eventDays.push(id.dob);
  }
  const order = b.events
    .map((_, i) => i)
    .sort((x, y) => (b.eventDays[x] as number) - (b.eventDays[y] as number) || x - y);
  const lifecycle: TruthEvent[] = order.map((i) => b.events[i] as TruthEvent);
  const days = order.map((i) => b.eventDays[i] as number);
  return { personId: b.personId, lifecycle, facts: truthFacts(b, lifecycle, days), records: b.records };
}
