import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFrame } from './frame-check.js';

const opts = { maxRateCps: 1e6 };
const prev = { startSeconds: 10, durationSeconds: 0.1, counts: 5 };

describe('frame check', () => {
  test('a good first frame and an abutting next frame pass with no gap', () => {
    assert.deepEqual(checkFrame(prev, null, opts), { ok: true, value: { gapSeconds: 0 } });
    assert.deepEqual(checkFrame({ startSeconds: 10.1, durationSeconds: 0.1, counts: 3 }, prev, opts), {
      ok: true,
      value: { gapSeconds: 0 },
    });
  });

  test('each impossible frame is rejected with one invalid issue: its code and a message naming the values', () => {
    // The previous frame runs from 10 s to 10 + 0.1 = 10.1 s; the ceiling is 10^6 cps.
    const cases: Array<[object, string, string]> = [
      [{ startSeconds: 10.1, durationSeconds: 0.1, counts: -1 }, 'counts-negative', 'counts -1 is negative'],
      [
        { startSeconds: 10.1, durationSeconds: 0.1, counts: 2.5 },
        'counts-not-integer',
        'counts 2.5 is not a whole number',
      ],
      [
        { startSeconds: 10.1, durationSeconds: 0, counts: 2 },
        'duration-not-positive',
        'duration 0 s is not positive',
      ],
      [
        { startSeconds: 10.1, durationSeconds: -0.1, counts: 2 },
        'duration-not-positive',
        'duration -0.1 s is not positive',
      ],
      [
        { startSeconds: Number.NaN, durationSeconds: 0.1, counts: 2 },
        'not-finite',
        'start, duration and counts must be finite numbers',
      ],
      [
        { startSeconds: 10.1, durationSeconds: 0.1, counts: 2, liveTimeSeconds: 0.2 },
        'live-time-invalid',
        'live time 0.2 s must be > 0 and at most the duration 0.1 s',
      ],
      [
        { startSeconds: 9.9, durationSeconds: 0.1, counts: 2 },
        'time-backwards',
        "starts at 9.9 s, not after the previous frame's 10 s",
      ],
      [
        { startSeconds: 10, durationSeconds: 0.1, counts: 2 },
        'time-backwards',
        "starts at 10 s, not after the previous frame's 10 s",
      ],
      [
        { startSeconds: 10.05, durationSeconds: 0.1, counts: 2 },
        'time-overlap',
        'starts at 10.05 s, before the previous frame ended at 10.1 s',
      ],
      // 200000 counts / 0.1 s = 2 × 10^6 cps, twice the ceiling.
      [
        { startSeconds: 10.1, durationSeconds: 0.1, counts: 200000 },
        'rate-absurd',
        '200000 counts in 0.1 s is 2000000 cps, above the plausible 1000000 cps',
      ],
    ];
    for (const [frame, code, message] of cases) {
      assert.deepEqual(checkFrame(frame as never, prev, opts), {
        ok: false,
        issues: [{ kind: 'invalid', code, message }],
      });
    }
  });

  test('a hole in time is reported as a gap in seconds', () => {
    const r = checkFrame({ startSeconds: 10.6, durationSeconds: 0.1, counts: 3 }, prev, opts);
    assert.ok(r.ok && Math.abs(r.value.gapSeconds - 0.5) < 1e-9);
  });

  test('clock jitter within 1 % of a frame is neither gap nor overlap', () => {
    const r = checkFrame({ startSeconds: 10.1005, durationSeconds: 0.1, counts: 3 }, prev, opts);
    assert.deepEqual(r, { ok: true, value: { gapSeconds: 0 } });
    assert.deepEqual(checkFrame({ startSeconds: 10.0995, durationSeconds: 0.1, counts: 3 }, prev, opts), {
      ok: true,
      value: { gapSeconds: 0 },
    });
  });
});
