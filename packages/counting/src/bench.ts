// Monte Carlo benchmark of the decision rules (pure: the random source comes from the seed). Part A:
// known background, the sequential test beside Wald's approximation and the matched fixed-time test.
// Part B: normal tissue varying between sites (gamma, CV 0/15/30 %), background estimated from sites:
// each rule's false-positive rate among normal sites. The CLI (`rgs bench counting`) prints and plots it.

import { createRandom, type RandomSource, sampleGammaRate, samplePoisson } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import { type BackgroundModel, buildBackgroundModel } from './background-model.js';
import { currieCountSeconds } from './currie.js';
import {
  createRule,
  type DecisionConfig,
  type RuleContext,
  type RuleName,
  sequentialPlan,
} from './decision-rules.js';
import { matchedFixedTimeTest } from './fixed-time-test.js';
import { waldAsnSeconds } from './sprt.js';
import { SprtCalibrationCache } from './sprt-calibration.js';

export interface BenchOptions {
  seed: number;
  /** Trials per hypothesis and configuration in part A; patients per configuration in part B. */
  trials: number;
  backgroundsCps: number[];
  ratios: number[];
  cvs: number[];
  frameSeconds: number;
  alpha: number;
  beta: number;
  /** Borrowed ratio cut-off of the ratio rule, and its counting time (seconds). */
  ratioCutoff: number;
  countSeconds: number;
  kSigma: number;
  /** Background sites per patient in part B, and seconds counted at each. */
  sitesPerPatient: number;
  siteSeconds: number;
  /** Sequential tests still undecided after this many seconds count as undecided (not positive). */
  maxSeconds: number;
  /** Share of alpha the adaptive rule spends on the normal-tissue prediction bound (rule default 0.5). */
  adaptiveThresholdShare?: number;
}

export const DEFAULT_BENCH: BenchOptions = {
  seed: 1,
  trials: 2000,
  backgroundsCps: [10, 50, 200],
  ratios: [1.2, 1.5, 2, 3],
  cvs: [0, 0.15, 0.3],
  frameSeconds: 0.1,
  alpha: 0.05,
  beta: 0.05,
  ratioCutoff: 1.5,
  countSeconds: 1,
  kSigma: 3,
  sitesPerPatient: 5,
  siteSeconds: 10,
  maxSeconds: 120,
};

export const BENCH_RULES: RuleName[] = ['sprt', 'adaptive', 'fixed', 'currie', 'ratio', 'k-sigma'];

export interface RuleStats {
  rule: RuleName;
  /** Fraction of normal-tissue trials called positive. */
  falsePositive: number;
  /** Fraction of tumour trials not called positive (negative or undecided). */
  falseNegative: number;
  /** Fraction undecided at maxSeconds (normal, tumour). */
  undecidedNormal: number;
  undecidedTumour: number;
  /** Mean seconds to a verdict at normal and tumour sites (undecided counted at maxSeconds). */
  meanSecondsNormal: number;
  meanSecondsTumour: number;
}

export interface KnownBackgroundRow {
  backgroundCps: number;
  ratio: number;
  rules: RuleStats[];
  /** Wald's continuous-time approximation of the SPRT's expected time, seconds. */
  waldSecondsNormal: number;
  waldSecondsTumour: number;
  /** The same, rounded up to whole frames (decisions happen only at frame ends). */
  waldWholeFramesSecondsNormal: number;
  waldWholeFramesSecondsTumour: number;
  /** Exact (dynamic programming) error rates and times of the calibrated SPRT. */
  exactAlpha: number;
  exactBeta: number;
  exactSecondsNormal: number;
  exactSecondsTumour: number;
  /** Matched fixed-time test with the same alpha and beta, seconds. */
  fixedSeconds: number;
  /** SPRT mean time (simulated) / Wald's approximation, worst of normal and tumour. */
  sprtOverWald: number;
  sprtOverWaldWholeFrames: number;
  /** Fixed-time count / SPRT mean time, worst of normal and tumour. */
  fixedOverSprt: number;
}

export interface VaryingRow {
  backgroundCps: number;
  ratio: number;
  cv: number;
  rules: RuleStats[];
  /** Mean adaptive threshold as a ratio to the true mean, and how often T/B cutoff was judged unsafe. */
  meanThresholdRatio: number;
}

export interface BenchResult {
  options: BenchOptions;
  knownBackground: KnownBackgroundRow[];
  varyingTissue: VaryingRow[];
}

