import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import { AdaptiveRate, DEFAULT_ADAPTIVE_RATE, FixedWindowRate } from './rate-estimators.js';

describe('rate estimators', () => {
  test('fixed window holds whole frames of the last N seconds', () => {
    const w = new FixedWindowRate(1);
    let last = { counts: 0, seconds: 0 };
    for (let i = 0; i < 25; i++) last = w.push({ endSeconds: (i + 1) * 0.1, seconds: 0.1, counts: i });
    // Frames 15..24 end within the last second: counts 15 + … + 24 = 195.
    assert.equal(last.counts, 195);
    assert.ok(Math.abs(last.seconds - 1) < 1e-9);
  });

  test('fixed window over a gap covers only counted time', () => {
    const w = new FixedWindowRate(2);
    w.push({ endSeconds: 0.5, seconds: 0.5, counts: 10 });
    const s = w.push({ endSeconds: 2.0, seconds: 0.5, counts: 10 });
    assert.equal(s.counts, 20);
    assert.equal(s.seconds, 1);
  });

  test('adaptive: follows a 3x step within a few frames (seeded)', () => {
    const random = createRandom(5);
    const a = new AdaptiveRate();
    let detectedAfter = -1;
    for (let i = 0; i < 100; i++) {
      const rate = i < 50 ? 50 : 150;
      const u = a.push({
        endSeconds: (i + 1) * 0.1,
        seconds: 0.1,
        counts: samplePoisson(random, rate * 0.1),
      });
      if (i >= 50 && u.changed && detectedAfter < 0) detectedAfter = i - 49;
    }
    assert.ok(detectedAfter >= 1 && detectedAfter <= 4, `detected after ${detectedAfter} frames`);
    const s = a.sums();
    assert.ok(Math.abs(s.counts / s.seconds - 150) < 30, `post-step rate ${s.counts / s.seconds}`);
  });

  test('adaptive: calm in steady state — rare restarts, window grows to its maximum (seeded)', () => {
    const random = createRandom(11);
    const a = new AdaptiveRate();
    let restarts = 0;
    const frames = 6000; // 10 min at 0.1 s
    for (let i = 0; i < frames; i++) {
      if (a.push({ endSeconds: (i + 1) * 0.1, seconds: 0.1, counts: samplePoisson(random, 5) }).changed)
        restarts += 1;
    }
    assert.ok(restarts <= 6, `${restarts} false restarts in 10 min`);
    const s = a.sums();
    assert.ok(
      s.seconds > 10 && s.seconds <= DEFAULT_ADAPTIVE_RATE.maxWindowSeconds + 1e-9,
      `window ${s.seconds} s`,
    );
  });
});
