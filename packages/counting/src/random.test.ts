// The counting package's Poisson sampler: every simulated error rate in this package rests on it.
// Oracles from outside the code under test: @stdlib's Poisson pmf (bins) and chi-square CDF (p-value),
// and the Poisson mean/variance λ (any textbook; e.g. NIST/SEMATECH e-Handbook §1.3.6.6.19).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import poissonPmf from '@stdlib/stats-base-dists-poisson-pmf';
import { samplePoisson, seededRandom } from './random.js';

/** Pearson chi-square p-value of the samples against Poisson(mean), bins pooled to expected ≥ 5. */
function chiSquarePValue(samples: readonly number[], mean: number): { chi2: number; dof: number; p: number } {
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

describe('samplePoisson (inversion below mean 12, Hörmann 1993 PTRS above)', () => {
  const n = 100_000;
  for (const mean of [0.7, 5, 11.9, 12, 30, 250]) {
    test(`mean ${mean}: sample mean and variance are λ, and the histogram fits the pmf (seeded)`, () => {
      const random = seededRandom(20261202);
      const samples = Array.from({ length: n }, () => samplePoisson(random, mean));
      assert.ok(samples.every((k) => Number.isInteger(k) && k >= 0));
      const avg = samples.reduce((s, k) => s + k, 0) / n;
      const variance = samples.reduce((s, k) => s + (k - avg) ** 2, 0) / (n - 1);
      // Standard error of the mean is √(λ/n): 4 SE is 0.011 at λ = 0.7 and 0.069 at λ = 30, so a bias
      // of a tenth of a count fails below λ = 60.
      assert.ok(Math.abs(avg - mean) < 4 * Math.sqrt(mean / n), `mean ${avg} vs ${mean}`);
      // SE of the sample variance of a Poisson is ≈ λ·√(2/n)·√(1 + 1/(2λ)); 4 SE ⇒ ≤ 3.3 % for λ ≥ 0.7.
      assert.ok(Math.abs(variance / mean - 1) < 4 * Math.sqrt((2 + 1 / mean) / n), `variance ${variance}`);
      const { chi2, dof, p } = chiSquarePValue(samples, mean);
      assert.ok(p > 1e-4, `chi2 ${chi2} on ${dof} dof, p = ${p}`);
    });
  }

  test('mean 0 gives 0; negative, NaN and infinite means are refused', () => {
    const random = seededRandom(1);
    assert.equal(samplePoisson(random, 0), 0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => samplePoisson(random, bad), RangeError);
    }
  });
});

describe('seededRandom', () => {
  test('uniform on [0, 1): mean 1/2, variance 1/12, and ten equal bins fit (chi-square, 9 dof)', () => {
    const random = seededRandom(7);
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = random();
      assert.ok(u >= 0 && u < 1);
      sum += u;
      sumSq += u * u;
      const b = Math.floor(u * 10);
      bins[b] = (bins[b] ?? 0) + 1;
    }
    // SE of the mean of U(0,1) is 1/√(12n) = 0.00091.
    assert.ok(Math.abs(sum / n - 0.5) < 4 * 0.00091);
    assert.ok(Math.abs(sumSq / n - (sum / n) ** 2 - 1 / 12) < 0.002);
    const chi2 = bins.reduce((s, o) => s + (o - n / 10) ** 2 / (n / 10), 0);
    assert.ok(1 - chisquareCdf(chi2, 9) > 1e-4, `chi2 ${chi2}`);
  });

  test('the same seed replays the same stream; different seeds differ; non-integer seeds are refused', () => {
    const a = seededRandom(99);
    const b = seededRandom(99);
    const c = seededRandom(100);
    const sa = Array.from({ length: 5 }, a);
    assert.deepEqual(Array.from({ length: 5 }, b), sa);
    assert.notDeepEqual(Array.from({ length: 5 }, c), sa);
    assert.throws(() => seededRandom(1.5), RangeError);
  });
});
