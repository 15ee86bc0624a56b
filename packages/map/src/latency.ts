// Tracker-to-probe latency from the data, by profile likelihood: the frames are re-paired with the poses
// shifted by each candidate latency τ, and ℓ_p(τ) = max over the sources (positions, activities, number)
// and the background of the Poisson log-likelihood of the counts. The best τ is the estimate; the set
// {τ : 2(ℓ_p(τ̂) − ℓ_p(τ)) ≤ χ²₁,α} is its confidence set (profile-likelihood confidence intervals: Venzon &
// Moolgavkar, "A method for computing profile-likelihood-based confidence intervals", J. R. Statist. Soc. C
// (Applied Statistics) 37:87–94, 1988), its deviance scaled by a dispersion for a model that is not exactly
// right (Royall & Tsou, "Interpreting statistical evidence by using imperfect models: robust adjusted
// likelihood functions", J. R. Statist. Soc. B 65:391–404, 2003).
//
// Why a global search: a wrong latency moves every pass over a source forward along the sweep, so the map
// made at the assumed latency holds forward and backward copies of each source (two hotspots ~2 v Δτ apart)
// — and those copies explain the mirror-image latency (the copies swapped) as well as the assumed one. Held
// fixed or refitted only locally, the sources found at the assumed latency pull the profile to it and to
// its mirror: a confident wrong answer. Here the sources are found afresh at every coarse candidate (an MLEM
// map on a coarse grid, its peaks fitted as point sources, each kept only if it passes the likelihood-ratio
// test), then the best modes are refined on the fine grid with the sources refitted from that mode's own.
//
// Honest uncertainty: a dispersion φ ≥ 1 (latencyDispersion: the Pearson residuals weighted by what each
// frame says about the latency) scales the likelihood margins; the 1σ half-width is where the profile falls
// by 0.5 φ, the interval where it falls by χ²₁,0.95/2 · φ (crossings interpolated between grid points), never
// narrower than the grid step and the frame duration resolve. When another mode of the profile comes within
// χ²₁,0.99/2 · φ of the best, the data do not tell the two apart: the estimate is marked unreliable, with the
// reason, and its interval spans the modes; so is a best at the edge of the range.

import type { PosedFrame } from './align.js';
import { alignFrames, type FrameInput, type TrackedPose } from './align.js';
import { type DetectorModel, responseCpsPerMBq } from './detector-model.js';
import { gridOverScan } from './grid.js';
import { type Medium, tissuePathCm } from './medium.js';
import { fitPointSources, fixedSourcesLogLikelihood, type PointSource } from './point-fit.js';
import { createLiveMap, DEFAULT_HOTSPOTS, DEFAULT_MLEM, MAX_VOXELS } from './reconstruct.js';
import type { Vec3 } from './vec.js';

/** χ²₁ quantiles (0.95: 3.841, 0.99: 6.635) halved: the log-likelihood margins of 95 % and 99 % sets. */
const HALF_CHI2_95 = 3.841 / 2;
const HALF_CHI2_99 = 6.635 / 2;

export interface LatencyMode {
  latencySeconds: number;
  logLikelihood: number;
  /** Sources the profile fitted at this latency. */
  sources: number;
}

export interface LatencyEstimate {
  latencySeconds: number;
  /**
   * 1σ half-width, s: half the width of the set where the profile is within 0.5 φ of its best, at least half
   * a step and the frame duration/√12; unreliable: at least half the interval.
   */
  uncertaintySeconds: number;
  /**
   * 95 % profile-likelihood confidence set's hull, s (spans every mode within the margin), at least the
   * estimate ± half a step and ± half the frame duration.
   */
  intervalSeconds: [number, number];
  /** False when another mode of the profile is within χ²₁,0.99/2 · φ of the best, or the best is at the range's edge. */
  reliable: boolean;
  /** Why the estimate is unreliable; null when it is reliable. */
  reason: string | null;
  /** Dispersion φ ≥ 1 the likelihood margins were scaled by (latencyDispersion). */
  dispersion: number;
  /** The refined modes (local maxima) of the profile, best first. */
  modes: LatencyMode[];
  profile: Array<{ latencySeconds: number; logLikelihood: number }>;
}

