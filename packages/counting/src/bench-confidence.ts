// Part C of `rgs bench counting` (issue 12): is the stated confidence honest, and what does the learnt
// spread (empirical Bayes) buy? Monte Carlo over patients whose normal tissue varies between sites (gamma
// site means with CV 0–50 %) measured at 1–8 background sites, with the adaptive rule of the live engine.
//
// What a stated confidence means (verdict-confidence.ts): a positive at c % says normal tissue at a new site
// of this patient is called positive with probability at most 100 − c %; a negative at c % says a lesion at
// the asked T/B (× this patient's mean) is called negative with probability at most 100 − c %. So the
// measured error rate among patients whose model states c % is: the share of their normal sites called
// positive (for positives) and the share of their lesions at the asked T/B called negative (for
// negatives). Patients are grouped by the stated confidence (floor of its bin) and each group's measured
// error, with its exact 95 % Clopper–Pearson interval, is set against the mean stated error of the group
// (each verdict claims P(error) ≤ 100 − c, so the group's error rate is at most their mean).
//
// Empirical-Bayes figure: CV 30 %, 3 sites, a site at 2× the mean background — sensitivity with the spread
// prior learnt from past cases (spread-prior.ts, Smyth 2004) against without, false positives alongside.

import {
  betaIncompleteInverse,
  createRandom,
  type RandomSource,
  sampleGammaRate,
  samplePoisson,
} from '@openrgs/numeric';
import { type BackgroundModel, buildBackgroundModel } from './background-model.js';
import {
  beyondReach,
  createRule,
  type DecisionConfig,
  type RuleContext,
  sequentialPlan,
} from './decision-rules.js';
import { liveDecisionConfig } from './decision-settings.js';
import { estimateSpreadPrior, type SpreadPrior } from './spread-prior.js';
import { SprtCalibrationCache } from './sprt-calibration.js';
import { ratePredictives, sprtCharacteristic, verdictConfidence } from './verdict-confidence.js';

export interface ConfidenceBenchOptions {
  seed: number;
  /** Simulated patients per scenario (CV × sites). */
  patients: number;
  cvs: number[];
  sites: number[];
  backgroundCps: number;
  siteSeconds: number;
  frameSeconds: number;
  /** The rule (the live engine's by default: decision-settings.ts liveDecisionConfig). */
  decision: DecisionConfig;
  /** A sequential test still undecided after this many seconds is left undecided. */
  maxSeconds: number;
  /**
   * Normal sites and lesions simulated per patient (default 1). Trials of one patient share its error
   * probability, so the errors are a sum of independent Bernoulli trials with unequal probabilities, for
   * which the Clopper–Pearson interval stays valid (Hoeffding 1956, "On the distribution of the number of
   * successes in independent trials", Ann Math Stat 27:713) — but only as a statement about the patients
   * drawn: the between-patient variation of the error is not in the interval. With more than one site per
   * patient a bin holding few patients can fail by the luck of which patients fell in it; the population
   * claim is judged with one site per patient (the default).
   */
  sitesPerPatient: number;
  /** Empirical-Bayes figure: past cases and their sites, patients, and the rule (T/B 2, α 5 %). */
  eb: {
    pastCases: number;
    pastSites: number;
    patients: number;
    cv: number;
    sites: number;
    decision: DecisionConfig;
  };
}

export const DEFAULT_CONFIDENCE_BENCH: ConfidenceBenchOptions = {
  seed: 12,
  patients: 20,
  cvs: [0, 0.1, 0.3, 0.5],
  sites: [1, 2, 3, 5, 8],
  backgroundCps: 50,
  siteSeconds: 5,
  frameSeconds: 0.1,
  decision: liveDecisionConfig(),
  maxSeconds: 30,
  sitesPerPatient: 1,
  eb: {
    pastCases: 40,
    pastSites: 4,
    patients: 60,
    cv: 0.3,
    sites: 3,
    decision: { rule: 'adaptive', ratio: 2, alpha: 0.05, beta: 0.05 },
  },
};

