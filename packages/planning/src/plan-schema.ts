// PLAN.json: the input of `rgs plan` and of the console's planning page. Parsed with zod at the boundary;
// every error names the field by its JSON path (e.g. `lesions[1].depthCm`) in words a clinician can act on.
import type { Issue, Outcome } from '@openrgs/outcome';
import { z } from 'zod';
import { findTracer, TRACER_PRESETS } from './tracers.js';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const isoInstant = z
  .string()
  .regex(ISO_WITH_ZONE, 'must be an ISO-8601 time with a zone, e.g. 2026-03-10T08:30:00+01:00')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid date');

const positive = (unit: string) =>
  z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : `must be a number (${unit})`) })
    .refine(Number.isFinite, 'must be finite')
    .pipe(
      z.number().positive(unit === 'ratio' ? 'must be greater than 0' : `must be greater than 0 ${unit}`),
    );

export const ORGANS = ['liver', 'kidney', 'spleen'] as const;

export const lesionSchema = z.strictObject({
  label: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  diameterMm: positive('mm').pipe(z.number().max(200, 'must be at most 200 mm')),
  /** Depth of the lesion centre below the surface the probe rests on. */
  depthCm: z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number (cm)') })
    .refine(Number.isFinite, 'must be finite')
    .pipe(z.number().min(0, 'must be at least 0 cm').max(30, 'must be at most 30 cm')),
  /** Lesion ÷ normal-tissue concentration ratio from pre-op SPECT or PET. */
  uptakeRatio: positive('ratio').pipe(z.number().max(1000, 'must be at most 1000')),
  /** When the ratio was measured, hours after injection of the planned tracer (default: the tracer's reference time). */
  uptakeRatioMeasuredAtHours: positive('h').pipe(z.number().max(400, 'must be at most 400 h')).optional(),
  /** Tissue thickness in front of the probe at this lesion (cm); overrides the plan's tissueThicknessCm. */
  tissueThicknessCm: positive('cm').pipe(z.number().max(30, 'must be at most 30 cm')).optional(),
  nearbyOrgan: z
    .enum([...ORGANS, 'none'], { error: `must be one of ${[...ORGANS, 'none'].join(', ')}` })
    .optional(),
});

const kineticFields = {
  referenceTimeHours: positive('h'),
  backgroundToBodyRatio: positive('ratio'),
  retentionFastFraction: z
    .number({ error: 'must be a number between 0 and 1' })
    .min(0, 'must be at least 0')
    .max(1, 'must be at most 1'),
  retentionFastHalfLifeHours: positive('h'),
  retentionSlowHalfLifeHours: positive('h'),
  tumourUptakeHalfLifeHours: positive('h'),
  tumourRetentionHalfLifeHours: positive('h'),
};
export type KineticField = keyof typeof kineticFields;
export const KINETIC_FIELDS = Object.keys(kineticFields) as KineticField[];

const organRatios = z.strictObject({
  liver: positive('ratio').optional(),
  kidney: positive('ratio').optional(),
  spleen: positive('ratio').optional(),
});

export const kineticsOverridesSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(kineticFields).map(([k, v]) => [k, v.optional()])),
  organToBackgroundRatio: organRatios.optional(),
}) as z.ZodType<
  Partial<Record<KineticField, number>> & {
    organToBackgroundRatio?: Partial<Record<'liver' | 'kidney' | 'spleen', number>>;
  }
>;

export const customTracerSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  /** Nuclide id as @openrgs/physics names it (e.g. Tc-99m, In-111, Ga-68, Lu-177). */
  nuclide: z.string().trim().min(1, 'must not be empty'),
  kinetics: z.strictObject({
    ...kineticFields,
    organToBackgroundRatio: z.strictObject({
      liver: positive('ratio'),
      kidney: positive('ratio'),
      spleen: positive('ratio'),
    }),
  }),
});

export const decisionSchema = z.strictObject({
  /** False-positive probability per decision (one-sided). */
  alpha: z.number().gt(0, 'must be greater than 0').lt(0.5, 'must be less than 0.5').optional(),
  /** Missed-detection probability of the sequential test at the alternative ratio. */
  beta: z.number().gt(0, 'must be greater than 0').lt(0.5, 'must be less than 0.5').optional(),
  /** Probe count ratio (lesion ÷ background) that counts as positive. */
  minimumRatio: z.number().gt(1, 'must be greater than 1').max(100, 'must be at most 100').optional(),
  /** Length of one count frame from the probe (s). */
  frameSeconds: z.number().gt(0, 'must be greater than 0 s').max(5, 'must be at most 5 s').optional(),
  /** Counting time over the lesion for detectionProbability (s). */
  countSeconds: z.number().gt(0, 'must be greater than 0 s').max(600, 'must be at most 600 s').optional(),
  /**
   * The counting engine's rule behind the window's figure of merit: 'adaptive' (the live default: SPRT
   * against this patient's normal-tissue limit) or 'sprt' (against the mean background).
   */
  rule: z.enum(['adaptive', 'sprt'], "must be 'adaptive' or 'sprt'").optional(),
  /** Background sites the team counts (default: as many as the engine needs to stop being provisional). */
  backgroundSites: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20')
    .optional(),
  /** Counting time at each background site (s). */
  backgroundSiteSeconds: z
    .number()
    .gt(0, 'must be greater than 0 s')
    .max(600, 'must be at most 600 s')
    .optional(),
  /** Between-site spread of normal tissue: coefficient of variation of the site rates (0.25 = 25 %). */
  siteSpreadCv: z.number().min(0, 'must be at least 0').max(2, 'must be at most 2 (200 %)').optional(),
});

