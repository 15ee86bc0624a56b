// The samplers every simulation of OpenRGS draws from: Poisson counts, normal and gamma deviates. Pure: the
// random source is an argument, so any run replays from its seed (random.ts).

import type { RandomSource } from './random.js';
import { logGamma } from './special-functions.js';

/**
 * One Poisson variate with the given mean (finite, ≥ 0); mean 0 gives 0 without consuming randomness.
 * Below mean 10: Knuth's multiplication method (D. E. Knuth, The Art of Computer Programming vol. 2,
 * 3rd ed. 1997, §3.4.1, Poisson distribution), exact. From 10 up:
 * PTRS, transformed rejection with squeeze, W. Hörmann (1993), "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12:39–45, exact. The split
 * and the constants are those of NumPy's legacy generator (random_poisson_mult / random_poisson_ptrs).
 * Both use Math.log/Math.exp; V8 implements them with a port of fdlibm, so a seed gives the same counts on
 * every machine running the same Node.js major version.
 */
export function samplePoisson(random: RandomSource, mean: number): number {
  if (!Number.isFinite(mean) || mean < 0)
    throw new RangeError(`Poisson mean must be finite and ≥ 0, got ${mean}`);
  if (mean === 0) return 0;
  return mean < 10 ? poissonKnuth(random, mean) : poissonPtrs(random, mean);
}

function poissonKnuth(random: RandomSource, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = 1;
  for (;;) {
    product *= random.nextFloat();
    if (product > limit) count += 1;
    else return count;
  }
}

function poissonPtrs(random: RandomSource, mean: number): number {
  const sqrtMean = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * sqrtMean;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.nextFloat() - 0.5;
    const v = random.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logMean - logGamma(k + 1)
    ) {
      return k;
    }
  }
}

/** Standard normal deviate: Box & Muller (1958), Ann. Math. Statist. 29:610, the cosine branch. */
export function sampleNormal(random: RandomSource): number {
  let u = random.nextFloat();
  while (u === 0) u = random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
}

/** Gamma deviate with the given shape and scale: Marsaglia & Tsang (2000), ACM TOMS 26:363. */
export function sampleGamma(random: RandomSource, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0) || !Number.isFinite(shape) || !Number.isFinite(scale))
    throw new RangeError(`gamma needs finite shape, scale > 0, got ${shape}, ${scale}`);
  if (shape < 1) {
    // Marsaglia & Tsang §6: Gamma(a) = Gamma(a + 1) · U^(1/a).
    const u = random.nextFloat();
    return sampleGamma(random, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.nextFloat();
    if (u < 1 - 0.0331 * x ** 4) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * A rate drawn from the gamma distribution with the given mean and coefficient of variation (the
 * between-site spread of normal tissue in the gamma–Poisson model); cv = 0 returns the mean itself.
 */
export function sampleGammaRate(random: RandomSource, meanCps: number, cv: number): number {
  if (!(cv >= 0) || !Number.isFinite(cv)) throw new RangeError(`cv must be finite and ≥ 0, got ${cv}`);
  if (cv === 0) return meanCps;
  const shape = 1 / (cv * cv);
  return sampleGamma(random, shape, meanCps / shape);
}
