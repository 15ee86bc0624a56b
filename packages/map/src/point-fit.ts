// Hotspot localisation by maximum likelihood: the map's hotspots become point sources whose positions and
// activities (and the uniform background rate) are fitted to the raw frames with the full probe response
// (no cone cutoff, no voxel discretisation) — the model is the sim's, so on simulated data the fit is
// unbiased up to the source's extent. Each source must earn its place: removing it (and refitting the
// rest, and the body's nuisance columns near it) must cost at least `minDeltaLogLikelihood` (a
// likelihood-ratio test. At one fixed position 2ΔL ~ χ² with 4 degrees of freedom under "no source"; the
// search over every position and a body model that never fits exactly make false gains larger — the
// look-elsewhere effect, Gross & Vitells, Eur Phys J C 2010;70:525 — so the threshold is calibrated on
// background-only simulations, reconstruct.ts DEFAULT_HOTSPOTS). The position's
// uncertainty comes from the observed Fisher information (the inverse of minus the Hessian of the
// log-likelihood in the position; Cramér–Rao).
import type { PosedFrame } from './align.js';
import { BALL_RULE, type BallRule, COARSE_BALL_RULE } from './ball-quadrature.js';
import type { DetectorModel } from './detector-model.js';
import type { Medium } from './medium.js';
import { pointResponse } from './point-response.js';
import type { Vec3 } from './vec.js';

export interface PointSource {
  positionCm: Vec3;
  activityMBq: number;
  /** A uniform sphere's radius to start from (and keep, without `sphereRadiiCm`), cm; omitted: a point. */
  radiusCm?: number;
}

export interface FittedSource extends PointSource {
  /**
   * Radius of the uniform sphere fitted in place of the point, cm; 0 for a point (the likelihood did not
   * ask for an extent, or `sphereRadiiCm` was not given).
   */
  radiusCm: number;
  /** Log-likelihood lost when the source is removed and the rest refitted. */
  deltaLogLikelihood: number;
  /** 1σ position uncertainty, RMS over the three axes ×√3 (the 3-D RMS radius), mm. */
  uncertaintyMm: number;
  /**
   * Vuong's z of the source against the finer body in its place (refinementZ; > 0: the source explains
   * the frames that see it better); null when not tested (no `refinement`, or fewer than 2 such frames).
   */
  refinementZ: number | null;
  /**
   * The log-likelihood the source gains over the finer body in its place (all frames), as a share of its
   * gain over the coarse body (deltaLogLikelihood when tested); null when not tested.
   */
  refinementShare: number | null;
}

export interface PointFitOptions {
  frames: readonly PosedFrame[];
  model: DetectorModel;
  medium: Medium;
  candidates: readonly PointSource[];
  backgroundCps: number;
  minDeltaLogLikelihood: number;
  /** Two sources closer than this merge into the stronger one, cm. */
  minSeparationCm: number;
  /** Positions must stay in this box (the grid), cm. */
  boundsCm: { lo: Vec3; hi: Vec3 };
  /**
   * Fisher-scoring iterations per source and refinement round (default 25: to convergence). A live update
   * starts from the previous update's sources and takes a few, so its cost stays bounded.
   */
  maxRefineIterations?: number;
  /**
   * Expected counts per frame from the activity that is not in the candidates (the reconstructed map away
   * from them: the body's own, non-uniform uptake), scaled by a fitted factor alongside the uniform
   * background. A source must then stand out against its local background, not only against a uniform one.
   */
  distributedCounts?: Float64Array;
  /**
   * Further columns of expected counts per frame (the body basis cells, body-basis.ts), each with its own
   * non-negative coefficient refitted with the activities; never dropped, no position. A source is then
   * tested against the body refitted without it (the nuisance parameters of the likelihood-ratio test).
   */
  nuisanceColumns?: readonly Float64Array[];
  /** Starting coefficients of the nuisance columns (a body-only fit); default 1e-3 each. */
  nuisanceInitial?: ArrayLike<number>;
  /**
   * Where each nuisance column lives (x, y, z per column, cm) and how near a candidate one must be to keep
   * its own coefficient: the columns farther than `nuisanceNearCm` from every candidate are summed with
   * their starting coefficients into one column of fixed shape and one fitted scale. Only the body near a
   * source can take its counts when it is removed; the far body's shape is the body-only fit's. Keeps the
   * EM at a few dozen columns instead of hundreds (the fit's cost is columns × frames per iteration).
   */
  nuisanceCentresCm?: ArrayLike<number>;
  nuisanceNearCm?: number;
  /**
   * Extended sources: after the point fit, each source is also tried as a uniform sphere of each of these
   * radii (cm; its response the mean of the point response over the ball, ball-quadrature.ts), its centre
   * refitted, the best radius refined by a parabola through its neighbours; the sphere replaces the point
   * when it raises the log-likelihood by more than `minSphereGain` (Akaike: 1 for the one extra
   * parameter). Omitted: points only.
   */
  sphereRadiiCm?: readonly number[];
  minSphereGain?: number;
  /**
   * The alternative each source must beat (local-refinement.ts): columns of a finer body near a position.
   * After the likelihood-ratio test, a source is dropped when the body refined in its place (without it)
   * explains the frames significantly better (Vuong's non-nested test, refinementZ). Omitted: no such
   * test.
   */
  refinement?: (centreCm: Vec3, frames: readonly PosedFrame[]) => Float64Array[];
  /**
   * The cheaper form of the test (a live update): the finer body is fitted over the frames that see the
   * source only (those the z is taken over), the rest of the model — the other sources, the body, the
   * background — held in shape as one scaled column. The full form refits it all over every frame.
   */
  refinementSeenFramesOnly?: boolean;
  /** The least Vuong z a source needs against the refinement (default 0: it must not lose). */
  minRefinementZ?: number;
}

