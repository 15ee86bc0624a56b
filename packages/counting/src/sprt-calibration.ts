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
  /** Stop when the undecided probability falls below this (default 1e-10); it is reported, not lost. */
  tolerance?: number;
}

/** Poisson pmf and cdf up to the point where the pmf falls below 1e-18 of its mode (tail negligible). */
function poissonTables(mean: number): { pmf: Float64Array; cdf: Float64Array } {
  const hardLimit = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
  const mode = Math.floor(mean);
  // Start from the mode in log space to avoid underflow at large means, then recur both ways.
  let logP = -mean + mode * Math.log(Math.max(mean, 1e-300));
  for (let k = 2; k <= mode; k++) logP -= Math.log(k);
  const full = new Float64Array(hardLimit + 1);
  full[mode] = Math.exp(logP);
  let limit = hardLimit;
  for (let k = mode + 1; k <= hardLimit; k++) {
    full[k] = (full[k - 1]! * mean) / k;
    if (full[k]! < 1e-18 * full[mode]!) {
      limit = k;
      break;
    }
  }
  for (let k = mode - 1; k >= 0; k--) full[k] = (full[k + 1]! * (k + 1)) / mean;
  const pmf = full.slice(0, limit + 1);
  const cdf = new Float64Array(limit + 1);
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
  const tolerance = input.tolerance ?? 1e-10;
  const lnR = Math.log(h.rate1Cps / h.rate0Cps);
  const c = (h.rate1Cps - h.rate0Cps) * frameSeconds;
  const { pmf, cdf } = poissonTables(trueRateCps * frameSeconds);
  const maxX = pmf.length - 1;
  // Continuation at frame n: lower < S·lnR - n·c < upper ⇔ sLow(n) <= S <= sHigh(n).
  const eps = 1e-12;
  const lowerOverLnR = boundaries.lower / lnR;
  const upperOverLnR = boundaries.upper / lnR;
  const cOverLnR = c / lnR;
  // The continuation band has a fixed width (up to rounding): two buffers of that size suffice.
  const capacity = Math.max(1, Math.ceil((boundaries.upper - boundaries.lower) / lnR) + 2);
  let dist = new Float64Array(capacity);
  let next = new Float64Array(capacity);
  let start = 0; // S value of dist[0]
  let length = 1;
  dist[0] = 1;
  let pPositive = 0;
  let pNegative = 0;
  let expectedFrames = 0;
  let alive = 1;
  let n = 0;
  while (alive > tolerance && n < maxFrames) {
    n += 1;
    expectedFrames += alive; // every path alive before frame n spends frame n
    const lo = Math.max(Math.floor(lowerOverLnR + n * cOverLnR + eps) + 1, start);
    const hi = Math.ceil(upperOverLnR + n * cOverLnR - eps) - 1;
    const width = Math.min(hi - lo + 1, capacity);
    if (width > 0) next.fill(0, 0, width);
    for (let i = 0; i < length; i++) {
      const p = dist[i]!;
      if (p === 0) continue;
      const s = start + i;
      // P(X < lo - s) ends negative; P(X >= lo + width - s) ends positive.
      const below = lo - s;
      if (below > 0) pNegative += p * (below > maxX ? 1 : cdf[below - 1]!);
      const above = lo + width - s;
      pPositive += p * (above <= 0 ? 1 : above > maxX ? 0 : 1 - cdf[above - 1]!);
      const xFrom = Math.max(below, 0);
      const xTo = Math.min(above - 1, maxX);
      const offset = s - lo;
      for (let x = xFrom; x <= xTo; x++) next[offset + x] = next[offset + x]! + p * pmf[x]!;
    }
    const swap = dist;
    dist = next;
    next = swap;
    start = lo;
    length = Math.max(width, 0);
    alive = 0;
    for (let i = 0; i < length; i++) alive += dist[i]!;
    if (width <= 0) break;
  }
  return { pPositive, pNegative, pUndecided: Math.max(0, alive), expectedFrames };
}

