// Detection probability of the probe for one photon energy, for a point source at (ρ, z) in the probe frame
// (see probe-model.ts): the fraction of photons emitted isotropically by the source that reach the crystal
// through the collimator bore or through the shield metal, and interact in the crystal.
//
//   ε(ρ, z) = (1/4π) ∮_visible crystal surface  T_shield(S→P) · (1 − exp(−μ_crystal · chord(P))) · dΩ(P)
//
// with dΩ = (n·(S−P)) / |S−P|³ dA (solid angle subtended by a surface element), T_shield = exp(−μ_shield ·
// path length in shield metal along S→P) and chord(P) the path of the ray inside the crystal after entering
// at P. The crystal is convex, so every ray that hits it enters through exactly one visible face: summing
// the front, back and side faces that face the source counts each direction once. Quadrature: equal-area
// rings × sectors on the flat faces, midpoint rule on the side; mirror symmetry about the source's plane.
// Scatter inside the shield and the crystal's energy response are outside this function (see response.ts).
import type { ProbeModel } from './probe-model.js';
import type { Vec3 } from './vec3.js';

export interface DetectorGeometry {
  crystalRadiusCm: number;
  /** z of the crystal's front face (= −collimator length). */
  crystalFrontZCm: number;
  crystalBackZCm: number;
  boreRadiusCm: number;
  shieldOuterRadiusCm: number;
  /** z of the back end of the shield (behind the back shield plate). */
  shieldBackZCm: number;
}

export function detectorGeometry(model: ProbeModel): DetectorGeometry {
  const front = -model.shield.collimatorLengthCm;
  const back = front - model.crystal.thicknessCm;
  return {
    crystalRadiusCm: model.crystal.diameterCm / 2,
    crystalFrontZCm: front,
    crystalBackZCm: back,
    boreRadiusCm: model.shield.apertureDiameterCm / 2,
    shieldOuterRadiusCm: model.shield.outerDiameterCm / 2,
    shieldBackZCm: back - model.shield.backShieldCm,
  };
}

export interface DetectorCoefficients {
  /** Total linear attenuation coefficient of the crystal at this energy, 1/cm. */
  crystalPerCm: number;
  /** Total linear attenuation coefficient of the shield metal at this energy, 1/cm. */
  shieldPerCm: number;
}

/**
 * Length (cm) of the segment a→b inside the finite cylinder x² + y² < r², z0 ≤ z ≤ z1 (axis = z axis).
 * Exported for tests and for the Monte Carlo.
 */
export function segmentLengthInCylinder(a: Vec3, b: Vec3, radiusCm: number, z0: number, z1: number): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const dz = b[2] - a[2];
  let lo = 0;
  let hi = 1;
  if (dz === 0) {
    if (a[2] < z0 || a[2] > z1) return 0;
  } else {
    let t0 = (z0 - a[2]) / dz;
    let t1 = (z1 - a[2]) / dz;
    if (t0 > t1) [t0, t1] = [t1, t0];
    lo = Math.max(lo, t0);
    hi = Math.min(hi, t1);
    if (hi <= lo) return 0;
  }
  const qa = dx * dx + dy * dy;
  const qb = 2 * (a[0] * dx + a[1] * dy);
  const qc = a[0] * a[0] + a[1] * a[1] - radiusCm * radiusCm;
  if (qa === 0) {
    if (qc >= 0) return 0;
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

/** Path length (cm) in shield metal along the segment a→b. */
export function shieldPathCm(g: DetectorGeometry, a: Vec3, b: Vec3): number {
  const outer = segmentLengthInCylinder(a, b, g.shieldOuterRadiusCm, g.shieldBackZCm, 0);
  if (outer === 0) return 0;
  const bore = segmentLengthInCylinder(a, b, g.boreRadiusCm, g.crystalFrontZCm, 0);
  const crystal = segmentLengthInCylinder(a, b, g.crystalRadiusCm, g.crystalBackZCm, g.crystalFrontZCm);
  // Between the crystal's edge and the bore radius, behind the bore, is shield metal too (included in outer).
  return Math.max(0, outer - bore - crystal);
}

export interface QuadratureSize {
  rings: number;
  sectors: number;
  sideRows: number;
}

export const DEFAULT_QUADRATURE: QuadratureSize = { rings: 16, sectors: 24, sideRows: 10 };

/**
 * Detection probability per photon emitted isotropically at (ρ, 0, z) in the probe frame (interactions in
 * the crystal, before any energy window).
 */
export function pointDetectionProbability(
  g: DetectorGeometry,
  k: DetectorCoefficients,
  rhoCm: number,
  zCm: number,
  q: QuadratureSize = DEFAULT_QUADRATURE,
): number {
  const source: Vec3 = [rhoCm, 0, zCm];
  const rc = g.crystalRadiusCm;
  const chordLength = 100; // cm: longer than any crystal, so the segment from the entry point crosses it
  let sum = 0;

  const contribution = (p: Vec3, cosTimesArea: number): number => {
    const dx = p[0] - source[0];
    const dy = p[1] - source[1];
    const dz = p[2] - source[2];
    const dist2 = dx * dx + dy * dy + dz * dz;
    const dist = Math.sqrt(dist2);
    const dOmega = cosTimesArea / (dist2 * dist);
    const t = Math.exp(-k.shieldPerCm * shieldPathCm(g, source, p));
    if (t < 1e-300) return 0;
    const far: Vec3 = [
      p[0] + (dx / dist) * chordLength,
      p[1] + (dy / dist) * chordLength,
      p[2] + (dz / dist) * chordLength,
    ];
    const chord = segmentLengthInCylinder(p, far, rc, g.crystalBackZCm, g.crystalFrontZCm);
    return dOmega * t * -Math.expm1(-k.crystalPerCm * chord);
  };

  const flatFace = (zFace: number, heightCm: number) => {
    // Equal-area rings × sectors over the half disc φ ∈ [0, π]; doubled by mirror symmetry (y → −y).
    const dA = (Math.PI * rc * rc) / (q.rings * 2 * q.sectors);
    for (let i = 0; i < q.rings; i++) {
      const r = rc * Math.sqrt((i + 0.5) / q.rings);
      for (let j = 0; j < q.sectors; j++) {
        const phi = ((j + 0.5) * Math.PI) / q.sectors;
        sum += 2 * contribution([r * Math.cos(phi), r * Math.sin(phi), zFace], heightCm * dA);
      }
    }
  };

  if (zCm > g.crystalFrontZCm) flatFace(g.crystalFrontZCm, zCm - g.crystalFrontZCm);
  if (zCm < g.crystalBackZCm) flatFace(g.crystalBackZCm, g.crystalBackZCm - zCm);
  if (rhoCm > rc) {
    const phiMax = Math.acos(rc / rhoCm);
    const height = g.crystalFrontZCm - g.crystalBackZCm;
    const dPhi = phiMax / q.sectors;
    const dZ = height / q.sideRows;
    for (let i = 0; i < q.sideRows; i++) {
      const z = g.crystalBackZCm + (i + 0.5) * dZ;
      for (let j = 0; j < q.sectors; j++) {
        const phi = (j + 0.5) * dPhi;
        const cosFactor = rhoCm * Math.cos(phi) - rc; // n·(S − P) with n = (cos φ, sin φ, 0)
        sum += 2 * contribution([rc * Math.cos(phi), rc * Math.sin(phi), z], cosFactor * rc * dPhi * dZ);
      }
    }
  }
  return sum / (4 * Math.PI);
}
