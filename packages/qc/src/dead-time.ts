// Count-rate capability: dead-time models fitted to measured vs true count rate.
//
// Models (Knoll, Radiation Detection and Measurement, 4th ed. 2010, ch. 4 §VII, eqs 4.23 and 4.24),
// n = true rate, m = measured rate, τ = dead time (s):
//   non-paralysable  m = n / (1 + nτ)
//   paralysable      m = n · exp(−nτ)
// Each is fitted by least squares on RELATIVE residuals (m_i − model_i)/m_i: the rates of a
// count-rate test span decades, and Poisson precision of a rate measured for a fixed time is
// relative, so plain residuals would let the highest rate decide alone. The model with the smaller
// residual sum is chosen (NEMA NU 3-2004 "Count-rate capability" asks for the rate at 20 % loss,
// see nema-reference.ts). True rate at 20 % loss (m/n = 0.8):
//   non-paralysable  n = 0.25 / τ          (1/(1 + nτ) = 0.8)
//   paralysable      n = ln(1.25) / τ       (exp(−nτ) = 0.8)
import { fail, ok, type QcResult } from './result.js';

export type DeadTimeModel = 'paralysable' | 'non-paralysable';

export interface RatePair {
  trueRateCps: number;
  measuredRateCps: number;
  line?: number;
}

export interface DeadTimeFit {
  model: DeadTimeModel;
  deadTimeSeconds: number;
  /** Σ ((m − model)/m)² over the points. */
  relativeResidualSumOfSquares: number;
  /** √(mean of squared relative residuals), e.g. 0.004 = 0.4 %. */
  rmsRelativeResidual: number;
  /** True rate at which 20 % of events are lost. */
  rateAt20PercentLossCps: number;
  /** Measured rate there (0.8 × the true rate). */
  measuredRateAt20PercentLossCps: number;
  /** Highest measured rate the model allows: 1/(eτ) paralysable (at n = 1/τ), 1/τ (asymptote) non-paralysable. */
  maxMeasuredRateCps: number;
}

export interface DeadTimeAnalysis {
  model: DeadTimeModel;
  deadTimeSeconds: number;
  rateAt20PercentLossCps: number;
  best: DeadTimeFit;
  fits: { paralysable: DeadTimeFit; nonParalysable: DeadTimeFit };
  /** Largest loss 1 − m/n among the points, in percent. */
  maxObservedLossPercent: number;
  warnings: string[];
}

export function measuredRateCps(model: DeadTimeModel, trueRateCps: number, deadTimeSeconds: number): number {
  return model === 'paralysable'
    ? trueRateCps * Math.exp(-trueRateCps * deadTimeSeconds)
    : trueRateCps / (1 + trueRateCps * deadTimeSeconds);
}

