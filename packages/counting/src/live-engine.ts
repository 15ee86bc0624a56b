// The live engine the server runs per station: frames in, one snapshot out per frame with everything
// the OR screen shows and plays. Field names match the LiveState contract (packages/api/src/live.ts),
// pinned at compile time by packages/server/src/wire-contract.test.ts.
// Pure: no clock, no I/O; all time is the device time in the frames.
import { firstIssue } from '@openrgs/outcome';
import { type AudioConfig, type AudioCue, audioCue, DEFAULT_AUDIO } from './audio.js';
import {
  adaptiveThreshold,
  type BackgroundInput,
  type BackgroundIssue,
  type BackgroundModel,
  type BackgroundResult,
  buildBackgroundModel,
  type CutoffSafety,
  cutoffSafety,
} from './background-model.js';
import { type BackgroundSummary, summarizeBackground } from './background-summary.js';
import { correctDeadTime, type DeadTime } from './dead-time.js';
import {
  beyondReach,
  createRule,
  type Decision,
  type DecisionConfig,
  type RuleRunner,
  sequentialPlan,
  type Verdict,
  validateDecisionConfig,
} from './decision-rules.js';
import { limitAlpha } from './decision-settings.js';
import type { CountFrame } from './frame.js';
import { checkFrame, DEFAULT_MAX_RATE_CPS, type FrameIssueCode } from './frame-check.js';
import { poissonInterval, poissonLowerLimit } from './poisson-interval.js';
import {
  AdaptiveRate,
  type AdaptiveRateOptions,
  DEFAULT_ADAPTIVE_RATE,
  FixedWindowRate,
} from './rate-estimators.js';
import { targetToBackground } from './ratio-interval.js';
import { SprtCalibrationCache } from './sprt-calibration.js';
import { notDetectableWarning } from './verdict-wording.js';

export interface LiveEngineConfig {
  decision: DecisionConfig;
  /** Background to start with; null (default) until the team measures it. */
  background?: BackgroundInput | null;
  /** Two-sided confidence of the displayed intervals (default 0.95). */
  intervalConfidence?: number;
  /** Probe dead time for correcting displayed rates (null: no correction). */
  deadTime?: DeadTime | null;
  /** Frames above this rate are rejected as absurd, cps (default DEFAULT_MAX_RATE_CPS). */
  maxRateCps?: number;
  /** Fixed windows to report, seconds (default 1, 2, 5, 10 as probe units offer). */
  fixedWindowsSeconds?: number[];
  adaptiveRate?: AdaptiveRateOptions;
  /** Restart the site (and its verdict) when the adaptive estimator detects a step (default true). */
  restartOnChange?: boolean;
  /** A gap in the frames longer than this restarts the site (default 0.5 s); shorter gaps are reported. */
  restartAfterGapSeconds?: number;
  audio?: AudioConfig;
  /** Share SPRT calibrations between engines (e.g. all stations of a server). */
  calibrations?: SprtCalibrationCache;
  /**
   * The probe's frame length, seconds, when known in advance: the sequential test is then calibrated
   * when the background or rule is set (up to ~0.2 s once for slow configurations) instead of on the
   * first frame of a site.
   */
  expectedFrameSeconds?: number;
  /**
   * Relative step of the log grid the sequential tests' rates snap to so calibrations are shared
   * (default 0.01); a tiny value (1e-9) tests exactly the rates asked, calibrating each anew.
   */
  hypothesisGrid?: number;
  /** A cut-off borrowed from the literature to judge in this patient (default 1.5, the FDG/NET T/B rule). */
  borrowedCutoffRatio?: number;
}

export interface WindowRate {
  windowSeconds: number;
  rateCps: number;
  rateLowCps: number;
  rateHighCps: number;
  /** Counting seconds the window actually holds (less than windowSeconds early on or after gaps). */
  coveredSeconds: number;
}

export type { BackgroundSummary } from './background-summary.js';

export interface SiteSummary {
  /** Counting seconds and counts since the site started (markNewSite, a detected step, or a long gap). */
  seconds: number;
  counts: number;
  rateCps: number;
  rateLowCps: number;
  rateHighCps: number;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
}

