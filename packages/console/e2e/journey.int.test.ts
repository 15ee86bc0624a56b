// One whole case in Chromium, walked as README's "The OR console" tells a newcomer (issue 13): first-run
// setup, the probe's QC profile and a passing daily check (no override), a case with its patient, tracer
// and coded lesions, the live session, background at three suggested sites, a finding coded in the picker,
// a server restart mid-case (the live view resumes by itself and B records at once), the primary found in
// the body map and marked, its specimen ex vivo, the tumour bed, R status and sign-off, the report. Then
// the record is checked against what the screen showed at each mark's key press — API, in-app report, PDF
// (pdftotext), CSV, FHIR and the registry — with exact values. docs/journey-test.md lists the ten defects
// of the issue, each planted once, and the assertion that failed on it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LESION_SITES } from '@openrgs/api';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  addLesion,
  createCase,
  createPatient,
  firstRunSetup,
  holdSite,
  localInput,
  moveProbeTo,
  newSite,
  openLive,
  pickKind,
  recordTracer,
  registerProbe,
  waitRecorded,
} from './flows.js';
import {
  apiGet,
  apiLogin,
  ensureBuilt,
  launchBrowser,
  type RunningServer,
  removeDir,
  startServer,
  watchPage,
} from './harness.js';

/** The `npm start` demo: the patient README's console section walks through. */
const SCENARIO = 'ileal-net-hynic-toc';
const DAY_MS = 86_400_000;
/** Seconds counted at each background site (the sim README's figures use 3 s; 1.5 s keeps the test short). */
const BACKGROUND_HOLD_SECONDS = 1.5;

interface ServedBodyMap {
  lesions: { id: string; label: string; xCm: number; yCm: number }[];
  backgroundSites?: { label: string; xCm: number; yCm: number }[];
}

/** What the live view showed when a mark was made: its texts at the mark's key press, and after saving. */
interface Shown {
  key: string;
  /** `seq` of the LiveState painted when the key was pressed (the live view's data-seq). */
  seq: string | null;
  rate: string | null;
  rateInterval: string | null;
  ratio: string | null;
  ratioInterval: string | null;
  background: string | null;
  verdict: string | null;
  confidence: string | null;
  site: string | null;
  /** The message line after the mark ("Recording L1: 1,628 counts in 2.0 s (frames 10–50)…"). */
  message: string;
  /** The recorded list's line once saved ("L1 · 10:41 · saved (1628 counts, positive)"). */
  recorded: string;
}

/**
 * Every key press on the page keeps what the live view showed at that moment, before the console reacts
 * (a capturing listener on window runs before the console's own): the figures a mark must record. A
 * plain script, not a function, so tsx's name helpers do not end up in the page.
 */
const CAPTURE_SHOWN = `
  window.__rgsShown = [];
  window.addEventListener('keydown', (event) => {
    const text = (selector) => document.querySelector(selector)?.textContent ?? null;
    window.__rgsShown.push({
      key: event.key,
      seq: document.querySelector('.live')?.getAttribute('data-seq') ?? null,
      rate: text('[data-testid=rate]'),
      rateInterval: text('.rate-interval'),
      ratio: text('[data-testid=ratio]'),
      ratioInterval: text('.ratio-interval'),
      background: text('.ratio-background'),
      verdict: text('[data-testid=verdict] .verdict-text'),
      confidence: text('[data-testid=confidence]'),
      site: text('[data-testid=site]'),
    });
  }, true);
`;

/** The figures of the last key press (the one that made the mark) and the messages once it was saved. */
async function lastShown(page: Page): Promise<Shown> {
  const captured = await page.evaluate(() =>
    (window as unknown as { __rgsShown: Omit<Shown, 'message' | 'recorded'>[] }).__rgsShown.at(-1),
  );
  assert.ok(captured, 'a key press was captured');
  const message = await page.getByTestId('live-message').innerText();
  const recorded = await page.getByTestId('recorded').locator('li').first().innerText();
  return { ...captured, message, recorded };
}

async function readBackgroundLine(page: Page): Promise<string> {
  return (await page.locator('.ratio-background').innerText()).replace(/\s+/g, ' ').trim();
}

// The check source: Co-57, 0.185 MBq (5 µCi) certified 100 days ago, baseline 5,000 cps per MBq.
// Co-57 half-life 271.81 d: LNHB/DDEP recommended data (www.lnhb.fr/nuclides/Co-57_tables.pdf), typed
// here rather than read from @openrgs/physics so the expected count does not come from the code under test.
const CO57_HALF_LIFE_DAYS = 271.81;
const SOURCE = { activityMBq: 0.185, ageDays: 100, baselineCpsPerMBq: 5000, countSeconds: 10 };

