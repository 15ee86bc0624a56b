// `rgs dose`: the radiation-protection figures for one operation, assembled from dose.ts and clearance.ts.
import type { Outcome } from '@openrgs/outcome';
import {
  CLEARANCE_LEVELS_BQ_PER_G,
  type SpecimenInput,
  type SpecimenRelease,
  specimenRelease,
} from './clearance.js';
import {
  AMBIENT_DISTANCE_M,
  DEFAULT_DISTANCES_CM,
  DEFAULT_PREGNANCY_LIMIT_MSV,
  DEFAULT_SOURCE_DEPTH_CM,
  defaultSelfAttenuation,
  type PregnancyCheck,
  pregnancyCheck,
  STAFF_ROLES,
  type StaffDose,
  type StaffRole,
  staffDoses,
} from './dose.js';
import { isoInZoneOf } from './plan.js';
import { type PlanIssue, planIssue } from './plan-schema.js';
import { kineticsValues, type ResolvedTracer } from './resolve-tracer.js';
import { overridden, type SourcedValue } from './sourced.js';

export interface DoseContext {
  halfLifeSeconds(nuclide: string): number | undefined;
  /** H*(10) rate constant, µSv/h at 1 m per MBq, and its source; undefined when physics has none. */
  doseRateConstant(nuclide: string): { microSvPerHourPerMBqAt1m: number; source: string } | undefined;
}

export interface DoseRequest {
  tracer: ResolvedTracer;
  injectedActivityMBq: number;
  injectedAt: string;
  surgeryStart: string;
  surgeryDurationMinutes: number;
  selfAttenuation?: number;
  sourceDepthCm?: number;
  distancesCm?: Partial<Record<StaffRole, number>>;
  occupancy?: Partial<Record<StaffRole, number>>;
  /** Roles held by a pregnant worker; the check runs for every role when empty. */
  pregnantRoles?: StaffRole[];
  pregnancyLimitMilliSv?: number;
  specimens?: SpecimenInput[];
  clearanceBqPerG?: number;
}

export interface DoseReport {
  tracer: { id: string; name: string; nuclide: string; physicalHalfLifeHours: number };
  injectedActivityMBq: number;
  injectedAt: string;
  surgeryStart: string;
  surgeryEnd: string;
  hoursAfterInjection: { surgeryStart: number; surgeryEnd: number };
  cumulatedActivityMBqHours: number;
  doseRateConstant: { microSvPerHourPerMBqAt1m: number; quantity: string; source: string };
  selfAttenuation: SourcedValue;
  sourceDepthCm: SourcedValue;
  staff: StaffDose[];
  ambientDoseRateAt1m: { atSurgeryStartMicroSvPerHour: number; atSurgeryEndMicroSvPerHour: number };
  pregnancy: { limitMilliSv: SourcedValue; roles: StaffRole[]; checks: PregnancyCheck[] };
  clearance: { levelBqPerG: SourcedValue } | null;
  specimens: (SpecimenRelease & { measuredAt: string; releaseAt: string })[];
  assumptions: string[];
}

export type DoseComputation = Outcome<DoseReport, PlanIssue>;

