// @openrgs/sim — the virtual patient: probe model and response, patient with organs and lesions,
// scenarios, and a live simulation producing reproducible Poisson CountFrames. Imports @openrgs/physics
// and the CountFrame type of @openrgs/counting. The list below is the public API.

export {
  ORGANS,
  type Organ,
  TISSUE_NAMES,
  type TissueName,
  TRUNK,
  type Trunk,
  tissueAt,
  trunkWithOpening,
} from './anatomy.js';
export {
  type BodyMap,
  type BodyMapBackgroundSite,
  type BodyMapEllipse,
  type BodyMapLesion,
  type BodyMapOrgan,
  bodyMapOf,
} from './body-map.js';
export {
  OGD_ADC_CHANNELS,
  type OgdDetectorResponse,
  OgdPulseStream,
  type OgdPulseStreamOptions,
  ogdChannelOf,
  ogdEventText,
} from './ogd-output.js';
export { canonicalNuclide, physics } from './physics-adapter.js';
export { checkPose, type PoseIssue, type ProbePose } from './pose.js';
export { type ProbeFigures, probeFigures } from './probe-figures.js';
export {
  type CrystalMaterial,
  checkProbeModel,
  type EnergyWindow,
  type ProbeModel,
  type ProbeModelIssue,
  type ShieldMaterial,
} from './probe-model.js';
export { findProbePreset, PROBE_PRESETS } from './probe-presets.js';
export {
  applyDeadTime,
  createProbeResponse,
  type ProbeResponse,
  pointSourceCpsPerMBq,
  type ResponseIssue,
} from './response.js';
export {
  buildResponseTable,
  type ResponseTable,
  type TableLine,
  tableCpsPerMBq,
} from './response-table.js';
export {
  type BackgroundSiteHint,
  findScenario,
  type ImagingStatus,
  type Lesion,
  type LesionUptake,
  SCENARIOS,
  type Scenario,
  SMALL_BOWEL_WALL_FRACTION,
} from './scenarios.js';
export type { SimMaterial, SimPhysics } from './sim-physics.js';
export {
  createSimulation,
  type FaultFlags,
  type Simulation,
  SimulationError,
  type SimulationErrorCode,
  type SimulationIssue,
  type SimulationOptions,
  type SimulationOutput,
} from './simulation.js';
export {
  FWHM_TO_SIGMA,
  fwhmKeV,
  OGD_FWHM_AT_662,
  photoelectricFraction,
  type SpectrumLine,
  type SpectrumModel,
  sampleDetectedEnergyKeV,
  spectrumLinesOf,
} from './spectrum-model.js';
export { findTracer, type TissueUptake, TRACERS, type TracerUptake, UPTAKE_SOURCES } from './tracers.js';
export type { Vec3 } from './vec3.js';
export {
  simulateVirtualQc,
  VIRTUAL_QC_COLUMNS,
  VIRTUAL_QC_DEFAULTS,
  VIRTUAL_QC_TESTS,
  type VirtualQcAnalysisHints,
  type VirtualQcIssue,
  type VirtualQcIssueCode,
  type VirtualQcMeasurement,
  type VirtualQcMedium,
  type VirtualQcOptions,
  type VirtualQcResult,
  type VirtualQcRow,
  type VirtualQcTest,
  type VirtualQcValue,
  virtualQcCsv,
} from './virtual-qc.js';
