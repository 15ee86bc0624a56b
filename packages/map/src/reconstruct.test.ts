// Reconstruction on analytic cases: a point source in air must come back where it is (within one voxel).
// The frames are drawn from the sim (its own quadrature of the probe response, Barnes–Hut sum, Poisson),
// independent of the map's resampled tables; the truth is the source position we put in.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, deriveSeed } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import { createSimulation, findProbePreset, type Scenario } from '@openrgs/sim';
import {
  alignFrames,
  createLiveMap,
  detectorFor,
  estimateLatency,
  type FrameInput,
  freehandSweep,
  gridOverScan,
  LIVE_HOTSPOTS,
  LIVE_MLEM,
  poseAtTime,
  reconstructMap,
} from '../src/index.js';

function pointInAir(centerCm: [number, number, number], activityMBq: number): Scenario {
  return {
    name: 'test-point-in-air',
    title: 'point source in air',
    description: 'one Tc-99m point source in air',
    tracer: null,
    nuclide: 'Tc-99m',
    injectedActivityMBq: 0,
    hoursAfterInjection: 0,
    probe: 'csi-14mm',
    patient: false,
    lesions: [
      {
        id: 'point',
        label: 'point',
        centerCm,
        diameterCm: 0.1,
        uptake: { kind: 'activity', activityMBq },
        imaging: 'seen',
        palpable: false,
        tumour: false,
        note: '',
      },
    ],
    openAbdomenZCm: null,
    startPose: { positionCm: [0, 0, 3], direction: [0, 0, -1] },
    surveyPlaneZCm: 3,
    backgroundSites: [],
    backgroundAdvice: 'none: a test source in air',
    sources: 'test',
  };
}

