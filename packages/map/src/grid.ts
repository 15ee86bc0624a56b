// The voxel grid over the scanned region: across, the tips' footprint widened by `marginCm` (the operator
// scans over what matters; voxels seen only obliquely from afar are where limited-angle reconstructions put
// ghosts); along z, from the tips down to the grid depth, cut at the tissue surface when there is one.
import type { Issue, Outcome } from '@openrgs/outcome';
import type { PosedFrame } from './align.js';
import type { Medium } from './medium.js';
import type { Vec3 } from './vec.js';

export interface VoxelGrid {
  /** Centre of voxel (0, 0, 0), cm, patient frame. */
  originCm: Vec3;
  voxelSizeCm: number;
  /** Voxels along x, y, z. */
  dims: readonly [number, number, number];
}

export function voxelCount(grid: VoxelGrid): number {
  return grid.dims[0] * grid.dims[1] * grid.dims[2];
}

/** Index of voxel (i, j, k): x fastest. */
export function voxelIndex(grid: VoxelGrid, i: number, j: number, k: number): number {
  return i + grid.dims[0] * (j + grid.dims[1] * k);
}

export function voxelCentreCm(grid: VoxelGrid, index: number): Vec3 {
  const [nx, ny] = grid.dims;
  const i = index % nx;
  const j = Math.floor(index / nx) % ny;
  const k = Math.floor(index / (nx * ny));
  const s = grid.voxelSizeCm;
  return [grid.originCm[0] + i * s, grid.originCm[1] + j * s, grid.originCm[2] + k * s];
}

/** Why no voxel grid covers the scan (@openrgs/outcome's Issue, kind `invalid`). */
export type GridIssue = Issue & { code: 'no-poses' | 'bad-voxel-size' | 'grid-too-large' };

const gridIssue = (code: GridIssue['code'], message: string): Outcome<never, GridIssue> => ({
  ok: false,
  issues: [{ kind: 'invalid', code, message }],
});

export interface GridOptions {
  voxelSizeCm: number;
  /** How deep below the tip the grid reaches along each pose's direction, cm. */
  depthCm: number;
  medium: Medium;
  /** How far beyond the tips' footprint (x, y) the grid reaches, cm. */
  marginCm: number;
  /** Largest voxel count accepted (memory and time bound). */
  maxVoxels: number;
}

export function gridOverScan(
  frames: readonly Pick<PosedFrame, 'tipCm' | 'direction'>[],
  options: GridOptions,
): Outcome<VoxelGrid, GridIssue> {
  const s = options.voxelSizeCm;
  if (!(s > 0) || !Number.isFinite(s))
    return gridIssue('bad-voxel-size', `voxel size must be > 0 cm, got ${s}`);
  if (frames.length === 0) return gridIssue('no-poses', 'no posed frames: nothing to reconstruct');
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const f of frames) {
    for (let a = 0; a < 3; a++) {
      const v = f.tipCm[a] as number;
      if (v < (lo[a] as number)) lo[a] = v;
      if (v > (hi[a] as number)) hi[a] = v;
    }
    const deep = (f.tipCm[2] as number) + options.depthCm * (f.direction[2] as number);
    if (deep < (lo[2] as number)) lo[2] = deep;
  }
  for (const a of [0, 1]) {
    lo[a] = (lo[a] as number) - options.marginCm;
    hi[a] = (hi[a] as number) + options.marginCm;
  }
  if (options.medium.kind === 'tissue-below') hi[2] = Math.min(hi[2] as number, options.medium.surfaceZCm);
  if (options.medium.kind === 'tissue-below' && (hi[2] as number) <= (lo[2] as number))
    return gridIssue('no-poses', 'the probe never looks below the tissue surface: nothing to reconstruct');
  const dims = [0, 1, 2].map((a) => Math.max(1, Math.ceil(((hi[a] as number) - (lo[a] as number)) / s))) as [
    number,
    number,
    number,
  ];
  const total = dims[0] * dims[1] * dims[2];
  if (total > options.maxVoxels)
    return gridIssue(
      'grid-too-large',
      `the scanned region needs ${dims.join(' × ')} = ${total} voxels of ${s * 10} mm (limit ${options.maxVoxels}): use larger voxels or a smaller depth`,
    );
  const originCm: Vec3 = [0, 1, 2].map(
    (a) => ((lo[a] as number) + (hi[a] as number)) / 2 - ((dims[a] as number) * s) / 2 + s / 2,
  ) as unknown as Vec3;
  return { ok: true, value: { originCm, voxelSizeCm: s, dims } };
}
