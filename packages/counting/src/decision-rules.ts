// Decision rules: from the counts at one site (since the probe was put there) and the background model
// to `positive | negative | undecided` with the evidence in words. Fixed-time rules (ratio, k-sigma,
// Currie, matched fixed-time) decide once, when their counting time is reached, as they are used in the
// clinic; sequential rules (Wald's SPRT, adaptive) decide as soon as the evidence suffices.

import { gammaP } from '@openrgs/numeric';
import { adaptiveThreshold, type BackgroundModel } from './background-model.js';
import { type BlankKind, currieCountSeconds, currieLimits } from './currie.js';
import { applyDeadTime, correctDeadTime, type DeadTime } from './dead-time.js';
import { DECISION_SETTINGS } from './decision-settings.js';
import { describeDecision } from './evidence.js';
import { matchedFixedTimeTest } from './fixed-time-test.js';
import { DEFAULT_MAX_RATE_CPS } from './frame-check.js';
import { SequentialTest, type SprtHypotheses } from './sprt.js';
import type { CalibratedSprt, SprtCalibrationCache } from './sprt-calibration.js';
import {
  fixedTimeCharacteristic,
  type OperatingCharacteristic,
  ratePredictives,
  sprtCharacteristic,
  type VerdictConfidence,
  verdictConfidence,
} from './verdict-confidence.js';

export type RuleName = 'sprt' | 'adaptive' | 'ratio' | 'k-sigma' | 'currie' | 'fixed';
export const RULE_NAMES: readonly RuleName[] = ['sprt', 'adaptive', 'ratio', 'k-sigma', 'currie', 'fixed'];
export type Verdict = 'positive' | 'negative' | 'undecided';

export interface DecisionConfig {
  rule: RuleName;
  /** Tumour-to-background ratio to detect (ratio rule: the cut-off), > 1. */
  ratio: number;
  /** Accepted probability of calling normal tissue positive, 0 < alpha < 0.5. */
  alpha: number;
  /** Accepted probability of calling a tumour at `ratio` negative, 0 < beta < 0.5. */
  beta: number;
  /** k of the k-sigma rule (published convention: 3). Required for rule 'k-sigma'. */
  kSigma?: number;
  /** Counting time of the ratio and k-sigma rules, seconds. Required for those rules. */
  countSeconds?: number;
  /** Currie blank: 'paired' (background counted as long as the target; default) or 'well-known'. */
  currieBlank?: BlankKind;
  /**
   * Adaptive rule: share of alpha spent on the prediction bound of normal tissue (the rest on the
   * sequential test against it). Default DEFAULT_ADAPTIVE_THRESHOLD_SHARE (0.85).
   */
  adaptiveThresholdShare?: number;
}

export interface Decision {
  rule: RuleName;
  verdict: Verdict;
  /** The evidence in words a clinician reads. */
  evidence: string;
  /**
   * Probability that this verdict is right under the whole background model (counting noise, between-site
   * spread, few sites): 1 - P(normal tissue called positive) for a positive, 1 - P(a lesion at `ratio`
   * called negative) for a negative (verdict-confidence.ts); null while undecided.
   */
  confidence: number | null;
  /** Counting seconds at this site when the verdict was reached; null while undecided. */
  decisionSeconds: number | null;
  /** While undecided: expected further seconds of holding still; null otherwise. */
  holdStillSeconds: number | null;
  /** The numbers behind the verdict (rates in cps, counts, seconds), for records and screens. */
  numbers: Record<string, number | null>;
}

export interface RuleContext {
  background: BackgroundModel;
  /** Typical frame length, seconds (the sequential tests are calibrated for it). */
  frameSeconds: number;
  deadTime: DeadTime | null;
  calibrations: SprtCalibrationCache;
  /** Relative step of the log grid the sequential tests' rates snap to (default 0.01 = 1 %). */
  hypothesisGrid?: number;
  /**
   * Highest rate a frame may show, cps (frames above are refused; default DEFAULT_MAX_RATE_CPS). A normal-tissue
   * bound above it means no count the probe can give would be told from normal tissue.
   */
  maxRateCps?: number;
}