export interface ExactSprtRatesInput extends Omit<ExactSprtInput, 'trueRateCps'> {
  /** The true rates to evaluate, counts per second (all > 0). */
  trueRatesCps: readonly number[];
}

/** A tilt's exponent a·S − b·n must stay within ±this over the lattice (e^600 ≈ 1e260: no underflow). */
const MAX_TILT_EXPONENT = 600;

/**
 * The frame-wise SPRT's count lattice walked once under a reference rate, from which
 * `exactSprtCharacteristics(...).pPositive` follows for any nearby true rate at the cost of one sum over
 * the lattice instead of a new walk (planning evaluates the same test at many rates of the tissue around
 * a lesion).
 *
 * Exponential tilting (the likelihood-ratio identity; Siegmund 1985, Sequential Analysis, ch. 2): the test
 * continues or stops on (n, S) alone, and a path of n frames with S counts has probability
 * ∏ e^(−λΔt)(λΔt)^(x_i)/x_i! = e^(−nλΔt)(λΔt)^S / ∏x_i!. So the still-undecided mass at (n, S) under a rate
 * λ' is that under the reference rate λ times (λ'/λ)^S · e^(−n(λ'−λ)Δt), exactly. For each rate the
 * positive exits of every frame are summed from the tilted undecided mass and that rate's own Poisson
 * tail, stopping where its own undecided mass falls below the tolerance — what the one-rate walk does.
 * The reference walk runs to `maxFrames` (or until the band closes) and keeps every frame's undecided
 * mass, untruncated. A rate whose tilt would leave double precision anywhere on the lattice (|exponent|
 * above 600) gets null: walk it directly. Equal to the one-rate walk up to rounding
 * (sprt-calibration.test.ts compares them).
 */
export class SprtLattice {
  readonly referenceRateCps: number;
  private readonly frameSeconds: number;
  private readonly corners: Array<[number, number]>;
  /** states[n]: undecided mass after n frames, cells S = starts[n] … starts[n] + states[n].length − 1. */
  private readonly states: Float64Array[] = [];
  private readonly starts: number[] = [];
  /** Band of frame n (1-based): continuation for lows[n] ≤ S < lows[n] + widths[n]. */
  private readonly lows: number[] = [Number.NaN];
  private readonly widths: number[] = [Number.NaN];

