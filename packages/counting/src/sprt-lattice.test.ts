// One walk of the SPRT's count lattice for many true rates (sprt-calibration.ts SprtLattice,
// exactSprtPositiveAtRates) against the one-rate walk it replaces, and a one-frame test against the
// Poisson tail from @stdlib (an independent implementation).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '@openrgs/numeric';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { waldBoundaries } from './sprt.js';
import { exactSprtCharacteristics, exactSprtPositiveAtRates, SprtLattice } from './sprt-calibration.js';

describe('SprtLattice: exponential tilting of one lattice walk (Siegmund 1985, ch. 2)', () => {
  test('equals the one-rate walk to 1e-11 over random tests and rates (seed 12)', () => {
    const random = createRandom(12);
    let worst = 0;
    let compared = 0;
    for (let trial = 0; trial < 120; trial++) {
      const rate0 = 5 * Math.exp(random.nextFloat() * 5);
      const hypotheses = {
        rate0Cps: rate0,
        rate1Cps: rate0 * (1.02 + random.nextFloat() * 2),
        alpha: [0.0015, 0.0075, 0.05][trial % 3] ?? 0.05,
        beta: 0.05,
      };
      const boundaries = waldBoundaries(hypotheses.alpha, hypotheses.beta);
      const frameSeconds = [0.05, 0.1, 0.25][trial % 3] ?? 0.1;
      const maxFrames = 1 + Math.floor(random.nextFloat() * 80);
      const rates = [0.4, 0.8, 1, 1.3, 2.2].map((f) => rate0 * (0.6 + random.nextFloat()) * f);
      const many = exactSprtPositiveAtRates({
        hypotheses,
        boundaries,
        frameSeconds,
        trueRatesCps: rates,
        maxFrames,
      });
      for (const [i, rate] of rates.entries()) {
        const one = exactSprtCharacteristics({
          hypotheses,
          boundaries,
          frameSeconds,
          trueRateCps: rate,
          maxFrames,
        });
        worst = Math.max(worst, Math.abs((many[i] ?? Number.NaN) - one.pPositive));
        compared += 1;
      }
    }
    assert.equal(compared, 600);
    assert.ok(worst < 1e-11, `worst difference ${worst}`);
  });

  test('one frame: P(positive) is the Poisson tail above the upper boundary (stdlib poisson-cdf)', () => {
    // 10 vs 20 cps, α = β = 5 %, one 1-s frame: positive when S·ln 2 − 10 ≥ ln 19, i.e. S ≥ 19 (18.67…).
    const hypotheses = { rate0Cps: 10, rate1Cps: 20, alpha: 0.05, beta: 0.05 };
    const lattice = new SprtLattice({
      hypotheses,
      boundaries: waldBoundaries(0.05, 0.05),
      frameSeconds: 1,
      maxFrames: 1,
      referenceRateCps: 15,
    });
    for (const rate of [8, 12, 15, 20, 26]) {
      const expected = 1 - poissonCdf(18, rate);
      const got = lattice.positive(rate);
      assert.ok(got !== null && Math.abs(got - expected) < 1e-12, `${rate} cps: ${got} vs ${expected}`);
    }
  });

  test('a rate the tilt cannot reach in double precision is refused (null), and bad input named', () => {
    const hypotheses = { rate0Cps: 500, rate1Cps: 550, alpha: 0.0015, beta: 0.05 };
    const lattice = new SprtLattice({
      hypotheses,
      boundaries: waldBoundaries(0.0015, 0.05),
      frameSeconds: 0.1,
      maxFrames: 50,
      referenceRateCps: 500,
    });
    assert.equal(lattice.positive(50_000), null);
    assert.notEqual(lattice.positive(520), null);
    assert.throws(() => lattice.positive(0), /true rate must be > 0/);
    assert.throws(
      () =>
        new SprtLattice({
          hypotheses,
          boundaries: waldBoundaries(0.05, 0.05),
          frameSeconds: 0.1,
          maxFrames: 0,
          referenceRateCps: 1,
        }),
      /maxFrames/,
    );
  });
});
