// Confidence interval for the ratio of two Poisson rates (target / background) by the conditional
// binomial method: given n = x + y, x ~ Binomial(n, p) with p = ρ·tT / (ρ·tT + tB), ρ = λT/λB.
// An exact (Clopper–Pearson 1934, Biometrika 26:404) interval for p maps to one for ρ.
// Reference: Armitage, Berry & Matthews, Statistical Methods in Medical Research, 4th ed., §5.3;
// Ulm, K. (1990) Am J Epidemiol 131:373 (exact limits for the SMR / Poisson ratios).

import { betaIncompleteInverse } from '@openrgs/numeric';
import { poissonInterval } from './poisson-interval.js';

export interface RatioInterval {
  /** Point estimate (x/tT)/(y/tB); null when the background has no counts. */
  ratio: number | null;
  ratioLow: number;
  /** Upper limit; Infinity when the background has no counts. */
  ratioHigh: number;
}

export interface RatioInput {
  targetCounts: number;
  targetSeconds: number;
  /** Background counts; may be an effective (non-integer) count carrying extra-Poisson uncertainty. */
  backgroundCounts: number;
  backgroundSeconds: number;
  /** Two-sided confidence, e.g. 0.95. */
  confidence: number;
}

export function rateRatioInterval(input: RatioInput): RatioInterval {
  const { targetCounts: x, targetSeconds, backgroundCounts: y, backgroundSeconds, confidence } = input;
  if (!(x >= 0 && y >= 0)) throw new RangeError(`counts must be >= 0, got ${x}, ${y}`);
  if (!(targetSeconds > 0 && backgroundSeconds > 0))
    throw new RangeError(
      `seconds must be > 0, got target ${targetSeconds} s, background ${backgroundSeconds} s`,
    );
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const tail = (1 - confidence) / 2;
  const scale = backgroundSeconds / targetSeconds;
  const toRatio = (p: number): number => (p >= 1 ? Number.POSITIVE_INFINITY : (p / (1 - p)) * scale);
  const pLow = x === 0 ? 0 : betaIncompleteInverse(tail, x, y + 1);
  const pHigh = y === 0 ? 1 : betaIncompleteInverse(1 - tail, x + 1, y);
  return {
    ratio: y === 0 ? null : x / targetSeconds / (y / backgroundSeconds),
    ratioLow: toRatio(pLow),
    ratioHigh: toRatio(pHigh),
  };
}

/** What the T/B interval needs to know about the background (a BackgroundModel fits). */
export interface BackgroundForRatio {
  meanCps: number;
  /** Equivalent Poisson counts and seconds of the background's knowledge; Infinity for a known rate. */
  equivalentCounts: number;
  equivalentSeconds: number;
}

/**
 * T/B at a site with its two-sided interval: counting noise of the target and the uncertainty of the
 * background mean (counting noise and between-site spread, carried as equivalent Poisson counts).
 * A known background rate contributes no uncertainty: the interval is the target's Garwood interval / B.
 */
export function targetToBackground(
  counts: number,
  seconds: number,
  background: BackgroundForRatio,
  confidence: number,
): RatioInterval {
  // The live engine asks the same question twice per frame (display and evidence): remember the last few.
  const key = `${counts}|${seconds}|${background.meanCps}|${background.equivalentCounts}|${background.equivalentSeconds}|${confidence}`;
  const hit = recent.get(key);
  if (hit) return hit;
  const value = computeTargetToBackground(counts, seconds, background, confidence);
  if (recent.size >= 64) recent.delete(recent.keys().next().value as string);
  recent.set(key, value);
  return value;
}

const recent = new Map<string, RatioInterval>();

function computeTargetToBackground(
  counts: number,
  seconds: number,
  background: BackgroundForRatio,
  confidence: number,
): RatioInterval {
  if (!Number.isFinite(background.equivalentCounts)) {
    const { lowCounts, highCounts } = poissonInterval(counts, confidence);
    const b = background.meanCps * seconds;
    return { ratio: counts / b, ratioLow: lowCounts / b, ratioHigh: highCounts / b };
  }
  return rateRatioInterval({
    targetCounts: counts,
    targetSeconds: seconds,
    backgroundCounts: background.equivalentCounts,
    backgroundSeconds: background.equivalentSeconds,
    confidence,
  });
}
