// The decision rules the server applies, in one place. The live rule's settings are the counting
// package's DECISION_SETTINGS (decision-settings.ts), the same that planning assumes the team will use.
import { DECISION_SETTINGS, type DecisionConfig, liveDecisionConfig } from '@openrgs/counting';

/**
 * Live stations: the adaptive sequential rule (counting package) looking for T/B 1.5 — the ratio
 * cut-off often quoted for SSTR tracers (shared/domain/clinical.md, "Decision criteria in use") —
 * with 5 % false positives and 5 % false negatives (DECISION_SETTINGS, which says why).
 */
export const LIVE_DECISION: DecisionConfig = liveDecisionConfig();

/**
 * Posted (manual) counts: one count of a given length, so a fixed-time rule. The published statistical
 * convention "lesion counts above mean background + 3 SD" (clinical.md) as the counting package's
 * k-sigma rule, whose SD includes Poisson noise, the spread between background sites and the
 * uncertainty of the mean.
 */
export function manualDecision(countSeconds: number): DecisionConfig {
  return {
    rule: 'k-sigma',
    kSigma: 3,
    countSeconds,
    ratio: DECISION_SETTINGS.ratio,
    alpha: DECISION_SETTINGS.alpha,
    beta: DECISION_SETTINGS.beta,
  };
}