export interface PointFitResult {
  sources: FittedSource[];
  backgroundCps: number;
  logLikelihood: number;
  /** Nuisance columns the fit carried (near body columns + the far one), its extra parameters. */
  nuisanceParameters: number;
}

/**
 * A frame whose response to the sphere's centre and to its six extreme points is below this fraction of
 * the largest centre response over the frames takes the centre's value (the ball rule's 78 points are
 * spent where the source is seen; a frame that barely sees it adds nothing the background does not swamp).
 */
const SPHERE_FAR_FRACTION = 1e-4;

/**
 * Expected counts per MBq in each frame from a point at p (radiusCm 0) or a uniform sphere of that radius
 * centred there (the mean of the point response over the ball, BALL_RULE).
 */
function responses(o: PointFitOptions, p: Vec3, radiusCm = 0, rule: BallRule = BALL_RULE): Float64Array {
  const n = o.frames.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = pointResponse(o, o.frames[i] as PosedFrame, p[0], p[1], p[2]);
  if (radiusCm > 0) {
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, out[i] as number);
    const far = SPHERE_FAR_FRACTION * top;
    const { unitOffsets, weights } = rule;
    for (let i = 0; i < n; i++) {
      const f = o.frames[i] as PosedFrame;
      let seen = (out[i] as number) >= far;
      for (let axis = 0; axis < 3 && !seen; axis++)
        for (const sign of [-1, 1]) {
          const e = sign * radiusCm;
          if (
            pointResponse(
              o,
              f,
              p[0] + (axis === 0 ? e : 0),
              p[1] + (axis === 1 ? e : 0),
              p[2] + (axis === 2 ? e : 0),
            ) >= far
          ) {
            seen = true;
            break;
          }
        }
      if (!seen) continue;
      let r = 0;
      for (let q = 0; q < weights.length; q++)
        r +=
          (weights[q] as number) *
          pointResponse(
            o,
            f,
            p[0] + radiusCm * (unitOffsets[3 * q] as number),
            p[1] + radiusCm * (unitOffsets[3 * q + 1] as number),
            p[2] + radiusCm * (unitOffsets[3 * q + 2] as number),
          );
      out[i] = r;
    }
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) * (o.frames[i] as PosedFrame).liveTimeSeconds;
  return out;
}

/** Poisson log-likelihood (terms depending on the model) of activities a over response columns + background. */
function logL(o: PointFitOptions, cols: readonly Float64Array[], a: readonly number[], b: number): number {
  let l = 0;
  for (let i = 0; i < o.frames.length; i++) {
    const f = o.frames[i] as PosedFrame;
    let mu = f.liveTimeSeconds * b;
    for (let k = 0; k < cols.length; k++) mu += (a[k] as number) * ((cols[k] as Float64Array)[i] as number);
    if (mu > 0) l += f.counts * Math.log(mu) - mu;
    else if (f.counts > 0) return -Infinity;
  }
  return l;
}

/**
 * EM for the activities and background with fixed positions (a small MLEM: K + 1 unknowns), column by
 * column over contiguous arrays. Stops when every column's expected counts move by < 1e-4 of themselves
 * (or by < 0.01 counts: a body column seen a little need not settle its last digits), or — with nuisance
 * columns, where EM creeps — when a pass gains < 1e-3 in log-likelihood (the tests compare gains of ≥ 12).
 */
