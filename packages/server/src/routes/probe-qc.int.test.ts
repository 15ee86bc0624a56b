import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getNuclide } from '@openrgs/physics';
import { EXAMPLE_FILES } from '@openrgs/qc';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, errorOf, type TestApp, testApp } from '../test-support.js';

const DAY_MS = 86_400_000;
const CHECKLIST = { 'visual-inspection': 'ok', battery: 'ok', cable: 'ok', audio: 'ok' };

// The Co-57 source was certified 100 days before the test run at 0.185 MBq; baseline 5,000 cps/MBq,
// so the expected rate today is 5,000 × 0.185 × 2^(−100 d / T½) (T½ from @openrgs/physics, LNHB).
function expectedCpsAt(calibratedMs: number, atMs: number): number {
  const halfLifeMs = getNuclide('Co-57').halfLifeSeconds * 1000;
  return 5000 * 0.185 * 2 ** (-(atMs - calibratedMs) / halfLifeMs);
}

for (const engine of TEST_ENGINES) {
  describe(`probe QC API on ${engine}`, () => {
    let t: TestApp;
    let probeId: string;
    const calibratedMs = Date.now() - 100 * DAY_MS;
    before(async () => {
      t = await testApp(engine);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/probes',
        headers: as(t.tokens.admin),
        payload: { name: `QC-${engine}`, detector: 'gamma' },
      });
      assert.equal(res.statusCode, 201, res.body);
      probeId = (res.json() as { id: string }).id;
    });
    after(async () => t.close());

    const profile = () => ({
      detectorMaterial: 'CdZnTe',
      energyWindows: [{ label: 'Tc-99m', lowerKeV: 120, upperKeV: null }],
      deadTimeSeconds: 4e-6,
      referenceSource: {
        nuclide: 'Co-57',
        activityMBq: 0.185,
        calibratedAt: new Date(calibratedMs).toISOString(),
        serial: 'CS-77',
      },
      baselineCpsPerMBq: 5000,
      baselineMeasuredAt: new Date(calibratedMs).toISOString(),
      constancyTolerance: { warnPercent: 5, failPercent: 10 },
      constancyCountSeconds: 10,
      maxBackgroundCps: 10,
      referenceBackgroundCps: 1.5,
      manufacturerFigures: { sensitivityCpsPerMBq: 20000, spatialFwhmMm: 17 },
      baselineFigures: { spatialFwhmMm: 18 },
    });

    test('only physicist and admin set the QC profile; everyone reads it', async () => {
      const denied = await t.app.inject({
        method: 'PUT',
        url: `/api/probes/${probeId}/qc/profile`,
        headers: as(t.tokens.surgeon),
        payload: profile(),
      });
      assert.equal(denied.statusCode, 403);
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/probes/${probeId}/qc/profile`,
        headers: as(t.tokens.physicist),
        payload: profile(),
      });
      assert.equal(put.statusCode, 200, put.body);
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${probeId}/qc/profile`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(read.statusCode, 200);
      assert.equal(
        (read.json() as { profile: { referenceSource: { nuclide: string } } }).profile.referenceSource
          .nuclide,
        'Co-57',
      );
      const bad = await t.app.inject({
        method: 'PUT',
        url: `/api/probes/${probeId}/qc/profile`,
        headers: as(t.tokens.physicist),
        payload: { ...profile(), referenceSource: { ...profile().referenceSource, nuclide: 'Xx-999' } },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad).path, 'body.referenceSource.nuclide');
    });

    test('gate before any check: override required; an override needs live:operate and a reason', async () => {
      const gate = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${probeId}/qc/gate?timeZone=UTC`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(gate.statusCode, 200);
      assert.deepEqual((gate.json() as { reasons: string[] }).reasons, ['no-check-ever']);
      const kase = (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label: 'QC gate case' },
        })
      ).json() as { id: string };
      const viewer = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/overrides`,
        headers: as(t.tokens.viewer),
        payload: { caseId: kase.id, reason: 'urgent', timeZone: 'UTC' },
      });
      assert.equal(viewer.statusCode, 403);
      const short = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/overrides`,
        headers: as(t.tokens.surgeon),
        payload: { caseId: kase.id, reason: 'no', timeZone: 'UTC' },
      });
      assert.equal(short.statusCode, 400);
      const ok = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/overrides`,
        headers: as(t.tokens.surgeon),
        payload: { caseId: kase.id, reason: 'check source locked away; emergency list', timeZone: 'UTC' },
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${probeId}/qc/overrides?caseId=${kase.id}`,
        headers: as(t.tokens.viewer),
      });
      assert.equal((list.json() as unknown[]).length, 1);
      const audit = await t.store.audit.list({ caseId: kase.id, limit: 100 });
      assert.ok(audit.some((a) => a.action === 'probe-qc.override'));
    });

    test('constancy checks: computed by the server, recorded by physicists only, gate follows them', async () => {
      const at = Date.now() - 1;
      const expected = expectedCpsAt(calibratedMs, at);
      const post = (token: string | undefined, counts: number) =>
        t.app.inject({
          method: 'POST',
          url: `/api/probes/${probeId}/qc/checks`,
          headers: as(token),
          payload: {
            checkedAt: new Date(at).toISOString(),
            measuredCounts: counts,
            countSeconds: 10,
            checklist: CHECKLIST,
          },
        });
      assert.equal((await post(t.tokens.surgeon, 1000)).statusCode, 403);
      const failed = await post(t.tokens.physicist, Math.round(expected * 10 * 0.85));
      assert.equal(failed.statusCode, 201, failed.body);
      const f = failed.json() as { result: string; deviationPercent: number; expectedCps: number };
      assert.equal(f.result, 'fail');
      assert.ok(Math.abs(f.expectedCps - expected) < 1e-6 * expected);
      assert.ok(Math.abs(f.deviationPercent + 15) < 0.1);
      let gate = (
        await t.app.inject({
          method: 'GET',
          url: `/api/probes/${probeId}/qc/gate?timeZone=UTC`,
          headers: as(t.tokens.viewer),
        })
      ).json() as { requiresOverride: boolean; reasons: string[] };
      assert.equal(gate.requiresOverride, true);
      assert.ok(gate.reasons.includes('last-check-failed'));
      assert.equal((await t.store.probes.get(probeId))?.qcStatus, 'fail');

      const passed = await post(t.tokens.admin, Math.round(expected * 10));
      assert.equal((passed.json() as { result: string }).result, 'pass');
      gate = (
        await t.app.inject({
          method: 'GET',
          url: `/api/probes/${probeId}/qc/gate?timeZone=UTC`,
          headers: as(t.tokens.viewer),
        })
      ).json() as { requiresOverride: boolean; reasons: string[] };
      assert.equal(gate.requiresOverride, false);
      const needless = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/overrides`,
        headers: as(t.tokens.surgeon),
        payload: { caseId: null, reason: 'just in case', timeZone: 'UTC' },
      });
      assert.equal(needless.statusCode, 409);

      const chart = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${probeId}/qc/chart`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(chart.statusCode, 200);
      const c = chart.json() as { points: unknown[]; toleranceBands: { fail: number[] } };
      assert.equal(c.points.length, 2);
      assert.deepEqual(c.toleranceBands.fail, [-10, 10]);

      // Void the failed one; it disappears from the list unless asked for.
      const id = (failed.json() as { id: string }).id;
      const voided = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/checks/${id}/void`,
        headers: as(t.tokens.physicist),
        payload: { reason: 'source not seated in the jig' },
      });
      assert.equal(voided.statusCode, 200, voided.body);
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${probeId}/qc/checks`,
        headers: as(t.tokens.viewer),
      });
      assert.equal((list.json() as unknown[]).length, 1);
    });

    test('bad check input is refused with the field named', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/checks`,
        headers: as(t.tokens.physicist),
        payload: {
          checkedAt: '2026-11-26 08:00',
          measuredCounts: 10.5,
          countSeconds: 10,
          checklist: CHECKLIST,
        },
      });
      assert.equal(res.statusCode, 400);
      assert.match(errorOf(res).path ?? '', /body\.(checkedAt|measuredCounts)/);
    });

    test('NEMA tests from CSV: recorded with the CSV and the verdict; bad CSV names its line', async () => {
      const csv = EXAMPLE_FILES['resolution.csv']!();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/tests`,
        headers: as(t.tokens.physicist),
        payload: {
          test: 'resolution',
          purpose: 'acceptance',
          performedAt: '2026-11-26T10:00:00+01:00',
          csv,
          options: { background: { kind: 'edges', points: 3 } },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const rec = res.json() as {
        mainValue: number;
        mainUnit: string;
        meetsCriterion: boolean;
        dataCsv: string;
      };
      assert.ok(Math.abs(rec.mainValue / 18.84 - 1) < 0.03);
      assert.equal(rec.mainUnit, 'mm');
      assert.equal(rec.meetsCriterion, true);
      assert.equal(rec.dataCsv, csv);
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probeId}/qc/tests`,
        headers: as(t.tokens.physicist),
        payload: {
          test: 'angular',
          purpose: 'periodic',
          performedAt: '2026-11-26T10:00:00Z',
          csv: 'angleDeg,counts\n0,10\n5,x\n',
        },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad).path, 'body.csv.line.3');
      assert.match(errorOf(bad).message, /^csv: line 3: counts 'x' is not a number/);
      // One issue: the body has no list, only code, message and path.
      assert.deepEqual(Object.keys(errorOf(bad)), ['code', 'message', 'path']);
      assert.equal(errorOf(bad).code, 'validation');
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${probeId}/qc/report.pdf`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(pdf.statusCode, 200);
      assert.match(String(pdf.headers['content-type']), /application\/pdf/);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    test('a new probe (no profile, no checks, no tests): an empty chart that says why and a QC PDF that says so', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/probes',
        headers: as(t.tokens.admin),
        payload: { name: `QC-new-${engine}`, detector: 'gamma' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = (created.json() as { id: string }).id;
      const chart = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${id}/qc/chart`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(chart.statusCode, 200, chart.body);
      const body = chart.json() as { points: unknown[]; limits: unknown; warnings: string[] };
      assert.deepEqual(body.points, []);
      assert.equal(body.limits, null);
      assert.match(body.warnings[0] ?? '', /no constancy checks recorded yet/);
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/probes/${id}/qc/report.pdf`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const check = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${id}/qc/checks`,
        headers: as(t.tokens.physicist),
        payload: {
          checkedAt: new Date().toISOString(),
          measuredCounts: 100,
          countSeconds: 10,
          checklist: CHECKLIST,
        },
      });
      assert.equal(check.statusCode, 409);
      assert.match(errorOf(check).message, /no reference source or baseline/);
    });

    test('unknown probe: 404 naming it', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/probes/00000000-0000-4000-8000-000000000009/qc/gate',
        headers: as(t.tokens.viewer),
      });
      assert.equal(res.statusCode, 404);
    });
  });
}