  constructor(input: {
    hypotheses: SprtHypotheses;
    boundaries: SprtBoundaries;
    frameSeconds: number;
    maxFrames: number;
    referenceRateCps: number;
  }) {
    const { hypotheses: h, boundaries, frameSeconds, maxFrames, referenceRateCps } = input;
    checkHypotheses(h);
    if (!(frameSeconds > 0)) throw new RangeError(`frameSeconds must be > 0, got ${frameSeconds}`);
    if (!(referenceRateCps > 0) || !Number.isFinite(referenceRateCps)) {
      throw new RangeError(`reference rate must be > 0, got ${referenceRateCps}`);
    }
    if (!Number.isInteger(maxFrames) || maxFrames < 1 || maxFrames > 10_000) {
      throw new RangeError(`maxFrames must be a whole number 1–10000, got ${maxFrames}`);
    }
    this.referenceRateCps = referenceRateCps;
    this.frameSeconds = frameSeconds;
    const lnR = Math.log(h.rate1Cps / h.rate0Cps);
    const c = (h.rate1Cps - h.rate0Cps) * frameSeconds;
    const eps = 1e-12;
    const lowerOverLnR = boundaries.lower / lnR;
    const upperOverLnR = boundaries.upper / lnR;
    const cOverLnR = c / lnR;
    const capacity = Math.max(1, Math.ceil((boundaries.upper - boundaries.lower) / lnR) + 2);
    // The lattice lies in the band lower/ln r + n·c/ln r − 1 ≤ S ≤ upper/ln r + n·c/ln r + 1; a tilt's
    // exponent is linear in (n, S), so its extremes are at the band's corners.
    this.corners = [];
    for (const n of [0, maxFrames]) {
      this.corners.push([n, lowerOverLnR + n * cOverLnR - 1], [n, upperOverLnR + n * cOverLnR + 1]);
    }
    // Reference pmf over every jump that stays in the band (the band moves up by c/ln r per frame and is
    // `capacity` wide), untruncated: a tilt may need the reference's far tail.
    const refMean = referenceRateCps * frameSeconds;
    const maxJump = capacity + Math.ceil(cOverLnR) + 2;
    const pmf = new Float64Array(maxJump + 1);
    let logFactorial = 0;
    for (let x = 0; x <= maxJump; x++) {
      if (x >= 2) logFactorial += Math.log(x);
      pmf[x] = Math.exp(-refMean + x * Math.log(refMean) - logFactorial);
    }
    let dist = new Float64Array([1]);
    let start = 0;
    this.states.push(dist);
    this.starts.push(start);
    for (let n = 1; n <= maxFrames; n++) {
      const lo = Math.max(Math.floor(lowerOverLnR + n * cOverLnR + eps) + 1, start);
      const hi = Math.ceil(upperOverLnR + n * cOverLnR - eps) - 1;
      const width = Math.min(hi - lo + 1, capacity);
      this.lows.push(lo);
      this.widths.push(width);
      const next = new Float64Array(Math.max(width, 0));
      for (let i = 0; i < dist.length; i++) {
        const p = dist[i]!;
        if (p === 0) continue;
        const s = start + i;
        const xFrom = Math.max(lo - s, 0);
        const xTo = Math.min(lo + width - s - 1, maxJump);
        const offset = s - lo;
        for (let x = xFrom; x <= xTo; x++) next[offset + x] = next[offset + x]! + p * pmf[x]!;
      }
      dist = next;
      start = lo;
      this.states.push(dist);
      this.starts.push(start);
      if (width <= 0) break;
    }
  }

  /** P(positive within the frames walked) at this true rate, or null when the tilt is out of reach. */
  positive(trueRateCps: number, tolerance = 1e-10): number | null {
    if (!(trueRateCps > 0) || !Number.isFinite(trueRateCps)) {
      throw new RangeError(`true rate must be > 0, got ${trueRateCps}`);
    }
    const a = Math.log(trueRateCps / this.referenceRateCps);
    const b = (trueRateCps - this.referenceRateCps) * this.frameSeconds;
    if (!this.corners.every(([n, S]) => Math.abs(a * S - b * n) <= MAX_TILT_EXPONENT)) return null;
    const { cdf } = poissonTables(trueRateCps * this.frameSeconds);
    const maxX = cdf.length - 1;
    const ratio = Math.exp(a);
    let positive = 0;
    for (let n = 1; n < this.states.length; n++) {
      const lo = this.lows[n]!;
      const width = this.widths[n]!;
      const dist = this.states[n - 1]!;
      const start = this.starts[n - 1]!;
      let tilt = Math.exp(a * start - b * (n - 1));
      for (let i = 0; i < dist.length; i++, tilt *= ratio) {
        const p = dist[i]!;
        if (p === 0) continue;
        const above = lo + width - (start + i);
        positive += p * tilt * (above <= 0 ? 1 : above > maxX ? 0 : 1 - cdf[above - 1]!);
      }
      if (width <= 0) break;
      const after = this.states[n]!;
      let alive = 0;
      tilt = Math.exp(a * this.starts[n]! - b * n);
      for (let i = 0; i < after.length; i++, tilt *= ratio) alive += after[i]! * tilt;
      if (!(alive > tolerance)) break;
    }
    return positive;
  }
}

/**
 * `exactSprtCharacteristics(...).pPositive` for several true rates from one walk of the lattice
 * (SprtLattice, reference = their geometric mean); a rate out of the tilt's reach is walked directly.
 */