function fitActivities(
  o: PointFitOptions,
  cols: readonly Float64Array[],
  a0: readonly number[],
  b0: number,
  maxIterations = 200,
) {
  const a = [...a0].map((v) => Math.max(v, 1e-9));
  let b = Math.max(b0, 1e-6);
  const n = o.frames.length;
  const K = cols.length;
  const sens = cols.map((c) => c.reduce((s, v) => s + v, 0));
  const liveTime = new Float64Array(n);
  const counts = new Float64Array(n);
  let live = 0;
  for (let i = 0; i < n; i++) {
    const f = o.frames[i] as PosedFrame;
    liveTime[i] = f.liveTimeSeconds;
    counts[i] = f.counts;
    live += f.liveTimeSeconds;
  }
  const creeps = o.nuisanceColumns !== undefined && o.nuisanceColumns.length > 0;
  const mu = new Float64Array(n);
  const ratio = new Float64Array(n);
  let previousL = Number.NEGATIVE_INFINITY;
  for (let it = 0; it < maxIterations; it++) {
    for (let i = 0; i < n; i++) mu[i] = (liveTime[i] as number) * b;
    for (let k = 0; k < K; k++) {
      const ak = a[k] as number;
      if (!(ak > 0)) continue;
      const col = cols[k] as Float64Array;
      for (let i = 0; i < n; i++) mu[i] = (mu[i] as number) + ak * (col[i] as number);
    }
    let l = 0;
    let backB = 0;
    for (let i = 0; i < n; i++) {
      const m = mu[i] as number;
      if (m > 0) {
        const r = (counts[i] as number) / m;
        ratio[i] = r;
        backB += (liveTime[i] as number) * r;
        l += (counts[i] as number) * Math.log(m) - m;
      } else ratio[i] = 0;
    }
    if (creeps && l - previousL < 1e-3) break;
    previousL = l;
    let change = 0;
    for (let k = 0; k < K; k++) {
      const sk = sens[k] as number;
      const ak = a[k] as number;
      let back = 0;
      if (sk > 0 && ak > 0) {
        const col = cols[k] as Float64Array;
        for (let i = 0; i < n; i++) back += (col[i] as number) * (ratio[i] as number);
      }
      const next = sk > 0 ? (ak * back) / sk : 0;
      const moved = Math.abs(next - ak) * sk;
      if (moved > 0.01) change = Math.max(change, Math.abs(next - ak) / Math.max(next, 1e-12));
      a[k] = next;
    }
    const nb = live > 0 ? (b * backB) / live : b;
    change = Math.max(change, Math.abs(nb - b) / Math.max(nb, 1e-12));
    b = nb;
    if (change < 1e-4) break;
  }
  return { a, b };
}

function clampTo(p: Vec3, bounds: PointFitOptions['boundsCm']): Vec3 {
  return [0, 1, 2].map((k) =>
    Math.min(bounds.hi[k] as number, Math.max(bounds.lo[k] as number, p[k] as number)),
  ) as unknown as Vec3;
}

/** Solves the 3 × 3 system M s = g (Cramer's rule); null when M is singular. */
function solve3(m: readonly number[], g: readonly number[]): [number, number, number] | null {
  const [a, b, c, d, e, f, h, i, j] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const det = a * (e * j - f * i) - b * (d * j - f * h) + c * (d * i - e * h);
  if (!(Math.abs(det) > 1e-300)) return null;
  const [g0, g1, g2] = g as [number, number, number];
  return [
    (g0 * (e * j - f * i) - b * (g1 * j - f * g2) + c * (g1 * i - e * g2)) / det,
    (a * (g1 * j - f * g2) - g0 * (d * j - f * h) + c * (d * g2 - g1 * h)) / det,
    (a * (e * g2 - g1 * i) - b * (d * g2 - g1 * h) + g0 * (d * i - e * h)) / det,
  ];
}

/** The fit's working state: per source its centre, radius (0: a point) and column; then the other columns. */
interface FitState {
  pos: Vec3[];
  radii: number[];
  /** Each source's Vuong z against the finer body and gain share (null: not tested). */
  z: Array<{ z: number; share: number } | null>;
  cols: Float64Array[];
  a: number[];
  b: number;
}

/** Largest position step of one Fisher-scoring iteration, cm (a trust region: the response is not quadratic). */
const MAX_STEP_CM = 0.3;
/** Central-difference half-step for the response's gradient in the position, cm. */
const GRADIENT_STEP_CM = 0.02;

/**
 * Fisher scoring (Levenberg–Marquardt damped) on one source's position, the others fixed, activities and
 * background refitted at each accepted step: the score g = Σ (y/μ − 1) a ∂r/∂p and the expected information
 * F = Σ a² ∂r/∂p ∂r/∂pᵀ / μ of the Poisson likelihood (e.g. Fessler, "Statistical image reconstruction
 * methods", ch. 1), ∂r/∂p by central differences. A step is kept only if it raises the likelihood; else the
 * damping grows and the step shrinks. Converges in a handful of iterations where a pattern search needed
 * hundreds of trial positions.
 */
