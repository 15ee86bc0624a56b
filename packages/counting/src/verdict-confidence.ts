// Honest confidence of a verdict: the probability that this rule, with this background model, gives the
// right answer — under the whole model, not the sequential test's share of alpha alone.
//
//   positive: 1 - P(normal tissue at a new site of this patient is called positive)
//   negative: 1 - P(a lesion at T/B `ratio` (× this patient's mean) is called negative)
//
// Each probability is the rule's operating characteristic (exact: Poisson tails for the fixed-time rules,
// dynamic programming over the frame lattice for the sequential ones, sprt-calibration.ts) averaged over
// the predictive distribution of the rate that such a site has in this patient:
//   ln λ_new  ~ ȳ + s̃·√(1 + 1/k) · T_ν   (a new normal site: between-site spread + uncertainty of the mean)
//   ln μ      ~ ln m̂ + s̃/√k · T_ν        (the patient's mean, for the lesion at ratio × mean)
// the Student-t predictive of normal theory on ln(rate) (Hahn & Meeker, Statistical Intervals 1991 §4.6;
// Aitchison & Dunsmore, Statistical Prediction Analysis 1975 ch. 2), here as the posterior predictive of the
// conjugate normal–inverse-χ² model (Gelman et al., Bayesian Data Analysis 3rd ed. 2013, §3.3): s̃ on ν degrees
// of freedom is the sites' own spread shrunk towards a prior for it — the department's learnt prior when
// there is one (spread-prior.ts), else a default worth two sites at CV 50 %, the top of the spread the engine
// is specified for (DEFAULT_CONFIDENCE_SPREAD_PRIOR below, with why). A known rate is taken as the user
// states it (no spread). Averaging uses
// bins of at most 0.5 % in rate with exact t probabilities, each read at its worse edge (an upper bound on the error).

import { trigamma } from '@openrgs/numeric';
import type { BackgroundModel } from './background-model.js';
import { tCdf } from './background-model.js';
import type { SprtBoundaries, SprtHypotheses } from './sprt.js';
import { exactSprtCharacteristics } from './sprt-calibration.js';

export interface RatePredictive {
  /** ln(rate) of a new normal site: location, scale and degrees of freedom (Infinity: normal). */
  newSiteLogLocation: number;
  newSiteLogScale: number;
  /** ln(mean rate) of the patient's normal tissue. */
  meanLogLocation: number;
  meanLogScale: number;
  degreesOfFreedom: number;
  /** True when the spread is assumed (one site, no prior), not seen. */
  spreadAssumed: boolean;
}

/**
 * The spread prior the confidence uses when the department has learnt none: σ² of ln(site rate) ~ scaled
 * inverse-χ²(d0 = 2, s0²) with s0² = ψ'(4) = 0.2838, the ln-variance of a gamma with CV 50 % (ln X of
 * X ~ Gamma(shape a) has variance ψ'(a), a = 1/CV²; Johnson, Kotz & Balakrishnan, Continuous Univariate
 * Distributions vol. 1, 2nd ed. 1994, ch. 17) — larger than a log-normal's ln(1.25) = 0.2231 at the same
 * CV, so it covers both shapes. CV 50 % is the top of the spread the engine is specified for (issue 12); two
 * degrees of freedom make the prior worth two sites, so the data take over as sites accrue.
 *
 * Why a prior at all: without one, the Student-t predictive on the sites' own s is right on average over
 * patients but not for the patients it is most sure about: two or three sites that agree by chance give a
 * small s, a high stated confidence and, when the true spread is wide, far more errors than stated (the
 * Monte Carlo of `rgs bench counting`, part C, found such bins at 2 sites, CV 30–50 %). With the prior the
 * predictive is the conjugate normal–inverse-χ² posterior predictive (Gelman et al., Bayesian Data Analysis
 * 3rd ed. 2013, §3.3, eq. 3.7 and the t predictive of §3.6): ln λ_new ~ t_ν(ȳ, s̃²(1 + 1/k)) with
 *   ν = d0 + k − 1,  s̃² = (d0·s0² + (k − 1)·s²) / ν,
 * so a small s can no longer claim more than two sites' worth of evidence against the CV 50 % prior.
 *
 * Two degrees of freedom, not one, since the operating room decides at alpha 5 % (decision-settings.ts):
 * there, with one, positives stated 90–95 % sure at CV 50 % and 5 sites were wrong 33 of 284 times
 * (8.1–15.9 %, seed 13, 3000 patients); with two every bin of the grid passes (packages/counting/README.md).
 */
