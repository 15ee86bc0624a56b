import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  activityAt,
  cumulatedActivity,
  decayConstantPerSecond,
  decayCorrectRate,
  decayFactor,
  getNuclide,
  totalCumulatedActivityMBqSeconds,
} from './index.js';

const close = (a: number, b: number, rel = 1e-12) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300), `${a} ≉ ${b}`);

const halfLife = fc.double({ min: 1, max: 1e12, noNaN: true });
// Elapsed times within ±60 half-lives of each other keep every factor within double range; the
// properties are checked as multiples of T½ so a 1 s and a 10⁶ a half-life are both exercised.
const halfLives = fc.double({ min: -60, max: 60, noNaN: true });
const nonNegHalfLives = fc.double({ min: 0, max: 60, noNaN: true });

describe('decay factor — laws', () => {
  test('composes: f(a + b) = f(a)·f(b)', () => {
    fc.assert(
      fc.property(halfLife, halfLives, halfLives, (t, ka, kb) => {
        const [a, b] = [ka * t, kb * t];
        close(decayFactor(t, a + b), decayFactor(t, a) * decayFactor(t, b), 1e-9);
      }),
    );
  });
  test('monotonic: later → smaller factor; f(0) = 1; f(T½) = 1/2', () => {
    fc.assert(
      fc.property(halfLife, nonNegHalfLives, nonNegHalfLives, (t, ka, kb) => {
        const [lo, hi] = ka <= kb ? [ka * t, kb * t] : [kb * t, ka * t];
        assert.ok(decayFactor(t, hi) <= decayFactor(t, lo));
        assert.equal(decayFactor(t, 0), 1);
        close(decayFactor(t, t), 0.5, 1e-14);
      }),
    );
  });
  test('invalid inputs are caller bugs: RangeError', () => {
    assert.throws(() => decayFactor(0, 1), RangeError);
    assert.throws(() => decayFactor(-5, 1), RangeError);
    assert.throws(() => decayFactor(10, Number.NaN), RangeError);
    assert.throws(() => decayConstantPerSecond(Number.POSITIVE_INFINITY), RangeError);
  });
});

describe('activity at a time', () => {
  // Hand-worked: Tc-99m (T½ = 6.0067 h, LNHB), 400 MBq at 08:00Z → at 14:00:24.12Z exactly one half-life
  // later (6.0067 h = 21 624.12 s) → 200 MBq.
  test('Tc-99m 400 MBq after one half-life (21 624.12 s) → 200 MBq', () => {
    const t0 = Date.parse('2026-03-01T08:00:00Z');
    const r = activityAt({
      halfLifeSeconds: getNuclide('Tc-99m').halfLifeSeconds,
      activityMBq: 400,
      referenceEpochMs: t0,
      atEpochMs: t0 + 21_624_120,
    });
    close(r.activityMBq, 200, 1e-12);
    close(r.elapsedSeconds, 21_624.12);
  });
  // Hand-worked: Ga-68 (67.83 min), 150 MBq, 30 min later: 150·2^(−30/67.83) = 150·0.73595 = 110.39 MBq.
  test('Ga-68 150 MBq, 30 min later → 110.39 MBq', () => {
    const r = activityAt({
      halfLifeSeconds: getNuclide('Ga-68').halfLifeSeconds,
      activityMBq: 150,
      referenceEpochMs: 0,
      atEpochMs: 30 * 60_000,
    });
    assert.ok(Math.abs(r.activityMBq - 110.39) < 0.01, `${r.activityMBq}`);
  });
  test('going back in time increases activity (factor > 1)', () => {
    const r = activityAt({ halfLifeSeconds: 100, activityMBq: 10, referenceEpochMs: 100_000, atEpochMs: 0 });
    close(r.activityMBq, 20);
    assert.ok(r.decayFactor > 1);
  });
  test('negative activity is a caller bug', () => {
    assert.throws(() =>
      activityAt({ halfLifeSeconds: 1, activityMBq: -1, referenceEpochMs: 0, atEpochMs: 0 }),
    );
  });
});

