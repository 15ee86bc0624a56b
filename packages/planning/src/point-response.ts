// A closed-form point response of a collimated probe in tissue, for hand-worked tests and for planning
// runs before a probe model is plugged in. The photon data (energies, yields, attenuation coefficients)
// are arguments: they come from @openrgs/physics, this file carries none.
//
// cps(z, ρ) per MBq = 10⁶ · Σᵢ yᵢ · εᵢ · Ω(z, ρ)/4π · exp(−μᵢ·r)
//   Ω on axis: solid angle of the crystal disc (radius a) at distance z + L behind a collimator of
//   length L:  2π(1 − (z+L)/√((z+L)² + a²)).
//   Off axis: Ω is scaled by the fraction of the crystal seen through the bore (overlap of two discs:
//   the aperture, radius a at the face, and the crystal projected from the source onto the face plane,
//   radius a·z/(z+L), centre ρ·L/(z+L)) and by cos θ (crystal face inclined to the ray).
//   r = √(z² + ρ²) is the tissue path: the probe face rests on the tissue (Attix, Introduction to
//   Radiological Physics, ch. 3; narrow-beam attenuation, scatter into the window ignored).
import type { PointResponse } from './geometry.js';

export interface CollimatedProbeGeometry {
  apertureRadiusCm: number;
  collimatorLengthCm: number;
}

export interface DetectedLine {
  /** Photons per decay. */
  yieldPerDecay: number;
  /** Counts per photon reaching the crystal (intrinsic peak efficiency in the counting window). */
  intrinsicEfficiency: number;
  /** Linear attenuation coefficient of soft tissue at this energy (1/cm). */
  tissueMuPerCm: number;
}

/** Area of the intersection of two discs with radii r1, r2 whose centres are d apart. */
export function discOverlapArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  if (d <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2;
  const a1 = r1 * r1 * Math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1));
  const a2 = r2 * r2 * Math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2));
  const k = 0.5 * Math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2));
  return a1 + a2 - k;
}

export function collimatedPointResponse(
  geometry: CollimatedProbeGeometry,
  lines: readonly DetectedLine[],
): PointResponse {
  const a = geometry.apertureRadiusCm;
  const L = geometry.collimatorLengthCm;
  return (z: number, rho: number) => {
    if (z <= 0) return 0;
    const depth = z + L;
    const omegaAxis = 2 * Math.PI * (1 - depth / Math.sqrt(depth * depth + a * a));
    let visible = 1;
    if (rho > 0 && L > 0) {
      const projectedRadius = (a * z) / depth;
      const shift = (rho * L) / depth;
      visible = discOverlapArea(a, projectedRadius, shift) / (Math.PI * projectedRadius * projectedRadius);
    }
    if (visible <= 0) return 0;
    const r = Math.sqrt(z * z + rho * rho);
    const cosTheta = depth / Math.sqrt(depth * depth + rho * rho);
    let sum = 0;
    for (const line of lines)
      sum += line.yieldPerDecay * line.intrinsicEfficiency * Math.exp(-line.tissueMuPerCm * r);
    return 1e6 * sum * (omegaAxis / (4 * Math.PI)) * visible * cosTheta;
  };
}
