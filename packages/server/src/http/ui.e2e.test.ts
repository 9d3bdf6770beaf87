import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assignWork } from '../access/work.js';
import { login, logout } from '../accounts/accounts.js';
import { testCode } from '../accounts/test-mfa.js';
import { openCase } from '../cases/cases.js';
import { DEMO_AUDIT_TASK, seedDemoUsers } from '../demo/demo-users.js';
import { runDemo } from '../demo/run-demo.js';
import { freshContext, storeKinds } from '../test-support.js';
import { createApi } from './api.js';
import { ensureWebBuild } from './web-build.js';

/**
 * The web UI in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser). Under CI=true a missing chromium fails loudly; elsewhere the suite is skipped with a reason.
 * Every page is checked with axe-core (no serious or critical violation) and for horizontal overflow at
 * 1280 px and on a 1440×900 laptop screen; a screenshot of each is kept in test-results/screenshots.
 * First paint and page timings are measured and written to test-results/ui-timings.json, not asserted.
 * Runs on PGlite, and on the PostgreSQL server as well when TEST_DATABASE_URL is set or CI=true.
 */
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../../../../test-results/', import.meta.url));
const SCREENSHOTS = join(RESULTS, 'screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
if (!haveChromium && !inCi)
  console.warn(`[ilos tests] browser suite skipped: no ${CHROMIUM} (apt-get install -y chromium)`);

const VIEWPORTS = [
  { name: '1280', width: 1280, height: 900 },
  { name: 'laptop-1440x900', width: 1440, height: 900 },
] as const;

/** A hearing 30 days from today: past the 10-day minimum after service (INA §239(b)(1)). */
const hearingDate = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** The little of the page's globals a polled check reads (this package compiles without the DOM library). */
type PageGlobals = {
  document: { querySelector: (selector: string) => unknown };
  performance: { now: () => number };
};

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

// On PGlite always; on the PostgreSQL server too when TEST_DATABASE_URL or CI=true (screenshots of that
// pass in screenshots/postgres/).
describe.runIf(haveChromium || inCi).each(storeKinds())('the web UI in chromium on %s', (kind) => {
  const SHOTS = kind === 'pglite' ? SCREENSHOTS : join(SCREENSHOTS, kind);
  let ctx: Awaited<ReturnType<typeof freshContext>>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let base: string;
  /** A person in overstay with a confirmed identity, and the removal case this test opens for them. */
  let demoPerson: { personId: string; family: string; status: string };
  const CASE = 'UI-E2E-1';
  const timings: Record<string, number> = {};
  const checkedPages: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  /** axe-core on the page as it is now: every serious or critical violation, described. */
  async function seriousViolations(): Promise<string[]> {
    // Evaluated over the DevTools protocol, so the page's CSP (script-src 'self') stays as served.
    await page.evaluate(AXE_SOURCE);
    // Page code as strings: this package is type-checked without the DOM library.
    const violations = await page.evaluate<unknown[]>('axe.run(document).then((r) => r.violations)');
    return (violations as AxeViolation[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  /**
   * One page, checked: no serious axe violation, no sideways scrolling at 1280 px or on a 1440×900
   * laptop screen, and a screenshot at each size (full page at 1280, the laptop's first screen at 1440).
   */
  async function checkPage(name: string) {
    checkedPages.push(name);
    expect(await seriousViolations(), `axe on ${name}`).toEqual([]);
    for (const v of VIEWPORTS) {
      await page.setViewportSize({ width: v.width, height: v.height });
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, `${name} scrolls sideways at ${v.name}`).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: join(SHOTS, `${name}${v.width === 1280 ? '' : `-${v.name}`}.png`),
        fullPage: v.width === 1280,
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** Milliseconds from a click to the moment what it should show is visible (measured, never asserted). */
  async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - started);
    return result;
  }

  async function logIn(user: string) {
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByLabel('User').fill(user);
    await page.getByLabel('Password').fill(`ilos-demo-${user}-2026`);
    await page.getByLabel('Code from your authenticator app').fill(await testCode(ctx, user));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
  }

  beforeAll(async () => {
    if (!haveChromium)
      throw new Error(`CI=true and ${CHROMIUM} is missing: install it (apt-get install -y chromium)`);
    mkdirSync(SHOTS, { recursive: true });
    for (const old of readdirSync(SHOTS).filter((f) => f.endsWith('.png'))) rmSync(join(SHOTS, old));
    ctx = await freshContext(kind);
    await runDemo(ctx, { people: 300, seed: 'ui-e2e', inputDir: mkdtempSync(join(tmpdir(), 'ilos-ui-')) });
    await seedDemoUsers(ctx);
    const [someone] = await ctx.sql.query<{ person_id: string; family: string; status: string }>(
      `select s.person_id, s.status, r.payload->>'familyName' as family from person_status s
         join person_records pr on pr.person_id = s.person_id
         join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
        where s.status = 'OVERSTAY' and s.identity_confirmed and r.payload->>'familyName' is not null
          and not exists (select 1 from cases c where c.person_id = s.person_id)
        order by s.person_id limit 1`,
    );
    demoPerson = { personId: someone!.person_id, family: someone!.family, status: someone!.status };
    // The adjudicator opens a removal case for them (and is assigned to it); the supervisor, who approves
    // adverse steps, is assigned too. Through the use cases, as `ilos case open` and `ilos assign` do.
    const session = async (user: string) =>
      (
        await login(ctx, {
          userId: user,
          password: `ilos-demo-${user}-2026`,
          code: await testCode(ctx, user),
        })
      ).token;
    const adjudicator = await session('adjudicator');
    await openCase(
      ctx,
      { kind: 'session', token: adjudicator, component: 'test' },
      { personId: demoPerson.personId, id: CASE, reason: 'overstay on file: consider proceedings' },
    );
    await logout(ctx, adjudicator);
    const supervisor = await session('supervisor');
    await assignWork(
      ctx,
      { kind: 'session', token: supervisor, component: 'test' },
      'supervisor',
      `case:${CASE}`,
    );
    await logout(ctx, supervisor);
    // Errors only: a 500 behind a page shows up in the test output with its stack.
    app = await createApi(ctx, { webRoot: await ensureWebBuild(), logger: { level: 'error' } });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await shot(`failed-${test.task.name.slice(0, 40)}`);
    // An exception thrown in the page is a failure even when the screen looked right.
    const thrown = pageErrors.splice(0);
    expect(thrown, 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    if (Object.keys(timings).length > 0) {
      writeFileSync(
        join(RESULTS, `ui-timings${kind === 'pglite' ? '' : `-${kind}`}.json`),
        `${JSON.stringify({ measuredAt: new Date().toISOString(), ms: timings, checkedPages }, null, 2)}\n`,
      );
      console.log(`[ilos ui] ${kind} timings (ms, not asserted): ${JSON.stringify(timings)}`);
    }
    await browser?.close();
    await app?.close();
    await ctx?.dispose();
  });

  it('logs in with the keyboard alone, after a first paint it measures', async () => {
    // Cold: the browser's first page. Warm: the same page loaded again (assets cached, as a returning user).
    // browserStart: the browser's very first page (its own start-up included). firstVisit: a new profile
    // (nothing cached) in the running browser, as a new user sees it. returning: the page loaded again.
    const firstVisit = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    firstVisit.on('pageerror', (error) => pageErrors.push(error.message));
    for (const [load, tab] of [
      ['browserStart', page],
      ['firstVisit', firstVisit],
      ['returning', firstVisit],
    ] as const) {
      if (load === 'returning') await tab.reload();
      else await tab.goto(base);
      // Polled every animation frame: when the login form is on screen, counted from navigation start.
      // A function, not a string: the page's CSP forbids eval, which a polled string would need.
      const formShown = await tab.waitForFunction(
        () => {
          const page = globalThis as unknown as PageGlobals;
          return (
            page.document.querySelector('input[autocomplete=username]') !== null && page.performance.now()
          );
        },
        undefined,
        { polling: 'raf' },
      );
      timings[`${load}LoginFormShown`] = Math.round(Number(await formShown.jsonValue()));
      const paint = await tab.evaluate<Record<string, number>>(
        "Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)]))",
      );
      timings[`${load}FirstContentfulPaint`] = paint['first-contentful-paint'] ?? -1;
    }
    await firstVisit.close();
    await checkPage('01-login');

    // The system-use notice comes first (T9.9): the form is disabled until "I understand", which then
    // moves the focus to the user field.
    await expect(page.getByLabel('User').isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('I understand');
    await page.keyboard.press('Enter');
    await page.getByText('Notice acknowledged.').waitFor();
    expect(await page.evaluate("document.activeElement?.getAttribute('autocomplete')")).toBe('username');
    await page.keyboard.type('adjudicator');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ilos-demo-adjudicator-2026');
    await page.keyboard.press('Tab');
    await page.keyboard.type(await testCode(ctx, 'adjudicator'));
    await timed('loginToSearch', async () => {
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Search persons' }).waitFor();
    });
    // The new page's heading has the focus, so the keyboard and a screen reader start at the content.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Search persons');
  });

  it('searches with a purpose chosen first, opens the person and reads the status explanation', async () => {
    await expect(page.getByLabel('Family name').isDisabled()).resolves.toBe(true);
    await page.getByLabel('Purpose').selectOption('CASE_ADJUDICATION');
    await page.getByLabel('Case or task').selectOption(`case:${CASE}`);
    await page.getByLabel('Family name').fill(demoPerson.family);
    await page.getByRole('button', { name: 'Search persons' }).click();
    const hit = page.getByRole('button', { name: demoPerson.personId });
    await hit.waitFor();
    await checkPage('02-search');

    await timed('personPage', async () => {
      await hit.click();
      await page.getByRole('list', { name: 'Status explanation' }).waitFor();
    });
    const rules = page.getByRole('list', { name: 'Status explanation' }).getByRole('listitem');
    expect(await rules.count()).toBeGreaterThan(0);
    // A step of the chain names the status the person has in the store (RULES.md §6).
    expect(await rules.filter({ hasText: `Status ${demoPerson.status}` }).count()).toBe(1);
    await page.getByRole('img', { name: /Status intervals of .* lifecycle events/ }).waitFor();
    // A link, opened: the explanation under the current model says what each field's evidence decided.
    const links = page.getByRole('region', { name: 'Links and their evidence' });
    await links.locator('summary').first().click();
    const whatIf = links.getByRole('list', { name: /^What if:/ }).first();
    await whatIf.waitFor();
    expect(await whatIf.getByRole('listitem').first().textContent()).toMatch(
      /^Without the .* this pair would score/,
    );
    // The person's cases, under the case the person was opened for.
    await page.getByRole('region', { name: 'Cases' }).getByRole('button', { name: CASE }).waitFor();
    await checkPage('03-person');
  });

  it('tries a blocked case step and reads why it was refused', async () => {
    await page.getByRole('region', { name: 'Cases' }).getByRole('button', { name: CASE }).click();
    await page.getByRole('img', { name: /Case state machine: now NONE/ }).waitFor();
    await checkPage('04-case');
    // Serving an NTA without the time and place of the hearing: INA §239(a)(1)(G)(i) and Niz-Chavez v.
    // Garland require both in the one document, so the server must refuse and say so (RULES.md §7.2).
    await page.getByRole('combobox', { name: /^Step/ }).selectOption('serve_nta');
    await page.getByLabel(/Reason \(recorded/).fill('overstay since the admission period ended');
    await page.getByRole('button', { name: 'Ask for this step' }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'Refused' });
    await outcome.waitFor();
    const why = outcome.getByRole('list', { name: 'Why the step was refused' });
    expect(await why.textContent()).toContain('NTA_TIME_AND_PLACE_MISSING');
    // The refusal is on the case's history, with the gate that stopped it.
    await page
      .getByRole('table', { name: /Every step asked for/ })
      .getByRole('row')
      .filter({ hasText: 'serve_nta' })
      .filter({ hasText: 'refused' })
      .filter({ hasText: 'NTA_TIME_AND_PLACE_MISSING' })
      .waitFor();
    await checkPage('05-case-refused');
  });

  it('asks for an adverse step that then waits for a second person', async () => {
    await page.getByRole('combobox', { name: /^Step/ }).selectOption('serve_nta');
    await page.getByLabel('Hearing date').fill(hearingDate());
    await page.getByLabel(/Reason \(recorded/).fill('NTA with the time and place of the first hearing');
    await page.getByRole('button', { name: 'Ask for this step' }).click();
    // Serving an NTA is adverse: the two-person rule (ADR 0020) queues it for a supervisor.
    await page.getByRole('status').filter({ hasText: 'Waiting for a second person' }).waitFor();
    await page.getByRole('region', { name: 'Waiting for a second person' }).waitFor();
    await checkPage('06-case-pending');
  });
  it('lists the work by legal deadline', async () => {
    await timed('worklist', async () => {
      await page.getByRole('button', { name: 'Work list' }).click();
      await page.getByRole('table', { name: /cases? by legal deadline/ }).waitFor();
    });
    const dues = await page
      .getByRole('table', { name: /cases? by legal deadline/ })
      .locator('tbody tr td:nth-child(4) strong')
      .allTextContents();
    expect(dues).toEqual([...dues].sort());
    await page.getByRole('button', { name: CASE }).waitFor();
    await page.getByRole('region', { name: 'Disputes by Privacy Act deadline' }).waitFor();
    await checkPage('07-worklist');
  });

  it('decides a review item in blind mode with a reason', async () => {
    await page.getByRole('button', { name: 'Review queue' }).click();
    await page.getByRole('row').nth(1).getByRole('button').click();
    await page.getByRole('table', { name: 'Both records, field by field' }).waitFor();
    await checkPage('08-review');
    await page.getByLabel('Different people').check();
    await page.getByLabel(/Reason/).fill('different dates of birth and passports on the two records');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Decided: different by adjudicator' }).waitFor();
    await checkPage('09-review-decided');
  });

  it('shows the overstay report charts and the source registry with receipts and quarantine', async () => {
    await timed('overstayCharts', async () => {
      await page.getByRole('button', { name: 'Overstay report' }).click();
      await page.getByRole('img', { name: 'Overstays by class of admission' }).waitFor();
    });
    await checkPage('10-overstay');
    await page.getByRole('button', { name: 'Sources' }).click();
    await page
      .getByRole('table', { name: /Ingest receipts of/ })
      .first()
      .waitFor();
    await page.getByRole('region', { name: 'Quarantine' }).waitFor();
    await checkPage('11-sources');
  });

  it('a supervisor approves the waiting step: the two-person rule, with the gates checked again', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('User').waitFor();
    await logIn('supervisor');
    await page.getByRole('button', { name: 'Work list' }).click();
    await page.getByRole('button', { name: CASE }).click();
    const waiting = page.getByRole('region', { name: 'Waiting for a second person' });
    await waiting.getByText('serve_nta asked for by adjudicator').waitFor();
    await waiting
      .getByLabel(/Reason for your decision/)
      .fill('the NTA names the time and place; served properly');
    await waiting.getByRole('button', { name: 'Approve' }).click();
    // RULES.md §7.2: serving the NTA moves the case from NONE to NTA_ISSUED.
    await page
      .getByRole('status')
      .filter({ hasText: 'Approved and applied: the case is now NTA_ISSUED' })
      .waitFor();
    await page.getByRole('img', { name: /Case state machine: now NTA_ISSUED/ }).waitFor();
    await checkPage('12-case-approved');
  });

  it('verifies the audit log as an auditor, sees who accessed the person and why, and exports it', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('User').waitFor();
    await logIn('auditor');
    await page.getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel(/Audit task you are working under/).fill(DEMO_AUDIT_TASK);
    // Reading the entries sequences the trail first; verification then covers every entry read.
    const listed = page.getByRole('table', { name: /Entries 1–\d+ of \d+ sequenced/ });
    await listed.waitFor();
    const sequenced = Number(
      /of (\d+) sequenced/.exec((await listed.getByRole('caption').textContent()) ?? '')?.[1],
    );
    await page.getByRole('button', { name: 'Verify the audit log' }).click();
    const verified = page.getByRole('status').filter({ hasText: /Verified: \d+ entries/ });
    await verified.waitFor();
    const entries = Number(/Verified: (\d+) entries/.exec((await verified.textContent()) ?? '')?.[1]);
    // At least this test's own audited reads (search, person, cases, case, two steps, review) are in it.
    expect(sequenced).toBeGreaterThanOrEqual(7);
    expect(entries).toBeGreaterThanOrEqual(sequenced);

    await page.getByLabel('Person id').fill(demoPerson.personId);
    await page.getByRole('button', { name: 'Show accesses' }).click();
    const accesses = page.getByRole('table', { name: new RegExp(`accesses to ${demoPerson.personId}`) });
    await accesses.waitFor();
    // The adjudicator read this person earlier in this very test, for adjudication of the case.
    await accesses
      .getByRole('row')
      .filter({ hasText: 'adjudicator' })
      .filter({ hasText: 'CASE_ADJUDICATION' })
      .filter({ hasText: `case:${CASE}` })
      .first()
      .waitFor();
    await page.getByRole('table', { name: /Entries 1–/ }).waitFor();
    await checkPage('13-audit');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the audit log' }).click();
    const file = join(mkdtempSync(join(tmpdir(), 'ilos-ui-export-')), 'audit.ndjson');
    await (await download).saveAs(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(entries);
  });

  it('asks the auditor for a fresh code when the login is over 5 minutes old, then downloads the export', async () => {
    // T9.3 (ADR 0021): the export needs a login or step-up within 5 minutes; this login is made 6 old.
    const aged = await ctx.sql.query<{ id: string }>(
      'update sessions set authenticated_at = $2 where user_id = $1 and ended_at is null returning id',
      ['auditor', new Date(ctx.now().getTime() - 6 * 60_000)],
    );
    expect(aged).toHaveLength(1);
    const exportButton = page.getByRole('button', { name: 'Download the audit log' });
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    const codeField = dialog.getByLabel('Code from your authenticator app');
    const focused = () =>
      page.evaluate<string | null>(
        'document.activeElement?.textContent || document.activeElement?.getAttribute("autocomplete")',
      );

    // Escape cancels: the refusal stands and is shown, nothing is downloaded.
    await exportButton.click();
    await dialog.waitFor();
    expect(await focused()).toBe('one-time-code');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('alert')
      .filter({ hasText: /fresh re-authentication.*\(403\)/ })
      .waitFor();

    // Asked again: the focus starts in the code field and stays inside the dialog.
    await exportButton.click();
    await dialog.waitFor();
    expect(await focused()).toBe('one-time-code');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('one-time-code');
    expect(await dialog.textContent()).toMatch(/within the last 5 minutes/);
    await checkPage('14-step-up');

    // A wrong code is refused and the dialog says so; the right one steps up and the export goes ahead.
    const download = page.waitForEvent('download');
    await codeField.fill('000000');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'That code was not accepted' }).waitFor();
    expect(await codeField.inputValue()).toBe('');
    await shot('15-step-up-wrong-code');
    await codeField.fill(await testCode(ctx, 'auditor'));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const file = join(mkdtempSync(join(tmpdir(), 'ilos-ui-export-')), 'audit.ndjson');
    await (await download).saveAs(file);
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBeGreaterThan(1);
    await page
      .getByRole('status')
      .filter({ hasText: /^Downloaded .*: \d+ entries\.$/ })
      .waitFor();
    const [session] = await ctx.sql.query<{ fresh: boolean }>(
      `select authenticated_at > created_at as fresh from sessions where id = $1`,
      [aged[0]!.id],
    );
    expect(session?.fresh).toBe(true);
  });
});
