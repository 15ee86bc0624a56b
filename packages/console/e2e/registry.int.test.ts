// Issue 9 in a real browser against the real server: the registry page (synthetic banner and toggle,
// historic CSV import with line-numbered errors, every figure on screen checked against the API's JSON),
// and on a case page the pathology of a lesion, the final R status, a follow-up entry and the exports,
// each checked through the API afterwards. Debian's Chromium through playwright-core; the server is
// `rgs serve` on a free port with a temporary data directory holding a small synthetic demo registry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, firstRunSetup } from './flows.js';
import {
  apiGet,
  apiLogin,
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  type RunningServer,
  removeDir,
  repoRoot,
  startServer,
  watchPage,
} from './harness.js';

interface ProportionJson {
  successes: number;
  total: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
}
interface StatsJson {
  synthetic: boolean;
  syntheticCases: number;
  cases: number;
  lesions: number;
  groups: {
    tracer: string;
    site: string;
    lesions: number;
    accuracy: Record<
      'sensitivity' | 'specificity' | 'positivePredictiveValue' | 'negativePredictiveValue',
      ProportionJson
    > | null;
    roc: { auc: number; aucInterval: { low: number; high: number } } | { insufficient: string };
  }[];
  foundByRgsNotSeenOnImaging: unknown[];
  resection: Record<'R0' | 'R1' | 'R2' | 'pending', ProportionJson>;
  recurrence: { withFollowUp: number; recurred: ProportionJson };
}

const HISTORIC_CSV = [
  'caseLabel,tracer,surgeryDate,lesion,site,imagingStatus,inVivoRatio,exVivoRatio,rgsResult,netConfirmed,resectionStatus,recurrence,followUpDate',
  'H-01,99mTc-EDDA/HYNIC-TOC,2021-03-02,L1,bowel,seen,3.2,6.1,positive,yes,R0,no,2022-03-01',
  'H-01,99mTc-EDDA/HYNIC-TOC,2021-03-02,L2,nodes,not-seen,2.4,4.0,positive,yes,R0,no,2022-03-01',
  'H-02,99mTc-EDDA/HYNIC-TOC,2021-04-12,L1,bowel,seen,1.1,1.3,negative,no,R1,yes,2022-06-01',
  'H-02,99mTc-EDDA/HYNIC-TOC,2021-04-12,L2,nodes,indeterminate,1.9,2.2,positive,no,R1,yes,2022-06-01',
  'H-03,99mTc-EDDA/HYNIC-TOC,2021-06-30,L1,pancreas,seen,2.8,,positive,yes,R0,,',
  'H-03,99mTc-EDDA/HYNIC-TOC,2021-06-30,L2,nodes,seen,1.2,,negative,no,R0,,',
  'H-04,111In-pentetreotide,2020-05-05,L1,bowel,seen,2.1,3.3,positive,yes,R2,yes,2021-05-01',
  'H-04,111In-pentetreotide,2020-05-05,L2,bowel,not-seen,1.3,,undecided,yes,R2,yes,2021-05-01',
  'H-05,111In-pentetreotide,2020-09-15,L1,nodes,seen,0.9,,negative,no,R0,no,2021-07-01',
  'H-05,111In-pentetreotide,2020-09-15,L2,liver,indeterminate,1.8,,positive,yes,R0,no,2021-07-01',
].join('\n');
const HISTORIC_ROWS = 10;

const BAD_CSV = [
  'caseLabel,tracer,lesion,site,imagingStatus,resectionStatus,inVivoRatio',
  'B-01,99mTc-EDDA/HYNIC-TOC,L1,bowel,seen,R0,2.5',
  'B-01,99mTc-EDDA/HYNIC-TOC,L2,colon,seen,R0,1.1',
  'B-02,99mTc-EDDA/HYNIC-TOC,L1,nodes,maybe,R0,-2',
].join('\n');

