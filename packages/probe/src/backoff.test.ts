import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Backoff } from './backoff.js';

describe('reconnection backoff', () => {
  test('doubles from 250 ms up to the 8 s cap, then resets', () => {
    const b = new Backoff();
    assert.deepEqual(
      Array.from({ length: 8 }, () => b.nextDelayMs()),
      [250, 500, 1000, 2000, 4000, 8000, 8000, 8000],
    );
    b.reset();
    assert.equal(b.nextDelayMs(), 250);
  });
  test('jitter stays within [1 − jitter, 1] of the delay, from the injected random source', () => {
    const b = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0 });
    assert.equal(b.nextDelayMs(), 500);
    const c = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0.999999 });
    assert.ok(Math.abs(c.nextDelayMs() - 1000) < 0.01);
  });
  test('nonsense options are refused', () => {
    assert.throws(() => new Backoff({ initialMs: 0 }), /initialMs/);
    assert.throws(() => new Backoff({ jitter: 2 }), /jitter/);
  });
});
