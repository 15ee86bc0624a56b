// What lies between a voxel and the probe: nothing (a source in air) or tissue below a horizontal surface
// (a water phantom, the exposed surface of an open abdomen, the skin approximated by a plane).
import type { Vec3 } from './vec.js';

export type Medium = { kind: 'air' } | { kind: 'tissue-below'; surfaceZCm: number };

/**
 * Length of tissue (cm) on the straight line from a voxel to the tip: the part below z = surface. Voxel and
 * tip both below: the whole distance; tip above: the fraction of the line under the plane.
 */
export function tissuePathCm(medium: Medium, voxel: Vec3, tip: Vec3, distanceCm: number): number {
  if (medium.kind === 'air') return 0;
  const s = medium.surfaceZCm;
  const zv = voxel[2];
  const zt = tip[2];
  if (zv >= s && zt >= s) return 0;
  if (zv <= s && zt <= s) return distanceCm;
  const below = zv < s ? s - zv : s - zt;
  return (distanceCm * below) / Math.abs(zt - zv);
}
