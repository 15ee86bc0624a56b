import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
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
});