function refinePosition(o: PointFitOptions, state: FitState, k: number, maxIterations = 25) {
  let best = logL(o, state.cols, state.a, state.b);
  let lambda = 1e-3;
  const n = o.frames.length;
  for (let it = 0; it < maxIterations; it++) {
    const p = state.pos[k] as Vec3;
    const ak = state.a[k] as number;
    const mu = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let m = (o.frames[i] as PosedFrame).liveTimeSeconds * state.b;
      for (let q = 0; q < state.cols.length; q++)
        m += (state.a[q] as number) * ((state.cols[q] as Float64Array)[i] as number);
      mu[i] = m;
    }
    const grads: Float64Array[] = [];
    for (let axis = 0; axis < 3; axis++) {
      const plus: Vec3 = [
        p[0] + (axis === 0 ? GRADIENT_STEP_CM : 0),
        p[1] + (axis === 1 ? GRADIENT_STEP_CM : 0),
        p[2] + (axis === 2 ? GRADIENT_STEP_CM : 0),
      ];
      const minus: Vec3 = [
        p[0] - (axis === 0 ? GRADIENT_STEP_CM : 0),
        p[1] - (axis === 1 ? GRADIENT_STEP_CM : 0),
        p[2] - (axis === 2 ? GRADIENT_STEP_CM : 0),
      ];
      // A sphere's gradient from the coarse rule: it only aims the step, the likelihood judges it.
      const rp = responses(o, plus, state.radii[k], COARSE_BALL_RULE);
      const rm = responses(o, minus, state.radii[k], COARSE_BALL_RULE);
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = ((rp[i] as number) - (rm[i] as number)) / (2 * GRADIENT_STEP_CM);
      grads.push(d);
    }
    const g = [0, 0, 0];
    const F = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const m = mu[i] as number;
      if (!(m > 0)) continue;
      const w = (o.frames[i] as PosedFrame).counts / m - 1;
      for (let u = 0; u < 3; u++) {
        const du = ak * ((grads[u] as Float64Array)[i] as number);
        g[u] = (g[u] as number) + w * du;
        for (let v = 0; v < 3; v++)
          F[3 * u + v] = (F[3 * u + v] as number) + (du * ak * ((grads[v] as Float64Array)[i] as number)) / m;
      }
    }
    let accepted = false;
    for (let tries = 0; tries < 6 && !accepted; tries++) {
      const damped = F.map((v, idx) => (idx % 4 === 0 ? v * (1 + lambda) + 1e-12 : v));
      const step = solve3(damped, g);
      if (!step) {
        lambda *= 10;
        continue;
      }
      const length = Math.hypot(...step);
      const scale = length > MAX_STEP_CM ? MAX_STEP_CM / length : 1;
      const trial = clampTo(
        [p[0] + step[0] * scale, p[1] + step[1] * scale, p[2] + step[2] * scale],
        o.boundsCm,
      );
      const cols = [...state.cols];
      cols[k] = responses(o, trial, state.radii[k]);
      const fit = fitActivities(o, cols, state.a, state.b, 8);
      const l = logL(o, cols, fit.a, fit.b);
      if (l > best + 1e-9) {
        const moved = Math.hypot(trial[0] - p[0], trial[1] - p[1], trial[2] - p[2]);
        best = l;
        state.pos[k] = trial;
        state.cols = cols;
        state.a = fit.a;
        state.b = fit.b;
        lambda = Math.max(lambda / 10, 1e-6);
        accepted = true;
        if (moved < 0.002) it = maxIterations;
      } else lambda *= 10;
    }
    if (!accepted) break;
  }
  const fit = fitActivities(o, state.cols, state.a, state.b);
  state.a = fit.a;
  state.b = fit.b;
  return logL(o, state.cols, state.a, state.b);
}

