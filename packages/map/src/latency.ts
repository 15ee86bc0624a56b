// Tracker-to-probe latency from the data: the hotspots found at the assumed latency are held fixed and the
// frames are re-paired with poses shifted by each candidate latency; the shift under which the counts are
// most likely is the estimate (a wrong shift smears every pass over a source along the sweep direction).
// The profile's curvature gives a 1σ interval (ΔlogL = 0.5).

import type { PosedFrame } from './align.js';
import { alignFrames, type FrameInput, type TrackedPose } from './align.js';
import type { DetectorModel } from './detector-model.js';
import type { Medium } from './medium.js';
import { fitPointSources, fixedSourcesLogLikelihood, type PointSource } from './point-fit.js';
import type { Vec3 } from './vec.js';

/** Log-likelihood with the sources' positions, activities and the background refitted to these frames. */
function refittedLogLikelihood(
  frames: readonly PosedFrame[],
  model: DetectorModel,
  o: { medium: Medium; sources: readonly PointSource[]; backgroundCps: number },
): number {
  const reach = 3;
  const lo = [0, 1, 2].map((a) => Math.min(...o.sources.map((s) => s.positionCm[a] as number)) - reach);
  const hi = [0, 1, 2].map((a) => Math.max(...o.sources.map((s) => s.positionCm[a] as number)) + reach);
  return fitPointSources({
    frames,
    model,
    medium: o.medium,
    candidates: o.sources,
    backgroundCps: o.backgroundCps,
    // Every source is kept and none merged: only the likelihood of this pairing is wanted.
    minDeltaLogLikelihood: Number.NEGATIVE_INFINITY,
    minSeparationCm: 0,
    boundsCm: { lo: lo as unknown as Vec3, hi: hi as unknown as Vec3 },
    maxRefineIterations: 6,
  }).logLikelihood;
}

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
  /**
   * Refit the sources' positions and activities at each shift (a profile likelihood). Hotspots found at
   * one latency fit that latency's pairing best, so with them held fixed the profile leans toward the
   * latency they were found at — badly so for a short freehand sweep; refitting removes that bias.
   */
  refitPositions?: boolean;
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
  const evaluate = (k: number): boolean => {
    const latencySeconds = k * options.stepSeconds;
    if (profile.some((p) => Math.abs(p.latencySeconds - latencySeconds) < 1e-9)) return true;
    const aligned = alignFrames(frames, options.poses, {
      latencySeconds,
      maxGapSeconds: options.maxGapSeconds,
    });
    if (!aligned.ok) return false;
    const posed = aligned.alignment.frames;
    profile.push({
      latencySeconds,
      logLikelihood: options.refitPositions
        ? refittedLogLikelihood(posed, full, options)
        : fixedSourcesLogLikelihood(
            { frames: posed, model: full, medium: options.medium },
            options.sources,
            options.backgroundCps,
          ),
    });
    return true;
  };
  if (options.refitPositions) {
    // Coarse (every 5th step), then every step within 5 steps of the coarse best: each point is a fit.
    for (let k = -n; k <= n; k += 5) if (!evaluate(k)) return null;
    const coarse = profile.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
    const centre = Math.round(coarse.latencySeconds / options.stepSeconds);
    for (let k = Math.max(-n, centre - 5); k <= Math.min(n, centre + 5); k++) if (!evaluate(k)) return null;
    profile.sort((a, b) => a.latencySeconds - b.latencySeconds);
  } else for (let k = -n; k <= n; k++) if (!evaluate(k)) return null;
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
