// The demo `npm start` opens must work for a user guided by the screen alone (issue 6): the default
// scenario, driven the way the server drives its simulated stations (sim-N = seed N, 0.05 s frames, the
// live engine with the server's decision rule, background sites recorded from the engine's current site),
// must call the tumour lesions positive within 5 s over them and leave normal tissue unflagged — with the
// background counted where the body map suggests. The diagnostics print each verdict and its time (the
// figures quoted in packages/sim/README.md).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type BackgroundSite,
  createLiveEngine,
  type LiveSnapshot,
  SprtCalibrationCache,
} from '@openrgs/counting';
import { LIVE_DECISION, SIM_FRAME_SECONDS } from '@openrgs/server';
import { createSimulation } from '@openrgs/sim';
import { DEFAULT_SCENARIO } from './start.js';

/** Seconds a user holds the probe on each suggested background site (a timed background count). */
const BACKGROUND_SECONDS = 3;
/** The longest a user should have to hold the probe over a lesion. */
const LESION_SECONDS = 5;

function demo(seed: number) {
  const sim = createSimulation({ scenario: DEFAULT_SCENARIO, seed });
  const engine = createLiveEngine({
    decision: LIVE_DECISION,
    calibrations: new SprtCalibrationCache(),
    expectedFrameSeconds: SIM_FRAME_SECONDS,
  });
  const map = sim.bodyMap();
  const z = map.surveyPlaneZCm;
  // The probe glides there (frames keep coming, as from the real station), then Space starts a new site.
  const moveTo = (xCm: number, yCm: number) => {
    sim.setPose({ positionCm: [xCm, yCm, z], direction: map.probeDirection });
    for (let i = 0; i < 10; i++) engine.push(sim.nextFrame(SIM_FRAME_SECONDS));
    engine.markNewSite();
  };
  const hold = (seconds: number, stopWhenDecided: boolean) => {
    let last: LiveSnapshot | null = null;
    for (let i = 1; i <= Math.round(seconds / SIM_FRAME_SECONDS); i++) {
      last = engine.push(sim.nextFrame(SIM_FRAME_SECONDS));
      if (stopWhenDecided && last.verdict !== 'undecided')
        return { snapshot: last, seconds: i * SIM_FRAME_SECONDS };
    }
    assert.ok(last);
    return { snapshot: last, seconds };
  };
  const sites: BackgroundSite[] = [];
  for (const site of map.backgroundSites) {
    moveTo(site.xCm, site.yCm);
    const { snapshot } = hold(BACKGROUND_SECONDS, false);
    // What the server records on B: the engine's current site; then every background of the case.
    sites.push({
      siteLabel: site.label,
      counts: snapshot.site.counts,
      durationSeconds: snapshot.site.seconds,
    });
    const set = engine.setBackground({ kind: 'sites', sites: [...sites] });
    assert.ok(set?.ok, `background ${site.label}: ${JSON.stringify(set)}`);
  }
  const measure = (xCm: number, yCm: number) => {
    moveTo(xCm, yCm);
    return hold(LESION_SECONDS, true);
  };
  return { sim, map, measure, engine };
}

for (const seed of [1, 2, 3]) {
  describe(`the npm start demo (${DEFAULT_SCENARIO}, station sim-${seed} = seed ${seed}, the server's live decision rule)`, () => {
    const { sim, map, measure, engine } = demo(seed);

    test('the body map suggests at least three background sites over the tissue the lesions lie in', (t) => {
      assert.ok(map.backgroundSites.length >= 3, `${map.backgroundSites.length} suggested sites`);
      const tissues = new Set(map.backgroundSites.map((s) => s.tissue));
      assert.equal(tissues.size, 1, `one kind of tissue, got ${[...tissues].join(', ')}`);
      assert.ok(map.backgroundAdvice.length > 0);
      const background = engine.background;
      assert.ok(background);
      assert.equal(background.sites, map.backgroundSites.length);
      t.diagnostic(
        `background ${background.meanCps.toFixed(0)} cps from ${background.sites} sites × ${BACKGROUND_SECONDS} s`,
      );
    });

    test('every tumour lesion is called positive within 5 s over it', (t) => {
      const tumours = sim.scenario.lesions.filter((l) => l.tumour);
      assert.ok(tumours.length >= 1);
      const found = tumours.map((lesion) => {
        const { snapshot, seconds } = measure(lesion.centerCm[0], lesion.centerCm[1]);
        return {
          id: lesion.id,
          verdict: snapshot.verdict,
          seconds,
          ratio: snapshot.ratio,
          thresholdCps: snapshot.background?.thresholdCps ?? null,
          evidence: snapshot.evidence,
        };
      });
      for (const f of found) {
        t.diagnostic(
          `${f.id}: ${f.verdict} after ${f.seconds.toFixed(2)} s, T/B ${f.ratio?.toFixed(2)}, threshold ${f.thresholdCps?.toFixed(0)} cps`,
        );
        assert.equal(
          f.verdict,
          'positive',
          `${f.id}: ${f.verdict} after ${f.seconds} s, T/B ${f.ratio} (${f.evidence})`,
        );
        assert.ok(f.seconds <= LESION_SECONDS);
      }
    });

    test('normal tissue 4 cm beside each lesion and normal bowel between them are not called positive in 5 s', () => {
      const points: Array<[string, number, number]> = [['normal bowel between the lesions', -1, -5]];
      for (const lesion of sim.scenario.lesions.filter((l) => l.tumour)) {
        const [x, y] = lesion.centerCm;
        for (const [dx, dy] of [
          [4, 0],
          [-4, 0],
          [0, 4],
          [0, -4],
        ] as const) {
          points.push([
            `${lesion.id} ${dx >= 0 ? '+' : ''}${dx},${dy >= 0 ? '+' : ''}${dy} cm`,
            x + dx,
            y + dy,
          ]);
        }
      }
      for (const [label, x, y] of points) {
        const { snapshot, seconds } = measure(x, y);
        assert.notEqual(
          snapshot.verdict,
          'positive',
          `${label} at (${x}, ${y}) cm called positive after ${seconds} s: ${snapshot.rateCps.toFixed(0)} cps, T/B ${snapshot.ratio} (${snapshot.evidence})`,
        );
      }
    });
  });
}
