// @openrgs/counting — count statistics and decisions for radioguided surgery. Pure: no I/O, no clock.

export { type AudioConfig, type AudioCue, type AudioMode, audioCue, DEFAULT_AUDIO } from './audio.js';
export {
  type AdaptiveThreshold,
  adaptiveThreshold,
  type BackgroundInput,
  type BackgroundIssue,
  type BackgroundModel,
  type BackgroundResult,
  type BackgroundSite,
  buildBackgroundModel,
  type CutoffSafety,
  cutoffSafety,
  type FlaggedSite,
} from './background-model.js';
export {
  type BackgroundSummary,
  type FlaggedSiteSummary,
  formatBackgroundSummary,
  summarizeBackground,
} from './background-summary.js';
export {
  BENCH_RULES,
  type BenchOptions,
  type BenchResult,
  DEFAULT_BENCH,
  type KnownBackgroundRow,
  type RuleStats,
  runBench,
  runKnownBackground,
  runVaryingTissue,
  type VaryingRow,
} from './bench.js';
export {
  type ConfidenceBenchOptions,
  type ConfidenceBenchResult,
  type ConfidenceBin,
  type ConfidenceCell,
  type ConfidenceScenario,
  DEFAULT_CONFIDENCE_BENCH,
  type EmpiricalBayesFigure,
  runConfidenceBench,
  runConfidenceScenarios,
} from './bench-confidence.js';
export { type CsvResult, parseFramesCsv, parseSitesCsv, type StreamFrames } from './csv.js';
export { type BlankKind, type CurrieLimits, currieCountSeconds, currieLimits } from './currie.js';
export { applyDeadTime, correctDeadTime, type DeadTime, type DeadTimeModel, lambertW0 } from './dead-time.js';
export {
  beyondReach,
  createRule,
  type Decision,
  type DecisionConfig,
  RULE_NAMES,
  type RuleName,
  type RuleRunner,
  sequentialHypotheses,
  type Verdict,
  validateDecisionConfig,
} from './decision-rules.js';
export {
  DECISION_SETTINGS,
  type DecisionSettings,
  limitAlpha,
  liveDecisionConfig,
} from './decision-settings.js';
export { type DetectOptions, type DetectOutcome, type DetectResult, detectStream } from './detect.js';
export { type FixedTimeTest, matchedFixedTimeTest } from './fixed-time-test.js';
export type { CountFrame } from './frame.js';
export {
  checkFrame,
  DEFAULT_MAX_RATE_CPS,
  type FrameCheck,
  type FrameIssue,
  type FrameIssueCode,
} from './frame-check.js';
export {
  createLiveEngine,
  type LiveEngine,
  type LiveEngineConfig,
  type LiveSnapshot,
  type SiteSummary,
  type WindowRate,
} from './live-engine.js';
export {
  type CountInterval,
  poissonInterval,
  poissonLowerLimit,
  poissonUpperLimit,
  type RateInterval,
  rateInterval,
} from './poisson-interval.js';
export {
  AdaptiveRate,
  type AdaptiveRateOptions,
  DEFAULT_ADAPTIVE_RATE,
  FixedWindowRate,
  type FrameSample,
} from './rate-estimators.js';
export { type RatioInterval, rateRatioInterval, targetToBackground } from './ratio-interval.js';
export { flagOutlyingSites, logSiteRate, PLAUSIBLE_LOG_SD, type SiteFlag } from './site-outliers.js';
export {
  estimateSpreadPrior,
  MIN_PRIOR_CASES,
  type SpreadPrior,
  type SpreadPriorResult,
} from './spread-prior.js';
export {
  SequentialTest,
  type SprtBoundaries,
  type SprtHypotheses,
  waldAsnSeconds,
  waldBoundaries,
  waldExpectedSecondsFrom,
} from './sprt.js';
export {
  type CalibratedSprt,
  calibrateSprt,
  type ExactSprtRatesInput,
  exactSprtCharacteristics,
  exactSprtPositiveAtRates,
  SprtCalibrationCache,
  SprtLattice,
} from './sprt-calibration.js';
export {
  DEFAULT_CONFIDENCE_SPREAD_PRIOR,
  ownSpreadPredictive,
  type RatePredictive,
  ratePredictive,
  ratePredictives,
  type VerdictConfidence,
  verdictConfidence,
} from './verdict-confidence.js';
export {
  isNotDetectable,
  NOT_DETECTABLE_BELOW,
  type NotDetectableWarning,
  notDetectableWarning,
  type VerdictWording,
  verdictWording,
} from './verdict-wording.js';