export interface LatencyOptions {
  frames: readonly FrameInput[];
  poses: readonly TrackedPose[];
  model: DetectorModel;
  medium: Medium;
  /**
   * The hotspots found at the assumed latency: kept for the callers' signature; the search finds the sources
   * afresh at each candidate (see above), so these only matter for the null answer (none: no estimate).
   */
  sources: readonly PointSource[];
  backgroundCps: number;
  maxGapSeconds: number;
  /** Candidates from −range to +range, s. */
  rangeSeconds: number;
  /** Fine step, s (the coarse step is 5 of these). */
  stepSeconds: number;
  /** Map depth below the tip, cm (the coarse map's grid). */
  depthCm: number;
  /** Voxel edge of the coarse maps the sources are re-found on, cm (default 1). */
  searchVoxelCm?: number;
}

interface Fit {
  latencySeconds: number;
  logLikelihood: number;
  sources: PointSource[];
  backgroundCps: number;
  frames: PosedFrame[];
}

/**
 * Modes are compared by the log-likelihood less this much per source (the likelihood-ratio threshold each
 * source passed to be kept in this search, `refind` below: 12, the uniform-background search's, not the
 * body basis's 15 of DEFAULT_HOTSPOTS): a wrong latency splits a source into copies, and each copy kept
 * raises the likelihood by at least the threshold — without the charge, more copies would look like more
 * evidence for the wrong latency. Within a mode the sources are the same, so its interval is unchanged.
 */
const SOURCE_CHARGE = 12;
const score = (fit: Pick<Fit, 'logLikelihood' | 'sources'>) =>
  fit.logLikelihood - SOURCE_CHARGE * fit.sources.length;

const COARSE_STEPS = 5;
/** Modes refined on the fine grid (best coarse ones). */
const MODES_REFINED = 3;