export interface ConfidenceBin {
  /** Verdict kind and the stated confidence's bin: [statedPercent, next bin's edge). */
  verdict: 'positive' | 'negative';
  statedPercent: number;
  /** Patients whose model stated a confidence in this bin, and errors among their sites. */
  trials: number;
  errors: number;
  /** Measured error rate, percent, with its exact 95 % interval (Clopper–Pearson). */
  errorPercent: number;
  errorLowPercent: number;
  errorHighPercent: number;
  /**
   * The bound the statements in this bin make together: the mean of their stated errors 100 − c (each
   * verdict claims P(error) ≤ 100 − c, so the bin's error rate is at most their mean).
   */
  allowedErrorPercent: number;
  /** Pass: the measured error's 95 % interval reaches down to the bound (not significantly above it). */
  honest: boolean;
}

/** Stated vs measured error over all patients of a scenario, for one kind of verdict. */
export interface ConfidenceCell {
  /** Mean stated error (100 − confidence), percent. */
  statedErrorPercent: number;
  /** Measured error rate, percent, with its exact 95 % interval (Clopper–Pearson). */
  measuredErrorPercent: number;
  measuredLowPercent: number;
  measuredHighPercent: number;
  trials: number;
  errors: number;
  /** Pass: measuredLowPercent ≤ statedErrorPercent. */
  pass: boolean;
}

export interface ConfidenceScenario {
  cv: number;
  sites: number;
  patients: number;
  /** Patients whose background could not be tested (sites that disagree too much for so few). */
  untestable: number;
  positive: ConfidenceCell;
  negative: ConfidenceCell;
  bins: ConfidenceBin[];
  /** Both cells and every bin pass. */
  honest: boolean;
}

export interface EmpiricalBayesFigure {
  cv: number;
  sites: number;
  lesionRatio: number;
  alphaPercent: number;
  prior: { cases: number; logSd: number; degreesOfFreedom: number } | null;
  withoutPrior: { sensitivityPercent: number; falsePositivePercent: number };
  withPrior: { sensitivityPercent: number; falsePositivePercent: number };
  /** Sensitivity with the prior over without. */
  gain: number;
  patients: number;
}

export interface ConfidenceBenchResult {
  options: ConfidenceBenchOptions;
  scenarios: ConfidenceScenario[];
  empiricalBayes: EmpiricalBayesFigure;
}

/** Bin edges of stated confidence, percent (a verdict stated at 99.3 % falls in the 99 % bin). */
const BIN_EDGES = [99, 95, 90, 80, 50, 0];

function sitesOf(random: RandomSource, meanCps: number, cv: number, k: number, seconds: number) {
  return Array.from({ length: k }, () => ({
    counts: samplePoisson(random, sampleGammaRate(random, meanCps, cv) * seconds),
    durationSeconds: seconds,
  }));
}

/** Runs the rule on a site of constant rate until it decides or maxSeconds pass. */
function verdictAt(
  random: RandomSource,
  rateCps: number,
  config: DecisionConfig,
  context: RuleContext,
  o: { frameSeconds: number; maxSeconds: number },
): 'positive' | 'negative' | 'undecided' {
  const runner = createRule(config, context);
  const frames = Math.round(o.maxSeconds / o.frameSeconds);
  for (let n = 0; n < frames; n++) {
    runner.push(samplePoisson(random, rateCps * o.frameSeconds), o.frameSeconds);
    const v = runner.verdict();
    if (v !== 'undecided') return v;
  }
  return 'undecided';
}

/** The confidence this model and rule state for each kind of verdict (independent of the counts). */
function statedConfidence(
  config: DecisionConfig,
  context: RuleContext,
): { positive: number; negative: number } {
  const plan = sequentialPlan(config, context);
  return verdictConfidence(
    ratePredictives(context.background),
    sprtCharacteristic(plan.hypotheses, plan.calibration.boundaries, context.frameSeconds),
    (mean) => config.ratio * mean,
  );
}

