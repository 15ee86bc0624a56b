import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currieCountSeconds, waldAsnSeconds } from '@openrgs/counting';
import { curriePairedSeconds, DEFAULT_DECISION_RULE, detectionStatistics } from './index.js';

// The sequential test's own guarantees at stated α = β = 5 % (the OR's settings, DEFAULT_DECISION_RULE, use
// α = 1 %; the properties checked here hold for any α, β).
const rule = { ...DEFAULT_DECISION_RULE, alpha: 0.05, beta: 0.05 };
const stats = (ratio: number, backgroundCps: number, calibrated = true) =>
  detectionStatistics({ lesionCps: ratio * backgroundCps, backgroundCps, countSeconds: 5, rule, calibrated });

describe('decision statistics (the live engine SPRT, exact)', () => {
  test('normal tissue is called positive with probability at most alpha = 5 %', () => {
    for (const b of [5, 40, 400]) {
      const s = stats(1, b);
      assert.ok(s.detectionProbability <= 0.05 + 1e-9, `b = ${b}: ${s.detectionProbability}`);
      assert.ok(s.positiveVerdictProbability <= 0.05 + 1e-9);
    }
  });

  test('a lesion at the alternative ratio 1.5 is missed with probability at most beta = 5 %', () => {
    const s = stats(1.5, 40);
    assert.ok(1 - s.positiveVerdictProbability <= 0.05 + 1e-9, `${s.positiveVerdictProbability}`);
  });

  test('hotter lesions are found sooner; PMC6959518 median TBR 4.46 at 40 cps decides within a second', () => {
    const t = [1.6, 2, 3, 4.46].map((r) => stats(r, 40).expectedSecondsToVerdict);
    for (let i = 1; i < t.length; i++) assert.ok((t[i] ?? 0) < (t[i - 1] ?? 0), `${t}`);
    assert.ok((t[3] ?? 9) < 1);
    assert.ok(stats(4.46, 40).detectionProbability > 0.99);
  });

  test('calibrated boundaries decide no later than Wald’s (Wald overshoots) and close to his ASN at H1', () => {
    const calibrated = stats(1.5, 40, true).expectedSecondsToVerdict;
    const wald = stats(1.5, 40, false).expectedSecondsToVerdict;
    assert.ok(calibrated <= wald + 1e-9, `${calibrated} vs ${wald}`);
    const asn = waldAsnSeconds({ rate0Cps: 40, rate1Cps: 60, alpha: 0.05, beta: 0.05 }, 'H1');
    assert.ok(Math.abs(wald - asn) / asn < 0.5, `${wald} vs Wald ASN ${asn}`);
  });
});

describe('Currie figure of merit', () => {
  test('closed form reproduces the research notes §5.3 table (two significant figures)', () => {
    const cases: [number, number, number][] = [
      [20, 1.2, 28],
      [20, 1.5, 4.9],
      [20, 2, 1.3],
      [100, 1.5, 0.97],
      [100, 2, 0.27],
      [500, 3, 0.016],
    ];
    for (const [b, r, t] of cases) {
      const got = curriePairedSeconds(r, b);
      assert.equal(Number(got.toPrecision(2)), t, `b=${b} R=${r}: ${got}`);
    }
    assert.equal(curriePairedSeconds(1, 100), Number.POSITIVE_INFINITY);
  });

  test('agrees with counting’s exact Currie time within 10 %', () => {
    for (const [b, r] of [
      [20, 1.5],
      [100, 2],
      [40, 4.46],
    ] as const) {
      const exact = currieCountSeconds({
        backgroundCps: b,
        ratio: r,
        alpha: 0.05,
        beta: 0.05,
        blank: 'paired',
      });
      const closed = curriePairedSeconds(r, b);
      assert.ok(Math.abs(closed - exact) / exact < 0.1, `b=${b} R=${r}: ${closed} vs ${exact}`);
    }
  });
});
