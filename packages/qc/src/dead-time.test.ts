import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, sampleNormal } from '@openrgs/numeric';
import { fitDeadTime, lambertW0, measuredRateCps, trueRateFromMeasuredCps } from './dead-time.js';

// Synthetic dead-time curves from Knoll (4th ed., eqs 4.23/4.24) with known τ. Rate at 20 % loss:
// paralysable ln(1.25)/τ, non-paralysable 0.25/τ (solve m/n = 0.8 in each model).
const TRUE_RATES = [1e3, 5e3, 1e4, 2e4, 5e4, 8e4, 1.2e5, 1.6e5, 2e5];

function curve(model: 'paralysable' | 'non-paralysable', tau: number, noise = 0, seed = 1) {
  const random = createRandom(seed);
  return TRUE_RATES.map((n) => {
    // Gaussian relative noise.
    const z = sampleNormal(random);
    return { trueRateCps: n, measuredRateCps: measuredRateCps(model, n, tau) * (1 + noise * z) };
  });
}

describe('fitDeadTime on synthetic curves with known τ', () => {
  test('paralysable τ = 2 µs, exact data: τ to 1e-6, model paralysable, 20 % loss at ln(1.25)/2e-6 = 111,572 cps', () => {
    const r = fitDeadTime(curve('paralysable', 2e-6));
    assert.ok(r.ok);
    assert.equal(r.value.model, 'paralysable');
    assert.ok(Math.abs(r.value.deadTimeSeconds / 2e-6 - 1) < 1e-6, `${r.value.deadTimeSeconds}`);
    assert.ok(Math.abs(r.value.rateAt20PercentLossCps - 111572.2) < 1, `${r.value.rateAt20PercentLossCps}`);
    assert.ok(r.value.best.rmsRelativeResidual < 1e-9);
  });

  test('non-paralysable τ = 5 µs, exact data: τ to 1e-6, model non-paralysable, 20 % loss at 0.25/5e-6 = 50,000 cps', () => {
    const r = fitDeadTime(curve('non-paralysable', 5e-6));
    assert.ok(r.ok);
    assert.equal(r.value.model, 'non-paralysable');
    assert.ok(Math.abs(r.value.deadTimeSeconds / 5e-6 - 1) < 1e-6);
    assert.ok(Math.abs(r.value.rateAt20PercentLossCps - 50000) < 0.1);
    assert.ok(Math.abs(r.value.best.maxMeasuredRateCps - 200000) < 1);
  });

  test('1 % measurement noise, paralysable τ = 3 µs (loss up to 45 %): τ within 3 % and the model is found on 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = fitDeadTime(curve('paralysable', 3e-6, 0.01, seed));
      assert.ok(r.ok);
      assert.equal(r.value.model, 'paralysable', `seed ${seed}`);
      assert.ok(
        Math.abs(r.value.deadTimeSeconds / 3e-6 - 1) < 0.03,
        `seed ${seed}: ${r.value.deadTimeSeconds}`,
      );
    }
  });

  test('low rates only (loss < 1 %): warns that 20 % loss is extrapolated and the models are indistinguishable', () => {
    const pairs = [1e2, 3e2, 1e3, 3e3].map((n) => ({
      trueRateCps: n,
      measuredRateCps: measuredRateCps('paralysable', n, 2e-6),
    }));
    const r = fitDeadTime(pairs);
    assert.ok(r.ok);
    assert.ok(r.value.warnings.some((w) => w.includes('extrapolation')));
    assert.ok(r.value.maxObservedLossPercent < 1);
  });

  test('refuses fewer than 3 points and non-positive rates, naming the line', () => {
    assert.equal(fitDeadTime([{ trueRateCps: 1, measuredRateCps: 1 }]).ok, false);
    const r = fitDeadTime([
      { trueRateCps: 1e3, measuredRateCps: 990, line: 2 },
      { trueRateCps: 1e4, measuredRateCps: 0, line: 3 },
      { trueRateCps: 1e5, measuredRateCps: 8e4, line: 4 },
    ]);
    assert.ok(!r.ok);
    assert.match(r.issues[0]!.message, /line 3/);
  });
});

describe('inverse and Lambert W', () => {
  test('W0(1) = Ω = 0.5671432904097838 (omega constant), W0(−1/e) = −1, W0(e) = 1', () => {
    assert.ok(Math.abs(lambertW0(1) - 0.5671432904097838) < 1e-14);
    assert.ok(Math.abs(lambertW0(-1 / Math.E) + 1) < 1e-6);
    assert.ok(Math.abs(lambertW0(Math.E) - 1) < 1e-14);
  });

  test('trueRateFromMeasured inverts both models on the lower branch; null beyond the maximum', () => {
    for (const model of ['paralysable', 'non-paralysable'] as const) {
      for (const n of [10, 1e4, 1e5, 3e5]) {
        const m = measuredRateCps(model, n, 2e-6);
        const back = trueRateFromMeasuredCps(model, m, 2e-6);
        assert.ok(back !== null && Math.abs(back / n - 1) < 1e-9, `${model} ${n} → ${back}`);
      }
    }
    assert.equal(trueRateFromMeasuredCps('paralysable', 1 / (Math.E * 2e-6) + 1, 2e-6), null);
    assert.equal(trueRateFromMeasuredCps('non-paralysable', 5e5, 2e-6), null);
  });
});
