import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstIssue } from '@openrgs/outcome';
import fc from 'fast-check';
import { applyDeadTime, correctDeadTime, lambertW0 } from './dead-time.js';

describe('dead-time correction (Knoll, Radiation Detection and Measurement, 4th ed., §4.VII)', () => {
  test('Lambert W0 at known points: W(0) = 0, W(e) = 1, W(-1/e) = -1, W(1) = Ω = 0.5671432904097838', () => {
    assert.equal(lambertW0(0), 0);
    assert.ok(Math.abs(lambertW0(Math.E) - 1) < 1e-14);
    assert.ok(Math.abs(lambertW0(-Math.exp(-1)) + 1) < 1e-6);
    assert.ok(Math.abs(lambertW0(1) - 0.5671432904097838) < 1e-14);
  });

  test('non-paralysable, hand-worked: m = 1000 cps, τ = 100 µs → n = 1000/(1 - 0.1) = 1111.1 cps', () => {
    const r = correctDeadTime(1000, { model: 'non-paralysable', deadTimeSeconds: 100e-6 });
    assert.ok(r.ok && Math.abs(r.value - 1111.111111) < 1e-5);
  });

  test('paralysable, hand-worked: n = 1111.1 cps, τ = 100 µs → m = n·e^(-1/9) = 1111.11 × 0.894839 = 994.27 cps, and back', () => {
    const dt = { model: 'paralysable' as const, deadTimeSeconds: 100e-6 };
    const m = applyDeadTime(10000 / 9, dt);
    assert.ok(Math.abs(m - (10000 / 9) * Math.exp(-1 / 9)) < 1e-9 && Math.abs(m - 994.27) < 0.01, `${m}`);
    const r = correctDeadTime(m, dt);
    assert.ok(r.ok && Math.abs(r.value - 10000 / 9) < 1e-7);
  });

  test('round trip on the physical branch (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 1e-7, max: 1e-3, noNaN: true }),
        (x, tau) => {
          for (const model of ['paralysable', 'non-paralysable'] as const) {
            const n = x / tau; // n·τ < 1: the branch a probe operates on
            const r = correctDeadTime(applyDeadTime(n, { model, deadTimeSeconds: tau }), {
              model,
              deadTimeSeconds: tau,
            });
            if (!r.ok || Math.abs(r.value - n) > 1e-6 * Math.max(1, n)) return false;
          }
          return true;
        },
      ),
    );
  });

  test('impossible measured rates are refused as values, not numbers', () => {
    const a = correctDeadTime(20000, { model: 'non-paralysable', deadTimeSeconds: 100e-6 });
    assert.equal(a.ok, false);
    const b = correctDeadTime(4000, { model: 'paralysable', deadTimeSeconds: 100e-6 }); // > 1/(eτ) = 3679 cps
    assert.ok(!b.ok && firstIssue(b.issues).code === 'rate-beyond-dead-time-limit');
    assert.throws(() => correctDeadTime(10, { model: 'paralysable', deadTimeSeconds: 0 }), RangeError);
  });
});
