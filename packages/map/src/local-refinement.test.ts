// The finer-body test (local-refinement.ts, point-fit.ts refinementZ) on a synthetic body with a sharp
// edge: a uniform slab of activity (an organ) whose edge runs 1 cm under the tissue surface, which 4 cm
// hats do not follow. Its counts are computed here by a fine numeric integration (2.5 mm points over the
// slab, the map's point response per point: the oracle is the slab's shape, which no model column has),
// Poisson-drawn from a seeded source. Without the test the edge passes the likelihood-ratio test as
// hotspots; the test removes some of them (not all: this edge is stronger than the kidney scenario's) and
// keeps a point source beside it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import { findProbePreset } from '@openrgs/sim';
import type { PosedFrame } from './align.js';
import {
  type DetectorModel,
  detectorFor,
  type FrameInput,
  reconstructMap,
  type TrackedPose,
} from './index.js';
import { localRefinementColumns } from './local-refinement.js';
import type { Medium } from './medium.js';
import { pointResponse } from './point-response.js';
import type { Vec3 } from './vec.js';

const probe = findProbePreset('csi-14mm');
const medium: Medium = { kind: 'tissue-below', surfaceZCm: 0 };

function fullModel(): DetectorModel {
  assert.ok(probe);
  const made = detectorFor({ probe, nuclide: 'Tc-99m', depthCm: 5 });
  assert.ok(made.ok);
  // As the point fit uses it: the whole response, no cone cutoff.
  return {
    ...made.value,
    cutoffRhoCm: new Float32Array(made.value.cutoffRhoCm.length).fill(made.value.maxRhoCm - 1e-6),
  };
}

/** A raster over x, y ∈ [−4, 4] cm, 0.5 cm apart, the tip 3 mm above the surface, pointing down, 1 s each. */
function raster(): PosedFrame[] {
  const out: PosedFrame[] = [];
  let t = 0;
  for (let j = 0; j <= 16; j++)
    for (let i = 0; i <= 16; i++) {
      const x = -4 + 0.5 * (j % 2 === 0 ? i : 16 - i);
      out.push({
        midSeconds: t + 0.5,
        durationSeconds: 1,
        liveTimeSeconds: 1,
        counts: 0,
        tipCm: [x, -4 + 0.5 * j, 0.3],
        direction: [0, 0, -1],
      });
      t += 1;
    }
  return out;
}

/** Expected counts from a uniform slab x ∈ [0, 6], y ∈ [−6, 6], z ∈ [−4, −1] cm (2.5 mm points). */
function slabCounts(frames: readonly PosedFrame[], model: DetectorModel, mbqPerPoint: number): Float64Array {
  const out = new Float64Array(frames.length);
  const h = 0.25;
  for (let x = h / 2; x < 6; x += h)
    for (let y = -6 + h / 2; y < 6; y += h)
      for (let z = -1 - h / 2; z > -4; z -= h)
        for (let i = 0; i < frames.length; i++)
          out[i] =
            (out[i] as number) +
            mbqPerPoint * pointResponse({ model, medium }, frames[i] as PosedFrame, x, y, z);
  return out;
}

function draw(expected: Float64Array, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from(expected, (m) => samplePoisson(random, m));
}

function reconstruct(
  frames: readonly PosedFrame[],
  counts: readonly number[],
  refine: boolean,
  seenFramesOnly = false,
) {
  assert.ok(probe);
  const inputs: FrameInput[] = frames.map((f, i) => ({
    startSeconds: f.midSeconds - 0.5,
    durationSeconds: 1,
    counts: counts[i] as number,
  }));
  const poses: TrackedPose[] = frames.map((f) => ({
    timeSeconds: f.midSeconds,
    positionCm: f.tipCm,
    direction: f.direction,
  }));
  const made = reconstructMap({
    frames: inputs,
    poses,
    probe,
    nuclide: 'Tc-99m',
    medium,
    voxelSizeMm: 5,
    depthCm: 5,
    latencySeconds: 0,
    maxGapSeconds: 1,
    ...(refine
      ? seenFramesOnly
        ? { hotspots: { refinementSeenFramesOnly: true } }
        : {}
      : { hotspots: { localRefinement: null } }),
  });
  assert.ok(made.ok);
  return made.value.hotspots;
}

