// Sensitivity in air and in a scattering medium, by distance (NEMA NU 3-2004 "Sensitivity in air",
// "Sensitivity in scattering medium"; see nema-reference.ts): net count rate per unit activity.
//
//   S(d) = (C/T − B) / Ā      cps/MBq
// where B is the background rate and Ā the mean activity during the count. With a short-lived
// source (Tc-99m loses 5.6 % in 30 min) each count is decay-corrected from the activity reference
// time: a count starting t after the reference and lasting T sees on average
//   Ā = A_ref · e^(−λt) · (1 − e^(−λT)) / (λT),   λ = ln 2 / T½
// (the integral of the decay law over the count divided by T).
// Uncertainty: Poisson on the counts only (σ_S = √C / T / Ā); the activity's calibration
// uncertainty is common to all distances and is reported by the physicist, not invented here.
import { fail, ok, type QcResult } from './result.js';

export type SensitivityMedium = 'air' | 'scatter';

export interface SensitivityCount {
  /** Source–probe-face distance (air) or source depth below the probe face (scatter), mm. */
  distanceMm: number;
  counts: number;
  seconds: number;
  /** Time from the activity reference time to the start of this count; absent = no decay correction. */
  elapsedSeconds?: number;
  line?: number;
}

export interface SensitivityInput {
  medium: SensitivityMedium;
  /** Source activity at the reference time. */
  sourceActivityMBq: number;
  /** Needed when any count has `elapsedSeconds`. */
  halfLifeSeconds: number | null;
  /** Background rate to subtract, measured without the source (0 if measured and negligible). */
  backgroundCps: number;
  counts: readonly SensitivityCount[];
}

export interface SensitivityRow {
  distanceMm: number;
  grossCps: number;
  netCps: number;
  meanActivityMBq: number;
  sensitivityCpsPerMBq: number;
  uncertaintyCpsPerMBq: number;
  decayCorrected: boolean;
}

export interface SensitivityResult {
  medium: SensitivityMedium;
  rows: SensitivityRow[];
  /** The row at the smallest distance (the figure usually compared with the vendor's). */
  atSmallestDistance: SensitivityRow;
  warnings: string[];
}

export function meanActivityDuringCount(opts: {
  activityMBq: number;
  halfLifeSeconds: number;
  startSeconds: number;
  durationSeconds: number;
}): number {
  const lambda = Math.LN2 / opts.halfLifeSeconds;
  const x = lambda * opts.durationSeconds;
  // (1 − e^−x)/x, with its series for tiny x where the subtraction loses digits.
  const mean = x < 1e-6 ? 1 - x / 2 : -Math.expm1(-x) / x;
  return opts.activityMBq * Math.exp(-lambda * opts.startSeconds) * mean;
}

export function computeSensitivity(input: SensitivityInput): QcResult<SensitivityResult> {
  if (!(Number.isFinite(input.sourceActivityMBq) && input.sourceActivityMBq > 0))
    return fail('bad-input', `source activity must be > 0 MBq (got ${input.sourceActivityMBq})`);
  if (!(Number.isFinite(input.backgroundCps) && input.backgroundCps >= 0))
    return fail('bad-input', `background must be ≥ 0 cps (got ${input.backgroundCps})`);
  if (input.counts.length === 0) return fail('bad-input', 'no counts given');
  const rows: SensitivityRow[] = [];
  const warnings: string[] = [];
  const seen = new Map<number, number | undefined>();
  for (const [i, c] of input.counts.entries()) {
    const at = c.line === undefined ? `count ${i + 1}` : `line ${c.line}`;
    if (!(Number.isFinite(c.distanceMm) && c.distanceMm >= 0))
      return fail('bad-input', `${at}: distance must be ≥ 0 mm (got ${c.distanceMm})`, c.line);
    if (!(Number.isInteger(c.counts) && c.counts >= 0))
      return fail('bad-input', `${at}: counts must be a whole number ≥ 0 (got ${c.counts})`, c.line);
    if (!(Number.isFinite(c.seconds) && c.seconds > 0))
      return fail('bad-input', `${at}: seconds must be > 0 (got ${c.seconds})`, c.line);
    if (seen.has(c.distanceMm))
      return fail('duplicate-distance', `${at}: distance ${c.distanceMm} mm measured twice`, c.line);
    seen.set(c.distanceMm, c.line);
    let meanActivityMBq = input.sourceActivityMBq;
    const decayCorrected = c.elapsedSeconds !== undefined;
    if (c.elapsedSeconds !== undefined) {
      if (input.halfLifeSeconds === null || !(input.halfLifeSeconds > 0))
        return fail(
          'bad-input',
          `${at}: elapsedSeconds given but no half-life to decay-correct with`,
          c.line,
        );
      if (!(Number.isFinite(c.elapsedSeconds) && c.elapsedSeconds >= 0))
        return fail('bad-input', `${at}: elapsedSeconds must be ≥ 0 (got ${c.elapsedSeconds})`, c.line);
      meanActivityMBq = meanActivityDuringCount({
        activityMBq: input.sourceActivityMBq,
        halfLifeSeconds: input.halfLifeSeconds,
        startSeconds: c.elapsedSeconds,
        durationSeconds: c.seconds,
      });
    }
    const grossCps = c.counts / c.seconds;
    const netCps = grossCps - input.backgroundCps;
    if (netCps <= 0) warnings.push(`${at}: net rate ${netCps.toFixed(2)} cps is not above background`);
    rows.push({
      distanceMm: c.distanceMm,
      grossCps,
      netCps,
      meanActivityMBq,
      sensitivityCpsPerMBq: netCps / meanActivityMBq,
      uncertaintyCpsPerMBq: Math.sqrt(c.counts) / c.seconds / meanActivityMBq,
      decayCorrected,
    });
  }
  rows.sort((a, b) => a.distanceMm - b.distanceMm);
  return ok({ medium: input.medium, rows, atSmallestDistance: rows[0]!, warnings });
}