export function exactSprtPositiveAtRates(input: ExactSprtRatesInput): number[] {
  const { trueRatesCps } = input;
  for (const r of trueRatesCps) {
    if (!(r > 0) || !Number.isFinite(r)) throw new RangeError(`true rates must be > 0, got ${r}`);
  }
  const maxFrames = input.maxFrames ?? 100_000;
  const tolerance = input.tolerance ?? 1e-10;
  const one = (rate: number) =>
    exactSprtCharacteristics({ ...input, trueRateCps: rate, maxFrames, tolerance }).pPositive;
  if (trueRatesCps.length <= 1 || maxFrames > 10_000) return trueRatesCps.map(one);
  const reference = Math.exp(trueRatesCps.reduce((a, r) => a + Math.log(r), 0) / trueRatesCps.length);
  const lattice = new SprtLattice({ ...input, maxFrames, referenceRateCps: reference });
  return trueRatesCps.map((r) => lattice.positive(r, tolerance) ?? one(r));
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
  const under = (rate: number, b: SprtBoundaries, tolerance = 1e-10) =>
    exactSprtCharacteristics({
      hypotheses,
      boundaries: b,
      frameSeconds,
      trueRateCps: rate,
      maxFrames: 200_000,
      tolerance,
    });
  // Undecided mass (truncation) is counted as an error, for safety; 1e-8 is ample while searching.
  const typeOne = (b: SprtBoundaries) => {
    const r = under(hypotheses.rate0Cps, b, 1e-8);
    return r.pPositive + r.pUndecided;
  };
  const typeTwo = (b: SprtBoundaries) => {
    const r = under(hypotheses.rate1Cps, b, 1e-8);
    return r.pNegative + r.pUndecided;
  };
  let upper = wald.upper;
  let lower = wald.lower;
  // Wald's pair can exceed the nominal rates by up to a factor 1/(1-β) (Wald 1947 eq. 3:22): widen first.
  for (let i = 0; i < 100 && (typeOne({ upper, lower }) > alpha || typeTwo({ upper, lower }) > beta); i++) {
    upper += 0.05;
    lower -= 0.05;
  }
  for (let round = 0; round < 3; round++) {
    const newUpper = shrinkToLimit(upper, 1e-9, alpha, (u) => typeOne({ upper: u, lower }));
    const newLower = -shrinkToLimit(-lower, 1e-9, beta, (l) => typeTwo({ upper: newUpper, lower: -l }));
    const moved = upper - newUpper + (newLower - lower);
    upper = newUpper;
    lower = newLower;
    if (moved < 2e-3) break;
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
 * Smallest x in [floor, feasible] with error(x) <= limit, where error falls as x grows and `feasible`
 * meets the limit. The error is close to proportional to e^(-x) (Wald), so steps of ln(error/limit) find
 * the edge in a few evaluations; once bracketed, log-linear interpolation and bisection finish to 1e-3.
 */
function shrinkToLimit(feasible: number, floor: number, limit: number, error: (x: number) => number): number {
  let good = feasible;
  let goodError = error(good);
  let bad: number | null = null;
  let badError = 0;
  if (error(floor) <= limit) return floor;
  for (let i = 0; i < 14; i++) {
    let candidate: number;
    if (bad === null) {
      const step = goodError > 0 ? Math.log(goodError / limit) : -1;
      candidate = Math.max(floor, good + Math.min(step, -1e-3));
    } else {
      if (good - bad < 1e-3) break;
      const la = Math.log(Math.max(badError, 1e-300));
      const lb = Math.log(Math.max(goodError, 1e-300));
      const f = la === lb ? 0.5 : (la - Math.log(limit)) / (la - lb);
      candidate = bad + (good - bad) * Math.min(0.9, Math.max(0.1, f));
    }
    const e = error(candidate);
    if (e <= limit) {
      good = candidate;
      goodError = e;
    } else {
      bad = candidate;
      badError = e;
    }
    if (bad === null && good === floor) break;
  }
  return good;
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