describe('localRefinementColumns', () => {
  test('the hats share each sub-point fully: inside the lattice their columns sum to the summed responses', () => {
    // Trilinear weights of a point sum to 1 over its cell's 8 corners (a partition of unity), so the sum of
    // all columns is the plain sum of the point response over the sub-points (here all below the surface).
    const model = fullModel();
    const frames = raster().slice(0, 20);
    const centre: Vec3 = [0.3, -0.2, -3];
    const cols = localRefinementColumns({ frames, model, medium }, centre, {
      spacingCm: 1,
      halfNodes: 1,
      sampleCm: 0.5,
    });
    for (let i = 0; i < frames.length; i++) {
      let want = 0;
      for (const dx of [-0.75, -0.25, 0.25, 0.75])
        for (const dy of [-0.75, -0.25, 0.25, 0.75])
          for (const dz of [-0.75, -0.25, 0.25, 0.75])
            want += pointResponse({ model, medium }, frames[i] as PosedFrame, 0.3 + dx, -0.2 + dy, -3 + dz);
      const got = cols.reduce((s, c) => s + (c[i] as number), 0);
      assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `frame ${i}: ${got} vs ${want}`);
    }
  });
});

describe('a hotspot must beat a finer body in its place (over the frames that see it)', () => {
  const model = fullModel();
  const frames = raster();
  const slab = slabCounts(frames, model, 2e-4);
  const lesion: Vec3 = [-1.5, 0.5, -1.5];

  test('an organ edge 1 cm under the surface: the test removes some of its false hotspots, not all', () => {
    // Measured (seed 11): 3 false hotspots along the edge without the test (ΔL 442–470), 2 with it. The edge
    // of this slab is stronger than the kidney scenario's organs; docs/map.md gives both.
    const counts = draw(
      slab.map((v) => v + 20),
      11,
    );
    const without = reconstruct(frames, counts, false);
    const withTest = reconstruct(frames, counts, true);
    assert.ok(without.length >= 2, `without the test: ${without.length}`);
    assert.ok(
      withTest.length < without.length,
      `${withTest.length} with the test, ${without.length} without`,
    );
  });

  test('a 20 kBq point source 1.5 cm beside the edge is kept (found: within 1 cm, as `rgs bench map` counts)', () => {
    // Judged over all frames (the first form of the test) it lost to the refinement, z = −5.0: the
    // refinement's hats also fitted the edge. Over the frames that see it, z = +2.9. Measured: 6.1 mm off
    // with the test (the edge's misfit pulls it), 2.5 mm without (where the edge keeps 3 false hotspots).
    const point = frames.map((f) => 0.02 * pointResponse({ model, medium }, f, ...lesion));
    const counts = draw(
      slab.map((v, i) => v + 20 + (point[i] as number)),
      12,
    );
    const found = reconstruct(frames, counts, true);
    const near = found.filter(
      (h) => Math.hypot(...h.positionCm.map((v, a) => v - (lesion[a] as number))) <= 1,
    );
    assert.equal(near.length, 1, JSON.stringify(found.map((h) => h.positionCm)));
  });

  test('the cheaper form (the finer body fitted over the frames that see the source, as live updates use it): same verdicts', () => {
    // The same two sweeps as above: the edge keeps fewer false hotspots than without the test, the point
    // beside it is kept.
    const edge = draw(
      slab.map((v) => v + 20),
      11,
    );
    const without = reconstruct(frames, edge, false);
    const cheap = reconstruct(frames, edge, true, true);
    assert.ok(
      cheap.length < without.length,
      `${cheap.length} with the cheap test, ${without.length} without`,
    );
    const point = frames.map((f) => 0.02 * pointResponse({ model, medium }, f, ...lesion));
    const counts = draw(
      slab.map((v, i) => v + 20 + (point[i] as number)),
      12,
    );
    const found = reconstruct(frames, counts, true, true);
    const near = found.filter(
      (h) => Math.hypot(...h.positionCm.map((v, a) => v - (lesion[a] as number))) <= 1,
    );
    assert.equal(near.length, 1, JSON.stringify(found.map((h) => h.positionCm)));
  });
});
