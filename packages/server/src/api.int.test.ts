import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

const measurement = {
  kind: 'in-vivo',
  siteLabel: 'ileum',
  counts: 480,
  durationSeconds: 4,
  measuredAt: '2025-03-04T09:30:00+01:00',
};

for (const engine of TEST_ENGINES) {
  describe(`API on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    test('cases: create with only a label, read back', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: 'NET 1' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json() as { id: string };
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${id}`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(read.statusCode, 200);
      assert.equal((read.json() as { label: string; resectionStatus: string }).label, 'NET 1');
      assert.equal((read.json() as { resectionStatus: string }).resectionStatus, 'pending');
    });

    test('measurements: idempotent by key, decay-corrected against the tracer, audited', async () => {
      const kase = (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label: 'NET 2' },
        })
      ).json() as { id: string };
      const tracer = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/tracer-administrations`,
        headers: as(t.tokens['nuclear-medicine']),
        payload: {
          agent: '99mTc-EDDA/HYNIC-TOC',
          nuclide: 'Tc-99m',
          activityMBq: 600,
          administeredAt: '2025-03-04T04:30:00+01:00',
        },
      });
      assert.equal(tracer.statusCode, 201, tracer.body);
      const headers = as(t.tokens.surgeon, { 'idempotency-key': 'meas-0001-abc' });
      const first = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/measurements`,
        headers,
        payload: measurement,
      });
      assert.equal(first.statusCode, 201, first.body);
      const m = first.json() as Record<string, unknown>;
      assert.equal(m.rateCps, 120);
      assert.equal(m.measuredAt, '2025-03-04T08:30:00.000Z');
      assert.equal(m.nuclide, 'Tc-99m');
      // Worked by hand: T½(Tc-99m) = 6.0067 h = 21 624.12 s (LNHB/DDEP recommended data). The count
      // started 4 s before 08:30Z, 5 h − 4 s = 17 996 s after the administration: 17 996 / 21 624.12 =
      // 0.832219 half-lives, 2^0.832219 = 1.780422. Counting-interval factor λt/(1 − e^(−λt)) with
      // λt = ln 2 · 4 / 21 624.12 = 1.2822e-4 is 1 + λt/2 = 1.0000641. 120 × 1.780422 × 1.0000641 = 213.6643.
      const expected = 213.6643;
      assert.ok(
        Math.abs((m.decayCorrectedRateCps as number) - expected) < 1e-6 * expected,
        `${m.decayCorrectedRateCps} vs ${expected}`,
      );
      assert.equal(m.decayReferenceTime, '2025-03-04T03:30:00.000Z');
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/measurements`,
        headers,
        payload: measurement,
      });
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal((again.json() as { id: string }).id, m.id);
      const different = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/measurements`,
        headers,
        payload: { ...measurement, counts: 481 },
      });
      assert.equal(different.statusCode, 422);
      assert.equal(errorOf(different).path, 'header.Idempotency-Key');
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${kase.id}/measurements`,
        headers: as(t.tokens.viewer),
      });
      assert.equal((list.json() as unknown[]).length, 1);
      const audit = await t.app.inject({
        method: 'GET',
        url: `/api/audit?caseId=${kase.id}`,
        headers: as(t.tokens.surgeon),
      });
      assert.equal(audit.statusCode, 200);
      const actions = (audit.json() as { action: string; actor: { username: string } }[]).map(
        (r) => r.action,
      );
      assert.deepEqual(actions, ['case.create', 'tracer-administration.create', 'measurement.create']);
    });

    test('lesions, specimens, links, resection status, sign-off locks and reopen unlocks', async () => {
      const h = as(t.tokens.surgeon);
      const kase = (
        await t.app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: { label: 'NET 3' } })
      ).json() as { id: string };
      const lesion = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/lesions`,
        headers: h,
        payload: {
          label: 'L1',
          location: 'mesentery',
          sizeMm: 8,
          preopModality: 'Ga-68 DOTATATE PET/CT',
          preopImagingStatus: 'not-seen',
        },
      });
      assert.equal(lesion.statusCode, 201, lesion.body);
      const lesionId = (lesion.json() as { id: string }).id;
      const specimen = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/specimens`,
        headers: h,
        payload: { label: 'S1', lesionId },
      });
      assert.equal(specimen.statusCode, 201, specimen.body);
      const specimenId = (specimen.json() as { id: string }).id;
      const m = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/measurements`,
        headers: as(t.tokens.surgeon, { 'idempotency-key': 'exvivo-0001' }),
        payload: { ...measurement, kind: 'ex-vivo', siteLabel: 'S1 ex vivo' },
      });
      const mId = (m.json() as { id: string }).id;
      const linked = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${kase.id}/measurements/${mId}`,
        headers: h,
        payload: { lesionId, specimenId },
      });
      assert.equal(linked.statusCode, 200, linked.body);
      assert.equal((linked.json() as { specimenId: string }).specimenId, specimenId);
      const path = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${kase.id}/lesions/${lesionId}`,
        headers: h,
        payload: {
          rgsResult: 'positive',
          pathologyResult: 'net-confirmed',
          pathologyGrade: 'G1',
          ki67Percent: 1.5,
          marginStatus: 'clear',
        },
      });
      assert.equal(path.statusCode, 200, path.body);
      const r0 = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        headers: h,
        payload: { resectionStatus: 'R0' },
      });
      assert.equal((r0.json() as { resectionStatus: string }).resectionStatus, 'R0');
      const signed = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/sign-off`,
        headers: h,
        payload: { statement: 'findings complete' },
      });
      assert.equal(signed.statusCode, 200, signed.body);
      const locked = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/notes`,
        headers: h,
        payload: { text: 'late note' },
      });
      assert.equal(locked.statusCode, 409);
      assert.equal((locked.json() as { error: { code: string } }).error.code, 'case-signed-off');
      const viewerReopen = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/reopen`,
        headers: as(t.tokens.viewer),
        payload: { reason: 'x' },
      });
      assert.equal(viewerReopen.statusCode, 403);
      const reopened = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/reopen`,
        headers: h,
        payload: { reason: 'pathology addendum' },
      });
      assert.equal(reopened.statusCode, 200, reopened.body);
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/cases/${kase.id}/notes`,
            headers: h,
            payload: { text: 'addendum: Ki-67 < 2 %' },
          })
        ).statusCode,
        201,
      );
      const detail = (
        await t.app.inject({ url: `/api/cases/${kase.id}`, headers: as(t.tokens.viewer) })
      ).json() as {
        lesions: { pathologyGrade: string; preopImagingStatus: string }[];
        specimens: unknown[];
        notes: unknown[];
        measurementCount: number;
      };
      assert.equal(detail.lesions[0]?.pathologyGrade, 'G1');
      assert.equal(detail.lesions[0]?.preopImagingStatus, 'not-seen');
      assert.equal(detail.specimens.length, 1);
      assert.equal(detail.notes.length, 1);
      assert.equal(detail.measurementCount, 1);
      const actions = (
        (await t.app.inject({ url: `/api/audit?caseId=${kase.id}`, headers: h })).json() as {
          action: string;
        }[]
      ).map((r) => r.action);
      assert.deepEqual(actions, [
        'case.create',
        'lesion.create',
        'specimen.create',
        'measurement.create',
        'measurement.link',
        'lesion.update',
        'case.update',
        'case.sign-off',
        'case.reopen',
        'note.create',
      ]);
    });

    test('manual measurements get a verdict from the case background (k-sigma, k = 3)', async () => {
      const kase = (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label: 'NET 4' },
        })
      ).json() as { id: string };
      const post = (key: string, body: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/cases/${kase.id}/measurements`,
          headers: as(t.tokens.surgeon, { 'idempotency-key': key }),
          payload: { ...measurement, ...body },
        });
      const none = (await post('kbg-none-1', { counts: 400, durationSeconds: 10 })).json() as {
        verdict: string;
        evidence: string;
      };
      assert.equal(none.verdict, 'undecided');
      assert.match(none.evidence, /no background measured/);
      for (const [i, counts] of [200, 220, 180].entries()) {
        const bg = await post(`kbg-${i}-xyz`, {
          kind: 'background',
          siteLabel: `bg ${i}`,
          counts,
          durationSeconds: 10,
        });
        assert.equal((bg.json() as { verdict: string }).verdict, 'undecided');
      }
      // Background ≈ 20 cps: 10 s at 100 cps is far above mean + 3 SD; 10 s at 20 cps is not.
      const hot = (await post('khot-1-xyz', { counts: 1000, durationSeconds: 10 })).json() as {
        verdict: string;
        ratio: number;
        backgroundModel: { sites: number };
      };
      assert.equal(hot.verdict, 'positive');
      assert.equal(hot.backgroundModel.sites, 3);
      assert.ok(Math.abs(hot.ratio - 5) < 0.01, `T/B ${hot.ratio}`);
      const cold = (await post('kcold-1-xyz', { counts: 200, durationSeconds: 10 })).json() as {
        verdict: string;
      };
      assert.equal(cold.verdict, 'negative');
    });
  });
}
