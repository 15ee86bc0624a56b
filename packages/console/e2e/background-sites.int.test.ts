// The demo scenario (ileal-net-hynic-toc) in Chromium against `rgs serve`: the body map draws the
// scenario's suggested background sites (B1…Bn) and the live view shows its advice; counting background at
// those sites (3 s each, as docs/console-needs.md measured) and then holding the probe over the terminal
// ileum primary gives a POSITIVE verdict — the path a new user of `npm start` should find.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  ADMIN,
  addLesion,
  createCase,
  firstRunSetup,
  holdSite,
  moveProbeTo,
  newSite,
  openLive,
  recordTracer,
  registerProbe,
  startSession,
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

const SCENARIO = 'ileal-net-hynic-toc';
/** Seconds counted at each background site (the sim README's figures use 3 s). */
const BACKGROUND_HOLD_SECONDS = 3;

interface ServedBodyMap {
  lesions: { id: string; label: string; xCm: number; yCm: number }[];
  backgroundSites?: { label: string; xCm: number; yCm: number; tissue: string | null }[];
  backgroundAdvice?: string;
}

describe(`suggested background sites (${SCENARIO})`, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    ensureBuilt();
    server = await startServer({ scenario: SCENARIO });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  test('the body map draws the suggested sites and the advice; counting there makes the primary POSITIVE', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const watched = watchPage(page);
    await firstRunSetup(page, server.url);
    await registerProbe(page, server.url, 'Sim CsI probe');
    await createCase(page, server.url, 'E2E-BG-1', 'ileal NET, Tc-99m-EDDA/HYNIC-TOC');
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

    const token = await apiLogin(server, ADMIN.username, ADMIN.password);
    const stations = await apiGet<{ id: string }[]>(server, token, '/api/stations');
    const stationId = stations[0]?.id;
    assert.ok(stationId, 'the server runs a simulated station');
    const map = await apiGet<ServedBodyMap>(
      server,
      token,
      `/api/stations/${encodeURIComponent(stationId)}/body-map`,
    );
    const sites = map.backgroundSites ?? [];
    assert.ok(
      sites.length >= 3,
      `${SCENARIO} suggests at least three background sites (got ${sites.length})`,
    );
    assert.ok(map.backgroundAdvice, `${SCENARIO} gives background advice`);

    // One marker per suggested site, titled with its name and label; B1 is the next one.
    const markers = page.getByTestId('background-site');
    await markers.first().waitFor();
    assert.equal(await markers.count(), sites.length);
    for (const [index, site] of sites.entries()) {
      const title = await markers.nth(index).locator('title').textContent();
      assert.ok(title?.startsWith(`B${index + 1}: ${site.label}`), `marker ${index + 1} title: ${title}`);
    }
    assert.match((await page.getByTestId('next-background-site').textContent()) ?? '', /^B1 — /);
    const advice = (await page.getByTestId('background-advice').textContent()) ?? '';
    assert.ok(advice.includes(map.backgroundAdvice), `advice shown: ${advice}`);

    // Background at each suggested site (at most five): Space, hold 3 s, B; the highlight moves on.
    const used = sites.slice(0, 5);
    for (const [index, site] of used.entries()) {
      await moveProbeTo(page, site.xCm, site.yCm);
      await newSite(page);
      await holdSite(page, BACKGROUND_HOLD_SECONDS);
      await page.keyboard.press('b');
      await waitRecorded(page, `Background ${index + 1}`);
      await page
        .getByTestId('background-count')
        .filter({ hasText: String(index + 1) })
        .waitFor();
      if (index + 1 < used.length) {
        await page
          .getByTestId('next-background-site')
          .filter({ hasText: `B${index + 2} — ` })
          .waitFor();
      }
    }
    if (used.length >= 5) assert.equal(await page.getByTestId('next-background-site').count(), 0);

    // Over the primary: a new site, and the verdict turns POSITIVE within 10 s.
    const primary = map.lesions.find((l) => l.id === 'ileal-primary') ?? map.lesions[0];
    assert.ok(primary, 'the scenario has a primary lesion');
    await moveProbeTo(page, primary.xCm, primary.yCm);
    await newSite(page);
    try {
      await page.getByTestId('verdict').filter({ hasText: 'POSITIVE' }).waitFor({ timeout: 10_000 });
    } catch (error) {
      const verdict = await page.getByTestId('verdict').textContent();
      const ratio = await page.locator('.ratio').textContent();
      throw new Error(`no POSITIVE over ${primary.label}: verdict "${verdict}", ${ratio}\n${String(error)}`);
    }
    assert.deepEqual(watched.errors, []);
    await context.close();
  });
});
