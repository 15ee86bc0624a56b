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
// the Student-t predictive of normal theory (Hahn & Meeker, Statistical Intervals 1991 §4.6; Aitchison &
// Dunsmore, Statistical Prediction Analysis 1975 ch. 2) on ln(rate), with s̃ on ν degrees of freedom shrunk
// towards the learnt prior when there is one (spread-prior.ts). With one site and no prior the spread is
// unknown: the plausible CV 50 % (site-outliers.ts) is assumed, so the statement stays honest up to that
// spread. A known rate is taken as the user states it (no spread). Averaging uses
// bins of at most 0.5 % in rate with exact t probabilities, each read at its worse edge (an upper bound on the error).
import type { BackgroundModel } from './background-model.js';
import { tCdf } from './background-model.js';
import { PLAUSIBLE_LOG_SD } from './site-outliers.js';
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
  if (model.logRateMean === null || model.logRateSd === null) {
    // One site, no prior: ln λ_new - y₁ = (new site's deviation) - (site 1's deviation) - (its counting noise).
    const counting = 1 / ((model.singleSiteCounts ?? 0) + 0.5);
    const s2 = PLAUSIBLE_LOG_SD ** 2;
    return {
      newSiteLogLocation: model.singleSiteLogRate ?? lnMean,
      newSiteLogScale: Math.sqrt(2 * s2 + counting),
      meanLogLocation: lnMean,
      meanLogScale: Math.sqrt(s2 + counting),
      degreesOfFreedom: Number.POSITIVE_INFINITY,
      spreadAssumed: true,
    };
  }
  const k = model.sites;
  return {
    newSiteLogLocation: model.logRateMean,
    newSiteLogScale: model.logRateSd * Math.sqrt(1 + 1 / k),
    meanLogLocation: lnMean,
    meanLogScale: model.logRateSd / Math.sqrt(k),
    degreesOfFreedom: model.logRateDegreesOfFreedom ?? k - 1,
    spreadAssumed: false,
  };
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

export function verdictConfidence(
  predictive: RatePredictive,
  oc: OperatingCharacteristic,
  /** The observed rate of a lesion at the asked T/B for a given true mean (dead time included). */
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
