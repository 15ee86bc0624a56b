// Regenerates docs/screenshots/registry*.png and case-pathology.png (issue 9): the registry page on the
// synthetic demo registry (`rgs registry demo`), the import form showing line-numbered errors, and the
// case page's pathology, follow-up and export sections. Real server, Debian's Chromium. From the repo root:
//   node --import tsx packages/console/scripts/registry-screenshots.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, firstRunSetup } from '../e2e/flows.js';
import {
  apiLogin,
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  removeDir,
  repoRoot,
  startServer,
} from '../e2e/harness.js';

const outDir = join(repoRoot, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });

function done(name: string): void {
  process.stdout.write(`docs/screenshots/${name}.png\n`);
}

async function post(url: string, token: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

ensureBuilt();
const dataDir = mkdtempSync(join(tmpdir(), 'openrgs-registry-shots-'));
const demo = spawnSync(
  process.execPath,
  [join(repoRoot, 'packages', 'cli', 'bin', 'rgs.js'), 'registry', 'demo', '--data-dir', dataDir],
  { cwd: repoRoot, encoding: 'utf8' },
);
if (demo.status !== 0) throw new Error(`rgs registry demo failed:\n${demo.stdout}\n${demo.stderr}`);
const server = await startServer({ scenario: e2eScenario(), dataDir });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await firstRunSetup(page, server.url);

  await page.goto(`${server.url}/#/registry`);
  await page.getByTestId('accuracy-table').waitFor({ timeout: 60_000 });
  await page.getByTestId('synthetic-banner').waitFor();
  await settle(page);
  await page.screenshot({ path: join(outDir, 'registry.png'), fullPage: true });
  done('registry');
  await page.screenshot({ path: join(outDir, 'registry-top.png') });
  done('registry-top');

  await page
    .locator('textarea[name=importCsv]')
    .fill(
      [
        'caseLabel,tracer,lesion,site,imagingStatus,resectionStatus,inVivoRatio,rgsResult,netConfirmed',
        'H-001,99mTc-EDDA/HYNIC-TOC,L1,bowel,seen,R0,3.1,positive,yes',
        'H-001,99mTc-EDDA/HYNIC-TOC,L2,colon,seen,R0,1.1,negative,no',
        'H-002,99mTc-EDDA/HYNIC-TOC,L1,nodes,maybe,R3,-2,positive,yes',
      ].join('\n'),
    );
  await page.locator('input[name=importSource]').fill('hospital-A-2019');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const issues = page.getByTestId('import-issues');
  await issues.waitFor();
  await issues.scrollIntoViewIfNeeded();
  await settle(page);
  await page
    .locator('section.panel', { has: page.locator('h2', { hasText: 'Import historic cases' }) })
    .screenshot({ path: join(outDir, 'registry-import-errors.png') });
  done('registry-import-errors');

  // A case with two lesions: the pathology, follow-up and export sections of the case page.
  const token = await apiLogin(server, ADMIN.username, ADMIN.password);
  const kase = await post(server.url, token, '/api/cases', {
    label: 'NET-2026-021',
    indication: 'ileal NET; mesenteric node indeterminate on PET/CT',
    procedureDate: '2026-11-20',
  });
  await post(server.url, token, `/api/cases/${kase.id}/tracer-administrations`, {
    agent: '99mTc-EDDA/HYNIC-TOC',
    nuclide: 'Tc-99m',
    activityMBq: 600,
    administeredAt: '2026-11-20T07:30:00+01:00',
  });
  for (const [label, location, status] of [
    ['L1', 'terminal ileum', 'seen'],
    ['L2', 'mesenteric root', 'indeterminate'],
  ] as const)
    await post(server.url, token, `/api/cases/${kase.id}/lesions`, {
      label,
      location,
      preopImagingStatus: status,
    });
  await page.goto(`${server.url}/#/cases/${kase.id}`);
  const form = page.getByTestId('pathology-L1');
  await form.waitFor();
  await form.getByRole('radio', { name: 'NET confirmed' }).check();
  await form.locator('select[name=pathologyGrade]').selectOption('G1');
  await form.locator('input[name=ki67Percent]').fill('12');
  await form.locator('input[name=sizeMm]').fill('14');
  await form.locator('select[name=marginStatus]').selectOption('clear');
  await page.locator('input[name=decayReference]').fill('2026-11-20T12:00');
  await settle(page);
  await page.getByTestId('pathology-section').screenshot({ path: join(outDir, 'case-pathology.png') });
  done('case-pathology');
  await page
    .locator('section.panel', { has: page.locator('h2', { hasText: 'Report and exports' }) })
    .screenshot({ path: join(outDir, 'case-exports.png') });
  done('case-exports');
  await page.getByTestId('follow-up-section').screenshot({ path: join(outDir, 'case-follow-up.png') });
  done('case-follow-up');
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  removeDir(dataDir);
}
