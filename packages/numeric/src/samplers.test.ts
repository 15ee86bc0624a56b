// The one Poisson sampler and the gamma and normal samplers, judged by oracles from outside this package:
// @stdlib's Poisson pmf and gamma CDF (bins), @stdlib's chi-square CDF (p-values), the Poisson mean and
// variance λ, and the standard normal table (Abramowitz & Stegun, Handbook of Mathematical Functions,
// 1964, Table 26.1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import poissonPmf from '@stdlib/stats-base-dists-poisson-pmf';
import { createRandom } from './random.js';
import { sampleGamma, sampleGammaRate, sampleNormal, samplePoisson } from './samplers.js';

/** Pearson chi-square p-value of the samples against Poisson(mean), bins pooled to expected ≥ 5. */
function poissonChiSquare(
  samples: readonly number[],
  mean: number,
): { chi2: number; dof: number; p: number } {
  const n = samples.length;
  const observed = new Map<number, number>();
  for (const k of samples) observed.set(k, (observed.get(k) ?? 0) + 1);
  const hi = Math.ceil(mean + 8 * Math.sqrt(mean) + 10);
  const bins: Array<{ o: number; e: number }> = [];
  let o = 0;
  let e = 0;
  let covered = 0;
  for (let k = 0; k <= hi; k++) {
    const p = poissonPmf(k, mean);
    covered += p;
    o += observed.get(k) ?? 0;
    e += p * n;
    if (e >= 5) {
      bins.push({ o, e });
      o = 0;
      e = 0;
    }
  }
  let above = 0;
  for (const [k, c] of observed) if (k > hi) above += c;
  const last = bins.at(-1);
  assert.ok(last);
  last.o += o + above;
  last.e += e + (1 - covered) * n;
  let chi2 = 0;
  for (const b of bins) chi2 += (b.o - b.e) ** 2 / b.e;
  const dof = bins.length - 1;
  return { chi2, dof, p: 1 - chisquareCdf(chi2, dof) };
}

describe('samplePoisson (Knuth below mean 10, Hörmann 1993 PTRS from 10)', () => {
  const n = 100_000;
  // Both sides of the switch at 10, and PTRS far out (1234.5).
  for (const mean of [0.3, 0.7, 3.5, 9.99, 10, 12, 30, 250, 1234.5]) {
    test(`mean ${mean}: sample mean and variance are λ, and the histogram fits the pmf (seeded)`, () => {
      const random = createRandom(20261202);
      const samples = Array.from({ length: n }, () => samplePoisson(random, mean));
      assert.ok(samples.every((k) => Number.isInteger(k) && k >= 0));
      const avg = samples.reduce((s, k) => s + k, 0) / n;
      const variance = samples.reduce((s, k) => s + (k - avg) ** 2, 0) / (n - 1);
      // Standard error of the mean is √(λ/n): 4 SE is 0.0069 at λ = 0.3 and 0.069 at λ = 30, so a bias
      // of a tenth of a count fails below λ = 60.
      assert.ok(Math.abs(avg - mean) < 4 * Math.sqrt(mean / n), `mean ${avg} vs ${mean}`);
      // SE of the sample variance of a Poisson is ≈ λ·√(2/n)·√(1 + 1/(2λ)); 4 SE.
      assert.ok(Math.abs(variance / mean - 1) < 4 * Math.sqrt((2 + 1 / mean) / n), `variance ${variance}`);
      const { chi2, dof, p } = poissonChiSquare(samples, mean);
      assert.ok(p > 1e-4, `chi2 ${chi2} on ${dof} dof, p = ${p}`);
    });
  }

  test('mean 10, a million draws: the histogram still fits the pmf (PTRS squeeze and hat constants)', () => {
    // At λ = 10 PTRS's constants b, a, 1/α, v_r are nearest their limits; a million draws resolve errors
    // in them that 100 000 do not (e.g. a squeeze v_r of 0.60 instead of Hörmann's 0.41).
    const random = createRandom(20261203);
    const samples = Array.from({ length: 1_000_000 }, () => samplePoisson(random, 10));
    const { chi2, dof, p } = poissonChiSquare(samples, 10);
    assert.ok(p > 1e-4, `chi2 ${chi2} on ${dof} dof, p = ${p}`);
  });

  test('the same seed gives the same counts, bit for bit', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    const means = [0, 0.01, 2, 15, 800, 5];
    assert.deepEqual(
      means.map((m) => samplePoisson(a, m)),
      means.map((m) => samplePoisson(b, m)),
    );
  });

  test('mean 0 gives 0 without drawing; negative, NaN and infinite means are refused', () => {
    const random = createRandom(1);
    const twin = createRandom(1);
    assert.equal(samplePoisson(random, 0), 0);
    assert.equal(random.nextUint32(), twin.nextUint32());
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => samplePoisson(random, bad), {
        name: 'RangeError',
        message: /Poisson mean must be finite and ≥ 0/,
      });
    }
  });

  test('mean 10 is drawn by PTRS: about 2 uniforms per variate, where Knuth would need λ + 1 = 11', () => {
    // Knuth's method multiplies uniforms until the product falls below e^{-λ}: k + 1 draws for a count of
    // k, λ + 1 on average. PTRS draws 2 per attempt and accepts most attempts (Hörmann 1993), so its
    // average stays near 2; 3 separates the two.
    const inner = createRandom(5);
    let draws = 0;
    const counting = {
      nextUint32: () => inner.nextUint32(),
      nextFloat: () => {
        draws += 1;
        return inner.nextFloat();
      },
    };
    const n = 10_000;
    for (let i = 0; i < n; i++) samplePoisson(counting, 10);
    assert.ok(draws / n < 3, `${draws / n} draws per variate`);
  });

  test('mean 10 by PTRS still gives the count 0 at its rate e^{-10} (k = 0 is not rejected)', () => {
    // P(X = 0) = e^{-10} = 4.54e-5 (@stdlib's pmf); in 300 000 draws about 13.6 zeros (Poisson SD 3.7):
    // at least 1 and at most 35 (both beyond 5 SD).
    const random = createRandom(20261203);
    const n = 300_000;
    let zeros = 0;
    for (let i = 0; i < n; i++) if (samplePoisson(random, 10) === 0) zeros += 1;
    const expected = n * poissonPmf(0, 10);
    assert.ok(Math.abs(expected - 13.62) < 0.01, `${expected}`);
    assert.ok(zeros >= 1 && zeros <= 35, `${zeros} zeros, expected ${expected}`);
  });
});

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