/** 1σ 3-D position uncertainty (mm) from the numerical Hessian of the log-likelihood in the position. */
function positionUncertaintyMm(o: PointFitOptions, state: FitState, k: number): number {
  const h = 0.05;
  const p0 = state.pos[k] as Vec3;
  const at = (d: readonly number[]) => {
    const cols = [...state.cols];
    cols[k] = responses(
      o,
      [p0[0] + (d[0] as number), p0[1] + (d[1] as number), p0[2] + (d[2] as number)],
      state.radii[k],
    );
    return logL(o, cols, state.a, state.b);
  };
  const l0 = logL(o, state.cols, state.a, state.b);
  const H = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ] as number[][];
  for (let i = 0; i < 3; i++) {
    const e = [0, 0, 0];
    e[i] = h;
    const ep = at(e);
    e[i] = -h;
    const em = at(e);
    (H[i] as number[])[i] = (ep - 2 * l0 + em) / (h * h);
    for (let j = i + 1; j < 3; j++) {
      const d = (a: number, b: number) => {
        const v = [0, 0, 0];
        v[i] = a;
        v[j] = b;
        return at(v);
      };
      const v = (d(h, h) - d(h, -h) - d(-h, h) + d(-h, -h)) / (4 * h * h);
      (H[i] as number[])[j] = v;
      (H[j] as number[])[i] = v;
    }
  }
  // Covariance = (−H)^−1; its trace is the 3-D variance.
  const m = H.map((r) => r.map((v) => -v));
  const [a, b, c] = m[0] as number[];
  const [d, e, f] = m[1] as number[];
  const [g, hh, i] = m[2] as number[];
  const det =
    (a as number) * ((e as number) * (i as number) - (f as number) * (hh as number)) -
    (b as number) * ((d as number) * (i as number) - (f as number) * (g as number)) +
    (c as number) * ((d as number) * (hh as number) - (e as number) * (g as number));
  if (!(det > 0)) return Number.POSITIVE_INFINITY;
  const trace =
    ((e as number) * (i as number) -
      (f as number) * (hh as number) +
      ((a as number) * (i as number) - (c as number) * (g as number)) +
      ((a as number) * (e as number) - (b as number) * (d as number))) /
    det;
  return trace > 0 ? Math.sqrt(trace) * 10 : Number.POSITIVE_INFINITY;
}

function copyState(s: FitState): FitState {
  return { pos: [...s.pos], radii: [...s.radii], z: [...s.z], cols: [...s.cols], a: [...s.a], b: s.b };
}

/** Iterations of the centre's refinement at each trial radius (the final radius gets the full count). */
const SPHERE_TRIAL_ITERATIONS = 2;

/**
 * Source k as a uniform sphere: the profile log-likelihood over the trial radii (the centre refitted at
 * each, the other sources and the body held in shape as one scaled column: the body's free coefficients
 * make each activity fit 10–50 times dearer), the best refined by the vertex of a parabola through it and
 * its neighbours (the point, radius 0, left of the first), then the centre refitted fully with the body
 * near it free. The state takes the sphere when it beats the point by more than `minGain`; returns whether
 * it did.
 */
function sizeSphere(
  o: PointFitOptions,
  state: FitState,
  k: number,
  radiiCm: readonly number[],
  minGain: number,
  iterations: number,
): boolean {
  const pointL = logL(o, state.cols, state.a, state.b);
  // The reduced problem: source k's column and everything else summed into one column of fixed shape.
  const rest = new Float64Array(o.frames.length);
  for (let m = 0; m < state.cols.length; m++) {
    if (m === k) continue;
    const col = state.cols[m] as Float64Array;
    const am = state.a[m] as number;
    for (let i = 0; i < rest.length; i++) rest[i] = (rest[i] as number) + am * (col[i] as number);
  }
  const plain: PointFitOptions = { ...o };
  delete plain.nuisanceColumns;
  const at = (radiusCm: number, steps: number) => {
    const s: FitState = {
      pos: [state.pos[k] as Vec3],
      radii: [radiusCm],
      z: [null],
      cols: [responses(o, state.pos[k] as Vec3, radiusCm), rest],
      a: [state.a[k] as number, 1],
      b: state.b,
    };
    return { radiusCm, state: s, logL: refinePosition(plain, s, 0, steps) };
  };
  // Radii in increasing order, stopping once the profile falls (it has one mode for one sphere): a
  // point-like source costs two trials, not all of them.
  const profile: Array<ReturnType<typeof at>> = [];
  let i = 0;
  for (const r of [...radiiCm].sort((x, y) => x - y)) {
    const trial = at(r, SPHERE_TRIAL_ITERATIONS);
    profile.push(trial);
    const j = profile.length - 1;
    if (trial.logL > (profile[i] as (typeof profile)[number]).logL) i = j;
    else if (j > 0 && trial.logL < (profile[j - 1] as (typeof profile)[number]).logL) break;
  }
  let best = profile[i] as (typeof profile)[number];
  if (!(best.logL - pointL > minGain)) return false;
  const left = i > 0 ? (profile[i - 1] as (typeof profile)[number]) : { radiusCm: 0, logL: pointL };
  const right = profile[i + 1];
  if (right) {
    // Vertex of the parabola through (r, L) at left, best and right (unequal spacing).
    const [x0, y0, x1, y1, x2, y2] = [
      left.radiusCm,
      left.logL,
      best.radiusCm,
      best.logL,
      right.radiusCm,
      right.logL,
    ];
    const den = (x1 - x0) * (y1 - y2) - (x1 - x2) * (y1 - y0);
    if (den !== 0) {
      const vertex = x1 - (0.5 * ((x1 - x0) ** 2 * (y1 - y2) - (x1 - x2) ** 2 * (y1 - y0))) / den;
      if (vertex > x0 && vertex < x2 && Math.abs(vertex - x1) > 0.01) {
        const refined = at(vertex, SPHERE_TRIAL_ITERATIONS);
        if (refined.logL > best.logL) best = refined;
      }
    }
  }
  // The chosen sphere back in the full problem, its centre refitted with the body near it free.
  const saved = copyState(state);
  state.pos[k] = best.state.pos[0] as Vec3;
  state.radii[k] = best.radiusCm;
  state.cols[k] = best.state.cols[0] as Float64Array;
  state.a[k] = best.state.a[0] as number;
  const l = refinePosition(o, state, k, iterations);
  if (l - pointL > minGain) return true;
  Object.assign(state, saved);
  return false;
}

