// Control chart of a probe's constancy history (deviation % from the decay-corrected expectation).
//
// Shewhart individuals chart (Montgomery, Introduction to Statistical Quality Control, 6th ed. 2009,
// §6.4): centre line = mean of the baseline points; σ estimated from the mean moving range,
// σ = MR̄ / d2 with d2 = 1.128 for ranges of two consecutive points (ibid., Appendix VI);
// warning limits ± 2σ, action limits ± 3σ. The department's tolerance bands (± warn %, ± fail %)
// are drawn as well: the chart shows drift long before a tolerance is crossed.
// Western Electric run rules (Western Electric Co., Statistical Quality Control Handbook, 1956):
//   1  one point beyond 3σ
//   2  two of three consecutive points beyond 2σ on the same side
//   3  four of five consecutive points beyond 1σ on the same side
//   4  eight consecutive points on the same side of the centre line
// Each violation is attached to the point that completes the pattern.
import type { ConstancyTolerance } from './constancy.js';
import { fail, ok, type QcResult } from './result.js';

export interface ChartInput {
  atMs: number;
  /** The charted quantity (deviation %, for constancy). */
  value: number;
  /** The record's id, carried through for the console. */
  id?: string | undefined;
}

export type WesternElectricRule = 1 | 2 | 3 | 4;

export interface ChartViolation {
  rule: WesternElectricRule;
  index: number;
  atMs: number;
  message: string;
}

export interface ChartPoint extends ChartInput {
  /** (value − centre) / σ; null when σ is 0. */
  sigmaScore: number | null;
  inBaseline: boolean;
  rules: WesternElectricRule[];
}

export interface ControlLimits {
  centre: number;
  sigma: number;
  sigmaMethod: 'moving-range';
  baselineCount: number;
  oneSigma: [number, number];
  warning: [number, number];
  action: [number, number];
}

export interface ControlChart {
  /** Null when there are too few points to establish limits (fewer than `MIN_BASELINE_POINTS`). */
  limits: ControlLimits | null;
  /** Tolerance bands in the charted unit: ± warn and ± fail. */
  toleranceBands: { warn: [number, number]; fail: [number, number] } | null;
  points: ChartPoint[];
  violations: ChartViolation[];
  warnings: string[];
}

export const MIN_BASELINE_POINTS = 5;
const D2 = 1.128;

const RULE_TEXT: Record<WesternElectricRule, string> = {
  1: 'one point beyond the 3σ action limit',
  2: 'two of three consecutive points beyond 2σ on the same side',
  3: 'four of five consecutive points beyond 1σ on the same side',
  4: 'eight consecutive points on the same side of the centre line',
};

export interface ControlChartOptions {
  /** How many of the earliest points establish the centre and σ (default: the first 20, or all if fewer). */
  baselinePoints?: number;
  tolerance?: ConstancyTolerance;
}

export function controlChart(
  input: readonly ChartInput[],
  options: ControlChartOptions = {},
): QcResult<ControlChart> {
  for (const [i, p] of input.entries()) {
    if (!Number.isFinite(p.value) || !Number.isFinite(p.atMs))
      return fail('bad-point', `point ${i + 1}${p.id ? ` (${p.id})` : ''} has a non-finite time or value`);
  }
  const sorted = [...input].sort((a, b) => a.atMs - b.atMs);
  const warnings: string[] = [];
  const t = options.tolerance;
  const toleranceBands: ControlChart['toleranceBands'] = t
    ? { warn: [-t.warnPercent, t.warnPercent], fail: [-t.failPercent, t.failPercent] }
    : null;
  // A probe with no checks yet has an empty chart that says why, not an error (issue 13).
  if (sorted.length === 0)
    return ok({
      limits: null,
      toleranceBands,
      points: [],
      violations: [],
      warnings: [
        `no constancy checks recorded yet: at least ${MIN_BASELINE_POINTS} are needed for control limits`,
      ],
    });
  const wanted = options.baselinePoints ?? Math.min(20, sorted.length);
  if (!Number.isInteger(wanted) || wanted < 1)
    return fail('bad-option', `baselinePoints must be a whole number ≥ 1 (got ${wanted})`);
  const baseline = sorted.slice(0, wanted);
  let limits: ControlLimits | null = null;
  if (baseline.length >= MIN_BASELINE_POINTS) {
    const centre = baseline.reduce((a, p) => a + p.value, 0) / baseline.length;
    let mr = 0;
    for (let i = 1; i < baseline.length; i++) mr += Math.abs(baseline[i]!.value - baseline[i - 1]!.value);
    const sigma = mr / (baseline.length - 1) / D2;
    limits = {
      centre,
      sigma,
      sigmaMethod: 'moving-range',
      baselineCount: baseline.length,
      oneSigma: [centre - sigma, centre + sigma],
      warning: [centre - 2 * sigma, centre + 2 * sigma],
      action: [centre - 3 * sigma, centre + 3 * sigma],
    };
    if (sigma === 0) warnings.push('the baseline points do not vary: σ is 0, run rules 1–3 are not applied');
    if (baseline.length < 20)
      warnings.push(`limits from ${baseline.length} points; 20 or more give stable limits (Montgomery §6.4)`);
  } else {
    warnings.push(
      `${sorted.length} point(s): at least ${MIN_BASELINE_POINTS} are needed for control limits; only tolerance bands are shown`,
    );
  }

  const points: ChartPoint[] = sorted.map((p, i) => ({
    ...p,
    sigmaScore: limits && limits.sigma > 0 ? (p.value - limits.centre) / limits.sigma : null,
    inBaseline: i < baseline.length,
    rules: [],
  }));
  const violations: ChartViolation[] = [];
  if (limits) {
    const flag = (index: number, rule: WesternElectricRule) => {
      const p = points[index]!;
      if (p.rules.includes(rule)) return;
      p.rules.push(rule);
      violations.push({ rule, index, atMs: p.atMs, message: RULE_TEXT[rule] });
    };
    const side = (p: ChartPoint) => Math.sign(p.value - limits.centre);
    for (let i = 0; i < points.length; i++) {
      const z = points[i]!.sigmaScore;
      if (z !== null) {
        if (Math.abs(z) > 3) flag(i, 1);
        for (const [rule, window, need, k] of [
          [2, 3, 2, 2],
          [3, 5, 4, 1],
        ] as const) {
          if (i + 1 < window) continue;
          for (const s of [1, -1]) {
            let n = 0;
            for (let j = i - window + 1; j <= i; j++) {
              const zj = points[j]!.sigmaScore!;
              if (s * zj > k) n++;
            }
            if (n >= need && s * z > k) flag(i, rule);
          }
        }
      }
      if (i >= 7) {
        const s = side(points[i]!);
        if (s !== 0 && points.slice(i - 7, i + 1).every((p) => side(p) === s)) flag(i, 4);
      }
    }
  }
  return ok({
    limits,
    toleranceBands,
    points,
    violations,
    warnings,
  });
}
