// The system matrix A (counts per MBq): A[i][j] = live time of frame i × the probe response (cps/MBq) to a
// point source at voxel j's centre, from the frame's pose. Sparse, one row per frame (CSR): only voxels
// inside the probe's sensitive cone (detector-model.ts cutoff) are kept. Rows are appended as frames
// arrive, so a live reconstruction extends the matrix instead of rebuilding it.
import type { PosedFrame } from './align.js';
import { type DetectorModel, responseCpsPerMBq } from './detector-model.js';
import { type VoxelGrid, voxelCount } from './grid.js';
import { type Medium, tissuePathCm } from './medium.js';

export interface SystemMatrix {
  grid: VoxelGrid;
  rows: number;
  /** Row i spans entries rowStart[i] … rowStart[i + 1] − 1. */
  rowStart: Int32Array;
  column: Int32Array;
  /** Expected counts per MBq. */
  value: Float32Array;
  entries: number;
  /** Live time per row (s): the background term's column. */
  liveSeconds: Float64Array;
  counts: Float64Array;
}

export function emptySystemMatrix(
  grid: VoxelGrid,
  capacityRows = 256,
  capacityEntries = 1 << 16,
): SystemMatrix {
  return {
    grid,
    rows: 0,
    rowStart: new Int32Array(capacityRows + 1),
    column: new Int32Array(capacityEntries),
    value: new Float32Array(capacityEntries),
    entries: 0,
    liveSeconds: new Float64Array(capacityRows),
    counts: new Float64Array(capacityRows),
  };
}

function grow<T extends Int32Array | Float32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export interface ModelContext {
  model: DetectorModel;
  medium: Medium;
}

/** Appends one frame's row; returns the number of voxels it sees. */
export function appendFrame(m: SystemMatrix, frame: PosedFrame, ctx: ModelContext): number {
  const { grid } = m;
  const { model, medium } = ctx;
  const [nx, ny, nz] = grid.dims;
  const s = grid.voxelSizeCm;
  const [ox, oy, oz] = grid.originCm;
  const [tx, ty, tz] = frame.tipCm;
  const [ux, uy, uz] = frame.direction;
  let rhoMax = 0;
  for (const r of model.cutoffRhoCm) if (r > rhoMax) rhoMax = r;
  const zMax = model.maxZCm;
  // Box around the cone: the segment tip → tip + zMax·u widened by ρmax.
  const box = (t: number, u: number, o: number, n: number) => {
    const a = Math.min(t, t + zMax * u) - rhoMax;
    const b = Math.max(t, t + zMax * u) + rhoMax;
    return [Math.max(0, Math.floor((a - o) / s)), Math.min(n - 1, Math.ceil((b - o) / s))] as const;
  };
  const [i0, i1] = box(tx, ux, ox, nx);
  const [j0, j1] = box(ty, uy, oy, ny);
  const [k0, k1] = box(tz, uz, oz, nz);
  const row = m.rows;
  m.rowStart = grow(m.rowStart, row + 2);
  m.liveSeconds = grow(m.liveSeconds, row + 1);
  m.counts = grow(m.counts, row + 1);
  const live = frame.liveTimeSeconds;
  let e = m.entries;
  const rhoMax2 = rhoMax * rhoMax;
  const voxel: [number, number, number] = [0, 0, 0];
  for (let k = k0; k <= k1; k++) {
    const z = oz + k * s;
    const rz = z - tz;
    for (let j = j0; j <= j1; j++) {
      const y = oy + j * s;
      const ry = y - ty;
      for (let i = i0; i <= i1; i++) {
        const x = ox + i * s;
        const rx = x - tx;
        const along = rx * ux + ry * uy + rz * uz;
        if (along < 0 || along >= zMax) continue;
        const r2 = rx * rx + ry * ry + rz * rz;
        const rho2 = r2 - along * along;
        if (rho2 > rhoMax2) continue;
        voxel[0] = x;
        voxel[1] = y;
        voxel[2] = z;
        const r = Math.sqrt(r2);
        const cps = responseCpsPerMBq(
          model,
          rho2 > 0 ? Math.sqrt(rho2) : 0,
          along,
          tissuePathCm(medium, voxel, frame.tipCm, r),
        );
        if (!(cps > 0)) continue;
        if (e >= m.column.length) {
          m.column = grow(m.column, e + 1);
          m.value = grow(m.value, e + 1);
        }
        m.column[e] = i + nx * (j + ny * k);
        m.value[e] = cps * live;
        e++;
      }
    }
  }
  const seen = e - m.entries;
  m.entries = e;
  m.liveSeconds[row] = live;
  m.counts[row] = frame.counts;
  m.rows = row + 1;
  m.rowStart[m.rows] = e;
  return seen;
}

export function buildSystemMatrix(
  grid: VoxelGrid,
  frames: readonly PosedFrame[],
  ctx: ModelContext,
): SystemMatrix {
  const m = emptySystemMatrix(grid, frames.length, Math.max(1 << 16, frames.length * 256));
  for (const f of frames) appendFrame(m, f, ctx);
  return m;
}

/** Σ_i A[i][j]: how much each voxel is seen over the scan (counts per MBq). */
export function sensitivity(m: SystemMatrix): Float64Array {
  const out = new Float64Array(voxelCount(m.grid));
  for (let e = 0; e < m.entries; e++) {
    const c = m.column[e] as number;
    out[c] = (out[c] as number) + (m.value[e] as number);
  }
  return out;
}
