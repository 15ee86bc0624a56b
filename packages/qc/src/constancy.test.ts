import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ConstancyInput,
  DEFAULT_CONSTANCY_TOLERANCE,
  evaluateConstancy,
  toleranceFromFailPercent,
} from './constancy.js';

// Hand-worked case: Co-57 (T½ = 271.81 d, LNHB/DDEP "KRI 2014", research-notes §4.1), 0.185 MBq
// certified at 2026-01-01T00:00Z; the check is exactly one half-life later, so A = 0.0925 MBq.
// Baseline 5,000 cps/MBq → expected 462.5 cps; 4,625 counts in 10 s is exactly the expectation.
const HALF_LIFE_S = 271.81 * 86400;
const CAL = Date.parse('2026-01-01T00:00:00Z');
const ONE_HALF_LIFE_LATER = CAL + HALF_LIFE_S * 1000;

function input(overrides: Partial<ConstancyInput> = {}): ConstancyInput {
  return {
    sourceHalfLifeSeconds: HALF_LIFE_S,
    sourceActivityMBq: 0.185,
    sourceCalibratedAtMs: CAL,
    baselineCpsPerMBq: 5000,
    measuredCounts: 4625,
    countSeconds: 10,
    checkedAtMs: ONE_HALF_LIFE_LATER,
    tolerance: DEFAULT_CONSTANCY_TOLERANCE,
    ...overrides,
  };
}

describe('evaluateConstancy (hand-worked Co-57 check, one half-life after calibration)', () => {
  test('decay factor 0.5, expected 462.5 cps, measured 462.5 cps: deviation 0 %, pass', () => {
    const r = evaluateConstancy(input());
    assert.ok(r.ok);
    assert.ok(Math.abs(r.value.decayFactor - 0.5) < 1e-12);
    assert.ok(Math.abs(r.value.expectedCps - 462.5) < 1e-9);
    assert.ok(Math.abs(r.value.measuredCps - 462.5) < 1e-12);
    assert.ok(Math.abs(r.value.deviationPercent) < 1e-9);
    assert.equal(r.value.result, 'pass');
    assert.deepEqual(r.value.reasons, ['within-tolerance']);
    // Poisson: σ = √4625 / 10 s = 6.8007 cps = 1.470 % of 462.5 cps.
    assert.ok(Math.abs(r.value.countingUncertaintyCps - Math.sqrt(4625) / 10) < 1e-12);
    assert.ok(Math.abs(r.value.countingUncertaintyPercent - 1.4704) < 1e-3);
    assert.equal(r.value.deviationSignificant, false);
  });

  test('4,300 counts (−7.03 %) warns; 4,000 counts (−13.5 %) fails; +7 % warns too (two-sided)', () => {
    const warn = evaluateConstancy(input({ measuredCounts: 4300 }));
    assert.ok(warn.ok);
    assert.ok(Math.abs(warn.value.deviationPercent - (100 * (430 / 462.5) - 100)) < 1e-9);
    assert.equal(warn.value.result, 'warn');
    assert.deepEqual(warn.value.reasons, ['outside-warn-limit']);
    // z = (430 − 462.5) / (√4300/10) = −4.956: far beyond counting noise.
    assert.ok(Math.abs(warn.value.zScore + 4.956) < 1e-3);
    assert.equal(warn.value.deviationSignificant, true);
    const failed = evaluateConstancy(input({ measuredCounts: 4000 }));
    assert.ok(failed.ok && failed.value.result === 'fail');
    const high = evaluateConstancy(input({ measuredCounts: 4950 }));
    assert.ok(high.ok && high.value.result === 'warn');
  });

  test('limits are inclusive: exactly −5 % passes, exactly −10 % warns', () => {
    // 462.5 × 0.95 = 439.375 cps = 43,937.5 counts in 100 s — use 400 s: 175,750 counts.
    const atWarn = evaluateConstancy(input({ measuredCounts: 175750, countSeconds: 400 }));
    assert.ok(atWarn.ok);
    assert.ok(Math.abs(atWarn.value.deviationPercent + 5) < 1e-9);
    assert.equal(atWarn.value.result, 'pass');
    const atFail = evaluateConstancy(input({ measuredCounts: 166500, countSeconds: 400 }));
    assert.ok(atFail.ok && atFail.value.result === 'warn');
  });

  test('462 counts in 1 s: 95 % counting interval ±9.1 % is wider than ±5 % → warn, counts-too-low, 1,537 counts needed', () => {
    // (1.96 × 100 / 5)² = 1536.6 → 1,537 counts.
    const r = evaluateConstancy(input({ measuredCounts: 462, countSeconds: 1 }));
    assert.ok(r.ok);
    assert.equal(r.value.result, 'warn');
    assert.deepEqual(r.value.reasons, ['within-tolerance', 'counts-too-low']);
    assert.equal(r.value.countsNeededForWarnResolution, 1537);
  });

  test('background subtraction: 4,655 counts/10 s with 300 counts/100 s background → net 462.5 cps, σ² adds', () => {
    const r = evaluateConstancy(input({ measuredCounts: 4655, background: { counts: 300, seconds: 100 } }));
    assert.ok(r.ok);
    assert.equal(r.value.backgroundCps, 3);
    assert.ok(Math.abs(r.value.measuredCps - 462.5) < 1e-9);
    assert.ok(Math.abs(r.value.countingUncertaintyCps - Math.sqrt(46.55 + 0.03)) < 1e-12);
  });

  test('--tolerance-percent 8 → fail beyond 8 %, warn beyond 4 %', () => {
    const t = toleranceFromFailPercent(8);
    assert.deepEqual(t, { failPercent: 8, warnPercent: 4 });
    const r = evaluateConstancy(input({ measuredCounts: 4200, tolerance: t })); // −9.19 %
    assert.ok(r.ok && r.value.result === 'fail');
  });

  test('refuses: check days before calibration, warn limit wider than fail limit, fractional counts, zero time', () => {
    const early = evaluateConstancy(input({ checkedAtMs: CAL - 3 * 86400_000 }));
    assert.ok(!early.ok && early.issues[0]?.code === 'check-before-calibration');
    const sameDay = evaluateConstancy(input({ checkedAtMs: CAL - 6 * 3600_000 }));
    assert.ok(sameDay.ok, 'a certificate dated to the day allows a check hours earlier');
    assert.equal(evaluateConstancy(input({ tolerance: { warnPercent: 12, failPercent: 10 } })).ok, false);
    assert.equal(evaluateConstancy(input({ measuredCounts: 10.5 })).ok, false);
    assert.equal(evaluateConstancy(input({ countSeconds: 0 })).ok, false);
    assert.equal(evaluateConstancy(input({ sourceActivityMBq: -1 })).ok, false);
  });
});