export const DEFAULT_HYPOTHESIS_GRID = 0.01;

/** Nearest point of the grid (1 + step)^k. */
export function snapToGrid(value: number, step: number): number {
  const lg = Math.log1p(step);
  return Math.exp(Math.round(Math.log(value) / lg) * lg);
}

/** A rule running at one site: push the site's frames, read the decision. */
export interface RuleRunner {
  push(counts: number, seconds: number): void;
  /** The verdict alone (cheap: no evidence text). */
  verdict(): Verdict;
  decision(): Decision;
  /** Counting time a fixed-time rule decides at, seconds; null for sequential rules. */
  readonly plannedSeconds: number | null;
}

export function validateDecisionConfig(config: DecisionConfig): string | null {
  if (!RULE_NAMES.includes(config.rule))
    return `unknown rule '${config.rule}' (one of ${RULE_NAMES.join(', ')})`;
  if (!(config.ratio > 1) || !Number.isFinite(config.ratio)) return `ratio must be > 1, got ${config.ratio}`;
  if (!(config.alpha > 0 && config.alpha < 0.5)) return `alpha must be in (0, 0.5), got ${config.alpha}`;
  if (!(config.beta > 0 && config.beta < 0.5)) return `beta must be in (0, 0.5), got ${config.beta}`;
  if (config.rule === 'k-sigma' && !(config.kSigma !== undefined && config.kSigma > 0)) {
    return `rule k-sigma needs kSigma > 0, got ${config.kSigma}`;
  }
  if (
    (config.rule === 'ratio' || config.rule === 'k-sigma') &&
    !(config.countSeconds !== undefined && config.countSeconds > 0)
  ) {
    return `rule ${config.rule} needs a counting time countSeconds > 0, got ${config.countSeconds}`;
  }
  const share = config.adaptiveThresholdShare;
  if (share !== undefined && !(share > 0 && share < 1))
    return `adaptiveThresholdShare must be in (0, 1), got ${share}`;
  return null;
}

/**
 * The rate this probe would show on a tumour at `ratio` times the background. The background model holds
 * rates as the probe measured them (dead time included); the ratio is between true rates, so the mean
 * is corrected, multiplied and mapped back through the dead-time model (Knoll §4.VII).
 */
function observedTumourRate(meanObservedCps: number, ratio: number, deadTime: DeadTime | null): number {
  if (deadTime === null) return ratio * meanObservedCps;
  const trueMean = correctDeadTime(meanObservedCps, deadTime);
  if (!trueMean.ok) return ratio * meanObservedCps;
  return applyDeadTime(ratio * trueMean.value, deadTime);
}

export function createRule(config: DecisionConfig, context: RuleContext): RuleRunner {
  const problem = validateDecisionConfig(config);
  if (problem !== null) throw new RangeError(problem);
  switch (config.rule) {
    case 'sprt':
    case 'adaptive': {
      const beyond = beyondReach(config, context);
      return beyond === null ? sequentialRule(config, context) : undecidableRule(config, beyond);
    }
    case 'ratio':
    case 'k-sigma':
    case 'currie':
    case 'fixed':
      return fixedTimeRule(config, context);
  }
}

/**
 * Why the adaptive rule cannot decide on this background at all, or null when it can. With two sites that
 * disagree the prediction bound for normal tissue is very wide (t with 1 degree of freedom: the bound's
 * quantile is 37 at 0.85 % one-sided); it can lie above any rate a frame may show. Then no count at a site
 * can be told from normal tissue: a negative would be vacuous and a positive impossible, and calibrating the
 * sequential test at such rates costs seconds to minutes of computation for nothing. The verdict stays
 * undecided and says what helps: more background sites.
 */
