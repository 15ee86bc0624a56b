import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { matchedFixedTimeTest } from './fixed-time-test.js';
import { SequentialTest, waldAsnSeconds, waldBoundaries, waldExpectedSecondsFrom } from './sprt.js';
import { calibrateSprt, exactSprtCharacteristics } from './sprt-calibration.js';

const h = { rate0Cps: 10, rate1Cps: 20, alpha: 0.05, beta: 0.05 };

describe("Wald's SPRT (Wald 1945 Ann Math Stat 16:117; Sequential Analysis 1947)", () => {
  test('boundaries: A = (1-β)/α, B = β/(1-α)', () => {
    const b = waldBoundaries(0.05, 0.05);
    assert.ok(Math.abs(b.upper - Math.log(19)) < 1e-15 && Math.abs(b.lower + Math.log(19)) < 1e-15);
    const c = waldBoundaries(0.01, 0.1);
    assert.ok(Math.abs(c.upper - Math.log(90)) < 1e-14 && Math.abs(c.lower - Math.log(0.1 / 0.99)) < 1e-14);
  });

  test('ASN, hand-worked for 10 vs 20 cps, α = β = 5 %', () => {
    // Drift per second under H1: 20·ln2 - 10 = 3.862944; under H0: 10·ln2 - 10 = -3.068528.
    // E1[T] = (0.95·ln19 - 0.05·ln19)/3.862944 = 0.686004 s; E0[T] = (0.05·ln19 - 0.95·ln19)/-3.068528 = 0.863605 s.
    assert.ok(Math.abs(waldAsnSeconds(h, 'H1') - 0.686004) < 1e-6, `${waldAsnSeconds(h, 'H1')}`);
    assert.ok(Math.abs(waldAsnSeconds(h, 'H0') - 0.863605) < 1e-6, `${waldAsnSeconds(h, 'H0')}`);
  });

  test('expected further time from the start equals the ASN at the hypotheses (Wald 1947 §3.3)', () => {
    const b = waldBoundaries(0.05, 0.05);
    // With h(θ) from E[e^{hz}] = 1, P(upper) from 0 is α under H0 and 1-β under H1 (Wald's identity).
    assert.ok(Math.abs(waldExpectedSecondsFrom(0, b, h, 20) - waldAsnSeconds(h, 'H1')) < 1e-6);
    assert.ok(Math.abs(waldExpectedSecondsFrom(0, b, h, 10) - waldAsnSeconds(h, 'H0')) < 1e-6);
    // Zero drift (rate = Δ/lnR = 14.427 cps): (a)(-b)/Var = ln19²/(14.427·ln2²).
    const theta = 10 / Math.log(2);
    const expected = Math.log(19) ** 2 / (theta * Math.log(2) ** 2);
    assert.ok(Math.abs(waldExpectedSecondsFrom(0, b, h, theta) - expected) < 1e-6 * expected);
  });

  test('exact dynamic programming agrees with a seeded simulation of the running test', () => {
    const boundaries = waldBoundaries(0.05, 0.05);
    const exact = exactSprtCharacteristics({ hypotheses: h, boundaries, frameSeconds: 0.1, trueRateCps: 10 });
    const random = createRandom(42);
    const trials = 4000;
    let positives = 0;
    let frames = 0;
    for (let i = 0; i < trials; i++) {
      const t = new SequentialTest(h, boundaries);
      while (t.verdict === 'undecided') {
        t.push(samplePoisson(random, 1), 0.1);
        frames += 1;
      }
      if (t.verdict === 'positive') positives += 1;
    }
    const p = positives / trials;
    assert.ok(
      Math.abs(p - exact.pPositive) < 3 * Math.sqrt((exact.pPositive * (1 - exact.pPositive)) / trials),
      `${p} vs ${exact.pPositive}`,
    );
    assert.ok(
      Math.abs(frames / trials - exact.expectedFrames) < 0.05 * exact.expectedFrames,
      `${frames / trials} vs ${exact.expectedFrames}`,
    );
    // Wald's boundaries are conservative with frames: the exact error rate is below nominal.
    assert.ok(exact.pPositive < 0.05 && exact.pPositive + exact.pNegative > 1 - 1e-9);
  });

  test('calibrated boundaries: exact error rates <= nominal and a shorter test than Wald boundaries', () => {
    for (const [rate0, ratio] of [
      [10, 1.5],
      [50, 2],
      [200, 1.2],
    ] as const) {
      const hyp = { rate0Cps: rate0, rate1Cps: rate0 * ratio, alpha: 0.05, beta: 0.05 };
      const c = calibrateSprt(hyp, 0.1);
      assert.ok(
        c.achievedAlpha <= 0.05 && c.achievedBeta <= 0.05,
        `${rate0}/${ratio}: ${c.achievedAlpha} ${c.achievedBeta}`,
      );
      const wald = exactSprtCharacteristics({
        hypotheses: hyp,
        boundaries: c.waldBoundaries,
        frameSeconds: 0.1,
        trueRateCps: rate0,
      });
      assert.ok(c.expectedSecondsH0 <= wald.expectedFrames * 0.1 + 1e-12, 'calibrated test is not longer');
      assert.ok(c.boundaries.upper <= c.waldBoundaries.upper && c.boundaries.lower >= c.waldBoundaries.lower);
    }
  });

  test('seeded simulation: calibrated SPRT error rates at or below nominal (10 vs 15 cps, 0.1 s frames)', () => {
    const hyp = { rate0Cps: 10, rate1Cps: 15, alpha: 0.05, beta: 0.05 };
    const c = calibrateSprt(hyp, 0.1);
    const random = createRandom(2024);
    const trials = 2000;
    const run = (rate: number) => {
      let positives = 0;
      for (let i = 0; i < trials; i++) {
        const t = new SequentialTest(hyp, c.boundaries);
        while (t.verdict === 'undecided') t.push(samplePoisson(random, rate * 0.1), 0.1);
        if (t.verdict === 'positive') positives += 1;
      }
      return positives / trials;
    };
    const se = Math.sqrt((0.05 * 0.95) / trials);
    assert.ok(run(10) <= 0.05 + 3 * se, 'false positives');
    assert.ok(1 - run(15) <= 0.05 + 3 * se, 'false negatives');
  });

  test('matched fixed-time test meets alpha and beta by exact Poisson tails and is the shortest such', () => {
    const f = matchedFixedTimeTest({
      rate0Cps: 50,
      rate1Cps: 75,
      alpha: 0.05,
      beta: 0.05,
      frameSeconds: 0.1,
    });
    // Oracle: @stdlib's Poisson CDF (a separate, well-kept implementation), not our gammaP/gammaQ.
    // P(X >= c | μ) = 1 - F(c - 1; μ); P(X < c | μ) = F(c - 1; μ).
    const upperTail = (c: number, mean: number) => 1 - poissonCdf(c - 1, mean);
    const lowerTail = (c: number, mean: number) => poissonCdf(c - 1, mean);
    assert.ok(f.achievedAlpha <= 0.05 && f.achievedBeta <= 0.05);
    assert.ok(Math.abs(upperTail(f.criticalCounts, 50 * f.countSeconds) - f.achievedAlpha) < 1e-9);
    assert.ok(Math.abs(lowerTail(f.criticalCounts, 75 * f.countSeconds) - f.achievedBeta) < 1e-9);
    assert.ok(upperTail(f.criticalCounts, 50 * f.countSeconds) <= 0.05);
    assert.ok(lowerTail(f.criticalCounts, 75 * f.countSeconds) <= 0.05);
    // Normal approximation: t ≈ ((1.645·(√50 + √75))/25)² = 1.14 s; exact is close.
    assert.ok(f.countSeconds > 0.9 && f.countSeconds < 1.4, `${f.countSeconds}`);
    assert.ok(Math.abs(f.countSeconds - f.frames * 0.1) < 1e-12);
    // Shortest: one frame less, no critical count meets both. The smallest c with P(X >= c | 50t) <= α
    // is the one most favourable to β (P(X < c | 75t) grows with c), so checking it suffices.
    const t = (f.frames - 1) * 0.1;
    let c = 0;
    while (upperTail(c, 50 * t) > 0.05) c += 1;
    assert.ok(lowerTail(c, 75 * t) > 0.05, `${f.frames - 1} frames would do with c = ${c}`);
  });

  test('a decided test keeps its verdict: later frames do not overwrite it (Wald stops at the boundary)', () => {
    // 10 vs 20 cps, α = β = 5 %: boundaries ±ln 19 = ±2.944.
    const t = new SequentialTest(h, waldBoundaries(0.05, 0.05));
    // One 1-s frame of 30 counts: z = 30·ln 2 - 10·1 = 10.794 ≥ 2.944 → positive at 1 s.
    t.push(30, 1);
    assert.equal(t.verdict, 'positive');
    assert.equal(t.decisionSeconds, 1);
    assert.ok(Math.abs(t.llr - (30 * Math.LN2 - 10)) < 1e-12);
    // Then 5 s with no counts: z = -50, which alone would cross the lower boundary. The verdict stays.
    t.push(0, 5);
    assert.equal(t.verdict, 'positive');
    assert.equal(t.decisionSeconds, 1);
    assert.ok(Math.abs(t.llr - (30 * Math.LN2 - 10)) < 1e-12);
    assert.equal(t.totalSeconds, 6);
    assert.equal(t.totalCounts, 30);
    assert.equal(t.expectedSecondsToDecide(), 0);
  });
});