function scan(scenario: Scenario, seed: number, seconds: number, surfaceZCm: number) {
  const poses = freehandSweep({
    centerCm: [0, 0],
    halfWidthCm: 3,
    halfHeightCm: 3,
    surfaceZCm,
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

describe('reconstructMap', () => {
  test('a point source in air 2 cm below the sweep comes back within one voxel (2.5 mm) of it', () => {
    const source: [number, number, number] = [0.7, -0.4, 0];
    const { poses, frames } = scan(pointInAir(source, 0.05), 3, 30, 2);
    const probe = findProbePreset('csi-14mm');
    assert.ok(probe);
    const made = reconstructMap({
      frames,
      poses,
      probe,
      nuclide: 'Tc-99m',
      medium: { kind: 'air' },
      voxelSizeMm: 2.5,
      depthCm: 4,
      latencySeconds: 0,
      maxGapSeconds: 0.5,
    });
    assert.ok(made.ok, made.ok ? '' : firstIssue(made.issues).message);
    const [top, ...rest] = made.value.hotspots;
    assert.ok(top, 'no hotspot');
    const errorMm = Math.hypot(...top.positionCm.map((v, i) => v - (source[i] as number))) * 10;
    assert.ok(
      errorMm <= 2.5,
      `hotspot at [${top.positionCm.map((v) => v.toFixed(2))}] is ${errorMm.toFixed(1)} mm off`,
    );
    assert.equal(rest.length, 0, `false hotspots: ${JSON.stringify(rest)}`);
    // The fitted activity is the model's: within 15 % of the 50 kBq put in.
    assert.ok(Math.abs(top.activityMBq / 0.05 - 1) < 0.15, `activity ${top.activityMBq} MBq`);
    assert.ok(top.uncertaintyMm > 0 && top.uncertaintyMm < 2.5, `uncertainty ${top.uncertaintyMm} mm`);
  });

  test('a tracker 0.2 s late: the latency estimate finds the shift (within one 0.05 s step)', () => {
    const source: [number, number, number] = [0.3, 0.5, 0];
    const { poses, frames } = scan(pointInAir(source, 0.05), 4, 30, 2);
    // The tracker stamps each pose 0.2 s after the moment it shows.
    const late = poses.map((p) => ({ ...p, timeSeconds: p.timeSeconds + 0.2 }));
    const probe = findProbePreset('csi-14mm');
    assert.ok(probe);
    const base = { frames, poses: late, probe, nuclide: 'Tc-99m', medium: { kind: 'air' } as const };
    const made = reconstructMap({
      ...base,
      voxelSizeMm: 4,
      depthCm: 4,
      latencySeconds: 0,
      maxGapSeconds: 0.5,
    });
    assert.ok(made.ok);
    const model = detectorFor({ probe, nuclide: 'Tc-99m', depthCm: 4 });
    assert.ok(model.ok);
    const estimate = estimateLatency({
      ...base,
      model: model.value,
      sources: made.value.hotspots,
      backgroundCps: made.value.backgroundCps,
      maxGapSeconds: 0.5,
      rangeSeconds: 0.4,
      stepSeconds: 0.05,
      depthCm: 4,
    });
    assert.ok(estimate);
    assert.ok(
      Math.abs(estimate.latencySeconds - 0.2) <= 0.05 + 1e-9,
      `estimated ${estimate.latencySeconds} s`,
    );
  });

  test('a live map whose first frames counted nothing (a source in air, no background) finds the source later', () => {
    const source: [number, number, number] = [0.7, -0.4, 0];
    const { poses, frames } = scan(pointInAir(source, 0.05), 3, 30, 2);
    const probe = findProbePreset('csi-14mm');
    assert.ok(probe);
    const model = detectorFor({ probe, nuclide: 'Tc-99m', depthCm: 4 });
    assert.ok(model.ok);
    const aligned = alignFrames(frames, poses, { latencySeconds: 0, maxGapSeconds: 0.5 });
    assert.ok(aligned.ok);
    // The first second counted nothing (as over a check source's far side): MLEM's first map is all zero.
    const posed = aligned.value.frames.map((f, i) => (i < 10 ? { ...f, counts: 0 } : f));
    const grid = gridOverScan(posed, {
      voxelSizeCm: 0.5,
      depthCm: 4,
      medium: { kind: 'air' },
      marginCm: 1,
      maxVoxels: 400_000,
    });
    assert.ok(grid.ok);
    const live = createLiveMap({ grid: grid.value, detector: model.value, medium: { kind: 'air' } });
    let last: ReturnType<typeof live.update> | null = null;
    for (let n = 10; n <= posed.length; n += 20) {
      live.add(posed.slice(n === 10 ? 0 : n - 20, n));
      last = live.update(LIVE_MLEM, LIVE_HOTSPOTS, posed.slice(0, n));
    }
    assert.ok(last);
    const top = last.hotspots[0];
    assert.ok(top, 'a live hotspot');
    const errorMm = Math.hypot(...top.positionCm.map((v, a) => v - (source[a] as number))) * 10;
    assert.ok(errorMm <= 5, `live hotspot ${errorMm.toFixed(1)} mm from the source`);
  });

  test('bad input is an issue naming the problem', () => {
    const probe = findProbePreset('csi-14mm');
    assert.ok(probe);
    const base = {
      frames: [{ startSeconds: 0, durationSeconds: 0.1, counts: 3 }],
      poses: [
        { timeSeconds: 0, positionCm: [0, 0, 1] as const, direction: [0, 0, -1] as const },
        { timeSeconds: 0.2, positionCm: [0, 0, 1] as const, direction: [0, 0, 0] as const },
      ],
      probe,
      nuclide: 'Tc-99m',
      medium: { kind: 'air' } as const,
      voxelSizeMm: 2.5,
      depthCm: 4,
      latencySeconds: 0,
      maxGapSeconds: 0.5,
    };
    const zero = reconstructMap(base);
    assert.ok(!zero.ok && /zero vector/.test(firstIssue(zero.issues).message));
    const voxel = reconstructMap({ ...base, voxelSizeMm: 0 });
    assert.ok(!voxel.ok && /voxel size/.test(firstIssue(voxel.issues).message));
    const nuclide = reconstructMap({
      ...base,
      nuclide: 'Xx-1',
      poses: [base.poses[0] as (typeof base.poses)[0]],
    });
    assert.ok(!nuclide.ok);
  });
});
