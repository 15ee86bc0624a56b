// The station map's pose for a frame from tracker samples (interpolated at the frame's midpoint, else the
// nearest within 100 ms, else none) and the patient-frame → RAS convention of 3D Slicer (RAS: R is
// the patient's right, A anterior, S superior; our frame: +x left, +y head, +z anterior).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualSource } from '../test-support.js';
import { toRasMm } from './igtl-points.js';
import { poseTransformRas, TrackedMap } from './tracked-map.js';

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

test('patient frame (cm) → RAS (mm), as 3D Slicer takes what it receives: left is −R, anterior is A, head is S', () => {
  // Written out by hand: (1 cm left, 2 cm toward the head, 3 cm anterior) = R −10, A 30, S 20 mm.
  assert.deepEqual(toRasMm([1, 2, 3]), [-10, 30, 20]);
  // On the plane x = 0 the R coordinate is +0, not −0 (receivers print −0 as "-0").
  assert.ok(Object.is(toRasMm([0, 1, 1])[0], 0));
  // A probe looking down (posterior) at the origin: the third column is −A.
  const t = poseTransformRas({ positionCm: [0, 0, 0], direction: [0, 0, -1] });
  assert.deepEqual([t.rotation[2], t.rotation[5], t.rotation[8]], [0, -1, 0]);
  // A probe at (2, 0, 5) cm looking toward the patient's left (+x): the third column is −R, the origin
  // R −20, A 50, S 0 mm, and the rotation is proper (determinant +1: no mirror).
  const l = poseTransformRas({ positionCm: [2, 0, 5], direction: [1, 0, 0] });
  assert.deepEqual([l.rotation[2], l.rotation[5], l.rotation[8]], [-1, 0, 0]);
  assert.deepEqual(l.translationMm, [-20, 50, 0]);
  const r = l.rotation;
  const det =
    r[0] * (r[4] * r[8] - r[5] * r[7]) -
    r[1] * (r[3] * r[8] - r[5] * r[6]) +
    r[2] * (r[3] * r[7] - r[4] * r[6]);
  assert.ok(Math.abs(det - 1) < 1e-12, `determinant ${det}`);
});
