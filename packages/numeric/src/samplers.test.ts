// The one Poisson sampler, judged by oracles from outside this package: @stdlib's Poisson pmf (bins),
// @stdlib's chi-square CDF (p-values), the Poisson mean and variance λ. The gamma and normal samplers are
// tested in samplers-gamma-normal.test.ts (so that mutation runs of them skip the million Poisson draws).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import poissonPmf from '@stdlib/stats-base-dists-poisson-pmf';
import { createRandom } from './random.js';
import { samplePoisson } from './samplers.js';

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
