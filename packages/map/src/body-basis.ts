// The body's own activity as nuisance columns of the system matrix: a coarse, low-resolution basis over a region much larger than the lesion grid (its footprint widened by `marginCm`, from
// the tissue surface down to `depthCm`). Each cell is a region of unknown uniform concentration whose
// expected counts per frame are the probe response integrated over the cell — the region-of-interest model
// of emission tomography, ML concentrations estimated from the projections by EM (Carson, "A maximum
// likelihood method for region-of-interest evaluation in emission tomography", J Comput Assist Tomogr
// 1986;10:654; EM with any non-negative basis: Shepp & Vardi, IEEE TMI 1982). The liver, spleen, kidneys
// and bowel then explain the counts that vary with the pose, instead of one uniform rate.
//
// The lattice is coarse on purpose (default 4 cm): a smooth body is well described by it, a 0.5–1.5 cm
// lesion is not, so a point source must still earn its place against it (point-fit.ts). Measured on the
// NET scenarios (docs/map.md): 2 cm cells absorbed most of a lesion's likelihood gain, 4 cm kept it.
// Integration: midpoint rule on sub-points `sampleCm` apart, through the half-space medium; only
// sub-points inside the probe's modelled cone count (detector-model.ts cutoff).
import type { PosedFrame } from './align.js';
import { type DetectorModel, responseCpsPerMBq } from './detector-model.js';
import type { VoxelGrid } from './grid.js';
import { type Medium, tissuePathCm } from './medium.js';

/**
 * A region of the body known from pre-operative imaging (a segmented organ, registered to the patient
 * frame) whose activity concentration is taken as uniform and unknown: one more column, Carson's ROI.
 */
export interface OrganTemplates {
  labels: readonly string[];
  /** Index into `labels` of the organ holding the point, −1 for none. */
  organOf(pointCm: readonly [number, number, number]): number;
}

/** Spacing of the points an organ template is integrated on, cm (finer than the hats: its edges are sharp). */
const ORGAN_SAMPLE_CM = 0.5;
/** Depth below the surface to which organ points are ORGAN_SAMPLE_CM apart (twice that deeper), cm. */
const NEAR_SURFACE_CM = 3;

export interface BodyBasisOptions {
  /** Cell edge, cm. */
  cellCm: number;
  /** Reach beyond the lesion grid's x–y extent, cm. */
  marginCm: number;
  /** Depth below the tissue surface, cm. */
  depthCm: number;
  /** Sub-point spacing of the integration, cm. */
  sampleCm: number;
  /**
   * Organs known from pre-op imaging: each its own column over the part inside the basis region (0.5 cm
   * points), left out of the hats. None by default.
   */
  organs?: OrganTemplates;
}

export const DEFAULT_BODY_BASIS: BodyBasisOptions = { cellCm: 4, marginCm: 8, depthCm: 14, sampleCm: 1 };

export interface BodyBasis {
  /** Basis functions (lattice nodes). */
  readonly cells: number;
  /** Node positions, cm (x, y, z per node); NaN for an organ template's column (it has no one place). */
  readonly centresCm: Float64Array;
  /** Expected counts per unit coefficient, one column per node, `rows` entries used. */
  columns: Float64Array[];
  rows: number;
  add(frames: readonly PosedFrame[]): void;
}

/** Deepest distance along the probe axis the body basis needs from the detector model, cm. */
export function bodyBasisReachCm(o: BodyBasisOptions): number {
  // A tip 1 cm off the surface tilted by up to 45° still reaches the basis floor.
  return (o.depthCm + 1) * Math.SQRT2;
}

/**
 * A body basis under the grid for tissue below a surface; null in air (nothing but the sources there).
 * The basis functions are trilinear "hat" functions on a lattice of `cellCm` spacing (each 1 at its node,
 * falling linearly to 0 at the neighbouring nodes): a smooth body is their sum, a point is not, and
 * unlike uniform cells they have no edges a point source could lean against (measured: 4 cm cells
 * pulled the phantom's nodes 3–5 mm off).
 * Throws on options that cannot make a lattice (an invariant of the callers' constants).
 */