/**
 * The frames that judge a source against the finer body: those where the source gives at least this share
 * of the expected counts. Frames that do not see it only tell how well each model fits the body elsewhere
 * (measured: a 20 kBq point 1.5 cm beside a slab edge lost to the refinement over all frames, z = −5.0,
 * because the refinement also fitted the edge; over the frames that see it, z = +2.9).
 */
const REFINEMENT_SHARE = 0.05;

/**
 * Vuong's test of source k against a local refinement of the body in its place (the other sources and the
 * body kept, refitted): the two models are not nested, so the per-frame log-likelihood ratios
 * ℓᵢ = yᵢ ln(μSᵢ/μRᵢ) − (μSᵢ − μRᵢ) over the frames that see the source are compared with their spread,
 * z = Σℓᵢ / (√m ω), ω² their variance (Vuong, Econometrica 1989;57:307, eq. 5.6, without the
 * parameter-count correction: the non-negative hats' effective parameters are not their number). The
 * source must beat the refinement there (z ≥ `minRefinementZ`). Null: no test (no hats, < 2 frames).
 */
function refinementZ(
  o: PointFitOptions,
  state: FitState,
  k: number,
  refinement: readonly Float64Array[],
  deltaLogLikelihood: number,
): { z: number; share: number } | null {
  if (refinement.length === 0) return null;
  const cols = [...state.cols.filter((_, m) => m !== k), ...refinement];
  // The removed source's counts spread evenly over the fine hats to start from (EM cannot leave zero).
  const col = state.cols[k] as Float64Array;
  let sourceCounts = 0;
  for (const v of col) sourceCounts += v;
  sourceCounts *= state.a[k] as number;
  let hatCounts = 0;
  for (const c of refinement) for (const v of c) hatCounts += v;
  const start = hatCounts > 0 ? sourceCounts / hatCounts : 1e-6;
  const fit = fitActivities(
    o,
    cols,
    [...state.a.filter((_, m) => m !== k), ...refinement.map(() => start)],
    state.b,
    400,
  );
  let sum = 0;
  let sum2 = 0;
  let m = 0;
  let all = 0;
  for (let i = 0; i < o.frames.length; i++) {
    const f = o.frames[i] as PosedFrame;
    let muS = f.liveTimeSeconds * state.b;
    for (let q = 0; q < state.cols.length; q++)
      muS += (state.a[q] as number) * ((state.cols[q] as Float64Array)[i] as number);
    let muR = f.liveTimeSeconds * fit.b;
    for (let q = 0; q < cols.length; q++)
      muR += (fit.a[q] as number) * ((cols[q] as Float64Array)[i] as number);
    if (!(muS > 0 && muR > 0)) continue;
    const l = f.counts * Math.log(muS / muR) - (muS - muR);
    all += l;
    if (!((state.a[k] as number) * (col[i] as number) >= REFINEMENT_SHARE * muS)) continue;
    sum += l;
    sum2 += l * l;
    m++;
  }
  if (m < 2) return null;
  const share = deltaLogLikelihood > 0 ? all / deltaLogLikelihood : 0;
  const omega = Math.sqrt(Math.max(0, sum2 / m - (sum / m) ** 2));
  if (!(omega > 0))
    return {
      z: sum === 0 ? 0 : sum > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      share,
    };
  return { z: sum / (Math.sqrt(m) * omega), share };
}

/**
 * refinementZ's cheaper form (refinementSeenFramesOnly): the frames that see source k, the fine hats
 * integrated over them only, and the rest of the model one column of fixed shape with a fitted scale. The
 * share is over those frames too.
 */
