// The console in a real browser against the real server: first-run setup, a simulated case from tracer to
// report (checked afterwards through the API), the same by keyboard alone, and the live connection
// dropping and coming back. Debian's Chromium through playwright-core; the server is `rgs serve
// --simulate <scenario>` on a free port with a temporary data directory.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  addLesion,
  bodyMapLesions,
  createCase,
  firstRunSetup,
  holdSite,
  moveProbeTo,
  newSite,
  openLive,
  pickKind,
  recordTracer,
  registerProbe,
  signIn,
  startSession,
  waitRecorded,
} from './flows.js';
import {
  apiGet,
  apiLogin,
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  type RunningServer,
  removeDir,
  startServer,
  watchPage,
} from './harness.js';

interface StoredMeasurement {
  kind: string;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  lesionId: string | null;
  specimenId: string | null;
  decayCorrectedRateCps: number | null;
}
interface StoredCase {
  label: string;
  resectionStatus: string;
  signOff: { statement: string } | null;
  tracerAdministrations: { agent: string; activityMBq: number }[];
  lesions: { id: string; label: string; preopImagingStatus: string | null }[];
  specimens: { id: string; lesionId: string | null }[];
}

/** Points on the trunk far from every lesion: where normal-tissue background is measured. */
function backgroundPoints(lesions: readonly { xCm: number; yCm: number }[]): { xCm: number; yCm: number }[] {
  const candidates = [
    { xCm: 11, yCm: -22 },
    { xCm: 12, yCm: 0 },
    { xCm: -12, yCm: -2 },
    { xCm: 9, yCm: -27 },
    { xCm: -11, yCm: -24 },
    { xCm: 0, yCm: -20 },
  ];
  const distance = (p: { xCm: number; yCm: number }) =>
    Math.min(...lesions.map((l) => Math.hypot(l.xCm - p.xCm, l.yCm - p.yCm)), 1e9);
  return [...candidates].sort((a, b) => distance(b) - distance(a)).slice(0, 3);
}