export function beyondReach(
  config: DecisionConfig,
  context: RuleContext,
): { thresholdCps: number; reason: string } | null {
  if (config.rule !== 'adaptive') return null;
  const share = config.adaptiveThresholdShare ?? DEFAULT_ADAPTIVE_THRESHOLD_SHARE;
  const threshold = adaptiveThreshold(context.background, config.alpha * share);
  const limit = context.maxRateCps ?? DEFAULT_MAX_RATE_CPS;
  if (Number.isFinite(threshold.thresholdCps) && threshold.thresholdCps < limit) return null;
  const bg = context.background;
  const reach = Number.isFinite(threshold.thresholdRatio) ? threshold.thresholdRatio.toPrecision(2) : '∞';
  return {
    thresholdCps: threshold.thresholdCps,
    reason: `the ${bg.sites} background site${bg.sites === 1 ? '' : 's'} disagree too much to judge a site: normal tissue could reach T/B ${reach} (above the ${limit.toExponential(0)} cps a frame may show). Measure more background sites`,
  };
}

function undecidableRule(
  config: DecisionConfig,
  beyond: { thresholdCps: number; reason: string },
): RuleRunner {
  let counts = 0;
  let seconds = 0;
  return {
    push: (c, s) => {
      counts += c;
      seconds += s;
    },
    verdict: () => 'undecided',
    plannedSeconds: null,
    decision: () => ({
      rule: config.rule,
      verdict: 'undecided',
      evidence: `Undecided: ${beyond.reason}.`,
      confidence: null,
      decisionSeconds: null,
      holdStillSeconds: null,
      numbers: {
        counts,
        seconds,
        thresholdCps: Number.isFinite(beyond.thresholdCps) ? beyond.thresholdCps : null,
      },
    }),
  };
}

/**
 * What the sequential rules test (H0, H1, the alpha the test spends), from the background model alone:
 * no calibration, so callers that sweep many backgrounds (planning) can use Wald's boundaries with the
 * very hypotheses the live engine would test.
 */
export function sequentialHypotheses(
  config: DecisionConfig,
  context: Pick<RuleContext, 'background' | 'deadTime' | 'hypothesisGrid'>,
): { hypotheses: SprtHypotheses; thresholdCps: number | null; note: string | null } {
  const mean = context.background.meanCps;
  let rate0 = mean;
  let rate1 = observedTumourRate(mean, config.ratio, context.deadTime);
  let alpha = config.alpha;
  let thresholdCps: number | null = null;
  let note: string | null = null;
  if (config.rule === 'adaptive') {
    const share = config.adaptiveThresholdShare ?? DEFAULT_ADAPTIVE_THRESHOLD_SHARE;
    const threshold = adaptiveThreshold(context.background, config.alpha * share);
    thresholdCps = threshold.thresholdCps;
    alpha = config.alpha * (1 - share);
    rate0 = Math.max(threshold.thresholdCps, mean);
    if (rate1 < rate0 * MIN_SEPARATION) {
      rate1 = rate0 * MIN_SEPARATION;
      note = `normal tissue here reaches T/B ${(rate0 / mean).toFixed(2)}, so T/B ${config.ratio} cannot be told from it; testing against T/B ${(rate1 / mean).toFixed(2)}`;
    }
  }
  // Rates snap to a fine log grid so that calibrations (exact, but up to ~0.2 s each) are shared between
  // sites, patients and stations; the test is then exact for hypotheses within the grid step of the asked.
  const grid = context.hypothesisGrid ?? DEFAULT_HYPOTHESIS_GRID;
  const observed0 = snapToGrid(rate0, grid);
  const observedRatio = Math.max(1 + grid, snapToGrid(rate1 / rate0, grid));
  return {
    hypotheses: { rate0Cps: observed0, rate1Cps: observed0 * observedRatio, alpha, beta: config.beta },
    thresholdCps,
    note,
  };
}

/** What the sequential rules test, and how the boundaries were calibrated. */
export function sequentialPlan(
  config: DecisionConfig,
  context: RuleContext,
): {
  hypotheses: SprtHypotheses;
  calibration: CalibratedSprt;
  thresholdCps: number | null;
  note: string | null;
} {
  const { hypotheses, thresholdCps, note } = sequentialHypotheses(config, context);
  return {
    hypotheses,
    calibration: context.calibrations.get(hypotheses, context.frameSeconds),
    thresholdCps,
    note,
  };
}

