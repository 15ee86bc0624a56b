// The planning answers (docs/planning.md §8): the tracer presets, the plan and the dose report of
// `POST /api/planning/plan|dose`, as JSON. They are @openrgs/planning's PlanResult, DoseReport and
// tracerListJson() — written out here by hand, because api may not import planning (docs/architecture.md,
// "may import": the wire contract sits below the domain packages it describes, so the console's bundle never
// pulls the planning code in through it). The copy cannot drift: packages/server/src/wire-contract.test.ts
// pins each of these types to planning's own (same fields, same types; `npm run typecheck` fails otherwise),
// and under test every answer of those routes is parsed with them and must carry no field beyond.
// The requests stay planning's own formats (PLAN.json, the dose request), read the same by `rgs plan|dose`.
import { z } from 'zod';

/** A number with its plausible range, unit and where it comes from (planning sourced.ts). */
export const SourcedValue = z.object({
  value: z.number(),
  /** Lower end of the plausible range (same unit). */
  low: z.number(),
  /** Upper end of the plausible range (same unit). */
  high: z.number(),
  unit: z.string(),
  basis: z.enum(['published', 'derived', 'fitted', 'estimated', 'override']),
  source: z.string(),
});

const HoursAfterInjection = z.object({ surgeryStart: z.number(), surgeryEnd: z.number() });
const Tracer = z.object({
  id: z.string(),
  name: z.string(),
  nuclide: z.string(),
  physicalHalfLifeHours: z.number(),
});
const IntervalHours = z.object({ fromHours: z.number(), toHours: z.number(), source: z.string() });

/** `GET /api/planning/tracers`: one preset with its sourced kinetics. */
export const TracerPresetAnswer = z.object({
  id: z.string(),
  name: z.string(),
  /** Nuclide id as @openrgs/physics names it. */
  nuclide: z.string(),
  typicalActivityMBq: SourcedValue,
  publishedIntervalHours: IntervalHours,
  kinetics: z.object({
    referenceTimeHours: SourcedValue,
    backgroundToBodyRatio: SourcedValue,
    retentionFastFraction: SourcedValue,
    retentionFastHalfLifeHours: SourcedValue,
    retentionSlowHalfLifeHours: SourcedValue,
    tumourUptakeHalfLifeHours: SourcedValue,
    tumourRetentionHalfLifeHours: SourcedValue,
    organToBackgroundRatio: z.object({ liver: SourcedValue, kidney: SourcedValue, spleen: SourcedValue }),
  }),
});

/** `GET /api/planning/tracers`: the presets, and the probe preset ids a plan may name. */
export const TracerListAnswer = z.object({
  tracers: z.array(TracerPresetAnswer),
  probes: z.array(z.string()),
});

/** One lesion at one time after injection. */
export const LesionAtTime = z.object({
  hoursAfterInjection: z.number(),
  expectedRateCps: z.number(),
  expectedBackgroundCps: z.number(),
  expectedRatio: z.number(),
  tissueRatio: z.number(),
  /** Operating-room probability of a positive verdict within the counting budget. */
  detectionProbability5s: z.number(),
  /** The same with the background known exactly and no spread (the best case). */
  detectionProbability5sKnownBackground: z.number().exactOptional(),
  expectedSecondsToVerdict: z.number(),
  positiveVerdictProbability: z.number(),
});

export const UndetectableLesion = z.object({
  label: z.string(),
  bestProbability: z.number(),
  bestAtHours: z.number(),
  reason: z.string(),
});

/** The plan's lesion results (planning LesionResult). */
export const PlanLesionAnswer = z.object({
  label: z.string(),
  diameterMm: z.number(),
  depthCm: z.number(),
  uptakeRatio: z.number(),
  uptakeRatioMeasuredAtHours: z.number(),
  nearbyOrgan: z.enum(['liver', 'kidney', 'spleen', 'none']),
  tissueThicknessCm: z.number(),
  expectedRateCps: z.number(),
  expectedBackgroundCps: z.number(),
  expectedRatio: z.number(),
  detectionProbability5s: z.number(),
  detectionProbability5sKnownBackground: z.number(),
  expectedSecondsToVerdict: z.number(),
  atSurgeryStart: LesionAtTime,
  atSurgeryEnd: LesionAtTime,
  likelyFound: z.boolean(),
  /** Plain-language reasons when the lesion is unlikely to be found (empty otherwise). */
  reasons: z.array(z.string()),
  /** Fewest background sites (up to 20) that would make the lesion likely found; null otherwise. */
  backgroundSitesForLikelyFound: z.number().int().nullable(),
  correctVerdictProbability: z.object({
    atSurgeryStart: z.number(),
    atSurgeryEnd: z.number(),
    best: z.number(),
    bestAtHours: z.number(),
  }),
  detectable: z.boolean(),
});

/**
 * The recommended window, or why there is none. An answer of the plan, not a refusal: `ok: false` is a plan
 * whose expected lesions no timing makes detectable (planning window.ts).
 */
export const PlanWindow = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    fromHours: z.number(),
    toHours: z.number(),
    optimumHours: z.number(),
    optimumCountSeconds: z.number(),
    basisLesion: z.string(),
    criterion: z.string(),
    figureOfMerit: z.literal('correct-verdict-probability'),
    optimumProbability: z.number(),
    edgeProbability: z.number(),
    tolerance: z.number(),
    detectableFloor: z.number(),
    basisLesions: z.array(z.string()),
    undetectableLesions: z.array(UndetectableLesion),
  }),
  z.object({ ok: z.literal(false), reason: z.string(), undetectableLesions: z.array(UndetectableLesion) }),
]);