/** Text a screen must never show: raw API errors, JSON, internal paths (issue 13, points 4 and 10). */
const RAW = [/\{"/, /"error"/, /baselinePoints/, /\/api\//, /\bPUT\b/, /Unexpected answer/];

async function assertNoRawText(page: Page, where: string): Promise<void> {
  const text = await page.locator('main').innerText();
  for (const pattern of RAW) assert.doesNotMatch(text, pattern, `${where} shows raw API text`);
}

function pdfText(path: string): string {
  const result = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  assert.equal(result.status, 0, `pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

/** Probe page → the probe's QC page: profile form, then a passing check; the QC PDF explains itself. */
async function probeQc(page: Page, url: string, probeName: string, downloads: string): Promise<void> {
  await page.goto(`${url}/#/admin/probes`);
  await page.getByRole('link', { name: probeName }).click();
  await page.locator('h1', { hasText: 'Probe quality control' }).waitFor();
  // A new probe: an empty chart that says why, a note that the profile is missing, no raw error.
  await page.getByTestId('qc-chart-empty').waitFor();
  await page.getByTestId('qc-profile-missing').waitFor();
  await assertNoRawText(page, 'the QC page of a new probe');
  assert.equal(await page.getByRole('button', { name: 'Record check' }).count(), 0);

  // The QC report is there even before any test: it says none was recorded.
  const firstPdf = await downloadQcPdf(page, downloads, 'qc-empty.pdf');
  assert.match(firstPdf, /No NEMA NU 3 tests have been recorded for this probe yet/);
  assert.match(firstPdf, /no constancy checks recorded yet/);

  const calibratedAt = new Date(Date.now() - SOURCE.ageDays * DAY_MS);
  await page.locator('select[name=qcSourceNuclide]').selectOption('Co-57');
  await page.locator('input[name=qcSourceActivityMBq]').fill(String(SOURCE.activityMBq));
  await page.locator('input[name=qcSourceCalibratedAt]').fill(localInput(calibratedAt));
  await page.locator('input[name=qcSourceSerial]').fill('CS-57-0042');
  await page.locator('input[name=qcBaselineCpsPerMBq]').fill(String(SOURCE.baselineCpsPerMBq));
  await page.getByRole('button', { name: 'Save QC profile' }).click();
  await page.getByTestId('qc-message').filter({ hasText: 'QC profile saved' }).waitFor();
  const summary = (await page.getByTestId('qc-profile-summary').innerText()).replace(/\s+/g, ' ');
  assert.match(summary, /Check source Co-57 \(CS-57-0042\), 0\.185 MBq/);
  assert.match(summary, /baseline 5000 cps\/MBq; tolerance ±5 % warn, ±10 % fail/);

  // The daily check: the counts the decay-corrected baseline predicts (the minute typed into the form
  // is the certificate time, so the age is within a minute of 100 days).
  const ageDays = (Date.now() - new Date(localInput(calibratedAt)).getTime()) / DAY_MS;
  const expectedCps = SOURCE.baselineCpsPerMBq * SOURCE.activityMBq * 2 ** (-ageDays / CO57_HALF_LIFE_DAYS);
  const counts = Math.round(expectedCps * SOURCE.countSeconds);
  await page.locator('input[name=qcCheckCounts]').fill(String(counts));
  for (const select of await page.locator('form[aria-label="Record a daily check"] select').all())
    await select.selectOption('ok');
  await page.getByRole('button', { name: 'Record check' }).click();
  const message = await page.getByTestId('qc-message').filter({ hasText: 'Check recorded' }).innerText();
  assert.match(message, /Check recorded: PASS, deviation 0\.0 %/);
  assert.match(message, new RegExp(`expected ${expectedCps.toFixed(1)} cps`));
  await page.getByRole('status').filter({ hasText: 'QC passed today' }).first().waitFor();
  assert.doesNotMatch(
    await page.locator('main').innerText(),
    /\d{4}-\d{2}-\d{2}T\d{2}:/,
    'no ISO timestamps',
  );
  await page.locator('svg[aria-label^="Constancy control chart"] circle').first().waitFor();
  await assertNoRawText(page, 'the QC page after a check');

  const pdf = await downloadQcPdf(page, downloads, 'qc.pdf');
  assert.match(pdf, /Constancy history/);
  assert.doesNotMatch(pdf, /no constancy checks recorded yet/);
}

async function downloadQcPdf(page: Page, dir: string, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('qc-report-pdf').click(),
  ]);
  const path = join(dir, name);
  await download.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
  await page.getByTestId('qc-message').filter({ hasText: 'Saved probe-qc-report.pdf' }).waitFor();
  return pdfText(path);
}

describe(`one case end to end (${SCENARIO})`, () => {
  let server: RunningServer;
  let browser: Browser;
  const downloads = mkdtempSync(join(tmpdir(), 'openrgs-journey-'));

  before(async () => {
    ensureBuilt();
    server = await startServer({ scenario: SCENARIO });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
    removeDir(downloads);
  });

  test('setup → QC → case → live → record: what the screen showed is what the record keeps', {
    timeout: 480_000,
  }, async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.addInitScript(CAPTURE_SHOWN);
    const watched = watchPage(page);

    // Setup, the probe and its QC (README: first run creates the administrator; Probes registers).
    await firstRunSetup(page, server.url);
    await registerProbe(page, server.url, 'Sim CsI probe');
    await probeQc(page, server.url, 'Sim CsI probe', downloads);

    // The case, its patient (pseudonymous), its tracer and lesions.
    const caseId = await createCase(page, server.url, 'JOURNEY-1', 'ileal NET, Tc-99m-EDDA/HYNIC-TOC');
    await page.getByTestId('case-patient').filter({ hasText: 'No patient linked' }).waitFor();
    await createPatient(page, { pseudonym: 'NET-P-0042', sex: 'female', birthYear: 1961 });
    await page
      .getByTestId('case-patient')
      .filter({ hasText: 'Patient NET-P-0042 · female · born 1961' })
      .waitFor();
    await recordTracer(page, {
      agent: '99mTc-EDDA/HYNIC-TOC',
      activityMBq: 600,
      at: new Date(Date.now() - 4 * 3600_000),
    });
    await addLesion(page, {
      label: 'L1',
      siteCode: 'small-bowel',
      location: 'terminal ileum',
      imaging: 'seen',
    });
    // Issue 13 point 7: a node in the mesentery is a node (coded), whatever its location note says.
    await addLesion(page, {
      label: 'Mesenteric node',
      siteCode: 'mesenteric-lymph-node',
      location: 'mesentery, SMA root',
      imaging: 'indeterminate',
    });
    assert.deepEqual(await page.getByTestId('lesion-site').allInnerTexts(), [
      'Small bowel (jejunum, ileum)',
      'Mesentery / lymph node',
    ]);

    // The probe passed today's check: the session starts without an override.
    await page.getByTestId('start-session').waitFor();
    assert.equal(await page.locator('textarea[name=qcOverrideReason]').count(), 0, 'no QC override asked');
    assert.equal(await page.getByTestId('qc-warning').count(), 0, 'no QC warning after a passing check');
    await page.getByTestId('start-session').click();
    await page.getByTestId('session-active').waitFor();
    await openLive(page);

    const token = await apiLogin(server, ADMIN.username, ADMIN.password);
    const stationId = (await apiGet<{ id: string }[]>(server, token, '/api/stations'))[0]?.id;
    assert.ok(stationId, 'the server runs a simulated station');
    const map = await apiGet<ServedBodyMap>(
      server,
      token,
      `/api/stations/${encodeURIComponent(stationId)}/body-map`,
    );
    const sites = map.backgroundSites ?? [];
    assert.ok(sites.length >= 5, `${SCENARIO} suggests five background sites (got ${sites.length})`);
    const primary = map.lesions.find((l) => l.id === 'ileal-primary');
    assert.ok(primary, 'the scenario has its ileal primary');
    const shown = new Map<string, Shown>();

    // Background at three of the suggested sites, then a finding pre-op imaging did not show, coded
    // from the picker's site list (past the digits: arrows and Enter), as README's "The OR console" walks it.
    for (let i = 1; i <= 3; i += 1) {
      const site = sites[i - 1];
      assert.ok(site);
      await moveProbeTo(page, site.xCm, site.yCm);
      await newSite(page);
      await holdSite(page, BACKGROUND_HOLD_SECONDS);
      await page.keyboard.press('b');
      await waitRecorded(page, `Background ${i}`);
      shown.set(`Background ${i}`, await lastShown(page));
    }
    await newSite(page);
    await holdSite(page, 0.5);
    await pickKind(page, '1', 'In vivo');
    await page.keyboard.press('3'); // New finding (Finding 1), after L1 and the mesenteric node
    await page.locator('dialog[open] h2', { hasText: 'Finding 1: which tissue site?' }).waitFor();
    const peritoneum = LESION_SITES.findIndex((site) => site.code === 'peritoneum');
    for (let i = 0; i < peritoneum; i += 1) await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Peritoneum');
    await page.keyboard.press('Enter');
    await waitRecorded(page, 'Finding 1');
    shown.set('Finding 1', await lastShown(page));

    // The server restarts mid-case (issue 13 point 3): the live view resumes the same case, site state
    // and background by itself — no retyping, no "not recording" warning, and B records at once.
    const beforeRestart = await readBackgroundLine(page);
    const siteHeading = await page.locator('[aria-label="Current site"] h3').innerText();
    const dataDir = server.dataDir;
    const port = server.port;
    const errorsBefore = watched.errors.length;
    await server.stop();
    server = await startServer({ scenario: SCENARIO, dataDir, port });
    await page
      .getByTestId('probe-status')
      .filter({ hasText: 'PROBE CONNECTED' })
      // (60 s: once, in a CI run at load 20, not shown connected within 30 s of the restart; run alone at that load it passed.)
      .waitFor({ timeout: 60_000 });
    await page.locator('.live:not(.not-current) [data-testid=rate]').waitFor({ timeout: 30_000 });
    await page.locator('.ratio-background, [data-testid=no-session]').first().waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('no-session').count(), 0, 'the station still records the case');
    await page.locator('.ratio-background').waitFor({ timeout: 10_000 });
    assert.equal(await readBackgroundLine(page), beforeRestart, 'the same background after the restart');
    assert.equal(
      await page.locator('[aria-label="Current site"] h3').innerText(),
      siteHeading,
      'the same site after the restart',
    );
    assert.equal(await page.getByTestId('no-session').count(), 0, 'the station still records the case');
    // While the server was down the browser's reconnection attempts were refused: expected, nothing else.
    const whileDown = watched.errors.splice(errorsBefore);
    assert.deepEqual(
      whileDown.filter((e) => !/WebSocket connection to .* failed: .*ERR_CONNECTION_REFUSED/.test(e)),
      [],
      'only refused reconnections while the server was down',
    );
    const site4 = sites[3];
    assert.ok(site4);
    await moveProbeTo(page, site4.xCm, site4.yCm);
    await newSite(page);
    await holdSite(page, BACKGROUND_HOLD_SECONDS);
    await page.keyboard.press('b');
    await waitRecorded(page, 'Background 4');
    shown.set('Background 4', await lastShown(page));
    await page.locator('.ratio-background', { hasText: '· 4 sites ·' }).waitFor({ timeout: 10_000 });

    // The ileal primary in the body map: POSITIVE, marked as L1; its specimen ex vivo; the tumour bed.
    await moveProbeTo(page, primary.xCm, primary.yCm);
    await newSite(page);
    await page.getByTestId('verdict').filter({ hasText: 'POSITIVE' }).waitFor({ timeout: 20_000 });
    await pickKind(page, '1', 'In vivo');
    await page.keyboard.press('1');
    await waitRecorded(page, 'L1');
    shown.set('L1', await lastShown(page));
    await newSite(page);
    await holdSite(page, 1);
    await pickKind(page, '2', 'Ex vivo');
    await page.keyboard.press('1'); // New specimen of L1
    await waitRecorded(page, 'Specimen L1');
    shown.set('Specimen L1', await lastShown(page));
    const bed = sites[4];
    assert.ok(bed);
    await moveProbeTo(page, bed.xCm, bed.yCm);
    await newSite(page);
    await holdSite(page, 1);
    await pickKind(page, '3', 'Tumour bed');
    await page.keyboard.press('1'); // Bed of L1
    await waitRecorded(page, 'Bed of L1');
    shown.set('Bed of L1', await lastShown(page));

    const overrides = await apiGet<unknown[]>(
      server,
      token,
      `/api/probes/${await probeIdOf(server, token, 'Sim CsI probe')}/qc/overrides?caseId=${caseId}`,
    );
    assert.deepEqual(overrides, [], 'no QC override was recorded for this case');

    // R status and sign-off on the case page; then the page shows the case closed (issue 13 point 6).
    await page.getByRole('link', { name: '← Case page' }).click();
    await page.getByRole('radio', { name: 'R0 — no residual tumour' }).check();
    await page.locator('textarea[name=statement]').fill('Ileal primary resected; tumour bed at background.');
    await page.getByRole('button', { name: 'Close and sign off' }).click();
    await page.getByTestId('closed').waitFor();
    await checkClosedCasePage(page);
    await checkNoSessionViews(page, server.url, caseId);
    await page.goto(`${server.url}/#/cases/${encodeURIComponent(caseId)}`);

    // The report in the app, then the record against the screen: API, PDF, CSV, FHIR, registry.
    await page.getByTestId('open-report').click();
    const report = page.frameLocator('[data-testid=report-frame]');
    await report.locator('dt', { hasText: 'Resection status' }).waitFor();
    const reportBackground = await report.locator('dt:has-text("Background model") + dd').innerText();
    const reportHtml = await report.locator('body').innerText();

    const measurements = await apiGet<StoredMeasurement[]>(
      server,
      token,
      `/api/cases/${caseId}/measurements`,
    );
    checkShownAgainstStored(shown, measurements);
    await checkPatientAndSites(server, token, caseId, downloads);
    await checkRecordExports(server, token, caseId, downloads, {
      measurements,
      shown,
      reportBackground,
      reportHtml,
    });
    await checkRegistry(server, token);
    assert.deepEqual(watched.errors, []);
    await context.close();
  });
});