/**
 * Default share of alpha for the adaptive rule's normal-tissue bound. Chosen with `rgs bench counting`
 * (seed 5, 200 patients per row): with 0.85 false positives among varying normal sites stayed <= 2 % at
 * every background, T/B and CV, as with an even split, while misses fell (e.g. CV 30 %, T/B 3, 50 cps:
 * 51 % → 28 %). Normal sites below the bound are rarely called positive by the sequential test at any
 * alpha, so most of alpha is better spent on not setting the bound too high.
 */
export const DEFAULT_ADAPTIVE_THRESHOLD_SHARE = DECISION_SETTINGS.adaptiveThresholdShare;

/** Smallest H1/H0 rate ratio the adaptive rule will test (below it a test takes minutes). */
const MIN_SEPARATION = 1.2;

function sequentialRule(config: DecisionConfig, context: RuleContext): RuleRunner {
  const plan = sequentialPlan(config, context);
  const test = new SequentialTest(plan.hypotheses, plan.calibration.boundaries);
  let honest: VerdictConfidence | null = null;
  const confidenceOf = (): VerdictConfidence => {
    honest ??= verdictConfidence(
      ratePredictives(context.background),
      sprtCharacteristic(plan.hypotheses, plan.calibration.boundaries, context.frameSeconds),
      (mean) => observedTumourRate(mean, config.ratio, context.deadTime),
    );
    return honest;
  };
  return {
    push: (counts, seconds) => test.push(counts, seconds),
    verdict: () => test.verdict,
    plannedSeconds: null,
    decision: () => {
      const verdict = test.verdict;
      const decisionSeconds = test.decisionSeconds;
      return describeDecision({
        config,
        background: context.background,
        verdict,
        counts: test.totalCounts,
        seconds: test.totalSeconds,
        decisionSeconds,
        holdStillSeconds: verdict === 'undecided' ? test.expectedSecondsToDecide() : null,
        confidence:
          verdict === 'positive'
            ? confidenceOf().positive
            : verdict === 'negative'
              ? confidenceOf().negative
              : null,
        numbers: {
          logLikelihoodRatio: test.llr,
          upperBoundary: plan.calibration.boundaries.upper,
          lowerBoundary: plan.calibration.boundaries.lower,
          rate0Cps: plan.hypotheses.rate0Cps,
          rate1Cps: plan.hypotheses.rate1Cps,
          thresholdCps: plan.thresholdCps,
          achievedAlpha: plan.calibration.achievedAlpha,
          achievedBeta: plan.calibration.achievedBeta,
        },
        note: plan.note,
      });
    },
  };
}