describe('decay correction of a count rate', () => {
  test('undoes the decay: correcting A(t) back to t0 gives A0', () => {
    fc.assert(
      fc.property(
        halfLife,
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        nonNegHalfLives,
        (t, rate, k) => {
          const dt = k * t;
          const measured = rate * decayFactor(t, dt);
          const r = decayCorrectRate({
            halfLifeSeconds: t,
            rateCps: measured,
            measuredAtEpochMs: dt * 1000,
            referenceEpochMs: 0,
          });
          close(r.rateCps, rate, 1e-9);
        },
      ),
    );
  });
  // In-111 (2.8049 d): 1000 cps measured 48 h after injection, corrected to injection:
  // 1000·2^(48/67.3176) = 1000·1.6392 = 1639.2 cps.
  test('In-111 1000 cps at +48 h → 1639.2 cps at injection', () => {
    const r = decayCorrectRate({
      halfLifeSeconds: getNuclide('In-111').halfLifeSeconds,
      rateCps: 1000,
      measuredAtEpochMs: 48 * 3_600_000,
      referenceEpochMs: 0,
    });
    assert.ok(Math.abs(r.rateCps - 1639.2) < 0.1, `${r.rateCps}`);
  });
  // Decay during the count: mean rate over Δt is R0(1 − e^−λΔt)/(λΔt). For Δt = T½:
  // λΔt = ln 2, factor = ln 2 / (1/2) = 1.386294.
  test('count lasting one half-life: extra factor 2·ln 2 = 1.386294', () => {
    const r = decayCorrectRate({
      halfLifeSeconds: 60,
      rateCps: 100,
      measuredAtEpochMs: 0,
      referenceEpochMs: 0,
      countDurationSeconds: 60,
    });
    close(r.correctionFactor, 2 * Math.LN2, 1e-12);
  });
  test('short count: the extra factor tends to 1 (no loss of precision)', () => {
    const r = decayCorrectRate({
      halfLifeSeconds: 1e12,
      rateCps: 100,
      measuredAtEpochMs: 0,
      referenceEpochMs: 0,
      countDurationSeconds: 1e-3,
    });
    close(r.correctionFactor, 1, 1e-12);
  });
});

describe('cumulated activity', () => {
  test('additive over adjacent intervals', () => {
    fc.assert(
      fc.property(halfLife, nonNegHalfLives, nonNegHalfLives, (t, ka, kb) => {
        const [a, b] = [ka * t, kb * t];
        const base = { halfLifeSeconds: t, activityMBq: 100, referenceEpochMs: 0 };
        const whole = cumulatedActivity({ ...base, fromEpochMs: 0, toEpochMs: (a + b) * 1000 });
        const first = cumulatedActivity({ ...base, fromEpochMs: 0, toEpochMs: a * 1000 });
        const second = cumulatedActivity({ ...base, fromEpochMs: a * 1000, toEpochMs: (a + b) * 1000 });
        close(
          whole.cumulatedActivityMBqSeconds,
          first.cumulatedActivityMBqSeconds + second.cumulatedActivityMBqSeconds,
          1e-9,
        );
      }),
    );
  });
  // Over one half-life Ã = A0·(1/2)/λ = A0·T½/(2 ln 2). Tc-99m 100 MBq: 2 162 412/1.3862944 =
  // 1 559 850.5 MBq·s = 433.29 MBq·h; over all time A0/λ = A0·T½/ln 2 = 3 119 701 MBq·s.
  test('Tc-99m 100 MBq over one half-life: 1.55985e6 MBq·s = 433.29 MBq·h; total 3.1197e6 MBq·s', () => {
    const t = getNuclide('Tc-99m').halfLifeSeconds;
    const r = cumulatedActivity({
      halfLifeSeconds: t,
      activityMBq: 100,
      referenceEpochMs: 0,
      fromEpochMs: 0,
      toEpochMs: t * 1000,
    });
    assert.ok(Math.abs(r.cumulatedActivityMBqSeconds - 1_559_850.5) < 1, `${r.cumulatedActivityMBqSeconds}`);
    assert.ok(Math.abs(r.cumulatedActivityMBqHours - 433.29) < 0.01);
    close(r.decays, r.cumulatedActivityMBqSeconds * 1e6);
    assert.ok(Math.abs(totalCumulatedActivityMBqSeconds(t, 100) - 3_119_701) < 1);
  });
  test('short interval ≈ A·Δt (activity nearly constant)', () => {
    const r = cumulatedActivity({
      halfLifeSeconds: 1e9,
      activityMBq: 50,
      referenceEpochMs: 0,
      fromEpochMs: 0,
      toEpochMs: 10_000,
    });
    close(r.cumulatedActivityMBqSeconds, 500, 1e-6);
  });
  test('reversed interval is a caller bug', () => {
    assert.throws(
      () =>
        cumulatedActivity({
          halfLifeSeconds: 1,
          activityMBq: 1,
          referenceEpochMs: 0,
          fromEpochMs: 10,
          toEpochMs: 0,
        }),
      RangeError,
    );
  });
});

