// Issue 8 gating in the live workflow: a registered probe without a passing QC check today may start a
// live session only after an override with a reason, recorded for this case; the override is audited and
// appears in the case report.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { loadCaseRecord } from './domain/case-record.js';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`QC gate at live start on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    test('no passing check today → 409 naming the way; an audited override for the case opens it', async () => {
      const probe = (
        await t.app.inject({
          method: 'POST',
          url: '/api/probes',
          headers: as(t.tokens.admin),
          payload: { name: 'OR-2 probe', detector: 'gamma', serialNumber: 'SN-77' },
        })
      ).json() as { id: string };
      const kase = (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label: 'GATE-1' },
        })
      ).json() as { id: string };
      const start = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/stations/test-1/sessions',
          headers: as(t.tokens.surgeon),
          payload: { caseId: kase.id, probeId: probe.id },
        });

      const refused = await start();
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(errorOf(refused).path, 'body.probeId');
      assert.match(errorOf(refused).message, /QC gate: This probe has never had a QC check/);
      assert.match(errorOf(refused).message, new RegExp(`/api/probes/${probe.id}/qc/overrides`));

      const tooShort = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probe.id}/qc/overrides`,
        headers: as(t.tokens.surgeon),
        payload: { caseId: kase.id, reason: 'ok' },
      });
      assert.equal(tooShort.statusCode, 400);
      const override = await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probe.id}/qc/overrides`,
        headers: as(t.tokens.surgeon),
        payload: {
          caseId: kase.id,
          reason: 'check source out for recalibration; probe verified on the phantom',
        },
      });
      assert.equal(override.statusCode, 201, override.body);

      const started = await start();
      assert.equal(started.statusCode, 201, started.body);

      const audit = await t.app.inject({
        method: 'GET',
        url: `/api/audit?caseId=${kase.id}`,
        headers: as(t.tokens.admin),
      });
      assert.ok(
        (audit.json() as Array<{ action: string }>).some((a) => /override/.test(a.action)),
        audit.body,
      );
      const record = await loadCaseRecord(t.store, kase.id);
      assert.equal(
        record?.probe?.qc.overrideReason,
        'check source out for recalibration; probe verified on the phantom',
      );
    });

    test('the override of one case does not open the gate for another case', async () => {
      const probe = (
        await t.app.inject({
          method: 'POST',
          url: '/api/probes',
          headers: as(t.tokens.admin),
          payload: { name: 'OR-3 probe', detector: 'gamma' },
        })
      ).json() as { id: string };
      const [a, b] = await Promise.all(
        ['GATE-A', 'GATE-B'].map(
          async (label) =>
            (
              await t.app.inject({
                method: 'POST',
                url: '/api/cases',
                headers: as(t.tokens.surgeon),
                payload: { label },
              })
            ).json() as {
              id: string;
            },
        ),
      );
      await t.app.inject({
        method: 'POST',
        url: `/api/probes/${probe.id}/qc/overrides`,
        headers: as(t.tokens.surgeon),
        payload: { caseId: a?.id, reason: 'emergency case, no check source available' },
      });
      // End whatever session the first test left on the station, then try case B.
      for (const s of await t.store.live.listForCase(
        (await t.store.cases.list(10)).find((c) => c.label === 'GATE-1')?.id ?? '',
      )) {
        if (s.endedAt === null)
          await t.app.inject({
            method: 'POST',
            url: `/api/live-sessions/${s.id}/end`,
            headers: as(t.tokens.surgeon),
          });
      }
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/sessions',
        headers: as(t.tokens.surgeon),
        payload: { caseId: b?.id, probeId: probe.id },
      });
      assert.equal(refused.statusCode, 409, refused.body);
    });
  });
}