export const DEFAULT_CONFIDENCE_SPREAD_PRIOR = { logVariance: trigamma(4), degreesOfFreedom: 2 } as const;

export function ratePredictive(model: BackgroundModel): RatePredictive {
  const lnMean = Math.log(model.meanCps);
  if (model.source === 'known') {
    return {
      newSiteLogLocation: lnMean,
      newSiteLogScale: 0,
      meanLogLocation: lnMean,
      meanLogScale: 0,
      degreesOfFreedom: Number.POSITIVE_INFINITY,
      spreadAssumed: false,
    };
  }
  const k = model.sites;
  if (model.prior !== null && model.logRateMean !== null && model.logRateSd !== null) {
    // A learnt prior: the model's s̃ is already shrunk towards it (spread-prior.ts, Smyth 2004).
    return {
      newSiteLogLocation: model.logRateMean,
      newSiteLogScale: model.logRateSd * Math.sqrt(1 + 1 / k),
      meanLogLocation: lnMean,
      meanLogScale: model.logRateSd / Math.sqrt(k),
      degreesOfFreedom: model.logRateDegreesOfFreedom ?? k - 1,
      spreadAssumed: false,
    };
  }
  // No learnt prior: the default one (above). The sites' own s² includes their counting noise; with one
  // site there is no s², and that site's counting noise (Var ln(c + ½) ≈ 1/(c + ½)) is added explicitly.
  const d0 = DEFAULT_CONFIDENCE_SPREAD_PRIOR.degreesOfFreedom;
  const own = model.logRateSdOwn;
  const nu = d0 + k - 1;
  const s2 =
    (d0 * DEFAULT_CONFIDENCE_SPREAD_PRIOR.logVariance + (own === null ? 0 : (k - 1) * own * own)) / nu;
  const counting = k === 1 ? 1 / ((model.singleSiteCounts ?? 0) + 0.5) : 0;
  const location = k === 1 ? (model.singleSiteLogRate ?? lnMean) : (model.logRateMean ?? lnMean);
  return {
    newSiteLogLocation: location,
    newSiteLogScale: Math.sqrt(s2 * (1 + 1 / k) + counting),
    meanLogLocation: lnMean,
    meanLogScale: Math.sqrt(s2 / k + counting),
    degreesOfFreedom: nu,
    spreadAssumed: own === null,
  };
}

/**
 * The sites' own spread alone (no prior): s on k − 1 degrees of freedom — the classical t predictive
 * (Hahn & Meeker §4.6; the posterior predictive under the reference prior p(μ, σ) ∝ 1/σ). Null with
 * fewer than two sites or a known rate, where the data alone say nothing of the spread.
 */
export function ownSpreadPredictive(model: BackgroundModel): RatePredictive | null {
  const k = model.sites;
  const own = model.logRateSdOwn;
  // The own SD is null exactly where the data say nothing of the spread: a known rate (no sites) and fewer
  // than two sites (buildBackgroundModel sets logRateSdOwn from k = 2 on); the mean of ln rates is then set
  // too (it is null only without any spread). The second check is for the type checker.
  if (own === null || model.logRateMean === null) return null;
  return {
    newSiteLogLocation: model.logRateMean,
    newSiteLogScale: own * Math.sqrt(1 + 1 / k),
    meanLogLocation: Math.log(model.meanCps),
    meanLogScale: own / Math.sqrt(k),
    degreesOfFreedom: k - 1,
    spreadAssumed: false,
  };
}

/**
 * The predictives a stated confidence must hold under: the prior-shrunk one (ratePredictive) and, from
 * two sites on, the sites' own spread alone. The statement is the worse of the two (verdictConfidence
 * takes the minimum) — the upper end of the error over this class of priors, as robust Bayesian analysis
 * reports it (Berger, Statistical Decision Theory and Bayesian Analysis, 2nd ed. 1985, §4.7). Why both:
 * a wide prior is conservative for positives and for confident negatives (the error sits in a tail of the
 * predictive, which a wider spread only fattens) but not where a lesion at the asked T/B would mostly be
 * missed — there a wider spread of the mean invents chances of finding it. The Monte Carlo of `rgs bench
 * counting` part C showed each failing alone: the own spread at 2 sites, CV 30–50 % (positives stated
 * ≥ 99 %: 3 of 8 wrong), the prior alone at CV 0 with 2–3 sites (negatives stated 5 % sure, 1 % found).
 */
