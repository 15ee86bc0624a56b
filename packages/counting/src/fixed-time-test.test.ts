import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { matchedFixedTimeTest } from './fixed-time-test.js';

// Oracle: @stdlib's Poisson CDF (a separate, well-kept implementation), not our gammaP/gammaQ.
// P(X >= c | μ) = 1 - F(c - 1; μ); P(X < c | μ) = F(c - 1; μ).
const upperTail = (c: number, mean: number) => 1 - poissonCdf(c - 1, mean);
const lowerTail = (c: number, mean: number) => poissonCdf(c - 1, mean);

/** The definition, searched by brute force with the oracle: first length (frames) at which a test works. */
function shortestByOracle(o: {
  rate0Cps: number;
  rate1Cps: number;
  alpha: number;
  beta: number;
  frameSeconds: number;
}) {
  for (let frames = 1; frames < 100_000; frames++) {
    const t = frames * o.frameSeconds;
    let c = 1;
    while (upperTail(c, o.rate0Cps * t) > o.alpha) c += 1;
    if (lowerTail(c, o.rate1Cps * t) <= o.beta) return { frames, criticalCounts: c };
  }
  throw new Error('oracle found none');
}

describe('matched fixed-time test (exact Poisson tails)', () => {
  test('hand-worked: 1 vs 10 cps, α = β = 5 %, 1-s frames → one frame, critical count 4', () => {
    // μ0 = 1: P(X >= 3) = 1 - e⁻¹(1 + 1 + 1/2) = 0.0803 > 5 %; P(X >= 4) = 1 - e⁻¹(1 + 1 + 1/2 + 1/6) = 0.01899.
    // μ1 = 10: P(X < 4) = e⁻¹⁰(1 + 10 + 50 + 166.67) = 0.010336 <= 5 %: one frame suffices.
    const f = matchedFixedTimeTest({ rate0Cps: 1, rate1Cps: 10, alpha: 0.05, beta: 0.05, frameSeconds: 1 });
    assert.equal(f.frames, 1);
    assert.equal(f.countSeconds, 1);
    assert.equal(f.criticalCounts, 4);
    assert.ok(Math.abs(f.achievedAlpha - 0.018988157) < 1e-8, `${f.achievedAlpha}`);
    assert.ok(Math.abs(f.achievedBeta - 0.010336051) < 1e-8, `${f.achievedBeta}`);
  });

  test('hand-worked: 10 vs 20 cps, α = β = 30 %, 0.1-s frames → three frames, critical count 5', () => {
    // 1 frame (μ0 1, μ1 2): c = 2 (P(X >= 1 | 1) = 0.632, P(X >= 2 | 1) = 0.264); P(X < 2 | 2) = 3e⁻² = 0.406 > 30 %.
    // 2 frames (μ0 2, μ1 4): c = 3 (P(X >= 3 | 2) = 1 - 5e⁻² = 0.323 > 30 %, P(X >= 4 | 2) = 0.143);
    //   so c = 4, P(X < 4 | 4) = e⁻⁴(1 + 4 + 8 + 10.67) = 0.433 > 30 %.
    // 3 frames (μ0 3, μ1 6): P(X >= 4 | 3) = 1 - e⁻³·13 = 0.353 > 30 %; P(X >= 5 | 3) = 1 - e⁻³·16.375 = 0.1847 → c = 5;
    //   P(X < 5 | 6) = e⁻⁶(1 + 6 + 18 + 36 + 54) = 115·e⁻⁶ = 0.2851 <= 30 %.
    const f = matchedFixedTimeTest({ rate0Cps: 10, rate1Cps: 20, alpha: 0.3, beta: 0.3, frameSeconds: 0.1 });
    assert.equal(f.frames, 3);
    assert.equal(f.criticalCounts, 5);
    assert.ok(Math.abs(f.countSeconds - 0.3) < 1e-12);
    assert.ok(Math.abs(f.achievedAlpha - 0.184736755) < 1e-8, `${f.achievedAlpha}`);
    assert.ok(Math.abs(f.achievedBeta - 0.2850565) < 1e-8, `${f.achievedBeta}`);
  });

  test('the shortest length, where the achieved β is not monotone in the length (1 vs 1.5 cps, α 5 %, β 1 %)', () => {
    // A search that stops at the first length whose predecessor fails returned 810 frames here; the
    // oracle's brute force over every length from one frame finds 795.
    const o = { rate0Cps: 1, rate1Cps: 1.5, alpha: 0.05, beta: 0.01, frameSeconds: 0.1 };
    const f = matchedFixedTimeTest(o);
    const best = shortestByOracle(o);
    assert.deepEqual({ frames: f.frames, criticalCounts: f.criticalCounts }, best);
    assert.equal(best.frames, 795);
    assert.ok(Math.abs(f.achievedAlpha - upperTail(f.criticalCounts, 1 * f.countSeconds)) < 1e-9);
    assert.ok(Math.abs(f.achievedBeta - lowerTail(f.criticalCounts, 1.5 * f.countSeconds)) < 1e-9);
  });

  test('agrees with the brute-force oracle over a grid of settings', () => {
    for (const [rate0Cps, ratio, alpha, beta, frameSeconds] of [
      [5, 2, 0.05, 0.05, 0.1],
      [20, 1.5, 0.01, 0.05, 0.1],
      [100, 1.2, 0.05, 0.2, 0.5],
      [2, 5, 0.4, 0.4, 0.1],
      [50, 3, 0.45, 0.01, 0.1],
    ] as const) {
      const o = { rate0Cps, rate1Cps: rate0Cps * ratio, alpha, beta, frameSeconds };
      const f = matchedFixedTimeTest(o);
      assert.deepEqual(
        { frames: f.frames, criticalCounts: f.criticalCounts },
        shortestByOracle(o),
        JSON.stringify(o),
      );
      assert.ok(Math.abs(f.countSeconds - f.frames * frameSeconds) < 1e-9);
    }
  });

  test('refuses hypotheses and settings it cannot test, naming them', () => {
    const ok = { rate0Cps: 10, rate1Cps: 20, alpha: 0.05, beta: 0.05, frameSeconds: 0.1 };
    const bad: [Partial<typeof ok>, RegExp][] = [
      [{ rate1Cps: 10 }, /need rate1 > rate0 > 0 \(finite\), got rate0 10, rate1 10 cps/],
      [{ rate1Cps: 5 }, /need rate1 > rate0 > 0/],
      [{ rate0Cps: 0 }, /need rate1 > rate0 > 0 \(finite\), got rate0 0, rate1 20 cps/],
      [{ rate0Cps: -1 }, /need rate1 > rate0 > 0/],
      [{ rate1Cps: Number.POSITIVE_INFINITY }, /need rate1 > rate0 > 0/],
      [{ alpha: 0 }, /alpha must be in \(0, 1\), got 0/],
      [{ alpha: 1 }, /alpha must be in \(0, 1\), got 1/],
      [{ beta: 0 }, /beta must be in \(0, 1\), got 0/],
      [{ beta: 1 }, /beta must be in \(0, 1\), got 1/],
      [{ frameSeconds: 0 }, /frameSeconds must be finite and > 0, got 0/],
      [{ frameSeconds: Number.NaN }, /frameSeconds must be finite and > 0, got NaN/],
      [{ frameSeconds: Number.POSITIVE_INFINITY }, /frameSeconds must be finite and > 0, got Infinity/],
    ];
    for (const [change, message] of bad) {
      assert.throws(() => matchedFixedTimeTest({ ...ok, ...change }), message, JSON.stringify(change));
    }
    // The limits themselves: the smallest legal values still give a test.
    assert.ok(matchedFixedTimeTest({ ...ok, rate0Cps: 1e-3, rate1Cps: 1 }).frames >= 1);
  });
});
