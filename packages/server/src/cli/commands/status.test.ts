import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.js';
import { run } from '../main.js';

const SCENARIOS = fileURLToPath(
  new URL('../../../../../../shared/scenarios/status-scenarios.json', import.meta.url),
);
const folder = mkdtempSync(join(tmpdir(), 'ilos-status-'));

function fileWith(name: string, content: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function ilos(...argv: string[]) {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.lines, err: io.errors };
}

const pendingExtension = [
  { type: 'admission', date: '2025-01-10', class: 'B2', admitUntil: '2025-07-09', mode: 'AIR' },
  {
    type: 'extension_filed',
    date: '2025-06-20',
    form: 'I-539',
    requestedUntil: '2026-01-09',
    nonFrivolous: true,
    unauthorizedEmployment: false,
  },
];

describe('ilos status --events FILE --as-of DATE --json', () => {
  it('prints one status report with its rule chain', async () => {
    const events = fileWith('person.json', pendingExtension);

    const { code, out } = await ilos('status', '--events', events, '--as-of', '2025-10-01', '--json');

    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0] as string);
    expect(report).toMatchObject({
      status: 'AUTHORIZED_STAY_PENDING_EXTENSION',
      inUS: true,
      lawfulStatusEndedOn: '2025-07-09',
      overstay: { occurred: false, ongoing: false, since: null, reportCategory: 'NONE' },
      unlawfulPresence: { applicable: true, days: 0, accruingOnAsOf: false, firstDay: null, bar: 'NONE' },
      departureConfirmed: null,
      removal: { mayProceed: false, blockers: ['NO_REMOVAL_ORDER'], orderFinal: null, finalOn: null },
    });
    expect(report.explanation.length).toBeGreaterThan(0);
    expect(report.explanation[0]).toEqual(
      expect.objectContaining({
        rule: expect.any(String),
        text: expect.any(String),
        events: [0],
        citation: expect.any(String),
      }),
    );
  });

  it('adds the timeline with --timeline', async () => {
    const events = fileWith('person-timeline.json', pendingExtension);

    const { code, out } = await ilos(
      'status',
      '--events',
      events,
      '--as-of',
      '2025-10-01',
      '--json',
      '--timeline',
    );

    expect(code).toBe(0);
    expect(JSON.parse(out[0] as string).timeline).toEqual([
      { from: '2025-01-10', to: '2025-07-09', status: 'NONIMMIGRANT_IN_STATUS', ruleIds: ['§6(10)'] },
      { from: '2025-07-10', to: null, status: 'AUTHORIZED_STAY_PENDING_EXTENSION', ruleIds: ['§6(10)'] },
    ]);
  });

  it('prints a readable summary without --json', async () => {
    const events = fileWith('person-text.json', pendingExtension);

    const { code, out } = await ilos('status', '--events', events, '--as-of', '2025-10-01', '--timeline');

    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Status on 2025-10-01: AUTHORIZED_STAY_PENDING_EXTENSION');
    expect(text).toContain('Unlawful presence: 0 day(s), not accruing; bar: NONE');
    expect(text).toContain('blockers: NO_REMOVAL_ORDER');
    expect(text).toContain('Rule chain:');
    expect(text).toContain('8 CFR 214.1(c)(4)');
    expect(text).toContain('Timeline:');
  });
});

describe('ilos status --scenarios FILE --json', () => {
  it('answers every scenario from its events and asOf', async () => {
    const file = JSON.parse(readFileSync(SCENARIOS, 'utf8')) as {
      scenarios: { id: string; expected: { status: string; removal: { blockers: string[] } } }[];
    };

    const { code, out } = await ilos('status', '--scenarios', SCENARIOS, '--json');

    expect(code).toBe(0);
    const { results } = JSON.parse(out[0] as string) as {
      results: { id: string; output: { status: string; removal: { blockers: string[] } } }[];
    };
    expect(results.map((r) => r.id)).toEqual(file.scenarios.map((s) => s.id));
    for (const [index, scenario] of file.scenarios.entries()) {
      const { output } = results[index]!;
      expect(output.status, scenario.id).toBe(scenario.expected.status);
      expect([...output.removal.blockers].sort(), scenario.id).toEqual(
        [...scenario.expected.removal.blockers].sort(),
      );
    }
  });

  it('never reads the expected answers', async () => {
    const scenarios = JSON.parse(readFileSync(SCENARIOS, 'utf8')) as { scenarios: Record<string, unknown>[] };
    const blinded = fileWith('blinded.json', {
      scenarios: scenarios.scenarios.map(({ id, events, asOf }) => ({
        id,
        events,
        asOf,
        expected: 'not here',
      })),
    });

    const withExpected = await ilos('status', '--scenarios', SCENARIOS, '--json');
    const without = await ilos('status', '--scenarios', blinded, '--json');

    expect(without.code).toBe(0);
    expect(without.out).toEqual(withExpected.out);
  });
});

describe('ilos status with bad input', () => {
  it.each([
    {
      name: 'an unreadable file',
      argv: () => ['--events', join(folder, 'missing.json'), '--as-of', '2025-01-01'],
      message: 'missing.json: cannot read the file (ENOENT)',
    },
    {
      name: 'invalid JSON',
      argv: () => ['--events', fileWith('broken.json', '[{"type":'), '--as-of', '2025-01-01'],
      message: 'broken.json: invalid JSON',
    },
    {
      name: 'an unknown event type',
      argv: () => [
        '--events',
        fileWith('unknown.json', [pendingExtension[0], { type: 'arrival', date: '2025-01-01' }]),
        '--as-of',
        '2025-01-01',
      ],
      message: 'unknown.json: event 1: unknown event type "arrival"',
    },
    {
      name: 'a bad event date',
      argv: () => [
        '--events',
        fileWith('date.json', [{ ...pendingExtension[0], admitUntil: '2025-02-30' }]),
        '--as-of',
        '2025-01-01',
      ],
      message: 'date.json: event 0 (admission): field "admitUntil"',
    },
    {
      name: 'a bad --as-of',
      argv: () => ['--events', fileWith('ok.json', pendingExtension), '--as-of', '01/10/2025'],
      message: '--as-of must be a date YYYY-MM-DD',
    },
    {
      name: 'a missing --as-of',
      argv: () => ['--events', fileWith('ok2.json', pendingExtension)],
      message: '--as-of is required',
    },
    {
      name: 'a scenario file without scenarios',
      argv: () => ['--scenarios', fileWith('empty.json', { version: '1' })],
      message: 'empty.json: expected an object with a "scenarios" array',
    },
    {
      name: 'no input at all',
      argv: () => [],
      message: 'give --events FILE --as-of YYYY-MM-DD, or --scenarios FILE',
    },
  ])('exits 2 naming the file and the problem for $name', async ({ argv, message }) => {
    const { code, err } = await ilos('status', ...argv());

    expect(code).toBe(2);
    expect(err.join('\n')).toContain(message);
  });
});

describe('ilos status --help', () => {
  it('teaches by example', async () => {
    const { code, out } = await ilos('status', '--help');

    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('ilos status --events person.json --as-of 2025-10-01');
    expect(text).toContain('--scenarios');
  });
});
