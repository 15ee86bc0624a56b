// Exact operating characteristics of the frame-wise Poisson SPRT, and boundaries calibrated for the
// overshoot. Decisions can only happen at frame ends, and the log-likelihood ratio jumps by ln(r) per
// count, so it overshoots Wald's boundaries: his approximations are then conservative (achieved error
// rates below nominal, more time than needed; Siegmund 1985, Sequential Analysis, ch. 3 corrects this
// asymptotically by the expected overshoot). Here it is done exactly instead: after n frames the
// log-likelihood ratio is S·ln r - n·(rate1 - rate0)·Δt with S the total counts, so the test is a
// Markov chain on the integer lattice (n, S). Dynamic programming over that lattice gives the exact
// probability of each decision and the exact expected number of frames; the boundaries are then moved
// inward (towards each other) until the exact error rates meet the nominal ones without exceeding them.
import { checkHypotheses, type SprtBoundaries, type SprtHypotheses, waldBoundaries } from './sprt.js';

export interface SprtOperatingCharacteristics {
  /** Probability of accepting H1 (a positive verdict). */
  pPositive: number;
  /** Probability of accepting H0 (a negative verdict). */
  pNegative: number;
  /** Probability mass still undecided when the computation stopped (below 1e-10 unless truncated). */
  pUndecided: number;
  /** Expected frames to a decision (undecided mass counted at the truncation). */
  expectedFrames: number;
}

export interface ExactSprtInput {
  hypotheses: SprtHypotheses;
  boundaries: SprtBoundaries;
  frameSeconds: number;
  /** The true rate the counts come from, counts per second. */
  trueRateCps: number;
  /** Give up after this many frames (the rest is reported as undecided). */
  maxFrames?: number;
}

/** Poisson pmf and cdf up to a point where the upper tail is negligible. */
function poissonTables(mean: number): { pmf: Float64Array; cdf: Float64Array } {
  const limit = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
  const pmf = new Float64Array(limit + 1);
  const cdf = new Float64Array(limit + 1);
  // Start from the mode in log space to avoid underflow at large means, then recur both ways.
  const mode = Math.floor(mean);
  let logP = -mean + mode * Math.log(Math.max(mean, 1e-300));
  for (let k = 2; k <= mode; k++) logP -= Math.log(k);
  pmf[mode] = Math.exp(logP);
  for (let k = mode + 1; k <= limit; k++) pmf[k] = (pmf[k - 1]! * mean) / k;
  for (let k = mode - 1; k >= 0; k--) pmf[k] = (pmf[k + 1]! * (k + 1)) / mean;
  let sum = 0;
  for (let k = 0; k <= limit; k++) {
    sum += pmf[k]!;
    cdf[k] = sum;
  }
  return { pmf, cdf };
}

/** Exact decision probabilities and expected frames of the frame-wise SPRT (dynamic programming). */
export function exactSprtCharacteristics(input: ExactSprtInput): SprtOperatingCharacteristics {
  const { hypotheses: h, boundaries, frameSeconds, trueRateCps } = input;
  checkHypotheses(h);
  if (!(frameSeconds > 0)) throw new RangeError(`frameSeconds must be > 0, got ${frameSeconds}`);
  const maxFrames = input.maxFrames ?? 100_000;
  const lnR = Math.log(h.rate1Cps / h.rate0Cps);
  const c = (h.rate1Cps - h.rate0Cps) * frameSeconds;
  const { pmf, cdf } = poissonTables(trueRateCps * frameSeconds);
  const maxX = pmf.length - 1;
  const tail = (x: number): number => (x <= 0 ? 1 : x > maxX ? 0 : 1 - cdf[x - 1]!); // P(X >= x)
  const below = (x: number): number => (x <= 0 ? 0 : x > maxX ? 1 : cdf[x - 1]!); // P(X < x)
  // Continuation at frame n: lower < S·lnR - n·c < upper ⇔ sLow(n) <= S <= sHigh(n).
  const eps = 1e-12;
  const sLow = (n: number): number => Math.floor((boundaries.lower + n * c) / lnR + eps) + 1;
  const sHigh = (n: number): number => Math.ceil((boundaries.upper + n * c) / lnR - eps) - 1;
  let start = 0; // S value of dist[0]
  let dist = new Float64Array([1]);
  let pPositive = 0;
  let pNegative = 0;
  let expectedFrames = 0;
  let alive = 1;
  let n = 0;
  while (alive > 1e-10 && n < maxFrames) {
    n += 1;
    expectedFrames += alive; // every path alive before frame n spends frame n
    const lo = Math.max(sLow(n), start);
    const hi = sHigh(n);
    const width = hi - lo + 1;
    const next = new Float64Array(Math.max(width, 0));
    for (let i = 0; i < dist.length; i++) {
      const p = dist[i]!;
      if (p === 0) continue;
      const s = start + i;
      pNegative += p * below(lo - s);
      pPositive += p * tail(hi + 1 - s);
      const xFrom = Math.max(lo - s, 0);
      const xTo = Math.min(hi - s, maxX);
      for (let x = xFrom; x <= xTo; x++) next[s + x - lo] = next[s + x - lo]! + p * pmf[x]!;
    }
    dist = next;
    start = lo;
    alive = 0;
    for (let i = 0; i < dist.length; i++) alive += dist[i]!;
    if (width <= 0) break;
  }
  return { pPositive, pNegative, pUndecided: Math.max(0, alive), expectedFrames };
}

