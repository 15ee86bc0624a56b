// A PATCH that changes nothing writes nothing (issue 14 point 13): every PATCH route, given the values
// the record already has, answers 200 with the unchanged record (updatedAt too) and appends no audit
// row; the same route with a real change does append one (so the count is not merely stuck). Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, type TestApp, testApp } from './test-support.js';

type Json = Record<string, unknown>;

for (const engine of TEST_ENGINES) {
  describe(`no-op PATCH on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    const auditCount = async () => (await t.store.audit.list({ limit: 10_000 })).length;
    const call = async (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Json) => {
      const res = await t.app.inject({
        method,
        url,
        headers: as(t.tokens.admin),
        ...(payload === undefined ? {} : { payload }),
      });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json() as Json;
    };

    /** PATCH `same` → unchanged, no audit row; PATCH `change` → one or more audit rows. */
    async function check(url: string, original: Json, same: Json, change: Json): Promise<void> {
      const before = await auditCount();
      const res = await t.app.inject({ method: 'PATCH', url, headers: as(t.tokens.admin), payload: same });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      const body = res.json() as Json;
      for (const [field, value] of Object.entries(original)) {
        assert.deepEqual(body[field], value, `${url}: ${field} unchanged`);
      }
      assert.equal(await auditCount(), before, `${url}: no audit row for a PATCH that changes nothing`);
      await call('PATCH', url, change);
      assert.ok((await auditCount()) > before, `${url}: a real change is audited`);
    }

    test('case, lesion, specimen, measurement link, patient, probe and user', async () => {
      const patient = await call('POST', '/api/patients', {
        pseudonym: 'P-noop',
        sex: 'female',
        birthYear: 1970,
        identity: { givenName: 'Ana' },
      });
      const kase = await call('POST', '/api/cases', { label: 'NOOP-1', indication: 'ileal NET' });
      const caseUrl = `/api/cases/${String(kase.id)}`;
      await check(
        caseUrl,
        kase,
        { label: 'NOOP-1', indication: 'ileal NET' },
        { indication: 'ileal NET, G2' },
      );

      const lesion = await call('POST', `${caseUrl}/lesions`, { label: 'L1', sizeMm: 12 });
      await check(
        `${caseUrl}/lesions/${String(lesion.id)}`,
        lesion,
        { label: 'L1', sizeMm: 12 },
        { sizeMm: 13 },
      );

      const specimen = await call('POST', `${caseUrl}/specimens`, { label: 'S1', description: 'node' });
      await check(
        `${caseUrl}/specimens/${String(specimen.id)}`,
        specimen,
        { description: 'node' },
        { description: 'node, 8 mm' },
      );

      const { measurement } = await t.store.measurements.record(
        { userId: null, username: 'test' },
        {
          caseId: String(kase.id),
          idempotencyKey: 'noop-m1',
          requestHash: 'noop-m1',
          input: {
            kind: 'ex-vivo',
            siteLabel: 'S1',
            counts: 500,
            durationSeconds: 10,
            measuredAt: '2026-11-26T09:00:00.000Z',
            source: 'manual',
          },
          derive: () => ({
            rateCps: 50,
            rateLowCps: null,
            rateHighCps: null,
            decayCorrectedRateCps: null,
            decayReferenceTime: null,
            nuclide: null,
            halfLifeSeconds: null,
            backgroundModel: null,
            ratio: null,
            verdict: 'undecided',
            evidence: 'test',
          }),
        },
      );
      const measurementUrl = `${caseUrl}/measurements/${measurement.id}`;
      const stored = await call('GET', measurementUrl);
      await check(measurementUrl, stored, { lesionId: null, specimenId: null }, { specimenId: specimen.id });

      await check(
        `/api/patients/${String(patient.id)}`,
        patient,
        { sex: 'female', birthYear: 1970, identity: { givenName: 'Ana' } },
        { identity: { givenName: 'Anna' } },
      );

      const probe = await call('POST', '/api/probes', { name: 'Probe N', detector: 'gamma', model: 'X1' });
      await check(
        `/api/probes/${String(probe.id)}`,
        probe,
        { name: 'Probe N', model: 'X1' },
        { model: 'X2' },
      );

      const users = (await call('GET', '/api/users')) as unknown as { id: string; username: string }[];
      const viewer = users.find((u) => u.username === 'u-viewer');
      assert.ok(viewer);
      const viewerRecord = (await call('PATCH', `/api/users/${viewer.id}`, { displayName: 'Vera' })) as Json;
      await check(
        `/api/users/${viewer.id}`,
        viewerRecord,
        { displayName: 'Vera', role: 'viewer', disabled: false },
        { displayName: 'Vera V.' },
      );
    });
  });
}
