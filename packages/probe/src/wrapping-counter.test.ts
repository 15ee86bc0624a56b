import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { WrappingCounter, wrappingDifference } from './wrapping-counter.js';

describe('wrapping counters', () => {
  test('16-bit: 65530 → 5 is 11 counts (65536 − 65530 + 5)', () => {
    assert.equal(wrappingDifference(65530, 5, 16), 11);
  });
  test('32-bit: 4294967290 → 10 is 16 counts', () => {
    assert.equal(wrappingDifference(4294967290, 10, 32), 16);
  });
  test('no wrap: plain difference; equal readings: 0', () => {
    assert.equal(wrappingDifference(100, 142, 32), 42);
    assert.equal(wrappingDifference(7, 7, 16), 0);
  });
  test('law: for any reading and any increment below 2^bits, the difference recovers the increment', () => {
    for (const bits of [16, 32] as const) {
      fc.assert(
        fc.property(fc.nat({ max: 2 ** bits - 1 }), fc.nat({ max: 2 ** bits - 1 }), (start, increment) => {
          const end = (start + increment) % 2 ** bits;
          return wrappingDifference(start, end, bits) === increment;
        }),
        { seed: 16, numRuns: 500 },
      );
    }
  });
  test('WrappingCounter: first reading is a baseline, then increments; wraps flagged', () => {
    const counter = new WrappingCounter(16, 1e5);
    assert.deepEqual(counter.next(65000, 0), { kind: 'first' });
    assert.deepEqual(counter.next(65500, 1), { kind: 'increment', counts: 500, wrapped: false });
    assert.deepEqual(counter.next(100, 2), { kind: 'increment', counts: 136, wrapped: true });
  });
  test('WrappingCounter: an increment beyond maxPlausibleCps × elapsed is a reset, and re-baselines', () => {
    const counter = new WrappingCounter(32, 1e4);
    counter.next(1000, 0);
    const step = counter.next(999, 1); // 2^32 − 1 counts in 1 s?
    assert.equal(step.kind, 'reset');
    assert.deepEqual(counter.next(1099, 2), { kind: 'increment', counts: 100, wrapped: false });
  });
  test('WrappingCounter: readings outside [0, 2^bits) are refused', () => {
    const counter = new WrappingCounter(16, 1e4);
    assert.equal(counter.next(65536, 0).kind, 'reset');
    assert.equal(counter.next(-1, 0).kind, 'reset');
    assert.equal(counter.next(1.5, 0).kind, 'reset');
  });
  test('WrappingCounter: maxPlausibleCps must be > 0', () => {
    for (const bad of [0, -1, Number.NaN])
      assert.throws(() => new WrappingCounter(16, bad), { message: 'maxPlausibleCps must be > 0' });
  });
  test('WrappingCounter: 0 is a reading; equal readings are 0 counts, not a wrap', () => {
    const counter = new WrappingCounter(16, 100);
    assert.deepEqual(counter.next(0, 0), { kind: 'first' });
    assert.deepEqual(counter.next(0, 1), { kind: 'increment', counts: 0, wrapped: false });
  });
  test('WrappingCounter: exactly maxPlausibleCps × elapsed is still an increment; the reasons name the numbers', () => {
    const counter = new WrappingCounter(16, 100);
    assert.deepEqual(counter.next(65536, 0), {
      kind: 'reset',
      reason: 'reading 65536 is not an integer in [0, 2^16)',
    });
    counter.next(1000, 10);
    assert.deepEqual(counter.next(1100, 11), { kind: 'increment', counts: 100, wrapped: false });
    assert.deepEqual(counter.next(1000, 12), {
      kind: 'reset',
      reason: 'counter went from 1100 to 1000 in 1.000 s, more than 100 cps allows (reset or set)',
    });
  });
  test('WrappingCounter: the limit uses the time between readings, not since the clock began', () => {
    // 10 000 counts in 0.5 s at most 10 000 cps (5 000 allowed) is a reset, at any clock value.
    const counter = new WrappingCounter(32, 1e4);
    counter.seed(0, 100);
    assert.equal(counter.next(10000, 100.5).kind, 'reset');
  });
});