export function estimateLatency(options: LatencyOptions): LatencyEstimate | null {
  if (options.sources.length === 0) return null;
  const full: DetectorModel = {
    ...options.model,
    cutoffRhoCm: new Float32Array(options.model.cutoffRhoCm.length).fill(options.model.maxRhoCm - 1e-6),
  };
  const step = options.stepSeconds;
  const n = Math.round(options.rangeSeconds / step);
  // Only frames posed under every candidate shift, so all candidates explain the same counts.
  const first = (options.poses[0]?.timeSeconds ?? 0) + options.rangeSeconds;
  const last = (options.poses.at(-1)?.timeSeconds ?? 0) - options.rangeSeconds;
  const frames = options.frames.filter(
    (f) => f.startSeconds >= first && f.startSeconds + f.durationSeconds <= last,
  );
  if (frames.length < 10) return null;
  const pose = (k: number): PosedFrame[] | null => {
    const aligned = alignFrames(frames, options.poses, {
      latencySeconds: k * step,
      maxGapSeconds: options.maxGapSeconds,
    });
    if (!aligned.ok || aligned.value.frames.length !== frames.length) return null;
    return aligned.value.frames;
  };

  // Coarse: the sources found afresh at each candidate.
  const refind = (k: number): Fit | null => {
    const posed = pose(k);
    if (!posed) return null;
    const grid = gridOverScan(posed, {
      voxelSizeCm: options.searchVoxelCm ?? 1,
      depthCm: options.depthCm,
      medium: options.medium,
      marginCm: 1,
      maxVoxels: MAX_VOXELS,
    });
    if (!grid.ok) return null;
    // The uniform-background search this estimator was measured with (body: null, the threshold it had):
    // the body basis is for the final map's detection, and 11 body fits per estimate would cost seconds.
    const map = createLiveMap({
      grid: grid.value,
      detector: options.model,
      medium: options.medium,
      body: null,
    });
    map.add(posed);
    const r = map.update(
      DEFAULT_MLEM,
      { ...DEFAULT_HOTSPOTS, maxCandidates: 4, refineIterations: 3, minDeltaLogLikelihood: SOURCE_CHARGE },
      posed,
    );
    const sources = r.hotspots.map((h) => ({ positionCm: h.positionCm, activityMBq: h.activityMBq }));
    return {
      latencySeconds: k * step,
      logLikelihood: fixedSourcesLogLikelihood(
        { frames: posed, model: full, medium: options.medium },
        sources,
        r.backgroundCps,
      ),
      sources,
      backgroundCps: r.backgroundCps,
      frames: posed,
    };
  };
  // Fine: the sources of a nearby fit refitted (positions, activities, background) to this pairing.
  const refit = (k: number, from: Fit): Fit | null => {
    const posed = pose(k);
    if (!posed) return null;
    if (from.sources.length === 0) {
      return {
        latencySeconds: k * step,
        logLikelihood: fixedSourcesLogLikelihood(
          { frames: posed, model: full, medium: options.medium },
          [],
          from.backgroundCps,
        ),
        sources: [],
        backgroundCps: from.backgroundCps,
        frames: posed,
      };
    }
    const reach = 3;
    const lo = [0, 1, 2].map((a) => Math.min(...from.sources.map((s) => s.positionCm[a] as number)) - reach);
    const hi = [0, 1, 2].map((a) => Math.max(...from.sources.map((s) => s.positionCm[a] as number)) + reach);
    const fit = fitPointSources({
      frames: posed,
      model: full,
      medium: options.medium,
      candidates: from.sources,
      backgroundCps: from.backgroundCps,
      // Every source is kept and none merged: the number of sources is the mode's.
      minDeltaLogLikelihood: Number.NEGATIVE_INFINITY,
      minSeparationCm: 0,
      boundsCm: { lo: lo as unknown as Vec3, hi: hi as unknown as Vec3 },
      maxRefineIterations: 8,
    });
    return {
      latencySeconds: k * step,
      logLikelihood: fit.logLikelihood,
      sources: fit.sources.map((s) => ({ positionCm: s.positionCm, activityMBq: s.activityMBq })),
      backgroundCps: fit.backgroundCps,
      frames: posed,
    };
  };

  const coarse: Array<{ k: number; fit: Fit }> = [];
  for (let k = -n; k <= n; k += COARSE_STEPS) {
    const fit = refind(k);
    if (!fit) return null;
    coarse.push({ k, fit });
  }
  if (coarse.every((c) => c.fit.sources.length === 0)) return null;
  // Local maxima of the coarse profile (an end counts when it beats its one neighbour).
  const peaks = coarse.filter((c, i) => {
    const before = coarse[i - 1];
    const after = coarse[i + 1];
    return (!before || score(c.fit) >= score(before.fit)) && (!after || score(c.fit) >= score(after.fit));
  });
  peaks.sort((a, b) => score(b.fit) - score(a.fit));

  // Refine each of the best coarse modes: fine steps out from its centre, each warm-started from the
  // neighbour nearer the centre, until the profile has fallen by the 99 % margin (×4 for φ yet unknown)
  // or the next coarse point.
  const refined: Array<{ best: Fit; points: Fit[] }> = [];
  for (const [m, peak] of peaks.slice(0, MODES_REFINED).entries()) {
    const centre = refit(peak.k, peak.fit);
    if (!centre) return null;
    const points = [centre];
    for (const dir of [-1, 1]) {
      let from = centre;
      // The best coarse mode is walked until it has fallen well below the 99 % margin (its interval); the
      // others only far enough to find their top.
      const most = m === 0 ? COARSE_STEPS * 2 : COARSE_STEPS - 2;
      for (let d = 1; d <= most; d++) {
        const k = peak.k + dir * d;
        if (k < -n || k > n) break;
        const fit = refit(k, from);
        if (!fit) return null;
        points.push(fit);
        from = fit;
        const top = Math.max(...points.map((p) => p.logLikelihood));
        if (d >= 2 && fit.logLikelihood < top - 4 * HALF_CHI2_99) break;
      }
    }
    points.sort((a, b) => a.latencySeconds - b.latencySeconds);
    const best = points.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
    refined.push({ best, points });
  }
  refined.sort((a, b) => score(b.best) - score(a.best));
  const winner = refined[0];
  if (!winner) return null;
  // The winner walked far enough on both sides to see its 95 % set end (a shorter-walked mode may win).
  for (const dir of [-1, 1] as const) {
    for (let extra = 0; extra < COARSE_STEPS * 2; extra++) {
      const end = dir < 0 ? winner.points[0] : winner.points.at(-1);
      if (!end || end.logLikelihood < winner.best.logLikelihood - 4 * HALF_CHI2_99) break;
      const k = Math.round(end.latencySeconds / step) + dir;
      if (k < -n || k > n) break;
      const fit = refit(k, end);
      if (!fit) return null;
      if (dir < 0) winner.points.unshift(fit);
      else winner.points.push(fit);
      if (fit.logLikelihood > winner.best.logLikelihood) winner.best = fit;
    }
  }
  const best = winner.best;

  // Overdispersion where the latency is decided (latencyDispersion).
  const bestK = Math.round(best.latencySeconds / step);
  const minus = pose(bestK - 1);
  const plus = pose(bestK + 1);
  const phi = minus && plus ? latencyDispersion(best, minus, plus, step, full, options.medium) : 1;
  // Every evaluated point, the best value kept per latency.
  const all = new Map<number, Fit>();
  for (const c of coarse) all.set(c.k, c.fit);
  for (const r of refined)
    for (const p of r.points) {
      const k = Math.round(p.latencySeconds / step);
      const had = all.get(k);
      if (!had || p.logLikelihood > had.logLikelihood) all.set(k, p);
    }
  const profile = [...all.values()]
    .map((p) => ({ latencySeconds: p.latencySeconds, logLikelihood: p.logLikelihood }))
    .sort((a, b) => a.latencySeconds - b.latencySeconds);

  // The top between grid points: the vertex of the parabola through the best point and its neighbours,
  // within half a step of the best. The grid resolves no finer than its step: every set holds the vertex ±
  // half a step.
  const at = winner.points.indexOf(best);
  const left = winner.points[at - 1];
  const right = winner.points[at + 1];
  let top = best.latencySeconds;
  if (left && right) {
    const curvature = left.logLikelihood - 2 * best.logLikelihood + right.logLikelihood;
    if (curvature < 0)
      top += Math.max(
        -step / 2,
        Math.min(step / 2, ((step / 2) * (left.logLikelihood - right.logLikelihood)) / curvature),
      );
  }
  // Nor does a frame resolve where in it its counts fell (a probe counts all along the frame; a simulator
  // may count at one instant of it): the frame's duration, as a uniform spread (σ = d/√12), bounds what
  // the data say from below, and so does the grid step.
  const durations = frames.map((f) => f.durationSeconds).sort((a, b) => a - b);
  const frameSeconds = durations[Math.floor(durations.length / 2)] as number;
  const widen = (set: { lo: number; hi: number }, floor: number) => {
    const lo = Math.min(set.lo, top - floor);
    const hi = Math.max(set.hi, top + floor);
    return { lo, hi, halfWidth: (hi - lo) / 2 };
  };
  const sigma = widen(
    setAround(winner.points, best, 0.5 * phi),
    Math.max(step / 2, frameSeconds / Math.sqrt(12)),
  );
  const interval95 = widen(
    setAround(winner.points, best, HALF_CHI2_95 * phi),
    Math.max(step / 2, frameSeconds / 2),
  );
  const modes: LatencyMode[] = refined.map((r) => ({
    latencySeconds: r.best.latencySeconds,
    logLikelihood: r.best.logLikelihood,
    sources: r.best.sources.length,
  }));
  const rivals = refined
    .slice(1)
    .filter(
      (r) =>
        Math.abs(r.best.latencySeconds - best.latencySeconds) > 1.5 * COARSE_STEPS * step &&
        score(best) - score(r.best) < HALF_CHI2_99 * phi,
    );
  let lo = interval95.lo;
  let hi = interval95.hi;
  for (const r of rivals) {
    const other = setAround(r.points, r.best, HALF_CHI2_95 * phi);
    lo = Math.min(lo, other.lo);
    hi = Math.max(hi, other.hi);
  }
  const edge = Math.abs(Math.abs(best.latencySeconds) - n * step) < step / 2;
  const reasons: string[] = [];
  if (rivals.length > 0)
    reasons.push(
      `the profile likelihood has ${rivals.length + 1} modes the data do not tell apart: ${[
        best,
        ...rivals.map((r) => r.best),
      ]
        .map((f) => `${f.latencySeconds.toFixed(2)} s`)
        .join(
          ', ',
        )} (within ΔlogL ${(HALF_CHI2_99 * phi).toFixed(1)}, χ²₁ 99 % × dispersion ${phi.toFixed(2)})`,
    );
  if (edge)
    reasons.push(
      `the best latency is at the edge of the searched range (±${options.rangeSeconds} s): it may lie beyond`,
    );
  const reliable = reasons.length === 0;
  return {
    latencySeconds: top,
    uncertaintySeconds: reliable ? sigma.halfWidth : Math.max(sigma.halfWidth, (hi - lo) / 2),
    intervalSeconds: [lo, hi],
    reliable,
    reason: reliable ? null : reasons.join('; '),
    dispersion: phi,
    modes,
    profile,
  };
}

