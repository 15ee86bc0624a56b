// A probe pose in the patient frame (anatomy.ts): where the tip is and where the probe points.
import type { Issue, Outcome } from '@openrgs/outcome';
import { isFiniteVec3, normalize, type Vec3 } from './vec3.js';

export interface ProbePose {
  /** Centre of the probe's front face (tip), cm, patient frame. */
  positionCm: Vec3;
  /** Direction the probe looks (out of the tip, towards the tissue); any non-zero length, normalised on use. */
  direction: Vec3;
}

/** A pose the simulator refuses (@openrgs/outcome's Issue, kind `invalid`, code `bad-pose`), at its field. */
export type PoseIssue = Issue & { path: 'positionCm' | 'direction' };

const poseIssue = (path: PoseIssue['path'], message: string): PoseIssue => ({
  kind: 'invalid',
  code: 'bad-pose',
  message,
  path,
});

/** Validates a pose from outside (UI, file, CLI); returns the pose with a unit direction. */
export function checkPose(pose: {
  positionCm: readonly number[];
  direction: readonly number[];
}): Outcome<ProbePose, PoseIssue> {
  if (!isFiniteVec3(pose.positionCm)) {
    return {
      ok: false,
      issues: [
        poseIssue(
          'positionCm',
          `position must be three finite numbers (cm), got [${pose.positionCm.join(', ')}]`,
        ),
      ],
    };
  }
  if (!isFiniteVec3(pose.direction)) {
    return {
      ok: false,
      issues: [
        poseIssue('direction', `direction must be three finite numbers, got [${pose.direction.join(', ')}]`),
      ],
    };
  }
  const [dx, dy, dz] = pose.direction;
  const length = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (!(length > 1e-9))
    return { ok: false, issues: [poseIssue('direction', 'direction must not be the zero vector')] };
  return { ok: true, value: { positionCm: [...pose.positionCm], direction: normalize(pose.direction) } };
}
