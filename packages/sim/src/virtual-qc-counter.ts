// The virtual clock of a QC measurement and the small helpers the virtual tests share (virtual-qc.ts).
// One count: n = S · Ā + b, m = n/(1 + nτ) (Knoll 4th ed. eq. 4.23), counts ~ Poisson(m · T), with
//   Ā = A · e^(−λt) · (1 − e^(−λT))/(λT) the mean activity over a count of T seconds starting at t.
import type { ProbeModel } from './probe-model.js';
import { type RandomSource, samplePoisson } from './random.js';
import { applyDeadTime } from './response.js';

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

/** What one test contributes to the measurement. */
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
