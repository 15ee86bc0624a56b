// From a tracked tool's transform to the probe's tip and viewing direction in the patient frame (cm): the
// calibration gives the tip in the tool's coordinates (pivot calibration, mm) and the probe's axis there;
// the registration maps the tracker's reference frame to the patient frame (identity: the reference is
// aligned with the patient frame, +x patient left, +y head, +z anterior, in mm).
import type { RigidTransform } from './content.js';

export interface ProbeCalibration {
  /** Tip position in the tool's coordinates, mm (rgs map calibrate). */
  tipMm: [number, number, number];
  /** Direction the probe looks, in the tool's coordinates (any non-zero length). */
  axis: [number, number, number];
}

export function applyRotation(r: RigidTransform['rotation'], v: readonly number[]): [number, number, number] {
  return [
    r[0] * (v[0] as number) + r[1] * (v[1] as number) + r[2] * (v[2] as number),
    r[3] * (v[0] as number) + r[4] * (v[1] as number) + r[5] * (v[2] as number),
    r[6] * (v[0] as number) + r[7] * (v[1] as number) + r[8] * (v[2] as number),
  ];
}

/** The tip (cm) and unit direction in the reference frame for a tool transform and a calibration. */
export function probePoseOf(
  toolToReference: RigidTransform,
  calibration: ProbeCalibration,
): { positionCm: [number, number, number]; direction: [number, number, number] } {
  const tip = applyRotation(toolToReference.rotation, calibration.tipMm);
  const axis = applyRotation(toolToReference.rotation, calibration.axis);
  const n = Math.hypot(...axis);
  if (!(n > 0)) throw new RangeError('probe calibration: the axis must not be the zero vector');
  return {
    positionCm: [0, 1, 2].map(
      (k) => ((tip[k] as number) + (toolToReference.translationMm[k] as number)) / 10,
    ) as [number, number, number],
    direction: axis.map((c) => c / n) as [number, number, number],
  };
}
