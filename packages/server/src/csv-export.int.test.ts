// CSV export of a case's measurements (issue 14 point 8): every row is labelled with the decay reference
// stored with that measurement, not the case's current one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { parse } from 'csv-parse/sync';
import { as, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`measurements CSV on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(() => t.close());

    async function post(url: string, payload: unknown, token: string | undefined, key?: string) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: as(token, key === undefined ? {} : { 'idempotency-key': key }),
        payload: payload as Record<string, unknown>,
      });
      assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
      return res.json() as Record<string, unknown>;
    }

    async function csvRows(caseId: string): Promise<Array<Record<string, string>>> {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/measurements.csv`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(res.statusCode, 200, res.body);
      return parse(res.body, { columns: true }) as Array<Record<string, string>>;
    }

    test('each row names the reference its decay-corrected rate was corrected to, after the case reference changed', async () => {
      const kase = await post('/api/cases', { label: 'CSV-REF-1' }, t.tokens.surgeon);
      const caseId = kase.id as string;
      await post(
        `/api/cases/${caseId}/tracer-administrations`,
        {
          agent: '99mTc-EDDA/HYNIC-TOC',
          nuclide: 'Tc-99m',
          activityMBq: 600,
          administeredAt: '2025-03-04T04:30:00+01:00',
        },
        t.tokens['nuclear-medicine'],
      );
      const measurement = {
        kind: 'in-vivo',
        siteLabel: 'ileum',
        counts: 480,
        durationSeconds: 4,
        measuredAt: '2025-03-04T09:30:00+01:00',
      };
      // First measurement: corrected to the tracer administration (03:30Z).
      const first = await post(
        `/api/cases/${caseId}/measurements`,
        measurement,
        t.tokens.surgeon,
        'csv-ref-0001',
      );
      assert.equal(first.decayReferenceTime, '2025-03-04T03:30:00.000Z');
      // The case reference moves to 07:00Z; a second, identical count is corrected to that.
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        headers: as(t.tokens.surgeon),
        payload: { decayReferenceTime: '2025-03-04T07:00:00Z' },
      });
      assert.equal(patch.statusCode, 200, patch.body);
      const second = await post(
        `/api/cases/${caseId}/measurements`,
        { ...measurement, siteLabel: 'jejunum' },
        t.tokens.surgeon,
        'csv-ref-0002',
      );
      assert.equal(second.decayReferenceTime, '2025-03-04T07:00:00.000Z');

      const rows = await csvRows(caseId);
      const byId = new Map(rows.map((r) => [r.measurementId, r]));
      const r1 = byId.get(first.id as string);
      const r2 = byId.get(second.id as string);
      assert.ok(r1 && r2);
      // Before the fix both rows said 07:00Z, the case's current reference (issue: "a rate corrected to
      // 15:38 is labelled 17:38").
      assert.equal(r1.decayReferenceTime, '2025-03-04T03:30:00.000Z');
      assert.equal(r2.decayReferenceTime, '2025-03-04T07:00:00.000Z');
      // The labels agree with the values: the same count corrected 3.5 h further back is larger by
      // 2^(3.5 h / T½), T½(Tc-99m) = 6.0067 h (LNHB/DDEP recommended data): 2^0.582683 = 1.497632.
      const ratio = Number(r1.decayCorrectedRateCps) / Number(r2.decayCorrectedRateCps);
      assert.ok(Math.abs(ratio - 1.497632) < 1e-5, `ratio ${ratio}`);
      // The FHIR export labels each decay-corrected component the same way.
      const fhir = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/fhir`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(fhir.statusCode, 200, fhir.body);
      const labels = JSON.stringify(fhir.json()).match(/Count rate decay-corrected to [^"]+/g) ?? [];
      assert.deepEqual([...new Set(labels)].sort(), [
        'Count rate decay-corrected to 2025-03-04T03:30:00.000Z',
        'Count rate decay-corrected to 2025-03-04T07:00:00.000Z',
      ]);
    });
  });
}