export function ratePredictives(model: BackgroundModel): RatePredictive[] {
  const own = ownSpreadPredictive(model);
  if (own === null) return [ratePredictive(model)];
  // The mean taken as measured (the class's edge where the sites agree to within counting noise, CV 0):
  // a lesion the limit mostly misses is then missed as often as the step of the rule says, where any
  // spread of the mean pulls that probability towards one half. At alpha 5 % the Monte Carlo found negatives
  // stated under 50 % sure at CV 0, 3 sites, missed 548 of 685 against 74.5 % stated without it (seed 13,
  // 3000 patients). It never lowers a stated error: the statement is the worst of the class.
  const measuredMean: RatePredictive = {
    ...own,
    meanLogScale: 0,
    degreesOfFreedom: own.degreesOfFreedom,
  };
  return [ratePredictive(model), own, measuredMean];
}

/** Probability of each verdict at a given true rate (the rule's operating characteristic). */
export interface OperatingCharacteristic {
  positiveAt(rateCps: number): number;
  negativeAt(rateCps: number): number;
  /** Exact values at one rate, where positiveAt/negativeAt read a grid (used for a known rate). */
  exactAt?(rateCps: number): { positive: number; negative: number };
}

export interface VerdictConfidence {
  /** 1 - P(normal site called positive) under the model. */
  positive: number;
  /** 1 - P(lesion at the ratio called negative) under the model. */
  negative: number;
}

/**
 * E[f(λ)] for ln λ ~ location + scale·T_ν, with f monotone: the rate axis is cut into bins of at most 0.5 %
 * (coarser for very wide predictives, at most 600 bins over ±8 scales), each bin's probability is exact
 * (t CDF at its edges) and f is taken at the bin edge where it is largest, so the result bounds the
 * integral from above; beyond the range f is taken as 1 on the side where it is largest.
 */
function expectMonotone(
  location: number,
  scale: number,
  nu: number,
  f: (rate: number) => number,
  increasing: boolean,
): number {
  if (scale === 0) return f(Math.exp(location));
  const width = 8 * scale;
  const bins = Math.min(600, Math.max(1, Math.ceil((2 * width) / Math.log(1.005))));
  const step = (2 * width) / bins;
  let previousCdf = 0;
  let sum = 0;
  for (let b = 0; b <= bins; b++) {
    const edge = -width + b * step;
    const cdf = tCdf(edge / scale, nu);
    const mass = cdf - previousCdf;
    previousCdf = cdf;
    if (mass <= 0) continue;
    // Bin b covers (edge - step, edge]; the first "bin" is everything below -width.
    const at = increasing ? edge : b === 0 ? Number.NEGATIVE_INFINITY : edge - step;
    sum += mass * (at === Number.NEGATIVE_INFINITY ? 1 : f(Math.exp(location + at)));
  }
  // Above the range.
  sum += (1 - previousCdf) * (increasing ? 1 : f(Math.exp(location + width)));
  return Math.min(1, sum);
}

/**
 * The confidence under each predictive, and the worst of them per verdict kind (ratePredictives: robust
 * over the class of priors).
 */
export function verdictConfidence(
  predictives: RatePredictive | RatePredictive[],
  oc: OperatingCharacteristic,
  /** The observed rate of a lesion at the asked T/B for a given true mean (dead time included). */
  lesionRateOf: (meanCps: number) => number,
): VerdictConfidence {
  const list = Array.isArray(predictives) ? predictives : [predictives];
  if (list.length === 0) throw new RangeError('verdictConfidence needs at least one predictive');
  const each = list.map((p) => confidenceUnder(p, oc, lesionRateOf));
  return {
    positive: Math.min(...each.map((c) => c.positive)),
    negative: Math.min(...each.map((c) => c.negative)),
  };
}

