import { type GateCheck, REMOVAL_CASE_STATES, type RemovalCaseState, TRANSITION_TABLE } from '@ilos/core';
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { PlotFigure } from '../plot-figure';

type Node = { state: RemovalCaseState; x: number; y: number };
type Edge = { transition: string; from: RemovalCaseState; to: RemovalCaseState };

/** Every step of the table that moves a case from a named state to another (RULES.md §7.1). */
const EDGES: Edge[] = Object.entries(TRANSITION_TABLE).flatMap(([transition, spec]) =>
  spec.to === 'SAME' || spec.from === 'ACTIVE'
    ? []
    : spec.from.map((from) => ({ transition, from, to: spec.to as RemovalCaseState })),
);

/**
 * Where each state sits: the usual path along the middle row, voluntary departure above, appeal and the
 * ends of proceedings below. A Record over the closed list, so a new state cannot be left out.
 */
const LAYOUT: Record<RemovalCaseState, [x: number, y: number]> = {
  NONE: [0, 0],
  NTA_ISSUED: [1, 0],
  PENDING_BEFORE_IJ: [2, 0],
  IJ_DECIDED: [3, 0],
  VD_PERIOD: [4, -1],
  VD_COMPLIED: [5, -1],
  APPEAL_WINDOW: [4, 1],
  BIA_PENDING: [5, 2],
  FINAL_ORDER: [5, 0],
  SELF_REMOVED: [6, -1],
  REMOVAL_EXECUTED: [6, 0],
  DEPARTURE_VERIFIED: [7, 0],
  TERMINATED: [3, 2],
  RELIEF_GRANTED: [4, 3],
  CLOSED_CITIZEN: [7, 3],
};
const NODES: Node[] = REMOVAL_CASE_STATES.map((state) => ({
  state,
  x: LAYOUT[state][0],
  y: LAYOUT[state][1],
}));
const AT = new Map(NODES.map((n) => [n.state, n]));

/**
 * The removal-case state machine with this case on it: where it is, where it has been, and each step the
 * table allows from here, green when its gates are clear today and red when a gate blocks it.
 */
export function CaseStateChart({
  state,
  path,
  next,
}: {
  state: RemovalCaseState;
  /** The moves the case has made, oldest first. */
  path: readonly { from: RemovalCaseState; to: RemovalCaseState }[];
  next: readonly GateCheck[];
}) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const fromHere = new Map(next.map((g) => [`${g.from}>${g.to}`, g]));
    const edges = EDGES.map((e) => {
      const a = AT.get(e.from)!;
      const b = AT.get(e.to)!;
      const check = fromHere.get(`${e.from}>${e.to}`);
      const kind = check === undefined ? 'other' : check.allowed ? 'allowed' : 'blocked';
      return { ...e, x1: a.x, y1: a.y, x2: b.x, y2: b.y, kind };
    });
    const visited = new Set(path.flatMap((m) => [m.from, m.to]));
    const taken = path.map((m) => {
      const a = AT.get(m.from)!;
      const b = AT.get(m.to)!;
      return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
    });
    const nodes = NODES.map((n) => ({
      ...n,
      kind: n.state === state ? 'now' : visited.has(n.state) ? 'visited' : 'other',
    }));
    return {
      width: 1100,
      height: 340,
      marginLeft: 70,
      marginRight: 70,
      marginTop: 30,
      x: { axis: null, inset: 20 },
      y: { axis: null, reverse: true, inset: 20 },
      marks: [
        Plot.arrow(
          edges.filter((e) => e.kind === 'other'),
          { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', bend: true, inset: 10, stroke: '#9ca3af' },
        ),
        Plot.arrow(taken, {
          x1: 'x1',
          y1: 'y1',
          x2: 'x2',
          y2: 'y2',
          bend: true,
          inset: 10,
          strokeWidth: 3,
          stroke: '#111827',
        }),
        ...(['allowed', 'blocked'] as const).map((kind) =>
          Plot.arrow(
            edges.filter((e) => e.kind === kind),
            {
              x1: 'x1',
              y1: 'y1',
              x2: 'x2',
              y2: 'y2',
              bend: true,
              inset: 10,
              strokeWidth: 2.5,
              stroke: kind === 'allowed' ? '#047857' : '#b91c1c',
              strokeDasharray: kind === 'allowed' ? 'none' : '5 3',
              title: (e: Edge) => `${e.transition}: ${kind}`,
            },
          ),
        ),
        Plot.dot(nodes, {
          x: 'x',
          y: 'y',
          r: 7,
          stroke: '#111827',
          fill: (n: { kind: string }) =>
            n.kind === 'now' ? '#1d4ed8' : n.kind === 'visited' ? '#6b7280' : '#fff',
        }),
        ...([true, false] as const).map((now) =>
          Plot.text(
            nodes.filter((n) => (n.kind === 'now') === now),
            {
              x: 'x',
              y: 'y',
              text: 'state',
              dy: -14,
              fontSize: 11,
              fontWeight: now ? 'bold' : 'normal',
              fill: '#111827',
            },
          ),
        ),
      ],
    };
  }, [state, path, next]);
  const allowed = next.filter((g) => g.allowed).map((g) => g.transition);
  const blocked = next.filter((g) => !g.allowed).map((g) => g.transition);
  return (
    <>
      <PlotFigure
        options={options}
        label={`Case state machine: now ${state}; steps allowed today: ${allowed.join(', ') || 'none'}; blocked: ${blocked.join(', ') || 'none'}`}
      />
      <p className="hint legend">
        <span className="key now" /> this case now <span className="key visited" /> states it passed through{' '}
        <span className="key taken" /> the moves it made <span className="key allowed" /> a step whose gates
        are clear today <span className="key blocked" /> a step a gate blocks. Grey arrows: the rest of the
        table, without close_citizen (open from any active state; drawn once taken) and the notices and stays
        that keep the state.
      </p>
    </>
  );
}
