// Issue 15 in a real browser against the real server: the spectrum page of a simulated spectroscopic
// probe (an Open Gamma Detector emulated from its firmware's serial format, read by the real OGD driver).
// Every figure on screen — window range and counts, in/out of window, total, calibration — is checked
// against the API's JSON of the same spectrum (the response the page rendered, matched by throughFrame,
// and the test's own GET for what does not change). Debian's Chromium through playwright-core.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { ADMIN, firstRunSetup } from './flows.js';
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

interface SpectrumJson {
  nuclide: string;
  windowPercent: number;
  calibration: {
    keVPerChannel: number;
    offsetKeV: number;
    peaks: { source: string; energyKeV: number; channel: number }[];
  };
  windows: { lineKeV: number; lowKeV: number; highKeV: number; counts: number }[];
  inWindowCounts: number;
  outOfWindowCounts: number;
  totalCounts: number;
  seconds: number;
  throughFrame: number;
  channels: number[];
}

describe('spectrum view (simulated spectrometer station)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watched: { errors: string[] };
  let token: string;

  before(async () => {
    ensureBuilt();
    server = await startServer({ scenario: 'spectrometer:Tc-99m' });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    watched = watchPage(page);
    await firstRunSetup(page, server.url);
    token = await apiLogin(server, ADMIN.username, ADMIN.password);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  test('histogram with the Tc-99m window shaded; figures equal the API’s', { timeout: 60_000 }, async () => {
    const rendered = new Map<number, SpectrumJson>();
    const onResponse = async (response: Response) => {
      if (!new URL(response.url()).pathname.endsWith('/spectrum') || response.status() !== 200) return;
      try {
        const body = (await response.json()) as SpectrumJson;
        rendered.set(body.throughFrame, body);
      } catch {
        // The page closed while the body was read (end of the test).
      }
    };
    page.on('response', onResponse);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Spectrum' }).click();
    await page.locator('h1', { hasText: 'Spectrum' }).waitFor();
    // A few frames in, so that every figure is non-zero.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-through-frame]')?.getAttribute('data-through-frame')) >= 3,
      undefined,
      { timeout: 20_000 },
    );
    // Read every figure in one go (the page updates each second).
    // No named functions inside evaluate: tsx would wrap them in a helper the page does not have.
    const ids = [
      'spectrum-in',
      'spectrum-out',
      'spectrum-total',
      'spectrum-seconds',
      'spectrum-percent',
      'spectrum-window-0-range',
      'spectrum-window-0-counts',
      'spectrum-calibration',
    ];
    const raw = await page.evaluate(
      (list) => ({
        texts: list.map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
        throughFrame: Number(
          document.querySelector('[data-through-frame]')?.getAttribute('data-through-frame'),
        ),
        windowRows: document.querySelectorAll('[data-testid^="spectrum-window-"][data-testid$="-range"]')
          .length,
        shaded: document.querySelectorAll('.spectrum-window rect').length,
        valueFontPx: Number.parseFloat(
          getComputedStyle(document.querySelector('[data-testid="spectrum-in"]') as Element).fontSize,
        ),
      }),
      ids,
    );
    const [inWindow, out, total, seconds, percent, range, windowCounts, calibration] = raw.texts;
    const shown = {
      ...raw,
      inWindow,
      out,
      total,
      seconds,
      percent,
      range,
      windowCounts,
      calibration: calibration ?? '',
    };
    const json = rendered.get(shown.throughFrame);
    assert.ok(
      json,
      `the page showed frame ${shown.throughFrame}; responses seen: ${[...rendered.keys()].join(', ')}`,
    );
    const w = json.windows[0];
    assert.ok(w);
    // What the page shows is the API's spectrum, figure for figure.
    assert.equal(shown.inWindow, String(json.inWindowCounts));
    assert.equal(shown.out, String(json.outOfWindowCounts));
    assert.equal(shown.total, String(json.totalCounts));
    assert.equal(shown.seconds, String(json.seconds));
    assert.equal(shown.windowCounts, String(w.counts));
    assert.equal(shown.percent, `${((100 * json.inWindowCounts) / json.totalCounts).toFixed(1)} %`);
    assert.equal(shown.range, `${w.lowKeV.toFixed(1)}–${w.highKeV.toFixed(1)} keV`);
    assert.equal(shown.windowRows, json.windows.length);
    assert.equal(shown.shaded, json.windows.length);
    assert.ok(shown.calibration.includes(`${json.calibration.keVPerChannel.toFixed(4)} keV/channel`));
    assert.ok(json.inWindowCounts > 0 && json.outOfWindowCounts > 0);
    // The test's own GET: the same window (Tc-99m 140.511 keV ± 10 % = 126.46–154.56 keV) and calibration.
    const mine = await apiGet<SpectrumJson>(server, token, '/api/stations/spectro-1/spectrum');
    assert.equal(mine.nuclide, 'Tc-99m');
    assert.deepEqual(
      mine.windows.map((x) => [x.lineKeV, x.lowKeV, x.highKeV]),
      json.windows.map((x) => [x.lineKeV, x.lowKeV, x.highKeV]),
    );
    assert.equal(shown.range, '126.5–154.6 keV');
    assert.deepEqual(mine.calibration, json.calibration);
    assert.ok(mine.throughFrame >= json.throughFrame);
    // Readable from 2 m: the counts are at least 48 px tall (3rem) on a 1280 × 800 screen.
    assert.ok(shown.valueFontPx >= 48, `count font ${shown.valueFontPx}px`);
    page.off('response', onResponse);
    assert.deepEqual(watched.errors, []);
  });
});