/**
 * The record keeps the patient and the coded sites the screen showed: the case names its patient, the
 * creation and the link are audited, FHIR carries exactly that Patient (issue 13 point 8), and the PDF's
 * lesion table prints the coded site with the location as a note (point 7).
 */
async function checkPatientAndSites(
  server: RunningServer,
  token: string,
  caseId: string,
  downloads: string,
): Promise<void> {
  const stored = await apiGet<{
    patient: { id: string; pseudonym: string } | null;
    lesions: {
      label: string;
      siteCode: string | null;
      location: string | null;
      preopImagingStatus: string;
    }[];
  }>(server, token, `/api/cases/${caseId}`);
  assert.equal(stored.patient?.pseudonym, 'NET-P-0042');
  assert.deepEqual(
    stored.lesions.map((l) => [l.label, l.siteCode, l.location, l.preopImagingStatus]),
    [
      ['L1', 'small-bowel', 'terminal ileum', 'seen'],
      ['Mesenteric node', 'mesenteric-lymph-node', 'mesentery, SMA root', 'indeterminate'],
      ['Finding 1', 'peritoneum', null, 'not-seen'],
    ],
  );
  const audit = await apiGet<{ action: string; entityId: string | null; after: unknown }[]>(
    server,
    token,
    '/api/audit?limit=500',
  );
  assert.ok(
    audit.some((a) => a.action === 'patient.create' && a.entityId === stored.patient?.id),
    'the patient creation is audited',
  );
  assert.ok(
    audit.some(
      (a) =>
        a.action === 'case.update' &&
        a.entityId === caseId &&
        JSON.stringify(a.after).includes(stored.patient?.id ?? '(none)'),
    ),
    'linking the patient to the case is audited',
  );

  type Entry = { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } };
  const bundle = await apiGet<{ entry: Entry[] }>(server, token, `/api/cases/${caseId}/fhir`);
  const patients = bundle.entry.filter((e) => e.resource.resourceType === 'Patient');
  assert.equal(patients.length, 1, 'FHIR carries exactly one Patient');
  const patient = patients[0];
  assert.ok(patient);
  assert.deepEqual(
    (patient.resource.identifier as { value: string }[]).map((i) => i.value),
    ['NET-P-0042'],
  );
  assert.equal(patient.resource.gender, 'female');
  assert.equal(patient.resource.birthDate, '1961');
  for (const entry of bundle.entry) {
    const subject = entry.resource.subject as { reference?: string; display?: string } | undefined;
    if (subject) assert.equal(subject.reference, patient.fullUrl, `${entry.resource.resourceType} subject`);
  }

  const response = await fetch(`${server.url}/api/cases/${caseId}/report.pdf`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  const file = join(downloads, 'report.pdf');
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const raw = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  assert.equal(raw.status, 0, raw.stderr);
  const text = raw.stdout.replace(/\s+/g, ' ');
  assert.match(text, /Patient \(pseudonym\) NET-P-0042/);
  assert.match(text, /L1 Small bowel \(jejunum, ileum\) \(terminal ileum\) seen/);
  assert.match(text, /Mesenteric node Mesentery \/ lymph node \(mesentery, SMA root\) indeterminate/);
  assert.match(text, /Finding 1 Peritoneum not-seen/);
  assert.doesNotMatch(text, /Mesenteric node other/);
}

