export { renderReportHtml } from './case-report/html.js';
export { buildReportModel, type ReportModel, type ReportOptions } from './case-report/model.js';
export { renderReportPdf } from './case-report/pdf.js';
export {
  type CsvIssue,
  HISTORIC_CSV_COLUMNS,
  type HistoricImport,
  MEASUREMENT_CSV_COLUMNS,
  measurementsCsv,
  parseHistoricCsv,
} from './csv.js';
export { exampleCase } from './example-case.js';
export { caseToFhirBundle, type FhirExportOptions } from './fhir/bundle.js';
export { type FhirIssue, validateFhir } from './fhir/validate.js';
export type {
  BackgroundModelRecord,
  CaseRecord,
  FollowUpRecord,
  ImagingStatus,
  LesionRecord,
  LesionSite,
  MeasurementKind,
  MeasurementRecord,
  PathologyRecord,
  ProbeRecord,
  ResectionStatus,
  SpecimenRecord,
  StaffDoseRecord,
  TracerAdministration,
  Verdict,
} from './record.js';
export {
  type CaseOutcome,
  distribution,
  type GroupStats,
  type LesionRow,
  lesionRows,
  mergeRegistryInputs,
  type RegistryInput,
  type RegistryStats,
  registryInputFromCases,
  registryStats,
} from './registry.js';
export {
  type ConfusionTable,
  confusionTable,
  type DiagnosticAccuracy,
  diagnosticAccuracy,
} from './stats/accuracy.js';
export { clopperPearson, type Proportion } from './stats/proportion.js';
export { type RocAnalysis, type RocWithIntervals, rocAnalysis, rocWithBootstrap } from './stats/roc.js';
