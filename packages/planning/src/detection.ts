// How likely the counting engine is to call a lesion positive, and how long it takes, from the expected
// lesion and background count rates. The statistics are the live engine's own (@openrgs/counting): its
// default rule is Wald's SPRT of H0 "rate = background" against H1 "rate = ratio × background", on frames
// of `frameSeconds`, with boundaries calibrated for the frame overshoot (calibrateSprt), and exact
// decision probabilities by dynamic programming over the count lattice (exactSprtCharacteristics).
//
// detectionProbability5s = P(the SPRT has said "positive" within 5 s over the lesion) — exact.
// expectedSecondsToVerdict = exact expected time to either verdict over the lesion.
// Bulk evaluations (detectability map, reasons) use Wald's boundaries instead of calibrated ones: the same
// exact computation, slightly conservative (Wald's boundaries overshoot, so they decide a little later).
import {
  calibrateSprt,
  DECISION_SETTINGS,
  exactSprtCharacteristics,
  SprtCalibrationCache,
  type SprtHypotheses,
  waldBoundaries,
} from '@openrgs/counting';

export interface DecisionRule {
  /** Probability of calling normal tissue positive (type I error). */
  alpha: number;
  /** Probability of calling a lesion at `minimumRatio` negative (type II error). */
  beta: number;
  /** Count ratio (lesion ÷ background) of the alternative hypothesis H1. */
  minimumRatio: number;
  /** Length of one count frame from the probe (s); the SPRT decides at frame ends. */
  frameSeconds: number;
}

/**
 * The operating room's settings (counting DECISION_SETTINGS, the same the server's live stations use):
 * ratio 1.5, the threshold quoted for SSTR/FDG radioguided surgery (research notes §5.2: Gulec 2007;
 * BMC Cancer 2014;14:667), alpha 5 %, beta 5 % (decision-settings.ts says why); frames of 0.1 s: [ESTIMATED] typical probe output interval.
 */
export const DEFAULT_DECISION_RULE: DecisionRule = {
  alpha: DECISION_SETTINGS.alpha,
  beta: DECISION_SETTINGS.beta,
  minimumRatio: DECISION_SETTINGS.ratio,
  frameSeconds: DECISION_SETTINGS.frameSeconds,
};

export interface DetectionStatistics {
  /** Probability of a positive verdict within `countSeconds` over the lesion. */
  detectionProbability: number;
  /** Probability of a negative verdict within `countSeconds` (a miss unless the verdict is revisited). */
  negativeProbability: number;
  /** Expected time to a verdict, positive or negative (s). */
  expectedSecondsToVerdict: number;
  /** Probability that the verdict, whenever reached, is positive. */
  positiveVerdictProbability: number;
  /** The SPRT boundaries used (ln A, ln B) and whether they were calibrated for the frame overshoot. */
  boundaries: { upper: number; lower: number; calibrated: boolean };
}

const calibrations = new SprtCalibrationCache(256);

export function detectionStatistics(input: {
  lesionCps: number;
  backgroundCps: number;
  countSeconds: number;
  rule: DecisionRule;
  /** Calibrate the boundaries for the frame overshoot (as the live engine does); slower. */
  calibrated: boolean;
}): DetectionStatistics {
  const { lesionCps, backgroundCps, countSeconds, rule } = input;
  if (!(backgroundCps > 0) || !Number.isFinite(backgroundCps))
    throw new RangeError(`detectionStatistics: background ${backgroundCps} cps must be finite and > 0`);
  if (!(lesionCps >= 0) || !Number.isFinite(lesionCps))
    throw new RangeError(`detectionStatistics: lesion rate ${lesionCps} cps must be finite and >= 0`);
  const hypotheses: SprtHypotheses = {
    rate0Cps: backgroundCps,
    rate1Cps: rule.minimumRatio * backgroundCps,
    alpha: rule.alpha,
    beta: rule.beta,
  };
  const boundaries = input.calibrated
    ? calibrations.get(hypotheses, rule.frameSeconds).boundaries
    : waldBoundaries(rule.alpha, rule.beta);
  const within = exactSprtCharacteristics({
    hypotheses,
    boundaries,
    frameSeconds: rule.frameSeconds,
    trueRateCps: lesionCps,
    maxFrames: Math.max(1, Math.round(countSeconds / rule.frameSeconds)),
  });
  const overall = exactSprtCharacteristics({
    hypotheses,
    boundaries,
    frameSeconds: rule.frameSeconds,
    trueRateCps: lesionCps,
    maxFrames: 20_000,
  });
  const decided = overall.pPositive + overall.pNegative;
  return {
    detectionProbability: within.pPositive,
    negativeProbability: within.pNegative,
    expectedSecondsToVerdict: overall.expectedFrames * rule.frameSeconds,
    positiveVerdictProbability: decided > 0 ? overall.pPositive / decided : 0,
    boundaries: { ...boundaries, calibrated: input.calibrated },
  };
}

/** For tests and docs: the calibration the live engine would use for these rates. */
export function engineCalibration(backgroundCps: number, rule: DecisionRule) {
  return calibrateSprt(
    {
      rate0Cps: backgroundCps,
      rate1Cps: rule.minimumRatio * backgroundCps,
      alpha: rule.alpha,
      beta: rule.beta,
    },
    rule.frameSeconds,
  );
}

/**
 * Currie 95 %/95 % paired counting time, closed form of research notes §5.3 ([DERIVED]):
 * t ≈ [1.645(√2 + √(R+1))]² / ((R − 1)² · b), R = lesion ÷ background, b in cps. The figure of merit of
 * the injection window (window.ts): evaluated thousands of times, so the closed form rather than
 * counting's exact bisection (currieCountSeconds), with which it agrees within a few per cent
 * (detection.test.ts).
 */
export function curriePairedSeconds(ratio: number, backgroundCps: number): number {
  if (!(ratio > 1)) return Number.POSITIVE_INFINITY;
  const k = 1.645 * (Math.SQRT2 + Math.sqrt(ratio + 1));
  return (k * k) / ((ratio - 1) ** 2 * backgroundCps);
}
