// Special functions against oracles from outside this package, over every branch of each function:
// @stdlib's implementations (a second, independently written and maintained code base: gammaln, gammainc,
// gammaincinv, betainc, betaincinv, erfc, erfcinv), identities from the NIST Digital Library of
// Mathematical Functions (DLMF, https://dlmf.nist.gov, equation numbers given) and values worked by hand
// from them, with the derivation beside each.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import {
  betaIncomplete,
  betaIncompleteInverse,
  chiSquareQuantile,
  digamma,
  gammaP,
  gammaPInverse,
  gammaQ,
  logGamma,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  trigamma,
  trigammaInverse,
} from './index.js';

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected} (rel ${relative})`,
  );

const within = (actual: number, expected: number, absolute: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= absolute, `${what}: ${actual} vs ${expected} (abs ${absolute})`);

/** Euler's constant γ (DLMF 5.2.3), 0.57721 56649 01532 86060 65120 90082. */
const EULER_GAMMA = 0.5772156649015329;

describe('logGamma against @stdlib gammaln', () => {
  test('reflection branch (x < 1/2), both sides of 1/2, and large x', () => {
    for (const x of [
      1e-8, 1e-3, 0.1, 0.25, 0.4, 0.49, 0.5, 0.51, 0.75, 0.9, 1.5, 2.5, 3.7, 10.25, 100.5, 1e3, 1e5,
    ]) {
      const expected = gammaln(x);
      // Relative to max(1, |lnΓ|): lnΓ crosses zero at 1 and 2.
      assert.ok(
        Math.abs(logGamma(x) - expected) <= 1e-14 * Math.max(1, Math.abs(expected)),
        `lnΓ(${x}) = ${logGamma(x)} vs ${expected}`,
      );
    }
  });

  test('refuses x ≤ 0 and NaN, naming the argument', () => {
    for (const bad of [0, -1, Number.NaN]) {
      assert.throws(() => logGamma(bad), { name: 'RangeError', message: `logGamma needs x > 0, got ${bad}` });
    }
  });
});

describe('incomplete gamma against @stdlib gammainc', () => {
  // x below a + 1 takes the series, above it the continued fraction; shapes from 0.1 to 500.
  const shapes = [0.1, 0.5, 1, 2.5, 10, 50, 500];
  const fractions = [1e-3, 0.3, 0.9, 0.999, 1.001, 1.1, 1.5, 2];
  test('P(a, x) and Q(a, x) on both branches, to 1e-12', () => {
    for (const a of shapes) {
      for (const f of fractions) {
        // x = f·(a + 1): both sides of the switch at a + 1.
        const x = f * (a + 1);
        // @stdlib's Q(500, 1002) is off (see the far-tail test); that point is checked there.
        if (a === 500 && f === 2) continue;
        const p = gammainc(x, a, true, false);
        const q = gammainc(x, a, true, true);
        close(gammaP(a, x), p, 1e-12, `P(${a}, ${x})`);
        close(gammaQ(a, x), q, 1e-12, `Q(${a}, ${x})`);
      }
    }
  });

  test('far tails stay relative, where 1 − P or 1 − Q would lose every digit', () => {
    // Q(10, 80) = 7.5e-24 and P(10, 0.5) = 1.7e-10 (@stdlib); Q(500, 1002) = 1.5168210608720207e-69 from
    // mpmath 1.3.0 (gammainc, 30 digits): @stdlib 0.3.1 gives 1.5198e-69 there, 2e-3 off, so it is not the
    // oracle at that point.
    close(gammaQ(10, 80), gammainc(80, 10, true, true), 1e-12, 'Q(10, 80)');
    assert.ok(gammaQ(10, 80) > 7e-24 && gammaQ(10, 80) < 8e-24);
    close(gammaP(10, 0.5), gammainc(0.5, 10, true, false), 1e-12, 'P(10, 0.5)');
    close(gammaQ(500, 1002), 1.51682106087202e-69, 1e-11, 'Q(500, 1002)');
  });

  test('x = 0: P = 0 and Q = 1 exactly', () => {
    assert.equal(gammaP(2, 0), 0);
    assert.equal(gammaQ(2, 0), 1);
    assert.equal(gammaP(0.3, 0), 0);
    assert.equal(gammaQ(0.3, 0), 1);
  });

  test('bad arguments are refused with the argument named', () => {
    for (const a of [0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const f of [gammaP, gammaQ]) {
        assert.throws(() => f(a, 1), {
          name: 'RangeError',
          message: `incomplete gamma needs a > 0, got ${a}`,
        });
      }
    }
    for (const x of [-1e-9, Number.NaN]) {
      for (const f of [gammaP, gammaQ]) {
        assert.throws(() => f(2, x), {
          name: 'RangeError',
          message: `incomplete gamma needs x >= 0, got ${x}`,
        });
      }
    }
  });
});

describe('gammaPInverse against @stdlib gammaincinv', () => {
  test('shapes on both sides of 1 (Wilson–Hilferty start and the small-shape start), p from 1e-10 to 1 − 1e-6', () => {
    for (const a of [0.05, 0.1, 0.5, 0.9, 1, 1.5, 5, 50, 500]) {
      for (const p of [1e-10, 1e-3, 0.05, 0.3, 0.5, 0.8, 0.95, 0.999999]) {
        close(gammaPInverse(p, a), gammaincinv(p, a), 1e-10, `P⁻¹(${p}; ${a})`);
      }
    }
  });

  test('p = 0 gives 0, p = 1 gives +∞', () => {
    assert.equal(gammaPInverse(0, 3), 0);
    assert.equal(gammaPInverse(1, 3), Number.POSITIVE_INFINITY);
  });

  test('bad arguments are refused with the argument named', () => {
    for (const a of [0, -1, Number.NaN]) {
      assert.throws(() => gammaPInverse(0.5, a), {
        name: 'RangeError',
        message: `gammaPInverse needs a > 0, got ${a}`,
      });
    }
    for (const p of [-0.1, 1.5, Number.NaN]) {
      assert.throws(() => gammaPInverse(p, 2), {
        name: 'RangeError',
        message: `gammaPInverse needs 0 <= p <= 1, got ${p}`,
      });
    }
  });

  test('chi-square quantile is twice the gamma quantile at half the degrees of freedom (DLMF 8.2 / 26.4.19 A&S)', () => {
    for (const [p, k] of [
      [0.95, 3],
      [0.01, 7],
      [0.5, 1],
    ] as const) {
      close(chiSquareQuantile(p, k), 2 * gammaincinv(p, k / 2), 1e-10, `χ²(${p}; ${k})`);
    }
  });
});

describe('incomplete beta against @stdlib betainc', () => {
  // Shapes below and above 1 and lopsided; x on both sides of the switch at (a + 1)/(a + b + 2).
  const shapes: Array<[number, number]> = [
    [0.5, 0.5],
    [0.3, 4],
    [4, 0.3],
    [2, 3],
    [5, 6],
    [50, 20],
    [1, 1],
    [200, 0.5],
  ];
  test('I_x(a, b) to 1e-12', () => {
    for (const [a, b] of shapes) {
      for (const x of [1e-3, 0.05, 0.2, 0.5, 0.7, 0.95, 0.999]) {
        const expected = betainc(x, a, b);
        if (expected === 0) continue;
        close(betaIncomplete(x, a, b), expected, 1e-12, `I_${x}(${a}, ${b})`);
      }
    }
  });

  test('the ends: I_0 = 0 and I_1 = 1 exactly', () => {
    assert.equal(betaIncomplete(0, 2, 3), 0);
    assert.equal(betaIncomplete(1, 2, 3), 1);
  });

  test('bad arguments are refused with the argument named', () => {
    for (const [a, b] of [
      [0, 1],
      [1, 0],
      [-1, 2],
      [Number.NaN, 2],
      [2, Number.NaN],
    ] as const) {
      assert.throws(() => betaIncomplete(0.5, a, b), {
        name: 'RangeError',
        message: `incomplete beta needs a, b > 0, got ${a}, ${b}`,
      });
    }
    for (const x of [-0.1, 1.1, Number.NaN]) {
      assert.throws(() => betaIncomplete(x, 2, 3), {
        name: 'RangeError',
        message: `incomplete beta needs 0 <= x <= 1, got ${x}`,
      });
    }
  });
});

describe('betaIncompleteInverse against @stdlib betaincinv', () => {
  test('both starting rules (a, b ≥ 1 and otherwise), p on both sides of 1/2', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [0.3, 4],
      [4, 0.3],
      [0.9, 2],
      [2, 0.9],
      [1, 1],
      [2, 3],
      [5, 6],
      [50, 20],
      [200, 0.5],
    ] as const) {
      for (const p of [1e-8, 0.01, 0.2, 0.5, 0.7, 0.95, 0.999]) {
        close(betaIncompleteInverse(p, a, b), betaincinv(p, a, b), 1e-11, `I⁻¹(${p}; ${a}, ${b})`);
      }
    }
  });

  test('p = 0 gives 0, p = 1 gives 1; p outside [0, 1] is refused', () => {
    assert.equal(betaIncompleteInverse(0, 2, 3), 0);
    assert.equal(betaIncompleteInverse(1, 2, 3), 1);
    for (const p of [-0.1, 1.1, Number.NaN]) {
      assert.throws(() => betaIncompleteInverse(p, 2, 3), {
        name: 'RangeError',
        message: `betaIncompleteInverse needs 0 <= p <= 1, got ${p}`,
      });
    }
  });
});

describe('normal distribution against @stdlib erfc / erfcinv', () => {
  test('Φ(z) = erfc(−z/√2)/2 (DLMF 7.2.2 with 7.18.2), both signs, into the far lower tail', () => {
    for (const z of [-37, -20, -8, -3, -1, -0.1, 0, 0.1, 1, 3, 8]) {
      close(normalCdf(z), 0.5 * erfc(-z / Math.SQRT2), 2e-13, `Φ(${z})`);
    }
    assert.equal(normalCdf(0), 0.5);
  });

  test('Φ⁻¹(p) = −√2·erfcinv(2p) in all three regions of AS 241, both tails', () => {
    // |p − 1/2| ≤ 0.425: central rational function; r = √(−ln min(p, 1 − p)) ≤ 5: the second;
    // r > 5 (p < 1.4e-11): the third, which only very small p reaches (r = 26.3 at p = 1e-300).
    const ps = [1e-300, 1e-100, 1e-50, 1e-20, 1e-12, 1e-10, 1e-8, 1e-5, 1e-3, 0.01, 0.07, 0.1, 0.3, 0.45];
    for (const p of ps) {
      close(normalQuantile(p), -Math.SQRT2 * erfcinv(2 * p), 2e-13, `Φ⁻¹(${p})`);
      // Upper tail by symmetry Φ⁻¹(1 − p) = −Φ⁻¹(p), where 1 − p is a double (p ≥ 1e-10 here).
      if (p >= 1e-10) close(normalQuantile(1 - p), Math.SQRT2 * erfcinv(2 * p), 1e-6, `Φ⁻¹(1 − ${p})`);
    }
    // The upper branch of the tail regions with an exactly representable 1 − p: 1 − 2^-40 (r > 5) and
    // 1 − 2^-20 (r ≤ 5).
    close(normalQuantile(1 - 2 ** -40), Math.SQRT2 * erfcinv(2 * 2 ** -40), 2e-13, 'Φ⁻¹(1 − 2^-40)');
    close(normalQuantile(1 - 2 ** -20), Math.SQRT2 * erfcinv(2 * 2 ** -20), 2e-13, 'Φ⁻¹(1 − 2^-20)');
    close(normalQuantile(0.75), Math.SQRT2 * erfcinv(0.5), 2e-13, 'Φ⁻¹(0.75)');
    assert.equal(normalQuantile(0.5), 0);
  });

  test('Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞; outside [0, 1] refused', () => {
    assert.equal(normalQuantile(0), Number.NEGATIVE_INFINITY);
    assert.equal(normalQuantile(1), Number.POSITIVE_INFINITY);
    for (const p of [-0.1, 1.1, Number.NaN]) {
      assert.throws(() => normalQuantile(p), {
        name: 'RangeError',
        message: `normalQuantile needs 0 < p < 1, got ${p}`,
      });
    }
  });
});

describe("Student's t in closed form (ν = 1 Cauchy, ν = 2)", () => {
  // ν = 1: F(t) = 1/2 + arctan(t)/π; ν = 2: F(t) = 1/2 + t/(2√(2 + t²)) (both from integrating the density
  // (1 + t²/ν)^(−(ν+1)/2) in closed form; e.g. DLMF 4.24.1 for the first).
  const cauchy = (t: number) => 0.5 + Math.atan(t) / Math.PI;
  const nu2 = (t: number) => 0.5 + t / (2 * Math.sqrt(2 + t * t));
  test('CDF on both signs of t and at 0', () => {
    for (const t of [-30, -3, -0.5, 0, 0.5, 3, 30]) {
      close(studentTCdf(t, 1), cauchy(t), 1e-12, `F₁(${t})`);
      close(studentTCdf(t, 2), nu2(t), 1e-12, `F₂(${t})`);
    }
    // Worked: F₁(3) = 1/2 + arctan(3)/π = 0.5 + 1.2490457723982544/π = 0.8975836176504333.
    close(studentTCdf(3, 1), 0.8975836176504333, 1e-12, 'F₁(3)');
  });

  test('quantile: ν = 1 is tan(π(p − 1/2)); ν = 2 is (2p − 1)/√(2p(1 − p)); the median is 0', () => {
    for (const p of [0.001, 0.1, 0.3, 0.7, 0.9, 0.999]) {
      close(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-10, `t₁(${p})`);
      close(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-10, `t₂(${p})`);
    }
    assert.equal(studentTQuantile(0.5, 7), 0);
  });

  test('bad arguments are refused with the argument named', () => {
    for (const nu of [0, -1, Number.NaN]) {
      assert.throws(() => studentTCdf(1, nu), {
        name: 'RangeError',
        message: `studentTCdf needs nu > 0, got ${nu}`,
      });
      assert.throws(() => studentTQuantile(0.3, nu), {
        name: 'RangeError',
        message: `studentTQuantile needs nu > 0, got ${nu}`,
      });
    }
    for (const p of [0, 1, -0.5, Number.NaN]) {
      assert.throws(() => studentTQuantile(p, 3), {
        name: 'RangeError',
        message: `studentTQuantile needs 0 < p < 1, got ${p}`,
      });
    }
  });
});

describe('digamma and trigamma at values known in closed form', () => {
  // H_n = 1 + 1/2 + … + 1/n; ψ(n + 1) = −γ + H_n (DLMF 5.4.14); ψ'(n + 1) = π²/6 − Σ_{k≤n} 1/k² (DLMF 5.15.1
  // with 5.4.14's recurrence ψ'(x + 1) = ψ'(x) − 1/x², 5.15.5).
  const harmonic = (n: number, power: number) => {
    let s = 0;
    for (let k = 1; k <= n; k++) s += 1 / k ** power;
    return s;
  };
  // The code's asymptotic series stop at B₁₀ from y ≥ 6 on, so their first omitted terms bound the accuracy:
  // B₁₂/(12y¹²) = 9.7e-12 for ψ and 5/(66y¹¹) = 2.1e-10 for ψ' at y = 6 (A&S 6.3.18, 6.4.12). The
  // (absolute) tolerances are set just above those; the last kept terms are 1.3e-10 and 3.3e-9, well outside them.
  test('ψ at 1/4, 1/3, 1/2, 1, 5.5 and integers up to 1000 (DLMF 5.4.12–5.4.15)', () => {
    within(digamma(1), -EULER_GAMMA, 1.2e-11, 'ψ(1) = −γ');
    // DLMF 5.4.13: ψ(1/2) = −γ − 2 ln 2.
    within(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, 1.2e-11, 'ψ(1/2)');
    // DLMF 5.4.15 (Gauss's digamma theorem): ψ(1/4) = −γ − π/2 − 3 ln 2; ψ(1/3) = −γ − π/(2√3) − (3/2) ln 3.
    within(digamma(0.25), -EULER_GAMMA - Math.PI / 2 - 3 * Math.LN2, 1.2e-11, 'ψ(1/4)');
    within(
      digamma(1 / 3),
      -EULER_GAMMA - Math.PI / (2 * Math.sqrt(3)) - 1.5 * Math.log(3),
      1.2e-11,
      'ψ(1/3)',
    );
    // ψ(11/2) = ψ(1/2) + 2/1 + 2/3 + 2/5 + 2/7 + 2/9 (DLMF 5.5.2 five times).
    within(digamma(5.5), -EULER_GAMMA - 2 * Math.LN2 + 2 + 2 / 3 + 2 / 5 + 2 / 7 + 2 / 9, 1.2e-11, 'ψ(5.5)');
    for (const n of [2, 6, 7, 30, 1000])
      within(digamma(n), -EULER_GAMMA + harmonic(n - 1, 1), 1.2e-11, `ψ(${n})`);
  });

  test("ψ' at 1/4, 1/2, 1, 5.5 and integers up to 1000 (DLMF 5.15.3 and the recurrence)", () => {
    const zeta2 = (Math.PI * Math.PI) / 6;
    within(trigamma(1), zeta2, 2.5e-10, "ψ'(1) = π²/6");
    // ψ'(1/2) = π²/2 (DLMF 5.15.3 with ζ(2, 1/2) = 3ζ(2)); ψ'(1/4) = π² + 8G, G = Catalan's constant
    // 0.91596 55941 77219 01505 (DLMF 25.11.40 with ψ' = ζ(2, ·)).
    within(trigamma(0.5), (Math.PI * Math.PI) / 2, 2.5e-10, "ψ'(1/2)");
    within(trigamma(0.25), Math.PI * Math.PI + 8 * 0.915965594177219, 2.5e-10, "ψ'(1/4)");
    // ψ'(11/2) = π²/2 − 4(1 + 1/9 + 1/25 + 1/49 + 1/81).
    within(
      trigamma(5.5),
      (Math.PI * Math.PI) / 2 - 4 * (1 + 1 / 9 + 1 / 25 + 1 / 49 + 1 / 81),
      2.5e-10,
      "ψ'(5.5)",
    );
    for (const n of [2, 6, 7, 30, 1000]) within(trigamma(n), zeta2 - harmonic(n - 1, 2), 2.5e-10, `ψ'(${n})`);
  });

  test("ψ'⁻¹ returns the x of the closed forms above", () => {
    close(trigammaInverse((Math.PI * Math.PI) / 6), 1, 1e-10, "ψ'⁻¹(π²/6)");
    close(trigammaInverse((Math.PI * Math.PI) / 2), 0.5, 1e-10, "ψ'⁻¹(π²/2)");
    const zeta2 = (Math.PI * Math.PI) / 6;
    close(trigammaInverse(zeta2 - harmonic(999, 2)), 1000, 1e-10, "ψ'⁻¹(ψ'(1000))");
  });

  test('bad arguments are refused with the argument named', () => {
    for (const bad of [0, -1, Number.NaN]) {
      assert.throws(() => digamma(bad), { name: 'RangeError', message: `digamma needs x > 0, got ${bad}` });
      assert.throws(() => trigamma(bad), { name: 'RangeError', message: `trigamma needs x > 0, got ${bad}` });
      assert.throws(() => trigammaInverse(bad), {
        name: 'RangeError',
        message: `trigammaInverse needs a value > 0, got ${bad}`,
      });
    }
  });
});