function fixedTimeRule(config: DecisionConfig, context: RuleContext): RuleRunner {
  const bg = context.background;
  const mean = bg.meanCps;
  let countSeconds: number;
  let decide: (
    counts: number,
    seconds: number,
  ) => { verdict: 'positive' | 'negative'; numbers: Record<string, number> };
  let note: string | null = null;
  if (config.rule === 'ratio') {
    countSeconds = config.countSeconds!;
    // T/B between true rates: with dead time both rates are corrected first.
    const trueRate = (r: number) => {
      if (context.deadTime === null) return r;
      const c = correctDeadTime(r, context.deadTime);
      return c.ok ? c.value : Number.POSITIVE_INFINITY;
    };
    decide = (counts, seconds) => {
      const ratio = trueRate(counts / seconds) / trueRate(mean);
      return {
        verdict: ratio >= config.ratio ? 'positive' : 'negative',
        numbers: { ratioCutoff: config.ratio },
      };
    };
  } else if (config.rule === 'k-sigma') {
    countSeconds = config.countSeconds!;
    const k = config.kSigma!;
    decide = (counts, seconds) => {
      // Variance of a normal site's counts: Poisson + between-site spread + uncertainty of the mean.
      const expected = mean * seconds;
      const meanVariance = Number.isFinite(bg.equivalentCounts) ? (mean * mean) / bg.equivalentCounts : 0;
      const sd = Math.sqrt(expected + seconds * seconds * (bg.sdCps * bg.sdCps + meanVariance));
      const limit = expected + k * sd;
      return {
        verdict: counts > limit ? 'positive' : 'negative',
        numbers: { kSigma: k, limitCounts: limit, sdCounts: sd },
      };
    };
  } else if (config.rule === 'currie') {
    const blank = config.currieBlank ?? 'paired';
    const rate0 = mean;
    const rate1 = observedTumourRate(mean, config.ratio, context.deadTime);
    const t = currieCountSeconds({
      backgroundCps: rate0,
      ratio: rate1 / rate0,
      alpha: config.alpha,
      beta: config.beta,
      blank,
    });
    countSeconds = t;
    decide = (counts, seconds) => {
      const b = rate0 * seconds;
      const limits = currieLimits({ backgroundCounts: b, alpha: config.alpha, beta: config.beta, blank });
      const net = counts - b;
      return {
        verdict: net > limits.criticalCounts ? 'positive' : 'negative',
        numbers: {
          netCounts: net,
          criticalCounts: limits.criticalCounts,
          detectionLimitCounts: limits.detectionLimitCounts,
        },
      };
    };
    note = `Currie ${blank} blank`;
  } else {
    const rate0 = mean;
    const rate1 = observedTumourRate(mean, config.ratio, context.deadTime);
    const test = matchedFixedTimeTest({
      rate0Cps: rate0,
      rate1Cps: rate1,
      alpha: config.alpha,
      beta: config.beta,
      frameSeconds: context.frameSeconds,
    });
    countSeconds = test.countSeconds;
    decide = (counts, seconds) => {
      // Frames may not add up to exactly the planned time: rescale the critical count's expectation.
      const critical = test.criticalCounts * (seconds / test.countSeconds);
      return { verdict: counts >= critical ? 'positive' : 'negative', numbers: { criticalCounts: critical } };
    };
  }
  let honest: VerdictConfidence | null = null;
  const confidenceOf = (): VerdictConfidence => {
    honest ??= verdictConfidence(ratePredictives(bg), fixedRuleCharacteristic(decide, countSeconds), (m) =>
      observedTumourRate(m, config.ratio, context.deadTime),
    );
    return honest;
  };
  let counts = 0;
  let seconds = 0;
  let result: {
    verdict: 'positive' | 'negative';
    numbers: Record<string, number>;
    at: number;
    counts: number;
  } | null = null;
  // Frames ending within 1e-9 relative of the counting time count as reaching it.
  const reached = () => seconds >= countSeconds * (1 - 1e-9);
  return {
    plannedSeconds: countSeconds,
    verdict: () => result?.verdict ?? 'undecided',
    push: (c, s) => {
      counts += c;
      seconds += s;
      if (result === null && reached()) result = { ...decide(counts, seconds), at: seconds, counts };
    },
    decision: () => {
      const verdict: Verdict = result?.verdict ?? 'undecided';
      // A fixed-time verdict rests on the counts of its counting time: show those, not later ones.
      return describeDecision({
        config,
        background: bg,
        verdict,
        counts: result?.counts ?? counts,
        seconds: result?.at ?? seconds,
        decisionSeconds: result?.at ?? null,
        holdStillSeconds: result === null ? Math.max(0, countSeconds - seconds) : null,
        confidence:
          verdict === 'positive'
            ? confidenceOf().positive
            : verdict === 'negative'
              ? confidenceOf().negative
              : null,
        numbers: { countSeconds, ...(result?.numbers ?? {}) },
        note,
      });
    },
  };
}

/**
 * The operating characteristic of a fixed-time rule: its critical count at the counting time (the
 * smallest count it calls positive; every fixed-time rule here is monotone in the count), then exact
 * Poisson tails P(X ≥ c) = P(c, λt) (regularized lower incomplete gamma).
 */
function fixedRuleCharacteristic(
  decide: (counts: number, seconds: number) => { verdict: 'positive' | 'negative' },
  seconds: number,
): OperatingCharacteristic {
  let hi = 1;
  while (decide(hi, seconds).verdict !== 'positive' && hi < 1e15) hi *= 2;
  let lo = 0;
  if (decide(0, seconds).verdict === 'positive') hi = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (decide(mid, seconds).verdict === 'positive') hi = mid;
    else lo = mid;
  }
  return fixedTimeCharacteristic(hi, seconds, (k, mean) => (k <= 0 ? 1 : mean <= 0 ? 0 : gammaP(k, mean)));
}
