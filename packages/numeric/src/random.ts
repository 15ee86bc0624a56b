// The one seeded pseudo-random number generator of OpenRGS (simulator, counting benches, bootstrap
// intervals), reproducible bit for bit from a seed.
//
// Generator: xoshiro128** 1.1 (D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators",
// ACM TOMS 47(4) 2021; reference C code https://prng.di.unimi.it/xoshiro128starstar.c). 32-bit words only,
// so JavaScript computes it exactly with Math.imul and >>> 0.
// Seeding: the 128-bit state is two successive outputs of SplitMix64 (https://prng.di.unimi.it/splitmix64.c)
// started at the seed, low word first — the seeding Vigna recommends. The test vectors in random.test.ts
// were produced by compiling that reference C code.
// Uniform doubles take 53 bits from two outputs (the top 27 and 26 bits), as in Vigna's notes.
// The samplers built on it (Poisson, normal, gamma) are in samplers.ts.

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

/** Creates a random source from a seed (0 ≤ seed ≤ 2^53 − 1). */
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