async function probeIdOf(server: RunningServer, token: string, name: string): Promise<string> {
  const probes = await apiGet<{ id: string; name: string }[]>(server, token, '/api/probes');
  const probe = probes.find((p) => p.name === name);
  assert.ok(probe, `probe ${name} is registered`);
  return probe.id;
}

interface StoredMeasurement {
  id: string;
  kind: string;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  rateCps: number;
  rateLowCps: number | null;
  rateHighCps: number | null;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  verdict: string;
  confidencePercent: number | null;
  fromSeq: number | null;
  toSeq: number | null;
  backgroundModel: {
    meanCps: number;
    sdCps: number;
    sites: number;
    thresholdCps: number;
    rule?: string;
  } | null;
}

/**
 * Issue 12's wording: a negative stated under 50 % sure reads "not detectable here" (the lesion asked for
 * could not be told from tissue there), on screen and in the report.
 */
const notDetectable = (m: StoredMeasurement): boolean =>
  m.verdict === 'negative' && m.confidencePercent !== null && m.confidencePercent < 50;
/** The badge text a stored verdict was shown with. */
const verdictOnScreen = (m: StoredMeasurement): string =>
  notDetectable(m) ? 'NOT DETECTABLE HERE' : m.verdict.toUpperCase();

/** "1,628" → 1628. */
const num = (text: string): number => Number(text.replace(/,/g, ''));
/** Decimals a figure was printed with ("2.41" → 2). */
const decimalsOf = (text: string): number => /\.(\d+)$/.exec(text.replace(/,/g, ''))?.[1]?.length ?? 0;
/** Whether the stored value, rounded as the screen rounded it, is the figure the screen printed. */
function sameFigure(printed: string, stored: number, what: string): void {
  const digits = decimalsOf(printed);
  assert.equal(
    stored.toFixed(digits),
    num(printed).toFixed(digits),
    `${what}: the screen showed ${printed}, the record keeps ${stored}`,
  );
}

