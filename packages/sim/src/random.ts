// Seeded pseudo-random numbers for the simulator, reproducible bit for bit.
//
// Generator: xoshiro128** 1.1 (D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators",
// ACM TOMS 47(4) 2021; reference C code https://prng.di.unimi.it/xoshiro128starstar.c). 32-bit words only,
// so JavaScript computes it exactly with Math.imul and >>> 0.
// Seeding: the 128-bit state is two successive outputs of SplitMix64 (https://prng.di.unimi.it/splitmix64.c)
// started at the seed, low word first — the seeding Vigna recommends. The test vectors in random.test.ts
// were produced by compiling that reference C code.
// Uniform doubles take 53 bits from two outputs (the top 27 and 26 bits), as in Vigna's notes.
// Poisson variates: Knuth's multiplication method below mean 10, Hörmann's PTRS (transformed rejection with
// squeeze, W. Hörmann, Insurance: Mathematics and Economics 12 (1993) 39–45) from 10 up — the same split
// and constants as NumPy's legacy generator. Both use Math.log/Math.exp; V8 implements them with a port of
// fdlibm, so results are identical on every machine running the same Node.js major version.

export interface RandomSource {
  /** Next raw 32-bit output, 0 ≤ n < 2^32. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
}

const MASK64 = (1n << 64n) - 1n;

function splitmix64(state: bigint): { state: bigint; output: bigint } {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return { state: next, output: z ^ (z >> 31n) };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Xoshiro128StarStar implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** A generator from a seed: a whole number 0 ≤ seed ≤ 2^53 − 1 (any JavaScript safe integer ≥ 0). */
  static fromSeed(seed: number): Xoshiro128StarStar {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a whole number from 0 to 2^53 - 1, got ${seed}`);
    }
    const a = splitmix64(BigInt(seed));
    const b = splitmix64(a.state);
    const lo = (v: bigint) => Number(v & 0xffffffffn);
    const hi = (v: bigint) => Number(v >> 32n);
    return new Xoshiro128StarStar(lo(a.output), hi(a.output), lo(b.output), hi(b.output));
  }

  /** A generator from an explicit state (not all zero), for reference vectors. */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128StarStar {
    if (state.every((w) => w >>> 0 === 0)) throw new RangeError('xoshiro128** state must not be all zero');
    return new Xoshiro128StarStar(state[0], state[1], state[2], state[3]);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextFloat(): number {
    const high27 = this.nextUint32() >>> 5;
    const low26 = this.nextUint32() >>> 6;
    return (high27 * 67108864 + low26) / 9007199254740992;
  }
}

/** Creates the simulator's random source from a seed (0 ≤ seed ≤ 2^53 − 1). */
export function createRandom(seed: number): RandomSource {
  return Xoshiro128StarStar.fromSeed(seed);
}

/**
 * A seed for an independent sub-stream (e.g. counts vs. fault bytes), derived from a parent seed and a
 * stream number by one SplitMix64 step, reduced to 53 bits.
 */
export function deriveSeed(seed: number, stream: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a safe integer ≥ 0`);
  if (!Number.isInteger(stream) || stream < 0 || stream > 0xffff)
    throw new RangeError('stream must be 0..65535');
  const mixed = splitmix64((BigInt(seed) << 16n) ^ BigInt(stream));
  return Number(mixed.output & ((1n << 53n) - 1n));
}

// ln Γ(x) for x ≥ 1 by the Stirling series with the NumPy coefficients (legacy distributions.c, loggam).
const LOGGAM_COEFFICIENTS = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
] as const;

export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = (1 / x0) * (1 / x0);
  let gl0 = LOGGAM_COEFFICIENTS[9];
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += LOGGAM_COEFFICIENTS[k] ?? 0;
  }
  let gl = gl0 / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
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

/** One Poisson variate with the given mean (≥ 0, finite). Mean 0 gives 0 without consuming randomness. */
export function samplePoisson(random: RandomSource, mean: number): number {
  if (!Number.isFinite(mean) || mean < 0)
    throw new RangeError(`Poisson mean must be finite and ≥ 0, got ${mean}`);
  if (mean === 0) return 0;
  return mean < 10 ? poissonKnuth(random, mean) : poissonPtrs(random, mean);
}
