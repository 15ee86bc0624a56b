// Issue 12 on the server: the live station and posted counts use the robust background model. A lifted
// probe's background site (near-zero counts among sites near 50 cps) is flagged (outlier rule:
// leave-one-out median on log rates, Hampel 1974 JASA 69:383 / Rousseeuw & Croux 1993 JASA 88:1273 for the
// median's robustness), named with why, kept out of the limit, and no verdict rests on the model until the
// team keeps or drops it (POST …/background-sites/:label, audited, role-checked). The spread prior is
// learnt from the department's past cases of the same tracer (Smyth 2004, Stat Appl Genet Mol Biol 3:3).
// Site data are generated with between-site spread (gamma site means) under named seeds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LiveState, Measurement } from '@openrgs/api';
import { createRandom, sampleGammaRate, samplePoisson } from '@openrgs/numeric';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

/** Seed of the normal background sites (gamma site means, CV 20 %, around 50 cps, 5 s each). */
const SEED_NORMAL_SITES = 1201;
/** Seed of the past cases that teach the spread prior. */
const SEED_PAST_CASES = 1202;
const MEAN_CPS = 50;
const SITE_SECONDS = 5;

function normalSites(seed: number, n: number, cv: number, prefix: string) {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    siteLabel: `${prefix} ${i + 1}`,
    counts: samplePoisson(random, sampleGammaRate(random, MEAN_CPS, cv) * SITE_SECONDS),
    durationSeconds: SITE_SECONDS,
  }));
}

