// The virtual patient's geometry: a trunk (elliptic cylinder) and organs made of ellipsoids.
//
// Patient frame (cm): origin on the body axis at the level of the umbilicus; +x towards the patient's
// LEFT, +y towards the HEAD, +z ANTERIOR (the patient lies supine, the surgeon looks down −z).
// Anterior skin at the midline is at z = +11 cm.
// Organ volumes follow the ICRP Publication 89 (2002) reference adult male masses (liver 1800 g, spleen
// 150 g, kidneys 310 g, pancreas 140 g, adrenals 14 g; densities ≈ 1.05 g/mL); positions and shapes are a
// schematic abdomen (ours), not a segmented CT. Voxelisation assigns each voxel to the first organ in
// ORGAN_ORDER that contains it, the rest of the trunk to `remainder`.
import type { Vec3 } from './vec3.js';

export interface Ellipsoid {
  centerCm: Vec3;
  semiAxesCm: Vec3;
  /** Rotation about the anterior (z) axis, degrees, counter-clockwise seen from the front. */
  rotationZDeg: number;
}

export interface Trunk {
  semiAxisXCm: number;
  semiAxisZCm: number;
  yMinCm: number;
  yMaxCm: number;
  /**
   * Open abdomen: tissue anterior to this plane (z > zTopCm) is absent — the retracted abdominal wall and
   * the viscera lifted aside, so the probe works in air on the exposed surface. Undefined: closed body.
   */
  zTopCm?: number;
}

export const TRUNK: Trunk = { semiAxisXCm: 16, semiAxisZCm: 11, yMinCm: -32, yMaxCm: 32 };

export type TissueName =
  | 'spleen'
  | 'kidneys'
  | 'adrenals'
  | 'liver'
  | 'pancreas'
  | 'small-bowel'
  | 'colon'
  | 'blood-pool'
  | 'urinary-bladder'
  | 'remainder';

export const TISSUE_NAMES: readonly TissueName[] = [
  'spleen',
  'kidneys',
  'adrenals',
  'liver',
  'pancreas',
  'small-bowel',
  'colon',
  'blood-pool',
  'urinary-bladder',
  'remainder',
];

export interface Organ {
  tissue: Exclude<TissueName, 'remainder'>;
  label: string;
  parts: readonly Ellipsoid[];
}

const e = (center: Vec3, semi: Vec3, rotationZDeg = 0): Ellipsoid => ({
  centerCm: center,
  semiAxesCm: semi,
  rotationZDeg,
});

/** Organs in voxel-assignment priority (small, hot organs first). */
export const ORGANS: readonly Organ[] = [
  {
    tissue: 'adrenals',
    label: 'adrenal glands',
    parts: [e([4.8, 13.5, -5], [0.8, 1.6, 1.25], -20), e([-4.8, 12.5, -5], [0.8, 1.6, 1.25], 20)],
  },
  {
    tissue: 'kidneys',
    label: 'kidneys',
    parts: [e([6, 8, -6], [2.7, 5.6, 2.35], -15), e([-6, 6.5, -6], [2.7, 5.6, 2.35], 15)],
  },
  { tissue: 'spleen', label: 'spleen', parts: [e([10.5, 14, -4], [2.4, 5.5, 2.6], -20)] },
  {
    tissue: 'pancreas',
    label: 'pancreas (head/uncinate and body/tail)',
    parts: [e([-2.5, 9, -1.5], [2.3, 2.4, 1.8]), e([4.5, 10.5, -2], [5.5, 1.8, 1.8], 10)],
  },
  { tissue: 'liver', label: 'liver', parts: [e([-5.5, 13, 0], [9.5, 7.5, 5.7], 10)] },
  {
    tissue: 'blood-pool',
    label: 'heart and great vessels (blood pool)',
    parts: [e([2, 24, 2], [5, 6, 4.5]), e([1.5, 5, -4.5], [1.2, 18, 1.2]), e([-2.5, 5, -4], [1.3, 16, 1.3])],
  },
  { tissue: 'urinary-bladder', label: 'urinary bladder', parts: [e([0, -24, 2], [3.8, 3.8, 3.8])] },
  {
    tissue: 'colon',
    label: 'colon',
    parts: [
      e([-10, -4, 0], [2.5, 8, 2.5]),
      e([0, 4, 4], [10, 2.5, 2.5]),
      e([10, -4, -1], [2.3, 8, 2.3]),
      e([4, -18, 0], [4, 2, 2]),
    ],
  },
  { tissue: 'small-bowel', label: 'small bowel loops and mesentery', parts: [e([0, -6, 2], [9, 7, 4.5])] },
];

