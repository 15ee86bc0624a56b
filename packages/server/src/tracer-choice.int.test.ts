// Which tracer administration a measurement is decay-corrected against: the latest one given before
// the measurement ended — not the first of the case, not one given afterwards. Expected values worked
// by hand below from LNHB/DDEP half-lives (In-111: 2.8047 d; Tc-99m: 6.0067 h).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`decay correction picks the relevant tracer administration on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    test('two administrations before the measurement and one after: the latest before it counts', async () => {
      const kase = (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label: 'two tracers' },
        })
      ).json() as { id: string };
      const administrations = [
        {
          agent: '99mTc-EDDA/HYNIC-TOC',
          nuclide: 'Tc-99m',
          activityMBq: 600,
          administeredAt: '2025-03-04T03:30:00Z',
        },
        {
          agent: '111In-pentetreotide',
          nuclide: 'In-111',
          activityMBq: 200,
          administeredAt: '2025-03-04T07:00:00Z',
        },
        {
          agent: '99mTc-EDDA/HYNIC-TOC',
          nuclide: 'Tc-99m',
          activityMBq: 400,
          administeredAt: '2025-03-04T10:00:00Z',
        },
      ];
      for (const payload of administrations) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${kase.id}/tracer-administrations`,
          headers: as(t.tokens['nuclear-medicine']),
          payload,
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${kase.id}/measurements`,
        headers: as(t.tokens.surgeon, { 'idempotency-key': 'tracer-choice-0001' }),
        payload: {
          kind: 'in-vivo',
          siteLabel: 'ileum',
          counts: 480,
          durationSeconds: 4,
          measuredAt: '2025-03-04T08:30:00Z',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const m = res.json() as { nuclide: string; decayCorrectedRateCps: number; decayReferenceTime: string };
      assert.equal(m.nuclide, 'In-111');
      assert.equal(m.decayReferenceTime, '2025-03-04T07:00:00.000Z');
      // Worked by hand: the count started at 08:29:56Z, 5396 s after the In-111 administration;
      // T½ = 2.8047 d = 242 326.08 s; 5396 / 242 326.08 = 0.0222675 half-lives, 2^0.0222675 = 1.0155544.
      // Counting-interval factor 1 + λt/2 with λt = ln 2 · 4 / 242 326.08 = 1.1442e-5: 1.0000057.
      // 120 cps × 1.0155544 × 1.0000057 = 121.8672 cps. (Against the first, Tc-99m, administration it
      // would be 213.66 cps; against the one after the measurement, none.)
      assert.ok(Math.abs(m.decayCorrectedRateCps - 121.8672) < 1e-6 * 121.8672, `${m.decayCorrectedRateCps}`);
    });
  });
}
