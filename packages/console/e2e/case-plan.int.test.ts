// The case page's "Plan and radiation protection" panel (issue 7) in a real browser against the real server:
// a case with a Tc-99m tracer and one lesion is created through the API; the panel is prefilled from it,
// refuses to plan without the duration and the lesion's depth/uptake/organ (each error naming its field),
// then, filled in and submitted from the keyboard, shows figures equal to the server's own JSON for the same
// inputs (POST /api/planning/plan and /api/planning/dose).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { doseBodyFromPlan, localToIso, type PlanBody } from '../src/components/case-plan.js';
import {
  fmtCps,
  fmtHours,
  fmtMicroSv,
  fmtMicroSvPerHour,
  fmtProbability,
  fmtRatio,
  fmtSeconds,
  fmtSignificant,
  timingPosition,
} from '../src/components/plan-format.js';
import type { DoseView, PlanView } from '../src/components/plan-types.js';
import { ADMIN, signIn } from './flows.js';
import {
  E2E_SETUP_TOKEN,
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  type RunningServer,
  removeDir,
  startServer,
  watchPage,
} from './harness.js';

async function api<T>(server: RunningServer, token: string | null, path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).textContent()) ?? '').trim();

describe('console E2E: plan and radiation protection on the case page', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;

  before(async () => {
    ensureBuilt();
    server = await startServer({ scenario: e2eScenario() });
    browser = await launchBrowser();
    token = (
      await api<{ token: string }>(server, null, '/api/setup', { ...ADMIN, setupToken: E2E_SETUP_TOKEN })
    ).token;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  test('prefilled from the case, validated by field, figures equal the server JSON', {
    timeout: 60_000,
  }, async () => {
    const administeredAt = '2026-03-10T07:30:00.000Z';
    const created = await api<{ id: string }>(server, token, '/api/cases', {
      label: 'PLAN-E2E',
      procedureDate: '2026-03-10',
    });
    const caseId = created.id;
    await api(server, token, `/api/cases/${caseId}/tracer-administrations`, {
      agent: '99mTc-EDDA/HYNIC-TOC',
      nuclide: 'Tc-99m',
      activityMBq: 600,
      administeredAt,
    });
    await api(server, token, `/api/cases/${caseId}/lesions`, {
      label: 'ileal primary',
      sizeMm: 15,
      preopImagingStatus: 'seen',
    });

    // Browser and test share the machine's time zone, so the local date/time fields mean the same instant.
    const timezoneId = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const context = await browser.newContext({ timezoneId });
    const page = await context.newPage();
    const watched = watchPage(page);
    try {
      await signIn(page, server.url);
      await page.goto(`${server.url}/#/cases/${encodeURIComponent(caseId)}`);
      const panel = page.getByTestId('case-plan');
      await panel.waitFor();
      // The probe list comes from the server: wait until it is there.
      await page.locator('select[name=planProbe] option[value="csi-14mm"]').waitFor({ state: 'attached' });

      // Prefilled from the case.
      assert.equal(await page.locator('select[name=planTracer]').inputValue(), 'tc99m-hynic-toc');
      assert.equal(await page.locator('input[name=planActivityMBq]').inputValue(), '600');
      assert.equal(await page.locator('input[name=planSurgeryDate]').inputValue(), '2026-03-10');
      assert.equal(await page.locator('input[name=lesion-0-diameterMm]').inputValue(), '15');
      const injectedLocal = await page.locator('input[name=planInjectedAt]').inputValue();
      assert.equal(Date.parse(localToIso(injectedLocal) ?? ''), Date.parse(administeredAt));

      // Nothing the case lacks is defaulted: each missing field is named.
      await page.getByTestId('run-plan').click();
      await page.getByTestId('plan-errors').waitFor();
      for (const field of [
        'surgeryTime',
        'surgeryDurationMinutes',
        'probe',
        'lesions.0.depthCm',
        'lesions.0.uptakeRatio',
        'lesions.0.nearbyOrgan',
      ]) {
        assert.ok(await page.getByTestId(`error-${field}`).isVisible(), `error shown for ${field}`);
      }
      assert.match(
        await text(page, '[data-testid="error-surgeryDurationMinutes"]'),
        /Planned duration is required/,
      );
      assert.equal(await page.getByTestId('case-plan-results').count(), 0);

      // Fill in what the plan needs, by keyboard; Enter in the last field submits.
      await page.locator('input[name=planSurgeryTime]').fill('11:30');
      await page.locator('select[name=planProbe]').selectOption('csi-14mm');
      await page.locator('input[name=lesion-0-depthCm]').fill('1');
      await page.locator('input[name=lesion-0-uptakeRatio]').fill('5');
      await page.locator('select[name=lesion-0-nearbyOrgan]').selectOption('none');
      const sent = page.waitForRequest(
        (r) => r.url().endsWith('/api/planning/plan') && r.method() === 'POST',
      );
      await page.locator('input[name=planDurationMinutes]').fill('180');
      await page.locator('input[name=planDurationMinutes]').press('Enter');
      const body = (await sent).postDataJSON() as PlanBody;
      await page.getByTestId('case-plan-results').waitFor({ timeout: 30_000 });

      // The same inputs, built here: the page must have sent exactly these.
      const expected: PlanBody = {
        tracer: 'tc99m-hynic-toc',
        injectedActivityMBq: 600,
        injectedAt: body.injectedAt,
        surgeryStart: localToIso('2026-03-10T11:30') ?? 'unparsable',
        surgeryDurationMinutes: 180,
        probe: 'csi-14mm',
        lesions: [
          { label: 'ileal primary', diameterMm: 15, depthCm: 1, uptakeRatio: 5, nearbyOrgan: 'none' },
        ],
      };
      assert.equal(Date.parse(body.injectedAt), Date.parse(administeredAt));
      assert.deepEqual(body, expected);

      const plan = await api<PlanView>(server, token, '/api/planning/plan', expected);
      const dose = await api<DoseView>(server, token, '/api/planning/dose', doseBodyFromPlan(expected));
      const lesion = plan.lesions[0];
      assert.ok(lesion);
      const row = '[data-testid="plan-lesion-0"]';
      assert.equal(await text(page, `${row} [data-testid=rate]`), fmtCps(lesion.expectedRateCps));
      assert.equal(await text(page, `${row} [data-testid=background]`), fmtCps(lesion.expectedBackgroundCps));
      assert.equal(await text(page, `${row} [data-testid=ratio]`), fmtRatio(lesion.expectedRatio));
      assert.equal(
        await text(page, `${row} [data-testid=p5s]`),
        fmtProbability(lesion.detectionProbability5s),
      );
      assert.equal(
        await text(page, `${row} [data-testid=seconds]`),
        fmtSeconds(lesion.expectedSecondsToVerdict),
      );
      assert.equal(
        await text(page, `${row} [data-testid=reasons]`),
        lesion.reasons.length > 0 ? lesion.reasons.join(' ') : '—',
      );
      // Issue 12: the best case (background known exactly) beside the operating-room figure, and the sites
      // that would make a lesion that may be missed likely found.
      assert.equal(
        await text(page, `${row} [data-testid=p5s-known]`),
        `background known exactly: ${fmtProbability(lesion.detectionProbability5sKnownBackground ?? Number.NaN)}`,
      );
      if (!lesion.likelyFound && typeof lesion.backgroundSitesForLikelyFound === 'number') {
        assert.equal(
          await text(page, `${row} [data-testid=sites-for-likely]`),
          `≥ 90 % with ${lesion.backgroundSitesForLikelyFound} background sites`,
        );
      } else {
        assert.equal(await page.locator(`${row} [data-testid=sites-for-likely]`).count(), 0);
      }
      // The detectability map: the operating room's row and the best case beside it, as the server gives them.
      const mapText = (rows: { depthCm: number; smallestDiameterMm: number | null }[]) =>
        rows
          .map(
            (r) =>
              `${fmtSignificant(r.depthCm)} cm: ${r.smallestDiameterMm === null ? '—' : `${fmtSignificant(r.smallestDiameterMm)} mm`}`,
          )
          .join(' · ');
      const detectability = await text(page, '[data-testid=detectability-map]');
      assert.ok(
        detectability.includes(`background sites): ${mapText(plan.detectabilityMap.rows)};`),
        detectability,
      );
      assert.ok(
        detectability.endsWith(
          `background known exactly: ${mapText(plan.detectabilityMap.rowsKnownBackground)}`,
        ),
        detectability,
      );
      // What the team plans for: the background sites to count and the spread the limit rests on.
      const v = plan.verdictModel;
      assert.ok(v, 'the server names the verdict model');
      assert.equal(await text(page, '[data-testid=plan-sites]'), `${v.backgroundSites} background sites`);
      assert.equal(await text(page, '[data-testid=plan-spread-prior]'), `Spread: ${v.spreadPriorBasis}`);
      const model = await text(page, '[data-testid=plan-verdict-model]');
      assert.ok(model.includes(`false positives ${fmtSignificant(100 * v.alpha)} %`), model);
      // Under the OR's own settings (counting DECISION_SETTINGS: α 5 %, the engine's minimum sites, no learnt
      // spread) Hodolič's 15 mm lesion at U = 5 (T/B ≈ 1.8) is marginal (docs/planning.md §5): the plan may
      // or may not give a window. Either way the screen must say exactly what the server answered.
      const w = plan.recommendedWindow;
      const position = timingPosition(plan.hoursAfterInjection, w);
      assert.equal(
        await text(page, '[data-testid=timing-position]'),
        position === 'inside' ? 'inside the window' : position,
      );
      if (w) {
        assert.equal(
          await text(page, '[data-testid=window-hours]'),
          `${fmtHours(w.fromHours)} – ${fmtHours(w.toHours)}`,
        );
        assert.equal(
          await text(page, '[data-testid=surgery-hours]'),
          `${fmtHours(plan.hoursAfterInjection.surgeryStart)} – ${fmtHours(plan.hoursAfterInjection.surgeryEnd)}`,
        );
        // Issue 12: the window's basis is shown as the server gives it.
        assert.ok(plan.window?.ok, 'the server names the window basis');
        const basis = await text(page, '[data-testid=plan-window-basis]');
        assert.ok(basis.includes(`for ${plan.window.basisLesions.join(', ')}`), basis);
        assert.ok(basis.includes(plan.window.criterion), basis);
      } else {
        const said = await text(page, '[data-testid=plan-window]');
        assert.match(said, /^No recommended window/);
        if (plan.window && !plan.window.ok) assert.ok(said.includes(plan.window.reason), said);
        assert.equal(await page.locator('[data-testid=window-hours]').count(), 0);
      }
      const undetectable = plan.undetectableLesions ?? [];
      if (undetectable.length > 0) {
        const listed = await text(page, '[data-testid=plan-undetectable]');
        for (const u of undetectable) assert.ok(listed.includes(`${u.label}: at best`), listed);
      } else {
        assert.equal(await page.locator('[data-testid=plan-undetectable]').count(), 0);
      }

      assert.deepEqual(dose.staff.map((s) => s.role).sort(), [
        'anaesthetist',
        'scrub-nurse',
        'surgeon-body',
        'surgeon-hands',
      ]);
      for (const s of dose.staff) {
        const r = `[data-testid="dose-${s.role}"]`;
        assert.equal(await text(page, `${r} [data-testid=distance]`), `${s.distanceCm} cm`);
        assert.equal(
          await text(page, `${r} [data-testid=rate]`),
          fmtMicroSvPerHour(s.doseRateAtStartMicroSvPerHour),
        );
        assert.equal(await text(page, `${r} [data-testid=dose]`), fmtMicroSv(s.doseMicroSv));
      }
      assert.equal(
        await text(page, '[data-testid=ambient-start]'),
        fmtMicroSvPerHour(dose.ambientDoseRateAt1m.atSurgeryStartMicroSvPerHour),
      );
      assert.equal(
        await text(page, '[data-testid=pregnancy-limit]'),
        `${dose.pregnancy.limitMilliSv.value} mSv`,
      );
      for (const c of dose.pregnancy.checks) {
        const line = await text(page, `[data-testid="pregnancy-${c.role}"]`);
        assert.ok(line.includes(fmtMicroSv(c.doseThisOperationMilliSv * 1000)), line);
        assert.ok(line.includes(c.withinLimit ? 'within the limit' : 'EXCEEDS'), line);
      }
      const sources = await text(page, '[data-testid=dose-sources]');
      for (const source of [
        dose.doseRateConstant.source,
        dose.selfAttenuation.source,
        dose.sourceDepthCm.source,
        dose.pregnancy.limitMilliSv.source,
      ]) {
        assert.ok(sources.includes(source), `source shown: ${source}`);
      }

      // The plan sheet: the PDF endpoint answers for the same body.
      const pdf = page.waitForResponse((r) => r.url().endsWith('/api/planning/plan.pdf'));
      await page.getByTestId('plan-pdf').click();
      const pdfResponse = await pdf;
      assert.equal(pdfResponse.status(), 200);
      assert.equal(pdfResponse.headers()['content-type'], 'application/pdf');

      // The client's own rule: depth is to the lesion centre, not less than the radius.
      await page.locator('input[name=lesion-0-depthCm]').fill('0.5');
      await page.getByTestId('run-plan').click();
      assert.match(await text(page, '[data-testid="error-lesions.0.depthCm"]'), /less than the radius/);
      await page.locator('input[name=lesion-0-depthCm]').fill('1');

      // The server's 400 names the body path, and the panel shows it at the field: In-111 with the
      // high-energy probe (no window for In-111, docs/planning.md §4).
      await page.locator('select[name=planTracer]').selectOption('in111-pentetreotide');
      await page.locator('select[name=planProbe]').selectOption('high-energy-511');
      await page.getByTestId('run-plan').click();
      await page.getByTestId('error-probe').waitFor();
      assert.match(await text(page, '[data-testid=plan-errors]'), /body\.probe: /);
      assert.equal(await page.getByTestId('case-plan-results').count(), 0);
      assert.deepEqual(
        watched.errors.filter((e) => !/^POST \/api\/planning\/(plan|dose) → 400$/.test(e)),
        [],
      );
    } finally {
      await context.close();
    }
  });
  test('the Planning page is the same form (no JSON box): the example plans, a bad field is named, no stale result', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const watched = watchPage(page);
    try {
      await signIn(page, server.url);
      await page.goto(`${server.url}/#/planning`);
      await page.getByTestId('case-plan').waitFor();
      assert.equal(await page.locator('textarea').count(), 0, 'no raw PLAN.json text box');
      assert.equal(await page.locator('input[name=lesion-2-label]').inputValue(), 'liver met');
      await page.getByTestId('run-plan').click();
      await page.getByTestId('case-plan-results').waitFor();
      // The tracer keeps its case in the result heading (text-transform would print 99MTC).
      const heading = await page.locator('[data-testid=plan-result] h3').innerText();
      assert.match(heading, /99mTc/);
      const sources = await text(page, '[data-testid=dose-sources]');
      assert.doesNotMatch(sources, /\d\.\d{5,}/, 'no unrounded figure among the sources');
      assert.doesNotMatch(sources, /\d 1 \(/, 'a dimensionless value has no unit "1"');

      // A lesion without its uptake ratio: named at its field, and the old result goes away.
      await page.getByTestId('plan-add-lesion').click();
      await page.locator('input[name=lesion-3-label]').fill('peritoneal nodule');
      await page.locator('input[name=lesion-3-diameterMm]').fill('8');
      await page.locator('input[name=lesion-3-depthCm]').fill('1');
      await page.locator('select[name=lesion-3-nearbyOrgan]').selectOption('none');
      await page.getByTestId('run-plan').click();
      assert.equal(
        await text(page, '[data-testid="error-lesions.3.uptakeRatio"]'),
        'Lesion peritoneal nodule: uptake ratio is required.',
      );
      assert.equal(await page.getByTestId('case-plan-results').count(), 0, 'no stale result under an error');
      assert.deepEqual(watched.errors, []);
    } finally {
      await context.close();
    }
  });
});
