// The one generator against its reference: outputs of Blackman & Vigna's reference C code, and uniformity
// judged by @stdlib's chi-square CDF (an implementation independent of this package's special functions).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { createRandom, deriveSeed, Xoshiro128StarStar } from './random.js';

// Reference vectors: the core of xoshiro128starstar.c 1.1 and of splitmix64.c (D. Blackman, S. Vigna,
// public domain, https://prng.di.unimi.it/), copied verbatim into a C file, compiled with gcc 12.2 -O2, and
// printed with printf("%u") / ("%.17g"). Only the outputs are committed.
describe('xoshiro128** (Blackman & Vigna reference C code, prng.di.unimi.it)', () => {
  test('state {1,2,3,4} gives the reference outputs', () => {
    const rng = Xoshiro128StarStar.fromState([1, 2, 3, 4]);
    const out = Array.from({ length: 8 }, () => rng.nextUint32());
    assert.deepEqual(out, [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  test('SplitMix64 seeding gives the reference outputs for seeds 0, 42, 20261203 and 2^53 - 1', () => {
    // splitmix64.c twice from the seed, state = {lo(a), hi(a), lo(b), hi(b)}, then xoshiro128**.
    const cases: Array<[number, number[]]> = [
      [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962]],
      [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233]],
      [20261203, [3204153113, 4005403368, 2810872695, 2391939358, 3228993653]],
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

  test('doubles: (next() >> 5) · 2^26 + (next() >> 6), over 2^53, as the C computes them', () => {
    const cases: Array<[number, number[]]> = [
      [0, [0.87025477440427201, 0.66979715053109778, 0.36165862067339571, 0.75919063867070502]],
      [42, [0.41370166815658871, 0.0039839933778147429, 0.65008370276388672, 0.68460201861414161]],
      [20261203, [0.74602503279284116, 0.65445729760018567, 0.75180866608834851, 0.16330985707522994]],
    ];
    for (const [seed, expected] of cases) {
      const rng = createRandom(seed);
      assert.deepEqual(
        Array.from({ length: 4 }, () => rng.nextFloat()),
        expected,
        `seed ${seed}`,
      );
    }
  });

  test('rejects seeds that are not safe whole numbers ≥ 0, and the all-zero state', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53])
      assert.throws(() => createRandom(bad), { name: 'RangeError', message: /seed must be a whole number/ });
    assert.throws(() => Xoshiro128StarStar.fromState([0, 0, 0, 0]), {
      name: 'RangeError',
      message: /state must not be all zero/,
    });
  });

  test('a state with some zero words is allowed: {1, 0, 0, 0} gives 0, then 5760 (worked by hand)', () => {
    // By hand from the reference C: s1 = 0, so the first output is rotl(0·5, 7)·9 = 0; the update gives
    // s2 = 0^1 = 1, s3 = 0^0 = 0, s1 = 0^1 = 1, s0 = 1^0 = 1, s2 ^= t (= 0 << 9 = 0), s3 = rotl(0, 11) = 0,
    // so the state is {1, 1, 1, 0} and the second output is rotl(1·5, 7)·9 = 640·9 = 5760.
    const rng = Xoshiro128StarStar.fromState([1, 0, 0, 0]);
    assert.deepEqual([rng.nextUint32(), rng.nextUint32()], [0, 5760]);
  });

  test('the same seed replays the same stream; a different seed gives another', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    const c = createRandom(100);
    const sa = Array.from({ length: 5 }, () => a.nextFloat());
    assert.deepEqual(
      Array.from({ length: 5 }, () => b.nextFloat()),
      sa,
    );
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => c.nextFloat()),
      sa,
    );
  });

  test('uniform on [0, 1): mean 1/2, variance 1/12, and 20 equal bins fit (chi-square, 19 dof)', () => {
    const rng = createRandom(7);
    const n = 100_000;
    const bins = new Array<number>(20).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      assert.ok(u >= 0 && u < 1);
      sum += u;
      sumSq += u * u;
      const b = Math.floor(u * 20);
      bins[b] = (bins[b] ?? 0) + 1;
    }
    // SE of the mean of U(0,1) is 1/√(12n) = 0.00091; of the variance √(1/180n) ≈ 0.00024 (4 SE each).
    assert.ok(Math.abs(sum / n - 0.5) < 4 * 0.00091, `mean ${sum / n}`);
    assert.ok(Math.abs(sumSq / n - (sum / n) ** 2 - 1 / 12) < 4 * 0.00024, 'variance');
    const chi2 = bins.reduce((s, o) => s + (o - n / 20) ** 2 / (n / 20), 0);
    assert.ok(1 - chisquareCdf(chi2, 19) > 1e-4, `chi2 ${chi2}`);
  });

  test('raw 32-bit outputs: each of the 32 bits is set half the time', () => {
    const rng = createRandom(11);
    const n = 20_000;
    const ones = new Array<number>(32).fill(0);
    for (let i = 0; i < n; i++) {
      const w = rng.nextUint32();
      assert.ok(Number.isInteger(w) && w >= 0 && w < 2 ** 32);
      for (let bit = 0; bit < 32; bit++) if ((w >>> bit) & 1) ones[bit] = (ones[bit] ?? 0) + 1;
    }
    // Binomial(n, 1/2): SD √n/2 ≈ 70.7; 5 SD.
    for (const [bit, c] of ones.entries()) assert.ok(Math.abs(c - n / 2) < 5 * 70.7, `bit ${bit}: ${c}`);
  });
});

describe('deriveSeed', () => {
  test('one SplitMix64 step of (seed·2^16 xor stream), low 53 bits (published vectors)', () => {
    // SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c) from state 0 first outputs
    // 0xE220A8397B1DCDAF and from state 1 0x910A2DEC89025CC1 — the vectors quoted with the reference C.
    // Low 53 bits (the 14th hex digit from the right contributes its lowest bit, 0 in both): 0x0A8397B1DCDAF
    // and 0xA2DEC89025CC1.
    assert.equal(deriveSeed(0, 0), 0xa8397b1dcdaf);
    assert.equal(deriveSeed(0, 1), 0xa2dec89025cc1);
    assert.notEqual(deriveSeed(42, 1), deriveSeed(42, 2));
    assert.notEqual(deriveSeed(42, 1), deriveSeed(43, 1));
  });

  test('refuses bad seeds and streams with errors naming the problem', () => {
    // BigInt(1.5) would throw a RangeError of its own, so the messages are checked, not only the type.
    assert.throws(() => deriveSeed(-1, 0), { name: 'RangeError', message: /seed must be a safe integer/ });
    for (const stream of [-1, 65536, 1.5])
      assert.throws(() => deriveSeed(0, stream), {
        name: 'RangeError',
        message: /stream must be 0\.\.65535/,
      });
  });

  test('stream 65535, the largest, is accepted', () => {
    const seed = deriveSeed(0, 65535);
    assert.ok(Number.isSafeInteger(seed) && seed >= 0, `${seed}`);
  });
});
