import { describe, expect, it } from 'vitest';
import { assignPersonIds } from './person-ids.js';

describe('assignPersonIds', () => {
  it('gives a new cluster a deterministic id and records its creation', () => {
    const first = assignPersonIds([{ id: 'a:1', records: ['a:1', 'b:2'] }], new Map(), new Set());
    const again = assignPersonIds([{ id: 'a:1', records: ['b:2', 'a:1'] }], new Map(), new Set());

    expect(first.ids[0]).toMatch(/^P-[0-9a-f]{12}$/);
    expect(again.ids).toEqual(first.ids);
    expect(first.events).toEqual([{ kind: 'created', personId: first.ids[0], records: 2 }]);
  });

  it('keeps the id of the person most of a merged cluster came from, and retires the other as merged', () => {
    const previous = new Map([
      ['a:1', 'P-old1'],
      ['a:2', 'P-old1'],
      ['b:9', 'P-old2'],
    ]);

    const { ids, events } = assignPersonIds(
      [{ id: 'a:1', records: ['a:1', 'a:2', 'b:9'] }],
      previous,
      new Set(['P-old1', 'P-old2']),
    );

    expect(ids).toEqual(['P-old1']);
    expect(events).toEqual([{ kind: 'merged', personId: 'P-old1', from: 'P-old2' }]);
  });

  it('on a split, the larger part keeps the id and the smaller part gets a new one', () => {
    const previous = new Map([
      ['a:1', 'P-old'],
      ['a:2', 'P-old'],
      ['b:3', 'P-old'],
    ]);

    const { ids, events } = assignPersonIds(
      [
        { id: 'b:3', records: ['b:3'] },
        { id: 'a:1', records: ['a:1', 'a:2'] },
      ],
      previous,
      new Set(['P-old']),
    );

    expect(ids[1]).toBe('P-old');
    expect(ids[0]).not.toBe('P-old');
    expect(events).toEqual([{ kind: 'split', personId: ids[0], from: 'P-old', records: 1 }]);
  });

  it('never reuses a retired id for a new person', () => {
    const fresh = assignPersonIds([{ id: 'z:1', records: ['z:1'] }], new Map(), new Set());
    const taken = new Set([fresh.ids[0]!]);

    const again = assignPersonIds([{ id: 'z:1', records: ['z:1'] }], new Map(), taken);

    expect(again.ids[0]).not.toBe(fresh.ids[0]);
  });
});
