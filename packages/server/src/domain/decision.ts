// The decision rules the server applies, in one place.
import type { DecisionConfig } from '@openrgs/counting';

/**
 * Live stations: the adaptive sequential rule (counting package) looking for T/B 1.5 — the ratio
 * cut-off often quoted for SSTR tracers (shared/domain/clinical.md, "Decision criteria in use") —
 * with 1 % false positives and 5 % false negatives.
 */
export const LIVE_DECISION: DecisionConfig = { rule: 'adaptive', ratio: 1.5, alpha: 0.01, beta: 0.05 };

/**
 * Posted (manual) counts: one count of a given length, so a fixed-time rule. The published statistical
 * convention "lesion counts above mean background + 3 SD" (clinical.md) as the counting package's
 * k-sigma rule, whose SD includes Poisson noise, the spread between background sites and the
 * uncertainty of the mean.
 */
export function manualDecision(countSeconds: number): DecisionConfig {
  return { rule: 'k-sigma', kSigma: 3, countSeconds, ratio: 1.5, alpha: 0.01, beta: 0.05 };
}
