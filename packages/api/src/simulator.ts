// A simulated station's extras for the demo view: moving its probe, switching its faults, and the virtual
// patient's coronal body map (@openrgs/sim's BodyMap as JSON; wire-contract.test.ts pins it). Units cm,
// patient frame: x to the patient's left, y to the head, z anterior.
import { z } from 'zod';

const coordinateCm = z.number().min(-1000).max(1000);
const Vec3 = z.tuple([z.number(), z.number(), z.number()]).readonly();
const Point = z.tuple([z.number(), z.number()]);

/** `POST /api/stations/:id/pose`: where the simulated probe's tip is and where it looks. */
export const PoseRequest = z
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

/**
 * `POST /api/stations/:id/pose`'s body as the route takes it: read only once the station is known to be
 * simulated (a probe station answers 409 whatever the body), with that station's own pose schema — a
 * simulated station's is PoseRequest.
 */
export const PoseBody = z.unknown();

/** `GET|POST /api/stations/:id/pose`: the simulated probe's pose now. */
export const StationPose = z.object({
  stationId: z.string(),
  pose: z.object({ positionCm: Vec3, direction: Vec3 }),
});

/** `POST /api/stations/:id/faults`: switch the simulated probe's faults on or off. */
export const FaultsRequest = z.strictObject({
  silent: z.boolean().optional(),
  garbage: z.boolean().optional(),
  disconnected: z.boolean().optional(),
  /** The probe lifted off the patient: it counts only its own background (a near-zero background site). */
  lifted: z.boolean().optional(),
});

/** The faults a simulated probe has now (the answer of `POST /api/stations/:id/faults`). */
export const FaultFlags = z.object({
  silent: z.boolean(),
  garbage: z.boolean(),
  disconnected: z.boolean(),
  lifted: z.boolean().optional(),
});

/** `GET /api/stations/:id/body-map`: the simulated patient, coronal, for drawing. */
export const BodyMap = z.object({
  plane: z.literal('coronal'),
  units: z.literal('cm'),
  axes: z.object({ x: z.literal('patient left'), y: z.literal('head') }),
  /** Trunk outline polygon; null when the scenario has no patient (QC jig). */
  outlineCm: z.array(Point).nullable(),
  organs: z.array(
    z.object({
      tissue: z.string(),
      label: z.string(),
      parts: z.array(
        z.object({
          centerCm: Point,
          semiAxesCm: Point,
          rotationDeg: z.number(),
          polygonCm: z.array(Point),
          depthBelowSurfaceCm: Point,
        }),
      ),
    }),
  ),
  lesions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      xCm: z.number(),
      yCm: z.number(),
      zCm: z.number(),
      depthBelowSurfaceCm: z.number(),
      diameterCm: z.number(),
      imaging: z.enum(['seen', 'indeterminate', 'not-seen']),
      palpable: z.boolean(),
      tumour: z.boolean(),
    }),
  ),
  /** Suggested background sites (normal tissue of the lesions' kind); optional: older servers omit them. */
  backgroundSites: z
    .array(z.object({ label: z.string(), xCm: z.number(), yCm: z.number(), tissue: z.string().nullable() }))
    .optional(),
  backgroundAdvice: z.string().optional(),
  /** z (cm) at which a demo holds the probe tip; the probe points along −z. */
  surveyPlaneZCm: z.number(),
  /** Open abdomen: z of the exposed plane (cm); null for a closed body. */
  openAbdomenZCm: z.number().nullable(),
  probeDirection: Vec3,
  boundsCm: z.object({ xMin: z.number(), xMax: z.number(), yMin: z.number(), yMax: z.number() }),
});
export type BodyMap = z.infer<typeof BodyMap>;
