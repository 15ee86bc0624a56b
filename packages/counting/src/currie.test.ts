import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currieCountSeconds, currieLimits } from './currie.js';

describe('Currie (1968) Anal Chem 40:586 — critical level and detection limit', () => {
  test('paired blank, α = β = 5 %: L_C = 2.33√B and L_D ≈ 2.71 + 4.65√B', () => {
    for (const b of [10, 100, 1000, 10000]) {
      const { criticalCounts, detectionLimitCounts } = currieLimits({
        backgroundCounts: b,
        alpha: 0.05,
        beta: 0.05,
        blank: 'paired',
      });
      assert.ok(
        Math.abs(criticalCounts - 2.326 * Math.sqrt(b)) < 0.001 * Math.sqrt(b),
        `L_C(${b}) = ${criticalCounts}`,
      );
      // Currie's closed form drops a term of order z²/(8√(2B)); agreement within 1 % of L_D for B >= 10.
      const approx = 2.71 + 4.65 * Math.sqrt(b);
      assert.ok(
        Math.abs(detectionLimitCounts - approx) < 0.01 * approx,
        `L_D(${b}) = ${detectionLimitCounts} vs ${approx}`,
      );
    }
  });

  test('well-known blank: L_C = 1.645√B and L_D = 2.71 + 3.29√B (Currie 1968 Table I)', () => {
    const b = 400;
    const { criticalCounts, detectionLimitCounts } = currieLimits({
      backgroundCounts: b,
      alpha: 0.05,
      beta: 0.05,
      blank: 'well-known',
    });
    assert.ok(Math.abs(criticalCounts - 1.645 * 20) < 0.01);
    assert.ok(Math.abs(detectionLimitCounts - (2.71 + 3.29 * 20)) < 0.1, `${detectionLimitCounts}`);
  });

  test('count times match the paired 95 %/95 % table of research-notes §5.3 (to the printed digits)', () => {
    // t ≈ [1.645(√2 + √(R+1))]² / ((R-1)²·b), from L_D = L_C + z√(L_D + 2B) with L_D = (R-1)·b·t.
    const table: Array<[number, number, string]> = [
      [20, 1.2, '28.4'],
      [20, 1.5, '4.9'],
      [20, 2, '1.3'],
      [20, 3, '0.39'],
      [100, 1.2, '5.7'],
      [100, 1.5, '0.97'],
      [100, 2, '0.27'],
      [100, 3, '0.08'],
      [500, 1.2, '1.1'],
      [500, 1.5, '0.19'],
      [500, 2, '0.05'],
      [500, 3, '0.016'],
    ];
    for (const [b, ratio, printed] of table) {
      const t = currieCountSeconds({ backgroundCps: b, ratio, alpha: 0.05, beta: 0.05, blank: 'paired' });
      const decimals = printed.split('.')[1]?.length ?? 0;
      assert.ok(
        Math.abs(t - Number(printed)) <= 0.5 * 10 ** -decimals + 1e-9,
        `b ${b}, R ${ratio}: ${t} vs ${printed}`,
      );
    }
  });

  test('no background at all: L_C = 0 and L_D = z² = 2.71 (Currie 1968 Table I, the constant term)', () => {
    // With B = 0, L_C = z·√0 = 0 and L_D = L_C + z·√L_D gives L_D = z² = 1.6448536² = 2.7055 (z_0.95 from
    // Abramowitz & Stegun Table 26.5), Currie's 2.71 — for either kind of blank. A zero background is
    // a valid input (a shielded detector), not an error.
    for (const blank of ['paired', 'well-known'] as const) {
      const { criticalCounts, detectionLimitCounts } = currieLimits({
        backgroundCounts: 0,
        alpha: 0.05,
        beta: 0.05,
        blank,
      });
      assert.equal(criticalCounts, 0);
      assert.ok(Math.abs(detectionLimitCounts - 1.6448536 ** 2) < 1e-6, `${blank}: ${detectionLimitCounts}`);
    }
  });

  test('α ≠ β, well-known blank, B = 100: L_C = 23.263 and L_D = 42.928 (worked by fixed-point iteration)', () => {
    // z_0.99 = 2.3263479, z_0.95 = 1.6448536 (A&S Table 26.5). L_C = 2.3263479·√100 = 23.263479.
    // L_D solves Currie's definition L_D = L_C + z_β·√(L_D + B); iterating L ← 23.263479 + 1.6448536·√(L + 100)
    // from L = 0 (Python, 200 steps) settles at 42.928123. A swap of α and β would give L_C = 16.449.
    const { criticalCounts, detectionLimitCounts } = currieLimits({
      backgroundCounts: 100,
      alpha: 0.01,
      beta: 0.05,
      blank: 'well-known',
    });
    assert.ok(Math.abs(criticalCounts - 23.263479) < 1e-5, `${criticalCounts}`);
    assert.ok(Math.abs(detectionLimitCounts - 42.928123) < 1e-5, `${detectionLimitCounts}`);
  });

  test('refuses a negative or missing background count, naming the value', () => {
    for (const b of [-1, -1e-9, Number.NaN]) {
      assert.throws(() => currieLimits({ backgroundCounts: b, alpha: 0.05, beta: 0.05, blank: 'paired' }), {
        name: 'RangeError',
        message: `background counts must be >= 0, got ${b}`,
      });
    }
  });

  test('count time: refuses a background of 0 cps or less and a ratio of 1 or less, naming the value', () => {
    // A ratio of 1 (or a background of 0 cps) never reaches L_D: the net signal stays 0 while L_D ≥ 2.71.
    for (const backgroundCps of [0, -5, Number.NaN]) {
      assert.throws(
        () => currieCountSeconds({ backgroundCps, ratio: 2, alpha: 0.05, beta: 0.05, blank: 'paired' }),
        { name: 'RangeError', message: `background must be > 0 cps, got ${backgroundCps}` },
      );
    }
    for (const ratio of [1, 0.5, Number.NaN]) {
      assert.throws(
        () => currieCountSeconds({ backgroundCps: 100, ratio, alpha: 0.05, beta: 0.05, blank: 'paired' }),
        { name: 'RangeError', message: `ratio must be > 1, got ${ratio}` },
      );
    }
  });
});
