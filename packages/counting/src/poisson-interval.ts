import { gammaPInverse } from '@openrgs/numeric';
// Exact (Garwood 1936) confidence limits for a Poisson mean, and the rate interval built on them.
// Garwood, F. (1936) Biometrika 28:437–442: lower = ½χ²(α/2; 2n), upper = ½χ²(1-α/2; 2n+2), which is
// the inverse regularized incomplete gamma: lower = P⁻¹(n, α/2), upper = P⁻¹(n+1, 1-α/2).
// Tabulated in Gehrels, N. (1986) ApJ 303:336, Tables 1 and 2 (one-sided limits).

export interface CountInterval {
  /** Lower limit of the Poisson mean, counts. */
  lowCounts: number;
  /** Upper limit of the Poisson mean, counts. */
  highCounts: number;
}

export interface RateInterval {
  rateCps: number;
  rateLowCps: number;
  rateHighCps: number;
}

function checkCounts(counts: number): void {
  if (!Number.isInteger(counts) || counts < 0)
    throw new RangeError(`counts must be a whole number >= 0, got ${counts}`);
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

// The live engine asks for the same limits over and over (window counts repeat): a bounded memo of
// the exact values (pure function of counts and confidence, so caching changes no result).
const memo = new Map<string, number>();
const MEMO_LIMIT = 50_000;
function remember(key: string, compute: () => number): number {
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** One-sided upper confidence limit of a Poisson mean (Gehrels 1986 Table 1). */
export function poissonUpperLimit(counts: number, confidence: number): number {
  checkCounts(counts);
  checkConfidence(confidence);
  return remember(`u${counts}|${confidence}`, () => gammaPInverse(confidence, counts + 1));
}

/** One-sided lower confidence limit of a Poisson mean (Gehrels 1986 Table 2); 0 when counts = 0. */
export function poissonLowerLimit(counts: number, confidence: number): number {
  checkCounts(counts);
  checkConfidence(confidence);
  return counts === 0 ? 0 : remember(`l${counts}|${confidence}`, () => gammaPInverse(1 - confidence, counts));
}

/** Two-sided, equal-tailed exact interval for a Poisson mean at the given confidence (e.g. 0.95). */
export function poissonInterval(counts: number, confidence: number): CountInterval {
  const tail = (1 - confidence) / 2;
  return {
    lowCounts: poissonLowerLimit(counts, 1 - tail),
    highCounts: poissonUpperLimit(counts, 1 - tail),
  };
}

/** A count rate with its two-sided exact interval: counts in `seconds` of (live) time. */
export function rateInterval(counts: number, seconds: number, confidence: number): RateInterval {
  if (!(seconds > 0)) throw new RangeError(`seconds must be > 0, got ${seconds}`);
  const { lowCounts, highCounts } = poissonInterval(counts, confidence);
  return { rateCps: counts / seconds, rateLowCps: lowCounts / seconds, rateHighCps: highCounts / seconds };
}
