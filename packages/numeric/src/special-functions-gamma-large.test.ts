// biome-ignore-all lint/correctness/noPrecisionLoss: mpmath reference values are kept to the 20 digits it printed.
// The incomplete gamma function and its inverse where the oracle tests of special-functions-oracles.test.ts
// do not reach: shapes from 100 to 10⁸ (Poisson tails of large counts) and quantiles far in the lower tail,
// plus the cost of the inverse (its steps), which is the only thing a worse starting point changes.
//
// Reference values: mpmath 1.3.0 at 40–50 significant digits (python3; P = mp.gammainc(a, 0, x,
// regularized=True), Q = mp.gammainc(a, x, mp.inf, regularized=True); from a = 10⁶ on P =
// exp(a ln x − x − ln Γ(a + 1))·mp.hyp1f1(1, a + 1, x, maxterms=10**7), DLMF 8.5.1, because mp.gammainc's own
// series gives up there; quantiles by mp.findroot on those), printed to 20 digits and rounded here. @stdlib's
// gammainc and gammaincinv are not the oracle here: at a = 10⁴ they are off by 5e-3 (P(10⁴, 10⁴) = 0.49734
// against 0.501330 from mpmath and from the expansion ½ + 1/(3√(2πa))), and gammaincinv(1e-160, 100) by 9e-9.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gammaP, gammaPInverse, gammaPInverseSteps, gammaQ } from './special-functions.js';

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected} (rel ${relative})`,
  );

describe('incomplete gamma at large shapes, against mpmath', () => {
  test('a = 100 … 1000 (the Stirling form of the prefactor from a = 100 on), to 3e-14', () => {
    // [a, x, P(a, x), Q(a, x)]. The direct prefactor e^{−x + a ln x − ln Γ(a)} was off by up to 4e-13 here
    // (rounding of a ln a ≈ 6900 at a = 1000); the tolerance is the rounding of the exponent that is left,
    // at most |−a(λ − 1 − ln λ)| ≈ 98 (Q(1000, 1500)) times 2⁻⁵³ = 1.1e-14, with room for the sum.
    const table: Array<[number, number, number, number]> = [
      [100, 50, 3.2000653245851252938e-10, 0.99999999967999346754],
      [100, 90, 0.1582209891864301681, 0.8417790108135698319],
      [100, 110.00000000000001, 0.84172132993991322838, 0.15827867006008677162],
      [100, 150, 0.99999407545966451608, 5.9245403354839158294e-6],
      [150, 75, 1.6815084004192064738e-14, 0.99999999999998318492],
      [150, 135, 0.10736282957535392723, 0.89263717042464607277],
      [150, 165, 0.88746349040198841762, 0.11253650959801158238],
      [150, 225, 0.99999995643097166362, 4.3569028336382337469e-8],
      [1000, 500, 3.2982727970670996485e-86, 1],
      [1000, 900, 0.00054990226571178292301, 0.99945009773428821708],
      [1000, 1100, 0.99894067674607002265, 0.0010593232539299773489],
      [1000, 1500, 1, 2.2046986113889961422e-43],
    ];
    for (const [a, x, p, q] of table) {
      close(gammaP(a, x), p, 3e-14, `P(${a}, ${x})`);
      close(gammaQ(a, x), q, 3e-14, `Q(${a}, ${x})`);
    }
  });

  test('a = 10⁴ … 10⁸ at x = a and 0.1 % either side, to 1e-11', () => {
    // The series needs about 8√a terms at x ≈ a (70 863 at a = 10⁸): with the old fixed limit of 10 000 it
    // stopped early from a ≈ 1.5·10⁶ on (P(10⁷, 10⁷) = 0.49926, P(10⁸, 10⁸) = 0.341). Tolerance: 8√a
    // roundings of 2⁻⁵³ in the sum, 8.9e-12 at a = 10⁸.
    const table: Array<[number, number, number, number]> = [
      [1e4, 9990, 0.46148242570936408715, 0.53851757429063591285],
      [1e4, 1e4, 0.50132980833995520038, 0.49867019166004479962],
      [1e4, 10009.999999999998, 0.54113746289250273566, 0.45886253710749726434],
      [1e6, 999000, 0.15865521357430365246, 0.84134478642569634754],
      [1e6, 1e6, 0.50013298076087259124, 0.49986701923912740876],
      [1e6, 1000999.9999999999, 0.8413447863683121413, 0.1586552136316878587],
      [1e7, 9990000, 0.00078015321525204869777, 0.9992198467847479513],
      [1e7, 1e7, 0.50004205220872369833, 0.49995794779127630167],
      [1e7, 10009999.999999998, 0.99921474656539278502, 0.00078525343460721498205],
      [1e8, 99900000, 7.369931066896993947e-24, 1],
      [1e8, 1e8, 0.50001329807601411987, 0.49998670192398588013],
      [1e8, 100099999.99999999, 1, 7.8778561786967821223e-24],
    ];
    for (const [a, x, p, q] of table) {
      close(gammaP(a, x), p, 1e-11, `P(${a}, ${x})`);
      close(gammaQ(a, x), q, 1e-11, `Q(${a}, ${x})`);
    }
  });
});

describe('gammaPInverse at large shapes and far in the lower tail', () => {
  test('medians of large shapes: a − 1/3 + 8/(405a) (Choi, Proc. AMS 121:245, 1994), to 1e-14', () => {
    // The next term of Choi's expansion, 184/(25515a²), is below 1e-11 from a = 10⁴ on: below a's last
    // digit there. The old code gave 999999.6666656 at a = 10⁶ (1e-9 off).
    for (const a of [1e4, 1e6, 1e8]) {
      close(gammaPInverse(0.5, a), a - 1 / 3 + 8 / (405 * a), 1e-14, `median of Γ(${a})`);
    }
  });

  test('tails of large shapes against mpmath, to 1e-14', () => {
    // P⁻¹(0.05; 10⁴) came out 9290 when a step below the last digit was taken for one outside the bracket.
    close(gammaPInverse(0.05, 1e4), 9836.0851108551917253, 1e-14, 'P⁻¹(0.05; 10⁴)');
    close(gammaPInverse(0.95, 1e4), 10165.051911966126477, 1e-14, 'P⁻¹(0.95; 10⁴)');
    close(gammaPInverse(0.95, 1000), 1052.5771180823205518, 1e-14, 'P⁻¹(0.95; 1000)');
  });

  test('far lower tail: the leading term xᵃ/Γ(a + 1) (DLMF 8.7.1) and mpmath, to 1e-13', () => {
    // For x → 0, P(a, x) = xᵃ/Γ(a + 1)·(1 − a x/(a + 1) + …), so where x is below 1e-40 the root is
    // (p Γ(a + 1))^{1/a} to every digit: Γ(5/2) = 3√π/4, Γ(4) = 6, Γ(6) = 120 (DLMF 5.4.1, 5.4.6), and for
    // a = 1/2, P = erf(√x) ≈ 2√(x/π), so x = πp²/4. The old code ran out of its 200 Halley steps for
    // p ≤ 1e-200 (P⁻¹(1e-250; 1.5) gave an x with P = 5e-215).
    close(
      gammaPInverse(1e-250, 1.5),
      (1e-250 * 0.75 * Math.sqrt(Math.PI)) ** (1 / 1.5),
      1e-13,
      'P⁻¹(1e-250; 3/2)',
    );
    close(gammaPInverse(1e-250, 3), 6e-250 ** (1 / 3), 1e-13, 'P⁻¹(1e-250; 3)');
    close(gammaPInverse(1e-300, 5), 120e-300 ** (1 / 5), 1e-13, 'P⁻¹(1e-300; 5)');
    close(gammaPInverse(1e-20, 0.5), (Math.PI * 1e-40) / 4, 1e-13, 'P⁻¹(1e-20; 1/2)');
    // Where the root is not small the leading term is not enough: mpmath.
    const table: Array<[number, number, number]> = [
      [1e-300, 100, 0.038006988916941886986],
      [1e-160, 100, 0.9634801098033862027],
      [1e-300, 150, 0.56668597033988072201],
      [1e-200, 200, 7.7858388285727228229],
      [1e-100, 50, 0.19558111701205562335],
    ];
    for (const [p, a, x] of table) close(gammaPInverse(p, a), x, 1e-13, `P⁻¹(${p}; ${a})`);
  });

  test('steps: Halley from the Numerical Recipes starts, Newton on ln P in the lower tail', () => {
    // Counted with this code (2026-12-03): 405 steps in all over the grid, at most 6 at one point, and at
    // most 12 in the far tails below. Halley converges cubically from a good start, so a worse start or
    // step shows as more steps long before it shows in the root; these bounds are what catches it.
    let total = 0;
    let most = 0;
    for (const a of [0.05, 0.1, 0.3, 0.5, 0.9, 1, 1.5, 2, 5, 50, 500, 1e4]) {
      for (const p of [1e-10, 1e-5, 1e-3, 0.05, 0.3, 0.5, 0.8, 0.95, 0.999, 0.999999]) {
        const { steps } = gammaPInverseSteps(p, a);
        assert.ok(steps >= 1, `P⁻¹(${p}; ${a}): ${steps} steps`);
        total += steps;
        most = Math.max(most, steps);
      }
    }
    assert.ok(total <= 405, `${total} steps over the grid`);
    assert.ok(most <= 6, `${most} steps at one point`);
    for (const [p, a] of [
      [1e-300, 100],
      [1e-160, 100],
      [1e-300, 150],
      [1e-250, 1.5],
    ] as const) {
      const { steps } = gammaPInverseSteps(p, a);
      assert.ok(steps <= 12, `P⁻¹(${p}; ${a}): ${steps} steps`);
    }
    assert.deepEqual(gammaPInverseSteps(0, 2), { x: 0, steps: 0 });
    assert.deepEqual(gammaPInverseSteps(1, 2), { x: Number.POSITIVE_INFINITY, steps: 0 });
  });
});