function ruleConfig(rule: RuleName, ratio: number, o: BenchOptions): DecisionConfig {
  const base = { rule, ratio, alpha: o.alpha, beta: o.beta };
  if (rule === 'ratio') return { ...base, ratio: o.ratioCutoff, countSeconds: o.countSeconds };
  if (rule === 'k-sigma') return { ...base, kSigma: o.kSigma, countSeconds: o.countSeconds };
  if (rule === 'adaptive' && o.adaptiveThresholdShare !== undefined) {
    return { ...base, adaptiveThresholdShare: o.adaptiveThresholdShare };
  }
  return base;
}

/** Counting time of a fixed-time rule in whole frames; null for sequential rules. */
function fixedTimeSeconds(
  rule: RuleName,
  ratio: number,
  model: BackgroundModel,
  o: BenchOptions,
): number | null {
  const frames = (t: number) => Math.ceil(t / o.frameSeconds - 1e-9) * o.frameSeconds;
  switch (rule) {
    case 'ratio':
    case 'k-sigma':
      return frames(o.countSeconds);
    case 'currie':
      return frames(
        currieCountSeconds({
          backgroundCps: model.meanCps,
          ratio,
          alpha: o.alpha,
          beta: o.beta,
          blank: 'paired',
        }),
      );
    case 'fixed':
      return matchedFixedTimeTest({
        rate0Cps: model.meanCps,
        rate1Cps: ratio * model.meanCps,
        alpha: o.alpha,
        beta: o.beta,
        frameSeconds: o.frameSeconds,
      }).countSeconds;
    default:
      return null;
  }
}

interface Trial {
  positive: boolean;
  undecided: boolean;
  seconds: number;
}

function runTrial(
  random: RandomSource,
  rateCps: number,
  rule: RuleName,
  ratio: number,
  context: RuleContext,
  o: BenchOptions,
): Trial {
  const runner = createRule(ruleConfig(rule, ratio, o), context);
  if (runner.plannedSeconds !== null) {
    // A fixed count in whole frames: the sum of Poisson frames is one Poisson count over the whole time.
    const fixed = Math.ceil(runner.plannedSeconds / o.frameSeconds - 1e-9) * o.frameSeconds;
    runner.push(samplePoisson(random, rateCps * fixed), fixed);
    const v = runner.verdict();
    return { positive: v === 'positive', undecided: v === 'undecided', seconds: fixed };
  }
  const mean = rateCps * o.frameSeconds;
  const maxFrames = Math.round(o.maxSeconds / o.frameSeconds);
  for (let n = 1; n <= maxFrames; n++) {
    runner.push(samplePoisson(random, mean), o.frameSeconds);
    const v = runner.verdict();
    if (v !== 'undecided')
      return { positive: v === 'positive', undecided: false, seconds: n * o.frameSeconds };
  }
  return { positive: false, undecided: true, seconds: o.maxSeconds };
}

function summarize(rule: RuleName, normal: Trial[], tumour: Trial[]): RuleStats {
  const frac = (xs: Trial[], f: (t: Trial) => boolean) => xs.filter(f).length / xs.length;
  const mean = (xs: Trial[]) => xs.reduce((a, t) => a + t.seconds, 0) / xs.length;
  return {
    rule,
    falsePositive: frac(normal, (t) => t.positive),
    falseNegative: frac(tumour, (t) => !t.positive),
    undecidedNormal: frac(normal, (t) => t.undecided),
    undecidedTumour: frac(tumour, (t) => t.undecided),
    meanSecondsNormal: mean(normal),
    meanSecondsTumour: mean(tumour),
  };
}

function knownModel(rateCps: number): BackgroundModel {
  const r = buildBackgroundModel({ kind: 'known', rateCps });
  if (!r.ok) throw new Error(firstIssue(r.issues).message);
  return r.value;
}

