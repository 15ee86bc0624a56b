// The dose request as JSON (server, console): the tracer and timing fields of PLAN.json plus the dose
// options. Validated with zod; errors name the field.
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from './dose.js';
import type { DoseRequest } from './dose-report.js';
import { customTracerSchema, kineticsOverridesSchema, type Plan } from './plan-schema.js';
import { resolveTracer } from './resolve-tracer.js';
import { findTracer, TRACER_PRESETS } from './tracers.js';

const iso = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 time with a zone, e.g. 2026-03-10T08:30:00+01:00',
});
const roles = z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]], {
  error: `must be one of ${STAFF_ROLES.join(', ')}`,
});
const perRole = (schema: z.ZodNumber) =>
  z.strictObject(
    Object.fromEntries(STAFF_ROLES.map((r) => [r, schema.optional()])) as Record<
      StaffRole,
      z.ZodOptional<z.ZodNumber>
    >,
  );

export const doseRequestSchema = z
  .strictObject({
    tracer: z.string().min(1),
    customTracer: customTracerSchema.optional(),
    kineticsOverrides: kineticsOverridesSchema.optional(),
    injectedActivityMBq: z.number().positive('must be greater than 0 MBq').max(20000),
    injectedAt: iso,
    surgeryStart: iso,
    surgeryDurationMinutes: z.number().positive('must be greater than 0 min').max(1440),
    selfAttenuation: z.number().gt(0).max(1, 'must be at most 1').optional(),
    sourceDepthCm: z.number().min(0).max(50).optional(),
    distancesCm: perRole(z.number().min(0, 'must be at least 0 cm').max(1000)).optional(),
    occupancy: perRole(z.number().min(0).max(1, 'must be at most 1')).optional(),
    pregnantRoles: z.array(roles).max(4).optional(),
    pregnancyLimitMilliSv: z.number().positive('must be greater than 0 mSv').optional(),
    specimens: z
      .array(
        z.strictObject({
          label: z.string().trim().min(1).max(80),
          activityMBq: z.number().min(0, 'must be at least 0 MBq'),
          massG: z.number().positive('must be greater than 0 g'),
          /** Default: end of surgery. */
          measuredAt: iso.optional(),
        }),
      )
      .max(100)
      .optional(),
    clearanceBqPerG: z.number().positive('must be greater than 0 Bq/g').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.tracer === 'custom' && r.customTracer === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['customTracer'],
        message: 'is required when tracer is "custom"',
      });
    if (r.tracer !== 'custom' && findTracer(r.tracer) === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tracer'],
        message: `'${r.tracer}' is not a tracer preset; one of ${TRACER_PRESETS.map((t) => t.id).join(', ')} or "custom"`,
      });
    if (Date.parse(r.surgeryStart) < Date.parse(r.injectedAt))
      ctx.addIssue({ code: 'custom', path: ['surgeryStart'], message: 'must not be before injectedAt' });
  });

export type DoseRequestJson = z.infer<typeof doseRequestSchema>;

/** Turns a validated JSON request into the DoseRequest of computeDose. */
export function doseRequestFromJson(r: DoseRequestJson): DoseRequest {
  const planLike: Plan = {
    tracer: r.tracer,
    ...(r.customTracer ? { customTracer: r.customTracer } : {}),
    ...(r.kineticsOverrides ? { kineticsOverrides: r.kineticsOverrides } : {}),
    injectedActivityMBq: r.injectedActivityMBq,
    injectedAt: r.injectedAt,
    surgeryStart: r.surgeryStart,
    surgeryDurationMinutes: r.surgeryDurationMinutes,
    probe: 'none',
    lesions: [{ label: 'none', diameterMm: 1, depthCm: 1, uptakeRatio: 1 }],
  };
  const endMs = Date.parse(r.surgeryStart) + r.surgeryDurationMinutes * 60_000;
  const strip = <T extends object>(o: T | undefined) =>
    o === undefined
      ? undefined
      : (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<
          Record<StaffRole, number>
        >);
  const distancesCm = strip(r.distancesCm);
  const occupancy = strip(r.occupancy);
  return {
    tracer: resolveTracer(planLike),
    injectedActivityMBq: r.injectedActivityMBq,
    injectedAt: r.injectedAt,
    surgeryStart: r.surgeryStart,
    surgeryDurationMinutes: r.surgeryDurationMinutes,
    ...(r.selfAttenuation === undefined ? {} : { selfAttenuation: r.selfAttenuation }),
    ...(r.sourceDepthCm === undefined ? {} : { sourceDepthCm: r.sourceDepthCm }),
    ...(distancesCm === undefined ? {} : { distancesCm }),
    ...(occupancy === undefined ? {} : { occupancy }),
    ...(r.pregnantRoles === undefined ? {} : { pregnantRoles: r.pregnantRoles }),
    ...(r.pregnancyLimitMilliSv === undefined ? {} : { pregnancyLimitMilliSv: r.pregnancyLimitMilliSv }),
    ...(r.clearanceBqPerG === undefined ? {} : { clearanceBqPerG: r.clearanceBqPerG }),
    specimens: (r.specimens ?? []).map((s) => ({
      label: s.label,
      activityMBq: s.activityMBq,
      massG: s.massG,
      measuredAtMs: s.measuredAt === undefined ? endMs : Date.parse(s.measuredAt),
    })),
  };
}
