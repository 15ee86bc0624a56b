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
  /**
   * Accepted probability of calling normal tissue at a site positive: 5 %, equal to beta. Why (the clinical
   * choice of issue 12, docs/planning.md §4 "The operating room's error balance"):
   * - a false positive sends tissue the surgeon already probed as suspect to pathology, which clears it; a
   *   missed lesion stays in the patient, and complete removal is the key prognostic factor
   *   (shared/domain/clinical.md: Uña-Gorospe et al. 2026; up to 30 % of laparotomies fail to clear the
   *   tumour bed, PMC8654712). So beta is not traded for a smaller alpha;
   * - the criteria RGS teams publish accept about as many: T/B ≥ 1.5 (Gulec 2007; Povoski, BMC Cancer
   *   2014;14:667) is exceeded by normal tissue at CV 25 % at about 4 % of sites (log-normal tail), and a
   *   counting-noise 3σ rule ignores the between-site spread altogether;
   * - α = β = 5 % is the convention of detection decisions in radiation counting (Currie, Anal Chem 1968;
   *   40:586; shared/domain/research-notes.md §5.1).
   * At 1 % (the value before, never sourced) three sites put the normal-tissue limit at about 8.6 × the
   * mean background at CV 25 % (Student t, 2 df, at 0.9915), so the example plan's primary at probe T/B 3.1
   * was found 21 % of the time; at 5 % the limit from five sites is about 1.9 × (docs/planning.md §5).
   * Every verdict still states its own honest confidence (verdict-confidence.ts).
   */
  alpha: number;
  /** Accepted probability of calling a lesion at `ratio` negative: 5 % (Currie 1968, as alpha). */
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
   * Tolerance 1.25: the penalty stays below the step between the two ratio criteria teams publish
   * (T/B 1.5 and 2, a factor 1.33; shared/domain/clinical.md "Decision criteria in use"), so once verdicts
   * stop being provisional more sites could not move the limit by as much as a change of criterion. At
   * alpha 5 % that is 3 sites at CV 10 %, 5 at 25 %, 6 at 30 % and 8 at 50 %: 30–80 s of counting at 10 s
   * a site. (1.1 asked for 9, 10 and 15 at CV 25/30/50 %, which no team counts; docs/planning.md §4.)
   */
  minimumSites: { tolerance: number; cap: number };
}

export const DECISION_SETTINGS: Readonly<DecisionSettings> = Object.freeze({
  rule: 'adaptive',
  ratio: 1.5,
  alpha: 0.05,
  beta: 0.05,
  adaptiveThresholdShare: 0.85,
  workflowBackgroundSites: 3,
  backgroundSiteSeconds: 10,
  countSeconds: 5,
  frameSeconds: 0.1,
  minimumSites: Object.freeze({ tolerance: 1.25, cap: 20 }),
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
