// The decision settings of the operating room, in ONE place: what the server's live engine applies and
// what planning assumes the team will do (issue 12). The server's live stations use `liveDecisionConfig()`,
// the background model's minimum number of sites uses `minimumSitesAlpha()` and `workflowBackgroundSites`,
// and planning (@openrgs/planning) takes its defaults from here, so a plan is computed with the rule, the
// error rates and the number of background sites the operating room will actually use.
import type { DecisionConfig } from './decision-rules.js';

export interface DecisionSettings {
  /** The live rule: Wald's SPRT against this patient's normal-tissue limit (decision-rules.ts). */
  rule: 'adaptive';
  /**
   * T/B the rule looks for: 1.5, the ratio cut-off often quoted for SSTR tracers (shared/domain/clinical.md,
   * "Decision criteria in use"; Gulec 2007; BMC Cancer 2014;14:667).
   */
  ratio: number;
  /** Accepted probability of calling normal tissue positive: 1 % (the server's live stations). */
  alpha: number;
  /** Accepted probability of calling a lesion at `ratio` negative: 5 %. */
  beta: number;
  /** Share of alpha spent on the normal-tissue limit (the rest on the sequential test against it). */
  adaptiveThresholdShare: number;
  /**
   * Background sites the clinical workflow asks for before the team judges lesions: "at least three"
   * (docs/console-needs.md; shared/domain/clinical.md step 4, "several sites"). The background model is
   * provisional below this in any case, and above it while the spread seen asks for more (minimumSites).
   */
  workflowBackgroundSites: number;
  /** Counting time per background site the workflow uses (s): the counting README's example sites. */
  backgroundSiteSeconds: number;
  /**
   * Counting budget over one lesion (s) that planning allows for a verdict: [ESTIMATED] how long a surgeon
   * holds the probe still over a suspected lesion; the live engine itself has no budget.
   */
  countSeconds: number;
  /** Typical probe frame (s): [ESTIMATED] output interval of probe units (sim's frames). */
  frameSeconds: number;
  /**
   * Minimum sites before verdicts stop being provisional (background-model.ts minimumSites): the smallest
   * k ≥ workflowBackgroundSites, up to `cap`, at which the small-sample penalty on the normal-tissue limit
   * at the limit's alpha is within `tolerance` (a factor) of the many-site limit.
   */
  minimumSites: { tolerance: number; cap: number };
}

export const DECISION_SETTINGS: Readonly<DecisionSettings> = Object.freeze({
  rule: 'adaptive',
  ratio: 1.5,
  alpha: 0.01,
  beta: 0.05,
  adaptiveThresholdShare: 0.85,
  workflowBackgroundSites: 3,
  backgroundSiteSeconds: 10,
  countSeconds: 5,
  frameSeconds: 0.1,
  minimumSites: Object.freeze({ tolerance: 1.1, cap: 20 }),
});

/** The live engine's decision config (server live stations). */
export function liveDecisionConfig(settings: Readonly<DecisionSettings> = DECISION_SETTINGS): DecisionConfig {
  return {
    rule: settings.rule,
    ratio: settings.ratio,
    alpha: settings.alpha,
    beta: settings.beta,
    adaptiveThresholdShare: settings.adaptiveThresholdShare,
  };
}

/** The alpha the normal-tissue limit is set at (adaptive rule: alpha × its share), for a decision config. */
export function limitAlpha(
  config: Pick<DecisionConfig, 'rule' | 'alpha' | 'adaptiveThresholdShare'>,
): number {
  return config.rule === 'adaptive'
    ? config.alpha * (config.adaptiveThresholdShare ?? DECISION_SETTINGS.adaptiveThresholdShare)
    : config.alpha;
}
