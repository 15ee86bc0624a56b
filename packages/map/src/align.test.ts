import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstIssue } from '@openrgs/outcome';
import { alignFrames, fromTip, type TrackedPose } from '../src/index.js';

const poses: TrackedPose[] = [
  { timeSeconds: 0, positionCm: [0, 0, 1], direction: [0, 0, -1] },
  { timeSeconds: 1, positionCm: [2, 0, 1], direction: [0, 0, -1] },
  { timeSeconds: 3, positionCm: [4, 0, 1], direction: [0, 0, -1] },
];

describe('alignFrames', () => {
  test('the pose is interpolated at the frame midpoint, shifted by the latency; uncovered frames are left out', () => {
    const frames = [
      { startSeconds: 0, durationSeconds: 0.5, counts: 1 }, // midpoint 0.25 → x = 0.5
      { startSeconds: 1.5, durationSeconds: 1, counts: 2 }, // midpoint 2 → x = 3 (between 1 s and 3 s)
      { startSeconds: 3, durationSeconds: 0.2, counts: 3 }, // midpoint 3.1: after the last sample
    ];
    const a = alignFrames(frames, poses, { latencySeconds: 0, maxGapSeconds: 5 });
    assert.ok(a.ok);
    assert.deepEqual(
      a.value.frames.map((f) => f.tipCm[0]),
      [0.5, 3],
    );
    assert.equal(a.value.unposedFrames, 1);
    // A pose stamped t shows the probe at t − 0.25 s: the frame at 0.25 s takes the pose stamped 0.5 s.
    const late = alignFrames(frames.slice(0, 1), poses, { latencySeconds: 0.25, maxGapSeconds: 5 });
    assert.ok(late.ok);
    assert.equal(late.value.frames[0]?.tipCm[0], 1);
    // A tracker gap wider than allowed: the frame in it is left out, not given a guessed pose.
    const gap = alignFrames(frames.slice(1, 2), poses, { latencySeconds: 0, maxGapSeconds: 1.5 });
    assert.ok(gap.ok);
    assert.equal(gap.value.frames.length, 0);
  });

  test('poses out of order are an issue naming the sample', () => {
    const bad = alignFrames([], [poses[1] as TrackedPose, poses[0] as TrackedPose], {
      latencySeconds: 0,
      maxGapSeconds: 1,
    });
    assert.ok(
      !bad.ok && firstIssue(bad.issues).code === 'poses-not-increasing' && firstIssue(bad.issues).index === 1,
    );
  });
});

describe('fromTip', () => {
  test('depth along the axis and the sideways offset in patient words', () => {
    // Tip at z = 5 looking down; the target 18 mm below and 6 mm toward the head (+y).
    const d = fromTip([0, 0, 5], [0, 0, -1], [0, 0.6, 3.2]);
    assert.equal(d.words, '18 mm deeper, 6 mm toward the head');
    assert.ok(Math.abs(d.depthMm - 18) < 1e-9);
    assert.ok(Math.abs(d.distanceMm - Math.hypot(18, 6)) < 1e-9);
  });
});
