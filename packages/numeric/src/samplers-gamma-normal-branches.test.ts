// The normal and gamma samplers branch by branch: a scripted random source hands each sampler chosen
// uniforms, and the result is checked against values worked by hand from the published methods (Box &
// Muller 1958; Marsaglia & Tsang 2000, ACM TOMS 26:363) and, for the gamma acceptance test, against the
// acceptance probability derived from the gamma density itself (below). A script that runs out, or is not
// used up, fails the test: the number of uniforms each branch takes is part of what is checked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RandomSource } from './random.js';
import { sampleGamma, sampleGammaRate, sampleNormal } from './samplers.js';

/** A random source that returns the given uniforms in order and refuses to go past them. */
function scripted(uniforms: readonly number[]): RandomSource & { readonly left: () => number } {
  const queue = [...uniforms];
  return {
    nextFloat: () => {
      const u = queue.shift();
      if (u === undefined) throw new Error('script exhausted');
      return u;
    },
    nextUint32: () => {
      throw new Error('the samplers draw floats only');
    },
    left: () => queue.length,
  };
}

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected} (rel ${relative})`,
  );

// Box–Muller: z = √(−2 ln u₁)·cos(2π u₂). With u₁ = 1/4, √(−2 ln ¼) = √(4 ln 2) = 2√(ln 2) = 1.6651092223153954.
const TWO_ROOT_LN2 = 1.6651092223153954;
// Uniforms that make z ≈ 0: u₁ = 1/2, u₂ = 1/4 gives √(2 ln 2)·cos(π/2) = 1.18·6.1e-17 ≈ 7e-17, so that
// 1 + c·z rounds to exactly 1 for every c ≤ 1 (7e-17 is below half an ulp of 1, 1.1e-16).
const Z_ZERO = [0.5, 0.25] as const;

describe('sampleNormal: Box–Muller, cosine branch, by hand', () => {
  test('u₁ = 1/4 with u₂ = 0, 1/2, 1/8: ±2√(ln 2) and √(2 ln 2)', () => {
    close(sampleNormal(scripted([0.25, 0])), TWO_ROOT_LN2, 1e-15, 'cos 0 = 1');
    close(sampleNormal(scripted([0.25, 0.5])), -TWO_ROOT_LN2, 1e-15, 'cos π = −1');
    // cos(π/4) = 1/√2: 2√(ln 2)/√2 = √(2 ln 2) = 1.1774100225154747.
    close(sampleNormal(scripted([0.25, 0.125])), 1.1774100225154747, 1e-15, 'cos π/4');
    // u₁ = e^{-2}: √(−2 ln e^{-2}) = 2.
    close(sampleNormal(scripted([Math.exp(-2), 0])), 2, 1e-15, 'u₁ = e^-2');
  });

  test('u₁ = 0 (ln 0 = −∞) is drawn again, as often as it comes', () => {
    const random = scripted([0, 0, 0.25, 0]);
    close(sampleNormal(random), TWO_ROOT_LN2, 1e-15, 'after two zeros');
    assert.equal(random.left(), 0);
  });
});

describe('sampleGamma: Marsaglia & Tsang, by hand', () => {
  // Shape a = 1: d = a − 1/3 = 2/3, c = 1/√(9d) = 1/√6. A proposal z gives y = d·v with v = (1 + c·z)³.
  const d = 2 / 3;
  const c = 1 / Math.sqrt(6);

  test('a proposal z = 0 is accepted at once (squeeze 1 − 0.0331·0⁴ = 1): d·θ, three uniforms', () => {
    const random = scripted([...Z_ZERO, 0.5]);
    close(sampleGamma(random, 1, 3), 2, 1e-15, '(2/3)·3');
    assert.equal(random.left(), 0);
    // a = 4, θ = 0.25: d = 11/3, so 11/12.
    close(sampleGamma(scripted([...Z_ZERO, 0.99]), 4, 0.25), 11 / 12, 1e-15, '(11/3)·(1/4)');
  });

  // Why the acceptance test is right, without the code's formula: y = d(1 + cz)³ must have the Gamma(1)
  // density e^{−y}; a normal proposal z has density ∝ e^{−z²/2}; so z is to be kept with probability
  // ∝ e^{−y(z)}·y′(z)/e^{−z²/2}, y′(z) ∝ (1 + cz)², scaled to 1 at z = 0 (Marsaglia & Tsang §3: its maximum).
  const acceptance = (z: number) => {
    const y = d * (1 + c * z) ** 3;
    return Math.exp(-(y - d)) * (1 + c * z) ** 2 * Math.exp((z * z) / 2);
  };

  test('the acceptance probability derived from the density is at most 1 (sanity of the oracle)', () => {
    for (let z = -2.4; z <= 6; z += 0.05) assert.ok(acceptance(z) <= 1 + 1e-12, `${z}: ${acceptance(z)}`);
    // z = −1.5: 0.86712 (mpmath 1.3.0, 30 digits: 0.867115934494719928); the squeeze there is 1 − 0.0331·1.5⁴ = 0.83243.
    close(acceptance(-1.5), 0.86711593449472, 1e-12, 'acceptance(−1.5)');
    // z = 2: 0.87337 (mpmath 1.3.0: 0.873371313066218369); squeeze 1 − 0.0331·16 = 0.4704.
    close(acceptance(2), 0.87337131306622, 1e-12, 'acceptance(2)');
  });

  for (const [z, uniforms, accept, reject] of [
    // z = −√(−2 ln u₁) with u₂ = 1/2; z = +√(−2 ln u₁) with u₂ = 0.
    [-1.5, [Math.exp(-1.125), 0.5], 0.85, 0.88],
    [2, [Math.exp(-2), 0], 0.86, 0.89],
  ] as const) {
    test(`z = ${z}: u between the squeeze and the acceptance probability keeps y = d(1 + cz)³; above it, the next proposal`, () => {
      const y = d * (1 + c * z) ** 3;
      // Kept by the exact test (u below the acceptance probability, above the squeeze): y·θ.
      const kept = scripted([...uniforms, accept]);
      close(sampleGamma(kept, 1, 2), 2 * y, 1e-12, `kept at u = ${accept}`);
      assert.equal(kept.left(), 0);
      // Refused (u above it): the next proposal, z = 0, gives d·θ = 4/3.
      const refused = scripted([...uniforms, reject, ...Z_ZERO, 0.5]);
      close(sampleGamma(refused, 1, 2), 4 / 3, 1e-15, `refused at u = ${reject}`);
      assert.equal(refused.left(), 0);
      // Below the squeeze: kept without question.
      close(sampleGamma(scripted([...uniforms, 0.3]), 1, 2), 2 * y, 1e-12, 'kept at u = 0.3');
    });
  }

  test('a proposal with 1 + cz ≤ 0 is drawn again at once, without a uniform for the test', () => {
    // z = −3: 1 − 3/√6 = −0.22 (y would be negative). u₁ = e^{−4.5}, u₂ = 1/2.
    const random = scripted([Math.exp(-4.5), 0.5, ...Z_ZERO, 0.5]);
    close(sampleGamma(random, 1, 3), 2, 1e-15, 'second proposal, z = 0');
    assert.equal(random.left(), 0);
  });

  test('shape below 1: Gamma(a) = Gamma(a + 1)·U^(1/a) (Marsaglia & Tsang §6), U drawn first', () => {
    // a = 0.5, θ = 2, U = 1/4: Gamma(1.5) from z = 0 is d·θ = (1.5 − 1/3)·2 = 7/3; times (1/4)² = 7/48.
    const random = scripted([0.25, ...Z_ZERO, 0.5]);
    close(sampleGamma(random, 0.5, 2), 7 / 48, 1e-15, '7/48');
    assert.equal(random.left(), 0);
    // a = 1 is the main algorithm already: no U (the test above with three uniforms relies on that too).
    const one = scripted([...Z_ZERO, 0.5]);
    close(sampleGamma(one, 1, 1), 2 / 3, 1e-15, 'a = 1');
    assert.equal(one.left(), 0);
  });

  test('shape and scale must be finite and > 0; the message names both', () => {
    for (const [shape, scale] of [
      [0, 1],
      [-1, 1],
      [Number.NaN, 1],
      [Number.POSITIVE_INFINITY, 1],
      [1, 0],
      [1, -2],
      [1, Number.NaN],
      [1, Number.POSITIVE_INFINITY],
    ] as const) {
      assert.throws(() => sampleGamma(scripted([...Z_ZERO, 0.5, ...Z_ZERO, 0.5]), shape, scale), {
        name: 'RangeError',
        message: `gamma needs finite shape, scale > 0, got ${shape}, ${scale}`,
      });
    }
  });
});

describe('sampleGammaRate: shape 1/cv², scale mean·cv²', () => {
  test('cv = 0.5, mean 40: shape 4, scale 10; z = 0 gives d·θ = (4 − 1/3)·10 = 110/3', () => {
    const random = scripted([...Z_ZERO, 0.5]);
    close(sampleGammaRate(random, 40, 0.5), 110 / 3, 1e-15, '110/3');
    assert.equal(random.left(), 0);
    // cv = 2: shape 1/4 < 1, scale 160, so U first: Gamma(1.25)·U⁴; U = 1/2, z = 0: (1.25 − 1/3)·160/16 = 55/6.
    close(sampleGammaRate(scripted([0.5, ...Z_ZERO, 0.5]), 40, 2), 55 / 6, 1e-15, '55/6');
  });

  test('cv = 0 is the mean itself and draws nothing', () => {
    assert.equal(sampleGammaRate(scripted([]), 12.5, 0), 12.5);
  });

  test('cv must be finite and ≥ 0; the message names it', () => {
    for (const cv of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => sampleGammaRate(scripted([...Z_ZERO, 0.5]), 10, cv), {
        name: 'RangeError',
        message: `cv must be finite and ≥ 0, got ${cv}`,
      });
    }
  });
});
