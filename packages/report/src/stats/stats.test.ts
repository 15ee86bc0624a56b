import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { confusionTable, diagnosticAccuracy } from './accuracy.js';
import { clopperPearson } from './proportion.js';
import { rocAnalysis, rocWithBootstrap } from './roc.js';

function binomialCdf(x: number, n: number, p: number): number {
  let sum = 0;
  let term = (1 - p) ** n; // P(X = 0)
  for (let k = 0; k <= x; k++) {
    sum += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return sum;
}

describe('Clopper-Pearson exact interval', () => {
  test('Newcombe 1998 (Stat Med 17:857) Table II, method 5 (exact): 0/20 → 0–0.1684, 1/29 → 0.0009–0.1776', () => {
    const a = clopperPearson(0, 20);
    assert.equal(a.low, 0);
    assert.equal(Number(a.high?.toFixed(4)), 0.1684);
    const b = clopperPearson(1, 29);
    assert.equal(Number(b.low?.toFixed(4)), 0.0009);
    assert.equal(Number(b.high?.toFixed(4)), 0.1776);
  });

  test('closed forms at the ends: x = 0 → upper 1 − (α/2)^(1/n); x = n → lower (α/2)^(1/n)', () => {
    for (const n of [1, 5, 12, 40]) {
      assert.ok(Math.abs((clopperPearson(0, n).high ?? 0) - (1 - 0.025 ** (1 / n))) < 1e-10);
      assert.ok(Math.abs((clopperPearson(n, n).low ?? 0) - 0.025 ** (1 / n)) < 1e-10);
    }
  });

  test('definition: binomial tails equal α/2 at the bounds (Clopper & Pearson 1934)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (n, f) => {
          const x = Math.min(n - 1, Math.max(1, Math.round(f * n)));
          const ci = clopperPearson(x, n);
          assert.ok(Math.abs(binomialCdf(x, n, ci.high ?? 0) - 0.025) < 1e-7);
          assert.ok(Math.abs(1 - binomialCdf(x - 1, n, ci.low ?? 0) - 0.025) < 1e-7);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  test('refuses impossible counts and has no interval for n = 0', () => {
    assert.throws(() => clopperPearson(5, 4), /successes <= total/);
    assert.throws(() => clopperPearson(1.5, 4), /whole numbers/);
    assert.equal(clopperPearson(0, 0).estimate, null);
  });
});

describe('diagnostic accuracy', () => {
  test('hand-worked 2×2 table: TP 20, FP 2, FN 7, TN 10', () => {
    const table = confusionTable([
      ...Array.from({ length: 20 }, () => ({ testPositive: true, referencePositive: true })),
      ...Array.from({ length: 2 }, () => ({ testPositive: true, referencePositive: false })),
      ...Array.from({ length: 7 }, () => ({ testPositive: false, referencePositive: true })),
      ...Array.from({ length: 10 }, () => ({ testPositive: false, referencePositive: false })),
    ]);
    assert.deepEqual(table, { truePositive: 20, falsePositive: 2, falseNegative: 7, trueNegative: 10 });
    const acc = diagnosticAccuracy(table);
    assert.equal(acc.sensitivity.estimate, 20 / 27);
    assert.equal(acc.specificity.estimate, 10 / 12);
    assert.equal(acc.positivePredictiveValue.estimate, 20 / 22);
    assert.equal(acc.negativePredictiveValue.estimate, 10 / 17);
    assert.ok((acc.sensitivity.low ?? 1) < 20 / 27 && (acc.sensitivity.high ?? 0) > 20 / 27);
  });
});

describe('ROC of T/B against pathology', () => {
  // Hand-worked: tumour T/B 3.0, 2.5, 1.8; normal 1.0, 1.2, 1.8, 0.9.
  // Mann-Whitney: 3.0 beats 4, 2.5 beats 4, 1.8 beats 3 and ties 1 → (4 + 4 + 3.5) / 12 = 0.958333.
  // Youden: t=2.5 → J = 2/3; t=1.8 → sens 1, FPR 1/4 → J = 0.75 (best); t=1.2 → J = 0.5.
  const data = [
    { marker: 3.0, diseased: true },
    { marker: 2.5, diseased: true },
    { marker: 1.8, diseased: true },
    { marker: 1.0, diseased: false },
    { marker: 1.2, diseased: false },
    { marker: 1.8, diseased: false },
    { marker: 0.9, diseased: false },
  ];

  test('AUC and Youden threshold match the hand-worked example', () => {
    const roc = rocAnalysis(data);
    assert.ok(!('insufficient' in roc));
    assert.ok(Math.abs(roc.auc - 11.5 / 12) < 1e-12);
    assert.equal(roc.bestThreshold.threshold, 1.8);
    assert.equal(roc.bestThreshold.youdenJ, 0.75);
    assert.equal(roc.points.at(-1)?.sensitivity, 1);
    assert.equal(roc.points.at(-1)?.falsePositiveRate, 1);
  });

  test('bootstrap is reproducible from its seed and brackets the estimate', () => {
    const a = rocWithBootstrap(data, { replicates: 400, seed: 11 });
    const b = rocWithBootstrap(data, { replicates: 400, seed: 11 });
    assert.deepEqual(a, b);
    assert.ok(!('insufficient' in a));
    assert.ok(a.aucInterval.low <= a.auc && a.auc <= a.aucInterval.high);
    assert.ok(a.thresholdInterval.low <= 1.8 && 1.8 <= a.thresholdInterval.high);
  });

  test('one class only is reported as insufficient, not as a number', () => {
    const roc = rocAnalysis([{ marker: 2, diseased: true }]);
    assert.ok('insufficient' in roc && /1 tumour, 0 normal/.test(roc.insufficient));
  });
});