/**
 * Each mark saved exactly what the screen showed at the key press (issue 13 points 1, 2 and 9): the site's
 * counts, seconds and rate, the frame painted, T/B and its interval, the background line, the verdict and
 * its confidence — in the message, the recorded list and the API.
 */
function checkShownAgainstStored(shown: Map<string, Shown>, measurements: StoredMeasurement[]): void {
  for (const [label, s] of shown) {
    const m = measurements.find((x) => x.siteLabel === label);
    assert.ok(m, `${label} is stored`);
    assert.equal(s.seq, String(m.toSeq), `${label}: the frame on screen (data-seq) is the frame recorded`);
    const site = /^([\d,]+) counts · ([\d.]+) s · ([\d.,]+) cps$/.exec(
      (s.site ?? '').replace(/\s+/g, ' ').trim(),
    );
    assert.ok(site?.[1] && site[2] && site[3], `${label}: site figures "${s.site}"`);
    assert.equal(num(site[1]), m.counts, `${label}: counts shown ${site[1]}, saved ${m.counts}`);
    sameFigure(site[2], m.durationSeconds, `${label} seconds`);
    sameFigure(site[3], m.rateCps, `${label} rate`);
    const message = /^Recording (.+): ([\d,]+) counts in ([\d.]+) s \(frames (\d+)–(\d+)\)/.exec(s.message);
    assert.ok(message, `${label}: message "${s.message}"`);
    assert.equal(message[1], label);
    assert.equal(num(message[2] ?? ''), m.counts, `${label}: counts in the message`);
    assert.deepEqual([Number(message[4]), Number(message[5])], [m.fromSeq, m.toSeq], `${label}: frames`);
    const saved = /saved \((\d+) counts/.exec(s.recorded);
    assert.equal(Number(saved?.[1]), m.counts, `${label}: recorded list "${s.recorded}"`);
    if (m.kind === 'background') continue;

    assert.equal(s.verdict, verdictOnScreen(m), `${label}: verdict`);
    if (m.verdict === 'undecided') assert.equal(s.confidence, null);
    else {
      const sure = /^(> )?([\d.]+) % sure$/.exec(s.confidence ?? '');
      assert.ok(sure?.[2] && m.confidencePercent !== null, `${label}: confidence "${s.confidence}"`);
      assert.equal(
        (Math.floor(m.confidencePercent * 10 + 1e-9) / 10).toFixed(1),
        sure[2],
        `${label}: confidence shown ${s.confidence}, saved ${m.confidencePercent}`,
      );
    }
    assert.ok(
      m.ratio !== null && m.ratioLow !== null && m.ratioHigh !== null,
      `${label}: T/B with its interval`,
    );
    sameFigure(s.ratio ?? '', m.ratio, `${label} T/B`);
    const interval = /^\(([\d.]+) – ([\d.]+)\)$/.exec(s.ratioInterval ?? '');
    assert.ok(interval?.[1] && interval[2], `${label}: T/B interval "${s.ratioInterval}"`);
    sameFigure(interval[1], m.ratioLow, `${label} T/B low`);
    sameFigure(interval[2], m.ratioHigh, `${label} T/B high`);
    const bg = /^background ([\d.,]+) ± ([\d.,]+) cps · (\d+) sites? · threshold ([\d.,]+) cps$/.exec(
      (s.background ?? '').replace(/\s+/g, ' ').trim(),
    );
    const model = m.backgroundModel;
    assert.ok(bg?.[1] && bg[2] && bg[4] && model, `${label}: background "${s.background}"`);
    sameFigure(bg[1], model.meanCps, `${label} background mean`);
    sameFigure(bg[2], model.sdCps, `${label} background SD`);
    assert.equal(Number(bg[3]), model.sites, `${label}: background sites`);
    sameFigure(bg[4], model.thresholdCps, `${label} background threshold`);
  }
}

/** The closed case: every step done (or locked), no "Next:", no override box, no raw codes or numbers. */
async function checkClosedCasePage(page: Page): Promise<void> {
  const guidance = await page.getByTestId('guidance').innerText();
  assert.doesNotMatch(guidance, /^Next:/, `a closed case has no next step: "${guidance}"`);
  const steps = await page
    .locator('ol.stepper li')
    .evaluateAll((items) =>
      items.map((li) => `${li.getAttribute('data-step')}:${li.getAttribute('data-state')}`),
    );
  assert.deepEqual(
    steps.filter((s) => s.endsWith(':todo')),
    [],
    `steps after sign-off: ${steps.join(', ')}`,
  );
  assert.ok(steps.includes('probe:done'), `the probe step is ticked: ${steps.join(', ')}`);
  assert.equal(await page.locator('textarea[name=qcOverrideReason]').count(), 0, 'no QC override box');
  await assertNoRawText(page, 'the closed case page');
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\d\.\d{5,}/, 'no unrounded figures on the case page');
  assert.doesNotMatch(
    text,
    /\b[a-z]+(?:-[a-z]+)*\.(?:create|update|delete|resume|start|end)\b/,
    'no audit codes',
  );
  assert.doesNotMatch(text, /99MTC/, 'tracer names keep their case');
}

