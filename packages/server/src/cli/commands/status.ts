import { readFile } from 'node:fs/promises';
import {
  AppError,
  type IsoDate,
  isIsoDate,
  type LifecycleEvent,
  parseLifecycleEvents,
  type StatusInterval,
  type StatusReport,
  statusReport,
  statusTimeline,
} from '@ilos/core';
import type { CommandModule } from '../command.js';
import type { Io } from '../io.js';

const EXAMPLES = `
Answers for one person on one date, from lifecycle events alone (no database): the status, whether
and since when the person overstayed, days of unlawful presence and any bar, whether the departure is
verified, and whether removal may proceed, with every blocker. Each answer comes with the rule chain
(RULES.md rule, events used, statute or regulation). Events dated after --as-of are ignored.

Examples:
  ilos status --events person.json --as-of 2025-10-01
  ilos status --events person.json --as-of 2025-10-01 --json
  ilos status --events person.json --as-of 2025-10-01 --timeline
  ilos status --scenarios ../shared/scenarios/status-scenarios.json --json

person.json is a JSON array of events in the scenario vocabulary, e.g.
  [{"type":"admission","date":"2025-01-10","class":"B2","admitUntil":"2025-07-09","mode":"AIR"},
   {"type":"extension_filed","date":"2025-06-20","form":"I-539","requestedUntil":"2026-01-09",
    "nonFrivolous":true,"unauthorizedEmployment":false}]

--json prints the status report (the scenario output schema plus "explanation"; with --timeline also
"timeline"). --scenarios answers every scenario of a scenario file from its "events" and "asOf" only
(never its "expected") and prints {"results":[{"id":…,"output":{…}}]}.
Bad input (unreadable file, invalid JSON, unknown event type, bad date) exits with code 2.`;

type Options = { events?: string; asOf?: string; scenarios?: string; timeline?: boolean; json?: boolean };

export const statusCommand: CommandModule = (program, io) => {
  program
    .command('status')
    .description('status, overstay, unlawful presence and removal gate of one person on a date, explained')
    .option('--events <file>', 'JSON array of lifecycle events of one person')
    .option('--as-of <date>', 'the date to answer for, YYYY-MM-DD (the end of that day)')
    .option('--scenarios <file>', 'a scenario file: answer each scenario from its events and asOf')
    .option('--timeline', 'also give the status timeline (intervals of status over time)')
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (options: Options) => {
      if (options.scenarios !== undefined && options.events !== undefined) {
        throw new AppError(
          'invalid_input',
          'give either --events FILE --as-of DATE or --scenarios FILE, not both',
        );
      }
      if (options.scenarios !== undefined) return answerScenarios(io, options.scenarios, options);
      if (options.events === undefined) {
        throw new AppError(
          'invalid_input',
          'give --events FILE --as-of YYYY-MM-DD, or --scenarios FILE (see ilos status --help)',
        );
      }
      const asOf = asOfFrom(options.asOf, '--as-of');
      const events = eventsFrom(await jsonIn(options.events), options.events);
      const report = statusReport(events, asOf);
      const timeline = options.timeline ? statusTimeline(events, asOf) : undefined;
      if (options.json) {
        io.out(JSON.stringify(timeline ? { ...report, timeline } : report));
        return;
      }
      printReport(io, report, asOf);
      if (timeline) printTimeline(io, timeline);
    });
};

async function answerScenarios(io: Io, file: string, options: Options) {
  const input = await jsonIn(file);
  const scenarios =
    typeof input === 'object' && input !== null ? (input as { scenarios?: unknown }).scenarios : undefined;
  if (!Array.isArray(scenarios))
    throw new AppError('invalid_input', `${file}: expected an object with a "scenarios" array`);
  const results = scenarios.map((scenario: unknown, index) => {
    const { id, events, asOf } = (
      typeof scenario === 'object' && scenario !== null ? scenario : {}
    ) as Record<string, unknown>;
    const name = typeof id === 'string' ? id : `scenario ${index}`;
    const parsedAsOf = asOfFrom(asOf, `${file}: ${name}: "asOf"`);
    const parsed = eventsFrom(events, `${file}: ${name}`);
    const output = statusReport(parsed, parsedAsOf);
    return {
      id: name,
      output: options.timeline ? { ...output, timeline: statusTimeline(parsed, parsedAsOf) } : output,
      asOf: parsedAsOf,
    };
  });
  if (options.json) {
    io.out(JSON.stringify({ results: results.map(({ id, output }) => ({ id, output })) }));
    return;
  }
  for (const { id, output, asOf } of results) {
    io.out(`── ${id}`);
    printReport(io, output, asOf);
    if ('timeline' in output) printTimeline(io, output.timeline as StatusInterval[]);
    io.out('');
  }
}