/** Principal branch W0 of the Lambert W function for x ≥ −1/e (Halley's iteration). */
export function lambertW0(x: number): number {
  if (!(x >= -1 / Math.E)) throw new RangeError(`lambertW0: ${x} < −1/e`);
  if (x === 0) return 0;
  if (1 + Math.E * x < 1e-14) return -1; // the branch point, where Halley's step divides by zero
  let w = x < 1 ? x : Math.log(x);
  if (x < -0.3) w = -1 + Math.sqrt(2 * (1 + Math.E * x)); // series near the branch point
  for (let i = 0; i < 50; i++) {
    const e = Math.exp(w);
    const f = w * e - x;
    const step = f / (e * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    w -= step;
    if (Math.abs(step) <= 1e-15 * (1 + Math.abs(w))) break;
  }
  return w;
}

/**
 * The true rate that gives measured rate `m`; null where the model cannot produce `m`
 * (m ≥ 1/τ non-paralysable, m > 1/(eτ) paralysable). For the paralysable model the lower
 * branch (n ≤ 1/τ) is returned: the other branch is the same reading at a far higher activity.
 */
export function trueRateFromMeasuredCps(
  model: DeadTimeModel,
  measuredCps: number,
  deadTimeSeconds: number,
): number | null {
  const mt = measuredCps * deadTimeSeconds;
  if (model === 'non-paralysable') return mt < 1 ? measuredCps / (1 - mt) : null;
  if (mt > 1 / Math.E) return null;
  return deadTimeSeconds === 0 ? measuredCps : -lambertW0(-mt) / deadTimeSeconds;
}

function rss(model: DeadTimeModel, pairs: readonly RatePair[], tau: number): number {
  let s = 0;
  for (const p of pairs) {
    const r = (p.measuredRateCps - measuredRateCps(model, p.trueRateCps, tau)) / p.measuredRateCps;
    s += r * r;
  }
  return s;
}

/** Minimises rss over log τ: a log-spaced grid, then golden-section search around the best node. */
function fitModel(model: DeadTimeModel, pairs: readonly RatePair[], maxTrue: number): DeadTimeFit {
  const logLo = Math.log(1e-7 / maxTrue);
  const logHi = Math.log(10 / maxTrue);
  const nodes = 600;
  let bestI = 0;
  let bestS = Number.POSITIVE_INFINITY;
  const at = (i: number) => logLo + ((logHi - logLo) * i) / nodes;
  for (let i = 0; i <= nodes; i++) {
    const s = rss(model, pairs, Math.exp(at(i)));
    if (s < bestS) {
      bestS = s;
      bestI = i;
    }
  }
  let a = at(Math.max(0, bestI - 1));
  let b = at(Math.min(nodes, bestI + 1));
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = rss(model, pairs, Math.exp(c));
  let fd = rss(model, pairs, Math.exp(d));
  for (let i = 0; i < 200 && b - a > 1e-12; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = rss(model, pairs, Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = rss(model, pairs, Math.exp(d));
    }
  }
  const tau = Math.exp((a + b) / 2);
  const s = rss(model, pairs, tau);
  const at20 = model === 'paralysable' ? Math.log(1.25) / tau : 0.25 / tau;
  return {
    model,
    deadTimeSeconds: tau,
    relativeResidualSumOfSquares: s,
    rmsRelativeResidual: Math.sqrt(s / pairs.length),
    rateAt20PercentLossCps: at20,
    measuredRateAt20PercentLossCps: 0.8 * at20,
    maxMeasuredRateCps: model === 'paralysable' ? 1 / (Math.E * tau) : 1 / tau,
  };
}

function where(p: RatePair, i: number): string {
  return p.line === undefined ? `point ${i + 1}` : `line ${p.line}`;
}

export function fitDeadTime(pairs: readonly RatePair[]): QcResult<DeadTimeAnalysis> {
  if (pairs.length < 3)
    return fail('too-few-points', `a dead-time fit needs at least 3 rate pairs, got ${pairs.length}`);
  for (const [i, p] of pairs.entries()) {
    if (!(Number.isFinite(p.trueRateCps) && p.trueRateCps > 0))
      return fail('bad-rate', `${where(p, i)}: trueRateCps ${p.trueRateCps} must be > 0`, p.line);
    if (!(Number.isFinite(p.measuredRateCps) && p.measuredRateCps > 0))
      return fail('bad-rate', `${where(p, i)}: measuredRateCps ${p.measuredRateCps} must be > 0`, p.line);
  }
  const warnings: string[] = [];
  const over = pairs.filter((p) => p.measuredRateCps > p.trueRateCps);
  if (over.length > 0)
    warnings.push(
      `${over.length} point(s) measure more than the true rate (${over.map((p, i) => where(p, i)).join(', ')}): counting noise, or the true rates are under-estimated`,
    );
  const maxTrue = Math.max(...pairs.map((p) => p.trueRateCps));
  const paralysable = fitModel('paralysable', pairs, maxTrue);
  const nonParalysable = fitModel('non-paralysable', pairs, maxTrue);
  const best =
    paralysable.relativeResidualSumOfSquares <= nonParalysable.relativeResidualSumOfSquares
      ? paralysable
      : nonParalysable;
  const maxLoss = Math.max(...pairs.map((p) => 1 - p.measuredRateCps / p.trueRateCps));
  const maxObservedLossPercent = 100 * Math.max(0, maxLoss);
  if (maxObservedLossPercent < 10)
    warnings.push(
      `the largest observed loss is ${maxObservedLossPercent.toFixed(1)} %: the rate at 20 % loss is an extrapolation; measure at higher rates`,
    );
  const ratio =
    Math.max(paralysable.relativeResidualSumOfSquares, nonParalysable.relativeResidualSumOfSquares) /
    Math.max(
      1e-300,
      Math.min(paralysable.relativeResidualSumOfSquares, nonParalysable.relativeResidualSumOfSquares),
    );
  if (ratio < 1.5)
    warnings.push(
      'the two models fit about equally well (residual sums within a factor 1.5): the choice of model is weak at these rates',
    );
  return ok({
    model: best.model,
    deadTimeSeconds: best.deadTimeSeconds,
    rateAt20PercentLossCps: best.rateAt20PercentLossCps,
    best,
    fits: { paralysable, nonParalysable },
    maxObservedLossPercent,
    warnings,
  });
}