export interface LiveSnapshot {
  frame: { startSeconds: number; durationSeconds: number; counts: number };
  frameStatus: 'accepted' | 'rejected';
  frameIssue: { code: FrameIssueCode; message: string } | null;
  /** Seconds of missing time just before this frame (0 when frames abut). */
  gapSeconds: number;
  /** Frames accepted and rejected so far. */
  acceptedFrames: number;
  rejectedFrames: number;
  /** Adaptive (change-point aware) rate with its exact interval, dead-time corrected when configured. */
  rateCps: number;
  rateLowCps: number;
  rateHighCps: number;
  rateWindowSeconds: number;
  /** True when this frame revealed a step in the rate (the adaptive window restarted). */
  changeDetected: boolean;
  windows: WindowRate[];
  background: BackgroundSummary | null;
  backgroundWarnings: string[];
  /**
   * Coded warnings about the background (outlying site: code background-outlier naming the site) and the
   * verdict (not-detectable: a negative at under 50 % confidence, verdict-wording.ts).
   */
  warnings: BackgroundIssue[];
  /** Probability the verdict is right under the whole model (0–1); null while undecided. */
  confidence: number | null;
  /** True while the background has fewer sites than the spread seen asks for (background.minimumSites). */
  provisional: boolean;
  /** Whether the borrowed T/B cut-off is safe in this patient at the rule's alpha; null without background. */
  cutoff: CutoffSafety | null;
  /** T/B of the adaptive rate, with its interval; null without background. */
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  site: SiteSummary;
  verdict: Verdict;
  evidence: string;
  decision: Decision | null;
  holdStillSeconds: number | null;
  audio: AudioCue;
}

export interface LiveEngine {
  /** Checks and takes one frame; returns the state after it (a rejected frame changes nothing else). */
  push(frame: CountFrame): LiveSnapshot;
  /** The probe was moved to a new site: restart the site's counts and verdict. */
  markNewSite(): void;
  /** Sets (or clears, with null) the background. On error the previous background stays. */
  setBackground(input: BackgroundInput | null): BackgroundResult | null;
  /** Changes the decision rule; the current site restarts. Throws RangeError on an invalid config. */
  setDecision(config: DecisionConfig): void;
  readonly background: BackgroundModel | null;
  readonly lastSnapshot: LiveSnapshot | null;
}

export function createLiveEngine(config: LiveEngineConfig): LiveEngine {
  return new Engine(config);
}

class Engine implements LiveEngine {
  private decisionConfig: DecisionConfig;
  private readonly confidence: number;
  private readonly deadTime: DeadTime | null;
  private readonly maxRateCps: number;
  private readonly restartOnChange: boolean;
  private readonly restartAfterGapSeconds: number;
  private readonly audio: AudioConfig;
  private readonly calibrations: SprtCalibrationCache;
  private readonly expectedFrameSeconds: number | null;
  private readonly adaptive: AdaptiveRate;
  private readonly windows: FixedWindowRate[];
  private model: BackgroundModel | null = null;
  private thresholdCps: number | null = null;
  private cutoff: CutoffSafety | null = null;
  private summary: BackgroundSummary | null = null;
  private readonly borrowedCutoffRatio: number;
  private readonly hypothesisGrid: number | undefined;
  private previous: CountFrame | null = null;
  private rule: RuleRunner | null = null;
  private siteCounts = 0;
  private siteSeconds = 0;
  private accepted = 0;
  private rejected = 0;
  private last: LiveSnapshot | null = null;
  private backgroundInput: BackgroundInput | null = null;

