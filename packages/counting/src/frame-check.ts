// Checks each CountFrame before it reaches any statistic: a frame that is impossible is rejected with a
// reason code (never silently repaired); a hole in time is reported as a gap (never bridged silently).
// The answer is an @openrgs/outcome Outcome: the gap, or one `invalid` issue with its code — which the live
// engine shows as the frame's issue (a stream event, never an exception: docs/architecture.md, Errors).
import type { Issue, Outcome } from '@openrgs/outcome';
import type { CountFrame } from './frame.js';

/**
 * Default plausibility ceiling for a measured rate: 2,000,000 cps. Hand-held gamma probes saturate far
 * below this (vendor count-rate capability is of the order of 10^4–10^5 cps, see devices.md), so a frame
 * above it is a transport or codec fault, not a hot spot. Configurable per engine.
 */
export const DEFAULT_MAX_RATE_CPS = 2_000_000;

export type FrameIssueCode =
  | 'not-finite'
  | 'counts-negative'
  | 'counts-not-integer'
  | 'duration-not-positive'
  | 'live-time-invalid'
  | 'time-backwards'
  | 'time-overlap'
  | 'rate-absurd';

/** Why a frame was rejected: one `invalid` issue with its code. */
export interface FrameIssue extends Issue {
  kind: 'invalid';
  code: FrameIssueCode;
}

export type FrameCheck = Outcome<
  {
    /** Seconds of missing time before this frame (0 when it abuts the previous one). */
    gapSeconds: number;
  },
  FrameIssue
>;

export interface FrameCheckOptions {
  /** Frames whose counts/duration exceed this are rejected as absurd, counts per second. */
  maxRateCps: number;
}

/** Timing slack for float device clocks: 1 µs plus 1 % of the previous frame's length. */
function toleranceSeconds(previous: CountFrame): number {
  return 1e-6 + 0.01 * previous.durationSeconds;
}

/** Checks one frame against the previous accepted frame of the same stream (null for the first). */
export function checkFrame(
  frame: CountFrame,
  previous: CountFrame | null,
  options: FrameCheckOptions,
): FrameCheck {
  const { startSeconds, durationSeconds, counts, liveTimeSeconds } = frame;
  if (![startSeconds, durationSeconds, counts].every(Number.isFinite)) {
    return reject('not-finite', 'start, duration and counts must be finite numbers');
  }
  if (counts < 0) return reject('counts-negative', `counts ${counts} is negative`);
  if (!Number.isInteger(counts))
    return reject('counts-not-integer', `counts ${counts} is not a whole number`);
  if (!(durationSeconds > 0))
    return reject('duration-not-positive', `duration ${durationSeconds} s is not positive`);
  if (liveTimeSeconds !== undefined) {
    if (
      !Number.isFinite(liveTimeSeconds) ||
      liveTimeSeconds <= 0 ||
      liveTimeSeconds > durationSeconds * (1 + 1e-9)
    ) {
      return reject(
        'live-time-invalid',
        `live time ${liveTimeSeconds} s must be > 0 and at most the duration ${durationSeconds} s`,
      );
    }
  }
  const seconds = liveTimeSeconds ?? durationSeconds;
  if (counts / seconds > options.maxRateCps) {
    return reject(
      'rate-absurd',
      `${counts} counts in ${seconds} s is ${counts / seconds} cps, above the plausible ${options.maxRateCps} cps`,
    );
  }
  if (previous === null) return { ok: true, value: { gapSeconds: 0 } };
  const previousEnd = previous.startSeconds + previous.durationSeconds;
  if (startSeconds <= previous.startSeconds) {
    return reject(
      'time-backwards',
      `starts at ${startSeconds} s, not after the previous frame's ${previous.startSeconds} s`,
    );
  }
  const tolerance = toleranceSeconds(previous);
  if (startSeconds < previousEnd - tolerance) {
    return reject(
      'time-overlap',
      `starts at ${startSeconds} s, before the previous frame ended at ${previousEnd} s`,
    );
  }
  const gap = startSeconds - previousEnd;
  return { ok: true, value: { gapSeconds: gap > tolerance ? gap : 0 } };
}

function reject(code: FrameIssueCode, message: string): FrameCheck {
  return { ok: false, issues: [{ kind: 'invalid', code, message }] };
}
