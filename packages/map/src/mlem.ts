// Maximum-likelihood expectation maximisation for Poisson data (Shepp & Vardi, IEEE TMI 1982, eq. 2.13;
// ordered subsets: Hudson & Larkin, IEEE TMI 1994): counts y_i ~ Poisson(Σ_j A_ij x_j + t_i b), x_j the
// voxel activity (MBq), b a uniform count rate (cps) from everything the grid does not hold (the probe's
// own background, activity outside the grid), t_i the live time. b is estimated with the voxels (an extra
// column of the matrix, its entries t_i).
//
// Stopping rule: the Poisson log-likelihood gain of a full pass falls below `minGain` (the data no longer
// prefer the new estimate by a meaningful margin: a gain of 0.5 is one unit of χ² / 2), or `maxIterations`.
import type { SystemMatrix } from './system-matrix.js';

export interface MlemOptions {
  /** Ordered subsets per pass (1 = plain MLEM). */
  subsets: number;
  maxIterations: number;
  /** Stop when a pass gains less log-likelihood than this. */
  minGain: number;
  /**
   * Voxels seen less than this fraction of the best-seen voxel are left out (held at 0): a voxel the probe
   * barely saw can take any activity at almost no cost in likelihood, and MLEM puts spikes there.
   */
  minSensitivityFraction: number;
  /** Start from this estimate (warm start of a live update); default: uniform. */
  initial?: { activityMBq: Float64Array; backgroundCps: number };
}

export interface MlemResult {
  activityMBq: Float64Array;
  backgroundCps: number;
  iterations: number;
  logLikelihood: number;
  stoppedBy: 'gain' | 'max-iterations';
}

function forward(
  m: SystemMatrix,
  x: Float64Array,
  b: number,
  rowFrom: number,
  rowStep: number,
  out: Float64Array,
) {
  for (let i = rowFrom; i < m.rows; i += rowStep) {
    let s = (m.liveSeconds[i] as number) * b;
    const end = m.rowStart[i + 1] as number;
    for (let e = m.rowStart[i] as number; e < end; e++)
      s += (m.value[e] as number) * (x[m.column[e] as number] as number);
    out[i] = s;
  }
}

/** Σ_i y_i ln ŷ_i − ŷ_i (the terms that depend on the estimate). */
export function logLikelihood(m: SystemMatrix, expected: Float64Array): number {
  let l = 0;
  for (let i = 0; i < m.rows; i++) {
    const yhat = expected[i] as number;
    const y = m.counts[i] as number;
    if (yhat > 0) l += y * Math.log(yhat) - yhat;
    else if (y > 0) return -Infinity;
  }
  return l;
}

export function mlem(m: SystemMatrix, options: MlemOptions): MlemResult {
  const n = m.grid.dims[0] * m.grid.dims[1] * m.grid.dims[2];
  const subsets = Math.max(1, Math.min(options.subsets, m.rows));
  // Sensitivity per subset.
  const sens: Float64Array[] = [];
  const sensB: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const out = new Float64Array(n);
    let tb = 0;
    for (let i = s; i < m.rows; i += subsets) {
      const end = m.rowStart[i + 1] as number;
      for (let e = m.rowStart[i] as number; e < end; e++) {
        const c = m.column[e] as number;
        out[c] = (out[c] as number) + (m.value[e] as number);
      }
      tb += m.liveSeconds[i] as number;
    }
    sens.push(out);
    sensB.push(tb);
  }
  const total = new Float64Array(n);
  for (const ss of sens) for (let j = 0; j < n; j++) total[j] = (total[j] as number) + (ss[j] as number);
  let best = 0;
  for (const v of total) if (v > best) best = v;
  const floor = best * options.minSensitivityFraction;
  for (const ss of sens) for (let j = 0; j < n; j++) if ((total[j] as number) < floor) ss[j] = 0;
  let totalCounts = 0;
  let totalLive = 0;
  for (let i = 0; i < m.rows; i++) {
    totalCounts += m.counts[i] as number;
    totalLive += m.liveSeconds[i] as number;
  }
  let x: Float64Array;
  let b: number;
  // A warm start with no activity anywhere (every earlier frame counted nothing, as over a check source's
  // far side in air: MLEM's ratios were all zero) cannot grow again — EM's updates are multiplicative —
  // so it starts afresh instead.
  if (options.initial?.activityMBq.length === n && options.initial.activityMBq.some((v) => v > 0)) {
    x = Float64Array.from(options.initial.activityMBq);
    b = options.initial.backgroundCps;
    // Voxels first seen since the warm start begin at the mean of the others rather than stuck at zero.
    let mean = 0;
    let k = 0;
    for (let j = 0; j < n; j++)
      if ((x[j] as number) > 0) {
        mean += x[j] as number;
        k++;
      }
    mean = k > 0 ? mean / k : 0;
    for (let s = 0; s < subsets; s++)
      for (let j = 0; j < n; j++)
        if ((x[j] as number) === 0 && ((sens[s] as Float64Array)[j] as number) > 0) x[j] = mean;
    if (!(b > 0)) b = (0.5 * totalCounts) / Math.max(totalLive, 1e-9);
  } else {
    // Uniform start: half the counts to the background, half spread over the seen voxels.
    let sTotal = 0;
    for (const s of sens) for (let j = 0; j < n; j++) sTotal += s[j] as number;
    const seen = new Uint8Array(n);
    for (const s of sens) for (let j = 0; j < n; j++) if ((s[j] as number) > 0) seen[j] = 1;
    let seenCount = 0;
    for (let j = 0; j < n; j++) seenCount += seen[j] as number;
    const x0 = sTotal > 0 ? (0.5 * totalCounts * seenCount) / sTotal / Math.max(1, seenCount) : 0;
    x = new Float64Array(n);
    for (let j = 0; j < n; j++) if (seen[j]) x[j] = x0;
    b = (0.5 * totalCounts) / Math.max(totalLive, 1e-9);
  }
  const expected = new Float64Array(m.rows);
  const back = new Float64Array(n);
  forward(m, x, b, 0, 1, expected);
  let l = logLikelihood(m, expected);
  let iterations = 0;
  let stoppedBy: MlemResult['stoppedBy'] = 'max-iterations';
  while (iterations < options.maxIterations) {
    for (let s = 0; s < subsets; s++) {
      forward(m, x, b, s, subsets, expected);
      back.fill(0);
      let backB = 0;
      for (let i = s; i < m.rows; i += subsets) {
        const yhat = expected[i] as number;
        if (!(yhat > 0)) continue;
        const ratio = (m.counts[i] as number) / yhat;
        const end = m.rowStart[i + 1] as number;
        for (let e = m.rowStart[i] as number; e < end; e++) {
          const c = m.column[e] as number;
          back[c] = (back[c] as number) + (m.value[e] as number) * ratio;
        }
        backB += (m.liveSeconds[i] as number) * ratio;
      }
      const ss = sens[s] as Float64Array;
      for (let j = 0; j < n; j++) {
        const sj = ss[j] as number;
        if (sj > 0) x[j] = ((x[j] as number) * (back[j] as number)) / sj;
        else if ((total[j] as number) < floor) x[j] = 0;
      }
      const sb = sensB[s] as number;
      if (sb > 0) b = (b * backB) / sb;
    }
    iterations++;
    forward(m, x, b, 0, 1, expected);
    const next = logLikelihood(m, expected);
    const gain = next - l;
    l = next;
    if (gain < options.minGain) {
      stoppedBy = 'gain';
      break;
    }
  }
  return { activityMBq: x, backgroundCps: b, iterations, logLikelihood: l, stoppedBy };
}