  constructor(config: LiveEngineConfig) {
    const problem = validateDecisionConfig(config.decision);
    if (problem !== null) throw new RangeError(problem);
    this.decisionConfig = { ...config.decision };
    this.confidence = config.intervalConfidence ?? 0.95;
    if (!(this.confidence > 0 && this.confidence < 1))
      throw new RangeError(`intervalConfidence must be in (0, 1)`);
    this.deadTime = config.deadTime ?? null;
    this.maxRateCps = config.maxRateCps ?? DEFAULT_MAX_RATE_CPS;
    this.restartOnChange = config.restartOnChange ?? true;
    this.restartAfterGapSeconds = config.restartAfterGapSeconds ?? 0.5;
    this.audio = config.audio ?? DEFAULT_AUDIO;
    this.calibrations = config.calibrations ?? new SprtCalibrationCache();
    this.expectedFrameSeconds = config.expectedFrameSeconds ?? null;
    this.borrowedCutoffRatio = config.borrowedCutoffRatio ?? 1.5;
    this.hypothesisGrid = config.hypothesisGrid;
    if (this.hypothesisGrid !== undefined && !(this.hypothesisGrid > 0 && this.hypothesisGrid < 0.2)) {
      throw new RangeError(`hypothesisGrid must be in (0, 0.2), got ${this.hypothesisGrid}`);
    }
    if (!(this.borrowedCutoffRatio > 0)) throw new RangeError(`borrowedCutoffRatio must be > 0`);
    if (this.expectedFrameSeconds !== null && !(this.expectedFrameSeconds > 0)) {
      throw new RangeError(`expectedFrameSeconds must be > 0, got ${this.expectedFrameSeconds}`);
    }
    this.adaptive = new AdaptiveRate(config.adaptiveRate ?? DEFAULT_ADAPTIVE_RATE);
    this.windows = (config.fixedWindowsSeconds ?? [1, 2, 5, 10]).map((w) => new FixedWindowRate(w));
    if (config.background) {
      const result = this.setBackground(config.background);
      if (result && !result.ok) throw new RangeError(firstIssue(result.issues).message);
    }
  }

  get background(): BackgroundModel | null {
    return this.model;
  }
  get lastSnapshot(): LiveSnapshot | null {
    return this.last;
  }

  setBackground(input: BackgroundInput | null): BackgroundResult | null {
    if (input === null) {
      this.model = null;
      this.backgroundInput = null;
      this.thresholdCps = null;
      this.cutoff = null;
      this.summary = null;
      this.restartSite();
      return null;
    }
    const result = this.buildModel(input);
    if (!result.ok) return result;
    this.backgroundInput = input;
    this.model = result.value;
    this.refreshLimits();
    this.restartSite();
    this.warmUp();
    return result;
  }

  /** The background model, its minimum number of sites judged at this rule's limit alpha. */
  private buildModel(input: BackgroundInput): BackgroundResult {
    return buildBackgroundModel(
      input.kind === 'sites' && input.limitAlpha === undefined
        ? { ...input, limitAlpha: limitAlpha(this.decisionConfig) }
        : input,
    );
  }

  private refreshLimits(): void {
    const model = this.model;
    if (model === null) return;
    this.thresholdCps = adaptiveThreshold(model, this.decisionConfig.alpha).thresholdCps;
    this.cutoff = cutoffSafety(model, this.borrowedCutoffRatio, this.decisionConfig.alpha);
    this.summary = summarizeBackground(model, this.decisionConfig);
  }

  /** Calibrates the sequential test now, when the frame length is known in advance. */
  private warmUp(): void {
    if (this.expectedFrameSeconds === null || this.model === null) return;
    if (this.decisionConfig.rule !== 'sprt' && this.decisionConfig.rule !== 'adaptive') return;
    const context = {
      background: this.model,
      frameSeconds: roundFrameSeconds(this.expectedFrameSeconds),
      deadTime: this.deadTime,
      calibrations: this.calibrations,
      maxRateCps: this.maxRateCps,
      ...(this.hypothesisGrid === undefined ? {} : { hypothesisGrid: this.hypothesisGrid }),
    };
    // No calibration where no verdict can be reached (a bound above any plausible rate).
    if (beyondReach(this.decisionConfig, context) !== null) return;
    sequentialPlan(this.decisionConfig, context);
  }

  setDecision(config: DecisionConfig): void {
    const problem = validateDecisionConfig(config);
    if (problem !== null) throw new RangeError(problem);
    this.decisionConfig = { ...config };
    // The minimum number of sites is judged at the limit's alpha, which follows the rule.
    const rebuilt = this.backgroundInput === null ? null : this.buildModel(this.backgroundInput);
    if (rebuilt?.ok) this.model = rebuilt.value;
    if (this.model) this.refreshLimits();
    this.restartSite();
    this.warmUp();
  }

  markNewSite(): void {
    this.restartSite();
  }

  private restartSite(): void {
    this.rule = null;
    this.siteCounts = 0;
    this.siteSeconds = 0;
  }

