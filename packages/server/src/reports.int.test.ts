// Issue 9 through the API: a closed case yields a PDF report, a FHIR bundle that validates against the
// R4 structure definitions, a CSV, and appears in the registry; historic CSV import is idempotent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Bundle } from '@medplum/fhirtypes';
import { REGISTRY_IMPORT_LIMIT_BYTES } from '@openrgs/api';
import { validateFhir } from '@openrgs/report';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

const HISTORIC = `caseLabel,tracer,lesion,site,imagingStatus,inVivoRatio,rgsResult,netConfirmed,resectionStatus
H1,Tc-99m-EDDA/HYNIC-TOC,H1a,bowel,seen,3.0,positive,yes,R0
H1,Tc-99m-EDDA/HYNIC-TOC,H1b,nodes,not-seen,2.1,positive,yes,R0
H2,Tc-99m-EDDA/HYNIC-TOC,H2a,pancreas,indeterminate,1.3,negative,no,R1
`;

for (const engine of TEST_ENGINES) {
  describe(`reports, FHIR and registry on ${engine}`, () => {
    let t: TestApp;
    let caseId: string;
    let surgeonId = '';
    const dir = mkdtempSync(join(tmpdir(), 'rgs-reports-'));
    before(async () => {
      t = await testApp(engine);
      // A person is named in documents by display name (here Cyrillic and accented), never by user id.
      const surgeon = (await t.store.users.list()).find((u) => u.username === 'u-surgeon');
      assert.ok(surgeon);
      surgeonId = surgeon.id;
      await t.store.users.update({ userId: null, username: 'test' }, surgeon.id, {
        displayName: 'Ирина Šťastná-Müller',
      });
      const post = async (
        url: string,
        payload: object,
        role = 'surgeon',
        headers: Record<string, string> = {},
      ) => {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: as(t.tokens[role], headers),
          payload,
        });
        assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
        return res.json() as { id: string };
      };
      caseId = (await post('/api/cases', { label: 'NET-REPORT-1', procedureDate: '2026-11-20' })).id;
      await post(
        `/api/cases/${caseId}/tracer-administrations`,
        {
          agent: 'Tc-99m-EDDA/HYNIC-TOC',
          nuclide: 'Tc-99m',
          activityMBq: 600,
          administeredAt: '2026-11-20T08:00:00+01:00',
        },
        'nuclear-medicine',
      );
      const lesion = await post(`/api/cases/${caseId}/lesions`, {
        label: 'mesenteric node 1',
        location: 'mesenteric lymph node',
        preopImagingStatus: 'not-seen',
      });
      const sites = [
        ['mesentery', 410],
        ['bowel wall', 470],
        ['liver edge', 380],
      ] as const;
      let i = 0;
      for (const [site, counts] of sites) {
        await post(
          `/api/cases/${caseId}/measurements`,
          {
            kind: 'background',
            siteLabel: site,
            counts,
            durationSeconds: 10,
            measuredAt: `2026-11-20T12:2${i}:00+01:00`,
          },
          'surgeon',
          { 'idempotency-key': `bg-key-${i++}` },
        );
      }
      await post(
        `/api/cases/${caseId}/measurements`,
        {
          kind: 'in-vivo',
          siteLabel: 'mesenteric node',
          counts: 400,
          durationSeconds: 4,
          measuredAt: '2026-11-20T12:40:00+01:00',
          lesionId: lesion.id,
        },
        'surgeon',
        { 'idempotency-key': 'invivo-key-1' },
      );
      const specimen = await post(`/api/cases/${caseId}/specimens`, {
        label: 'node 1',
        lesionId: lesion.id,
        excisedAt: '2026-11-20T13:00:00+01:00',
      });
      await post(
        `/api/cases/${caseId}/measurements`,
        {
          kind: 'ex-vivo',
          siteLabel: 'node 1',
          counts: 900,
          durationSeconds: 5,
          measuredAt: '2026-11-20T13:05:00+01:00',
          specimenId: specimen.id,
        },
        'surgeon',
        { 'idempotency-key': 'exvivo-key-1' },
      );
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${caseId}/lesions/${lesion.id}`,
        headers: as(t.tokens.surgeon),
        payload: {
          pathologyResult: 'net-confirmed',
          pathologyGrade: 'G1',
          ki67Percent: 2,
          marginStatus: 'clear',
        },
      });
      assert.equal(patch.statusCode, 200, patch.body);
      await post(`/api/cases/${caseId}/follow-ups`, { date: '2027-05-20', recurrence: false });
      await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        headers: as(t.tokens.surgeon),
        payload: { resectionStatus: 'R0' },
      });
      await post(`/api/cases/${caseId}/sign-off`, { statement: 'complete' });
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('GET /api/cases/:id/fhir returns a bundle that validates against the R4 structure definitions', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/fhir`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /application\/fhir\+json/);
      const bundle = res.json() as Bundle;
      const issues = validateFhir(bundle).filter(
        (i) => !i.message.startsWith('Invalid reference: got "urn:uuid:'),
      );
      assert.deepEqual(issues, []);
      const observations = bundle.entry?.filter((e) => e.resource?.resourceType === 'Observation') ?? [];
      assert.equal(observations.length, 5);
      assert.ok(bundle.entry?.some((e) => e.resource?.resourceType === 'Specimen'));
    });

    test('the PDF report of the closed case names its parts; the CSV has every measurement', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/report.pdf?reference=2026-11-20T09:00:00%2B01:00`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(res.statusCode, 200);
      const file = join(dir, `report-${engine}.pdf`);
      writeFileSync(file, res.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8');
      assert.ok(!text.includes(surgeonId), 'the report names no user by internal id');
      for (const needle of [
        'Signed off by Ирина Šťastná-Müller (surgeon)',
        'NET-REPORT-1',
        '99mTc-EDDA/HYNIC-TOC, 600 MBq', // recorded as 'Tc-99m-EDDA/HYNIC-TOC': the canonical name
        'mesenteric node 1',
        'not-seen',
        'NET G1',
        'R0',
        '2026-11-20 09:00+01:00',
      ]) {
        assert.ok(text.includes(needle), `report lacks "${needle}"`);
      }
      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/measurements.csv`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(csv.body.trim().split('\n').length, 1 + 5);
      const bad = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/report.pdf?reference=yesterday`,
        headers: as(t.tokens.viewer),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(errorOf(bad).message + (errorOf(bad).path ?? ''), /reference/);
    });

    test('registry: historic import is idempotent, bad CSV names the line, the closed case is counted', async () => {
      const imp = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/registry/import',
          headers: as(t.tokens.surgeon),
          payload: { source: 'historic-2024', csv: HISTORIC },
        });
      assert.deepEqual((await imp()).json(), {
        source: 'historic-2024',
        inserted: 3,
        updated: 0,
        unchanged: 0,
      });
      assert.deepEqual((await imp()).json(), {
        source: 'historic-2024',
        inserted: 0,
        updated: 0,
        unchanged: 3,
      });
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/registry/import',
        headers: as(t.tokens.surgeon),
        payload: { source: 'x', csv: HISTORIC.replace('H2a,pancreas', 'H2a,spleen') },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(errorOf(bad).message, /line 4, column site/);
      // The whole body of a refused file (two problems): the summary names the first, the list names each
      // at its line and column (the wording the route has answered with since issue 9).
      const twoBad = await t.app.inject({
        method: 'POST',
        url: '/api/registry/import',
        headers: as(t.tokens.surgeon),
        payload: {
          source: 'x',
          csv: HISTORIC.replace('H1b,nodes,not-seen', 'H1b,nodes,maybe').replace(
            'indeterminate,1.3',
            'indeterminate,-2',
          ),
        },
      });
      assert.equal(twoBad.statusCode, 400);
      assert.deepEqual(twoBad.json(), {
        error: {
          code: 'validation',
          message:
            "the CSV has 2 problem(s); nothing was imported. First: line 3, column imagingStatus: 'maybe' is not one of seen, indeterminate, not-seen",
          path: 'body.csv',
          issues: [
            {
              path: 'body.csv:line 3:imagingStatus',
              message: "'maybe' is not one of seen, indeterminate, not-seen",
            },
            {
              path: 'body.csv:line 4:inVivoRatio',
              message: "'-2' is not a tumour-to-background ratio (a positive number)",
            },
          ],
        },
      });
      const viewerImport = await t.app.inject({
        method: 'POST',
        url: '/api/registry/import',
        headers: as(t.tokens.viewer),
        payload: { source: 'x', csv: HISTORIC },
      });
      assert.equal(viewerImport.statusCode, 403);
      const stats = await t.app.inject({
        method: 'GET',
        url: '/api/registry/stats?replicates=200',
        headers: as(t.tokens.viewer),
      });
      assert.equal(stats.statusCode, 200, stats.body);
      const body = stats.json() as {
        cases: number;
        lesions: number;
        foundByRgsNotSeenOnImaging: Array<{ lesion: string }>;
      };
      assert.equal(body.cases, 3);
      assert.equal(body.lesions, 4);
      assert.deepEqual(
        body.foundByRgsNotSeenOnImaging.map((l) => l.lesion).sort(),
        ['H1b', 'mesenteric node 1'].sort(),
      );
    });

    test('registry: a historic file larger than the API default goes in; one over the import limit is 413', async () => {
      // A department's history is larger than the API's 64 KiB default: 3000 lesions (~250 KiB) go in;
      // a body over the import's own limit is refused with 413.
      const manyRows = Array.from(
        { length: 3000 },
        (_, i) => `B${i},Tc-99m-EDDA/HYNIC-TOC,B${i}a,bowel,seen,2.${i % 10},positive,yes,R0`,
      );
      const large = `${HISTORIC.split('\n')[0]}\n${manyRows.join('\n')}\n`;
      assert.ok(large.length > 64 * 1024, `the file is ${large.length} bytes`);
      const bulk = await t.app.inject({
        method: 'POST',
        url: '/api/registry/import',
        headers: as(t.tokens.surgeon),
        payload: { source: 'historic-bulk', csv: large },
      });
      assert.equal(bulk.statusCode, 200, bulk.body);
      assert.equal((bulk.json() as { inserted: number }).inserted, 3000);
      const tooLarge = await t.app.inject({
        method: 'POST',
        url: '/api/registry/import',
        headers: as(t.tokens.surgeon),
        payload: { source: 'historic-huge', csv: 'x'.repeat(REGISTRY_IMPORT_LIMIT_BYTES + 1) },
      });
      assert.equal(tooLarge.statusCode, 413);
      assert.equal(errorOf(tooLarge).code, 'payload-too-large');
    });
  });
}