function clopperPearson(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const low = x === 0 ? 0 : betaIncompleteInverse(0.025, x, n - x + 1);
  const high = x === n ? 1 : betaIncompleteInverse(0.975, x + 1, n - x);
  return [low, high];
}

function binOf(percent: number): number {
  return BIN_EDGES.find((edge) => percent >= edge) ?? 0;
}

export function runConfidenceBench(
  options: Partial<ConfidenceBenchOptions> = {},
  calibrations = new SprtCalibrationCache(4096),
): ConfidenceBenchResult {
  const o = { ...DEFAULT_CONFIDENCE_BENCH, ...options };
  return {
    options: o,
    scenarios: runConfidenceScenarios(o, calibrations),
    empiricalBayes: empiricalBayesFigure(o, calibrations),
  };
}

/** The stated-vs-measured scenarios alone (no empirical-Bayes figure). */
export function runConfidenceScenarios(
  options: Partial<ConfidenceBenchOptions> = {},
  calibrations = new SprtCalibrationCache(4096),
): ConfidenceScenario[] {
  const o = { ...DEFAULT_CONFIDENCE_BENCH, ...options };
  const random = createRandom(o.seed);
  const scenarios: ConfidenceScenario[] = [];
  for (const cv of o.cvs) {
    for (const k of o.sites) {
      const tallies = new Map<string, { trials: number; errors: number; stated: number }>();
      const sums = {
        positive: { stated: 0, errors: 0, trials: 0 },
        negative: { stated: 0, errors: 0, trials: 0 },
      };
      let untestable = 0;
      for (let p = 0; p < o.patients; p++) {
        const built = buildBackgroundModel({
          kind: 'sites',
          sites: sitesOf(random, o.backgroundCps, cv, k, o.siteSeconds),
        });
        // No counts at all, or a flagged site nobody confirmed: no verdict to judge (counted as untestable).
        if (!built.ok || built.value.blockedReason !== null) {
          untestable += 1;
          continue;
        }
        const context: RuleContext = {
          background: built.value,
          frameSeconds: o.frameSeconds,
          deadTime: null,
          calibrations,
          hypothesisGrid: 0.05,
        };
        if (beyondReach(o.decision, context) !== null) {
          untestable += 1;
          continue;
        }
        const stated = statedConfidence(o.decision, context);
        const record = (kind: 'positive' | 'negative', confidence: number, error: boolean) => {
          const key = `${kind}:${binOf(confidence * 100)}`;
          const t = tallies.get(key) ?? { trials: 0, errors: 0, stated: 0 };
          t.trials += 1;
          t.stated += 1 - confidence;
          if (error) t.errors += 1;
          tallies.set(key, t);
          sums[kind].stated += 1 - confidence;
          sums[kind].trials += 1;
          if (error) sums[kind].errors += 1;
        };
        for (let j = 0; j < o.sitesPerPatient; j++) {
          const normal = verdictAt(
            random,
            sampleGammaRate(random, o.backgroundCps, cv),
            o.decision,
            context,
            o,
          );
          const lesion = verdictAt(random, o.decision.ratio * o.backgroundCps, o.decision, context, o);
          record('positive', stated.positive, normal === 'positive');
          record('negative', stated.negative, lesion === 'negative');
        }
      }
      const bins: ConfidenceBin[] = [];
      for (const verdict of ['positive', 'negative'] as const) {
        for (const edge of BIN_EDGES) {
          const t = tallies.get(`${verdict}:${edge}`);
          if (!t) continue;
          const [low, high] = clopperPearson(t.errors, t.trials);
          const allowed = (100 * t.stated) / t.trials;
          bins.push({
            verdict,
            statedPercent: edge,
            trials: t.trials,
            errors: t.errors,
            errorPercent: (100 * t.errors) / t.trials,
            errorLowPercent: 100 * low,
            errorHighPercent: 100 * high,
            allowedErrorPercent: allowed,
            honest: 100 * low <= allowed,
          });
        }
      }
      const mean = (s: { stated: number; errors: number; trials: number }): ConfidenceCell => {
        const [low, high] = clopperPearson(s.errors, s.trials);
        const stated = s.trials === 0 ? 0 : (100 * s.stated) / s.trials;
        return {
          statedErrorPercent: stated,
          measuredErrorPercent: s.trials === 0 ? 0 : (100 * s.errors) / s.trials,
          measuredLowPercent: 100 * low,
          measuredHighPercent: 100 * high,
          trials: s.trials,
          errors: s.errors,
          pass: 100 * low <= stated,
        };
      };
      const positive = mean(sums.positive);
      const negative = mean(sums.negative);
      scenarios.push({
        cv,
        sites: k,
        patients: o.patients,
        untestable,
        positive,
        negative,
        bins,
        honest: positive.pass && negative.pass && bins.every((b) => b.honest),
      });
    }
  }
  return scenarios;
}

