// How a verdict is worded for the surgeon. A negative verdict's confidence is 1 − P(a lesion at the asked
// T/B is called negative) under the whole background model (verdict-confidence.ts). When that is below
// one half, the rule misses such a lesion more often than it finds it: at this patient's spread and with
// these background sites the lesion cannot be told from normal tissue. Calling that "NEGATIVE" would read
// as "no lesion here" — the worst misreading in radioguided surgery — so it is worded "not detectable
// here" and carries the warning `not-detectable`. The verdict value itself stays `negative` (the
// contract of `rgs detect --json` and LiveState): the rule did decide, and nothing it measured was high.
import type { Verdict } from './decision-rules.js';

/** A negative stated below this confidence (0–1) is "not detectable here", not a negative. */
export const NOT_DETECTABLE_BELOW = 0.5;

export type VerdictWording = 'POSITIVE' | 'NEGATIVE' | 'NOT DETECTABLE HERE' | 'UNDECIDED';

/** True for a negative whose confidence (0–1) says the asked lesion would more likely be missed than found. */
export function isNotDetectable(verdict: Verdict, confidence: number | null): boolean {
  return verdict === 'negative' && confidence !== null && confidence < NOT_DETECTABLE_BELOW;
}

export function verdictWording(verdict: Verdict, confidence: number | null): VerdictWording {
  if (verdict === 'positive') return 'POSITIVE';
  if (verdict === 'undecided') return 'UNDECIDED';
  return isNotDetectable(verdict, confidence) ? 'NOT DETECTABLE HERE' : 'NEGATIVE';
}

export interface NotDetectableWarning {
  code: 'not-detectable';
  message: string;
}

/**
 * The warning that goes with a "not detectable here" verdict; null for any other verdict. `ratio` is the
 * T/B the rule was asked to find, `confidence` the negative's confidence (0–1).
 */
export function notDetectableWarning(
  verdict: Verdict,
  confidence: number | null,
  ratio: number,
): NotDetectableWarning | null {
  if (!isNotDetectable(verdict, confidence) || confidence === null) return null;
  const sure = Math.floor(confidence * 1000) / 10;
  return {
    code: 'not-detectable',
    message: `not detectable here: only ${Number.isInteger(sure) ? sure.toFixed(0) : sure.toFixed(1)} % sure that a lesion at T/B ${ratio} would have been found at this spread of normal tissue with these background sites — it cannot be told from tissue here, so this is not a negative (measure more background sites)`,
  };
}
