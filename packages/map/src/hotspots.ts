// Peaks of a reconstructed map (the candidates for hotspots, point-fit.ts): local maxima of the map smoothed with a Gaussian (MLEM images of sparse
// data are noisy voxel to voxel), above a fraction of the highest, at least `minSeparationCm` apart.
// Position: centroid of the smoothed map above half the peak around the maximum (sub-voxel). Spread: the
// RMS distance of that half-maximum blob from its centroid — how sharply the data pin the source down.
// Relative activity: reconstructed activity within `radiusCm` of the hotspot (voxels nearer another
// hotspot go to that one), over the strongest hotspot's.
import { type VoxelGrid, voxelCentreCm } from './grid.js';
import type { Vec3 } from './vec.js';

export interface MapPeak {
  positionCm: Vec3;
  /** Activity over the strongest peak's (1 for the first). */
  relativeActivity: number;
  /** Reconstructed activity within radiusCm, MBq. */
  activityMBq: number;
  /** RMS radius of the half-maximum blob, mm. */
  spreadMm: number;
  /** Peak of the smoothed map over the highest peak. */
  peakFraction: number;
}

export interface PeakOptions {
  smoothingSigmaCm: number;
  /** Local maxima below this fraction of the highest are not hotspots. */
  thresholdFraction: number;
  minSeparationCm: number;
  radiusCm: number;
  /** Leave out maxima on the grid's four side faces (activity from beyond the grid). */
  skipSideFaces?: boolean;
}

/** Separable Gaussian smoothing (truncated at 3σ, renormalised at the grid's edges). */
export function smooth(grid: VoxelGrid, values: Float64Array, sigmaCm: number): Float64Array {
  if (!(sigmaCm > 0)) return Float64Array.from(values);
  const sigma = sigmaCm / grid.voxelSizeCm;
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * r + 1);
  for (let d = -r; d <= r; d++) kernel[d + r] = Math.exp(-(d * d) / (2 * sigma * sigma));
  const [nx, ny, nz] = grid.dims;
  const strides = [1, nx, nx * ny];
  let src = Float64Array.from(values);
  let dst = new Float64Array(values.length);
  for (let axis = 0; axis < 3; axis++) {
    const n = grid.dims[axis] as number;
    const stride = strides[axis] as number;
    for (let idx = 0; idx < src.length; idx++) {
      const c = [idx % nx, Math.floor(idx / nx) % ny, Math.floor(idx / (nx * ny))][axis] as number;
      let sum = 0;
      let w = 0;
      for (let d = -r; d <= r; d++) {
        const p = c + d;
        if (p < 0 || p >= n) continue;
        const kw = kernel[d + r] as number;
        sum += kw * (src[idx + d * stride] as number);
        w += kw;
      }
      dst[idx] = sum / w;
    }
    [src, dst] = [dst, src];
  }
  void nz;
  return src;
}

