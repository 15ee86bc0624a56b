// Daily constancy check of a probe with its long-lived reference source in a fixed jig.
//
//   activity at check  A(t) = A0 · 2^(−Δt / T½)            (decay law; T½ from @openrgs/physics)
//   expected rate      E = S_baseline · A(t)                 (S in cps/MBq, from the acceptance test)
//   measured rate      M = C / T  (− background rate, when a background count is given)
//   deviation          d = 100 · (M / E − 1) %
// Counting uncertainty (Poisson): σ_M = √(C/T² + C_b/T_b²); the deviation is significant at 95 %
// when |M − E| > 1.96 σ_M. A check whose 95 % counting interval is wider than the warning limit
// cannot tell a good probe from a drifting one: it is never a plain pass (reason `counts-too-low`),
// and the counts needed are given: N ≥ (1.96 · 100 / warnPercent)², e.g. 1,537 counts for ±5 %.
//
// Tolerances: no guideline we could read gives a number for probe constancy (EANM routine QC,
// Busemann Sokole et al. EJNMMI 2010;37:662, lists the test; the SNMMI summary table lists
// "constancy" daily for intraoperative probes; NEMA NU 3-2004 was not readable). Local protocols are
// reported to use about ±10 % of the decay-corrected reference (research-notes §3.3, unverified).
// Our default is therefore department practice, not a standard: warn beyond ±5 %, fail beyond
// ±10 %, both configurable, and the source of the default travels with every result.
import { decayFactorFor } from './decay.js';
import { fail, ok, type QcResult, type QcVerdict } from './result.js';

export interface ConstancyTolerance {
  /** |deviation| above this (percent) is a warning. */
  warnPercent: number;
  /** |deviation| above this (percent) is a failure. */
  failPercent: number;
}

export const DEFAULT_CONSTANCY_TOLERANCE: Readonly<ConstancyTolerance & { source: string }> = {
  warnPercent: 5,
  failPercent: 10,
  source:
    'department practice (no published tolerance for probe constancy found; ±10 % reported as common local practice, unverified) — see docs/qc.md',
};

/** The tolerance for a single `--tolerance-percent P`: fail beyond P, warn beyond P/2. */
export function toleranceFromFailPercent(failPercent: number, warnPercent?: number): ConstancyTolerance {
  return { failPercent, warnPercent: warnPercent ?? failPercent / 2 };
}

export interface ConstancyInput {
  sourceHalfLifeSeconds: number;
  /** Activity on the source certificate, at `sourceCalibratedAtMs`. */
  sourceActivityMBq: number;
  sourceCalibratedAtMs: number;
  /** Net count rate per unit activity in this jig, from the acceptance (baseline) measurement. */
  baselineCpsPerMBq: number;
  measuredCounts: number;
  countSeconds: number;
  checkedAtMs: number;
  /** A background count in the same jig without the source, subtracted when given. */
  background?: { counts: number; seconds: number };
  tolerance: ConstancyTolerance;
}

export type ConstancyReason =
  | 'within-tolerance'
  | 'outside-warn-limit'
  | 'outside-fail-limit'
  | 'counts-too-low';

export interface ConstancyOutcome {
  elapsedDays: number;
  decayFactor: number;
  activityAtCheckMBq: number;
  expectedCps: number;
  grossCps: number;
  backgroundCps: number | null;
  /** Net measured rate (gross − background when a background was given). */
  measuredCps: number;
  deviationPercent: number;
  /** One standard deviation of the measured rate from Poisson statistics. */
  countingUncertaintyCps: number;
  /** The same, in percent of the expected rate. */
  countingUncertaintyPercent: number;
  /** Deviation ± 1.96 σ, percent. */
  deviation95Percent: [number, number];
  zScore: number;
  /** |z| > 1.96: the deviation is larger than counting noise explains (95 %, two-sided). */
  deviationSignificant: boolean;
  /** Source counts needed so that the 95 % counting interval fits inside the warning limit. */
  countsNeededForWarnResolution: number;
  result: QcVerdict;
  reasons: ConstancyReason[];
  tolerance: ConstancyTolerance;
}

const Z95 = 1.959963984540054; // two-sided 95 % quantile of the standard normal
const DAY_SECONDS = 86400;

function positive(name: string, v: number): QcResult<never> | null {
  return Number.isFinite(v) && v > 0
    ? null
    : fail('bad-input', `${name} must be a finite number > 0 (got ${v})`);
}