function refinementZSeen(
  o: PointFitOptions,
  state: FitState,
  k: number,
): { z: number; share: number } | null {
  const n = o.frames.length;
  const col = state.cols[k] as Float64Array;
  const ak = state.a[k] as number;
  const seen: number[] = [];
  const muS: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = o.frames[i] as PosedFrame;
    let mu = f.liveTimeSeconds * state.b;
    for (let q = 0; q < state.cols.length; q++)
      mu += (state.a[q] as number) * ((state.cols[q] as Float64Array)[i] as number);
    const own = ak * (col[i] as number);
    if (!(own >= REFINEMENT_SHARE * mu && mu > 0)) continue;
    seen.push(i);
    muS.push(mu);
    rest.push(mu - own);
  }
  if (seen.length < 2) return null;
  const frames = seen.map((i) => o.frames[i] as PosedFrame);
  const hats = (o.refinement as NonNullable<PointFitOptions['refinement']>)(state.pos[k] as Vec3, frames);
  if (hats.length === 0) return null;
  let sourceCounts = 0;
  for (const i of seen) sourceCounts += ak * (col[i] as number);
  let hatCounts = 0;
  for (const c of hats) for (const v of c) hatCounts += v;
  const start = hatCounts > 0 ? sourceCounts / hatCounts : 1e-6;
  const cols = [Float64Array.from(rest), ...hats];
  const local: PointFitOptions = { ...o, frames, nuisanceColumns: hats };
  // The rest's scale starts at 1 and the uniform rate near 0: the background is in the rest already.
  const fit = fitActivities(local, cols, [1, ...hats.map(() => start)], 1e-6, 400);
  let sum = 0;
  let sum2 = 0;
  let m = 0;
  for (let j = 0; j < frames.length; j++) {
    const f = frames[j] as PosedFrame;
    let muR = f.liveTimeSeconds * fit.b;
    for (let q = 0; q < cols.length; q++)
      muR += (fit.a[q] as number) * ((cols[q] as Float64Array)[j] as number);
    if (!(muR > 0)) continue;
    const s = muS[j] as number;
    const l = f.counts * Math.log(s / muR) - (s - muR);
    sum += l;
    sum2 += l * l;
    m++;
  }
  if (m < 2) return null;
  const omega = Math.sqrt(Math.max(0, sum2 / m - (sum / m) ** 2));
  const z =
    omega > 0
      ? sum / (Math.sqrt(m) * omega)
      : sum === 0
        ? 0
        : sum > 0
          ? Number.POSITIVE_INFINITY
          : Number.NEGATIVE_INFINITY;
  return { z, share: Number.NaN };
}