for (const engine of TEST_ENGINES) {
  describe(`robust background on the server (${engine})`, () => {
    let t: TestApp;
    let caseId: string;
    const measuredAt = () => new Date(Date.now() - 1000).toISOString();
    let key = 0;
    const post = (id: string, body: Record<string, unknown>, token = t.tokens.surgeon) => {
      key += 1;
      return t.app.inject({
        method: 'POST',
        url: `/api/cases/${id}/measurements`,
        headers: as(token, { 'idempotency-key': `bg-site-test-${engine}-${key}` }),
        payload: { measuredAt: measuredAt(), ...body },
      });
    };
    const liveState = (): LiveState => {
      const station = t.stations.get('test-1');
      const snapshot = station.engine.lastSnapshot;
      assert.ok(snapshot, 'the station has produced a frame');
      return LiveState.parse(station.liveState(snapshot, Date.now()));
    };
    /** Frames at T/B 4 (200 cps) until the verdict settles or `seconds` pass. */
    const countOverLesion = (seconds: number) => {
      t.stations.get('test-1').restartSite();
      for (let i = 0; i < seconds / 0.05; i += 1) t.source.push(10);
      return liveState();
    };

    before(async () => {
      t = await testApp(engine);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: `robust background ${engine}` },
      });
      caseId = (created.json() as { id: string }).id;
      const started = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/sessions',
        headers: as(t.tokens.surgeon),
        payload: { caseId },
      });
      assert.equal(started.statusCode, 201, started.body);
    });
    after(async () => t?.close());

    test('a site of 3.3e8 cps is refused like a frame above 2e6 cps', async () => {
      const res = await post(caseId, {
        kind: 'background',
        siteLabel: 'absurd',
        counts: 1_000_000_000,
        durationSeconds: 3,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(errorOf(res).message, /3\.33e\+8 cps is above the plausible 2\.0e\+6 cps/);
    });

    test('a lifted probe site is flagged with why; no verdict (live or posted) until it is kept or dropped', async () => {
      for (const site of normalSites(SEED_NORMAL_SITES, 4, 0.2, 'bg')) {
        const res = await post(caseId, { kind: 'background', ...site });
        assert.equal(res.statusCode, 201, res.body);
      }
      // Lifted probe: 0 counts in 5 s where ~250 are expected.
      const lifted = await post(caseId, {
        kind: 'background',
        siteLabel: 'bg lifted',
        counts: 0,
        durationSeconds: SITE_SECONDS,
      });
      assert.equal(lifted.statusCode, 201, lifted.body);

      const live = countOverLesion(3);
      assert.equal(live.verdict, 'undecided');
      assert.equal(live.confidencePercent, null);
      assert.match(live.evidence, /'bg lifted' looks wrong \(too low\): keep or drop it before a verdict/);
      const warning = live.warnings?.find((w) => w.code === 'background-outlier');
      assert.equal(warning?.siteLabel, 'bg lifted');
      assert.match(warning?.message ?? '', /left out: .*keep or drop it/);
      const flagged = live.background?.flagged ?? [];
      assert.deepEqual(
        flagged.map((f) => [f.siteLabel, f.status, f.direction]),
        [['bg lifted', 'unconfirmed', 'low']],
      );
      assert.ok(flagged[0]?.reason.length, 'the flag says why');
      // The limit is built without the flagged site: four sites near 50 cps, not a T/B 100 limit.
      assert.equal(live.background?.sites, 4);
      assert.equal(live.background?.sitesGiven, 5);
      assert.ok((live.background?.thresholdCps ?? Infinity) < 150, `limit ${live.background?.thresholdCps}`);

      const posted = await post(caseId, {
        kind: 'in-vivo',
        siteLabel: 'lesion posted',
        counts: 800,
        durationSeconds: 4,
      });
      assert.equal(posted.statusCode, 201, posted.body);
      const m = Measurement.parse(posted.json());
      assert.equal(m.verdict, 'undecided');
      assert.match(m.evidence, /'bg lifted' looks wrong/);
      assert.ok(m.warnings.some((w) => /background site 'bg lifted' is left out/.test(w)));
      assert.equal(m.backgroundModel?.flagged?.[0]?.status, 'unconfirmed');
      assert.equal(m.backgroundModel?.blockedReason?.includes('bg lifted'), true);
    });

    test('keep/drop: role-checked, validated, audited; after dropping, verdict and confidence appear', async () => {
      const url = `/api/stations/test-1/background-sites/${encodeURIComponent('bg lifted')}`;
      const viewer = await t.app.inject({
        method: 'POST',
        url,
        headers: as(t.tokens.viewer),
        payload: { action: 'drop' },
      });
      assert.equal(viewer.statusCode, 403);
      const bad = await t.app.inject({
        method: 'POST',
        url,
        headers: as(t.tokens.surgeon),
        payload: { action: 'forget' },
      });
      assert.equal(bad.statusCode, 400);
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/background-sites/nowhere',
        headers: as(t.tokens.surgeon),
        payload: { action: 'keep' },
      });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.match(errorOf(unknown).message, /nowhere/);

      const dropped = await t.app.inject({
        method: 'POST',
        url,
        headers: as(t.tokens.surgeon),
        payload: { action: 'drop', reason: 'probe lifted off the bowel' },
      });
      assert.equal(dropped.statusCode, 200, dropped.body);
      assert.equal((dropped.json() as { action: string }).action, 'drop');

      const audit = await t.app.inject({
        method: 'GET',
        url: `/api/audit?caseId=${caseId}`,
        headers: as(t.tokens.admin),
      });
      const entries = audit.json() as { action: string }[];
      assert.ok(
        entries.some((e) => e.action === 'background-site.drop'),
        `audited: ${entries.map((e) => e.action).join(', ')}`,
      );

      const live = countOverLesion(3);
      assert.equal(live.verdict, 'positive', live.evidence);
      assert.ok(live.confidencePercent !== null && live.confidencePercent !== undefined);
      assert.ok(live.confidencePercent > 90 && live.confidencePercent < 100, `${live.confidencePercent} %`);
      assert.equal(live.background?.flagged?.[0]?.status, 'dropped');
      assert.equal(live.provisional, (live.background?.minimumSites ?? 0) > (live.background?.sites ?? 0));
      assert.ok(live.warnings?.some((w) => w.code === 'background-dropped' && w.siteLabel === 'bg lifted'));

      const recorded = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/measurements',
        headers: as(t.tokens.surgeon, { 'idempotency-key': `bg-site-live-${engine}` }),
        payload: { kind: 'in-vivo', siteLabel: 'lesion live' },
      });
      assert.equal(recorded.statusCode, 201, recorded.body);
      const m = Measurement.parse(recorded.json());
      assert.equal(m.verdict, 'positive');
      assert.ok(m.confidencePercent !== null && m.confidencePercent > 90 && m.confidencePercent < 100);
      assert.deepEqual(
        m.backgroundModel?.flagged?.map((f) => [f.siteLabel, f.status]),
        [['bg lifted', 'dropped']],
      );
      assert.match(m.backgroundModel?.method ?? '', /site 'bg lifted' dropped/);
      assert.ok(m.warnings.some((w) => /'bg lifted' dropped by the team/.test(w)));

      const decisions = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/background-sites`,
        headers: as(t.tokens.viewer),
      });
      assert.deepEqual(
        (decisions.json() as { siteLabel: string; action: string; reason: string }[]).map((d) => [
          d.siteLabel,
          d.action,
          d.reason,
        ]),
        [['bg lifted', 'drop', 'probe lifted off the bowel']],
      );
    });

    test('the spread prior comes from past cases of the same tracer; none without enough of them', async () => {
      const tracer = {
        agent: '99mTc-EDDA/HYNIC-TOC',
        nuclide: 'Tc-99m',
        activityMBq: 600,
        administeredAt: new Date(Date.now() - 4 * 3600_000).toISOString(),
      };
      const newCase = async (label: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label },
        });
        const id = (res.json() as { id: string }).id;
        const tr = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${id}/tracer-administrations`,
          headers: as(t.tokens.surgeon),
          payload: tracer,
        });
        assert.equal(tr.statusCode, 201, tr.body);
        return id;
      };
      const current = await newCase(`prior target ${engine}`);
      const end = await t.app.inject({
        method: 'GET',
        url: '/api/stations/test-1',
        headers: as(t.tokens.surgeon),
      });
      const session = (end.json() as { session: { liveSessionId: string } | null }).session;
      if (session)
        await t.app.inject({
          method: 'POST',
          url: `/api/live-sessions/${session.liveSessionId}/end`,
          headers: as(t.tokens.surgeon),
        });
      await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/sessions',
        headers: as(t.tokens.surgeon),
        payload: { caseId: current },
      });
      for (const site of normalSites(SEED_NORMAL_SITES + 10, 3, 0.3, 'own')) {
        assert.equal((await post(current, { kind: 'background', ...site })).statusCode, 201);
      }
      const before = countOverLesion(0.5);
      assert.equal(before.background?.prior ?? null, null, 'no past cases yet: the sites’ own spread');

      // Six past cases of the tracer, four sites each, CV 30 % (gamma site means).
      for (let c = 0; c < 6; c += 1) {
        const past = await newCase(`past ${engine} ${c}`);
        for (const site of normalSites(SEED_PAST_CASES * 100 + c, 4, 0.3, 'past')) {
          assert.equal((await post(past, { kind: 'background', ...site })).statusCode, 201);
        }
      }
      // A new background site of the current case makes the station rebuild its model with the prior.
      const [extra] = normalSites(SEED_NORMAL_SITES + 20, 1, 0.3, 'own extra');
      assert.equal((await post(current, { kind: 'background', ...extra })).statusCode, 201);
      const withPrior = countOverLesion(0.5);
      assert.equal(withPrior.background?.prior?.cases, 6);
      assert.match(withPrior.background?.prior?.source ?? '', /99mTc-EDDA\/HYNIC-TOC, all tissues/);
    });
  });
}
