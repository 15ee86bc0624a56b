// The OR live view holds at the screen sizes theatres have (issue 13 point 10): 1366×768, 1440×900 and
// 1920×1080. At each, in a case with three background sites and a lesion recorded (so the side column
// is as full as in theatre) and on the Live view page without a case: the page does not scroll, the side
// column does not scroll (its "Counting" and "Recorded" blocks are on screen), the trend does not reach
// into the key bar, and the key bar is inside the window. Measured with bounding boxes and
// scrollHeight against clientHeight in Chromium. Then with a background site flagged (counted with the
// probe lifted): the keep/drop notice fits above the key bar at each size, nothing scrolls.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  addLesion,
  createCase,
  firstRunSetup,
  holdSite,
  newSite,
  openLive,
  recordTracer,
  registerProbe,
  startSession,
  waitRecorded,
} from './flows.js';
import {
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  type RunningServer,
  removeDir,
  SCREEN_SIZES,
  startServer,
  watchPage,
} from './harness.js';

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface Measured {
  page: { scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number };
  side: { scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number } | null;
  boxes: Record<string, Box | null>;
}

/** Bounding boxes and scroll sizes of the live view's parts, after two frames have painted. */
async function measure(page: Page): Promise<Measured> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  // One selector per part; the boxes are read in the page without helper functions (tsx's keepNames
  // would wrap them in a __name() the page does not have).
  const parts: Record<string, string> = {
    status: '[data-testid=probe-status]',
    rate: '.rate',
    ratio: '.ratio',
    verdict: '.verdict',
    trend: '.trend',
    site: '[data-testid=site]',
    counting: '.station-settings',
    // The panel, not its list: the list gives up its oldest lines below the panel's clipped edge by design
    // (live.css), so its own box may reach past the window while nothing of it shows there.
    recorded: '.recorded-panel',
    map: '[data-testid=body-map]',
    keybar: '.keybar',
  };
  return page.evaluate((selectors) => {
    const boxes: Record<string, Box | null> = {};
    for (const [name, selector] of Object.entries(selectors)) {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      boxes[name] = r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null;
    }
    const root = document.scrollingElement ?? document.documentElement;
    const side = document.querySelector('.live-side');
    return {
      page: {
        scrollHeight: root.scrollHeight,
        clientHeight: root.clientHeight,
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
      },
      side: side
        ? {
            scrollHeight: side.scrollHeight,
            clientHeight: side.clientHeight,
            scrollWidth: side.scrollWidth,
            clientWidth: side.clientWidth,
          }
        : null,
      boxes,
    };
  }, parts);
}

/** RGS_LAYOUT_SHOTS=DIR keeps a screenshot of each size there, to look at what a failure measured. */
async function keepShot(page: Page, name: string): Promise<void> {
  const dir = process.env.RGS_LAYOUT_SHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

/** Every layout rule of the live view at one size, each failure naming the size and the parts. */
function assertLayout(m: Measured, size: { width: number; height: number }, where: string): void {
  const at = `${where} at ${size.width}×${size.height}`;
  assert.ok(
    m.page.scrollHeight <= m.page.clientHeight,
    `${at}: the page scrolls (scrollHeight ${m.page.scrollHeight} > clientHeight ${m.page.clientHeight})`,
  );
  assert.ok(
    m.page.scrollWidth <= m.page.clientWidth,
    `${at}: the page scrolls sideways (${m.page.scrollWidth} > ${m.page.clientWidth})`,
  );
  assert.ok(m.side, `${at}: no side column`);
  assert.ok(
    m.side.scrollHeight <= m.side.clientHeight + 1,
    `${at}: the side column scrolls (${m.side.scrollHeight} > ${m.side.clientHeight}) and hides its lower blocks`,
  );
  assert.ok(
    m.side.scrollWidth <= m.side.clientWidth + 1,
    `${at}: the side column's content is wider than the column (${m.side.scrollWidth} > ${m.side.clientWidth}): cut off`,
  );
  const { trend, keybar } = m.boxes;
  assert.ok(trend && keybar, `${at}: trend or key bar missing`);
  assert.ok(
    trend.bottom <= keybar.top,
    `${at}: the trend (bottom ${trend.bottom.toFixed(0)}) overlaps the key bar (top ${keybar.top.toFixed(0)})`,
  );
  assert.ok(trend.bottom - trend.top >= 120, `${at}: the trend is only ${trend.bottom - trend.top} px high`);
  for (const [name, b] of Object.entries(m.boxes)) {
    if (!b) continue;
    assert.ok(
      b.top >= 0 && b.bottom <= size.height + 0.5 && b.right <= size.width + 0.5,
      `${at}: ${name} lies outside the window (${JSON.stringify(b)})`,
    );
  }
  for (const [a, b] of [
    ['rate', 'ratio'],
    ['ratio', 'trend'],
    ['verdict', 'trend'],
    ['site', 'keybar'],
    ['counting', 'keybar'],
    ['map', 'keybar'],
  ] as const) {
    const upper = m.boxes[a];
    const lower = m.boxes[b];
    if (upper && lower)
      assert.ok(
        upper.bottom <= lower.top + 0.5,
        `${at}: ${a} (bottom ${upper.bottom}) overlaps ${b} (top ${lower.top})`,
      );
  }
}

interface MeasuredFlagged {
  scroll: Record<'page' | 'main' | 'side', { scrollHeight: number; clientHeight: number } | null>;
  boxes: Record<'flagged' | 'prompt' | 'verdict' | 'keybar', Box | null>;
}

/** The flagged-site notice, its keep/drop keys, the verdict and the key bar; scroll sizes of page and columns. */
async function measureFlagged(page: Page): Promise<MeasuredFlagged> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  // No helper functions inside the page (tsx's keepNames would wrap them in a __name() it does not have).
  return page.evaluate(() => {
    const scroll: Record<string, { scrollHeight: number; clientHeight: number } | null> = {};
    const scrolled: [string, Element | null][] = [
      ['page', document.scrollingElement ?? document.documentElement],
      ['main', document.querySelector('.live-main')],
      ['side', document.querySelector('.live-side')],
    ];
    for (const [name, el] of scrolled)
      scroll[name] = el ? { scrollHeight: el.scrollHeight, clientHeight: el.clientHeight } : null;
    const flagged = document.querySelector('[data-testid=flagged-site]');
    const keys = flagged ? [...flagged.querySelectorAll('kbd')] : [];
    const boxes: Record<string, Box | null> = {};
    const boxed: [string, Element | null][] = [
      ['flagged', flagged],
      ['prompt', keys[keys.length - 1] ?? null],
      ['verdict', document.querySelector('.verdict')],
      ['keybar', document.querySelector('.keybar')],
    ];
    for (const [name, el] of boxed) {
      const r = el?.getBoundingClientRect();
      boxes[name] = r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null;
    }
    return { scroll, boxes } as MeasuredFlagged;
  });
}