/** Runs an `rgs` command to completion (asynchronously, so other set-up can go on meanwhile). */
function rgs(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'packages', 'cli', 'bin', 'rgs.js'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`rgs ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/** Numbers shown as "41 %", "4.8", "99.95 %": the value and half a unit of its last shown digit. */
function shown(text: string): { value: number; tolerance: number } {
  const match = /(\d+)(?:\.(\d+))?/.exec(text);
  assert.ok(match?.[1], `no number in '${text}'`);
  const decimals = match[2]?.length ?? 0;
  return { value: Number(match[0]), tolerance: 0.5 * 10 ** -decimals + 1e-9 };
}

function near(text: string, expected: number, label: string): void {
  const { value, tolerance } = shown(text);
  assert.ok(Math.abs(value - expected) <= tolerance, `${label}: screen '${text}', API ${expected}`);
}

/** A proportion cell: estimate line, interval line "a–b %", counts line "n/N" — all equal to the API's. */
function checkProportionCell(text: string, p: ProportionJson, label: string): void {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  assert.equal(lines.at(-1), `${p.successes}/${p.total}`, `${label}: counts`);
  if (p.estimate === null || p.low === null || p.high === null) {
    assert.equal(lines[0], '—', `${label}: no estimate`);
    return;
  }
  near(lines[0] ?? '', p.estimate * 100, `${label} estimate`);
  const [low, high] = (lines[1] ?? '').split('–');
  near(low ?? '', p.low * 100, `${label} low`);
  near(high ?? '', p.high * 100, `${label} high`);
}

/** An outcome row: "65 % (52–77 %)" and "39/60". */
function checkRateText(rate: string, counts: string, p: ProportionJson, label: string): void {
  assert.equal(counts.trim(), `${p.successes}/${p.total}`, `${label}: counts`);
  if (p.estimate === null || p.low === null || p.high === null) {
    assert.equal(rate.trim(), '—', label);
    return;
  }
  const match = /^(.+?) \((.+?)–(.+?)\)$/.exec(rate.trim());
  assert.ok(match, `${label}: '${rate}'`);
  near(match[1] ?? '', p.estimate * 100, `${label} estimate`);
  near(match[2] ?? '', p.low * 100, `${label} low`);
  near(match[3] ?? '', p.high * 100, `${label} high`);
}

const MEASURES = [
  'sensitivity',
  'specificity',
  'positivePredictiveValue',
  'negativePredictiveValue',
] as const;

async function checkFiguresAgainst(page: Page, stats: StatsJson): Promise<void> {
  assert.equal(await page.getByTestId('registry-cases').innerText(), String(stats.cases));
  assert.equal(await page.getByTestId('registry-lesions').innerText(), String(stats.lesions));
  assert.equal(
    await page.getByTestId('found-count').innerText(),
    String(stats.foundByRgsNotSeenOnImaging.length),
  );
  for (const g of stats.groups) {
    const key = `${g.tracer}|${g.site}`;
    assert.equal(await page.getByTestId(`lesions-${key}`).innerText(), String(g.lesions), `${key} lesions`);
    for (const m of MEASURES) {
      const text = await page.getByTestId(`${m}-${key}`).innerText();
      if (g.accuracy === null) assert.equal(text.trim(), '—', `${key} ${m}`);
      else checkProportionCell(text, g.accuracy[m], `${key} ${m}`);
    }
    const rocRow = await page.getByTestId(`roc-row-${key}`).innerText();
    if ('insufficient' in g.roc) assert.ok(rocRow.includes(g.roc.insufficient), `${key}: ${rocRow}`);
    else assert.ok(rocRow.includes(`${g.roc.auc.toFixed(2)} (${g.roc.aucInterval.low.toFixed(2)}–`), rocRow);
  }
  for (const status of ['R0', 'R1', 'R2', 'pending'] as const) {
    const row = page.locator('tr', { has: page.getByTestId(`rate-${status}`) });
    const cells = await row.locator('td').allInnerTexts();
    checkRateText(cells[0] ?? '', cells[1] ?? '', stats.resection[status], status);
  }
  const recurrence = await page
    .locator('tr', { has: page.getByTestId('rate-recurrence') })
    .locator('td')
    .allInnerTexts();
  checkRateText(recurrence[0] ?? '', recurrence[1] ?? '', stats.recurrence.recurred, 'recurrence');
}

async function postJson<T>(server: RunningServer, token: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe('registry and case record (issue 9) in Chromium against rgs serve', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watched: { errors: string[] };
  let token: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'openrgs-e2e-registry-'));

  before(async () => {
    ensureBuilt();
    // One synthetic case per scenario: enough for the banner, quick to generate.
    const demo = rgs(['registry', 'demo', '--cases-per-scenario', '1', '--data-dir', dataDir]);
    const scenario = e2eScenario();
    await demo;
    server = await startServer({ scenario, dataDir });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    watched = watchPage(page);
    await firstRunSetup(page, server.url);
    token = await apiLogin(server, ADMIN.username, ADMIN.password);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    removeDir(dataDir);
  });

  test('registry: synthetic banner, CSV import (errors by line, then rows), figures equal the API', {
    timeout: 60_000,
  }, async () => {
    const withSynthetic = await apiGet<StatsJson>(server, token, '/api/registry/stats?includeSynthetic=true');
    assert.ok(withSynthetic.synthetic && withSynthetic.syntheticCases > 0, 'the demo registry is there');

    await page.getByRole('link', { name: 'Registry', exact: true }).click();
    await page.getByTestId('synthetic-banner').waitFor();
    assert.equal(await page.getByTestId('synthetic-count').innerText(), String(withSynthetic.syntheticCases));
    assert.match(await page.getByTestId('synthetic-banner').innerText(), /not clinical evidence/);

    // A bad file: every problem listed with its line; nothing imported.
    await page.locator('input[name=importSource]').fill('e2e-bad');
    await page.locator('textarea[name=importCsv]').fill(BAD_CSV);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // allInnerTexts does not wait: wait for the server's answer on the page first.
    await page.getByTestId('import-issues').locator('li').first().waitFor();
    const issues = await page.getByTestId('import-issues').locator('li').allInnerTexts();
    // The server's 400 is the expected answer here, not a fault of the page.
    const refused = watched.errors.indexOf('POST /api/registry/import → 400');
    assert.ok(refused >= 0, `the import was refused: ${watched.errors.join('; ')}`);
    watched.errors.splice(refused, 1);
    assert.ok(
      issues.some((i) => /^Line 3, column site: 'colon'/.test(i)),
      issues.join('\n'),
    );
    assert.ok(
      issues.some((i) => /^Line 4, column imagingStatus: 'maybe'/.test(i)),
      issues.join('\n'),
    );
    assert.ok(
      issues.some((i) => /^Line 4, column inVivoRatio: '-2'/.test(i)),
      issues.join('\n'),
    );
    const afterBad = await apiGet<StatsJson>(server, token, '/api/registry/stats?includeSynthetic=true');
    assert.equal(afterBad.lesions, withSynthetic.lesions, 'a bad file imports nothing');

    // The historic file through the file picker (the source name comes from the file name), twice.
    await page.locator('input[name=importSource]').fill('');
    await page.locator('input[name=importFile]').setInputFiles({
      name: 'hospital-A-2020.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(HISTORIC_CSV),
    });
    // The page reads the file asynchronously: wait until it has filled the source name.
    await page.waitForFunction(
      () => (document.querySelector('input[name=importSource]') as HTMLInputElement | null)?.value !== '',
      undefined,
      { timeout: 10_000 },
    );
    assert.equal(await page.locator('input[name=importSource]').inputValue(), 'hospital-A-2020');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page
      .getByTestId('import-inserted')
      .filter({ hasText: String(HISTORIC_ROWS) })
      .waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page
      .getByTestId('import-unchanged')
      .filter({ hasText: String(HISTORIC_ROWS) })
      .waitFor();
    assert.equal(await page.getByTestId('import-inserted').innerText(), '0');

    const all = await apiGet<StatsJson>(server, token, '/api/registry/stats?includeSynthetic=true');
    assert.equal(all.lesions, withSynthetic.lesions + HISTORIC_ROWS);
    await page
      .getByTestId('registry-lesions')
      .filter({ hasText: new RegExp(`^${all.lesions}$`) })
      .waitFor();
    await checkFiguresAgainst(page, all);

    // Without the synthetic cases: the banner goes, the figures are those of the historic file alone.
    await page.getByRole('button', { name: 'Exclude synthetic cases' }).click();
    await page.getByTestId('synthetic-excluded').waitFor();
    const real = await apiGet<StatsJson>(server, token, '/api/registry/stats?includeSynthetic=false');
    assert.equal(real.synthetic, false);
    assert.equal(real.lesions, HISTORIC_ROWS);
    await page
      .getByTestId('registry-lesions')
      .filter({ hasText: new RegExp(`^${HISTORIC_ROWS}$`) })
      .waitFor();
    assert.equal(await page.getByTestId('synthetic-banner').count(), 0);
    await checkFiguresAgainst(page, real);
    // Hand-checked from the file: R0 in H-01, H-03, H-05 of 5 cases; recurrence in H-02 and H-04 of 4 followed.
    assert.deepEqual([real.resection.R0.successes, real.resection.R0.total], [3, 5]);
    assert.deepEqual([real.recurrence.recurred.successes, real.recurrence.recurred.total], [2, 4]);
    assert.deepEqual(watched.errors, []);
  });

  test('case page: pathology of a lesion, R status, follow-up and exports, stored as entered', {
    timeout: 60_000,
  }, async () => {
    const operated = new Date(Date.now() - 40 * 86400_000);
    const visit = new Date(Date.now() - 86400_000);
    const kase = await postJson<{ id: string }>(server, token, '/api/cases', {
      label: 'E2E-PATH-1',
      procedureDate: localDate(operated),
    });
    await postJson(server, token, `/api/cases/${kase.id}/lesions`, {
      label: 'L1',
      location: 'terminal ileum',
      preopImagingStatus: 'seen',
    });
    await postJson(server, token, `/api/cases/${kase.id}/lesions`, {
      label: 'L2',
      location: 'mesenteric root',
      preopImagingStatus: 'indeterminate',
    });
    await page.goto(`${server.url}/#/cases/${kase.id}`);
    const form = page.getByTestId('pathology-L2');
    await form.waitFor();

    // A Ki-67 index out of range is refused in the form, naming the field; nothing is sent.
    await form.getByRole('radio', { name: 'NET confirmed' }).check();
    await form.locator('input[name=ki67Percent]').fill('140');
    await form.getByRole('button', { name: 'Save pathology of L2' }).click();
    assert.match(
      await form.getByRole('alert').innerText(),
      /Ki-67: '140' must be a percentage from 0 to 100/,
    );

    await form.locator('select[name=pathologyGrade]').selectOption('G2');
    await form.locator('input[name=ki67Percent]').fill('7.5');
    await form.locator('input[name=sizeMm]').fill('9');
    await form.locator('select[name=marginStatus]').selectOption('clear');
    await form.locator('textarea[name=pathologyNote]').fill('well-differentiated; 2 of 11 nodes positive');
    await form.getByRole('button', { name: 'Save pathology of L2' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved: NET confirmed' }).waitFor();

    await page.locator('select[name=finalResectionStatus]').selectOption('R1');
    await page.getByTestId('save-resection').click();
    await page.getByTestId('resection-current').filter({ hasText: 'R1' }).waitFor();

    const followUps = page.getByTestId('follow-up-section');
    await followUps.locator('input[name=followUpDate]').fill(localDate(visit));
    await followUps.getByRole('radio', { name: 'No recurrence' }).check();
    await followUps.locator('input[name=followUpNote]').fill('CT and 68Ga-DOTATATE PET clear');
    await followUps.getByRole('button', { name: 'Add follow-up' }).click();
    await page
      .getByTestId('follow-ups')
      .locator('td', { hasText: localDate(visit) })
      .waitFor();

    interface StoredLesion {
      label: string;
      pathologyResult: string;
      pathologyGrade: string | null;
      ki67Percent: number | null;
      sizeMm: number | null;
      marginStatus: string | null;
      pathologyNote: string | null;
    }
    const stored = await apiGet<{ resectionStatus: string; lesions: StoredLesion[] }>(
      server,
      token,
      `/api/cases/${kase.id}`,
    );
    assert.equal(stored.resectionStatus, 'R1');
    const l2 = stored.lesions.find((l) => l.label === 'L2');
    assert.deepEqual(
      l2 && [
        l2.pathologyResult,
        l2.pathologyGrade,
        l2.ki67Percent,
        l2.sizeMm,
        l2.marginStatus,
        l2.pathologyNote,
      ],
      ['net-confirmed', 'G2', 7.5, 9, 'clear', 'well-differentiated; 2 of 11 nodes positive'],
    );
    assert.equal(stored.lesions.find((l) => l.label === 'L1')?.pathologyResult, 'pending', 'L1 untouched');
    const entries = await apiGet<{ date: string; recurrence: boolean; note: string | null }[]>(
      server,
      token,
      `/api/cases/${kase.id}/follow-ups`,
    );
    assert.deepEqual(
      entries.map((e) => [e.date, e.recurrence, e.note]),
      [[localDate(visit), false, 'CT and 68Ga-DOTATATE PET clear']],
    );

    // Exports: a bad reference time disables the report links; a good one goes into them, and the PDF
    // opens with the browser's own credentials. FHIR and CSV are saved as files.
    const reference = page.locator('input[name=decayReference]');
    await reference.fill('2026-11-20 12:00');
    assert.equal(await page.getByTestId('report-pdf').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Report (PDF)' }).isDisabled(), true);
    await reference.fill('2026-11-20T12:00:00+01:00');
    const pdfHref = await page.getByTestId('report-pdf').getAttribute('href');
    assert.equal(
      pdfHref,
      `/api/cases/${kase.id}/report.pdf?reference=${encodeURIComponent('2026-11-20T12:00:00+01:00')}`,
    );
    const pdf = await page.evaluate(async (href) => {
      const response = await fetch(href ?? '', { credentials: 'same-origin' });
      const bytes = new Uint8Array(await response.arrayBuffer());
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        head: String.fromCharCode(...bytes.slice(0, 5)),
      };
    }, pdfHref);
    assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-' });

    const [fhirDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('fhir-export').click(),
    ]);
    assert.equal(fhirDownload.suggestedFilename(), 'E2E-PATH-1-fhir-bundle.json');
    const bundle = JSON.parse(await readFile((await fhirDownload.path()) ?? '', 'utf8')) as {
      resourceType: string;
      entry: { resource: { resourceType: string } }[];
    };
    assert.equal(bundle.resourceType, 'Bundle');
    // No patient is linked to this case: the bundle carries no Patient at all, never a placeholder one.
    assert.ok(bundle.entry.some((e) => e.resource.resourceType === 'Procedure'));
    assert.ok(bundle.entry.some((e) => e.resource.resourceType === 'DiagnosticReport'));
    assert.equal(bundle.entry.filter((e) => e.resource.resourceType === 'Patient').length, 0);
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('measurements-csv').click(),
    ]);
    assert.equal(csvDownload.suggestedFilename(), 'E2E-PATH-1-measurements.csv');
    const csv = await readFile((await csvDownload.path()) ?? '', 'utf8');
    assert.match(csv.split(/\r?\n/)[0] ?? '', /^caseLabel,measurementId,measuredAt,kind/);
    await page
      .getByTestId('download-status')
      .filter({ hasText: 'Saved E2E-PATH-1-measurements.csv' })
      .waitFor();
    assert.deepEqual(watched.errors, []);
  });
});
