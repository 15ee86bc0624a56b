// A local refinement of the body basis around a hotspot: trilinear hats on a finer lattice (default 2 cm,
// half the body basis's 4 cm) in a box centred on it, one of them on it. The alternative a source must
// beat: where the body's own uptake has more shape than 4 cm hats follow (a hot organ's edge close under
// the surface), a point or sphere fits that shape's misfit, and so does a finer body. The two models are
// not nested; they are compared by Vuong's test (point-fit.ts `refinement`, refinementZ): the source
// is dropped when the refinement explains the frames significantly better. A lesion — compact, hotter
// than its surroundings — is explained at least as well by a source; an organ's edge better by the hats.
//
// Integration as the body basis (body-basis.ts): the response summed on sub-points `sampleCm` apart,
// each sub-point's value shared among the 8 hats around it by its trilinear weights; sub-points above the
// tissue surface hold nothing.
import type { PosedFrame } from './align.js';
import type { DetectorModel } from './detector-model.js';
import type { Medium } from './medium.js';
import { pointResponse } from './point-response.js';
import type { Vec3 } from './vec.js';

export interface LocalRefinementOptions {
  /** Lattice spacing of the fine hats, cm. */
  spacingCm: number;
  /** Nodes each side of the centre along each axis (2: a 5 × 5 × 5 lattice). */
  halfNodes: number;
  /** Sub-point spacing of the integration, cm. */
  sampleCm: number;
}

export const DEFAULT_LOCAL_REFINEMENT: LocalRefinementOptions = { spacingCm: 2, halfNodes: 2, sampleCm: 1 };

/**
 * The fine hats' columns (expected counts per unit coefficient, per frame): hats whose support lies above
 * the surface, or that no frame sees, are left out.
 */
export function localRefinementColumns(
  o: { frames: readonly PosedFrame[]; model: DetectorModel; medium: Medium },
  centreCm: Vec3,
  r: LocalRefinementOptions,
): Float64Array[] {
  const h = r.spacingCm;
  const m = 2 * r.halfNodes + 1;
  const n = o.frames.length;
  const lo = [0, 1, 2].map((a) => (centreCm[a] as number) - r.halfNodes * h);
  const columns = Array.from({ length: m * m * m }, () => new Float64Array(n));
  const surface = o.medium.kind === 'tissue-below' ? o.medium.surfaceZCm : Number.POSITIVE_INFINITY;
  // Sub-points over the lattice's cells: (m − 1) cells per axis, `sub` points per cell edge; the outer
  // half-hats beyond the lattice are left out (the coarse hats hold that part of the body).
  const sub = Math.max(1, Math.round(h / r.sampleCm));
  const pointsPerAxis = (m - 1) * sub;
  const step = h / sub;
  const response = new Float64Array(n);
  for (let a = 0; a < pointsPerAxis; a++)
    for (let b = 0; b < pointsPerAxis; b++)
      for (let c = 0; c < pointsPerAxis; c++) {
        const x = (lo[0] as number) + (a + 0.5) * step;
        const y = (lo[1] as number) + (b + 0.5) * step;
        const z = (lo[2] as number) + (c + 0.5) * step;
        if (z > surface) continue;
        let seen = false;
        for (let i = 0; i < n; i++) {
          const v =
            pointResponse(o, o.frames[i] as PosedFrame, x, y, z) *
            (o.frames[i] as PosedFrame).liveTimeSeconds;
          response[i] = v;
          if (v > 0) seen = true;
        }
        if (!seen) continue;
        const cell = [Math.floor(a / sub), Math.floor(b / sub), Math.floor(c / sub)] as const;
        const f = [((a % sub) + 0.5) / sub, ((b % sub) + 0.5) / sub, ((c % sub) + 0.5) / sub] as const;
        for (let corner = 0; corner < 8; corner++) {
          const dx = corner & 1;
          const dy = (corner >> 1) & 1;
          const dz = (corner >> 2) & 1;
          const w = (dx ? f[0] : 1 - f[0]) * (dy ? f[1] : 1 - f[1]) * (dz ? f[2] : 1 - f[2]);
          const node = cell[0] + dx + m * (cell[1] + dy + m * (cell[2] + dz));
          const col = columns[node] as Float64Array;
          for (let i = 0; i < n; i++) col[i] = (col[i] as number) + w * (response[i] as number);
        }
      }
  return columns.filter((col) => col.some((v) => v > 0));
}