export function evaluateConstancy(input: ConstancyInput): QcResult<ConstancyOutcome> {
  const bad =
    positive('sourceHalfLifeSeconds', input.sourceHalfLifeSeconds) ??
    positive('sourceActivityMBq', input.sourceActivityMBq) ??
    positive('baselineCpsPerMBq', input.baselineCpsPerMBq) ??
    positive('countSeconds', input.countSeconds) ??
    positive('tolerance.warnPercent', input.tolerance.warnPercent) ??
    positive('tolerance.failPercent', input.tolerance.failPercent);
  if (bad) return bad;
  if (!(Number.isInteger(input.measuredCounts) && input.measuredCounts >= 0))
    return fail('bad-input', `measuredCounts must be a whole number ≥ 0 (got ${input.measuredCounts})`);
  if (input.tolerance.warnPercent > input.tolerance.failPercent)
    return fail(
      'bad-tolerance',
      `warning limit ${input.tolerance.warnPercent} % is wider than the failure limit ${input.tolerance.failPercent} %`,
    );
  if (!Number.isFinite(input.checkedAtMs) || !Number.isFinite(input.sourceCalibratedAtMs))
    return fail('bad-input', 'check time and calibration time must be valid instants');
  const elapsedSeconds = (input.checkedAtMs - input.sourceCalibratedAtMs) / 1000;
  // Certificates are often dated to the day: a check a few hours "before" calibration is a date
  // convention, a check days before is a wrong date.
  if (elapsedSeconds < -DAY_SECONDS)
    return fail(
      'check-before-calibration',
      `the check time is ${(-elapsedSeconds / DAY_SECONDS).toFixed(1)} days before the source calibration date; check both dates`,
    );
  let backgroundCps: number | null = null;
  let backgroundVariance = 0;
  if (input.background) {
    const { counts, seconds } = input.background;
    if (!(Number.isInteger(counts) && counts >= 0))
      return fail('bad-input', `background counts must be a whole number ≥ 0 (got ${counts})`);
    const b = positive('background seconds', seconds);
    if (b) return b;
    backgroundCps = counts / seconds;
    backgroundVariance = counts / (seconds * seconds);
  }

  const decayFactor = decayFactorFor(elapsedSeconds, input.sourceHalfLifeSeconds);
  const activityAtCheckMBq = input.sourceActivityMBq * decayFactor;
  const expectedCps = input.baselineCpsPerMBq * activityAtCheckMBq;
  const grossCps = input.measuredCounts / input.countSeconds;
  const measuredCps = grossCps - (backgroundCps ?? 0);
  const sigma = Math.sqrt(input.measuredCounts / input.countSeconds ** 2 + backgroundVariance);
  const deviationPercent = 100 * (measuredCps / expectedCps - 1);
  const sigmaPercent = (100 * sigma) / expectedCps;
  const zScore = sigma > 0 ? (measuredCps - expectedCps) / sigma : Number.POSITIVE_INFINITY;
  const { warnPercent, failPercent } = input.tolerance;

  const reasons: ConstancyReason[] = [];
  let result: QcVerdict;
  // Limits are inclusive; 1e-9 % absorbs binary rounding of a deviation that is exactly on a limit.
  const abs = Math.abs(deviationPercent) - 1e-9;
  if (abs > failPercent) {
    result = 'fail';
    reasons.push('outside-fail-limit');
  } else if (abs > warnPercent) {
    result = 'warn';
    reasons.push('outside-warn-limit');
  } else {
    result = 'pass';
    reasons.push('within-tolerance');
  }
  if (Z95 * sigmaPercent > warnPercent) {
    reasons.push('counts-too-low');
    if (result === 'pass') result = 'warn';
  }

  return ok({
    elapsedDays: elapsedSeconds / DAY_SECONDS,
    decayFactor,
    activityAtCheckMBq,
    expectedCps,
    grossCps,
    backgroundCps,
    measuredCps,
    deviationPercent,
    countingUncertaintyCps: sigma,
    countingUncertaintyPercent: sigmaPercent,
    deviation95Percent: [deviationPercent - Z95 * sigmaPercent, deviationPercent + Z95 * sigmaPercent],
    zScore,
    deviationSignificant: Math.abs(zScore) > Z95,
    countsNeededForWarnResolution: Math.ceil(((Z95 * 100) / warnPercent) ** 2),
    result,
    reasons,
    tolerance: { warnPercent, failPercent },
  });
}
