// The body-only fit and the detection map of a lesion search against it.
//
// `fitBody`: ML concentrations of the body basis cells and the uniform rate by EM (Shepp & Vardi 1982),
// no lesions — the null hypothesis of the search.
//
// `scoreMap`: for every voxel of the lesion grid, Rao's score statistic for adding a point source there to
// the body-only fit (Rao, Proc Camb Phil Soc 1948;44:50): with μ the null expected counts and A_ij the
// counts per MBq of voxel j in frame i, U_j = Σ_i A_ij (y_i/μ_i − 1) and I_j = Σ_i A_ij² / μ_i, and
// T_j = U_j² / (2 I_j) for U_j > 0 (half the χ², on the scale of a log-likelihood gain). One pass over the
// sparse matrix; its local maxima are the candidates the point fit then tests (a matched filter against
// the modelled body, where the MLEM map's peaks are where the body is hottest).
import { type VoxelGrid, voxelCentreCm } from './grid.js';
import type { SystemMatrix } from './system-matrix.js';
import type { Vec3 } from './vec.js';

export interface BodyFit {
  /** Concentration-like coefficient per cell (MBq in the cell). */
  cellMBq: Float64Array;
  backgroundCps: number;
  /** Expected counts per frame under the fit. */
  expected: Float64Array;
}

/**
 * EM for the body cells and the uniform background over the first `rows` frames of the matrix. A warm
 * start (the previous update's fit) converges in a few iterations.
 */
export function fitBody(options: {
  columns: readonly Float64Array[];
  counts: Float64Array;
  liveSeconds: Float64Array;
  rows: number;
  iterations: number;
  initial?: { cellMBq: Float64Array; backgroundCps: number };
}): BodyFit {
  const { columns, counts, liveSeconds, rows } = options;
  const cells = columns.length;
  const sens = new Float64Array(cells);
  for (let c = 0; c < cells; c++) {
    const col = columns[c] as Float64Array;
    let s = 0;
    for (let i = 0; i < rows; i++) s += col[i] as number;
    sens[c] = s;
  }
  let live = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    live += liveSeconds[i] as number;
    total += counts[i] as number;
  }
  let sensSum = 0;
  for (const v of sens) sensSum += v;
  const beta = new Float64Array(cells);
  let b: number;
  if (options.initial && options.initial.cellMBq.length === cells) {
    beta.set(options.initial.cellMBq);
    b = options.initial.backgroundCps;
    // Cells first seen since the warm start begin small but not at zero (EM cannot leave zero).
    for (let c = 0; c < cells; c++) if ((sens[c] as number) > 0 && !((beta[c] as number) > 0)) beta[c] = 1e-6;
  } else {
    // Half the counts to the cells (evenly by sensitivity), half to the uniform rate.
    const each = sensSum > 0 ? (0.5 * total) / sensSum : 0;
    for (let c = 0; c < cells; c++) beta[c] = (sens[c] as number) > 0 ? each : 0;
    b = (0.5 * total) / Math.max(live, 1e-9);
  }
  if (!(b > 0)) b = (0.5 * total) / Math.max(live, 1e-9) || 1e-6;
  const mu = new Float64Array(rows);
  const ratio = new Float64Array(rows);
  const forward = () => {
    for (let i = 0; i < rows; i++) mu[i] = (liveSeconds[i] as number) * b;
    for (let c = 0; c < cells; c++) {
      const bc = beta[c] as number;
      if (!(bc > 0)) continue;
      const col = columns[c] as Float64Array;
      for (let i = 0; i < rows; i++) mu[i] = (mu[i] as number) + bc * (col[i] as number);
    }
  };
  for (let it = 0; it < options.iterations; it++) {
    forward();
    for (let i = 0; i < rows; i++) {
      const m = mu[i] as number;
      ratio[i] = m > 0 ? (counts[i] as number) / m : 0;
    }
    for (let c = 0; c < cells; c++) {
      const sc = sens[c] as number;
      if (!(sc > 0) || !((beta[c] as number) > 0)) continue;
      const col = columns[c] as Float64Array;
      let s = 0;
      for (let i = 0; i < rows; i++) s += (col[i] as number) * (ratio[i] as number);
      beta[c] = ((beta[c] as number) * s) / sc;
    }
    let sb = 0;
    for (let i = 0; i < rows; i++) sb += (liveSeconds[i] as number) * (ratio[i] as number);
    if (live > 0) b = (b * sb) / live;
  }
  forward();
  return { cellMBq: beta, backgroundCps: b, expected: Float64Array.from(mu) };
}

