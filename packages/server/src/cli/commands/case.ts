import {
  AppError,
  CASE_TRANSITIONS,
  type CaseTransition,
  type GateFinding,
  IJ_DECISION_OUTCOMES,
  type IjDecisionOutcome,
  type IsoDate,
  isIsoDate,
  REMOVAL_CASE_STATES,
  type StepDetails,
  TRANSITION_TABLE,
} from '@ilos/core';
import { casePrincipal } from '../../cases/case-actor.js';
import {
  approveStep,
  declineStep,
  isCaseState,
  listCases,
  openCase,
  type StepResult,
  showCase,
  transitionCase,
} from '../../cases/cases.js';
import { loadConfig, withContext } from '../../context.js';
import type { CommandModule } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { positiveInt, withDataOption } from '../options.js';

const EXAMPLES = `
Removal cases (RULES.md §7) as a workflow whose due-process gates cannot be skipped. Every step
re-derives the person's status from their current records at that moment and checks every blocker
of RULES.md §7.5, review holds, the identity links, open disputes and counsel of record. A refused
step names each blocker and the records behind it (exit 5). A step adverse to the person waits for a
supervisor other than the one who asked (two-person rule), and is checked again when approved.
Counsel of record gets a queued notice of every step. Every attempt is kept in the case history.

Who acts: the logged-in user (ilos login). Every case command goes through the access layer and is
audited: reading a case or taking a step needs your assignment to the case (ilos access assign, or
break-glass); opening a case assigns you to it. A supervisor's list and work list cover every case,
anyone else's the cases they are assigned to. --by USER only checks that USER is the one logged in.

Examples:
  ilos login --user j.doe
  ilos case open --person P-000123 --reason "referred by ERO field office"
  ilos case transition CASE-1A2B3C4D5E serve_nta --hearing-date 2026-07-20 --reason "NTA served in person"
  ilos case approve CASE-1A2B3C4D5E --reason "NTA contents checked"        (as m.supervisor)
  ilos case transition CASE-1A2B3C4D5E file_nta --reason "filed with Arlington court"
  ilos case transition CASE-1A2B3C4D5E record_ij_decision --outcome REMOVAL_ORDERED --reason "oral decision"
  ilos case transition CASE-1A2B3C4D5E reserve_appeal --reason "appeal reserved"
  ilos case transition CASE-1A2B3C4D5E execute_removal --reason "I-205 ready"
  ilos case decline CASE-1A2B3C4D5E --reason "stay motion pending"         (as m.supervisor)
  ilos case show CASE-1A2B3C4D5E
  ilos case list --state FINAL_ORDER --json
  ilos worklist                              the work list, ordered by legal deadline only

Transitions (⚖ = adverse, needs a supervisor's approval):
${CASE_TRANSITIONS.map((t) => {
  const spec = TRANSITION_TABLE[t];
  const from = spec.from === 'ACTIVE' ? 'any open state' : spec.from.join('|');
  return `  ${spec.adverse ? '⚖' : ' '} ${t.padEnd(22)} ${from} → ${spec.to === 'SAME' ? '(same)' : spec.to}`;
}).join('\n')}

States: ${REMOVAL_CASE_STATES.join(', ')}.`;

type ActorOptions = { by?: string; data?: string; json?: boolean };

function reason(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '')
    throw new AppError('invalid_input', `${what} needs --reason TEXT`);
  return value.trim();
}

function date(value: string | undefined, flag: string): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value))
    throw new AppError('invalid_input', `${flag} must be a date YYYY-MM-DD, not '${value}'`);
  return value;
}

function findingLines(findings: readonly GateFinding[]): string[] {
  return findings.map(
    (f) =>
      `  ✗ ${f.code}: ${f.text} [${f.rule}; ${f.citation}]${f.recordIds.length > 0 ? `\n      records: ${f.recordIds.join(', ')}` : ''}`,
  );
}

/** Prints a step's result; a refusal exits 5 (conflict) after naming every blocker. */
function printStep(io: Io, result: StepResult, json: boolean, setExit: (code: number) => void): void {
  if (result.outcome === 'refused') setExit(EXIT.conflict);
  if (json) {
    io.out(JSON.stringify(result));
    return;
  }
  const c = result.case;
  const step = result.event.transition ?? 'open';
  switch (result.outcome) {
    case 'opened':
      io.out(`${c.id} opened for ${c.personId} (${c.matter}), state ${c.state}`);
      for (const f of result.event.findings) io.out(`  note ${f.code}: ${f.text}`);
      break;
    case 'applied':
    case 'approved':
      io.out(`${c.id}: ${step} ${result.outcome} — now ${c.state}${c.active ? '' : ' (closed)'}`);
      break;
    case 'pending_approval':
      io.out(
        `${c.id}: ${step} waits for a supervisor's approval (${result.approval?.id}); ask someone else to run: ilos case approve ${c.id}`,
      );
      break;
    case 'declined':
      io.out(`${c.id}: ${step} declined; the case stays ${c.state}`);
      break;
    case 'refused':
      io.out(`${c.id}: ${step} refused on ${result.event.asOf}; the case stays ${c.state}. Blockers:`);
      for (const line of findingLines(result.check?.blocking ?? [])) io.out(line);
      break;
  }
  if (result.notified > 0) io.out(`  counsel of record notified (${result.notified})`);
}

