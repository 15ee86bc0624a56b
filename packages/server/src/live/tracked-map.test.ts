// The station map's pose for a frame from tracker samples (interpolated at the frame's midpoint, else the
// nearest within 100 ms, else none) and the patient-frame → LPS convention of 3D Slicer (RAS/LPS: L is
// the patient's left, P posterior, S superior; our frame: +x left, +y head, +z anterior).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualSource } from '../test-support.js';
import { toLpsMm } from './igtl-points.js';
import { poseTransformLps, TrackedMap } from './tracked-map.js';

function probeMap() {
  const map = new TrackedMap(new ManualSource('probe-1'), {
    probeId: 'csi-14mm',
    nuclide: 'Tc-99m',
    medium: { kind: 'air' },
    simulation: null,
    updateIntervalMs: 500,
    log: () => {},
  });
  map.followTracker();
  return map;
}

test('a frame midpoint between two tracker samples gets the interpolated pose', () => {
  const map = probeMap();
  map.pushPose({ positionCm: [0, 0, 10], direction: [0, 0, -1] }, 1000);
  map.pushPose({ positionCm: [1, 2, 10], direction: [1, 0, 0] }, 1100);
  const mid = map.poseFor(1025);
  assert.ok(mid);
  assert.deepEqual(
    mid.positionCm.map((v) => Number(v.toFixed(9))),
    [0.25, 0.5, 10],
  );
  // Normalised linear blend of (0,0,-1) and (1,0,0) at 1/4: (0.25, 0, -0.75) / |…|.
  const n = Math.hypot(0.25, 0.75);
  assert.ok(Math.abs((mid.direction[0] as number) - 0.25 / n) < 1e-12);
  assert.ok(Math.abs((mid.direction[2] as number) + 0.75 / n) < 1e-12);
});

test('after the last sample: the nearest within 100 ms, then none; a 500 ms hole has no pose', () => {
  const map = probeMap();
  map.pushPose({ positionCm: [0, 0, 10], direction: [0, 0, -1] }, 1000);
  map.pushPose({ positionCm: [1, 0, 10], direction: [0, 0, -1] }, 1100);
  assert.deepEqual(map.poseFor(1180)?.positionCm, [1, 0, 10]);
  assert.equal(map.poseFor(1250), null);
  map.pushPose({ positionCm: [5, 0, 10], direction: [0, 0, -1] }, 1600);
  assert.equal(map.poseFor(1350), null, 'samples 500 ms apart are not interpolated');
  assert.deepEqual(map.poseFor(1550)?.positionCm, [5, 0, 10], 'nearest within 100 ms');
});

test('patient frame (cm) → LPS (mm): left stays L, anterior is −P, head is S', () => {
  assert.deepEqual(toLpsMm([1, 2, 3]), [10, -30, 20]);
  // A probe looking down (posterior) at the origin: the third column is +P.
  const t = poseTransformLps({ positionCm: [0, 0, 0], direction: [0, 0, -1] });
  assert.deepEqual([t.rotation[2], t.rotation[5], t.rotation[8]], [0, 1, 0]);
});