export function fitPointSources(o: PointFitOptions): PointFitResult {
  const state: FitState = {
    pos: o.candidates.map((c) => clampTo(c.positionCm, o.boundsCm)),
    radii: o.candidates.map((c) => c.radiusCm ?? 0),
    z: o.candidates.map(() => null),
    cols: [] as Float64Array[],
    a: o.candidates.map((c) => c.activityMBq),
    b: o.backgroundCps,
  };
  state.cols = state.pos.map((p, k) => responses(o, p, state.radii[k]));
  // The distributed activity, when given, is one more column after the sources: its scale is fitted with
  // the activities, it has no position, and it is never dropped (indices ≥ pos.length).
  if (o.distributedCounts && o.distributedCounts.length === o.frames.length) {
    state.cols.push(Float64Array.from(o.distributedCounts));
    state.a.push(1);
  }
  if (o.nuisanceColumns) {
    const far = new Float64Array(o.frames.length);
    let farUsed = false;
    for (let c = 0; c < o.nuisanceColumns.length; c++) {
      const col = o.nuisanceColumns[c] as Float64Array;
      if (col.length !== o.frames.length)
        throw new RangeError(`nuisance column ${c}: ${col.length} rows for ${o.frames.length} frames`);
      // A column no frame sees carries nothing; leaving it out keeps the EM short.
      if (!col.some((v) => v > 0)) continue;
      const start = Math.max(1e-9, o.nuisanceInitial?.[c] ?? 1e-3);
      const centres = o.nuisanceCentresCm;
      // A column with no place (NaN centre: an organ template) always keeps its own coefficient.
      const near =
        centres === undefined ||
        o.nuisanceNearCm === undefined ||
        Number.isNaN(centres[3 * c] as number) ||
        state.pos.some(
          (p) =>
            Math.hypot(
              p[0] - (centres[3 * c] as number),
              p[1] - (centres[3 * c + 1] as number),
              p[2] - (centres[3 * c + 2] as number),
            ) <= (o.nuisanceNearCm as number),
        );
      if (near) {
        state.cols.push(col);
        state.a.push(start);
      } else {
        for (let i = 0; i < far.length; i++) far[i] = (far[i] as number) + start * (col[i] as number);
        farUsed = true;
      }
    }
    if (farUsed) {
      state.cols.push(far);
      state.a.push(1);
    }
  }
  let fit = fitActivities(o, state.cols, state.a, state.b);
  state.a = fit.a;
  state.b = fit.b;
  const drop = (k: number) => {
    state.pos.splice(k, 1);
    state.radii.splice(k, 1);
    state.z.splice(k, 1);
    state.cols.splice(k, 1);
    state.a.splice(k, 1);
    fit = fitActivities(o, state.cols, state.a, state.b);
    state.a = fit.a;
    state.b = fit.b;
  };
  const significance = () => {
    const full = logL(o, state.cols, state.a, state.b);
    return state.pos.map((_, k) => {
      const cols = state.cols.filter((_, m) => m !== k);
      const a = state.a.filter((_, m) => m !== k);
      const refit = fitActivities(o, cols, a, state.b);
      return full - logL(o, cols, refit.a, refit.b);
    });
  };
  /** Drops the least significant source until every one passes `threshold`; returns the last ΔL values. */
  const prune = (threshold: number): number[] => {
    for (;;) {
      const d = significance();
      let worst = -1;
      for (let k = 0; k < d.length; k++)
        if ((d[k] as number) < threshold && (worst < 0 || (d[k] as number) < (d[worst] as number))) worst = k;
      if (worst < 0) return d;
      drop(worst);
    }
  };
  // Candidates far from significant even before their positions are refined go first (cheap).
  const iterations = o.maxRefineIterations ?? 25;
  prune(o.minDeltaLogLikelihood / 4);
  for (let k = 0; k < state.pos.length; k++) refinePosition(o, state, k, iterations);
  // Merge sources that converged together, then drop the least significant until all pass the test.
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < state.pos.length; i++)
      for (let j = i + 1; j < state.pos.length; j++) {
        const p = state.pos[i] as Vec3;
        const q = state.pos[j] as Vec3;
        if (Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) < o.minSeparationCm) {
          drop((state.a[i] as number) >= (state.a[j] as number) ? j : i);
          merged = true;
          break outer;
        }
      }
  }
  prune(o.minDeltaLogLikelihood);
  for (let k = 0; k < state.pos.length; k++) refinePosition(o, state, k, iterations);
  let deltas = prune(o.minDeltaLogLikelihood);
  if (o.refinement) {
    let dropped = false;
    const minZ = o.minRefinementZ ?? 0;
    for (let k = state.pos.length - 1; k >= 0; k--) {
      const tested = o.refinementSeenFramesOnly
        ? refinementZSeen(o, state, k)
        : refinementZ(o, state, k, o.refinement(state.pos[k] as Vec3, o.frames), deltas[k] as number);
      state.z[k] = tested;
      if (tested !== null && !(tested.z >= minZ)) {
        drop(k);
        dropped = true;
      }
    }
    if (dropped) deltas = prune(o.minDeltaLogLikelihood);
  }
  if (o.sphereRadiiCm && o.sphereRadiiCm.length > 0) {
    let sized = false;
    for (let k = 0; k < state.pos.length; k++)
      sized = sizeSphere(o, state, k, o.sphereRadiiCm, o.minSphereGain ?? 1, iterations) || sized;
    if (sized) deltas = significance();
  }
  const sources = state.pos.map((p, k) => ({
    positionCm: p,
    radiusCm: state.radii[k] as number,
    activityMBq: state.a[k] as number,
    deltaLogLikelihood: deltas[k] as number,
    uncertaintyMm: positionUncertaintyMm(o, state, k),
    refinementZ: state.z[k]?.z ?? null,
    refinementShare: Number.isNaN(state.z[k]?.share) ? null : (state.z[k]?.share ?? null),
  }));
  return {
    sources,
    backgroundCps: state.b,
    logLikelihood: logL(o, state.cols, state.a, state.b),
    nuisanceParameters: state.cols.length - state.pos.length - (o.distributedCounts ? 1 : 0),
  };
}

/**
 * Log-likelihood of the frames under point sources at fixed positions, their activities and the background
 * refitted (used to compare alignments of the same frames, e.g. tracker latencies).
 */
export function fixedSourcesLogLikelihood(
  o: Pick<PointFitOptions, 'frames' | 'model' | 'medium'>,
  sources: readonly PointSource[],
  backgroundCps: number,
): number {
  const full = o as PointFitOptions;
  const cols = sources.map((s) => responses(full, s.positionCm));
  const fit = fitActivities(
    full,
    cols,
    sources.map((s) => s.activityMBq),
    backgroundCps,
  );
  return logL(full, cols, fit.a, fit.b);
}
