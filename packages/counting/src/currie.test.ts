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
});
