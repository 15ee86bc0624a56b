// A probe pose in the patient frame (anatomy.ts): where the tip is and where the probe points.
import { isFiniteVec3, normalize, type Vec3 } from './vec3.js';

export interface ProbePose {
  /** Centre of the probe's front face (tip), cm, patient frame. */
  positionCm: Vec3;
  /** Direction the probe looks (out of the tip, towards the tissue); any non-zero length, normalised on use. */
  direction: Vec3;
}

export type PoseIssue = { path: 'positionCm' | 'direction'; message: string };

/** Validates a pose from outside (UI, file, CLI); returns the pose with a unit direction. */
export function checkPose(pose: {
  positionCm: readonly number[];
  direction: readonly number[];
}): { ok: true; pose: ProbePose } | { ok: false; issue: PoseIssue } {
  if (!isFiniteVec3(pose.positionCm)) {
    return {
      ok: false,
      issue: {
        path: 'positionCm',
        message: `position must be three finite numbers (cm), got [${pose.positionCm.join(', ')}]`,
      },
    };
  }
  if (!isFiniteVec3(pose.direction)) {
    return {
      ok: false,
      issue: {
        path: 'direction',
        message: `direction must be three finite numbers, got [${pose.direction.join(', ')}]`,
      },
    };
  }
  const [dx, dy, dz] = pose.direction;
  const length = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (!(length > 1e-9))
    return { ok: false, issue: { path: 'direction', message: 'direction must not be the zero vector' } };
  return { ok: true, pose: { positionCm: [...pose.positionCm], direction: normalize(pose.direction) } };
}
