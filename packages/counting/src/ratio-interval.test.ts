import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { rateRatioInterval, targetToBackground } from './ratio-interval.js';

describe('T/B interval by the conditional binomial method', () => {
  test('hand-worked: 10 target vs 10 background counts in equal times', () => {
    // Clopper–Pearson (1934) 95 % for 10 of 20: 0.2719578–0.7280422 (R binom.test(10, 20)).
    // ρ = p/(1-p): 0.2719578/0.7280422 = 0.373546, 0.7280422/0.2719578 = 2.677048.
    const r = rateRatioInterval({
      targetCounts: 10,
      targetSeconds: 1,
      backgroundCounts: 10,
      backgroundSeconds: 1,
      confidence: 0.95,
    });
    assert.equal(r.ratio, 1);
    assert.ok(Math.abs(r.ratioLow - 0.373546) < 1e-5, `${r.ratioLow}`);
    assert.ok(Math.abs(r.ratioHigh - 2.677048) < 1e-5, `${r.ratioHigh}`);
  });

  test('times scale the ratio: 30 counts in 1 s vs 100 counts in 10 s is T/B 3', () => {
    const r = rateRatioInterval({
      targetCounts: 30,
      targetSeconds: 1,
      backgroundCounts: 100,
      backgroundSeconds: 10,
      confidence: 0.95,
    });
    assert.equal(r.ratio, 3);
    assert.ok(
      r.ratioLow > 1.9 && r.ratioLow < 3 && r.ratioHigh > 3 && r.ratioHigh < 4.6,
      `${r.ratioLow}–${r.ratioHigh}`,
    );
  });

  test('zero counts: lower limit 0; no background counts: upper limit infinite and ratio null', () => {
    const a = rateRatioInterval({
      targetCounts: 0,
      targetSeconds: 1,
      backgroundCounts: 5,
      backgroundSeconds: 1,
      confidence: 0.95,
    });
    assert.equal(a.ratioLow, 0);
    const b = rateRatioInterval({
      targetCounts: 5,
      targetSeconds: 1,
      backgroundCounts: 0,
      backgroundSeconds: 1,
      confidence: 0.95,
    });
    assert.equal(b.ratio, null);
    assert.equal(b.ratioHigh, Number.POSITIVE_INFINITY);
  });

  test('a known background adds no uncertainty: the interval is Garwood / B', () => {
    const r = targetToBackground(
      10,
      1,
      { meanCps: 5, equivalentCounts: Number.POSITIVE_INFINITY, equivalentSeconds: Number.POSITIVE_INFINITY },
      0.95,
    );
    assert.equal(r.ratio, 2);
    // Garwood 95 % for n = 10: 4.795–18.39 (Ulm 1990 Table 1) → 0.959–3.678.
    assert.ok(Math.abs(r.ratioLow - 4.795 / 5) < 0.001 && Math.abs(r.ratioHigh - 18.39 / 5) < 0.002);
  });

  test('coverage: the 95 % ratio interval covers the true ratio at least ~95 % (seeded simulation)', () => {
    const random = createRandom(7);
    for (const [target, background, tT, tB] of [
      [30, 20, 1, 5],
      [5, 5, 2, 2],
      [200, 50, 0.5, 10],
    ] as const) {
      let covered = 0;
      const trials = 3000;
      for (let i = 0; i < trials; i++) {
        const x = samplePoisson(random, target * tT);
        const y = samplePoisson(random, background * tB);
        const r = rateRatioInterval({
          targetCounts: x,
          targetSeconds: tT,
          backgroundCounts: y,
          backgroundSeconds: tB,
          confidence: 0.95,
        });
        const truth = target / background;
        if (r.ratioLow <= truth && truth <= r.ratioHigh) covered += 1;
      }
      assert.ok(
        covered / trials >= 0.95 - 3 * Math.sqrt(0.0475 / trials),
        `T ${target} B ${background}: ${covered / trials}`,
      );
    }
  });

  test('unequal times against @stdlib: 30 counts in 2 s vs 100 counts in 10 s is T/B 1.5', () => {
    // Point estimate by hand: (30/2)/(100/10) = 15/10 = 1.5. Limits from the definition of the method with
    // @stdlib's beta quantile (a second implementation): p = ρ·tT/(ρ·tT + tB), so ρ = p/(1 − p)·tB/tT, with
    // the Clopper–Pearson limits p_low = Beta⁻¹(0.025; x, y + 1), p_high = Beta⁻¹(0.975; x + 1, y).
    const r = rateRatioInterval({
      targetCounts: 30,
      targetSeconds: 2,
      backgroundCounts: 100,
      backgroundSeconds: 10,
      confidence: 0.95,
    });
    assert.equal(r.ratio, 1.5);
    const pLow = betaQuantile(0.025, 30, 101);
    const pHigh = betaQuantile(0.975, 31, 100);
    const low = (pLow / (1 - pLow)) * 5;
    const high = (pHigh / (1 - pHigh)) * 5;
    assert.ok(Math.abs(r.ratioLow - low) < 1e-9 * low, `${r.ratioLow} vs ${low}`);
    assert.ok(Math.abs(r.ratioHigh - high) < 1e-9 * high, `${r.ratioHigh} vs ${high}`);
    // Sanity of the oracle itself: the interval lies around 1.5 and is asymmetric (Poisson, right-skewed).
    assert.ok(low < 1.5 && 1.5 < high && high - 1.5 > 1.5 - low, `${low}–${high}`);
  });

  test('90 % and an effective (non-integer) background count against @stdlib', () => {
    // The background model hands on equivalent counts such as 12.5: Beta⁻¹ takes real shape parameters.
    const r = rateRatioInterval({
      targetCounts: 7,
      targetSeconds: 1,
      backgroundCounts: 12.5,
      backgroundSeconds: 4,
      confidence: 0.9,
    });
    assert.equal(r.ratio, 7 / (12.5 / 4));
    const pLow = betaQuantile(0.05, 7, 13.5);
    const pHigh = betaQuantile(0.95, 8, 12.5);
    const low = (pLow / (1 - pLow)) * 4;
    const high = (pHigh / (1 - pHigh)) * 4;
    assert.ok(Math.abs(r.ratioLow - low) < 1e-9 * low, `${r.ratioLow} vs ${low}`);
    assert.ok(Math.abs(r.ratioHigh - high) < 1e-9 * high, `${r.ratioHigh} vs ${high}`);
  });

  test('refuses negative counts, times of 0 s or less and a confidence outside (0, 1), naming the values', () => {
    const ok = {
      targetCounts: 5,
      targetSeconds: 1,
      backgroundCounts: 5,
      backgroundSeconds: 1,
      confidence: 0.95,
    };
    for (const [targetCounts, backgroundCounts] of [
      [-1, 5],
      [5, -1],
      [Number.NaN, 5],
      [5, Number.NaN],
    ] as const) {
      assert.throws(() => rateRatioInterval({ ...ok, targetCounts, backgroundCounts }), {
        name: 'RangeError',
        message: `counts must be >= 0, got ${targetCounts}, ${backgroundCounts}`,
      });
    }
    for (const [targetSeconds, backgroundSeconds] of [
      [0, 1],
      [1, 0],
      [-1, 1],
      [1, Number.NaN],
    ] as const) {
      assert.throws(() => rateRatioInterval({ ...ok, targetSeconds, backgroundSeconds }), {
        name: 'RangeError',
        message: `seconds must be > 0, got target ${targetSeconds} s, background ${backgroundSeconds} s`,
      });
    }
    for (const confidence of [0, 1, -0.5, 1.5, Number.NaN]) {
      assert.throws(() => rateRatioInterval({ ...ok, confidence }), {
        name: 'RangeError',
        message: `confidence must be in (0, 1), got ${confidence}`,
      });
    }
  });

  test('an uncertain background goes through the conditional binomial interval; answers are not mixed up', () => {
    // Equivalent counts 10 in 1 s: the same question as 10 vs 10 counts above, R binom.test(10, 20):
    // 0.373546–2.677048. A second, different question right after must get its own answer (Garwood / B
    // for a known 5 cps over 2 s: B = 10 counts; Garwood 95 % for n = 20 is 12.22–30.89, Ulm 1990 Table 1).
    const uncertain = targetToBackground(
      10,
      1,
      { meanCps: 10, equivalentCounts: 10, equivalentSeconds: 1 },
      0.95,
    );
    assert.equal(uncertain.ratio, 1);
    assert.ok(Math.abs(uncertain.ratioLow - 0.373546) < 1e-5, `${uncertain.ratioLow}`);
    assert.ok(Math.abs(uncertain.ratioHigh - 2.677048) < 1e-5, `${uncertain.ratioHigh}`);
    const known = targetToBackground(
      20,
      2,
      { meanCps: 5, equivalentCounts: Number.POSITIVE_INFINITY, equivalentSeconds: Number.POSITIVE_INFINITY },
      0.95,
    );
    assert.equal(known.ratio, 2);
    assert.ok(Math.abs(known.ratioLow - 12.22 / 10) < 0.001, `${known.ratioLow}`);
    assert.ok(Math.abs(known.ratioHigh - 30.89 / 10) < 0.001, `${known.ratioHigh}`);
  });
});