/**
 * The live view with no session running (the case's session ended at sign-off; the engine still holds that
 * case's background): the closed case's live page and the station's own page say what is going on and what
 * to do, show the rate only — no T/B, no verdict judged against the old background — and no raw error.
 */
async function checkNoSessionViews(page: Page, url: string, caseId: string): Promise<void> {
  await page.goto(`${url}/#/cases/${encodeURIComponent(caseId)}/live`);
  await page.locator('.live:not(.not-current) [data-testid=rate]').waitFor({ timeout: 15_000 });
  const notice = await page.getByTestId('no-session').innerText();
  assert.match(notice, /closed and signed off: nothing more is recorded here/, notice);
  await assertJudgedNothing(page, 'the closed case live page');

  await page.goto(`${url}/#/live`);
  await page.locator('.live:not(.not-current) [data-testid=rate]').waitFor({ timeout: 15_000 });
  const guidance = await page.getByTestId('no-case').innerText();
  assert.match(guidance, /no case open: the rate only.*open a case to record measurements/, guidance);
  await assertJudgedNothing(page, 'the live page without a session');
  assert.equal(await page.getByTestId('recorded').count(), 0, 'no recorded list of the last case');
}

async function assertJudgedNothing(page: Page, where: string): Promise<void> {
  assert.equal(await page.getByTestId('ratio').innerText(), '—', `${where}: no T/B`);
  assert.equal(await page.locator('.ratio-background').count(), 0, `${where}: no background line`);
  assert.equal(await page.locator('.verdict-text').innerText(), 'NO VERDICT', `${where}: no verdict`);
  await assertNoRawText(page, where);
}

