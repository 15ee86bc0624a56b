import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import poissonPmfOracle from '@stdlib/stats-base-dists-poisson-pmf';
import { createRandom, deriveSeed, logGamma, samplePoisson, Xoshiro128StarStar } from './random.js';

describe('xoshiro128** (Blackman & Vigna reference C code, prng.di.unimi.it)', () => {
  test('state {1,2,3,4} gives the reference outputs', () => {
    // Produced by compiling xoshiro128starstar.c with s = {1, 2, 3, 4}.
    const rng = Xoshiro128StarStar.fromState([1, 2, 3, 4]);
    const out = Array.from({ length: 8 }, () => rng.nextUint32());
    assert.deepEqual(out, [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  test('SplitMix64 seeding gives the reference outputs for seeds 0, 42 and 2^53 - 1', () => {
    // Reference: splitmix64.c twice from the seed, state = {lo(a), hi(a), lo(b), hi(b)}, then xoshiro128**.
    const cases: Array<[number, number[]]> = [
      [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962]],
      [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233]],
      [Number.MAX_SAFE_INTEGER, [1233166643, 1287031142, 661813442, 2960669951, 2601079046]],
    ];
    for (const [seed, expected] of cases) {
      const rng = Xoshiro128StarStar.fromSeed(seed);
      assert.deepEqual(
        Array.from({ length: 5 }, () => rng.nextUint32()),
        expected,
        `seed ${seed}`,
      );
    }
  });

  test('rejects seeds that are not safe whole numbers ≥ 0', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) assert.throws(() => createRandom(bad), RangeError);
  });

  test('floats lie in [0, 1) and have mean 1/2', () => {
    const rng = createRandom(7);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      assert.ok(u >= 0 && u < 1);
      sum += u;
    }
    // SE of the mean of U(0,1) is 1/sqrt(12 n) ≈ 0.00091; 5 SE.
    assert.ok(Math.abs(sum / n - 0.5) < 0.0046);
  });

  test('derived seeds: one SplitMix64 step of (seed·2^16 xor stream), low 53 bits (published vectors)', () => {
    // SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c) from state 0 first outputs
    // 0xE220A8397B1DCDAF and from state 1 0x910A2DEC89025CC1 — the vectors quoted with the reference C.
    // Low 53 bits (the 14th hex digit from the right contributes its lowest bit, 0 in both): 0x0A8397B1DCDAF
    // and 0xA2DEC89025CC1.
    assert.equal(deriveSeed(0, 0), 0xa8397b1dcdaf);
    assert.equal(deriveSeed(0, 1), 0xa2dec89025cc1);
    assert.notEqual(deriveSeed(42, 1), deriveSeed(42, 2));
    assert.notEqual(deriveSeed(42, 1), deriveSeed(43, 1));
  });
});

describe('logGamma (values from Abramowitz & Stegun 6.1: Γ(n) = (n-1)!, Γ(3/2) = √π/2)', () => {
  test('matches factorials and Γ(3/2)', () => {
    assert.ok(Math.abs(logGamma(10) - Math.log(362880)) < 1e-12);
    assert.ok(Math.abs(logGamma(101) - 363.73937555556347) < 1e-9);
    assert.ok(Math.abs(logGamma(1.5) - Math.log(Math.sqrt(Math.PI) / 2)) < 1e-12);
    assert.equal(logGamma(1), 0);
  });
});

// The oracle is @stdlib's Poisson pmf, not this module's logGamma. (Not differences of @stdlib's
// Poisson CDF: at mean 1234.5 those are 3.5 % off near the median — F(1234) - F(1233) = 0.01176 where
// the pmf is 0.011355 ≈ 1/√(2π·1234.5) — an inaccuracy of its incomplete gamma for large arguments.)
function poissonPmf(k: number, mean: number): number {
  return poissonPmfOracle(k, mean);
}

/** Pearson chi-square of samples against the Poisson pmf, bins with expected count ≥ 5 (tails pooled). */
function chiSquare(samples: number[], mean: number): { chi2: number; dof: number } {
  const n = samples.length;
  const counts = new Map<number, number>();
  for (const k of samples) counts.set(k, (counts.get(k) ?? 0) + 1);
  const lo = Math.max(0, Math.floor(mean - 6 * Math.sqrt(mean) - 2));
  const hi = Math.ceil(mean + 6 * Math.sqrt(mean) + 2);
  const bins: Array<{ observed: number; expected: number }> = [];
  let pendingObs = 0;
  let pendingExp = 0;
  let cdfBelow = 0;
  for (let k = 0; k < lo; k++) cdfBelow += poissonPmf(k, mean);
  pendingExp = cdfBelow * n;
  for (let k = 0; k < lo; k++) pendingObs += counts.get(k) ?? 0;
  let total = cdfBelow;
  for (let k = lo; k <= hi; k++) {
    const p = poissonPmf(k, mean);
    total += p;
    pendingExp += p * n;
    pendingObs += counts.get(k) ?? 0;
    if (pendingExp >= 5) {
      bins.push({ observed: pendingObs, expected: pendingExp });
      pendingObs = 0;
      pendingExp = 0;
    }
  }
  let above = 0;
  for (const [k, c] of counts) if (k > hi) above += c;
  const last = bins.at(-1);
  if (last) {
    last.observed += pendingObs + above;
    last.expected += pendingExp + (1 - total) * n;
  }
  let chi2 = 0;
  for (const b of bins) chi2 += (b.observed - b.expected) ** 2 / b.expected;
  return { chi2, dof: bins.length - 1 };
}

describe('samplePoisson (Knuth below mean 10, Hörmann 1993 PTRS above)', () => {
  // The p-value of Pearson's statistic from @stdlib's chi-square CDF; a fixed seed, so p is fixed too.
  // A broken sampler (wrong branch, off-by-one) gives p far below 1e-4.
  for (const mean of [0.3, 3.5, 9.99, 10, 47.2, 1234.5]) {
    test(`mean ${mean}: distribution matches the pmf (chi-square) and the moments`, () => {
      const rng = createRandom(2026);
      const n = 40_000;
      const samples = Array.from({ length: n }, () => samplePoisson(rng, mean));
      const avg = samples.reduce((s, k) => s + k, 0) / n;
      const variance = samples.reduce((s, k) => s + (k - avg) ** 2, 0) / (n - 1);
      assert.ok(samples.every((k) => Number.isInteger(k) && k >= 0));
      assert.ok(Math.abs(avg - mean) < 5 * Math.sqrt(mean / n), `mean ${avg}`);
      assert.ok(Math.abs(variance / mean - 1) < 0.05, `variance ratio ${variance / mean}`);
      const { chi2, dof } = chiSquare(samples, mean);
      const pValue = 1 - chisquareCdf(chi2, dof);
      assert.ok(pValue > 1e-4, `chi2 ${chi2} on ${dof} dof, p = ${pValue}`);
    });
  }

  test('the same seed gives the same sequence, bit for bit', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    const means = [0, 0.01, 2, 15, 800, 5];
    const sa = means.map((m) => samplePoisson(a, m));
    const sb = means.map((m) => samplePoisson(b, m));
    assert.deepEqual(sa, sb);
  });

  test('rejects negative, NaN and infinite means', () => {
    const rng = createRandom(1);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      assert.throws(() => samplePoisson(rng, bad));
  });
});
