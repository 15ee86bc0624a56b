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
      // 5 h after administration (count started 4 s before 08:30Z): factor exp(ln2·t/T½)·x/(1−e^−x), T½ = 6.0067 h (LNHB).
      const lambda = Math.LN2 / (6.0067 * 3600);
      const elapsed = 5 * 3600 - 4;
      const x = lambda * 4;
      const expected = 120 * Math.exp(lambda * elapsed) * (x / -Math.expm1(-x));
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
  });
}
