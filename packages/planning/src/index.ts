// @openrgs/planning — feasibility, timing and radiation protection for radioguided surgery (pure; no I/O).

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
export { type Basis, overridden, type SourcedValue, sourced } from './sourced.js';
export {
  findTracer,
  type OrganName,
  TRACER_PRESETS,
  type TracerKinetics,
  type TracerPreset,
} from './tracers.js';