/**
 * CV 30 %, 3 sites, a lesion at 2× the mean background. The prior is learnt from past cases of the same
 * spread (each with its own mean: departments differ in activity and timing, the spread between sites
 * is what carries over). Sensitivity and false positives of the adaptive rule with and without it.
 */
function empiricalBayesFigure(
  o: ConfidenceBenchOptions,
  calibrations: SprtCalibrationCache,
): EmpiricalBayesFigure {
  const random = createRandom(o.seed + 1000);
  const e = o.eb;
  const past = Array.from({ length: e.pastCases }, () =>
    sitesOf(random, o.backgroundCps * (0.5 + random.nextFloat()), e.cv, e.pastSites, o.siteSeconds),
  );
  const learnt = estimateSpreadPrior(past, 'simulated past cases');
  const prior: SpreadPrior | null = learnt.ok ? learnt.value : null;
  const tally = {
    without: { positive: 0, falsePositive: 0 },
    with: { positive: 0, falsePositive: 0 },
  };
  let patients = 0;
  for (let p = 0; p < e.patients; p++) {
    const sites = sitesOf(random, o.backgroundCps, e.cv, e.sites, o.siteSeconds);
    const normalRate = sampleGammaRate(random, o.backgroundCps, e.cv);
    const lesionRate = 2 * o.backgroundCps;
    patients += 1;
    for (const [which, withPrior] of [
      ['without', null],
      ['with', prior],
    ] as const) {
      const built = buildBackgroundModel({ kind: 'sites', sites, prior: withPrior });
      if (!built.ok || built.value.blockedReason !== null) continue; // no verdict: neither found nor false
      const model: BackgroundModel = built.value;
      const context: RuleContext = {
        background: model,
        frameSeconds: o.frameSeconds,
        deadTime: null,
        calibrations,
        hypothesisGrid: 0.05,
      };
      if (verdictAt(random, lesionRate, e.decision, context, o) === 'positive') tally[which].positive += 1;
      if (verdictAt(random, normalRate, e.decision, context, o) === 'positive')
        tally[which].falsePositive += 1;
    }
  }
  const pct = (x: number) => (100 * x) / patients;
  const withoutSens = pct(tally.without.positive);
  const withSens = pct(tally.with.positive);
  return {
    cv: e.cv,
    sites: e.sites,
    lesionRatio: 2,
    alphaPercent: e.decision.alpha * 100,
    prior:
      prior === null
        ? null
        : {
            cases: prior.cases,
            logSd: Math.sqrt(prior.logVariance),
            degreesOfFreedom: prior.degreesOfFreedom,
          },
    withoutPrior: { sensitivityPercent: withoutSens, falsePositivePercent: pct(tally.without.falsePositive) },
    withPrior: { sensitivityPercent: withSens, falsePositivePercent: pct(tally.with.falsePositive) },
    gain: withoutSens > 0 ? withSens / withoutSens : Number.POSITIVE_INFINITY,
    patients,
  };
}