/** The keep/drop prompt is whole on screen above the key bar; nothing scrolls to reach it. */
function assertFlaggedLayout(m: MeasuredFlagged, size: { width: number; height: number }): void {
  const at = `flagged-site panel at ${size.width}×${size.height}`;
  for (const [name, box] of Object.entries(m.scroll)) {
    assert.ok(box, `${at}: no ${name}`);
    assert.ok(
      box.scrollHeight <= box.clientHeight + 1,
      `${at}: the ${name} scrolls (${box.scrollHeight} > ${box.clientHeight})`,
    );
  }
  const { flagged, prompt, verdict, keybar } = m.boxes;
  assert.ok(flagged && prompt && verdict && keybar, `${at}: ${JSON.stringify(m.boxes)}`);
  assert.ok(
    flagged.bottom <= keybar.top + 0.5,
    `${at}: the notice (bottom ${flagged.bottom}) overlaps the key bar (top ${keybar.top})`,
  );
  assert.ok(
    verdict.bottom <= flagged.top + 0.5,
    `${at}: the verdict (bottom ${verdict.bottom}) overlaps the notice (top ${flagged.top})`,
  );
  assert.ok(
    prompt.top >= flagged.top && prompt.bottom <= flagged.bottom + 0.5 && prompt.right <= size.width,
    `${at}: the D key of the prompt is cut off (${JSON.stringify(prompt)} in ${JSON.stringify(flagged)})`,
  );
  assert.ok(flagged.top >= 0 && flagged.right <= size.width + 0.5, `${at}: the notice is outside the window`);
}

describe('live view layout at 1366×768, 1440×900, 1920×1080', () => {
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

  test('no overlap, no page or column scrolling, in a case and without one', {
    timeout: 180_000,
  }, async () => {
    const context = await browser.newContext({ viewport: SCREEN_SIZES[0] });
    const page = await context.newPage();
    const watched = watchPage(page);
    await firstRunSetup(page, server.url);
    await registerProbe(page, server.url, 'Sim CsI probe');
    await createCase(page, server.url, 'LAYOUT-1', 'ileal NET');
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
    await startSession(page);
    await openLive(page);
    // Fill the side column as a case does: three background sites and a message.
    for (let i = 1; i <= 3; i += 1) {
      await newSite(page);
      await holdSite(page, 0.5);
      await page.keyboard.press('b');
      await waitRecorded(page, `Background ${i}`);
    }
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await keepShot(page, `case-live-${size.width}x${size.height}`);
      assertLayout(await measure(page), size, 'case live view');
    }

    // A background site counted with the probe lifted is flagged: the keep/drop prompt takes the trend's
    // place, and it too must fit each size without the page or a column scrolling (issue 13 point 10).
    await page.getByTestId('lift-probe').check();
    await newSite(page);
    await holdSite(page, 1);
    await page.keyboard.press('b');
    await waitRecorded(page, 'Background 4');
    await page.getByTestId('lift-probe').uncheck();
    await newSite(page);
    await page.getByTestId('flagged-site').filter({ hasText: 'Background 4' }).waitFor({ timeout: 15_000 });
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await keepShot(page, `flagged-${size.width}x${size.height}`);
      assertFlaggedLayout(await measureFlagged(page), size);
    }
    await page.setViewportSize(SCREEN_SIZES[0]);
    // D drops it (the station's own page would show the prompt too while the case's session runs).
    await page.keyboard.press('d');
    await page.getByTestId('flagged-site').waitFor({ state: 'detached' });

    await page.goto(`${server.url}/#/live`);
    await page
      .getByTestId('probe-status')
      .filter({ hasText: 'PROBE CONNECTED' })
      .waitFor({ timeout: 15_000 });
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await keepShot(page, `live-${size.width}x${size.height}`);
      assertLayout(await measure(page), size, 'Live view without a case');
    }
    assert.deepEqual(watched.errors, []);
    await context.close();
  });
});
