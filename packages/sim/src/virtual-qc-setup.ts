// Virtual NEMA NU 3 measurements (virtual-qc.ts): the tests, their CSV columns and set-up defaults, the
// options, and the virtual clock every count runs on. One count:
//   n = S · Ā + b, m = n/(1 + nτ) (Knoll 4th ed. eq. 4.23), counts ~ Poisson(m · T), with
//   Ā = A · e^(−λt) · (1 − e^(−λT))/(λT) the mean activity over a count of T seconds starting at t.

import { type RandomSource, samplePoisson } from '@openrgs/numeric';
import type { Issue } from '@openrgs/outcome';
import type { ProbeModel } from './probe-model.js';
import { applyDeadTime } from './response.js';
import type { SimPhysics } from './sim-physics.js';

export const VIRTUAL_QC_TESTS = [
  'resolution',
  'angular',
  'sensitivity',
  'shielding',
  'count-rate',
  'energy',
] as const;
export type VirtualQcTest = (typeof VIRTUAL_QC_TESTS)[number];
export type VirtualQcMedium = 'air' | 'water';

/** The CSV columns of each test, in the order `rgs qc nema` documents them (packages/qc NEMA_CSV_COLUMNS). */
export const VIRTUAL_QC_COLUMNS: Readonly<Record<VirtualQcTest, readonly string[]>> = {
  resolution: ['positionMm', 'counts'],
  angular: ['angleDeg', 'counts'],
  sensitivity: ['distanceMm', 'counts', 'seconds', 'elapsedSeconds'],
  shielding: ['position', 'counts', 'seconds'],
  'count-rate': ['trueRateCps', 'measuredRateCps'],
  energy: ['energyKeV', 'counts'],
};

/** Geometry defaults, stated in every result and in `rgs qc simulate --help`. */
export const VIRTUAL_QC_DEFAULTS = {
  /** Source depth/distance for resolution (cm): 1 cm, as probeFigures' spatialFwhmAt1CmMm. */
  resolutionDistanceCm: 1,
  resolutionStepMm: 1,
  /** Radius of the source circle around the tip for angular (cm): 3 cm, as probeFigures. */
  angularDistanceCm: 3,
  angularStepDeg: 2,
  angularMaxDeg: 90,
  sensitivityDistancesMm: [10, 20, 30, 50, 100] as readonly number[],
  /** Shielding: sources 3 cm (+ crystal radius) from the crystal, as probeFigures' sideShieldingPercent. */
  shieldingDistanceCm: 3,
  /** Side, back and background counts last this many times the front count (the leak counts are few). */
  shieldingLongCountFactor: 10,
  countRateDistanceCm: 1,
  /** Activity fractions of the count-rate series (a dilution series; the largest is --activity-mbq). */
  countRateFractions: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as readonly number[],
  energyDistanceCm: 3,
  /** The lateral scan runs to where the model rate falls below this fraction of the peak, plus a margin. */
  profileTailFraction: 0.005,
  profileMarginMm: 5,
  resolutionMaxHalfRangeMm: 100,
} as const;

export interface VirtualQcOptions {
  test: VirtualQcTest;
  probe: ProbeModel;
  /** Canonical nuclide name (`Tc-99m`); see physics-adapter canonicalNuclide. */
  nuclide: string;
  /** Source activity at the start of the first count (count-rate: the largest source of the series). */
  activityMBq: number;
  /** 0 ≤ seed ≤ 2^53 − 1. */
  seed: number;
  medium: VirtualQcMedium;
  /** Counting time of each point (energy: of the whole spectrum; shielding: of the front count). */
  secondsPerPoint: number;
  /** resolution: source depth/distance; angular: radius; shielding, count-rate, energy: see the defaults. */
  distanceCm?: number;
  stepMm?: number;
  stepDeg?: number;
  distancesMm?: readonly number[];
  physics: SimPhysics;
}

export type VirtualQcIssueCode =
  | 'bad-activity'
  | 'bad-seed'
  | 'bad-seconds'
  | 'bad-geometry'
  | 'unknown-nuclide'
  | 'no-window'
  | 'nothing-in-window'
  | 'medium-not-modelled'
  | 'too-few-counts';