  push(frame: CountFrame): LiveSnapshot {
    const check = checkFrame(frame, this.previous, { maxRateCps: this.maxRateCps });
    const frameEcho = {
      startSeconds: frame.startSeconds,
      durationSeconds: frame.durationSeconds,
      counts: frame.counts,
    };
    if (!check.ok) {
      const { code, message } = firstIssue(check.issues);
      this.rejected += 1;
      const base = this.last ?? this.emptySnapshot(frameEcho);
      this.last = {
        ...base,
        frame: frameEcho,
        frameStatus: 'rejected',
        frameIssue: { code, message },
        gapSeconds: 0,
        changeDetected: false,
        rejectedFrames: this.rejected,
        audio: { frequencyHz: null, clicks: 0, gain: 0, squelched: base.audio.squelched },
      };
      return this.last;
    }
    this.accepted += 1;
    this.previous = frame;
    const seconds = frame.liveTimeSeconds ?? frame.durationSeconds;
    const sample = { endSeconds: frame.startSeconds + frame.durationSeconds, seconds, counts: frame.counts };
    const { gapSeconds } = check.value;
    if (gapSeconds > this.restartAfterGapSeconds) this.restartSite();
    const update = this.adaptive.push(sample);
    const windows = this.windows.map((w) => {
      const sums = w.push(sample);
      return {
        windowSeconds: w.windowSeconds,
        ...this.displayRate(sums.counts, sums.seconds),
        coveredSeconds: sums.seconds,
      };
    });
    if (update.changed && this.restartOnChange) {
      // The site starts at the detected step: replay the post-step frames the estimator kept.
      this.restartSite();
      this.adaptive.forEachFrame((c, s) => this.feedSite(c, s, frame.durationSeconds));
    } else {
      this.feedSite(frame.counts, seconds, frame.durationSeconds);
    }
    this.last = this.compose(frameEcho, gapSeconds, update.counts, update.seconds, update.changed, windows);
    return this.last;
  }

  private feedSite(counts: number, seconds: number, frameSeconds: number): void {
    this.siteCounts += counts;
    this.siteSeconds += seconds;
    if (this.model === null || this.model.blockedReason !== null) return;
    if (this.rule === null) {
      this.rule = createRule(this.decisionConfig, {
        background: this.model,
        frameSeconds: roundFrameSeconds(frameSeconds),
        deadTime: this.deadTime,
        calibrations: this.calibrations,
        maxRateCps: this.maxRateCps,
        ...(this.hypothesisGrid === undefined ? {} : { hypothesisGrid: this.hypothesisGrid }),
      });
    }
    this.rule.push(counts, seconds);
  }

  private displayRate(
    counts: number,
    seconds: number,
  ): { rateCps: number; rateLowCps: number; rateHighCps: number } {
    if (!(seconds > 0)) return { rateCps: 0, rateLowCps: 0, rateHighCps: 0 };
    const { lowCounts, highCounts } = poissonInterval(counts, this.confidence);
    return {
      rateCps: this.corrected(counts / seconds),
      rateLowCps: this.corrected(lowCounts / seconds),
      rateHighCps: this.corrected(highCounts / seconds),
    };
  }

  /** Dead-time corrected rate; Infinity when the measured rate is impossible in the dead-time model. */
  private corrected(rateCps: number): number {
    if (this.deadTime === null) return rateCps;
    const r = correctDeadTime(rateCps, this.deadTime);
    return r.ok ? r.value : Number.POSITIVE_INFINITY;
  }

  private ratioOf(
    counts: number,
    seconds: number,
  ): { ratio: number | null; ratioLow: number | null; ratioHigh: number | null } {
    if (this.model === null || !(seconds > 0)) return { ratio: null, ratioLow: null, ratioHigh: null };
    const tb = targetToBackground(counts, seconds, this.model, this.confidence);
    // Dead time: scale by (correction of the target) / (correction of the background) at the point rates.
    const target = counts / seconds;
    const factor =
      this.deadTime === null || target === 0
        ? 1
        : this.corrected(target) / target / (this.corrected(this.model.meanCps) / this.model.meanCps);
    return {
      ratio: tb.ratio === null ? null : tb.ratio * factor,
      ratioLow: tb.ratioLow * factor,
      ratioHigh: tb.ratioHigh * factor,
    };
  }

