// Issue 13 points 7 and 8 through the API: one canonical tracer however it is spelled (unknown spellings
// refused with the list), lesions filed by their coded site (the free-text location stays a note), and
// the FHIR export with the case's real pseudonymous Patient, or none — never a made-up identifier.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Observation, Patient, Procedure } from '@medplum/fhirtypes';
import { validateFhir } from '@openrgs/report';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

const HISTORIC = `caseLabel,tracer,lesion,site,imagingStatus,inVivoRatio,rgsResult,netConfirmed,resectionStatus
H1,Tc-99m-EDDA/HYNIC-TOC,H1a,small-bowel,seen,3.0,positive,yes,R0
H1,Tc-99m-EDDA/HYNIC-TOC,H1b,nodes,not-seen,2.1,positive,yes,R0
`;

for (const engine of TEST_ENGINES) {
  describe(`coded tracers, lesion sites and the patient on ${engine}`, () => {
    let t: TestApp;
    let caseId: string;
    const dir = mkdtempSync(join(tmpdir(), 'rgs-vocab-'));
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const send = (method: 'POST' | 'PATCH', url: string, payload: object, role = 'surgeon') =>
      t.app.inject({ method, url, headers: as(t.tokens[role]), payload });
    const tracer = (agent: string, nuclide = 'Tc-99m') =>
      send(
        'POST',
        `/api/cases/${caseId}/tracer-administrations`,
        { agent, nuclide, activityMBq: 600, administeredAt: '2026-11-20T08:00:00+01:00' },
        'nuclear-medicine',
      );

    test('a tracer spelling maps onto its canonical id; an unknown one is refused naming the list', async () => {
      caseId = ((await send('POST', '/api/cases', { label: 'VOCAB-1' })).json() as { id: string }).id;
      const demo = await tracer('Tc-99m-EDDA/HYNIC-TOC');
      assert.equal(demo.statusCode, 201, demo.body);
      assert.deepEqual(
        (({ agent, tracerId }) => ({ agent, tracerId }))(demo.json() as { agent: string; tracerId: string }),
        { agent: '99mTc-EDDA/HYNIC-TOC', tracerId: 'tc99m-hynic-toc' },
      );
      const unknown = await tracer('Tc-99m-HYNIC');
      assert.equal(unknown.statusCode, 400);
      assert.equal(errorOf(unknown).path, 'body.agent');
      assert.match(
        errorOf(unknown).message,
        /'Tc-99m-HYNIC' is not a known tracer; use one of .*99mTc-EDDA\/HYNIC-TOC \(tc99m-hynic-toc\)/,
      );
      assert.match(errorOf(unknown).message, /68Ga-DOTATATE \(ga68-dotatate\)/);
      const wrongNuclide = await tracer('68Ga-DOTATATE', 'Tc-99m');
      assert.equal(wrongNuclide.statusCode, 400);
      assert.equal(errorOf(wrongNuclide).path, 'body.nuclide');
      // An unknown nuclide: physics' one issue, worded at the field it came from (the whole body).
      const noSuchNuclide = await tracer('68Ga-DOTATATE', 'Tc-98m');
      assert.equal(noSuchNuclide.statusCode, 400);
      assert.deepEqual(Object.keys(errorOf(noSuchNuclide)), ['code', 'message', 'path']);
      assert.equal(errorOf(noSuchNuclide).code, 'validation');
      assert.equal(errorOf(noSuchNuclide).path, 'body.nuclide');
      assert.match(
        errorOf(noSuchNuclide).message,
        /^body\.nuclide: unknown nuclide 'Tc-98m'; known: .*Tc-99m/,
      );
    });

    test('a lesion is filed by its coded site, not its free-text location (registry and PDF)', async () => {
      const bad = await send('POST', `/api/cases/${caseId}/lesions`, { label: 'L0', siteCode: 'bowelz' });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad).path, 'body.siteCode');
      assert.match(errorOf(bad).message, /mesenteric-lymph-node/);
      const lesion = await send('POST', `/api/cases/${caseId}/lesions`, {
        label: 'Mesenteric node',
        siteCode: 'mesenteric-lymph-node',
        location: 'mesentery, SMA root',
        preopImagingStatus: 'not-seen',
      });
      assert.equal(lesion.statusCode, 201, lesion.body);
      await send('PATCH', `/api/cases/${caseId}`, { resectionStatus: 'R0' });
      assert.equal(
        (await send('POST', `/api/cases/${caseId}/sign-off`, { statement: 'complete' })).statusCode,
        200,
      );
      const imported = await send('POST', '/api/registry/import', { source: 'historic', csv: HISTORIC });
      assert.equal(imported.statusCode, 200, imported.body);

      const stats = (
        await t.app.inject({ url: '/api/registry/stats?replicates=100', headers: as(t.tokens.viewer) })
      ).json() as { groups: Array<{ tracer: string; site: string; lesions: number }> };
      const tracers = new Set(stats.groups.map((g) => g.tracer));
      assert.deepEqual([...tracers], ['99mTc-EDDA/HYNIC-TOC'], 'console and demo spellings are one group');
      const of = (site: string) => stats.groups.find((g) => g.site === site)?.lesions;
      assert.equal(of('all'), 3);
      assert.equal(of('nodes'), 2, 'the mesenteric node is counted with the nodes');
      assert.equal(of('bowel'), 1, 'and not with the bowel');

      const pdf = await t.app.inject({
        url: `/api/cases/${caseId}/report.pdf`,
        headers: as(t.tokens.viewer),
      });
      const file = join(dir, `report-${engine}.pdf`);
      writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-raw', file, '-']).toString().replace(/\s+/g, ' ');
      assert.match(text, /Mesentery \/ lymph node \(mesentery, SMA root\)/);
      assert.match(text, /99mTc-EDDA\/HYNIC-TOC, 600 MBq/);
    });

    test('FHIR: no patient linked → no Patient at all; a linked pseudonymous patient → that Patient', async () => {
      const fhir = async () =>
        (
          await t.app.inject({ url: `/api/cases/${caseId}/fhir`, headers: as(t.tokens.viewer) })
        ).json() as Bundle;
      const clean = (bundle: Bundle) =>
        validateFhir(bundle).filter((i) => !i.message.startsWith('Invalid reference: got "urn:uuid:'));
      const resources = (bundle: Bundle) => bundle.entry?.map((e) => e.resource) ?? [];

      const none = await fhir();
      assert.deepEqual(clean(none), []);
      assert.equal(resources(none).filter((r) => r?.resourceType === 'Patient').length, 0);
      assert.ok(!JSON.stringify(none).includes('"identifier":[{"system":"urn:openrgs:pseudonym"'));
      const procedure = resources(none).find((r): r is Procedure => r?.resourceType === 'Procedure');
      assert.deepEqual(procedure?.subject, { display: 'No patient linked to this case' });

      // The case is signed off; linking its patient is a correction: reopen, link, sign off again.
      await send('POST', `/api/cases/${caseId}/reopen`, { reason: 'link the patient' });
      const patient = await send('POST', '/api/patients', {
        pseudonym: 'PSN-4411',
        sex: 'female',
        birthYear: 1961,
      });
      assert.equal(patient.statusCode, 201, patient.body);
      const patientId = (patient.json() as { id: string }).id;
      const linked = await send('PATCH', `/api/cases/${caseId}`, { patientId });
      assert.equal(linked.statusCode, 200, linked.body);

      const bundle = await fhir();
      assert.deepEqual(clean(bundle), []);
      const entry = bundle.entry?.find((e) => e.resource?.resourceType === 'Patient');
      const p = entry?.resource as Patient;
      assert.deepEqual(p.identifier, [{ system: 'urn:openrgs:pseudonym', value: 'PSN-4411' }]);
      assert.equal(p.gender, 'female');
      assert.equal(p.birthDate, '1961');
      assert.equal(p.name, undefined, 'pseudonymous: no name');
      const obs = resources(bundle).filter((r): r is Observation => r?.resourceType === 'Observation');
      for (const o of obs) assert.equal(o.subject?.reference, entry?.fullUrl);
    });
  });
}
