// How likely the counting engine is to call a lesion positive, and how long it takes, from the expected
// lesion and background count rates. Exact Poisson for the fixed-time test; Wald's (1947) approximations
// for the sequential probability ratio test (SPRT) that the live engine runs.
//
// INTERIM: these are planning's own implementations of the decision rule documented by the counting
// engine (known background, one-sided test at alpha, and a minimum count ratio). When @openrgs/counting
// exports its SPRT / Currie functions, `detectionStatistics` switches to them (one place: this file).

export interface DecisionRule {
  /** One-sided false-positive probability per decision. */
  alpha: number;
  /** Missed-detection probability of the SPRT at the alternative (minimumRatio × background). */
  beta: number;
  /** Count ratio (lesion ÷ background) that counts as positive. */
  minimumRatio: number;
}

/** Research notes §5.2: ratio 1.5 (Gulec 2007; BMC Cancer 2014;14:667); alpha 5 % as in Currie (1968). */
export const DEFAULT_DECISION_RULE: DecisionRule = { alpha: 0.05, beta: 0.05, minimumRatio: 1.5 };

function logPoissonPmf(k: number, mean: number): number {
  if (mean === 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  return k * Math.log(mean) - mean - logFactorial(k);
}

const LOG_FACTORIAL_CACHE: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIAL_CACHE.length; i <= n; i++) {
    LOG_FACTORIAL_CACHE[i] = (LOG_FACTORIAL_CACHE[i - 1] ?? 0) + Math.log(i);
  }
  return LOG_FACTORIAL_CACHE[n] ?? 0;
}

/** P(N ≥ k) for N ~ Poisson(mean), summed exactly from whichever tail is shorter. */
export function poissonUpperTail(k: number, mean: number): number {
  if (!Number.isInteger(k)) throw new Error(`poissonUpperTail: k = ${k} must be an integer`);
  if (!(mean >= 0) || !Number.isFinite(mean))
    throw new Error(`poissonUpperTail: mean = ${mean} must be finite and >= 0`);
  if (k <= 0) return 1;
  if (mean === 0) return 0;
  if (k > mean) {
    // Upper tail directly: terms decrease beyond the mode.
    let sum = 0;
    for (let i = k; ; i++) {
      const term = Math.exp(logPoissonPmf(i, mean));
      sum += term;
      if (term < sum * 1e-17 || i > k + 10000 + 20 * Math.sqrt(mean)) break;
    }
    return Math.min(1, sum);
  }
  let lower = 0;
  for (let i = 0; i < k; i++) lower += Math.exp(logPoissonPmf(i, mean));
  return Math.max(0, 1 - lower);
}

/** Smallest count k with P(N ≥ k | background only) ≤ alpha and k ≥ minimumRatio × expected background counts. */
export function criticalCount(backgroundCounts: number, rule: DecisionRule): number {
  let k = Math.max(1, Math.ceil(rule.minimumRatio * backgroundCounts));
  while (poissonUpperTail(k, backgroundCounts) > rule.alpha) k++;
  return k;
}

export interface FixedTimeDetection {
  countSeconds: number;
  /** Counts at or above which the verdict is positive. */
  criticalCounts: number;
  /** Probability that a count of `countSeconds` over the lesion gives a positive verdict. */
  detectionProbability: number;
  /** Probability that the same count over normal tissue gives a (false) positive verdict. */
  falsePositiveProbability: number;
}

export function fixedTimeDetection(input: {
  lesionCps: number;
  backgroundCps: number;
  countSeconds: number;
  rule: DecisionRule;
}): FixedTimeDetection {
  const { lesionCps, backgroundCps, countSeconds, rule } = input;
  const k = criticalCount(backgroundCps * countSeconds, rule);
  return {
    countSeconds,
    criticalCounts: k,
    detectionProbability: poissonUpperTail(k, lesionCps * countSeconds),
    falsePositiveProbability: poissonUpperTail(k, backgroundCps * countSeconds),
  };
}