export const planSchema = z
  .strictObject({
    tracer: z.string().trim().min(1, 'must name a tracer preset (rgs plan --list-tracers) or "custom"'),
    customTracer: customTracerSchema.optional(),
    kineticsOverrides: kineticsOverridesSchema.optional(),
    injectedActivityMBq: positive('MBq').pipe(z.number().max(20000, 'must be at most 20000 MBq')),
    injectedAt: isoInstant,
    surgeryStart: isoInstant,
    surgeryDurationMinutes: positive('min').pipe(z.number().max(24 * 60, 'must be at most 1440 min')),
    /** Probe preset id (@openrgs/sim). */
    probe: z.string().trim().min(1, 'must name a probe preset'),
    patient: z
      .strictObject({
        /** Body mass (kg); without it the ICRP 89 reference adult (73 kg) is used and reported as an assumption. */
        bodyMassKg: positive('kg').pipe(
          z.number().min(2, 'must be at least 2 kg').max(400, 'must be at most 400 kg'),
        ),
      })
      .optional(),
    decision: decisionSchema.optional(),
    /** Thickness of tissue in front of the probe (the mobilised bowel, mesentery...) in cm; beyond it air. */
    tissueThicknessCm: positive('cm').pipe(z.number().max(30, 'must be at most 30 cm')).optional(),
    lesions: z
      .array(lesionSchema)
      .min(1, 'must list at least one lesion')
      .max(50, 'must list at most 50 lesions'),
  })
  .superRefine((plan, ctx) => {
    if (plan.tracer === 'custom') {
      if (plan.customTracer === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['customTracer'],
          message: 'is required when tracer is "custom"',
        });
    } else if (findTracer(plan.tracer) === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tracer'],
        message: `'${plan.tracer}' is not a tracer preset; one of ${TRACER_PRESETS.map((t) => t.id).join(', ')} or "custom"`,
      });
    } else if (plan.customTracer !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['customTracer'],
        message: 'is only allowed when tracer is "custom"',
      });
    }
    const injected = Date.parse(plan.injectedAt);
    const start = Date.parse(plan.surgeryStart);
    if (!Number.isNaN(injected) && !Number.isNaN(start) && start < injected) {
      ctx.addIssue({ code: 'custom', path: ['surgeryStart'], message: 'must not be before injectedAt' });
    }
    const seen = new Set<string>();
    plan.lesions.forEach((lesion, i) => {
      if (seen.has(lesion.label))
        ctx.addIssue({
          code: 'custom',
          path: ['lesions', i, 'label'],
          message: `'${lesion.label}' is used twice`,
        });
      seen.add(lesion.label);
      if (lesion.depthCm * 10 < lesion.diameterMm / 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['lesions', i, 'depthCm'],
          message: `${lesion.depthCm} cm is less than the lesion radius (${lesion.diameterMm / 20} cm): depthCm is the depth of the lesion centre`,
        });
      }
      const thickness = lesion.tissueThicknessCm ?? plan.tissueThicknessCm;
      if (thickness !== undefined && lesion.depthCm + lesion.diameterMm / 20 > thickness) {
        ctx.addIssue({
          code: 'custom',
          path: ['lesions', i, lesion.tissueThicknessCm === undefined ? 'depthCm' : 'tissueThicknessCm'],
          message: `the lesion (centre ${lesion.depthCm} cm, radius ${lesion.diameterMm / 20} cm) reaches beyond the tissue thickness ${thickness} cm`,
        });
      }
    });
  });

export type Plan = z.infer<typeof planSchema>;
export type PlanLesion = z.infer<typeof lesionSchema>;

/**
 * A problem of a plan (@openrgs/outcome's Issue, kind `invalid`): `path` the JSON path of the offending
 * field, e.g. `lesions[1].depthCm` (empty for the document itself).
 */
export type PlanIssue = Issue & { path: string };

/** Why a plan was refused (the issue's code). */
export type PlanIssueCode =
  | 'not-json'
  | 'unknown-field'
  | 'required'
  | 'invalid-value'
  | 'no-physics-data'
  | 'unknown-probe'
  | 'beyond-tissue'
  | 'time-order'
  | 'no-clearance-level';

export function planIssue(code: PlanIssueCode, path: string, message: string): PlanIssue {
  return { kind: 'invalid', code, message, path };
}

export type PlanParseResult = Outcome<Plan, PlanIssue>;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Validates an already-parsed JSON value. */
export function parsePlan(value: unknown): PlanParseResult {
  const result = planSchema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issues: PlanIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push(planIssue('unknown-field', formatPath([...issue.path, key]), 'is not a PLAN.json field'));
      }
    } else {
      const missing = /received undefined$/.test(issue.message);
      issues.push(
        missing
          ? planIssue('required', formatPath(issue.path), 'is required')
          : planIssue('invalid-value', formatPath(issue.path), issue.message),
      );
    }
  }
  return { ok: false, issues };
}

/** Parses PLAN.json text; malformed JSON is an issue at path ''. */
export function parsePlanText(text: string): PlanParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [
        planIssue(
          'not-json',
          '',
          `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        ),
      ],
    };
  }
  return parsePlan(value);
}

export function describeIssues(issues: readonly PlanIssue[]): string {
  return issues.map((i) => `${i.path === '' ? '(document)' : i.path}: ${i.message}`).join('\n');
}