async function jsonIn(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AppError('invalid_input', `${file}: cannot read the file (${reason})`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', `${file}: invalid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function eventsFrom(input: unknown, where: string): LifecycleEvent[] {
  const parsed = parseLifecycleEvents(input);
  if (!parsed.ok) throw new AppError('invalid_input', `${where}: ${parsed.error}`);
  return parsed.value;
}

function asOfFrom(value: unknown, where: string): IsoDate {
  if (value === undefined) throw new AppError('invalid_input', `${where} is required (a date YYYY-MM-DD)`);
  if (!isIsoDate(value))
    throw new AppError('invalid_input', `${where} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

const yesNo = (value: boolean | 'UNKNOWN' | 'UNDETERMINED') =>
  value === true ? 'yes' : value === false ? 'no' : value.toLowerCase();

function printReport(io: Io, report: StatusReport, asOf: IsoDate) {
  const { overstay, unlawfulPresence: up, removal } = report;
  io.out(`Status on ${asOf}: ${report.status}   (in the U.S.: ${yesNo(report.inUS)})`);
  if (report.lawfulStatusEndedOn) io.out(`Lawful status ended: ${report.lawfulStatusEndedOn}`);
  io.out(
    `Overstay: ${
      overstay.occurred
        ? `since ${overstay.since}, ongoing: ${yesNo(overstay.ongoing)}, report category ${overstay.reportCategory}`
        : 'none'
    }`,
  );
  const days =
    up.applicable === false
      ? 'not applicable'
      : `${up.days} day(s)${up.firstDay ? ` from ${up.firstDay}` : ''}, ${up.accruingOnAsOf ? 'accruing' : 'not accruing'}${up.applicable === 'UNDETERMINED' ? ' (applicability undetermined)' : ''}`;
  io.out(
    `Unlawful presence: ${days}; bar: ${up.bar}${up.barAppliesThrough ? ` through ${up.barAppliesThrough}` : ''}`,
  );
  io.out(
    `Departure confirmed: ${report.departureConfirmed === null ? 'no departure after the last entry' : yesNo(report.departureConfirmed)}`,
  );
  io.out(
    `Removal: ${removal.mayProceed ? 'MAY PROCEED' : 'may NOT proceed'} (case ${removal.caseState}; order final: ${
      removal.orderFinal === null ? 'no order' : yesNo(removal.orderFinal)
    }${removal.finalOn ? ` on ${removal.finalOn}` : ''}${removal.appealDeadline ? `; appeal deadline ${removal.appealDeadline}` : ''})`,
  );
  if (removal.blockers.length > 0) io.out(`  blockers: ${removal.blockers.join(', ')}`);
  if (removal.reviewHolds.length > 0) io.out(`  review holds: ${removal.reviewHolds.join(', ')}`);
  const flags = [...removal.flags, ...report.extra.flags];
  if (flags.length > 0) io.out(`Flags for review: ${flags.join(', ')}`);
  io.out('Rule chain:');
  report.explanation.forEach((step, index) => {
    io.out(`  ${String(index + 1).padStart(2)}. [${step.rule}] ${step.text}`);
    const events = step.events.length > 0 ? ` · events ${step.events.join(', ')}` : '';
    io.out(`      ${step.citation}${events}`);
  });
}

function printTimeline(io: Io, timeline: StatusInterval[]) {
  io.out('Timeline:');
  for (const interval of timeline) {
    io.out(
      `  ${interval.from} → ${(interval.to ?? '…').padEnd(10)}  ${interval.status}  (${interval.ruleIds.join(', ')})`,
    );
  }
}