describe('with real calendar instants (reference not at epoch 0) and errors that name the input', () => {
  // Tc-99m T½ = 6.0067 h = 21624.12 s (LNHB/DDEP). One half-life after the reference a source has half
  // its activity; a rate measured then corrects to twice the measured rate.
  const T = 21624.12;
  const reference = Date.UTC(2026, 2, 14, 7, 30); // 2026-03-14 07:30 UTC
  const later = (seconds: number) => reference + seconds * 1000;

  test('decayCorrectRate: one half-life after the reference doubles the rate, one before halves it', () => {
    const after = decayCorrectRate({
      halfLifeSeconds: T,
      rateCps: 1000,
      measuredAtEpochMs: later(T),
      referenceEpochMs: reference,
    });
    assert.ok(Math.abs(after.rateCps - 2000) < 1e-9, `${after.rateCps}`);
    assert.ok(Math.abs(after.elapsedSeconds - T) < 1e-6);
    const before = decayCorrectRate({
      halfLifeSeconds: T,
      rateCps: 1000,
      measuredAtEpochMs: later(-T),
      referenceEpochMs: reference,
    });
    assert.ok(Math.abs(before.rateCps - 500) < 1e-9, `${before.rateCps}`);
  });

  test('activityAt: two half-lives after the reference leave a quarter', () => {
    const a = activityAt({
      halfLifeSeconds: T,
      activityMBq: 400,
      referenceEpochMs: reference,
      atEpochMs: later(2 * T),
    });
    assert.ok(Math.abs(a.activityMBq - 100) < 1e-9);
    assert.ok(Math.abs(a.elapsedSeconds - 2 * T) < 1e-6);
  });

  test('cumulatedActivity over the second half-life equals a numerical integral of A(t)', () => {
    // Oracle: Simpson's rule on A(t) = 100·2^(−t/T) MBq from t = T to 2T (10 000 panels), not the closed form.
    const n = 10_000;
    const h = T / n;
    const A = (t: number) => 100 * 2 ** (-t / T);
    let sum = A(T) + A(2 * T);
    for (let i = 1; i < n; i += 1) sum += (i % 2 === 1 ? 4 : 2) * A(T + i * h);
    const simpson = (h / 3) * sum;
    const c = cumulatedActivity({
      halfLifeSeconds: T,
      activityMBq: 100,
      referenceEpochMs: reference,
      fromEpochMs: later(T),
      toEpochMs: later(2 * T),
    });
    assert.ok(
      Math.abs(c.cumulatedActivityMBqSeconds / simpson - 1) < 1e-9,
      `${c.cumulatedActivityMBqSeconds} vs ${simpson}`,
    );
    assert.ok(Math.abs(c.cumulatedActivityMBqHours - simpson / 3600) < 1e-6);
    assert.ok(Math.abs(c.decays / (simpson * 1e6) - 1) < 1e-9);
  });

  test('bad input is refused with a RangeError naming the input', () => {
    const base = {
      halfLifeSeconds: T,
      rateCps: 1,
      measuredAtEpochMs: reference,
      referenceEpochMs: reference,
    };
    assert.throws(() => decayConstantPerSecond(0), /^RangeError: halfLifeSeconds must be > 0/);
    assert.throws(() => decayFactor(T, Number.NaN), /^RangeError: elapsedSeconds must be a finite number/);
    assert.throws(() => decayCorrectRate({ ...base, rateCps: Number.NaN }), /^RangeError: rateCps /);
    assert.throws(
      () => decayCorrectRate({ ...base, measuredAtEpochMs: Number.NaN }),
      /^RangeError: measuredAtEpochMs /,
    );
    assert.throws(
      () => decayCorrectRate({ ...base, referenceEpochMs: Number.NaN }),
      /^RangeError: referenceEpochMs /,
    );
    assert.throws(
      () => decayCorrectRate({ ...base, countDurationSeconds: 0 }),
      /^RangeError: countDurationSeconds /,
    );
    const at = { halfLifeSeconds: T, activityMBq: 1, referenceEpochMs: reference, atEpochMs: reference };
    assert.throws(() => activityAt({ ...at, activityMBq: -1 }), /^RangeError: activityMBq must be >= 0/);
    assert.throws(
      () => activityAt({ ...at, referenceEpochMs: Number.NaN }),
      /^RangeError: referenceEpochMs /,
    );
    assert.throws(() => activityAt({ ...at, atEpochMs: Number.NaN }), /^RangeError: atEpochMs /);
    const cum = {
      halfLifeSeconds: T,
      activityMBq: 1,
      referenceEpochMs: reference,
      fromEpochMs: reference,
      toEpochMs: reference,
    };
    assert.throws(() => cumulatedActivity({ ...cum, activityMBq: -1 }), /^RangeError: activityMBq /);
    assert.throws(
      () => cumulatedActivity({ ...cum, referenceEpochMs: Number.NaN }),
      /^RangeError: referenceEpochMs /,
    );
    assert.throws(() => cumulatedActivity({ ...cum, fromEpochMs: Number.NaN }), /^RangeError: fromEpochMs /);
    assert.throws(() => cumulatedActivity({ ...cum, toEpochMs: Number.NaN }), /^RangeError: toEpochMs /);
    assert.throws(
      () => cumulatedActivity({ ...cum, toEpochMs: reference - 1 }),
      /toEpochMs \(\d+\) is before fromEpochMs/,
    );
    assert.throws(() => totalCumulatedActivityMBqSeconds(T, -1), /^RangeError: activityMBq /);
  });
});
