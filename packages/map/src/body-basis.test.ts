// The body's own activity in the model (body-basis.ts, body-fit.ts): a point source over a uniform slab of
// activity in water. The frames come from the simulator (its response table, Barnes–Hut sum over the
// slab's sources, tissue path through its body, Poisson draws), not from the map's coarse basis; the truth
// is what we put in: the point's position, and no other source.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, deriveSeed } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import { createSimulation, findProbePreset, type Lesion, type Scenario } from '@openrgs/sim';
import { createBodyBasis, DEFAULT_BODY_BASIS } from './body-basis.js';
import {
  detectorFor,
  type FrameInput,
  freehandSweep,
  gridOverScan,
  poseAtTime,
  reconstructMap,
} from './index.js';

const SURFACE_Z_CM = 0;

/**
 * A slab 16 × 16 × 4 cm under the surface at 5 kBq/mL, and from 2 cm deep on the side x > 1 cm at
 * 20 kBq/mL (an organ under the bowel), as 1 cm³ point sources in water (no tracer).
 */
function slab(): Lesion[] {
  const out: Lesion[] = [];
  for (let x = -7.5; x <= 7.5; x += 1)
    for (let y = -7.5; y <= 7.5; y += 1)
      for (let z = SURFACE_Z_CM - 0.5; z >= SURFACE_Z_CM - 3.5; z -= 1)
        out.push({
          id: `slab-${x}-${y}-${z}`,
          label: 'slab',
          centerCm: [x, y, z],
          diameterCm: 0.1,
          uptake: { kind: 'activity', activityMBq: x > 1 && z < SURFACE_Z_CM - 2 ? 0.02 : 0.005 },
          imaging: 'not-seen',
          palpable: false,
          tumour: false,
          note: '',
        });
  return out;
}

