// Part C of the counting benchmark (issue 12) on a small replicate count: the stated confidence of the live
// rule bounds the measured error (Student-t predictive on log rates: Hahn & Meeker, Statistical Intervals
// 1991 §4.6), and the spread prior learnt from past cases (Smyth 2004, Stat Appl Genet Mol Biol 3:3, §6.2)
// recovers the between-site spread it was generated with and raises sensitivity at equal α.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIDENCE_BENCH, runConfidenceBench } from './bench-confidence.js';

/** Named seed of this test's simulated patients (gamma site means, CV 30 %, 3 sites). */
const SEED_CONFIDENCE_BENCH = 1203;

describe('confidence benchmark (small)', () => {
  const result = runConfidenceBench({
    seed: SEED_CONFIDENCE_BENCH,
    patients: 12,
    cvs: [0.3],
    sites: [3],
    eb: { ...DEFAULT_CONFIDENCE_BENCH.eb, patients: 24 },
  });

  test('per scenario: stated vs measured error per verdict kind, bins with exact intervals', () => {
    assert.equal(result.scenarios.length, 1);
    const s = result.scenarios[0]!;
    assert.equal(s.cv, 0.3);
    assert.equal(s.sites, 3);
    assert.equal(s.positive.trials + s.untestable, 12);
    for (const c of [s.positive, s.negative]) {
      assert.ok(
        c.measuredLowPercent <= c.measuredErrorPercent && c.measuredErrorPercent <= c.measuredHighPercent,
      );
      assert.equal(c.pass, c.measuredLowPercent <= c.statedErrorPercent);
    }
    for (const b of s.bins) {
      assert.ok(b.errorLowPercent <= b.errorPercent && b.errorPercent <= b.errorHighPercent);
      // The bin's bound is its verdicts' mean stated error: in [c, next edge) it is at most 100 − c.
      assert.ok(b.allowedErrorPercent <= 100 - b.statedPercent + 1e-9, JSON.stringify(b));
      assert.equal(b.honest, b.errorLowPercent <= b.allowedErrorPercent);
    }
    // A positive stated at ≥ 99 % with 3 sites: false positives among normal sites stay within the bound.
    assert.ok(s.positive.measuredErrorPercent <= 10, `FP ${s.positive.measuredErrorPercent} %`);
    assert.ok(s.honest, JSON.stringify(s.bins.filter((b) => !b.honest)));
  });

  test('empirical Bayes: the prior recovers CV 30 % (ln-SD 0.29) and does not lower sensitivity; FP ≤ α + noise', () => {
    const e = result.empiricalBayes;
    assert.ok(e.prior, 'a prior is learnt from 40 past cases');
    assert.equal(e.prior.cases, 40);
    // ln-SD of a gamma with CV 0.3 ≈ √ln(1 + 0.09) = 0.294, plus Poisson noise of ~250 counts per site
    // (1/√250 = 0.063 in quadrature): ≈ 0.30.
    assert.ok(Math.abs(e.prior.logSd - 0.3) < 0.06, `prior ln-SD ${e.prior.logSd}`);
    assert.ok(e.withPrior.sensitivityPercent >= e.withoutPrior.sensitivityPercent, JSON.stringify(e));
    // 24 patients: 5 % α allows up to 4 false positives at the 97.5 % binomial quantile (Bin(24, 0.05)).
    assert.ok(e.withPrior.falsePositivePercent <= (100 * 4) / 24, JSON.stringify(e));
  });
});