export interface CalibratedSprt {
  boundaries: SprtBoundaries;
  /** Wald's boundaries for the same alpha and beta, for comparison. */
  waldBoundaries: SprtBoundaries;
  /** Exact achieved type I error (normal tissue called positive) with the calibrated boundaries. */
  achievedAlpha: number;
  /** Exact achieved type II error (tumour called negative). */
  achievedBeta: number;
  /** Exact expected seconds to decide under H0 and under H1. */
  expectedSecondsH0: number;
  expectedSecondsH1: number;
  frameSeconds: number;
}

/**
 * Boundaries whose exact error rates are at most alpha and beta for frames of `frameSeconds`.
 * The exact type I error falls as the upper boundary rises or the lower one rises towards 0; the type II
 * error falls as the lower boundary falls or the upper one falls. Starting from Wald's boundaries, the
 * upper boundary is lowered by bisection to the smallest value keeping the type I error <= alpha, then
 * the lower boundary raised to the largest keeping the type II error <= beta; each move only helps the
 * other constraint, so alternating rounds keep both met while shortening the test. Deterministic.
 */
export function calibrateSprt(hypotheses: SprtHypotheses, frameSeconds: number): CalibratedSprt {
  checkHypotheses(hypotheses);
  const { alpha, beta } = hypotheses;
  const wald = waldBoundaries(alpha, beta);
  const under = (rate: number, b: SprtBoundaries) =>
    exactSprtCharacteristics({
      hypotheses,
      boundaries: b,
      frameSeconds,
      trueRateCps: rate,
      maxFrames: 200_000,
    });
  // Undecided mass (truncation) is counted as an error, for safety.
  const typeOne = (b: SprtBoundaries) => {
    const r = under(hypotheses.rate0Cps, b);
    return r.pPositive + r.pUndecided;
  };
  const typeTwo = (b: SprtBoundaries) => {
    const r = under(hypotheses.rate1Cps, b);
    return r.pNegative + r.pUndecided;
  };
  let upper = wald.upper;
  let lower = wald.lower;
  // Wald's pair can exceed the nominal rates by up to a factor 1/(1-β) (Wald 1947 eq. 3:22): widen first.
  for (let i = 0; i < 100 && (typeOne({ upper, lower }) > alpha || typeTwo({ upper, lower }) > beta); i++) {
    upper += 0.05;
    lower -= 0.05;
  }
  const steps = 12;
  for (let round = 0; round < 3; round++) {
    // Smallest upper in (0, upper] with type I error <= alpha.
    let feasible = upper;
    let infeasible = Math.max(1e-9, upper - 1);
    if (typeOne({ upper: infeasible, lower }) <= alpha) {
      feasible = infeasible;
      infeasible = 0;
    }
    if (typeOne({ upper: 1e-9, lower }) <= alpha) feasible = 1e-9;
    else
      for (let i = 0; i < steps; i++) {
        const mid = 0.5 * (feasible + infeasible);
        if (typeOne({ upper: mid, lower }) <= alpha) feasible = mid;
        else infeasible = mid;
      }
    const upperMoved = upper - feasible;
    upper = feasible;
    // Largest lower in [lower, 0) with type II error <= beta.
    let feasibleLow = lower;
    let infeasibleLow = Math.min(-1e-9, lower + 1);
    if (typeTwo({ upper, lower: infeasibleLow }) <= beta) {
      feasibleLow = infeasibleLow;
      infeasibleLow = 0;
    }
    if (typeTwo({ upper, lower: -1e-9 }) <= beta) feasibleLow = -1e-9;
    else
      for (let i = 0; i < steps; i++) {
        const mid = 0.5 * (feasibleLow + infeasibleLow);
        if (typeTwo({ upper, lower: mid }) <= beta) feasibleLow = mid;
        else infeasibleLow = mid;
      }
    const lowerMoved = feasibleLow - lower;
    lower = feasibleLow;
    if (upperMoved < 1e-3 && lowerMoved < 1e-3) break;
  }
  const boundaries = { upper, lower };
  const h0 = under(hypotheses.rate0Cps, boundaries);
  const h1 = under(hypotheses.rate1Cps, boundaries);
  return {
    boundaries,
    waldBoundaries: wald,
    achievedAlpha: h0.pPositive + h0.pUndecided,
    achievedBeta: h1.pNegative + h1.pUndecided,
    expectedSecondsH0: h0.expectedFrames * frameSeconds,
    expectedSecondsH1: h1.expectedFrames * frameSeconds,
    frameSeconds,
  };
}

/**
 * Memo of calibrations keyed by the configuration (rates and frame length to 6 significant digits).
 * Calibration takes milliseconds to tens of milliseconds; the engine calibrates once per background.
 */
export class SprtCalibrationCache {
  private readonly cache = new Map<string, CalibratedSprt>();
  constructor(private readonly maxEntries = 512) {}
  get(hypotheses: SprtHypotheses, frameSeconds: number): CalibratedSprt {
    const key = [hypotheses.rate0Cps, hypotheses.rate1Cps, hypotheses.alpha, hypotheses.beta, frameSeconds]
      .map((v) => v.toPrecision(6))
      .join('|');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const value = calibrateSprt(hypotheses, frameSeconds);
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, value);
    return value;
  }
}
