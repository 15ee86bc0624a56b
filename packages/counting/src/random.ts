// Seeded pseudo-random numbers and the samplers the simulations need. Pure: the random source is an
// argument everywhere in this package, so any run can be replayed from its seed.

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, PractRand suite), seeded through
 * splitmix32 so that nearby seeds give unrelated streams.
 */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Standard normal deviate (Box–Muller). */
export function sampleNormal(random: RandomSource): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Poisson deviate with the given mean. Mean < 12: inversion by sequential search (exact);
 * otherwise PTRS, Hörmann (1993), "The transformed rejection method for generating Poisson random
 * variables", Insurance: Mathematics and Economics 12:39–45 (exact).
 */
export function samplePoisson(random: RandomSource, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be >= 0, got ${mean}`);
  if (mean === 0) return 0;
  if (mean < 12) {
    let k = 0;
    let p = Math.exp(-mean);
    let cumulative = p;
    const u = random();
    while (u > cumulative && k < 1000) {
      k += 1;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const logLam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logLam - logFactorial(k)
    ) {
      return k;
    }
  }
}

const LOG_FACTORIAL_TABLE: number[] = [0];
function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = LOG_FACTORIAL_TABLE.length; i <= k; i++) {
      LOG_FACTORIAL_TABLE.push(LOG_FACTORIAL_TABLE[i - 1]! + Math.log(i));
    }
    return LOG_FACTORIAL_TABLE[k]!;
  }
  // Stirling series, error < 1e-12 for k >= 256.
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
}

/** Gamma deviate with the given shape and scale: Marsaglia & Tsang (2000), ACM TOMS 26:363. */
export function sampleGamma(random: RandomSource, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0))
    throw new RangeError(`gamma needs shape, scale > 0, got ${shape}, ${scale}`);
  if (shape < 1) {
    const u = random();
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
    const u = random();
    if (u < 1 - 0.0331 * x ** 4) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * A rate drawn from the gamma distribution with the given mean and coefficient of variation (the
 * between-site spread of normal tissue in the gamma–Poisson model); cv = 0 returns the mean itself.
 */
export function sampleGammaRate(random: RandomSource, meanCps: number, cv: number): number {
  if (cv === 0) return meanCps;
  const shape = 1 / (cv * cv);
  return sampleGamma(random, shape, meanCps / shape);
}