/** A department's learnt between-site spread (@openrgs/counting SpreadPrior). */
export const SpreadPrior = z.object({
  logVariance: z.number(),
  degreesOfFreedom: z.number(),
  cases: z.number().int(),
  sites: z.number().int(),
  source: z.string(),
});

const DepthRow = z.object({ depthCm: z.number(), smallestDiameterMm: z.number().nullable() });

/** `POST /api/planning/plan`: planning's PlanResult. */
export const PlanAnswer = z.object({
  tracer: Tracer,
  probe: z.object({
    id: z.string(),
    name: z.string(),
    basis: z.string(),
    backgroundCps: z.number(),
    deadTimeSeconds: z.number(),
  }),
  injectedActivityMBq: z.number(),
  injectedAt: z.string(),
  surgeryStart: z.string(),
  surgeryEnd: z.string(),
  bodyMassKg: z.number(),
  hoursAfterInjection: HoursAfterInjection,
  decisionRule: z.object({
    alpha: z.number(),
    beta: z.number(),
    minimumRatio: z.number(),
    frameSeconds: z.number(),
    countSeconds: z.number(),
  }),
  parameters: z.record(z.string(), SourcedValue),
  assumptions: z.array(z.string()),
  rates: z.object({
    surgeryStart: z.object({ bodyActivityMBq: z.number(), backgroundKBqPerMl: z.number() }),
    surgeryEnd: z.object({ bodyActivityMBq: z.number(), backgroundKBqPerMl: z.number() }),
  }),
  lesions: z.array(PlanLesionAnswer),
  recommendedWindow: z.object({ fromHours: z.number(), toHours: z.number() }).nullable(),
  window: PlanWindow,
  verdictModel: z.object({
    rule: z.enum(['adaptive', 'sprt']),
    ratio: z.number(),
    alpha: z.number(),
    beta: z.number(),
    frameSeconds: z.number(),
    countSeconds: z.number(),
    backgroundSites: z.number().int(),
    backgroundSiteSeconds: z.number(),
    spreadCv: z.number(),
    spreadPrior: SpreadPrior.nullable(),
    backgroundSitesBasis: z.string(),
    spreadCvBasis: z.string(),
    spreadPriorBasis: z.string(),
    engineMinimumSites: z.number().int(),
    probabilityModel: z.string(),
  }),
  undetectableLesions: z.array(UndetectableLesion),
  windowUncertainty: z
    .object({
      fromHoursLow: z.number(),
      toHoursHigh: z.number(),
      fromDrivenBy: z.string(),
      toDrivenBy: z.string(),
    })
    .nullable(),
  plannedTimingInWindow: z.boolean(),
  detectabilityMap: z.object({
    uptakeRatio: z.number(),
    atHoursAfterInjection: z.number(),
    detectionProbability: z.number(),
    countSeconds: z.number(),
    basis: z.literal('operating-room'),
    rows: z.array(DepthRow),
    rowsKnownBackground: z.array(DepthRow),
  }),
  timeCurves: z.object({
    hours: z.array(z.number()),
    lesions: z.array(
      z.object({
        label: z.string(),
        lesionCps: z.array(z.number()),
        backgroundCps: z.array(z.number()),
        ratio: z.array(z.number()),
        correctVerdictProbability: z.array(z.number()),
      }),
    ),
  }),
  publishedComparison: z
    .object({ typicalActivityMBq: SourcedValue, publishedIntervalHours: IntervalHours })
    .nullable(),
});

const StaffRole = z.enum(['surgeon-hands', 'surgeon-body', 'scrub-nurse', 'anaesthetist']);

/** `POST /api/planning/dose`: planning's DoseReport. */
export const DoseAnswer = z.object({
  tracer: Tracer,
  injectedActivityMBq: z.number(),
  injectedAt: z.string(),
  surgeryStart: z.string(),
  surgeryEnd: z.string(),
  hoursAfterInjection: HoursAfterInjection,
  cumulatedActivityMBqHours: z.number(),
  doseRateConstant: z.object({
    microSvPerHourPerMBqAt1m: z.number(),
    quantity: z.string(),
    source: z.string(),
  }),
  selfAttenuation: SourcedValue,
  sourceDepthCm: SourcedValue,
  staff: z.array(
    z.object({
      role: StaffRole,
      distanceCm: z.number(),
      occupancy: z.number(),
      /** H*(10) for the operation (µSv). */
      doseMicroSv: z.number(),
      doseRateAtStartMicroSvPerHour: z.number(),
    }),
  ),
  ambientDoseRateAt1m: z.object({
    atSurgeryStartMicroSvPerHour: z.number(),
    atSurgeryEndMicroSvPerHour: z.number(),
  }),
  pregnancy: z.object({
    limitMilliSv: SourcedValue,
    roles: z.array(StaffRole),
    checks: z.array(
      z.object({
        role: StaffRole,
        limitMilliSv: z.number(),
        doseThisOperationMilliSv: z.number(),
        /** Operations like this one before the limit is reached (floor); null: no dose, no limit (∞). */
        operationsWithinLimit: z.number().nullable(),
        withinLimit: z.boolean(),
      }),
    ),
  }),
  clearance: z.object({ levelBqPerG: SourcedValue }).nullable(),
  specimens: z.array(
    z.object({
      label: z.string(),
      activityMBq: z.number(),
      massG: z.number(),
      concentrationBqPerG: z.number(),
      clearanceBqPerG: z.number(),
      storageHours: z.number(),
      releaseAtMs: z.number(),
      measuredAt: z.string(),
      releaseAt: z.string(),
    }),
  ),
  assumptions: z.array(z.string()),
});