export interface SequentialDetection {
  /** Expected time to a verdict (positive or negative), seconds (Wald approximation, untruncated). */
  expectedSecondsToVerdict: number;
  /** Probability that the verdict, when reached, is positive (Wald's operating characteristic). */
  positiveVerdictProbability: number;
}

/**
 * SPRT between H0 (rate = background) and H1 (rate = minimumRatio × background) on a Poisson stream whose
 * true rate is `lesionCps`. Log-likelihood ratio per count ln ρ, per second −(λ1 − λ0); thresholds
 * A = ln((1−β)/α), B = ln(β/(1−α)) (Wald 1947, Sequential Analysis, ch. 3; Jarman et al. IEEE TNS 2004).
 */
export function sequentialDetection(input: {
  lesionCps: number;
  backgroundCps: number;
  rule: DecisionRule;
}): SequentialDetection {
  const { lesionCps: lambda, backgroundCps: lambda0, rule } = input;
  if (!(lambda0 > 0)) throw new Error(`sequentialDetection: background ${lambda0} cps must be > 0`);
  const rho = rule.minimumRatio;
  const lambda1 = rho * lambda0;
  const upper = Math.log((1 - rule.beta) / rule.alpha);
  const lower = Math.log(rule.beta / (1 - rule.alpha));
  const logRho = Math.log(rho);
  const drift = lambda * logRho - (lambda1 - lambda0);
  const variance = lambda * logRho * logRho;
  const scale = Math.abs(drift) / Math.sqrt(variance);
  if (scale < 1e-9) {
    // At the indifference rate h → 0: OC = B/(B − A) and E[T] = −A·B/σ².
    return {
      expectedSecondsToVerdict: (-upper * lower) / variance,
      positiveVerdictProbability: -lower / (upper - lower),
    };
  }
  const h = solveWaldH(lambda, rho, lambda1 - lambda0, drift);
  const eA = Math.exp(h * upper);
  const eB = Math.exp(h * lower);
  const positive = (1 - eB) / (eA - eB);
  return {
    expectedSecondsToVerdict: (positive * upper + (1 - positive) * lower) / drift,
    positiveVerdictProbability: Math.min(1, Math.max(0, positive)),
  };
}

/** Non-zero root h of λ(ρ^h − 1) − h(λ1 − λ0) = 0 (E[exp(h·dLLR)] = 1); negative when the drift is positive. */
function solveWaldH(lambda: number, rho: number, c: number, drift: number): number {
  const f = (h: number) => lambda * (Math.exp(h * Math.log(rho)) - 1) - h * c;
  const sign = drift > 0 ? -1 : 1;
  let near = sign * 1e-9;
  let far = sign * 1;
  while (f(far) <= 0) {
    far *= 2;
    if (Math.abs(far) > 1e6) throw new Error('solveWaldH: no root found');
  }
  // f < 0 between 0 and the root (convex function, zero at 0, slope −drift·sign... ), > 0 beyond it.
  if (f(near) > 0) near = sign * 1e-12;
  for (let i = 0; i < 200; i++) {
    const mid = (near + far) / 2;
    if (f(mid) > 0) far = mid;
    else near = mid;
  }
  return (near + far) / 2;
}

export interface DetectionStatistics extends FixedTimeDetection, SequentialDetection {}

export function detectionStatistics(input: {
  lesionCps: number;
  backgroundCps: number;
  countSeconds: number;
  rule: DecisionRule;
}): DetectionStatistics {
  return { ...fixedTimeDetection(input), ...sequentialDetection(input) };
}

/**
 * Currie-style 95 %/95 % paired counting time (research notes §5.3, [DERIVED]):
 * t ≈ [1.645(√2 + √(R+1))]² / ((R − 1)² · b), R = lesion ÷ background, b in cps. Used as the figure of
 * merit for the injection-to-surgery window (shorter is better).
 */
export function curriePairedSeconds(ratio: number, backgroundCps: number): number {
  if (!(ratio > 1)) return Number.POSITIVE_INFINITY;
  const k = 1.645 * (Math.SQRT2 + Math.sqrt(ratio + 1));
  return (k * k) / ((ratio - 1) ** 2 * backgroundCps);
}