export interface ScoreCandidate {
  positionCm: Vec3;
  /** Score statistic (half the χ²). */
  score: number;
  /** One-step activity estimate U / I, MBq. */
  activityMBq: number;
}

/**
 * Local maxima of the score statistic over the grid (26-neighbourhood), the strongest first, at least
 * `minSeparationCm` apart, not on the grid's four side faces (activity from beyond the grid soaks there).
 */
export function scoreMap(options: {
  matrix: SystemMatrix;
  grid: VoxelGrid;
  expected: Float64Array;
  minScore: number;
  minSeparationCm: number;
  maxCandidates: number;
}): ScoreCandidate[] {
  const { matrix: m, grid, expected } = options;
  const n = grid.dims[0] * grid.dims[1] * grid.dims[2];
  const U = new Float64Array(n);
  const I = new Float64Array(n);
  for (let i = 0; i < m.rows; i++) {
    const mu = expected[i] as number;
    if (!(mu > 0)) continue;
    const w = (m.counts[i] as number) / mu - 1;
    const inv = 1 / mu;
    const end = m.rowStart[i + 1] as number;
    for (let e = m.rowStart[i] as number; e < end; e++) {
      const j = m.column[e] as number;
      const a = m.value[e] as number;
      U[j] = (U[j] as number) + a * w;
      I[j] = (I[j] as number) + a * a * inv;
    }
  }
  const T = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const u = U[j] as number;
    const f = I[j] as number;
    T[j] = u > 0 && f > 0 ? (u * u) / (2 * f) : 0;
  }
  const [nx, ny, nz] = grid.dims;
  const maxima: number[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (nx > 2 && ny > 2 && (i === 0 || j === 0 || i === nx - 1 || j === ny - 1)) continue;
        const idx = i + nx * (j + ny * k);
        const v = T[idx] as number;
        if (!(v >= options.minScore)) continue;
        let isMax = true;
        for (let dk = -1; dk <= 1 && isMax; dk++)
          for (let dj = -1; dj <= 1 && isMax; dj++)
            for (let di = -1; di <= 1; di++) {
              const a = i + di;
              const b = j + dj;
              const c = k + dk;
              if (
                (di === 0 && dj === 0 && dk === 0) ||
                a < 0 ||
                b < 0 ||
                c < 0 ||
                a >= nx ||
                b >= ny ||
                c >= nz
              )
                continue;
              if ((T[a + nx * (b + ny * c)] as number) > v) {
                isMax = false;
                break;
              }
            }
        if (isMax) maxima.push(idx);
      }
  maxima.sort((a, b) => (T[b] as number) - (T[a] as number));
  const out: ScoreCandidate[] = [];
  const sep2 = options.minSeparationCm ** 2;
  for (const idx of maxima) {
    if (out.length >= options.maxCandidates) break;
    const p = voxelCentreCm(grid, idx);
    if (
      out.some(
        (c) =>
          (c.positionCm[0] - p[0]) ** 2 + (c.positionCm[1] - p[1]) ** 2 + (c.positionCm[2] - p[2]) ** 2 <
          sep2,
      )
    )
      continue;
    out.push({
      positionCm: p,
      score: T[idx] as number,
      activityMBq: (U[idx] as number) / (I[idx] as number),
    });
  }
  return out;
}
