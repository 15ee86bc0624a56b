// Extended sources. (1) The ball rule against integrals known in closed form. (2) A uniform 15 mm sphere in
// water, its frames drawn by the sim's forward model at known truth (the sim is a separate package: its
// lesion is a lattice of points ≤ 2.5 mm apart over the sphere, summed with its own response quadrature,
// attenuation and Poisson noise — not the map's ball rule or resampled tables): the centre must come back
// within 1.25 mm and the diameter within 5 mm, closer than the point fit comes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, deriveSeed } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import { createSimulation, findProbePreset, type Scenario } from '@openrgs/sim';
import { BALL_RULE } from './ball-quadrature.js';
import { type FrameInput, freehandSweep, poseAtTime, reconstructMap } from './index.js';

function ballMean(f: (x: number, y: number, z: number) => number, radius: number): number {
  const { unitOffsets: u, weights: w } = BALL_RULE;
  let s = 0;
  for (let q = 0; q < w.length; q++)
    s +=
      (w[q] as number) *
      f(radius * (u[3 * q] as number), radius * (u[3 * q + 1] as number), radius * (u[3 * q + 2] as number));
  return s;
}

describe('BALL_RULE (the mean over a ball)', () => {
  test('integrates moments exactly: ⟨1⟩ = 1, ⟨x²⟩ = R²/5, ⟨x⁴⟩ = 3R⁴/35, ⟨x²y²⟩ = R⁴/35, ⟨x⁶⟩ = R⁶/21', () => {
    // Over the unit ball, ⟨r^{2n}⟩ = 3/(2n + 3), and on the unit sphere ⟨x²⟩ = 1/3, ⟨x⁴⟩ = 1/5,
    // ⟨x²y²⟩ = 1/15, ⟨x⁶⟩ = 1/7: ⟨x²⟩ = 3/5 · 1/3 = 1/5, ⟨x⁴⟩ = 3/7 · 1/5 = 3/35, ⟨x²y²⟩ = 3/7 · 1/15 = 1/35,
    // ⟨x⁶⟩ = 3/9 · 1/7 = 1/21. The 3-node radial rule for the weight r² is exact to degree 5 in r, so
    // ⟨x⁶⟩ (r⁶) is checked to 1e-3 only; Lebedev's 26 points are exact to degree 7 on the sphere.
    const R = 0.75;
    assert.ok(Math.abs(ballMean(() => 1, R) - 1) < 1e-12);
    assert.ok(Math.abs(ballMean((x) => x * x, R) / (R ** 2 / 5) - 1) < 1e-12);
    assert.ok(Math.abs(ballMean((x) => x ** 4, R) / ((3 * R ** 4) / 35) - 1) < 1e-12);
    assert.ok(Math.abs(ballMean((x, y) => x * x * y * y, R) / (R ** 4 / 35) - 1) < 1e-12);
    assert.ok(Math.abs(ballMean((_x, _y, z) => z ** 6, R) / (R ** 6 / 21) - 1) < 1e-3);
    // Odd moments vanish by symmetry.
    assert.ok(Math.abs(ballMean((x, y, z) => x + y * y * y + x * y * z, R)) < 1e-15);
  });

  test("Newton's shell theorem: the mean of 1/|p − s| over a ball is 1/|s| for s outside it", () => {
    // 1/|p − s| is harmonic in the ball when |s| > R, so its mean equals its value at the centre.
    for (const [sx, sy, sz, R] of [
      [0, 0, 2, 1],
      [1.2, -0.7, 0.9, 0.75],
      [0.3, 0.2, -1.6, 1],
    ] as const) {
      const want = 1 / Math.hypot(sx, sy, sz);
      const got = ballMean((x, y, z) => 1 / Math.hypot(x - sx, y - sy, z - sz), R);
      assert.ok(Math.abs(got / want - 1) < 2e-3, `s = ${[sx, sy, sz]}, R = ${R}: ${got} vs ${want}`);
    }
  });
});

