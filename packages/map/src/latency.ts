// Tracker-to-probe latency from the data: the hotspots found at the assumed latency are held fixed and the
// frames are re-paired with poses shifted by each candidate latency; the shift under which the counts are
// most likely is the estimate (a wrong shift smears every pass over a source along the sweep direction).
// The profile's curvature gives a 1σ interval (ΔlogL = 0.5).
import { alignFrames, type FrameInput, type TrackedPose } from './align.js';
import type { DetectorModel } from './detector-model.js';
import type { Medium } from './medium.js';
import { fixedSourcesLogLikelihood, type PointSource } from './point-fit.js';

export interface LatencyEstimate {
  latencySeconds: number;
  /** Half-width of the interval where the log-likelihood is within 0.5 of its best, s (grid-limited). */
  uncertaintySeconds: number;
  profile: Array<{ latencySeconds: number; logLikelihood: number }>;
}

export function estimateLatency(options: {
  frames: readonly FrameInput[];
  poses: readonly TrackedPose[];
  model: DetectorModel;
  medium: Medium;
  sources: readonly PointSource[];
  backgroundCps: number;
  maxGapSeconds: number;
  /** Candidates from −range to +range, s. */
  rangeSeconds: number;
  stepSeconds: number;
}): LatencyEstimate | null {
  if (options.sources.length === 0) return null;
  const full: DetectorModel = {
    ...options.model,
    cutoffRhoCm: new Float32Array(options.model.cutoffRhoCm.length).fill(options.model.maxRhoCm - 1e-6),
  };
  const profile: LatencyEstimate['profile'] = [];
  const n = Math.round(options.rangeSeconds / options.stepSeconds);
  // Only frames posed under every candidate shift, so all candidates explain the same counts.
  const first = (options.poses[0]?.timeSeconds ?? 0) + options.rangeSeconds;
  const last = (options.poses.at(-1)?.timeSeconds ?? 0) - options.rangeSeconds;
  const frames = options.frames.filter(
    (f) => f.startSeconds >= first && f.startSeconds + f.durationSeconds <= last,
  );
  for (let k = -n; k <= n; k++) {
    const latencySeconds = k * options.stepSeconds;
    const aligned = alignFrames(frames, options.poses, {
      latencySeconds,
      maxGapSeconds: options.maxGapSeconds,
    });
    if (!aligned.ok) return null;
    profile.push({
      latencySeconds,
      logLikelihood: fixedSourcesLogLikelihood(
        { frames: aligned.alignment.frames, model: full, medium: options.medium },
        options.sources,
        options.backgroundCps,
      ),
    });
  }
  let best = profile[0];
  for (const p of profile) if (best === undefined || p.logLikelihood > best.logLikelihood) best = p;
  if (!best) return null;
  const within = profile.filter((p) => p.logLikelihood >= (best as (typeof profile)[0]).logLikelihood - 0.5);
  const lo = Math.min(...within.map((p) => p.latencySeconds));
  const hi = Math.max(...within.map((p) => p.latencySeconds));
  return {
    latencySeconds: best.latencySeconds,
    uncertaintySeconds: Math.max((hi - lo) / 2, options.stepSeconds / 2),
    profile,
  };
}
