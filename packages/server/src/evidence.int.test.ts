// Issue 13 (points 1 and 2): a mark records exactly the figures one frame showed — the frame the screen
// names by its seq — however many frames arrive while the request travels, with T/B and its interval,
// the background model and the frame range; the CSV, FHIR export and PDF report carry the same values.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { LiveState, Measurement } from '@openrgs/api';
import { validateFhir } from '@openrgs/report';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { parse } from 'csv-parse/sync';
import { as, errorOf, type TestApp, testApp } from './test-support.js';
import { LiveTestClient } from './ws-test-client.js';

for (const engine of TEST_ENGINES) {
  describe(`what the screen showed is what the record keeps, on ${engine}`, () => {
    let t: TestApp;
    let c: LiveTestClient;
    let caseId: string;
    let lesionId: string;
    const dir = mkdtempSync(join(tmpdir(), 'rgs-evidence-'));
    before(async () => {
      t = await testApp(engine);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as { port: number };
      c = await LiveTestClient.open(
        `ws://127.0.0.1:${port}/api/live?token=${t.tokens.surgeon}&stationId=test-1`,
      );
      await c.next('subscribed');
    });
    after(async () => {
      c.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const post = async (url: string, payload: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: as(t.tokens.surgeon, headers), payload });

    /** Pushes frames and returns the LiveState each produced, as a screen receives them. */
    const pushAndRead = async (counts: readonly number[]): Promise<LiveState[]> => {
      for (const n of counts) t.source.push(n);
      const states: LiveState[] = [];
      while (states.length < counts.length) states.push(LiveState.parse(await c.next('live')));
      return states;
    };

    test('background sites and a lesion: the mark keeps the figures of the frame it names', async () => {
      caseId = ((await post('/api/cases', { label: 'EVIDENCE-1' })).json() as { id: string }).id;
      lesionId = ((await post(`/api/cases/${caseId}/lesions`, { label: 'node 1' })).json() as { id: string })
        .id;
      const started = await post('/api/stations/test-1/sessions', { caseId });
      assert.equal(started.statusCode, 201, started.body);
      for (const [i, perFrame] of [5, 5, 5].entries()) {
        const mark = await post('/api/stations/test-1/site', {
          siteLabel: `bowel ${i + 1}`,
          kind: 'background',
        });
        assert.equal(mark.statusCode, 201, mark.body);
        const states = await pushAndRead(Array.from({ length: 40 }, () => perFrame));
        const shown = states[states.length - 1]!;
        const rec = await post(
          '/api/stations/test-1/measurements',
          { kind: 'background', toSeq: shown.seq, fromSeq: shown.siteFromSeq },
          { 'idempotency-key': `bg-evidence-${i}` },
        );
        assert.equal(rec.statusCode, 201, rec.body);
        const m = Measurement.parse(rec.json());
        assert.equal(m.counts, 40 * perFrame);
        assert.equal(m.fromSeq, (mark.json() as { fromSeq: number }).fromSeq);
        assert.equal(m.toSeq, shown.seq);
      }

      await post('/api/stations/test-1/site', { siteLabel: 'mesenteric node', kind: 'in-vivo' });
      const states = await pushAndRead(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 14 : 16)));
      // The user pressed M while frame 30 of the site was on screen; 10 more frames arrived before the
      // request (the 1,628 shown vs 1,658 saved).
      const shown = states[29]!;
      assert.equal(shown.background?.sites, 3);
      assert.equal(shown.siteCounts, 450);
      const rec = await post(
        '/api/stations/test-1/measurements',
        { kind: 'in-vivo', lesionId, toSeq: shown.seq, fromSeq: shown.siteFromSeq },
        { 'idempotency-key': 'lesion-evidence-1' },
      );
      assert.equal(rec.statusCode, 201, rec.body);
      const m = Measurement.parse(rec.json());
      assert.equal(m.counts, shown.siteCounts);
      assert.equal(m.durationSeconds, shown.siteSeconds);
      assert.equal(m.fromSeq, shown.siteFromSeq);
      assert.equal(m.toSeq, shown.seq);
      assert.equal(m.toSeq - m.fromSeq + 1, 30);
      assert.equal(m.rateLowCps, shown.siteRateLowCps);
      assert.equal(m.rateHighCps, shown.siteRateHighCps);
      assert.equal(m.ratio, shown.siteRatio);
      assert.equal(m.ratioLow, shown.siteRatioLow);
      assert.equal(m.ratioHigh, shown.siteRatioHigh);
      assert.ok(m.ratioLow !== null && m.ratio !== null && m.ratioHigh !== null);
      assert.ok(m.ratioLow < m.ratio && m.ratio < m.ratioHigh);
      assert.equal(m.verdict, shown.verdict);
      assert.ok(m.evidence.startsWith(shown.evidence), `${m.evidence} / ${shown.evidence}`);
      assert.equal(m.measuredAt, new Date(shown.receivedAtMs).toISOString());
      assert.deepEqual(
        {
          meanCps: m.backgroundModel?.meanCps,
          sdCps: m.backgroundModel?.sdCps,
          sites: m.backgroundModel?.sites,
          thresholdCps: m.backgroundModel?.thresholdCps,
        },
        {
          meanCps: shown.background?.meanCps,
          sdCps: shown.background?.sdCps,
          sites: shown.background?.sites,
          thresholdCps: shown.background?.thresholdCps,
        },
      );
      assert.equal(m.backgroundModel?.flagged?.length, shown.background?.flagged?.length);
      assert.equal(m.confidencePercent, shown.confidencePercent);
      assert.equal(m.backgroundModel?.rule, 'adaptive');
      assert.equal(m.verdict, 'positive');
      // A positive more likely right than wrong (not ≥ 99 %: from a few agreeing sites the stated confidence
      // keeps a spread up to CV 50 % possible, @openrgs/counting DEFAULT_CONFIDENCE_SPREAD_PRIOR).
      assert.ok(m.confidencePercent !== null && m.confidencePercent > 50, `${m.confidencePercent}`);

      // The counts are the stored frames of that range, summed.
      const frames = (
        await t.app.inject({
          url: `/api/live-sessions/${m.liveSessionId}/frames?fromSeq=${m.fromSeq}&limit=30`,
          headers: as(t.tokens.viewer),
        })
      ).json() as Array<{ seq: number; counts: number }>;
      assert.equal(frames[frames.length - 1]?.seq, m.toSeq);
      assert.equal(
        frames.reduce((sum, f) => sum + f.counts, 0),
        m.counts,
      );
    });

    test('a frame the server does not hold, or another site than the screen had, is refused (409)', async () => {
      const future = await post(
        '/api/stations/test-1/measurements',
        { kind: 'in-vivo', toSeq: 1_000_000 },
        { 'idempotency-key': 'future-frame-1' },
      );
      assert.equal(future.statusCode, 409, future.body);
      assert.equal(errorOf(future).path, 'body.toSeq');
      const last = t.stations.get('test-1').lastSeq ?? 0;
      const wrongSite = await post(
        '/api/stations/test-1/measurements',
        { kind: 'in-vivo', toSeq: last, fromSeq: 0 },
        { 'idempotency-key': 'wrong-site-1' },
      );
      assert.equal(wrongSite.statusCode, 409, wrongSite.body);
      assert.equal(errorOf(wrongSite).path, 'body.fromSeq');
    });

    test('CSV, FHIR and the PDF report carry the recorded interval, background model and frame range', async () => {
      const list = (
        await t.app.inject({ url: `/api/cases/${caseId}/measurements`, headers: as(t.tokens.viewer) })
      ).json() as Measurement[];
      const m = list.find((x) => x.kind === 'in-vivo')!;
      assert.ok(m.ratio !== null && m.ratioLow !== null && m.ratioHigh !== null && m.backgroundModel);

      const csv = await t.app.inject({
        url: `/api/cases/${caseId}/measurements.csv`,
        headers: as(t.tokens.viewer),
      });
      const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
      const row = rows.find((r) => r.measurementId === m.id)!;
      assert.equal(Number(row.ratio), m.ratio);
      assert.equal(Number(row.ratioLow), m.ratioLow);
      assert.equal(Number(row.ratioHigh), m.ratioHigh);
      assert.equal(Number(row.backgroundMeanCps), m.backgroundModel.meanCps);
      assert.equal(Number(row.backgroundThresholdCps), m.backgroundModel.thresholdCps);
      assert.equal(row.backgroundSites, '3');
      assert.equal(row.decisionRule, 'adaptive');
      assert.equal(Number(row.confidencePercent), m.confidencePercent);
      assert.equal(Number(row.fromSeq), m.fromSeq);
      assert.equal(Number(row.toSeq), m.toSeq);

      const bundle = (
        await t.app.inject({ url: `/api/cases/${caseId}/fhir`, headers: as(t.tokens.viewer) })
      ).json() as Bundle;
      assert.deepEqual(
        validateFhir(bundle).filter((i) => !i.message.startsWith('Invalid reference: got "urn:uuid:')),
        [],
      );
      const obs = bundle.entry
        ?.map((e) => e.resource)
        .find(
          (r): r is Observation => r?.resourceType === 'Observation' && r.identifier?.[0]?.value === m.id,
        );
      assert.ok(obs);
      const component = (code: string) => obs.component?.find((x) => x.code.coding?.[0]?.code === code);
      assert.equal(component('tumour-to-background-ratio')?.valueQuantity?.value, m.ratio);
      assert.deepEqual(component('tumour-to-background-ratio-ci95')?.valueRange, {
        low: { value: m.ratioLow, unit: '1', system: 'http://unitsofmeasure.org', code: '1' },
        high: { value: m.ratioHigh, unit: '1', system: 'http://unitsofmeasure.org', code: '1' },
      });
      assert.equal(component('count-rate-ci95')?.valueRange?.low?.value, m.rateLowCps);
      assert.equal(component('background-mean-rate')?.valueQuantity?.value, m.backgroundModel.meanCps);
      assert.equal(component('background-sites')?.valueInteger, 3);
      assert.equal(component('verdict-confidence')?.valueQuantity?.value, m.confidencePercent);
      assert.deepEqual(component('frame-range')?.valueRange, {
        low: { value: m.fromSeq },
        high: { value: m.toSeq },
      });
      assert.equal(obs.referenceRange?.[0]?.high?.value, m.backgroundModel.thresholdCps);

      const pdf = await t.app.inject({
        url: `/api/cases/${caseId}/report.pdf`,
        headers: as(t.tokens.viewer),
      });
      const file = join(dir, `report-${engine}.pdf`);
      writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      const html = (
        await t.app.inject({ url: `/api/cases/${caseId}/report.html`, headers: as(t.tokens.viewer) })
      ).body;
      const tb = `${m.ratio.toFixed(2)} (${m.ratioLow.toFixed(2)}–${m.ratioHigh.toFixed(2)})`;
      const frameRange = `${m.fromSeq}–${m.toSeq}`;
      // pdftotext breaks lines inside table cells: compare with runs of white space made one space.
      for (const [name, doc] of [
        ['PDF', text.replace(/\s+/g, ' ')],
        ['HTML', html],
      ] as const) {
        assert.ok(doc.includes(tb), `${name} lacks the T/B with its interval "${tb}"`);
        assert.ok(doc.includes(frameRange), `${name} lacks the frame range ${frameRange}`);
        assert.ok(doc.includes('rule adaptive'), `${name} lacks the rule`);
        const sure = `positive, ${m.confidencePercent === null ? '' : Math.floor(m.confidencePercent * 10) / 10} % sure`;
        assert.ok(doc.includes(sure), `${name} lacks the confidence the screen showed, "${sure}"`);
      }
    });
  });
}
