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

describe('SPRT input checks and edge cases', () => {
  test('refuses hypotheses that are not a test, naming the value', () => {
    const bad: [Partial<typeof h>, RegExp][] = [
      [{ rate0Cps: 0 }, /rate0 must be > 0 cps, got 0/],
      [{ rate0Cps: Number.NaN }, /rate0 must be > 0 cps, got NaN/],
      [
        { rate0Cps: Number.POSITIVE_INFINITY, rate1Cps: Number.POSITIVE_INFINITY },
        /rate0 must be > 0 cps, got Infinity/,
      ],
      [{ rate1Cps: 10 }, /rate1 \(10 cps\) must exceed rate0 \(10 cps\)/],
      [{ rate1Cps: Number.POSITIVE_INFINITY }, /rate1 \(Infinity cps\) must exceed rate0 \(10 cps\)/],
      [{ alpha: 0 }, /alpha must be in \(0, 0.5\), got 0/],
      [{ alpha: 0.5 }, /alpha must be in \(0, 0.5\), got 0.5/],
      [{ beta: 0 }, /beta must be in \(0, 0.5\), got 0/],
      [{ beta: 0.5 }, /beta must be in \(0, 0.5\), got 0.5/],
    ];
    for (const [change, message] of bad) {
      assert.throws(() => new SequentialTest({ ...h, ...change }, waldBoundaries(0.05, 0.05)), message);
    }
    // Just inside each limit is accepted.
    const edge = { rate0Cps: 1e-6, rate1Cps: 1.000001e-6, alpha: 0.4999, beta: 1e-9 };
    assert.equal(new SequentialTest(edge, waldBoundaries(0.4999, 1e-9)).verdict, 'undecided');
    assert.throws(
      () => waldExpectedSecondsFrom(0, waldBoundaries(0.05, 0.05), h, -1),
      /rate must be >= 0 cps, got -1/,
    );
  });

  test('a frame landing exactly on a boundary decides (Wald: accept H1 when Z >= ln A, H0 when Z <= ln B)', () => {
    const probe = new SequentialTest(h, { upper: 100, lower: -100 });
    probe.push(3, 1); // z = 3·ln 2 - 10 = -7.92
    const z = probe.llr;
    assert.ok(Math.abs(z - (3 * Math.LN2 - 10)) < 1e-12);
    const down = new SequentialTest(h, { upper: 100, lower: z });
    down.push(3, 1);
    assert.equal(down.verdict, 'negative');
    assert.equal(down.decisionSeconds, 1);
    const probeUp = new SequentialTest(h, { upper: 100, lower: -100 });
    probeUp.push(20, 1); // z = 20·ln 2 - 10 = 3.86
    const up = new SequentialTest(h, { upper: probeUp.llr, lower: -100 });
    up.push(20, 1);
    assert.equal(up.verdict, 'positive');
  });

  test('a zero-length frame carries no information and leaves the expected time unchanged', () => {
    // z = x·ln(r1/r0) - Δr·0 = 0 for x = 0: the state after it is that before it.
    const a = new SequentialTest(h, waldBoundaries(0.05, 0.05));
    const b = new SequentialTest(h, waldBoundaries(0.05, 0.05));
    a.push(1, 0.1);
    b.push(1, 0.1);
    b.push(0, 0);
    assert.equal(b.llr, a.llr);
    assert.equal(b.expectedSecondsToDecide(), a.expectedSecondsToDecide());
    assert.ok(a.expectedSecondsToDecide() >= 0.1);
  });

  test('expected further time is 0 on or past a boundary', () => {
    const bd = waldBoundaries(0.05, 0.05);
    for (const rate of [10, 20, 10 / Math.log(2), 0]) {
      for (const llr of [bd.upper, bd.upper + 1, bd.lower, bd.lower - 1]) {
        assert.equal(waldExpectedSecondsFrom(llr, bd, h, rate), 0, `rate ${rate}, llr ${llr}`);
      }
    }
  });

  test('near zero drift: the driftless exit time (a - x)(x - b)/σ² (Brownian motion; Karlin & Taylor 1975, ch. 7)', () => {
    // 10 vs 20 cps: the drift r·ln 2 - 10 vanishes at r = 10/ln 2 = 14.427 cps; σ² = r·ln²2 = 10·ln 2 = 6.9315 per s.
    // From x = 1 between ±ln 19 = ±2.944439: (2.944439 - 1)(1 + 2.944439)/6.9315 = 1.106507 s. A rate 2e-10
    // above it (drift 2e-9 per s) must give the same.
    const rate = (10 / Math.LN2) * (1 + 2e-10);
    const got = waldExpectedSecondsFrom(1, waldBoundaries(0.05, 0.05), h, rate);
    assert.ok(Math.abs(got - 1.106507) < 1e-5, `${got}`);
  });

  test('no counts or nearly none: the log-likelihood ratio falls by Δrate each second to ln B', () => {
    // Rate 0: z = -(20 - 10)·t, so from 0 the lower boundary -ln 19 is reached after ln 19/10 = 0.2944439 s.
    const bd = waldBoundaries(0.05, 0.05);
    assert.ok(Math.abs(waldExpectedSecondsFrom(0, bd, h, 0) - 0.2944439) < 1e-6);
    // Rate 0.01 cps: drift 0.01·ln 2 - 10 = -9.993069 per s and the upper boundary has probability ~e^-40:
    // ln 19/9.993069 = 0.294648 s.
    const got = waldExpectedSecondsFrom(0, bd, h, 0.01);
    assert.ok(Math.abs(got - 0.294648) < 1e-6, `${got}`);
  });

  test('a hot lesion far above rate1 (10 vs 20 cps, true 200 cps): Newton finds Wald h, not the trivial root', () => {
    // h solves 200(2^h - 1) = 10h: h ≈ -20 (2^-20 ≈ 1e-6), so from 0 P(upper) = (1 - e^{h·b})/(e^{h·a} - e^{h·b})
    // = 1 - e^-58.9 = 1: E = ln 19/(200·ln 2 - 10) = 2.944439/128.629436 = 0.0228909 s. (Started between the
    // roots, Newton fell onto h = 0 and the estimate was 0.)
    const got = waldExpectedSecondsFrom(0, waldBoundaries(0.05, 0.05), h, 200);
    assert.ok(Math.abs(got - 0.0228909) < 1e-7, `${got}`);
  });

  test('close hypotheses far from the truth: no overflow in P(upper) (100 vs 101 cps)', () => {
    const close = { rate0Cps: 100, rate1Cps: 101, alpha: 0.05, beta: 0.05 };
    const bd = waldBoundaries(0.05, 0.05);
    // True 1000 cps: Wald's h solves 1000(1.01^h - 1) = h, h ≈ -1000, so e^{h·(a - b)} = e^-5889 = 0 and from
    // x = a - 0.001, P(upper) = (e^{h(x - b)} - 1)/(e^{h(a - b)} - 1) = 1: E = (a - x)/drift, drift =
    // 1000·ln 1.01 - 1 = 8.950331 per s → 0.001/8.950331 = 1.117277e-4 s.
    const nearUpper = waldExpectedSecondsFrom(bd.upper - 0.001, bd, close, 1000);
    assert.ok(Math.abs(nearUpper - 1.117277e-4) < 1e-9, `${nearUpper}`);
    // True 10 cps: h ≈ +365, P(upper) from 0 ≈ e^{-h·a} = e^-1075 = 0: E = b/drift = -ln 19/(10·ln 1.01 - 1)
    // = 3.269794 s.
    const fromZero = waldExpectedSecondsFrom(0, bd, close, 10);
    assert.ok(Math.abs(fromZero - 3.269794) < 1e-5, `${fromZero}`);
  });
});
