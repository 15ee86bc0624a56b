import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeSensitivity, meanActivityDuringCount } from './sensitivity.js';

test('sensitivity in air: 60,000 counts in 10 s from 1 MBq with 2 cps background = 5,998 cps/MBq', () => {
  const r = computeSensitivity({
    medium: 'air',
    sourceActivityMBq: 1,
    halfLifeSeconds: null,
    backgroundCps: 2,
    counts: [
      { distanceMm: 30, counts: 9000, seconds: 10 },
      { distanceMm: 10, counts: 60000, seconds: 10 },
    ],
  });
  assert.ok(r.ok);
  assert.equal(r.value.atSmallestDistance.distanceMm, 10);
  assert.equal(r.value.atSmallestDistance.sensitivityCpsPerMBq, 5998);
  // σ = √60000 / 10 s / 1 MBq = 24.49 cps/MBq.
  assert.ok(Math.abs(r.value.atSmallestDistance.uncertaintyCpsPerMBq - Math.sqrt(60000) / 10) < 1e-9);
  assert.deepEqual(
    r.value.rows.map((x) => x.distanceMm),
    [10, 30],
  );
});

test('mean activity over a count: Tc-99m (T½ 6.0067 h) counted for one half-life from t = 0 averages A·(1 − ½)/ln 2 = 0.7213 A', () => {
  // ∫0^T e^{−λt} dt / T with λT = ln 2 gives (1 − 1/2)/ln 2 = 0.72135.
  const h = 6.0067 * 3600;
  const a = meanActivityDuringCount({
    activityMBq: 1,
    halfLifeSeconds: h,
    startSeconds: 0,
    durationSeconds: h,
  });
  assert.ok(Math.abs(a - 0.5 / Math.LN2) < 1e-12);
  // And one half-life later everything halves.
  const b = meanActivityDuringCount({
    activityMBq: 1,
    halfLifeSeconds: h,
    startSeconds: h,
    durationSeconds: 1,
  });
  assert.ok(Math.abs(b - 0.5) < 1e-4);
});

test('decay-corrected scatter series: a count 1 half-life after the reference uses half the activity', () => {
  const h = 6.0067 * 3600;
  const r = computeSensitivity({
    medium: 'scatter',
    sourceActivityMBq: 2,
    halfLifeSeconds: h,
    backgroundCps: 0,
    counts: [{ distanceMm: 20, counts: 10000, seconds: 1e-3, elapsedSeconds: h }],
  });
  assert.ok(r.ok);
  // 1e7 cps / 1 MBq
  assert.ok(Math.abs(r.value.rows[0]!.sensitivityCpsPerMBq / 1e7 - 1) < 1e-6);
  assert.equal(r.value.rows[0]!.decayCorrected, true);
});

test('refuses elapsedSeconds without a half-life, duplicate distances, fractional counts (line named)', () => {
  const base = { medium: 'air' as const, sourceActivityMBq: 1, backgroundCps: 0 };
  const noHalfLife = computeSensitivity({
    ...base,
    halfLifeSeconds: null,
    counts: [{ distanceMm: 10, counts: 5, seconds: 1, elapsedSeconds: 60, line: 2 }],
  });
  assert.ok(!noHalfLife.ok && /line 2/.test(noHalfLife.issues[0]!.message));
  const dup = computeSensitivity({
    ...base,
    halfLifeSeconds: null,
    counts: [
      { distanceMm: 10, counts: 5, seconds: 1, line: 2 },
      { distanceMm: 10, counts: 6, seconds: 1, line: 3 },
    ],
  });
  assert.ok(!dup.ok && dup.issues[0]?.code === 'duplicate-distance' && dup.issues[0]?.line === 3);
  assert.equal(
    computeSensitivity({
      ...base,
      halfLifeSeconds: null,
      counts: [{ distanceMm: 1, counts: 2.5, seconds: 1 }],
    }).ok,
    false,
  );
});
