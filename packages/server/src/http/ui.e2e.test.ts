import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../demo/demo-users.js';
import { runDemo } from '../demo/run-demo.js';
import { freshContext } from '../test-support.js';
import { createApi } from './api.js';
import { ensureWebBuild } from './web-build.js';

/**
 * The web UI in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser). Under CI=true a missing chromium fails loudly; elsewhere the suite is skipped with a reason.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../../../test-results/screenshots/', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
if (!haveChromium && !inCi)
  console.warn(`[ilos tests] browser suite skipped: no ${CHROMIUM} (apt-get install -y chromium)`);

describe.runIf(haveChromium || inCi)('the web UI in chromium', () => {
  let ctx: Awaited<ReturnType<typeof freshContext>>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let familyName: string;

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (!haveChromium)
      throw new Error(`CI=true and ${CHROMIUM} is missing: install it (apt-get install -y chromium)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    ctx = await freshContext('pglite');
    await runDemo(ctx, { people: 300, seed: 'ui-e2e', inputDir: mkdtempSync(join(tmpdir(), 'ilos-ui-')) });
    await seedDemoUsers(ctx);
    const [someone] = await ctx.sql.query<{ family: string }>(
      `select r.payload->>'familyName' as family from person_status s
         join person_records pr on pr.person_id = s.person_id
         join records r on r.source_id = pr.source_id and r.source_record_id = pr.source_record_id and r.is_current
        where r.payload->>'familyName' is not null and s.status = 'OVERSTAY' order by s.person_id limit 1`,
    );
    familyName = someone!.family;
    app = await createApi(ctx, { webRoot: await ensureWebBuild() });
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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await shot(`failed-${test.task.name.slice(0, 40)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ctx?.dispose();
  });

  it('logs in, searches with a purpose chosen first, and reads a status explanation', async () => {
    await page.goto(base);
    await page.getByLabel('User').fill('adjudicator');
    await page.getByLabel('Password').fill('ilos-demo-adjudicator-2026');
    await shot('01-login');
    await page.getByRole('button', { name: 'Log in' }).click();

    await expect(page.getByLabel('Family name').isDisabled()).resolves.toBe(true);
    await page.getByLabel('Purpose').selectOption('CASE_ADJUDICATION');
    await page.getByLabel('Case or task').selectOption('case:DEMO-1');
    await page.getByLabel('Family name').fill(familyName);
    await page.getByRole('button', { name: 'Search persons' }).click();
    await page.getByRole('table').waitFor();
    await shot('02-search');

    await page.getByRole('row').nth(1).getByRole('button').click();
    const rules = page.getByRole('list', { name: 'Status explanation' });
    await rules.waitFor();
    expect(await rules.getByRole('listitem').count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: /Status intervals/ }).waitFor();
    await shot('03-person');
  });

  it('decides a review item in blind mode with a reason', async () => {
    await page.getByRole('button', { name: 'Review queue' }).click();
    await page.getByRole('row').nth(1).getByRole('button').click();
    await page.getByRole('table', { name: 'Both records, field by field' }).waitFor();
    await shot('04-review');
    await page.getByLabel('Different people').check();
    await page.getByLabel(/Reason/).fill('different dates of birth and passports on the two records');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Decided: different by adjudicator' }).waitFor();
    await shot('05-review-decided');
  });

  it('shows the overstay report charts and the source registry with receipts', async () => {
    await page.getByRole('button', { name: 'Overstay report' }).click();
    await page.getByRole('img', { name: 'Overstays by class of admission' }).waitFor();
    await shot('06-overstay');
    await page.getByRole('button', { name: 'Sources' }).click();
    await page
      .getByRole('table', { name: /Ingest receipts of/ })
      .first()
      .waitFor();
    await shot('07-sources');
  });
});
