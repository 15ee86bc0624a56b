// @openrgs/qc — probe quality control: daily constancy, NEMA NU 3-2004 acceptance tests, control
// charts, comparison with criteria and a PDF report. Pure computations (no clock, no I/O); the PDF
// is returned as bytes. May import @openrgs/physics. The list below is the public API.

export type { ConstancyInput, ConstancyOutcome, ConstancyReason, ConstancyTolerance } from './constancy.js';
export { DEFAULT_CONSTANCY_TOLERANCE, evaluateConstancy, toleranceFromFailPercent } from './constancy.js';
export type {
  ChartInput,
  ChartPoint,
  ChartViolation,
  ControlChart,
  ControlChartOptions,
  ControlLimits,
  WesternElectricRule,
} from './control-chart.js';
export { controlChart, MIN_BASELINE_POINTS } from './control-chart.js';
export type { ComparisonRow, Criterion, CriterionQuantity, Measured } from './criteria.js';
export { compareWithReferences, PURCHASER_CRITERIA } from './criteria.js';
export type { CsvColumn, CsvRow } from './csv.js';
export { parseCsv } from './csv.js';
export type {
  BackgroundCheckInput,
  BackgroundCheckOutcome,
  Checklist,
  ChecklistItem,
  ChecklistOutcome,
  ChecklistStatus,
  DailyCheckOutcome,
} from './daily-check.js';
export { CHECKLIST_ITEMS, dailyCheckVerdict, evaluateBackground, evaluateChecklist } from './daily-check.js';
export type { DeadTimeAnalysis, DeadTimeFit, DeadTimeModel, RatePair } from './dead-time.js';
export { fitDeadTime, lambertW0, measuredRateCps, trueRateFromMeasuredCps } from './dead-time.js';
export type {
  EnergyResolutionOptions,
  EnergyResolutionResult,
  SpectrumChannel,
} from './energy-resolution.js';
export { energyResolution } from './energy-resolution.js';
export { EXAMPLE_FILES } from './example-data.js';
export type { GateCheck, GateReason, QcGate } from './gate.js';
export { calendarDay, isValidTimeZone, qcGate } from './gate.js';
export type { NemaReference, NemaTestId } from './nema-reference.js';
export { NEMA_NU3_REFERENCES } from './nema-reference.js';
export type {
  CountRateTestResult,
  EnergyTestResult,
  NemaCsvOptions,
  NemaCsvTest,
  NemaTestResult,
  ProfileTestResult,
  SensitivityTestResult,
  ShieldingTestResult,
} from './nema-tests.js';
export { analyseNemaCsv, analyseNemaRows, NEMA_CSV_COLUMNS, NEMA_CSV_TESTS } from './nema-tests.js';
export type { QcReportInput, QcReportProbe } from './pdf-report.js';
export { renderQcReportPdf } from './pdf-report.js';
export type {
  LevelCrossings,
  ProfileBackground,
  ProfileOptions,
  ProfileSample,
  ProfileWidths,
} from './profile-width.js';
export { parabolaVertex, profileWidths } from './profile-width.js';
export type { QcIssue, QcResult, QcVerdict } from './result.js';
export { worstVerdict } from './result.js';
export type {
  SensitivityCount,
  SensitivityInput,
  SensitivityMedium,
  SensitivityResult,
  SensitivityRow,
} from './sensitivity.js';
export { computeSensitivity, meanActivityDuringCount } from './sensitivity.js';
export type { ShieldingCount, ShieldingPosition, ShieldingResult, ShieldingRow } from './shielding.js';
export { computeShielding } from './shielding.js';
