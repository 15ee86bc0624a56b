// Regenerates docs/screenshots/<screen>-<width>x<height>.png: every screen of the console at the three
// sizes it is laid out for (1366×768, 1440×900, 1920×1080), driven through a simulated case against the
// real server (`rgs serve --simulate`). Run from the repository root:
//   node scripts/screenshots.mjs            (RGS_E2E_SCENARIO=<name> to pick the scenario)
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  addLesion,
  bodyMapLesions,
  createCase,
  createPatient,
  firstRunSetup,
  holdSite,
  moveProbeTo,
  newSite,
  openLive,
  recordTracer,
  registerProbe,
  signIn,
  startSession,
  waitRecorded,
} from '../e2e/flows.js';
import {
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  removeDir,
  repoRoot,
  SCREEN_SIZES,
  startServer,
} from '../e2e/harness.js';

const outDir = join(repoRoot, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
// This script's own files (NN-name-WxH.png) are replaced as a set; other scripts' files stay.
for (const file of readdirSync(outDir)) if (/^\d\d-.*\.png$/.test(file)) rmSync(join(outDir, file));

/** The size the walk-through runs at between shots. */
const WORK_SIZE = { width: 1440, height: 900 };

/** The screen as it is now, at each of the three sizes (full page where the page is long). */
async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    // Let the layout, the trend canvas and transitions settle on the new size.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page.waitForTimeout(150);
    const file = `${name}-${size.width}x${size.height}.png`;
    await page.screenshot({ path: join(outDir, file), fullPage: options.fullPage ?? false });
    process.stdout.write(`docs/screenshots/${file}\n`);
  }
  await page.setViewportSize(WORK_SIZE);
}

ensureBuilt();
const server = await startServer({ scenario: e2eScenario() });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: WORK_SIZE, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('input[name=password]').waitFor();
  await shot(page, '01-first-run-setup');
  await firstRunSetup(page, server.url);
  await registerProbe(page, server.url, 'Sim CsI 14 mm');
  await registerProbe(page, server.url, 'Lap CdTe 11 mm');
  await shot(page, '09-probes');
  await page.getByRole('link', { name: 'Sim CsI 14 mm' }).click();
  await page.locator('h1', { hasText: 'Probe quality control' }).waitFor();
  await shot(page, '11-probe-qc', { fullPage: true });
  await page.goto(`${server.url}/#/cases/new`);
  await page.locator('input[name=label]').waitFor();
  await shot(page, '12-new-case');

  const caseId = await createCase(
    page,
    server.url,
    'NET-2026-014',
    'ileal NET; mesenteric node indeterminate on PET/CT',
  );
  await createCase(page, server.url, 'NET-2026-015', 'pancreatic NET, uncinate process');
  await page.goto(`${server.url}/#/cases`);
  await page.locator('td', { hasText: 'NET-2026-015' }).waitFor();
  await shot(page, '02-case-list');

  await page.goto(`${server.url}/#/cases/${caseId}`);
  await createPatient(page, { pseudonym: 'NET-P-0014', sex: 'female', birthYear: 1961 });
  await recordTracer(page, {
    agent: '68Ga-DOTATATE',
    activityMBq: 146,
    at: new Date(Date.now() - 90 * 60_000),
  });
  await addLesion(page, {
    label: 'L1',
    siteCode: 'small-bowel',
    location: 'terminal ileum',
    imaging: 'seen',
  });
  await addLesion(page, {
    label: 'L2',
    siteCode: 'mesenteric-lymph-node',
    location: 'mesenteric root',
    imaging: 'indeterminate',
  });
  await startSession(page);
  await shot(page, '03-case-workflow', { fullPage: true });

  await openLive(page);
  const lesions = await bodyMapLesions(page);
  // Background on normal bowel and mesentery near the lesions (as in the OR), a few cm away from them.
  const far = [
    { xCm: 5, yCm: -14 },
    { xCm: 7, yCm: -9 },
    { xCm: 0, yCm: -19 },
  ];
  for (const [index, point] of far.entries()) {
    await moveProbeTo(page, point.xCm, point.yCm);
    await newSite(page);
    await holdSite(page, 1.5);
    await page.keyboard.press('b');
    await waitRecorded(page, `Background ${index + 1}`);
  }
  // Over each lesion in turn until the engine calls one positive (the screenshot shows that state).
  for (const lesion of lesions) {
    await moveProbeTo(page, lesion.xCm, lesion.yCm);
    await newSite(page);
    const positive = await page
      .getByTestId('verdict')
      .filter({ hasText: 'POSITIVE' })
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (positive) break;
  }
  await holdSite(page, 3);
  await shot(page, '04-live-view');
  await page.keyboard.press('m');
  await page.locator('dialog[open]').waitFor();
  await page.keyboard.press('1');
  await page.locator('dialog[open] h2', { hasText: 'In vivo' }).waitFor();
  await shot(page, '05-measurement-picker');
  await page.keyboard.press('3');
  await page.locator('dialog[open] h2', { hasText: 'which tissue site?' }).waitFor();
  await shot(page, '05-measurement-picker-site');
  await page.keyboard.press('8'); // Mesentery / lymph node
  await waitRecorded(page, 'Finding 1');

  await page.getByRole('link', { name: '← Case page' }).click();
  await page.getByRole('radio', { name: 'R0 — no residual tumour' }).check();
  await page
    .locator('textarea[name=statement]')
    .fill('Ileal primary and node resected; tumour bed at background.');
  await page.getByRole('button', { name: 'Close and sign off' }).click();
  await page.getByTestId('closed').waitFor();
  await page.getByTestId('open-report').click();
  await page.frameLocator('[data-testid=report-frame]').locator('h1').waitFor();
  await shot(page, '06-report', { fullPage: true });
  await page.goto(`${server.url}/#/admin/users`);
  await page.locator('h1', { hasText: 'Users' }).waitFor();
  await shot(page, '10-users');
  await page.goto(`${server.url}/#/planning`);
  await page.getByTestId('run-plan').click();
  await page.getByTestId('case-plan-results').waitFor();
  await shot(page, '13-planning', { fullPage: true });
  await page.goto(`${server.url}/#/registry`);
  await page.locator('h1', { hasText: 'Registry' }).waitFor();
  await page.waitForTimeout(1500);
  await shot(page, '14-registry');
  await page.goto(`${server.url}/#/spectrum`);
  await page.locator('h1', { hasText: 'Spectrum' }).first().waitFor();
  await page.waitForTimeout(1000);
  await shot(page, '16-spectrum');
  await page.goto(`${server.url}/#/map`);
  await page.locator('h1', { hasText: '3D map' }).first().waitFor();
  await page.waitForTimeout(1000);
  await shot(page, '17-3d-map');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shot(page, '15-sign-in');
  await signIn(page, server.url);

  // The probe check view in demo mode, then the live connection lost.
  await page.goto(`${server.url}/#/live`);
  await page.getByTestId('probe-status').filter({ hasText: 'PROBE CONNECTED' }).waitFor({ timeout: 15_000 });
  if (lesions[1]) await moveProbeTo(page, lesions[1].xCm, lesions[1].yCm);
  await page.getByRole('checkbox', { name: 'show lesions (trainer)' }).check();
  await holdSite(page, 2);
  await shot(page, '07-demo-body-map');
  await server.stop();
  await page
    .getByTestId('probe-status')
    .filter({ hasText: 'LIVE CONNECTION LOST' })
    .waitFor({ timeout: 10_000 });
  await shot(page, '08-connection-lost');
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  removeDir(server.dataDir);
}