describe('expected seconds to a decision (Wald ASN with Siegmund’s overshoot correction, 1985)', () => {
  const regimes: [number, number, number][] = [
    // [background cps, tested T/B, true rate as a multiple of the background]
    [100, 2, 2],
    [50, 1.5, 1.5],
    [20, 1.5, 1],
    [10, 1.5, 1.5],
    [5, 2, 2],
    [5, 2, 1],
    [20, 1.5, 1.25],
    [50, 1.2, 1.2],
  ];
  for (const [background, ratio, factor] of regimes) {
    test(`background ${background} cps, T/B ${ratio}, true ${factor}× background: the time taken is 0.8–2.3× the estimate`, () => {
      const random = createRandom(20261126);
      const hypotheses = { rate0Cps: background, rate1Cps: background * ratio, alpha: 0.05, beta: 0.05 };
      const { boundaries } = calibrateSprt(hypotheses, 0.1);
      const trueFrameMean = background * factor * 0.1;
      let estimated = 0;
      let taken = 0;
      let runs = 0;
      for (let run = 0; run < 3000; run++) {
        const sprt = new SequentialTest(hypotheses, boundaries);
        sprt.push(samplePoisson(random, trueFrameMean), 0.1);
        if (sprt.verdict !== 'undecided') continue;
        const estimate = sprt.expectedSecondsToDecide();
        assert.ok(estimate >= 0.1 - 1e-12, 'never less than one frame');
        while (sprt.verdict === 'undecided' && sprt.totalSeconds < 600) {
          sprt.push(samplePoisson(random, trueFrameMean), 0.1);
        }
        estimated += estimate;
        taken += sprt.totalSeconds - 0.1;
        runs += 1;
      }
      assert.ok(runs >= 200, `${runs} undecided after one frame`);
      const ratioTakenToEstimate = taken / estimated;
      assert.ok(
        ratioTakenToEstimate >= 0.8 && ratioTakenToEstimate <= 2.3,
        `mean time taken ${(taken / runs).toFixed(2)} s, mean estimate ${(estimated / runs).toFixed(2)} s (ratio ${ratioTakenToEstimate.toFixed(2)})`,
      );
    });
  }
});