/**
 * The set around `best` where the profile is within `margin` of it, walking out over the mode's points and
 * interpolating linearly at the crossing; where the points end before the crossing, their end.
 */
function setAround(points: readonly Fit[], best: Fit, margin: number): { lo: number; hi: number } {
  const level = best.logLikelihood - margin;
  const i0 = points.indexOf(best);
  const cross = (dir: -1 | 1): number => {
    let i = i0;
    for (;;) {
      const next = points[i + dir];
      const here = points[i] as Fit;
      if (!next) return here.latencySeconds;
      if (next.logLikelihood < level) {
        const f = (here.logLikelihood - level) / (here.logLikelihood - next.logLikelihood);
        return here.latencySeconds + f * (next.latencySeconds - here.latencySeconds);
      }
      i += dir;
    }
  };
  return { lo: cross(-1), hi: cross(1) };
}

/** Expected counts per frame of point sources and a uniform background (the point fit's model). */
function expectedCounts(
  frames: readonly PosedFrame[],
  sources: readonly PointSource[],
  backgroundCps: number,
  model: DetectorModel,
  medium: Medium,
): Float64Array {
  const out = new Float64Array(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] as PosedFrame;
    let mu = f.liveTimeSeconds * backgroundCps;
    for (const s of sources) {
      const q = s.positionCm;
      const rx = q[0] - f.tipCm[0];
      const ry = q[1] - f.tipCm[1];
      const rz = q[2] - f.tipCm[2];
      const along = rx * f.direction[0] + ry * f.direction[1] + rz * f.direction[2];
      const r2 = rx * rx + ry * ry + rz * rz;
      const rho = Math.sqrt(Math.max(0, r2 - along * along));
      mu +=
        s.activityMBq *
        f.liveTimeSeconds *
        responseCpsPerMBq(model, rho, along, tissuePathCm(medium, q, f.tipCm, Math.sqrt(r2)));
    }
    out[i] = mu;
  }
  return out;
}