/** Why a virtual measurement cannot be made (@openrgs/outcome's Issue, kind `invalid`). */
export type VirtualQcIssue = Issue & { code: VirtualQcIssueCode };

export function virtualQcIssue(code: VirtualQcIssueCode, message: string): VirtualQcIssue {
  return { kind: 'invalid', code, message };
}

/** The mean count of one point and when it was counted. */
export interface VirtualCount {
  /** Mean of the Poisson count (after dead time, with background): what an infinitely long run averages. */
  expectedCounts: number;
  /** Source rate before dead time, without background, cps. */
  sourceRateCps: number;
  startSeconds: number;
  seconds: number;
}

/** Counts one point after another on the virtual clock: decay, background, dead time, Poisson. */
export class VirtualCounter {
  private t = 0;
  /** Largest dead-time loss fraction so far. */
  maxLoss = 0;
  constructor(
    private readonly random: RandomSource,
    private readonly activityMBq: number,
    private readonly lambdaPerSecond: number,
    private readonly probe: ProbeModel,
  ) {}

  /**
   * The mean count of a point with `cpsPerMBq` counted for `seconds` from now; advances the clock.
   * `activityMBq` (default: the source's) and `decays` (default true) serve a series of separate sources.
   */
  expect(
    cpsPerMBq: number,
    seconds: number,
    source: { activityMBq?: number; decays?: boolean } = {},
  ): VirtualCount {
    const x = this.lambdaPerSecond * seconds;
    const meanDuring = x < 1e-9 ? 1 - x / 2 : -Math.expm1(-x) / x;
    const activity = source.activityMBq ?? this.activityMBq;
    const meanActivityMBq =
      source.decays === false ? activity : activity * Math.exp(-this.lambdaPerSecond * this.t) * meanDuring;
    const sourceRateCps = cpsPerMBq * meanActivityMBq;
    const trueRateCps = sourceRateCps + this.probe.backgroundCps;
    const measuredCps = applyDeadTime(trueRateCps, this.probe.deadTimeSeconds);
    if (trueRateCps > 0) this.maxLoss = Math.max(this.maxLoss, 1 - measuredCps / trueRateCps);
    const count = { expectedCounts: measuredCps * seconds, sourceRateCps, startSeconds: this.t, seconds };
    this.t += seconds;
    return count;
  }

  sample(mean: number): number {
    return samplePoisson(this.random, mean);
  }

  /** One point: its mean and a Poisson count. */
  count(cpsPerMBq: number, seconds: number, source: { activityMBq?: number; decays?: boolean } = {}) {
    const c = this.expect(cpsPerMBq, seconds, source);
    return { ...c, counts: this.sample(c.expectedCounts) };
  }

  elapsedSeconds(): number {
    return this.t;
  }
}

export type VirtualQcValue = number | string;

export interface VirtualQcRow extends VirtualCount {
  /** The CSV fields, keyed by column name. */
  values: Record<string, VirtualQcValue>;
}

/** The `rgs qc nema` options the data need: the analysis a physicist would run on them. */
export interface VirtualQcAnalysisHints {
  /** resolution / angular / energy: background to subtract, as `rgs qc nema --background` takes it. */
  background?: string;
  /** sensitivity */
  medium?: 'air' | 'scatter';
  sourceActivityMBq?: number;
  backgroundCps?: number;
  nuclide?: string;
  /** energy */
  windowKeV?: [number, number];
}

/** What one test contributes to the measurement (or why it cannot be done). */
export interface TestPart {
  rows: VirtualQcRow[];
  geometry: string[];
  analysis: VirtualQcAnalysisHints;
  model: Record<string, number | null>;
}

/** x where a decreasing f falls to `level` on [0, maxX] (bisection after a coarse walk), or null. */
export function crossing(
  f: (x: number) => number,
  level: number,
  coarseStep: number,
  maxX: number,
): number | null {
  let a = 0;
  for (let b = coarseStep; b <= maxX + 1e-12; b += coarseStep) {
    if (f(b) <= level) {
      let lo = a;
      let hi = b;
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        if (f(mid) > level) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    }
    a = b;
  }
  return null;
}

/** A number for CSV: no float noise from step arithmetic (0.30000000000000004 → 0.3). */
export function tidy(x: number): number {
  return Number(x.toPrecision(12));
}