describe('console in Chromium against rgs serve', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    ensureBuilt();
    server = await startServer({ scenario: e2eScenario() });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  test('first-run setup, then a simulated case from tracer to report, stored as the screen showed', {
    timeout: 90_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const watched = watchPage(page);
    await firstRunSetup(page, server.url);
    await registerProbe(page, server.url, 'Sim probe 1');

    const caseId = await createCase(page, server.url, 'E2E-001', 'ileal NET, mesenteric node indeterminate');
    await recordTracer(page, {
      agent: '68Ga-DOTATATE',
      activityMBq: 146,
      at: new Date(Date.now() - 90 * 60_000),
    });
    assert.match((await page.getByTestId('tracer-decay').first().textContent()) ?? '', /Now \d+(\.\d)? MBq/);
    await addLesion(page, {
      label: 'L1',
      siteCode: 'small-bowel',
      location: 'terminal ileum',
      imaging: 'seen',
    });
    await addLesion(page, {
      label: 'L2',
      siteCode: 'mesenteric-lymph-node',
      location: 'mesentery',
      imaging: 'indeterminate',
    });
    await startSession(page);
    await openLive(page);

    const lesions = await bodyMapLesions(page);
    assert.ok(lesions.length > 0, 'the scenario has lesions on the body map');
    // Background: three normal-tissue sites, Space then B at each.
    for (const [index, point] of backgroundPoints(lesions).entries()) {
      await moveProbeTo(page, point.xCm, point.yCm);
      await newSite(page);
      await holdSite(page, 1);
      await page.keyboard.press('b');
      await waitRecorded(page, `Background ${index + 1}`);
    }
    await page.getByTestId('background-count').filter({ hasText: '3' }).waitFor();

    // In vivo over the first lesion: Space, hold, M → 1 (in vivo) → 1 (L1).
    const target = lesions[0];
    assert.ok(target);
    await moveProbeTo(page, target.xCm, target.yCm);
    await newSite(page);
    await holdSite(page, 1);
    await pickKind(page, '1', 'In vivo');
    await page.keyboard.press('1');
    await waitRecorded(page, 'L1');

    // Ex vivo: a new specimen of L1; then the tumour bed.
    await newSite(page);
    await holdSite(page, 1);
    await pickKind(page, '2', 'Ex vivo');
    await page.locator('dialog[open] button', { hasText: 'New specimen of L1' }).click();
    await waitRecorded(page, 'Specimen L1');
    await moveProbeTo(page, target.xCm + 1, target.yCm);
    await newSite(page);
    await holdSite(page, 1);
    await pickKind(page, '3', 'Tumour bed');
    await page.locator('dialog[open] button', { hasText: 'Tumour bed (general)' }).click();
    await waitRecorded(page, 'Tumour bed');

    // Close with R0 and sign off; then the report.
    await page.getByRole('link', { name: '← Case page' }).click();
    await page.getByRole('radio', { name: 'R0 — no residual tumour' }).check();
    await page.locator('textarea[name=statement]').fill('Ileal primary resected; tumour bed at background.');
    await page.getByRole('button', { name: 'Close and sign off' }).click();
    await page.getByTestId('closed').waitFor();
    await page.getByTestId('open-report').click();
    // The in-app report is the server's printable report (the PDF's model): its facts and lesion table.
    const report = page.frameLocator('[data-testid=report-frame]');
    await report.locator('dt', { hasText: 'Resection status' }).waitFor();
    assert.equal(await report.locator('dt:has-text("Resection status") + dd').innerText(), 'R0');
    const lesionsTable = report.locator('h2:has-text("Lesions") + table');
    assert.equal(await lesionsTable.locator('tbody tr').count(), 2);

    // What the server stored is what the screen showed.
    const token = await apiLogin(server, ADMIN.username, ADMIN.password);
    const stored = await apiGet<StoredCase>(server, token, `/api/cases/${caseId}`);
    assert.equal(stored.label, 'E2E-001');
    assert.equal(stored.resectionStatus, 'R0');
    assert.ok(stored.signOff, 'the case is signed off');
    assert.deepEqual(
      stored.tracerAdministrations.map((t) => [t.agent, t.activityMBq]),
      [['68Ga-DOTATATE', 146]],
    );
    assert.deepEqual(
      stored.lesions.map((l) => [l.label, l.preopImagingStatus]),
      [
        ['L1', 'seen'],
        ['L2', 'indeterminate'],
      ],
    );
    const measurements = await apiGet<StoredMeasurement[]>(
      server,
      token,
      `/api/cases/${caseId}/measurements`,
    );
    const kinds = measurements.map((m) => m.kind).sort();
    assert.deepEqual(kinds, ['background', 'background', 'background', 'ex-vivo', 'in-vivo', 'tumour-bed']);
    for (const m of measurements) {
      assert.ok(m.durationSeconds >= 0.5, `${m.siteLabel}: counted ${m.durationSeconds} s`);
      assert.ok(m.counts > 0, `${m.siteLabel}: ${m.counts} counts`);
      assert.ok(m.decayCorrectedRateCps !== null, `${m.siteLabel} is decay-corrected`);
    }
    const l1 = stored.lesions.find((l) => l.label === 'L1');
    assert.equal(measurements.find((m) => m.kind === 'in-vivo')?.lesionId, l1?.id);
    const specimen = stored.specimens.find((s) => s.lesionId === l1?.id);
    assert.ok(specimen, 'a specimen of L1 was created');
    assert.equal(measurements.find((m) => m.kind === 'ex-vivo')?.specimenId, specimen.id);
    // The case page lists every stored measurement.
    await page.getByRole('link', { name: '← Case page' }).click();
    // (The page may load the case twice on arrival: wait for the rows rather than count them once.)
    await page
      .waitForFunction(
        (n) => document.querySelectorAll('[data-testid=measurements] tbody tr').length === n,
        measurements.length,
        { timeout: 15_000 },
      )
      .catch(async (error: unknown) => {
        const shown = await page.getByTestId('measurements').locator('tbody tr').count();
        throw new Error(
          `the case page lists ${shown} of ${measurements.length} measurements: ${String(error)}`,
        );
      });
    assert.deepEqual(watched.errors, []);
    await context.close();
  });

  test('keyboard only: sign in, create a case, tracer, lesion, session, background, a lesion, close', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const watched = watchPage(page);
    await page.goto(server.url);
    await page.locator('input[name=username]').waitFor();
    // The login form focuses the user name itself.
    await page.keyboard.type(ADMIN.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Cases' }).waitFor();

    await tabTo(page, { selector: 'a', text: 'New case' });
    await assertFocusVisible(page);
    await page.keyboard.press('Enter');
    await page.locator('input[name=label]').waitFor();
    await page.keyboard.type('E2E-KBD');
    await page.keyboard.press('Enter');
    await page.getByTestId('case-label').filter({ hasText: 'E2E-KBD' }).waitFor();

    await tabTo(page, { selector: '[name=activityMBq]' });
    await page.keyboard.type('550');
    await tabTo(page, { selector: 'button', text: 'Save tracer administration' });
    await page.keyboard.press('Enter');
    await page.getByTestId('tracer-decay').waitFor();

    await tabTo(page, { selector: '[name=lesionLabel]' });
    await page.keyboard.type('K1');
    // The coded tissue site by keyboard: a select takes type-ahead.
    await tabTo(page, { selector: '[name=lesionSite]' });
    await page.keyboard.type('Small');
    assert.equal(await page.locator('select[name=lesionSite]').inputValue(), 'small-bowel');
    await tabTo(page, { selector: 'button', text: 'Add lesion' });
    await page.keyboard.press('Enter');
    await page.locator('td', { hasText: 'K1' }).waitFor();

    await page.locator('textarea[name=qcOverrideReason]').waitFor();
    await tabTo(page, { selector: 'textarea[name=qcOverrideReason]' });
    await page.keyboard.type('keyboard path: no check source in the test rig');
    await tabTo(page, { selector: '[data-testid=start-session]' });
    await page.keyboard.press('Enter');
    await page.getByTestId('session-active').waitFor();
    await tabTo(page, { selector: '[data-testid=open-live]' });
    await page.keyboard.press('Enter');
    await page
      .getByTestId('probe-status')
      .filter({ hasText: 'PROBE CONNECTED' })
      .waitFor({ timeout: 15_000 });

    // Sound: the first key press unlocks Web Audio (no "SOUND OFF" any more); S mutes and unmutes.
    await page.keyboard.press('s');
    await page.getByTestId('sound').getByText('MUTED').waitFor();
    assert.equal(await page.getByTestId('enable-sound').count(), 0, 'Web Audio runs after a key press');
    await page.keyboard.press('s');
    await page.getByTestId('sound').getByText('MUTED').waitFor({ state: 'detached' });
    for (let i = 1; i <= 3; i += 1) {
      await newSite(page);
      await holdSite(page, 0.5);
      await page.keyboard.press('b');
      await waitRecorded(page, `Background ${i}`);
    }
    await newSite(page);
    await holdSite(page, 0.5);
    await page.keyboard.press('m');
    await page.locator('dialog[open]').waitFor();
    // Arrow keys and Enter work in the picker as well as digits; Escape goes back a step.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.locator('dialog[open] h2', { hasText: 'In vivo' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('dialog[open] h2', { hasText: 'what kind' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open] h2', { hasText: 'In vivo' }).waitFor();
    await page.keyboard.press('Enter');
    await waitRecorded(page, 'K1');
    // Demo mode by keyboard: the body map takes focus and the arrow keys move the simulated probe.
    // The marker shows where the probe is before anything moved it (issue 13: not only after a mouse move).
    await page
      .getByTestId('probe-position')
      .filter({ hasText: /^probe at x/ })
      .waitFor();
    const at = /x (-?[\d.]+) cm, y (-?[\d.]+) cm/.exec(await page.getByTestId('probe-position').innerText());
    assert.ok(at, 'the probe position is shown');
    const [x0, y0] = [Number(at[1]), Number(at[2])];
    const cm = (v: number) => String(Math.round(v * 10) / 10);
    await tabTo(page, { selector: '[data-testid=body-map]' });
    await page.keyboard.press('ArrowRight');
    await page
      .getByTestId('probe-position')
      .filter({ hasText: `x ${cm(x0 + 0.5)} cm, y ${cm(y0)} cm` })
      .waitFor();
    await page.keyboard.press('Shift+ArrowUp');
    await page
      .getByTestId('probe-position')
      .filter({ hasText: `x ${cm(x0 + 0.5)} cm, y ${cm(y0 + 2)} cm` })
      .waitFor();
    // A second mark without Space is refused (it would count the same site twice).
    await page.keyboard.press('b');
    await page.getByTestId('live-message').filter({ hasText: 'already recorded' }).waitFor();

    await tabTo(page, { selector: 'a', text: 'Case page' });
    await page.keyboard.press('Enter');
    await tabTo(page, { selector: '[name=resectionStatus]' });
    await page.keyboard.press('ArrowRight'); // R0 → R1
    await tabTo(page, { selector: '[name=statement]' });
    await page.keyboard.type('Keyboard-only run.');
    await tabTo(page, { selector: 'button', text: 'Close and sign off' });
    await page.keyboard.press('Enter');
    await page.getByTestId('closed').filter({ hasText: 'R1' }).waitFor();

    const token = await apiLogin(server, ADMIN.username, ADMIN.password);
    const cases = await apiGet<{ id: string; label: string }[] | { items: { id: string; label: string }[] }>(
      server,
      token,
      '/api/cases',
    );
    const list = Array.isArray(cases) ? cases : cases.items;
    const created = list.find((c) => c.label === 'E2E-KBD');
    assert.ok(created);
    const measurements = await apiGet<StoredMeasurement[]>(
      server,
      token,
      `/api/cases/${created.id}/measurements`,
    );
    assert.deepEqual(measurements.map((m) => m.kind).sort(), [
      'background',
      'background',
      'background',
      'in-vivo',
    ]);
    assert.deepEqual(watched.errors, []);
    await context.close();
  });

  test('a probe that goes silent or disconnects is shown at once, and its return too', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const watched = watchPage(page);
    await signIn(page, server.url);
    await page.goto(`${server.url}/#/live`);
    const status = page.getByTestId('probe-status');
    await status.filter({ hasText: 'PROBE CONNECTED' }).waitFor({ timeout: 15_000 });
    const token = await apiLogin(server, ADMIN.username, ADMIN.password);
    const stations = await apiGet<{ id: string }[]>(server, token, '/api/stations');
    const faults = async (body: Record<string, boolean>) => {
      const response = await fetch(`${server.url}/api/stations/${stations[0]?.id}/faults`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.text());
    };
    const currentRate = page.locator('.live:not(.not-current) [data-testid=rate]');
    await currentRate.waitFor({ timeout: 10_000 });
    const liveColour = await page.getByTestId('rate').evaluate((el) => getComputedStyle(el).color);
    await faults({ silent: true });
    await status.filter({ hasText: 'PROBE SILENT' }).waitFor({ timeout: 10_000 });
    assert.notEqual(await page.getByTestId('rate').evaluate((el) => getComputedStyle(el).color), liveColour);
    await faults({ silent: false, disconnected: true });
    await status.filter({ hasText: 'PROBE DISCONNECTED' }).waitFor({ timeout: 10_000 });
    await faults({ disconnected: false });
    await status.filter({ hasText: 'PROBE CONNECTED' }).waitFor({ timeout: 10_000 });
    await currentRate.waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('rate').evaluate((el) => getComputedStyle(el).color), liveColour);
    assert.deepEqual(watched.errors, []);
    await context.close();
  });

  test('the live connection drops: numbers grey out under a banner and come back without a reload', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/#/live`);
    await page
      .getByTestId('probe-status')
      .filter({ hasText: 'PROBE CONNECTED' })
      .waitFor({ timeout: 15_000 });
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    // "Connected" can show a moment before the first frame makes the numbers current.
    await page.locator('.live:not(.not-current) [data-testid=rate]').waitFor({ timeout: 10_000 });
    const liveColour = await page.getByTestId('rate').evaluate((el) => getComputedStyle(el).color);

    const { port, dataDir } = server;
    await server.stop();
    await page
      .getByTestId('probe-status')
      .filter({ hasText: 'LIVE CONNECTION LOST' })
      .waitFor({ timeout: 10_000 });
    const greyed = await page.getByTestId('rate').evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(greyed, liveColour, 'the rate greys out while the connection is down');

    server = await startServer({ scenario: e2eScenario(), dataDir, port });
    await page
      .getByTestId('probe-status')
      .filter({ hasText: 'PROBE CONNECTED' })
      .waitFor({ timeout: 20_000 });
    const same = await page.evaluate(
      () => (window as unknown as { __sameDocument?: boolean }).__sameDocument,
    );
    assert.equal(same, true, 'no reload happened');
    await page.locator('.live:not(.not-current) [data-testid=rate]').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('rate').evaluate((el) => getComputedStyle(el).color), liveColour);
    await context.close();
  });
});

/** Presses Tab until the focused element matches (at most 80 times): proves it is reachable by keyboard. */
async function tabTo(page: Page, target: { selector: string; text?: string }): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(({ selector, text }) => {
      const el = document.activeElement;
      if (!el?.matches(selector)) return false;
      return text === undefined || (el.textContent ?? '').includes(text);
    }, target);
    if (found) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(target)}`);
}

/** The focused element shows a visible focus ring (outline of at least 2 px). */
async function assertFocusVisible(page: Page): Promise<void> {
  const outline = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return null;
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  assert.ok(
    outline && outline.style !== 'none' && outline.width >= 2,
    `focus ring: ${JSON.stringify(outline)}`,
  );
}
