// Request bodies for moving a simulated probe and switching its faults (kept apart from the simulator
// so the API can be described and validated without loading it).
import { z } from 'zod';

const coordinateCm = z.number().min(-1000).max(1000);
export const PoseBody = z
  .strictObject({
    /** Probe tip, cm, patient frame (x: patient left, y: head, z: anterior). */
    positionCm: z.tuple([coordinateCm, coordinateCm, coordinateCm]),
    /** Where the probe looks; any non-zero length. */
    direction: z.tuple([z.number().min(-1).max(1), z.number().min(-1).max(1), z.number().min(-1).max(1)]),
  })
  .refine((p) => Math.hypot(...p.direction) > 1e-6, {
    message: 'must not be the zero vector',
    path: ['direction'],
  });

export const FaultsBody = z.strictObject({
  silent: z.boolean().optional(),
  garbage: z.boolean().optional(),
  disconnected: z.boolean().optional(),
  /** The probe lifted off the patient: it counts only its own background (a near-zero background site). */
  lifted: z.boolean().optional(),
});