function confidenceUnder(
  predictive: RatePredictive,
  oc: OperatingCharacteristic,
  lesionRateOf: (meanCps: number) => number,
): VerdictConfidence {
  if (predictive.newSiteLogScale === 0 && predictive.meanLogScale === 0 && oc.exactAt) {
    const normal = oc.exactAt(Math.exp(predictive.newSiteLogLocation));
    const lesion = oc.exactAt(lesionRateOf(Math.exp(predictive.meanLogLocation)));
    return { positive: clamp01(1 - normal.positive), negative: clamp01(1 - lesion.negative) };
  }
  const falsePositive = expectMonotone(
    predictive.newSiteLogLocation,
    predictive.newSiteLogScale,
    predictive.degreesOfFreedom,
    (rate) => oc.positiveAt(rate),
    true,
  );
  const falseNegative = expectMonotone(
    predictive.meanLogLocation,
    predictive.meanLogScale,
    predictive.degreesOfFreedom,
    (mean) => oc.negativeAt(lesionRateOf(mean)),
    false,
  );
  return { positive: clamp01(1 - falsePositive), negative: clamp01(1 - falseNegative) };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * The frame-wise SPRT's exact operating characteristic at any true rate, computed on a 0.5 % log grid of
 * rates around H0 and read conservatively between grid points (P(positive) rises with the rate, so the
 * upper point bounds it; P(negative) falls, so the lower one does). Probability still undecided when the
 * computation stops is counted as an error both ways.
 */
export class SprtOperatingCharacteristic implements OperatingCharacteristic {
  private readonly grid = new Map<number, { pos: number; neg: number }>();
  private static readonly STEP = Math.log(1.005);
  constructor(
    private readonly hypotheses: SprtHypotheses,
    private readonly boundaries: SprtBoundaries,
    private readonly frameSeconds: number,
  ) {}

  exactAt(rateCps: number): { positive: number; negative: number } {
    const r = this.evaluate(rateCps);
    return { positive: r.pos, negative: r.neg };
  }

  private evaluate(rate: number): { pos: number; neg: number } {
    const r = exactSprtCharacteristics({
      hypotheses: this.hypotheses,
      boundaries: this.boundaries,
      frameSeconds: this.frameSeconds,
      trueRateCps: rate,
      maxFrames: 20_000,
      tolerance: 1e-9,
    });
    return { pos: r.pPositive + r.pUndecided, neg: r.pNegative + r.pUndecided };
  }

  private point(j: number): { pos: number; neg: number } {
    const hit = this.grid.get(j);
    if (hit) return hit;
    const value = this.evaluate(this.hypotheses.rate0Cps * Math.exp(j * SprtOperatingCharacteristic.STEP));
    this.grid.set(j, value);
    return value;
  }

  private index(rateCps: number): number {
    const x = Math.log(rateCps / this.hypotheses.rate0Cps) / SprtOperatingCharacteristic.STEP;
    return Math.max(-1600, Math.min(1600, x));
  }

  positiveAt(rateCps: number): number {
    if (!(rateCps > 0)) return 0;
    return this.point(Math.ceil(this.index(rateCps) - 1e-9)).pos;
  }

  negativeAt(rateCps: number): number {
    if (!(rateCps > 0)) return 1;
    return this.point(Math.floor(this.index(rateCps) + 1e-9)).neg;
  }
}

/** A fixed-time rule: positive iff counts ≥ criticalCounts after `seconds` (exact Poisson tails). */
export function fixedTimeCharacteristic(
  criticalCounts: number,
  seconds: number,
  poissonAtLeast: (k: number, mean: number) => number,
): OperatingCharacteristic {
  return {
    positiveAt: (rate) => poissonAtLeast(criticalCounts, rate * seconds),
    negativeAt: (rate) => 1 - poissonAtLeast(criticalCounts, rate * seconds),
  };
}

/** Memo of SPRT operating characteristics keyed by hypotheses, boundaries and frame length. */
const sprtCurves = new Map<string, SprtOperatingCharacteristic>();
export function sprtCharacteristic(
  hypotheses: SprtHypotheses,
  boundaries: SprtBoundaries,
  frameSeconds: number,
): SprtOperatingCharacteristic {
  const key = [
    hypotheses.rate0Cps,
    hypotheses.rate1Cps,
    hypotheses.alpha,
    hypotheses.beta,
    boundaries.upper,
    boundaries.lower,
    frameSeconds,
  ]
    .map((v) => v.toPrecision(9))
    .join('|');
  let curve = sprtCurves.get(key);
  if (!curve) {
    if (sprtCurves.size >= 512) {
      const oldest = sprtCurves.keys().next().value;
      if (oldest !== undefined) sprtCurves.delete(oldest);
    }
    curve = new SprtOperatingCharacteristic(hypotheses, boundaries, frameSeconds);
    sprtCurves.set(key, curve);
  }
  return curve;
}