/**
 * The dispersion of the counts as the latency sees them: the Pearson residuals r_i = (y_i − μ_i)/√μ_i
 * weighted by each frame's Fisher information on the latency, w_i = (∂μ_i/∂τ)²/μ_i — K/J of the sandwich
 * (robust) variance J⁻¹KJ⁻¹ for one parameter (Royall & Tsou, JRSS B 65:391, 2003: the robust adjusted
 * likelihood is ℓ·J/K). Frames far from every source carry no weight, so a misfit where the latency is
 * decided is not diluted by the background frames. At least 1 (never narrower than the Poisson model).
 */
function latencyDispersion(
  best: Fit,
  minus: readonly PosedFrame[],
  plus: readonly PosedFrame[],
  step: number,
  model: DetectorModel,
  medium: Medium,
): number {
  const mu = expectedCounts(best.frames, best.sources, best.backgroundCps, model, medium);
  const lo = expectedCounts(minus, best.sources, best.backgroundCps, model, medium);
  const hi = expectedCounts(plus, best.sources, best.backgroundCps, model, medium);
  let k = 0;
  let j = 0;
  for (let i = 0; i < mu.length; i++) {
    const m = mu[i] as number;
    if (!(m > 0)) continue;
    const d = ((hi[i] as number) - (lo[i] as number)) / (2 * step);
    const w = (d * d) / m;
    const y = (best.frames[i] as PosedFrame).counts;
    j += w;
    k += (w * (y - m) * (y - m)) / m;
  }
  return j > 0 ? Math.max(1, k / j) : 1;
}