export const caseCommand: CommandModule = (program, io, setExit) => {
  const cases = program
    .command('case')
    .description('removal cases: list, show, open, transition, approve, decline');
  cases.addHelpText('after', EXAMPLES);
  const actorOption = (c: ReturnType<typeof cases.command>) =>
    withDataOption(
      c.option('--by <user>', 'fail unless this is the logged-in user').option('--json', 'print JSON'),
    );

  actorOption(
    cases
      .command('list')
      .description('list cases (active ones unless --all)')
      .option('--state <state>', `one of ${REMOVAL_CASE_STATES.join(', ')}`)
      .option('--person <id>', 'cases of one person')
      .option('--all', 'include closed cases')
      .option('--limit <n>', 'how many', positiveInt('--limit'), 200),
  ).action(
    async (options: ActorOptions & { state?: string; person?: string; all?: boolean; limit: number }) => {
      if (options.state !== undefined && !isCaseState(options.state))
        throw new AppError('invalid_input', `--state must be one of ${REMOVAL_CASE_STATES.join(', ')}`);
      const list = await withContext(loadConfig(options), async (ctx) =>
        listCases(ctx, await casePrincipal(ctx, options.by), {
          state: options.state as (typeof REMOVAL_CASE_STATES)[number] | undefined,
          personId: options.person,
          active: options.all ? undefined : true,
          limit: options.limit,
        }),
      );
      if (options.json) return io.out(JSON.stringify({ cases: list }));
      if (list.length === 0) return io.out('no cases');
      for (const c of list) {
        const overlays = c.overlays.length > 0 ? ` [${c.overlays.join(', ')}]` : '';
        io.out(
          `${c.id.padEnd(15)} ${c.personId.padEnd(15)} ${c.state.padEnd(18)}${overlays}${c.active ? '' : ' (closed)'}`,
        );
      }
    },
  );

  actorOption(
    cases
      .command('show')
      .description('a case: its gates today, history, approvals, notices')
      .argument('<case>'),
  ).action(async (caseId: string, options: ActorOptions) => {
    const view = await withContext(loadConfig(options), async (ctx) =>
      showCase(ctx, await casePrincipal(ctx, options.by), caseId),
    );
    if (options.json) return io.out(JSON.stringify(view));
    const c = view.case;
    io.out(
      `${c.id} — person ${c.personId}, ${c.matter}, ${c.state}${c.overlays.length ? ` [${c.overlays.join(', ')}]` : ''}${c.active ? '' : ' (closed)'}`,
    );
    const dates = [
      c.ijOutcome && `IJ outcome ${c.ijOutcome}`,
      c.hearingOn && `hearing ${c.hearingOn}`,
      c.appealDeadline && `last day to appeal ${c.appealDeadline}`,
      c.vdDepartBy && `depart by ${c.vdDepartBy}`,
    ].filter(Boolean);
    if (dates.length > 0) io.out(`  ${dates.join(' · ')}`);
    const p = view.person;
    io.out(
      `  on ${view.asOf}: status ${p.status}; identity ${p.identityConfirmed ? 'confirmed' : 'NOT confirmed (probable link)'}; counsel ${p.counsel.map((k) => `${k.name} (${k.form})`).join(', ') || 'none'}${p.disputes.length ? `; disputes ${p.disputes.join(', ')}` : ''}`,
    );
    if (view.pending) {
      const a = view.pending.approval;
      io.out(`\nwaiting for approval: ${a.transition} (${a.id}), asked by ${a.requestedBy}`);
      if (view.pending.check.allowed) io.out('  gates clear today');
      else for (const line of findingLines(view.pending.check.blocking)) io.out(line);
    }
    io.out('\nnext steps today:');
    for (const n of view.next) {
      const mark = n.allowed ? (n.needsApproval ? '⚖ allowed, needs approval' : '✓ allowed') : '✗ refused';
      io.out(`  ${n.transition.padEnd(22)} → ${n.to.padEnd(18)} ${mark}`);
      if (!n.allowed)
        for (const f of n.blocking)
          io.out(`      ${f.code}${f.recordIds.length ? ` (${f.recordIds.join(', ')})` : ''}`);
    }
    io.out('\nhistory:');
    for (const e of view.events) {
      io.out(
        `  ${e.at.toISOString().slice(0, 16)} ${e.actorId.padEnd(14)} ${(e.transition ?? e.action).padEnd(22)} ${e.outcome.padEnd(16)} ${e.fromState}${e.toState && e.toState !== e.fromState ? ` → ${e.toState}` : ''} — ${e.reason}`,
      );
      for (const b of e.blockers)
        io.out(`      ✗ ${b.code}${b.recordIds.length ? ` (${b.recordIds.join(', ')})` : ''}`);
    }
    if (view.notifications.length > 0) {
      io.out(`\ncounsel notices queued: ${view.notifications.length}`);
      for (const n of view.notifications.slice(-5)) io.out(`  ${n.counselName} (${n.form}): ${n.subject}`);
    }
  });

  actorOption(
    cases
      .command('open')
      .description('open a removal case for a person (one active case per person per matter)')
      .requiredOption('--person <id>', 'the person id')
      .option('--matter <name>', 'the matter', 'removal')
      .option('--reason <text>', 'why the case is opened'),
  ).action(async (options: ActorOptions & { person: string; matter: string; reason?: string }) => {
    const why = reason(options.reason, 'opening a case');
    const result = await withContext(loadConfig(options), async (ctx) =>
      openCase(ctx, await casePrincipal(ctx, options.by), {
        personId: options.person,
        matter: options.matter,
        reason: why,
      }),
    );
    printStep(io, result, options.json ?? false, setExit);
  });

  actorOption(
    cases
      .command('transition')
      .description('take a step on a case; adverse steps wait for a second person')
      .argument('<case>')
      .argument('<transition>', CASE_TRANSITIONS.join(' | '))
      .option('--reason <text>', 'why, in words a person can read')
      .option('--hearing-date <date>', 'serve_nta, serve_hearing_notice: the hearing the notice sets')
      .option('--waive-ten-days', 'serve_nta: the respondent waived the 10-day minimum (INA §239(b)(1))')
      .option('--outcome <outcome>', `record_ij_decision: ${IJ_DECISION_OUTCOMES.join(' | ')}`)
      .option(
        '--appeal-deadline <date>',
        'reserve_appeal: last day to appeal (default: from the court record)',
      )
      .option(
        '--vd-depart-by <date>',
        'begin_vd, bia_reinstated_vd: depart-by date (default: from the record)',
      ),
  ).action(
    async (
      caseId: string,
      transition: string,
      options: ActorOptions & {
        reason?: string;
        hearingDate?: string;
        waiveTenDays?: boolean;
        outcome?: string;
        appealDeadline?: string;
        vdDepartBy?: string;
      },
    ) => {
      if (!(CASE_TRANSITIONS as readonly string[]).includes(transition))
        throw new AppError(
          'invalid_input',
          `unknown transition '${transition}': one of ${CASE_TRANSITIONS.join(', ')}`,
        );
      if (
        options.outcome !== undefined &&
        !(IJ_DECISION_OUTCOMES as readonly string[]).includes(options.outcome)
      )
        throw new AppError('invalid_input', `--outcome must be one of ${IJ_DECISION_OUTCOMES.join(', ')}`);
      const details: StepDetails = {};
      const hearing = date(options.hearingDate, '--hearing-date');
      if (hearing !== undefined) details.hearingDate = hearing;
      if (options.waiveTenDays) details.tenDayMinimumWaived = true;
      if (options.outcome !== undefined) details.outcome = options.outcome as IjDecisionOutcome;
      const deadline = date(options.appealDeadline, '--appeal-deadline');
      if (deadline !== undefined) details.appealDeadline = deadline;
      const departBy = date(options.vdDepartBy, '--vd-depart-by');
      if (departBy !== undefined) details.vdDepartBy = departBy;
      const why = reason(options.reason, transition);
      const result = await withContext(loadConfig(options), async (ctx) =>
        transitionCase(ctx, await casePrincipal(ctx, options.by), {
          caseId,
          transition: transition as CaseTransition,
          reason: why,
          details,
        }),
      );
      printStep(io, result, options.json ?? false, setExit);
    },
  );

  actorOption(
    cases
      .command('approve')
      .description('approve the adverse step waiting on a case (a supervisor other than the requester)')
      .argument('<case>')
      .option('--reason <text>', 'what you checked'),
  ).action(async (caseId: string, options: ActorOptions & { reason?: string }) => {
    const why = reason(options.reason, 'an approval');
    const result = await withContext(loadConfig(options), async (ctx) =>
      approveStep(ctx, await casePrincipal(ctx, options.by), { caseId, reason: why }),
    );
    printStep(io, result, options.json ?? false, setExit);
  });

  actorOption(
    cases
      .command('decline')
      .description('decline the adverse step waiting on a case (a supervisor, or the requester withdrawing)')
      .argument('<case>')
      .option('--reason <text>', 'why'),
  ).action(async (caseId: string, options: ActorOptions & { reason?: string }) => {
    const why = reason(options.reason, 'declining a step');
    const result = await withContext(loadConfig(options), async (ctx) =>
      declineStep(ctx, await casePrincipal(ctx, options.by), { caseId, reason: why }),
    );
    printStep(io, result, options.json ?? false, setExit);
  });
};
