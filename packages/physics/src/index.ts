// @openrgs/physics — nuclide data, decay, photon attenuation and dose-rate constants, with sources.
// Pure: no I/O beyond importing its JSON data, no clock. The list below is the public API.

export type { AbsorptionEdge, Attenuation, Material, MaterialSource } from './attenuation.js';
export {
  ATTENUATION_DATA_SOURCE,
  attenuationAt,
  findMaterial,
  getAttenuation,
  getMaterial,
  linearAttenuationPerCm,
  listMaterials,
  massAttenuationCm2PerG,
  massEnergyAbsorptionCm2PerG,
  materialSourceText,
  transmission,
} from './attenuation.js';
export type {
  ActivityAt,
  ActivityAtOptions,
  CumulatedActivity,
  CumulatedActivityOptions,
  DecayCorrectedRate,
  DecayCorrectRateOptions,
} from './decay.js';
export {
  activityAt,
  cumulatedActivity,
  decayConstantPerSecond,
  decayCorrectRate,
  decayFactor,
  totalCumulatedActivityMBqSeconds,
} from './decay.js';
export type { DoseRate, DoseRateConstant, DoseRateOptions } from './dose-rate.js';
export {
  AIR_KERMA_RATE_SOURCE,
  ambientDoseEquivalentPerFluencePSvCm2,
  DOSE_RATE_ENERGY_CUTOFF_KEV,
  DOSE_RATE_SOURCE,
  doseRateAt,
  doseRateConstant,
  getDoseRate,
} from './dose-rate.js';
export { meanZOverA } from './electron-density.js';
export {
  comptonEdgeKeV,
  comptonScatteredKeV,
  ELECTRON_REST_ENERGY_KEV,
  type EnergyWindow,
  type PhotopeakWindowOptions,
  photopeakWindows,
  type WindowResult,
} from './energy-window.js';
export { interpolateLogLog } from './interpolate.js';
export type {
  DecayMode,
  EmissionFilter,
  EmissionType,
  Nuclide,
  NuclideSource,
  PhotonEmission,
} from './nuclides.js';
export {
  findNuclide,
  getNuclide,
  listNuclides,
  NUCLIDE_DATA_SOURCE,
  nuclideKey,
  nuclideSourceText,
  selectEmissions,
} from './nuclides.js';
export type { PhysicsIssue, PhysicsIssueCode, PhysicsResult } from './result.js';
export { PhysicsError, unwrap } from './result.js';
export { parseInstant } from './time.js';
