// @openrgs/map — freehand 3D mapping of the tracer (freehand SPECT): count frames paired with tracked probe
// poses, a voxel grid over the scanned region, the sim's probe response as the system matrix, MLEM/OSEM,
// hotspots. Pure: no I/O, no clock. Imports @openrgs/sim (probe response model) and @openrgs/counting types.
export {
  type AlignIssue,
  type Alignment,
  type AlignOptions,
  alignFrames,
  checkPoses,
  type FrameInput,
  type PosedFrame,
  poseAtTime,
  type TrackedPose,
} from './align.js';
export {
  type BodyBasis,
  type BodyBasisOptions,
  createBodyBasis,
  DEFAULT_BODY_BASIS,
  type OrganTemplates,
} from './body-basis.js';
export { type BodyFit, fitBody, type ScoreCandidate, scoreMap } from './body-fit.js';
export {
  buildDetectorModel,
  type DetectorModel,
  type DetectorModelIssue,
  responseCpsPerMBq,
} from './detector-model.js';
export { freehandSweep, type SweepOptions } from './freehand-sweep.js';
export { type FromTip, fromTip } from './from-tip.js';
export { gridOverScan, type VoxelGrid, voxelCentreCm, voxelCount, voxelIndex } from './grid.js';
export { findPeaks, type MapPeak, type PeakOptions, smooth } from './hotspots.js';
export { estimateLatency, type LatencyEstimate } from './latency.js';
export { type Medium, tissuePathCm } from './medium.js';
export { logLikelihood, type MlemOptions, type MlemResult, mlem } from './mlem.js';
export { encodeNrrd } from './nrrd.js';
export {
  type FittedSource,
  fitPointSources,
  type PointFitOptions,
  type PointFitResult,
  type PointSource,
} from './point-fit.js';
export {
  createLiveMap,
  DEFAULT_HOTSPOTS,
  DEFAULT_MLEM,
  detectorFor,
  type Hotspot,
  type HotspotOptions,
  LIVE_HOTSPOTS,
  LIVE_MLEM,
  type LiveMap,
  MAX_VOXELS,
  type MapIssue,
  type MapResult,
  type ReconstructOptions,
  reconstructMap,
} from './reconstruct.js';
export {
  FIXED_ORGANS,
  isInjectionDepot,
  mediumOf,
  organTemplatesOf,
  type ScanRegion,
  scanRegionOf,
} from './scan-region.js';
export {
  appendFrame,
  buildSystemMatrix,
  emptySystemMatrix,
  type ModelContext,
  type SystemMatrix,
  sensitivity,
} from './system-matrix.js';
export type { Vec3 } from './vec.js';