export function runKnownBackground(
  o: BenchOptions,
  calibrations: SprtCalibrationCache,
): KnownBackgroundRow[] {
  const random = createRandom(o.seed);
  const rows: KnownBackgroundRow[] = [];
  for (const b of o.backgroundsCps) {
    for (const ratio of o.ratios) {
      const model = knownModel(b);
      // Hypotheses exactly as asked (no grid) so the exact figures refer to this very configuration.
      const context: RuleContext = {
        background: model,
        frameSeconds: o.frameSeconds,
        deadTime: null,
        calibrations,
        hypothesisGrid: 1e-9,
      };
      const rules = BENCH_RULES.map((rule) => {
        const normal: Trial[] = [];
        const tumour: Trial[] = [];
        for (let i = 0; i < o.trials; i++) {
          normal.push(runTrial(random, b, rule, ratio, context, o));
          tumour.push(runTrial(random, ratio * b, rule, ratio, context, o));
        }
        return summarize(rule, normal, tumour);
      });
      const h = { rate0Cps: b, rate1Cps: ratio * b, alpha: o.alpha, beta: o.beta };
      const plan = sequentialPlan({ rule: 'sprt', ratio, alpha: o.alpha, beta: o.beta }, context);
      const waldN = waldAsnSeconds(h, 'H0');
      const waldT = waldAsnSeconds(h, 'H1');
      const whole = (t: number) => Math.max(1, Math.ceil(t / o.frameSeconds - 1e-9)) * o.frameSeconds;
      const sprt = rules.find((r) => r.rule === 'sprt')!;
      const fixedSeconds = fixedTimeSeconds('fixed', ratio, model, o)!;
      rows.push({
        backgroundCps: b,
        ratio,
        rules,
        waldSecondsNormal: waldN,
        waldSecondsTumour: waldT,
        waldWholeFramesSecondsNormal: whole(waldN),
        waldWholeFramesSecondsTumour: whole(waldT),
        exactAlpha: plan.calibration.achievedAlpha,
        exactBeta: plan.calibration.achievedBeta,
        exactSecondsNormal: plan.calibration.expectedSecondsH0,
        exactSecondsTumour: plan.calibration.expectedSecondsH1,
        fixedSeconds,
        sprtOverWald: Math.max(sprt.meanSecondsNormal / waldN, sprt.meanSecondsTumour / waldT),
        sprtOverWaldWholeFrames: Math.max(
          sprt.meanSecondsNormal / whole(waldN),
          sprt.meanSecondsTumour / whole(waldT),
        ),
        fixedOverSprt: Math.min(fixedSeconds / sprt.meanSecondsNormal, fixedSeconds / sprt.meanSecondsTumour),
      });
    }
  }
  return rows;
}

export function runVaryingTissue(o: BenchOptions, calibrations: SprtCalibrationCache): VaryingRow[] {
  const random = createRandom(o.seed + 1);
  const rows: VaryingRow[] = [];
  for (const b of o.backgroundsCps) {
    for (const ratio of o.ratios) {
      for (const cv of o.cvs) {
        const normal = new Map<RuleName, Trial[]>(BENCH_RULES.map((r) => [r, []]));
        const tumour = new Map<RuleName, Trial[]>(BENCH_RULES.map((r) => [r, []]));
        let thresholdRatioSum = 0;
        for (let p = 0; p < o.trials; p++) {
          const sites = Array.from({ length: o.sitesPerPatient }, () => ({
            counts: samplePoisson(random, sampleGammaRate(random, b, cv) * o.siteSeconds),
            durationSeconds: o.siteSeconds,
          }));
          const built = buildBackgroundModel({ kind: 'sites', sites });
          if (!built.ok) continue; // no counts at all: no model to test (vanishingly rare at >= 10 cps)
          // A 5 % grid lets patients share calibrations (a bench economy; the engine default is 1 %): the tests
          // are exact for hypotheses within 2.5 % of the estimate, far inside its uncertainty at CV >= 15 %.
          const context: RuleContext = {
            background: built.value,
            frameSeconds: o.frameSeconds,
            deadTime: null,
            calibrations,
            hypothesisGrid: 0.05,
          };
          const normalRate = sampleGammaRate(random, b, cv);
          const tumourRate = ratio * sampleGammaRate(random, b, cv);
          for (const rule of BENCH_RULES) {
            normal.get(rule)!.push(runTrial(random, normalRate, rule, ratio, context, o));
            tumour.get(rule)!.push(runTrial(random, tumourRate, rule, ratio, context, o));
          }
          const plan = sequentialPlan(ruleConfig('adaptive', ratio, o), context);
          thresholdRatioSum += (plan.thresholdCps ?? b) / b;
        }
        rows.push({
          backgroundCps: b,
          ratio,
          cv,
          rules: BENCH_RULES.map((rule) => summarize(rule, normal.get(rule)!, tumour.get(rule)!)),
          meanThresholdRatio: thresholdRatioSum / o.trials,
        });
      }
    }
  }
  return rows;
}

export function runBench(
  options: Partial<BenchOptions> = {},
  calibrations = new SprtCalibrationCache(4096),
): BenchResult {
  const o = { ...DEFAULT_BENCH, ...options };
  return {
    options: o,
    knownBackground: runKnownBackground(o, calibrations),
    varyingTissue: runVaryingTissue(o, calibrations),
  };
}