export function findPeaks(grid: VoxelGrid, activityMBq: Float64Array, options: PeakOptions): MapPeak[] {
  const sm = smooth(grid, activityMBq, options.smoothingSigmaCm);
  const [nx, ny, nz] = grid.dims;
  const sides = options.skipSideFaces === true && nx > 2 && ny > 2;
  let max = 0;
  for (let idx = 0; idx < sm.length; idx++) {
    const i = idx % nx;
    const j = Math.floor(idx / nx) % ny;
    if (sides && (i === 0 || j === 0 || i === nx - 1 || j === ny - 1)) continue;
    if ((sm[idx] as number) > max) max = sm[idx] as number;
  }
  if (!(max > 0)) return [];
  const candidates: number[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const idx = i + nx * (j + ny * k);
        const v = sm[idx] as number;
        if (v < options.thresholdFraction * max) continue;
        let isMax = true;
        for (let dk = -1; dk <= 1 && isMax; dk++)
          for (let dj = -1; dj <= 1 && isMax; dj++)
            for (let di = -1; di <= 1; di++) {
              if (di === 0 && dj === 0 && dk === 0) continue;
              const a = i + di;
              const b = j + dj;
              const c = k + dk;
              if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
              if ((sm[a + nx * (b + ny * c)] as number) > v) {
                isMax = false;
                break;
              }
            }
        // A maximum on the grid's side faces is where the grid's edge soaks up activity from outside it
        // (the body goes on beyond the scanned region): not a candidate.
        const onSide = i === 0 || j === 0 || i === nx - 1 || j === ny - 1;
        if (isMax && !(sides && onSide)) candidates.push(idx);
      }
  candidates.sort((a, b) => (sm[b] as number) - (sm[a] as number));
  const s = grid.voxelSizeCm;
  const kept: { idx: number; positionCm: Vec3; spreadMm: number; peak: number }[] = [];
  const sep2 = options.minSeparationCm ** 2;
  const reach = Math.max(1, Math.ceil(options.minSeparationCm / 2 / s));
  for (const idx of candidates) {
    const c = voxelCentreCm(grid, idx);
    if (
      kept.some(
        (h) =>
          (h.positionCm[0] - c[0]) ** 2 + (h.positionCm[1] - c[1]) ** 2 + (h.positionCm[2] - c[2]) ** 2 <
          sep2,
      )
    )
      continue;
    const peak = sm[idx] as number;
    const i0 = idx % nx;
    const j0 = Math.floor(idx / nx) % ny;
    const k0 = Math.floor(idx / (nx * ny));
    let w = 0;
    let mx = 0;
    let my = 0;
    let mz = 0;
    let m2 = 0;
    for (let k = Math.max(0, k0 - reach); k <= Math.min(nz - 1, k0 + reach); k++)
      for (let j = Math.max(0, j0 - reach); j <= Math.min(ny - 1, j0 + reach); j++)
        for (let i = Math.max(0, i0 - reach); i <= Math.min(nx - 1, i0 + reach); i++) {
          const v = (sm[i + nx * (j + ny * k)] as number) - 0.5 * peak;
          if (v <= 0) continue;
          const x = grid.originCm[0] + i * s;
          const y = grid.originCm[1] + j * s;
          const z = grid.originCm[2] + k * s;
          w += v;
          mx += v * x;
          my += v * y;
          mz += v * z;
          m2 += v * (x * x + y * y + z * z);
        }
    const positionCm: Vec3 = [mx / w, my / w, mz / w];
    const variance = Math.max(0, m2 / w - (positionCm[0] ** 2 + positionCm[1] ** 2 + positionCm[2] ** 2));
    kept.push({ idx, positionCm, spreadMm: Math.sqrt(variance + (s * s) / 12) * 10, peak });
  }
  if (kept.length === 0) return [];
  // Activity near each hotspot, each voxel to its nearest hotspot.
  const activity = new Float64Array(kept.length);
  const r2 = options.radiusCm ** 2;
  for (let idx = 0; idx < activityMBq.length; idx++) {
    const a = activityMBq[idx] as number;
    if (!(a > 0)) continue;
    const c = voxelCentreCm(grid, idx);
    let best = -1;
    let bestD = r2;
    for (let h = 0; h < kept.length; h++) {
      const p = (kept[h] as (typeof kept)[number]).positionCm;
      const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = h;
      }
    }
    if (best >= 0) activity[best] = (activity[best] as number) + a;
  }
  const out = kept.map((h, i) => ({
    positionCm: h.positionCm,
    activityMBq: activity[i] as number,
    spreadMm: h.spreadMm,
    peakFraction: h.peak / max,
    relativeActivity: 0,
  }));
  out.sort((a, b) => b.activityMBq - a.activityMBq);
  const top = out[0]?.activityMBq ?? 0;
  for (const h of out) h.relativeActivity = top > 0 ? h.activityMBq / top : 0;
  return out;
}