export function computeDose(request: DoseRequest, context: DoseContext): DoseComputation {
  const nuclide = request.tracer.nuclide;
  const halfLifeSeconds = context.halfLifeSeconds(nuclide);
  const gamma = context.doseRateConstant(nuclide);
  if (halfLifeSeconds === undefined || gamma === undefined) {
    return {
      ok: false,
      issues: [
        planIssue(
          'no-physics-data',
          'tracer',
          `no physics data (half-life, dose-rate constant) for ${nuclide}`,
        ),
      ],
    };
  }
  const physicalHalfLifeHours = halfLifeSeconds / 3600;
  const injectedMs = Date.parse(request.injectedAt);
  const startMs = Date.parse(request.surgeryStart);
  const endMs = startMs + request.surgeryDurationMinutes * 60_000;
  const fromHours = (startMs - injectedMs) / 3_600_000;
  const toHours = (endMs - injectedMs) / 3_600_000;
  if (fromHours < 0)
    return { ok: false, issues: [planIssue('time-order', 'surgeryStart', 'must not be before injectedAt')] };

  const presetF = defaultSelfAttenuation(nuclide);
  const selfAttenuation =
    request.selfAttenuation === undefined ? presetF : overridden(presetF, request.selfAttenuation);
  const sourceDepthCm =
    request.sourceDepthCm === undefined
      ? DEFAULT_SOURCE_DEPTH_CM
      : overridden(DEFAULT_SOURCE_DEPTH_CM, request.sourceDepthCm);
  const distancesCm = Object.fromEntries(
    STAFF_ROLES.map((r) => [r, request.distancesCm?.[r] ?? DEFAULT_DISTANCES_CM[r].value]),
  ) as Record<StaffRole, number>;
  const occupancy = Object.fromEntries(STAFF_ROLES.map((r) => [r, request.occupancy?.[r] ?? 1])) as Record<
    StaffRole,
    number
  >;
  const kinetics = kineticsValues(request.tracer);
  const base = {
    nuclide,
    physicalHalfLifeHours,
    doseRateConstantMicroSvPerHourPerMBqAt1m: gamma.microSvPerHourPerMBqAt1m,
    kinetics,
    injectedActivityMBq: request.injectedActivityMBq,
    selfAttenuation: selfAttenuation.value,
    sourceDepthCm: sourceDepthCm.value,
    distancesCm,
    occupancy,
  };
  const { staff, cumulatedMBqHours, ambientAtStartMicroSvPerHour } = staffDoses({
    ...base,
    fromHours,
    toHours,
  });
  const ambientAtEnd = staffDoses({ ...base, fromHours: toHours, toHours }).ambientAtStartMicroSvPerHour;

  const limitValue = request.pregnancyLimitMilliSv;
  const limit =
    limitValue === undefined
      ? DEFAULT_PREGNANCY_LIMIT_MSV
      : overridden(DEFAULT_PREGNANCY_LIMIT_MSV, limitValue);
  const roles =
    request.pregnantRoles && request.pregnantRoles.length > 0 ? request.pregnantRoles : [...STAFF_ROLES];

  const presetClearance = CLEARANCE_LEVELS_BQ_PER_G[nuclide];
  let clearance: SourcedValue | undefined;
  if (request.clearanceBqPerG !== undefined) {
    clearance = presetClearance
      ? overridden(presetClearance, request.clearanceBqPerG)
      : {
          value: request.clearanceBqPerG,
          low: request.clearanceBqPerG,
          high: request.clearanceBqPerG,
          unit: 'Bq/g',
          basis: 'override',
          source: 'command line',
        };
  } else {
    clearance = presetClearance;
  }
  const specimens = request.specimens ?? [];
  if (specimens.length > 0 && clearance === undefined) {
    return {
      ok: false,
      issues: [
        planIssue(
          'no-clearance-level',
          'clearanceBqPerG',
          `no default clearance level for ${nuclide}: give one`,
        ),
      ],
    };
  }
  const level = clearance;
  return {
    ok: true,
    value: {
      tracer: { id: request.tracer.id, name: request.tracer.name, nuclide, physicalHalfLifeHours },
      injectedActivityMBq: request.injectedActivityMBq,
      injectedAt: request.injectedAt,
      surgeryStart: request.surgeryStart,
      surgeryEnd: isoInZoneOf(request.surgeryStart, endMs),
      hoursAfterInjection: { surgeryStart: fromHours, surgeryEnd: toHours },
      cumulatedActivityMBqHours: cumulatedMBqHours,
      doseRateConstant: {
        microSvPerHourPerMBqAt1m: gamma.microSvPerHourPerMBqAt1m,
        quantity: 'ambient dose equivalent H*(10)',
        source: gamma.source,
      },
      selfAttenuation,
      sourceDepthCm,
      staff,
      ambientDoseRateAt1m: {
        atSurgeryStartMicroSvPerHour: ambientAtStartMicroSvPerHour,
        atSurgeryEndMicroSvPerHour: ambientAtEnd,
      },
      pregnancy: { limitMilliSv: limit, roles, checks: pregnancyCheck(staff, limit.value, roles) },
      clearance: level ? { levelBqPerG: level } : null,
      specimens: level
        ? specimens.map((s) => {
            const r = specimenRelease(s, physicalHalfLifeHours, level.value);
            return {
              ...r,
              measuredAt: isoInZoneOf(request.surgeryStart, s.measuredAtMs),
              releaseAt: isoInZoneOf(request.surgeryStart, r.releaseAtMs),
            };
          })
        : [],
      assumptions: [
        `The patient is a point source ${sourceDepthCm.value} cm below the surface facing the staff, attenuated by the body (factor ${selfAttenuation.value}); inverse square from there.`,
        `Activity in the patient follows physical decay and the tracer's body retention (excretion); urine in a catheter bag is not counted. Ambient dose rate at ${AMBIENT_DISTANCE_M} m from the patient's surface.`,
        'Staff doses are H*(10) (ICRP 74) as a proxy for Hp(10) on the trunk; the same figure is used, conservatively, for the embryo/fetus. Hands: same quantity at the hand distance; the field is not a point, so this is an order of magnitude.',
        'No room scatter: against Brenner 2000 (30 MBq Tc-99m) the same formula gives 0.65–1.45 × the measured rates at 2.5–150 cm (docs/planning.md §7).',
      ],
    },
  };
}
