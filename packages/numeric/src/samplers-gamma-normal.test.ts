// The gamma and normal samplers, judged by oracles from outside this package: @stdlib's gamma CDF (bins),
// @stdlib's chi-square CDF (p-values) and the standard normal table (Abramowitz & Stegun, Handbook of
// Mathematical Functions, 1964, Table 26.1). Branch by branch, with scripted uniforms and values worked by
// hand: samplers-gamma-normal-branches.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import { createRandom } from './random.js';
import { sampleGamma, sampleGammaRate, sampleNormal } from './samplers.js';

describe('sampleGamma (Marsaglia & Tsang 2000) against @stdlib gamma CDF', () => {
  const n = 50_000;
  // Shape < 1 takes the boost branch; the rest the main algorithm.
  for (const [shape, scale] of [
    [0.4, 2],
    [1, 1],
    [4, 0.5],
    [25, 3],
  ] as const) {
    test(`shape ${shape}, scale ${scale}: 20 equal-probability bins fit (chi-square), mean k·θ`, () => {
      const random = createRandom(4321);
      const samples = Array.from({ length: n }, () => sampleGamma(random, shape, scale));
      const bins = new Array<number>(20).fill(0);
      for (const x of samples) {
        assert.ok(x > 0);
        // @stdlib's gamma CDF takes the rate β = 1/θ.
        const b = Math.min(19, Math.floor(gammaCdf(x, shape, 1 / scale) * 20));
        bins[b] = (bins[b] ?? 0) + 1;
      }
      const chi2 = bins.reduce((s, o) => s + (o - n / 20) ** 2 / (n / 20), 0);
      assert.ok(1 - chisquareCdf(chi2, 19) > 1e-4, `chi2 ${chi2}`);
      const avg = samples.reduce((s, x) => s + x, 0) / n;
      // SD of the gamma is √k·θ; 4 SE of the mean.
      assert.ok(Math.abs(avg - shape * scale) < (4 * Math.sqrt(shape) * scale) / Math.sqrt(n), `mean ${avg}`);
    });
  }

  test('sampleGammaRate: mean and coefficient of variation as asked; cv 0 is the mean itself', () => {
    const random = createRandom(5);
    const m = 40;
    const cv = 0.3;
    const xs = Array.from({ length: n }, () => sampleGammaRate(random, m, cv));
    const avg = xs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - avg) ** 2, 0) / (n - 1));
    assert.ok(Math.abs(avg / m - 1) < 4 * (cv / Math.sqrt(n)), `mean ${avg}`);
    assert.ok(Math.abs(sd / avg / cv - 1) < 0.02, `cv ${sd / avg}`);
    assert.equal(sampleGammaRate(random, 12.5, 0), 12.5);
  });

  test('bad parameters are refused', () => {
    const random = createRandom(1);
    assert.throws(() => sampleGamma(random, 0, 1), RangeError);
    assert.throws(() => sampleGamma(random, 1, -1), RangeError);
    assert.throws(() => sampleGammaRate(random, 10, -0.1), RangeError);
  });
});

describe('sampleNormal (Box–Muller)', () => {
  test('mean 0, variance 1, and the central fractions of Abramowitz & Stegun Table 26.1', () => {
    const random = createRandom(17);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let within1 = 0;
    let within196 = 0;
    for (let i = 0; i < n; i++) {
      const z = sampleNormal(random);
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) < 1) within1 += 1;
      if (Math.abs(z) < 1.96) within196 += 1;
    }
    assert.ok(Math.abs(sum / n) < 4 / Math.sqrt(n), `mean ${sum / n}`);
    assert.ok(Math.abs(sumSq / n - 1) < 4 * Math.sqrt(2 / n), `variance ${sumSq / n}`);
    // A&S Table 26.1: P(1) = 0.8413447461 ⇒ P(|Z| < 1) = 0.6826894921; P(1.96) = 0.9750021049 ⇒ 0.9500042097.
    const binomialSe = (p: number) => Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(within1 / n - 0.6826894921) < 4 * binomialSe(0.6827), `|z|<1: ${within1 / n}`);
    assert.ok(Math.abs(within196 / n - 0.9500042097) < 4 * binomialSe(0.95), `|z|<1.96: ${within196 / n}`);
  });
});
