/**
 * The events the engine may use, in date order, as day numbers: events dated after asOf are dropped
 * (RULES.md §9), same-day events keep their input order. Stays are cut at entries (RULES.md §1
 * invariant 4: unlawful presence is counted per stay).
 */
import { type Day, dayOf, OPEN_END } from './calendar.js';
import { VERIFIED_DEPARTURE_SOURCES } from './rule-tables.js';
import type { LifecycleEvent, LifecycleEventType } from './types.js';

export type Entry<E extends LifecycleEvent = LifecycleEvent> = { index: number; day: Day; event: E };
export type EntryOf<T extends LifecycleEventType> = Entry<Extract<LifecycleEvent, { type: T }>>;

export type Ledger = { asOf: Day; entries: Entry[] };

export function ledgerOf(events: readonly LifecycleEvent[], asOf: Day): Ledger {
  const entries: Entry[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as LifecycleEvent;
    const day = dayOf(event.date);
    if (day <= asOf) entries.push({ index, day, event });
  }
  // Insertion sort: lists are short and mostly in order already; stable for same-day events.
  for (let i = 1; i < entries.length; i++) {
    const current = entries[i] as Entry;
    let j = i - 1;
    while (j >= 0 && (entries[j] as Entry).day > current.day) {
      entries[j + 1] = entries[j] as Entry;
      j--;
    }
    entries[j + 1] = current;
  }
  return { asOf, entries };
}

export function isOfType<T extends LifecycleEventType>(entry: Entry, type: T): entry is EntryOf<T> {
  return entry.event.type === type;
}

export function firstOfType<T extends LifecycleEventType>(ledger: Ledger, type: T): EntryOf<T> | null {
  for (const entry of ledger.entries) if (isOfType(entry, type)) return entry;
  return null;
}

export function allOfType<T extends LifecycleEventType>(ledger: Ledger, type: T): EntryOf<T>[] {
  const found: EntryOf<T>[] = [];
  for (const entry of ledger.entries) if (isOfType(entry, type)) found.push(entry);
  return found;
}

/** How an event ends a stay: verified by an official source (§4.5), only claimed, or not at all. */
export function departureKindOf(entry: Entry): 'CONFIRMED' | 'CLAIMED' | null {
  const event = entry.event;
  if (event.type === 'departure') {
    return event.verified === true && VERIFIED_DEPARTURE_SOURCES.includes(event.source)
      ? 'CONFIRMED'
      : 'CLAIMED';
  }
  if (event.type === 'removal_executed') return isI205(event.verifiedBy) ? 'CONFIRMED' : 'CLAIMED';
  return null;
}

/** A removal verified on Form I-205, either as an ICE removal record or as a departure source. */
export function isRemoval(entry: Entry): boolean {
  const event = entry.event;
  return (
    event.type === 'removal_executed' ||
    (event.type === 'departure' && event.source === 'ICE_I205_REMOVAL_VERIFIED')
  );
}

const isI205 = (verifiedBy: string | undefined) => verifiedBy !== undefined && /I-?205/i.test(verifiedBy);

const isEntry = (entry: Entry) =>
  entry.event.type === 'admission' || entry.event.type === 'entry_without_inspection';

export type Stay = {
  /** The admission or entry without inspection that began the stay; null when no entry is on record. */
  entry: EntryOf<'admission'> | EntryOf<'entry_without_inspection'> | null;
  from: Day;
  /** The verified departure (or I-205 removal) that ended the stay. */
  departure: Entry | null;
  /** An unverified departure after the entry, when no verified one is on record. */
  claimed: Entry | null;
  /** Last day present: the departure day (C4) or asOf. Presence is presumed through asOf when unverified. */
  end: Day;
  /** Position of the first and one past the last ledger entry that belong to the stay. */
  first: number;
  last: number;
};

/** Stays from entries to the departures that end them (a stay without a departure runs to asOf). */
export function staysOf(ledger: Ledger): Stay[] {
  const stays: Stay[] = [];
  const { entries } = ledger;
  let start = 0;
  while (start < entries.length) {
    let next = start + 1;
    while (next < entries.length && !isEntry(entries[next] as Entry)) next++;
    const head = entries[start] as Entry;
    const entry = isOfType(head, 'admission') || isOfType(head, 'entry_without_inspection') ? head : null;
    let departure: Entry | null = null;
    let claimed: Entry | null = null;
    for (let i = start; i < next; i++) {
      const candidate = entries[i] as Entry;
      const kind = departureKindOf(candidate);
      if (kind === 'CONFIRMED') {
        departure = candidate;
        break;
      }
      if (kind === 'CLAIMED' && claimed === null) claimed = candidate;
    }
    stays.push({
      entry,
      from: entry ? entry.day : -OPEN_END,
      departure,
      claimed: departure ? null : claimed,
      end: departure ? departure.day : ledger.asOf,
      first: start,
      last: next,
    });
    start = next;
  }
  if (stays.length === 0) {
    stays.push({
      entry: null,
      from: -OPEN_END,
      departure: null,
      claimed: null,
      end: ledger.asOf,
      first: 0,
      last: 0,
    });
  }
  return stays;
}
