// Pairs each count frame with the probe pose at the frame's midpoint (tracker time), interpolated between
// the two tracker samples around it. A frame with no tracker sample close enough on both sides (tracker
// dropout, or before the first / after the last sample) is left out and counted, never given a held pose.
import type { Issue, Outcome } from '@openrgs/outcome';
import { isFiniteVec3, lerp, normalize, type Vec3 } from './vec.js';

/** One tracker sample: the probe tip and viewing direction in the patient frame at a time (s). */
export interface TrackedPose {
  timeSeconds: number;
  positionCm: Vec3;
  /** Direction the probe looks (out of the tip), any non-zero length. */
  direction: Vec3;
}

/** The count frame fields the map needs (a CountFrame fits). */
export interface FrameInput {
  startSeconds: number;
  durationSeconds: number;
  counts: number;
  liveTimeSeconds?: number;
}

/** A frame with the pose at its midpoint; `direction` is a unit vector. */
export interface PosedFrame {
  midSeconds: number;
  durationSeconds: number;
  /** Live time (s): the duration when the probe does not report it. */
  liveTimeSeconds: number;
  counts: number;
  tipCm: Vec3;
  direction: Vec3;
}

export interface AlignOptions {
  /**
   * Tracker latency (s): a pose stamped t describes the probe at t − latency, so a frame at midpoint m
   * takes the pose stamped m + latency. Measured (estimateLatency) or 0 when both clocks are one.
   */
  latencySeconds: number;
  /** Largest gap between the two tracker samples around a frame midpoint (s); wider: the frame is left out. */
  maxGapSeconds: number;
}

/** A tracker pose or a frame that cannot be aligned (@openrgs/outcome's Issue, kind `invalid`), by index. */
export type AlignIssue = Issue & { code: 'bad-pose' | 'poses-not-increasing' | 'bad-frame'; index: number };

const alignIssue = (code: AlignIssue['code'], index: number, message: string): AlignIssue => ({
  kind: 'invalid',
  code,
  message,
  index,
});

export interface Alignment {
  frames: PosedFrame[];
  /** Frames left out because no tracker samples bracket their midpoint closely enough. */
  unposedFrames: number;
}

/** Checks tracker samples: finite, non-zero direction, strictly increasing times. */
export function checkPoses(poses: readonly TrackedPose[]): AlignIssue | null {
  for (let i = 0; i < poses.length; i++) {
    const p = poses[i] as TrackedPose;
    if (!Number.isFinite(p.timeSeconds) || !isFiniteVec3(p.positionCm) || !isFiniteVec3(p.direction))
      return alignIssue('bad-pose', i, `pose ${i}: time, position and direction must be finite`);
    const [dx, dy, dz] = p.direction;
    if (!(dx * dx + dy * dy + dz * dz > 1e-18))
      return alignIssue('bad-pose', i, `pose ${i}: direction must not be the zero vector`);
    const prev = poses[i - 1];
    if (prev && !(p.timeSeconds > prev.timeSeconds))
      return alignIssue(
        'poses-not-increasing',
        i,
        `pose ${i}: time ${p.timeSeconds} s is not after ${prev.timeSeconds} s`,
      );
  }
  return null;
}

/** Index of the last sample with time ≤ t (binary search); −1 if none. */
function lastAtOrBefore(poses: readonly TrackedPose[], t: number): number {
  let lo = 0;
  let hi = poses.length - 1;
  if (poses.length === 0 || (poses[0] as TrackedPose).timeSeconds > t) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((poses[mid] as TrackedPose).timeSeconds <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The pose at tracker time t, interpolated (position linearly, direction normalised-linearly); null outside. */
export function poseAtTime(
  poses: readonly TrackedPose[],
  t: number,
  maxGapSeconds: number,
): { positionCm: Vec3; direction: Vec3 } | null {
  const i = lastAtOrBefore(poses, t);
  if (i < 0) return null;
  const a = poses[i] as TrackedPose;
  if (a.timeSeconds === t) return { positionCm: a.positionCm, direction: normalize(a.direction) };
  const b = poses[i + 1];
  if (!b || b.timeSeconds - a.timeSeconds > maxGapSeconds) return null;
  const f = (t - a.timeSeconds) / (b.timeSeconds - a.timeSeconds);
  const da = normalize(a.direction);
  const db = normalize(b.direction);
  const mixed = lerp(da, db, f);
  const n = Math.hypot(mixed[0], mixed[1], mixed[2]);
  // Opposite directions within one tracker step is not a hand motion: keep the earlier sample's.
  return { positionCm: lerp(a.positionCm, b.positionCm, f), direction: n > 1e-6 ? normalize(mixed) : da };
}

export function alignFrames(
  frames: readonly FrameInput[],
  poses: readonly TrackedPose[],
  options: AlignOptions,
): Outcome<Alignment, AlignIssue> {
  const bad = checkPoses(poses);
  if (bad) return { ok: false, issues: [bad] };
  const out: PosedFrame[] = [];
  let unposed = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] as FrameInput;
    if (!(f.durationSeconds > 0) || !Number.isFinite(f.startSeconds) || !(f.counts >= 0))
      return {
        ok: false,
        issues: [alignIssue('bad-frame', i, `frame ${i}: needs finite start, duration > 0, counts ≥ 0`)],
      };
    const midSeconds = f.startSeconds + f.durationSeconds / 2;
    const pose = poseAtTime(poses, midSeconds + options.latencySeconds, options.maxGapSeconds);
    if (!pose) {
      unposed++;
      continue;
    }
    out.push({
      midSeconds,
      durationSeconds: f.durationSeconds,
      liveTimeSeconds: f.liveTimeSeconds ?? f.durationSeconds,
      counts: f.counts,
      tipCm: pose.positionCm,
      direction: pose.direction,
    });
  }
  return { ok: true, value: { frames: out, unposedFrames: unposed } };
}