/** The trunk of a scenario: closed, or cut open at z = zTopCm. */
export function trunkWithOpening(zTopCm: number | null): Trunk {
  return zTopCm === null ? TRUNK : { ...TRUNK, zTopCm };
}

export function insideTrunk(p: Vec3, trunk: Trunk = TRUNK): boolean {
  if (p[1] < trunk.yMinCm || p[1] > trunk.yMaxCm) return false;
  if (trunk.zTopCm !== undefined && p[2] > trunk.zTopCm) return false;
  const u = p[0] / trunk.semiAxisXCm;
  const w = p[2] / trunk.semiAxisZCm;
  return u * u + w * w <= 1;
}

export function insideEllipsoid(el: Ellipsoid, p: Vec3): boolean {
  const dx = p[0] - el.centerCm[0];
  const dy = p[1] - el.centerCm[1];
  const dz = p[2] - el.centerCm[2];
  const a = (-el.rotationZDeg * Math.PI) / 180;
  const lx = dx * Math.cos(a) - dy * Math.sin(a);
  const ly = dx * Math.sin(a) + dy * Math.cos(a);
  const [sx, sy, sz] = el.semiAxesCm;
  return (lx / sx) ** 2 + (ly / sy) ** 2 + (dz / sz) ** 2 <= 1;
}

/** The tissue at a point: the first organ containing it, `remainder` inside the trunk, undefined outside. */
export function tissueAt(p: Vec3, trunk: Trunk = TRUNK): TissueName | undefined {
  if (!insideTrunk(p, trunk)) return undefined;
  for (const organ of ORGANS) if (organ.parts.some((part) => insideEllipsoid(part, p))) return organ.tissue;
  return 'remainder';
}

/**
 * Length (cm) of the segment a→b inside the trunk (the elliptic cylinder, capped at yMin/yMax): the tissue
 * a photon crosses between a source and the probe tip. Convex body, so the inside part is one interval.
 */
export function pathInTrunkCm(a: Vec3, b: Vec3, trunk: Trunk = TRUNK): number {
  return pathInTrunkXyz(a[0], a[1], a[2], b[0], b[1], b[2], trunk);
}

/** pathInTrunkCm without allocation (the per-source inner loop). */
export function pathInTrunkXyz(
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  trunk: Trunk = TRUNK,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const dz = bz - az;
  let lo = 0;
  let hi = 1;
  if (dy === 0) {
    if (ay < trunk.yMinCm || ay > trunk.yMaxCm) return 0;
  } else {
    let t0 = (trunk.yMinCm - ay) / dy;
    let t1 = (trunk.yMaxCm - ay) / dy;
    if (t0 > t1) [t0, t1] = [t1, t0];
    lo = Math.max(lo, t0);
    hi = Math.min(hi, t1);
    if (hi <= lo) return 0;
  }
  if (trunk.zTopCm !== undefined) {
    if (dz === 0) {
      if (az > trunk.zTopCm) return 0;
    } else {
      const tTop = (trunk.zTopCm - az) / dz;
      if (dz > 0) hi = Math.min(hi, tTop);
      else lo = Math.max(lo, tTop);
      if (hi <= lo) return 0;
    }
  }
  const px = ax / trunk.semiAxisXCm;
  const pz = az / trunk.semiAxisZCm;
  const ux = dx / trunk.semiAxisXCm;
  const uz = dz / trunk.semiAxisZCm;
  const qa = ux * ux + uz * uz;
  const qb = 2 * (px * ux + pz * uz);
  const qc = px * px + pz * pz - 1;
  if (qa === 0) {
    if (qc > 0) return 0;
  } else {
    const disc = qb * qb - 4 * qa * qc;
    if (disc <= 0) return 0;
    const root = Math.sqrt(disc);
    lo = Math.max(lo, (-qb - root) / (2 * qa));
    hi = Math.min(hi, (-qb + root) / (2 * qa));
    if (hi <= lo) return 0;
  }
  return (hi - lo) * Math.sqrt(dx * dx + dy * dy + dz * dz);
}