  private compose(
    frame: LiveSnapshot['frame'],
    gapSeconds: number,
    windowCounts: number,
    windowSeconds: number,
    changed: boolean,
    windows: WindowRate[],
  ): LiveSnapshot {
    const rate = this.displayRate(windowCounts, windowSeconds);
    const ratio = this.ratioOf(windowCounts, windowSeconds);
    const siteRate = this.displayRate(this.siteCounts, this.siteSeconds);
    const decision = this.rule?.decision() ?? null;
    const model = this.model;
    const lowerLimit =
      windowSeconds > 0 ? poissonLowerLimit(windowCounts, this.audio.squelchConfidence) / windowSeconds : 0;
    const evidence =
      decision?.evidence ??
      (model === null
        ? `No background measured yet: ${rate.rateCps.toFixed(1)} cps (${rate.rateLowCps.toFixed(1)}–${rate.rateHighCps.toFixed(1)}); measure background sites to get a verdict.`
        : model.blockedReason !== null
          ? `Undecided: ${model.blockedReason}. ${rate.rateCps.toFixed(1)} cps (${rate.rateLowCps.toFixed(1)}–${rate.rateHighCps.toFixed(1)}).`
          : 'Waiting for counts at this site.');
    const provisional = model?.provisional === true;
    const notDetectable =
      decision === null
        ? null
        : notDetectableWarning(decision.verdict, decision.confidence, this.decisionConfig.ratio);
    return {
      frame,
      frameStatus: 'accepted',
      frameIssue: null,
      gapSeconds,
      acceptedFrames: this.accepted,
      rejectedFrames: this.rejected,
      ...rate,
      rateWindowSeconds: windowSeconds,
      changeDetected: changed,
      windows,
      background: model === null ? null : this.summary,
      backgroundWarnings: model?.warnings ?? [],
      warnings: [...(model?.issues ?? []), ...(notDetectable ? [notDetectable] : [])],
      confidence: decision?.confidence ?? null,
      provisional,
      cutoff: this.cutoff,
      ...ratio,
      site: {
        seconds: this.siteSeconds,
        counts: this.siteCounts,
        ...siteRate,
        ...this.ratioOf(this.siteCounts, this.siteSeconds),
      },
      verdict: decision?.verdict ?? 'undecided',
      evidence:
        provisional && decision !== null && decision.verdict !== 'undecided'
          ? `PROVISIONAL (${model.sites} of ${model.minimumSites} background sites): ${evidence}`
          : evidence,
      decision,
      holdStillSeconds: decision?.holdStillSeconds ?? null,
      audio: audioCue(
        {
          rateCps: windowSeconds > 0 ? windowCounts / windowSeconds : 0,
          rateLowerLimitCps: lowerLimit,
          backgroundCps: model?.meanCps ?? null,
          frameCounts: frame.counts,
        },
        this.audio,
      ),
    };
  }

  private emptySnapshot(frame: LiveSnapshot['frame']): LiveSnapshot {
    return {
      frame,
      frameStatus: 'accepted',
      frameIssue: null,
      gapSeconds: 0,
      acceptedFrames: this.accepted,
      rejectedFrames: this.rejected,
      rateCps: 0,
      rateLowCps: 0,
      rateHighCps: 0,
      rateWindowSeconds: 0,
      changeDetected: false,
      windows: [],
      background: null,
      backgroundWarnings: [],
      warnings: [],
      confidence: null,
      provisional: false,
      cutoff: null,
      ratio: null,
      ratioLow: null,
      ratioHigh: null,
      site: {
        seconds: 0,
        counts: 0,
        rateCps: 0,
        rateLowCps: 0,
        rateHighCps: 0,
        ratio: null,
        ratioLow: null,
        ratioHigh: null,
      },
      verdict: 'undecided',
      evidence: 'No valid frame yet.',
      decision: null,
      holdStillSeconds: null,
      audio: { frequencyHz: null, clicks: 0, gain: 0, squelched: true },
    };
  }
}

/** Frame length for calibration, to 3 significant digits so jittery clocks share one calibration. */
function roundFrameSeconds(seconds: number): number {
  return Number(seconds.toPrecision(3));
}
