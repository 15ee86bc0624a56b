// @openrgs/planning — feasibility, timing and radiation protection for radioguided surgery (pure; no I/O).

export {
  CLEARANCE_LEVELS_BQ_PER_G,
  type SpecimenInput,
  type SpecimenRelease,
  specimenRelease,
} from './clearance.js';
export {
  createPlanningContext,
  type PlanningEnvironment,
  PROBE_IDS,
  planningContext,
  simProbeLookup,
} from './context.js';
export {
  curriePairedSeconds,
  DEFAULT_DECISION_RULE,
  type DecisionRule,
  type DetectionStatistics,
  detectionStatistics,
  engineCalibration,
} from './detection.js';
export {
  AMBIENT_DISTANCE_M,
  cumulatedBodyActivityMBqHours,
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
export {
  computeDose,
  type DoseComputation,
  type DoseContext,
  type DoseReport,
  type DoseRequest,
} from './dose-report.js';
export { type DoseRequestJson, doseRequestFromJson, doseRequestSchema } from './dose-schema.js';
export { formatPlanText, formatTracerList, tracerListJson } from './format.js';
export {
  type GeometryFactors,
  geometryFactors,
  type LesionGeometry,
  type PointResponse,
  type ProbeRates,
  probeRates,
  slabSensitivity,
  sphereSensitivity,
  sphereVolumeMl,
} from './geometry.js';
export {
  backgroundConcentrationKBqPerMl,
  bodyActivityMBq,
  bodyRetention,
  type ConcentrationInput,
  decayFactor,
  lesionUptake,
  type TracerKineticsValues,
  tissueRatioAt,
} from './kinetics.js';
export { physicsDoseContext } from './physics-dose-context.js';
export {
  type ComputePlanOptions,
  computePlan,
  DEFAULT_BACKGROUND_SITE_SECONDS,
  DEFAULT_SITE_SPREAD_CV,
  DEFAULT_TISSUE_THICKNESS_CM,
  DETECTABILITY_DEPTHS_CM,
  DETECTABILITY_PROBABILITY,
  defaultTissueThicknessCm,
  type FoundProbe,
  isoInZoneOf,
  type LesionAtTime,
  type LesionResult,
  LIKELY_FOUND_PROBABILITY,
  type PlanComputation,
  PlanModel,
  type PlanModelOptions,
  type PlanningContext,
  type PlanProbe,
  type PlanResult,
  type ProbeIssue,
  type ProbeLookup,
  probeRefusal,
  REFERENCE_BODY_MASS_KG,
  smallestDetectableDiameterMm,
} from './plan.js';
export {
  describeIssues,
  formatPath,
  type Plan,
  type PlanIssue,
  type PlanLesion,
  type PlanParseResult,
  parsePlan,
  parsePlanText,
  planSchema,
} from './plan-schema.js';
export { planPlotSvg } from './plot-svg.js';
export { gammaGaussRule, type QuadratureNode, sampleSdMidpointRule } from './quadrature.js';
export { kineticsValues, type ResolvedTracer, resolveTracer } from './resolve-tracer.js';
export { type Basis, overridden, type SourcedValue, sourced } from './sourced.js';
export {
  findTracer,
  type OrganName,
  TRACER_PRESETS,
  type TracerKinetics,
  type TracerPreset,
} from './tracers.js';
export {
  correctVerdictProbability,
  logSd,
  NORMAL_NODES,
  NORMAL_NODES_5,
  type OperatingRoomProbability,
  operatingRoomVerdictProbability,
  plannedBackgroundModel,
  type SourceRates,
  siteScores,
  type VerdictProbability,
  type VerdictRule,
} from './verdict-model.js';
export {
  DETECTABLE_FLOOR,
  evaluateWindow,
  type LesionCurve,
  recommendWindow,
  type UndetectableLesion,
  WINDOW_TOLERANCE,
  type WindowEvaluation,
  type WindowRecommendation,
} from './window.js';
