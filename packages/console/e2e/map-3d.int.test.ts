// The 3D freehand map in a real browser against the real server (issue 17 point 2): a tracked freehand
// sweep of the `npm start` scenario started from the console, the map and hotspots shown equal to the
// API's, and the WebGL canvas really drawn (pixels read back) — in headless Chromium on SwiftShader
// (software WebGL: --use-gl=angle --use-angle=swiftshader --enable-unsafe-swiftshader).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ADMIN, firstRunSetup } from './flows.js';
import {
  apiGet,
  apiLogin,
  CHROMIUM_ARGS,
  ensureBuilt,
  type RunningServer,
  removeDir,
  repoRoot,
  startServer,
  watchPage,
} from './harness.js';

/** What `npm start` simulates (packages/cli/src/commands/start.ts DEFAULT_SCENARIO). */
const SCENARIO = 'ileal-net-hynic-toc';
const SWEEP_SECONDS = 20;
const WEBGL_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'),
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const SHOTS = join(repoRoot, 'docs', 'screenshots');
/**
 * docs/screenshots/map-3d*.png are written only when asked (RGS_SCREENSHOTS=1, which
 * `node scripts/screenshots.mjs` sets): a test run leaves the committed pictures alone.
 */
const WRITE_SHOTS = process.env.RGS_SCREENSHOTS === '1';

interface ApiMap {
  state: string;
  scan: number;
  final: boolean;
  hotspots: Array<{
    rank: number;
    positionCm: number[];
    relativeActivity: number;
    fromTip: { words: string } | null;
  }>;
  grid: { dims: number[] } | null;
}

/** Pixels of the WebGL canvas: how many differ from the clear colour, how many are hotspot cyan. */
async function canvasPixels(page: Page) {
  return page.evaluate(() => {
    const gl = document.querySelector<HTMLCanvasElement>('[data-testid=map-3d] canvas');
    if (!gl) return null;
    const c = document.createElement('canvas');
    c.width = gl.width;
    c.height = gl.height;
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(gl, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    let cyan = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] as number;
      const g = data[i + 1] as number;
      const b = data[i + 2] as number;
      if (Math.abs(r - 5) + Math.abs(g - 7) + Math.abs(b - 12) > 12) drawn++;
      if (b > 180 && g > 150 && r < 90) cyan++;
    }
    return { total: data.length / 4, drawn, cyan, width: c.width, height: c.height };
  });
}

describe('3D map (three.js) in headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watched: { errors: string[] };
  let token: string;

  before(async () => {
    ensureBuilt();
    server = await startServer({ scenario: SCENARIO });
    browser = await chromium.launch({
      executablePath: process.env.RGS_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: WEBGL_ARGS,
    });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
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

  test('a tracked freehand sweep from the console: live map, final map, hotspots equal the API, canvas drawn', {
    timeout: 120_000,
  }, async () => {
    await page.goto(`${server.url}/#/map`);
    await page.locator('h1', { hasText: '3D map' }).waitFor();
    await page.locator('[data-testid=map-figures][data-state=idle]').waitFor();
    // Before any scan: the pre-op lesion markers and the probe are drawn already.
    const idle = await canvasPixels(page);
    assert.ok(idle && idle.drawn > 0, `the idle view draws the probe and markers: ${JSON.stringify(idle)}`);

    await page.getByLabel('Sweep seconds').fill(String(SWEEP_SECONDS));
    await page.getByRole('button', { name: 'Start freehand sweep' }).click();
    await page.locator('[data-testid=map-figures][data-state=scanning]').waitFor({ timeout: 10_000 });
    // A live map while sweeping (the worker updates at least once a second).
    await page.waitForFunction(
      () => document.querySelector('[data-testid=map-3d] canvas') !== null,
      undefined,
      { timeout: 5_000 },
    );
    const liveMap = await (async () => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const m = await apiGet<ApiMap & { liveUpdates: number }>(server, token, '/api/stations/sim-1/map');
        if (m.liveUpdates >= 3 && m.state === 'scanning') return m;
        await new Promise((r) => setTimeout(r, 300));
      }
      return null;
    })();
    assert.ok(liveMap, 'live updates during the sweep');

    await page
      .locator('[data-testid=map-figures][data-state=done]')
      .waitFor({ timeout: (SWEEP_SECONDS + 40) * 1000 });
    const api = await apiGet<ApiMap>(server, token, '/api/stations/sim-1/map');
    assert.equal(api.state, 'done');
    assert.equal(api.final, true);
    // Let the page take the same answer (it polls every 2 s once the scan is done).
    await page.waitForTimeout(2500);
    const shown = await page.locator('[data-testid=map-hotspots] li').evaluateAll((items) =>
      items.map((li) => ({
        rank: Number(li.getAttribute('data-rank')),
        positionCm: (li.getAttribute('data-position-cm') ?? '').split(',').map(Number),
        relativeActivity: Number(li.getAttribute('data-relative-activity')),
        words: li.querySelector('.words')?.textContent ?? '',
      })),
    );
    assert.deepEqual(
      shown,
      api.hotspots.map((h) => ({
        rank: h.rank,
        positionCm: h.positionCm,
        relativeActivity: h.relativeActivity,
        words: h.fromTip?.words ?? 'no probe pose',
      })),
    );

    if (WRITE_SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'map-3d.png') });
    }
    const pixels = await canvasPixels(page);
    assert.ok(pixels, 'the WebGL canvas is there');
    assert.ok(pixels.drawn > pixels.total * 0.01, `the canvas is not blank: ${JSON.stringify(pixels)}`);
    // The map itself is drawn: hiding it changes the picture (probe, markers and hotspots stay).
    await page.getByLabel('Show the map (voxels and MIP)').uncheck();
    const withoutMap = await canvasPixels(page);
    await page.getByLabel('Show the map (voxels and MIP)').check();
    assert.ok(
      withoutMap && pixels.drawn - withoutMap.drawn > 200,
      `the map adds pixels: ${pixels.drawn} with it, ${withoutMap?.drawn} without`,
    );
    if (api.hotspots.length > 0) assert.ok(pixels.cyan > 10, `hotspots drawn: ${JSON.stringify(pixels)}`);

    // The compact view for a second screen: no app chrome, the same hotspots.
    const compact = await context.newPage();
    const compactWatch = watchPage(compact);
    await compact.setViewportSize({ width: 1024, height: 600 });
    await compact.goto(`${server.url}/#/map/sim-1/compact`);
    await compact.locator('[data-testid=map-figures][data-state=done]').waitFor();
    assert.equal(await compact.locator('header.topbar').count(), 0);
    assert.equal(await compact.locator('[data-testid=map-hotspots] li').count(), api.hotspots.length);
    await compact.waitForTimeout(500);
    const compactPixels = await canvasPixels(compact);
    assert.ok(
      compactPixels && compactPixels.drawn > compactPixels.total * 0.01,
      `compact view drawn: ${JSON.stringify(compactPixels)}`,
    );
    if (WRITE_SHOTS) await compact.screenshot({ path: join(SHOTS, 'map-3d-compact.png') });
    await compact.close();
    assert.deepEqual([...watched.errors, ...compactWatch.errors], []);
  });
});
