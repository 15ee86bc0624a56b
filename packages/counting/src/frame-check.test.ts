import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFrame } from './frame-check.js';

const opts = { maxRateCps: 1e6 };
const prev = { startSeconds: 10, durationSeconds: 0.1, counts: 5 };

describe('frame check', () => {
  test('a good first frame and an abutting next frame pass with no gap', () => {
    assert.deepEqual(checkFrame(prev, null, opts), { ok: true, gapSeconds: 0 });
    assert.deepEqual(checkFrame({ startSeconds: 10.1, durationSeconds: 0.1, counts: 3 }, prev, opts), {
      ok: true,
      gapSeconds: 0,
    });
  });

  test('each impossible frame is rejected with its code', () => {
    const cases: Array<[object, string]> = [
      [{ startSeconds: 10.1, durationSeconds: 0.1, counts: -1 }, 'counts-negative'],
      [{ startSeconds: 10.1, durationSeconds: 0.1, counts: 2.5 }, 'counts-not-integer'],
      [{ startSeconds: 10.1, durationSeconds: 0, counts: 2 }, 'duration-not-positive'],
      [{ startSeconds: 10.1, durationSeconds: -0.1, counts: 2 }, 'duration-not-positive'],
      [{ startSeconds: Number.NaN, durationSeconds: 0.1, counts: 2 }, 'not-finite'],
      [{ startSeconds: 10.1, durationSeconds: 0.1, counts: 2, liveTimeSeconds: 0.2 }, 'live-time-invalid'],
      [{ startSeconds: 9.9, durationSeconds: 0.1, counts: 2 }, 'time-backwards'],
      [{ startSeconds: 10, durationSeconds: 0.1, counts: 2 }, 'time-backwards'],
      [{ startSeconds: 10.05, durationSeconds: 0.1, counts: 2 }, 'time-overlap'],
      [{ startSeconds: 10.1, durationSeconds: 0.1, counts: 200000 }, 'rate-absurd'],
    ];
    for (const [frame, code] of cases) {
      const r = checkFrame(frame as never, prev, opts);
      assert.ok(!r.ok && r.code === code, `${JSON.stringify(frame)} → ${JSON.stringify(r)}`);
    }
  });

  test('a hole in time is reported as a gap in seconds', () => {
    const r = checkFrame({ startSeconds: 10.6, durationSeconds: 0.1, counts: 3 }, prev, opts);
    assert.ok(r.ok && Math.abs(r.gapSeconds - 0.5) < 1e-9);
  });

  test('clock jitter within 1 % of a frame is neither gap nor overlap', () => {
    const r = checkFrame({ startSeconds: 10.1005, durationSeconds: 0.1, counts: 3 }, prev, opts);
    assert.deepEqual(r, { ok: true, gapSeconds: 0 });
    assert.deepEqual(checkFrame({ startSeconds: 10.0995, durationSeconds: 0.1, counts: 3 }, prev, opts), {
      ok: true,
      gapSeconds: 0,
    });
  });
});
