// biome-ignore-all lint/correctness/noPrecisionLoss: mpmath reference values are kept to the 20 digits it printed.
// The incomplete beta function at large shapes (Clopper–Pearson limits of large counts), where the oracle tests
// of special-functions-oracles.test.ts stop at a, b ≤ 200.
//
// Oracles: the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) (DLMF 8.17.4), which makes I_½(a, a) = ½ exactly and the
// median of Beta(a, a) ½; and mpmath 1.3.0 at 50–60 digits (python3; mp.betainc(a, b, 0, x, regularized=True),
// and from a = 10⁵ on, where its series gives up, xᵃ(1 − x)ᵇ/(a B(a, b))·mp.hyp2f1(a + b, 1, a + 1, x,
// maxterms=10**7), DLMF 8.17.8), printed to 20 digits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { betaIncomplete, betaIncompleteInverse, betaIncompleteInverseSteps } from './special-functions.js';

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected} (rel ${relative})`,
  );

describe('incomplete beta at large shapes', () => {
  test('I_½(a, a) = ½ and its inverse at ½ is ½, a = 100 … 10⁸ (DLMF 8.17.4)', () => {
    // Tolerances are what this code reaches (measured 2026-12-03: at most 1.1e-14 up to a = 10⁴, 2.6e-13 up
    // to 10⁷, 1.3e-11 at 10⁸; the inverse at most 1e-13). The direct form of the prefactor,
    // ln Γ(2a) − 2 ln Γ(a) + …, was off by 1.4e-13 at a = 100, 8.6e-13 at 10⁴, 6.3e-10 at 10⁵ and 2.3e-7
    // at 10⁸ (its inverse by 1.8e-12 at 10⁵).
    for (const [a, tolerance] of [
      [100, 1e-13],
      [1e4, 1e-13],
      [1e5, 1e-12],
      [1e6, 1e-12],
      [1e7, 1e-12],
      [1e8, 3e-11],
    ] as const) {
      close(betaIncomplete(0.5, a, a), 0.5, tolerance, `I_½(${a}, ${a})`);
      close(betaIncompleteInverse(0.5, a, a), 0.5, 2e-13, `I⁻¹(½; ${a}, ${a})`);
    }
  });

  test('lopsided shapes and both sides of the mode against mpmath, to 1e-12', () => {
    // [a, b, x, I_x(a, b)]. (150, 400, 0.12) is far below the mode a/(a + b) = 0.27, where ln(x/x₀) is taken
    // directly rather than by log1p.
    const table: Array<[number, number, number, number]> = [
      [150, 400, 0.12, 2.1078253728275016724e-22],
      [150, 400, 0.2, 0.000022323107854175739387],
      [150, 400, 0.35, 0.99994961952101270598],
      [1000, 2000, 0.3, 0.000040738279160507714984],
      [1000, 2000, 0.33, 0.35063267613418341893],
      [1e5, 1e5, 0.499, 0.18554674455755675465],
      [1e5, 3e5, 0.2501, 0.55829776946801615297],
      [1e6, 3e6, 0.2499, 0.32213790742267370892],
    ];
    for (const [a, b, x, expected] of table)
      close(betaIncomplete(x, a, b), expected, 1e-12, `I_${x}(${a}, ${b})`);
  });

  test('steps of the inverse: Newton from the Numerical Recipes start', () => {
    // Counted with this code (2026-12-03): 363 steps in all over the grid, at most 8 at one point. Before a
    // converged step landing on the bracket end was accepted, the same grid took 760 and up to 59 (bisection
    // from there); a worse start or step shows in these counts long before it shows in the root.
    let total = 0;
    let most = 0;
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
      [1e4, 1e4],
      [3, 1e5],
    ] as const) {
      for (const p of [1e-8, 0.01, 0.2, 0.5, 0.7, 0.95, 0.999]) {
        const { steps } = betaIncompleteInverseSteps(p, a, b);
        assert.ok(steps >= 1, `I⁻¹(${p}; ${a}, ${b}): ${steps} steps`);
        total += steps;
        most = Math.max(most, steps);
      }
    }
    assert.ok(total <= 363, `${total} steps over the grid`);
    assert.ok(most <= 8, `${most} steps at one point`);
    assert.deepEqual(betaIncompleteInverseSteps(0, 2, 3), { x: 0, steps: 0 });
    assert.deepEqual(betaIncompleteInverseSteps(1, 2, 3), { x: 1, steps: 0 });
  });
});