function phantom(point: [number, number, number] | null): Scenario {
  const lesions = slab();
  if (point)
    lesions.push({
      id: 'point',
      label: 'point',
      centerCm: point,
      diameterCm: 0.1,
      uptake: { kind: 'activity', activityMBq: 0.1 },
      imaging: 'seen',
      palpable: false,
      tumour: false,
      note: '',
    });
  return {
    name: 'test-point-over-slab',
    title: 'point over a slab',
    description: 'a Tc-99m point source 1.5 cm deep over a uniform 4 cm slab of activity in water',
    tracer: null,
    nuclide: 'Tc-99m',
    injectedActivityMBq: 0,
    hoursAfterInjection: 0,
    probe: 'csi-14mm',
    patient: true,
    lesions,
    openAbdomenZCm: SURFACE_Z_CM,
    startPose: { positionCm: [0, 0, SURFACE_Z_CM + 1], direction: [0, 0, -1] },
    surveyPlaneZCm: SURFACE_Z_CM,
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
    surfaceZCm: SURFACE_Z_CM,
    standoffCm: 0.2,
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

const probe = findProbePreset('csi-14mm');
const medium = { kind: 'tissue-below', surfaceZCm: SURFACE_Z_CM } as const;

function reconstruct(data: ReturnType<typeof scan>, body?: null) {
  assert.ok(probe);
  const made = reconstructMap({
    ...data,
    probe,
    nuclide: 'Tc-99m',
    medium,
    voxelSizeMm: 5,
    depthCm: 5,
    latencySeconds: 0,
    maxGapSeconds: 0.5,
    ...(body === null ? { body: null } : {}),
  });
  assert.ok(made.ok, made.ok ? '' : firstIssue(made.issues).message);
  return made.value;
}

describe('the body basis', () => {
  test('is a partition of unity: its columns sum to the response integrated over the region', () => {
    assert.ok(probe);
    const model = detectorFor({ probe, nuclide: 'Tc-99m', depthCm: 5 });
    assert.ok(model.ok);
    const grid = gridOverScan([{ tipCm: [0, 0, 0.2], direction: [0, 0, -1] }], {
      voxelSizeCm: 0.5,
      depthCm: 5,
      medium,
      marginCm: 0.5,
      maxVoxels: 1e5,
    });
    assert.ok(grid.ok);
    const basis = createBodyBasis({
      grid: grid.value,
      medium,
      detector: model.value,
      basis: DEFAULT_BODY_BASIS,
    });
    assert.ok(basis);
    // Straight down, 2 mm over the surface: every sub-point of the region that the probe sees counts once
    // (the hat weights of a point sum to 1), so Σ columns is the mean response over the sub-points.
    basis.add([
      {
        midSeconds: 0,
        durationSeconds: 1,
        liveTimeSeconds: 1,
        counts: 0,
        tipCm: [0, 0, 0.2],
        direction: [0, 0, -1],
      },
    ]);
    let sum = 0;
    for (const c of basis.columns) sum += c[0] as number;
    assert.ok(sum > 0, 'the probe sees the region below it');
    assert.equal(
      createBodyBasis({
        grid: grid.value,
        medium: { kind: 'air' },
        detector: model.value,
        basis: DEFAULT_BODY_BASIS,
      }),
      null,
    );
  });

  test('an organ template filling the region takes its counts from the hats: the same integral, finer', () => {
    assert.ok(probe);
    const model = detectorFor({ probe, nuclide: 'Tc-99m', depthCm: 5 });
    assert.ok(model.ok);
    const grid = gridOverScan([{ tipCm: [0, 0, 3], direction: [0, 0, -1] }], {
      voxelSizeCm: 0.5,
      depthCm: 5,
      medium,
      marginCm: 0.5,
      maxVoxels: 1e5,
    });
    assert.ok(grid.ok);
    // 3 cm over the surface the response varies slowly over a cell: the 1 cm and 0.5 cm sums agree.
    const frame = {
      midSeconds: 0,
      durationSeconds: 1,
      liveTimeSeconds: 1,
      counts: 0,
      tipCm: [0.3, -0.2, 3] as const,
      direction: [0, 0, -1] as const,
    };
    const hats = createBodyBasis({
      grid: grid.value,
      medium,
      detector: model.value,
      basis: DEFAULT_BODY_BASIS,
    });
    const whole = createBodyBasis({
      grid: grid.value,
      medium,
      detector: model.value,
      basis: { ...DEFAULT_BODY_BASIS, organs: { labels: ['everything'], organOf: () => 0 } },
    });
    assert.ok(hats && whole);
    hats.add([frame]);
    whole.add([frame]);
    const nodes = hats.cells;
    assert.equal(whole.cells, nodes + 1);
    for (let q = 0; q < nodes; q++)
      assert.equal((whole.columns[q] as Float64Array)[0], 0, `hat ${q} kept counts`);
    // Hats: Σ over nodes = Σ over cells of the cell's mean response; the organ: the mean over the region.
    // Cells of the default basis: the grid's span + 2 × 8 cm margin in 4 cm cells, 14 cm deep.
    const cellsAlong = (axis: 0 | 1) => Math.ceil((grid.value.dims[axis] * 0.5 + 16) / 4);
    const basisCells = cellsAlong(0) * cellsAlong(1) * Math.ceil(14 / 4);
    let sum = 0;
    for (let q = 0; q < nodes; q++) sum += (hats.columns[q] as Float64Array)[0] as number;
    const organ = (whole.columns[nodes] as Float64Array)[0] as number;
    assert.ok(organ > 0);
    assert.ok(Math.abs(sum / basisCells / organ - 1) < 0.03, `hats ${sum / basisCells} vs organ ${organ}`);
    assert.ok(Number.isNaN(whole.centresCm[3 * nodes] as number), 'an organ has no one place');
  });

  test('a point source 1.5 cm deep over the slab comes back within one 5 mm voxel, alone (seed 11)', () => {
    const source: [number, number, number] = [0.6, -0.4, SURFACE_Z_CM - 1.5];
    const result = reconstruct(scan(phantom(source), 11, 40));
    const [top, ...rest] = result.hotspots;
    assert.ok(top, 'no hotspot');
    const errorMm = Math.hypot(...top.positionCm.map((v, i) => v - (source[i] as number))) * 10;
    assert.ok(
      errorMm <= 5,
      `hotspot at [${top.positionCm.map((v) => v.toFixed(2))}] is ${errorMm.toFixed(1)} mm off`,
    );
    assert.equal(rest.length, 0, `false hotspots: ${JSON.stringify(rest)}`);
  });

  test('the slab alone gives no hotspot (seed 12); with a uniform background only, its hot side does', () => {
    const data = scan(phantom(null), 12, 40);
    const result = reconstruct(data);
    assert.deepEqual(
      result.hotspots.map((h) => h.positionCm),
      [],
      `false hotspots: ${JSON.stringify(result.hotspots)}`,
    );
    // Why the basis is there: without it the deep hot side is "explained" by point sources on the floor.
    const uniform = reconstruct(data, null);
    assert.ok(
      uniform.hotspots.some((h) => (h.positionCm[0] as number) > 1),
      `without the body basis: ${JSON.stringify(uniform.hotspots.map((h) => h.positionCm))}`,
    );
  });
});