export function createBodyBasis(options: {
  grid: VoxelGrid;
  medium: Medium;
  detector: DetectorModel;
  basis: BodyBasisOptions;
}): BodyBasis | null {
  const { grid, medium, detector, basis } = options;
  if (medium.kind !== 'tissue-below') return null;
  if (!(basis.cellCm > 0 && basis.sampleCm > 0 && basis.depthCm > 0 && basis.marginCm >= 0))
    throw new RangeError(`body basis: bad options ${JSON.stringify(basis)}`);
  const h = basis.cellCm;
  const s = grid.voxelSizeCm;
  const lo = [0, 1].map((a) => (grid.originCm[a] as number) - s / 2 - basis.marginCm);
  const span = [0, 1].map((a) => (grid.dims[a] as number) * s + 2 * basis.marginCm);
  const nx = Math.max(1, Math.ceil((span[0] as number) / h));
  const ny = Math.max(1, Math.ceil((span[1] as number) / h));
  const nz = Math.max(1, Math.ceil(basis.depthCm / h));
  const cellCount = nx * ny * nz;
  // Nodes: (nx + 1) × (ny + 1) × (nz + 1), x fastest.
  const mx = nx + 1;
  const my = ny + 1;
  const nodes = mx * my * (nz + 1);
  const surface = medium.surfaceZCm;
  const centresCm = new Float64Array(nodes * 3);
  for (let q = 0; q < nodes; q++) {
    centresCm[3 * q] = (lo[0] as number) + (q % mx) * h;
    centresCm[3 * q + 1] = (lo[1] as number) + (Math.floor(q / mx) % my) * h;
    centresCm[3 * q + 2] = surface - Math.floor(q / (mx * my)) * h;
  }
  // Sub-points of one cell (offsets from its top corner) and their trilinear weights on its 8 corners.
  const sub = Math.max(1, Math.round(h / basis.sampleCm));
  const perCell = sub * sub * sub;
  const offset = new Float64Array(perCell * 3);
  const weight = new Float64Array(perCell * 8);
  const cornerStep = [0, 1, mx, mx + 1, mx * my, mx * my + 1, mx * my + mx, mx * my + mx + 1];
  for (let p = 0, a = 0; a < sub; a++)
    for (let b = 0; b < sub; b++)
      for (let e = 0; e < sub; e++, p++) {
        const fx = (a + 0.5) / sub;
        const fy = (b + 0.5) / sub;
        const fz = (e + 0.5) / sub;
        offset[3 * p] = fx * h;
        offset[3 * p + 1] = fy * h;
        offset[3 * p + 2] = -fz * h;
        for (let k = 0; k < 8; k++)
          weight[8 * p + k] = (k & 1 ? fx : 1 - fx) * (k & 2 ? fy : 1 - fy) * (k & 4 ? fz : 1 - fz);
      }
  // Organ templates: their sub-points leave the hats, their own 0.5 cm points make their columns.
  const organs = basis.organs?.labels ?? [];
  const organOf = basis.organs?.organOf;
  const inOrgan = new Uint8Array(cellCount * perCell);
  const organPoints: Float64Array[] = [];
  if (organs.length > 0 && organOf) {
    const probe: [number, number, number] = [0, 0, 0];
    for (let c = 0; c < cellCount; c++) {
      const x0 = (lo[0] as number) + (c % nx) * h;
      const y0 = (lo[1] as number) + (Math.floor(c / nx) % ny) * h;
      const z0 = surface - Math.floor(c / (nx * ny)) * h;
      for (let p = 0; p < perCell; p++) {
        probe[0] = x0 + (offset[3 * p] as number);
        probe[1] = y0 + (offset[3 * p + 1] as number);
        probe[2] = z0 + (offset[3 * p + 2] as number);
        if (organOf(probe) >= 0) inOrgan[c * perCell + p] = 1;
      }
    }
    // 0.5 cm points near the surface, where the response changes fastest, 1 cm points (8 times the
    // weight) deeper than NEAR_SURFACE_CM.
    const pts: number[][] = organs.map(() => []);
    const add = (step: number, zTop: number, zBottom: number) => {
      for (let x = (lo[0] as number) + step / 2; x < (lo[0] as number) + nx * h; x += step)
        for (let y = (lo[1] as number) + step / 2; y < (lo[1] as number) + ny * h; y += step)
          for (let z = zTop - step / 2; z > zBottom; z -= step) {
            probe[0] = x;
            probe[1] = y;
            probe[2] = z;
            const o = organOf(probe);
            if (o >= 0) pts[o]?.push(x, y, z, step ** 3);
          }
    };
    const split = surface - Math.min(NEAR_SURFACE_CM, nz * h);
    add(ORGAN_SAMPLE_CM, surface, split);
    add(2 * ORGAN_SAMPLE_CM, split, surface - nz * h);
    for (const p of pts) organPoints.push(Float64Array.from(p));
  }
  const columnsTotal = nodes + organs.length;
  const allCentres = new Float64Array(columnsTotal * 3).fill(Number.NaN);
  allCentres.set(centresCm);
  let rhoMax = 0;
  for (const r of detector.cutoffRhoCm) if (r > rhoMax) rhoMax = r;
  const halfDiagonal = (h * Math.sqrt(3)) / 2;
  const reach = detector.maxZCm;
  let capacity = 256;
  const out: BodyBasis = {
    cells: columnsTotal,
    centresCm: allCentres,
    columns: Array.from({ length: columnsTotal }, () => new Float64Array(capacity)),
    rows: 0,
    add(frames) {
      if (out.rows + frames.length > capacity) {
        while (out.rows + frames.length > capacity) capacity *= 2;
        out.columns = out.columns.map((col) => {
          const grown = new Float64Array(capacity);
          grown.set(col.subarray(0, out.rows));
          return grown;
        });
      }
      const point: [number, number, number] = [0, 0, 0];
      const acc = new Float64Array(nodes);
      for (const f of frames) {
        const row = out.rows++;
        const [tx, ty, tz] = f.tipCm;
        const [ux, uy, uz] = f.direction;
        acc.fill(0);
        for (let c = 0; c < cellCount; c++) {
          const ci = c % nx;
          const cj = Math.floor(c / nx) % ny;
          const ck = Math.floor(c / (nx * ny));
          const x0 = (lo[0] as number) + ci * h;
          const y0 = (lo[1] as number) + cj * h;
          const z0 = surface - ck * h;
          // Whole cell behind the tip, beyond the model's depth or outside its widest cone: nothing.
          const cx = x0 + h / 2 - tx;
          const cy = y0 + h / 2 - ty;
          const cz = z0 - h / 2 - tz;
          const along = cx * ux + cy * uy + cz * uz;
          if (along < -halfDiagonal || along > reach + halfDiagonal) continue;
          const rho2 = Math.max(0, cx * cx + cy * cy + cz * cz - along * along);
          if (rho2 > (rhoMax + halfDiagonal) ** 2) continue;
          const base = ci + mx * (cj + my * ck);
          for (let p = 0; p < perCell; p++) {
            if (inOrgan[c * perCell + p] === 1) continue;
            point[0] = x0 + (offset[3 * p] as number);
            point[1] = y0 + (offset[3 * p + 1] as number);
            point[2] = z0 + (offset[3 * p + 2] as number);
            const rx = point[0] - tx;
            const ry = point[1] - ty;
            const rz = point[2] - tz;
            const z = rx * ux + ry * uy + rz * uz;
            if (z < 0 || z >= reach) continue;
            const r2 = rx * rx + ry * ry + rz * rz;
            const rho = Math.sqrt(Math.max(0, r2 - z * z));
            const r = responseCpsPerMBq(
              detector,
              rho,
              z,
              tissuePathCm(medium, point, f.tipCm, Math.sqrt(r2)),
            );
            if (!(r > 0)) continue;
            for (let k = 0; k < 8; k++) {
              const q = base + (cornerStep[k] as number);
              acc[q] = (acc[q] as number) + r * (weight[8 * p + k] as number);
            }
          }
        }
        const scale = f.liveTimeSeconds / perCell;
        for (let q = 0; q < nodes; q++) {
          const v = acc[q] as number;
          if (v > 0) (out.columns[q] as Float64Array)[row] = v * scale;
        }
        for (let o = 0; o < organPoints.length; o++) {
          const pts = organPoints[o] as Float64Array;
          let sum = 0;
          let volume = 0;
          for (let k = 0; k < pts.length; k += 4) {
            const w = pts[k + 3] as number;
            volume += w;
            point[0] = pts[k] as number;
            point[1] = pts[k + 1] as number;
            point[2] = pts[k + 2] as number;
            const rx = point[0] - tx;
            const ry = point[1] - ty;
            const rz = point[2] - tz;
            const z = rx * ux + ry * uy + rz * uz;
            if (z < 0 || z >= reach) continue;
            const r2 = rx * rx + ry * ry + rz * rz;
            const rho2 = r2 - z * z;
            if (rho2 > rhoMax * rhoMax) continue;
            sum +=
              w *
              responseCpsPerMBq(
                detector,
                Math.sqrt(Math.max(0, rho2)),
                z,
                tissuePathCm(medium, point, f.tipCm, Math.sqrt(r2)),
              );
          }
          // Per MBq spread evenly over the organ's volume in the region.
          if (sum > 0 && volume > 0)
            (out.columns[nodes + o] as Float64Array)[row] = (sum / volume) * f.liveTimeSeconds;
        }
      }
    },
  };
  return out;
}
