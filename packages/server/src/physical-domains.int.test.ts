// Issue 14 points 2 and 3: physical quantities bounded at the edge, decay correction refused where it
// would overflow, no non-finite number stored (store guard too), and no stored row can lock a case.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StoreError } from '@openrgs/store';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { sql } from 'kysely';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

const TRACER = {
  agent: '99mTc-EDDA/HYNIC-TOC',
  nuclide: 'Tc-99m',
  activityMBq: 600,
  administeredAt: '2025-03-04T06:00:00Z',
};

for (const engine of TEST_ENGINES) {
  describe(`physical domains on ${engine}`, () => {
    let t: TestApp;
    let key = 0;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    async function newCase(extra: Record<string, unknown> = {}, tracer = TRACER): Promise<string> {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: `case ${key++}`, ...extra },
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = (res.json() as { id: string }).id;
      const given = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${id}/tracer-administrations`,
        headers: as(t.tokens['nuclear-medicine']),
        payload: tracer,
      });
      assert.equal(given.statusCode, 201, given.body);
      return id;
    }

    const measure = (caseId: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/measurements`,
        headers: as(t.tokens.surgeon, { 'idempotency-key': `key-0000-${key++}` }),
        payload: { kind: 'in-vivo', siteLabel: 'ileum', counts: 100, durationSeconds: 2, ...body },
      });

    test('a 1e-310 s count is refused naming the field', async () => {
      const caseId = await newCase();
      const res = await measure(caseId, { durationSeconds: 1e-310, measuredAt: '2025-03-04T09:00:00Z' });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(errorOf(res).path, 'body.durationSeconds');
    });

    test('times outside 1970–2199 and sub-0.01 MBq activities are refused', async () => {
      const kase = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: 'year one', decayReferenceTime: '0001-01-01T00:00:00Z' },
      });
      assert.equal(kase.statusCode, 400, kase.body);
      assert.equal(errorOf(kase).path, 'body.decayReferenceTime');
      const caseId = await newCase();
      const tracer = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/tracer-administrations`,
        headers: as(t.tokens['nuclear-medicine']),
        payload: { ...TRACER, activityMBq: 1e-300 },
      });
      assert.equal(tracer.statusCode, 400, tracer.body);
      assert.equal(errorOf(tracer).path, 'body.activityMBq');
    });

    test('a count two years after its Tc-99m tracer is refused (too many half-lives), nothing stored', async () => {
      const caseId = await newCase({}, { ...TRACER, administeredAt: '2023-03-04T06:00:00Z' });
      const res = await measure(caseId, { measuredAt: '2025-03-04T09:00:00Z' });
      assert.equal(res.statusCode, 400, res.body);
      const error = errorOf(res);
      assert.equal(error.path, 'body.measuredAt');
      assert.match(error.message, /half-lives of Tc-99m/);
      // A reference 2 years before the count, set on the case, is refused the same way.
      const far = await newCase({ decayReferenceTime: '2023-03-04T06:00:00Z' });
      const res2 = await measure(far, { measuredAt: '2025-03-04T09:00:00Z' });
      assert.equal(res2.statusCode, 400, res2.body);
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/measurements`,
        headers: as(t.tokens.viewer),
      });
      assert.deepEqual(list.json(), []);
    });

    test('the store refuses to write a non-finite number whatever the derivation says', async () => {
      const caseId = await newCase();
      await assert.rejects(
        t.store.measurements.record(
          { userId: null, username: 'test' },
          {
            caseId,
            idempotencyKey: 'infinite-1',
            requestHash: 'h',
            input: {
              kind: 'in-vivo',
              siteLabel: 'x',
              counts: 1,
              durationSeconds: 1,
              measuredAt: '2025-03-04T09:00:00Z',
              source: 'manual',
            },
            derive: () => ({
              rateCps: Number.POSITIVE_INFINITY,
              rateLowCps: 0,
              rateHighCps: 1,
              decayCorrectedRateCps: null,
              decayReferenceTime: null,
              nuclide: null,
              halfLifeSeconds: null,
              backgroundModel: null,
              ratio: null,
              verdict: 'undecided',
              evidence: 'x',
            }),
          },
        ),
        (error: unknown) => error instanceof StoreError && error.code === 'invalid',
      );
    });

    test('a stored implausible row does not lock the case and can be retracted', async () => {
      const caseId = await newCase();
      const bg = await measure(caseId, {
        kind: 'background',
        siteLabel: 'liver',
        counts: 400,
        durationSeconds: 10,
        measuredAt: '2025-03-04T09:00:00Z',
      });
      assert.equal(bg.statusCode, 201, bg.body);
      const bgId = (bg.json() as { id: string }).id;
      // As written by a version before the edge refused it: 1e-310 s, a rate of Infinity.
      await sql`update measurements set duration_seconds = ${1e-310}, rate_cps = ${Number.POSITIVE_INFINITY} where id = ${bgId}`.execute(
        t.store.db.withoutPlugins(),
      );
      const next = await measure(caseId, { measuredAt: '2025-03-04T09:05:00Z' });
      assert.equal(next.statusCode, 201, next.body);
      const m = next.json() as { warnings: string[]; verdict: string };
      assert.equal(m.verdict, 'undecided');
      assert.ok(
        m.warnings.some((w) => w.includes("'liver' left out")),
        JSON.stringify(m.warnings),
      );
      const exVivo = await measure(caseId, { kind: 'ex-vivo', measuredAt: '2025-03-04T09:06:00Z' });
      assert.equal(exVivo.statusCode, 201, exVivo.body);
      const listed = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/measurements`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(listed.statusCode, 200, listed.body);

      const noReason = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/measurements/${bgId}/retract`,
        headers: as(t.tokens.surgeon),
        payload: { reason: '' },
      });
      assert.equal(noReason.statusCode, 400, noReason.body);
      const viewer = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/measurements/${bgId}/retract`,
        headers: as(t.tokens.viewer),
        payload: { reason: 'x' },
      });
      assert.equal(viewer.statusCode, 403, viewer.body);
      const retract = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/measurements/${bgId}/retract`,
        headers: as(t.tokens.surgeon),
        payload: { reason: 'implausible count time written by an old version' },
      });
      assert.equal(retract.statusCode, 200, retract.body);
      const after = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/measurements`,
        headers: as(t.tokens.viewer),
      });
      const ids = (after.json() as { id: string }[]).map((r) => r.id);
      assert.ok(!ids.includes(bgId));
      assert.equal(ids.length, 2);
      const audit = await t.app.inject({
        method: 'GET',
        url: `/api/audit?caseId=${caseId}`,
        headers: as(t.tokens.admin),
      });
      assert.equal(audit.statusCode, 200, audit.body);
      assert.ok(audit.body.includes('measurement.retract'));
    });
  });
}