/** Minimal RFC 4180 reader (quoted cells, doubled quotes) for the measurements CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function fetchText(server: RunningServer, token: string, path: string): Promise<Response> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `GET ${path}`);
  return response;
}

/**
 * The record's exports carry the figures the screen showed (exact values): the PDF (pdftotext) and the
 * in-app report, the measurements CSV and the FHIR Observations; the PDF prints what the HTML prints.
 */
async function checkRecordExports(
  server: RunningServer,
  token: string,
  caseId: string,
  downloads: string,
  seen: {
    measurements: StoredMeasurement[];
    shown: Map<string, Shown>;
    reportBackground: string;
    reportHtml: string;
  },
): Promise<void> {
  const { measurements, shown } = seen;
  const file = join(downloads, 'report-closed.pdf');
  writeFileSync(
    file,
    Buffer.from(await (await fetchText(server, token, `/api/cases/${caseId}/report.pdf`)).arrayBuffer()),
  );
  const raw = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(raw.status, 0, raw.stderr);
  // A narrow table cell may wrap after the interval's dash ("0.87– 1.06"): join it back.
  const pdf = raw.stdout.replace(/\s+/g, ' ').replace(/– /g, '–');

  // The case's background as the screen showed it at the last marks (point 9): the same in HTML and PDF.
  const l1 = shown.get('L1');
  const bg = /^background ([\d.,]+) ± ([\d.,]+) cps · (\d+) sites · threshold ([\d.,]+) cps$/.exec(
    (l1?.background ?? '').replace(/\s+/g, ' ').trim(),
  );
  assert.ok(bg, `L1's background line: ${l1?.background}`);
  // The record adds "(provisional until N)" when the sites are fewer than the spread seen asks for (issue 12);
  // the figures themselves are the screen's.
  const reportBg = seen.reportBackground.replace(/\s+/g, ' ');
  const provisional = / over \d+ sites( \(provisional until \d+\))?,/.exec(reportBg)?.[1] ?? '';
  const fact = `${bg[1]} ± ${bg[2]} cps (mean ± SD) over ${bg[3]} sites${provisional}, normal-tissue limit ${bg[4]} cps`;
  assert.ok(reportBg.startsWith(fact), `in-app report: "${seen.reportBackground}" vs screen "${fact}"`);
  assert.ok(pdf.includes(`Background model ${fact}`), `PDF background model is the screen's: ${fact}`);

  // Each classified mark: T/B with its 95 % interval in the PDF's measurement table and evidence.
  for (const m of measurements) {
    if (m.kind === 'background') continue;
    assert.ok(m.ratio !== null && m.ratioLow !== null && m.ratioHigh !== null, `${m.siteLabel}: T/B kept`);
    const ratio = `${m.ratio.toFixed(2)} (${m.ratioLow.toFixed(2)}–${m.ratioHigh.toFixed(2)})`;
    assert.ok(
      pdf.includes(`${m.siteLabel} ${m.counts} `) &&
        pdf.includes(`${ratio} ${notDetectable(m) ? `not detectable here (${m.verdict}` : m.verdict}`),
      `PDF row of ${m.siteLabel}: ${m.counts} counts, T/B ${ratio} ${m.verdict}; the PDF has: ${
        pdf.slice(
          pdf.indexOf(`${m.siteLabel} ${m.counts}`),
          pdf.indexOf(`${m.siteLabel} ${m.counts}`) + 160,
        ) || '(no such row)'
      }`,
    );
    assert.ok(pdf.includes(`${m.fromSeq}–${m.toSeq}`), `PDF evidence names frames ${m.fromSeq}–${m.toSeq}`);
  }

  // Glyphs outside WinAnsi print in the PDF wherever the HTML has them (point 5).
  // (Not the en dash: the HTML chart labels its bars with their intervals, the PDF's draws them.)
  assert.match(seen.reportHtml, /yield ≥ 0\.1 %.*H\*\(10\)\/Φ/, 'the HTML staff-dose source has ≥ and Φ');
  for (const glyph of ['≥', 'Φ', 'µ', '±', '×']) {
    const inHtml = seen.reportHtml.split(glyph).length - 1;
    const inPdf = raw.stdout.split(glyph).length - 1;
    assert.ok(inPdf >= inHtml, `"${glyph}": ${inHtml} in the HTML report, ${inPdf} in the PDF`);
  }
  // Names, not ids: the sign-off names the person.
  const { user: me } = await apiGet<{ user: { id: string; displayName: string | null; username: string } }>(
    server,
    token,
    '/api/auth/me',
  );
  const signedBy = /Signed off by (.+?) \(/.exec(pdf)?.[1];
  assert.equal(signedBy, me.displayName ?? me.username, 'the sign-off names the person');
  assert.ok(!pdf.includes(me.id), 'no user id in the PDF');

  // CSV: the same numbers, unrounded.
  const csv = parseCsv(
    await (await fetchText(server, token, `/api/cases/${caseId}/measurements.csv`)).text(),
  );
  const header = csv[0] ?? [];
  const col = (row: string[], name: string): string => row[header.indexOf(name)] ?? '(missing)';
  for (const m of measurements) {
    const row = csv.find((r) => col(r, 'measurementId') === m.id);
    assert.ok(row, `CSV has ${m.siteLabel}`);
    const expected: [string, number | null][] = [
      ['counts', m.counts],
      ['ratio', m.ratio],
      ['ratioLow', m.ratioLow],
      ['ratioHigh', m.ratioHigh],
      ['rateLowCps', m.rateLowCps],
      ['rateHighCps', m.rateHighCps],
      ['confidencePercent', m.confidencePercent],
      ['fromSeq', m.fromSeq],
      ['toSeq', m.toSeq],
      ['backgroundMeanCps', m.backgroundModel?.meanCps ?? null],
      ['backgroundSdCps', m.backgroundModel?.sdCps ?? null],
      ['backgroundSites', m.backgroundModel?.sites ?? null],
      ['backgroundThresholdCps', m.backgroundModel?.thresholdCps ?? null],
    ];
    for (const [name, value] of expected)
      assert.equal(col(row, name), value === null ? '' : String(value), `CSV ${m.siteLabel} ${name}`);
  }

  // FHIR: each measurement's Observation carries the same evidence.
  type Quantity = { value: number };
  type Component = {
    code: { coding?: { code: string }[] };
    valueQuantity?: Quantity;
    valueRange?: { low: Quantity; high: Quantity };
    valueInteger?: number;
  };
  const bundle = await apiGet<{ entry: { resource: Record<string, unknown> }[] }>(
    server,
    token,
    `/api/cases/${caseId}/fhir`,
  );
  const observations = bundle.entry
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'Observation' && JSON.stringify(r.identifier ?? []).length > 0);
  for (const m of measurements) {
    const observation = observations.find((o) => JSON.stringify(o.identifier ?? []).includes(m.id));
    assert.ok(observation, `FHIR Observation of ${m.siteLabel}`);
    const components = (observation.component ?? []) as Component[];
    const part = (code: string) => components.find((c) => c.code.coding?.some((x) => x.code === code));
    assert.deepEqual(
      [part('frame-range')?.valueRange?.low.value, part('frame-range')?.valueRange?.high.value],
      [m.fromSeq, m.toSeq],
      `FHIR ${m.siteLabel} frames`,
    );
    if (m.kind === 'background') continue;
    assert.equal(
      part('tumour-to-background-ratio')?.valueQuantity?.value,
      m.ratio,
      `FHIR ${m.siteLabel} T/B`,
    );
    const ci = part('tumour-to-background-ratio-ci95')?.valueRange;
    assert.deepEqual(
      [ci?.low.value, ci?.high.value],
      [m.ratioLow, m.ratioHigh],
      `FHIR ${m.siteLabel} T/B CI`,
    );
    assert.equal(
      part('background-spread')?.valueQuantity?.value,
      m.backgroundModel?.sdCps,
      `FHIR ${m.siteLabel} SD`,
    );
    assert.equal(
      part('background-sites')?.valueInteger,
      m.backgroundModel?.sites,
      `FHIR ${m.siteLabel} sites`,
    );
  }
}

/**
 * The registry groups by coded tracer and site (issue 13 point 7): a historic case imported with the demo
 * data's spelling "Tc-99m-EDDA/HYNIC-TOC" joins this case's "99mTc-EDDA/HYNIC-TOC" in one group, and the
 * mesenteric node (its location note says "mesentery, SMA root") counts under nodes, not bowel.
 */
async function checkRegistry(server: RunningServer, token: string): Promise<void> {
  const csv = [
    'caseLabel,tracer,lesion,site,imagingStatus,resectionStatus,inVivoRatio',
    'HIST-1,Tc-99m-EDDA/HYNIC-TOC,Node A,mesenteric-lymph-node,seen,R0,2.5',
  ].join('\n');
  const imported = await fetch(`${server.url}/api/registry/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'journey', csv }),
  });
  assert.equal(imported.status, 200, await imported.text());
  const stats = await apiGet<{ groups: { tracer: string; site: string; lesions: number }[] }>(
    server,
    token,
    '/api/registry/stats?includeSynthetic=false',
  );
  const hynic = stats.groups.filter((g) => /HYNIC/i.test(g.tracer));
  assert.deepEqual(
    hynic.filter((g) => g.site === 'all').map((g) => [g.tracer, g.lesions]),
    [['99mTc-EDDA/HYNIC-TOC', 4]],
    `one HYNIC-TOC group with this case's three lesions and the imported one: ${JSON.stringify(hynic)}`,
  );
  assert.deepEqual(
    hynic
      .filter((g) => g.site !== 'all')
      .map((g) => [g.site, g.lesions])
      .sort(),
    [
      ['bowel', 1],
      ['nodes', 2],
      ['other', 1],
    ],
    'L1 under bowel, both mesenteric nodes under nodes, the peritoneal finding under other',
  );
}