/** One uniform sphere of Tc-99m in water under the plane z = 8 cm (the freehand-phantom's set-up). */
function sphereInWater(
  centerCm: [number, number, number],
  diameterCm: number,
  activityMBq: number,
): Scenario {
  return {
    name: 'test-sphere-in-water',
    title: 'uniform sphere in water',
    description: 'one uniform Tc-99m sphere in a water tank',
    tracer: null,
    nuclide: 'Tc-99m',
    injectedActivityMBq: 0,
    hoursAfterInjection: 0,
    probe: 'csi-14mm',
    patient: true,
    lesions: [
      {
        id: 'sphere',
        label: 'sphere',
        centerCm,
        diameterCm,
        uptake: { kind: 'activity', activityMBq },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '',
      },
    ],
    openAbdomenZCm: 8,
    startPose: { positionCm: [0, 0, 8.3], direction: [0, 0, -1] },
    surveyPlaneZCm: 8.3,
    backgroundSites: [],
    backgroundAdvice: 'none: a test phantom',
    sources: 'test',
  };
}

function scan(scenario: Scenario, seed: number, seconds: number) {
  const poses = freehandSweep({
    centerCm: [0, 0],
    halfWidthCm: 3,
    halfHeightCm: 3,
    surfaceZCm: 8,
    standoffCm: 0.3,
    seconds,
    sampleSeconds: 0.02,
    passSpacingCm: 1.5,
    random: createRandom(deriveSeed(seed, 7)),
  });
  const sim = createSimulation({ scenario, seed });
  const frames: FrameInput[] = [];
  for (let k = 0; k < Math.round(seconds / 0.1); k++) {
    const pose = poseAtTime(poses, k * 0.1 + 0.05, 1);
    assert.ok(pose);
    sim.setPose({ positionCm: [...pose.positionCm], direction: [...pose.direction] });
    frames.push(sim.nextFrame(0.1));
  }
  return { poses, frames };
}

describe('extended sources', () => {
  test('a uniform 15 mm sphere in water, 1.5 cm deep: centre within 1.25 mm, diameter 15 ± 5 mm; the point fit is farther off', () => {
    const centre: [number, number, number] = [0.4, -0.3, 6.5];
    const { poses, frames } = scan(sphereInWater(centre, 1.5, 0.2), 5, 40);
    const probe = findProbePreset('csi-14mm');
    assert.ok(probe);
    const base = {
      frames,
      poses,
      probe,
      nuclide: 'Tc-99m',
      medium: { kind: 'tissue-below', surfaceZCm: 8 } as const,
      voxelSizeMm: 5,
      depthCm: 5,
      latencySeconds: 0,
      maxGapSeconds: 0.5,
      body: null,
    };
    const sphere = reconstructMap(base);
    const point = reconstructMap({ ...base, hotspots: { sphereRadiiCm: [] } });
    assert.ok(sphere.ok, sphere.ok ? '' : firstIssue(sphere.issues).message);
    assert.ok(point.ok);
    const offMm = (p: readonly number[]) => Math.hypot(...p.map((v, i) => v - (centre[i] as number))) * 10;
    const [s, ...sRest] = sphere.value.hotspots;
    const [p] = point.value.hotspots;
    assert.ok(s && p, 'a hotspot');
    assert.equal(sRest.length, 0, `false hotspots: ${JSON.stringify(sRest)}`);
    assert.equal(p.diameterMm, 0, 'points only when no radius is tried');
    const detail = `sphere ${offMm(s.positionCm).toFixed(2)} mm off, ⌀ ${s.diameterMm.toFixed(1)} mm; point ${offMm(p.positionCm).toFixed(2)} mm off`;
    // Seeds 5–8 measured: sphere 0.25–0.88 mm off (⌀ 14.0–16.1 mm), point 1.94–2.36 mm.
    assert.ok(offMm(s.positionCm) <= 1.25, detail);
    assert.ok(Math.abs(s.diameterMm - 15) <= 5, detail);
    assert.ok(offMm(p.positionCm) > offMm(s.positionCm), detail);
  });
});
