// One call from frames and tracker poses to a map and its hotspots (the final reconstruction), and the live
// form that takes frames as they come and refines a warm-started estimate (≥ 1 update per second).
import type { Issue, Outcome } from '@openrgs/outcome';
import type { ProbeModel } from '@openrgs/sim';
import { alignFrames, type FrameInput, type PosedFrame, type TrackedPose } from './align.js';
import {
  type BodyBasis,
  type BodyBasisOptions,
  bodyBasisReachCm,
  createBodyBasis,
  DEFAULT_BODY_BASIS,
} from './body-basis.js';
import { type BodyFit, fitBody, scoreMap } from './body-fit.js';
import { buildDetectorModel, type DetectorModel } from './detector-model.js';
import { gridOverScan, type VoxelGrid, voxelCentreCm } from './grid.js';
import { findPeaks, type MapPeak, type PeakOptions } from './hotspots.js';
import {
  DEFAULT_LOCAL_REFINEMENT,
  type LocalRefinementOptions,
  localRefinementColumns,
} from './local-refinement.js';
import type { Medium } from './medium.js';
import { type MlemOptions, type MlemResult, mlem } from './mlem.js';
import { fitPointSources } from './point-fit.js';
import { appendFrame, emptySystemMatrix, type SystemMatrix } from './system-matrix.js';
import type { Vec3 } from './vec.js';

export const DEFAULT_MLEM: Omit<MlemOptions, 'initial'> = {
  subsets: 4,
  maxIterations: 60,
  minGain: 0.5,
  minSensitivityFraction: 1e-3,
};
export interface HotspotOptions {
  peaks: PeakOptions;
  /** Most map peaks tried as point sources. */
  maxCandidates: number;
  /** Likelihood-ratio threshold a source must pass (point-fit.ts). */
  minDeltaLogLikelihood: number;
  minSeparationCm: number;
  /** Fisher-scoring iterations per source and round (point-fit.ts); omitted: to convergence. */
  refineIterations?: number;
  /**
   * Start from the previous update's hotspots (then the map's new peaks): a live update continues the fit
   * where the last one left it instead of starting over.
   */
  warmStart?: boolean;
  /**
   * Judge each candidate against the local background: the map's activity farther than this from every
   * candidate is a fitted term of the point fit (point-fit.ts distributedCounts), cm; omitted: a uniform
   * background only.
   */
  localBackgroundRadiusCm?: number;
  /**
   * With a body basis (tissue below a surface): EM iterations of the body-only fit (the search's null
   * hypothesis; a live update warm-starts it) and the least score statistic a candidate needs (body-fit.ts).
   */
  bodyIterations: number;
  minScore: number;
  /** Body cells with a centre within this of a candidate keep their own coefficient in the point fit, cm. */
  bodyNearCm: number;
  /** With a body basis: the MLEM map's strongest peaks also tried, after the score map's maxima. */
  extraPeaks: number;
  /**
   * Extended sources: the radii (cm) each hotspot is also tried at as a uniform sphere (point-fit.ts); the
   * sphere is kept when it beats the point by more than its one extra parameter (Akaike). Omitted: points.
   */
  sphereRadiiCm?: readonly number[];
  /**
   * Under a body basis: each hotspot must not lose to a finer body in its place (local-refinement.ts,
   * Vuong's test). Null or omitted: no such test (the live update).
   */
  localRefinement?: LocalRefinementOptions | null;
  /** The finer-body test's cheaper form (point-fit.ts refinementSeenFramesOnly): a live update's. */
  refinementSeenFramesOnly?: boolean;
  /** The least Vuong z a hotspot needs against the finer body (point-fit.ts minRefinementZ). */
  minRefinementZ: number;
}

export const DEFAULT_HOTSPOTS: HotspotOptions = {
  peaks: {
    smoothingSigmaCm: 0.4,
    thresholdFraction: 0.1,
    minSeparationCm: 1.0,
    radiusCm: 0.8,
    skipSideFaces: true,
  },
  maxCandidates: 8,
  // Calibrated on background-only sweeps (docs/map.md; `rgs bench map --background-only --threshold 4`):
  // the largest gain a false hotspot reached against the body was 10.9 in 40 sweeps of four scenarios
  // (seeds 1–10) and 12.8 in 8 more of ileal-net-hynic-toc; at one fixed position 2ΔL ~ χ²₄ would make 12
  // rare, the search over all positions does not (look-elsewhere effect, point-fit.ts).
  minDeltaLogLikelihood: 15,
  minSeparationCm: 1.0,
  bodyIterations: 300,
  minScore: 3,
  bodyNearCm: 5,
  extraPeaks: 4,
  // Diameters 6–24 mm: a sentinel node to a NET primary (docs/map.md); the best refined by a parabola.
  sphereRadiiCm: [0.3, 0.5, 0.7, 0.9, 1.2],
  localRefinement: DEFAULT_LOCAL_REFINEMENT,
  minRefinementZ: 0,
};

/**
 * A live update while the probe sweeps (the server's map worker, `rgs bench map`'s live replay): two OSEM
 * passes from the previous estimate, up to 4 hotspots continued from the previous update with 3
 * Fisher-scoring steps each. Under tissue the body-only fit is warm-started (20 EM passes) and the
 * candidates are tested against it held in shape (one scaled column, `bodyNearCm` 0): refitting the hats
 * near each source made an update 0.2 CPU s instead of 0.05. Its cost grows with the frames (one pass over
 * the matrix and the frames per step) but not with the number of trial positions; the final map is made
 * afresh to convergence, with the body near each source refitted.
 */
export const LIVE_MLEM: Omit<MlemOptions, 'initial'> = { ...DEFAULT_MLEM, maxIterations: 2 };
const { sphereRadiiCm: _finalOnly, localRefinement: _alsoFinalOnly, ...POINT_HOTSPOTS } = DEFAULT_HOTSPOTS;
export const LIVE_HOTSPOTS: HotspotOptions = {
  ...POINT_HOTSPOTS,
  maxCandidates: 4,
  refineIterations: 3,
  warmStart: true,
  bodyIterations: 20,
  bodyNearCm: 0,
  extraPeaks: 0,
  // The finer-body test in its cheaper form (point-fit.ts refinementSeenFramesOnly: the 2 cm hats fitted
  // over the frames that see each hotspot, the rest of the model held in shape). Measured (docs/map.md,
  // `rgs bench map --live-compare`, load 24): the kidney scenario's false live hotspots 1.2–1.3 → 0.01–0.02
  // per update, the rate not lower (fewer hotspots carried from update to update).
  localRefinement: DEFAULT_LOCAL_REFINEMENT,
  refinementSeenFramesOnly: true,
};

/** A hotspot: a point source fitted to the frames, that passed the likelihood-ratio test. */
export interface Hotspot {
  positionCm: Vec3;
  /** Fitted activity over the strongest hotspot's (1 for the first). */
  relativeActivity: number;
  /** Fitted activity, MBq (as accurate as the response model and the medium). */
  activityMBq: number;
  /** 1σ 3-D position uncertainty from the Fisher information, mm. */
  uncertaintyMm: number;
  /** Log-likelihood lost without this source. */
  deltaLogLikelihood: number;
  /**
   * Diameter of the uniform sphere fitted in place of a point, mm; 0 when a point explains the frames as
   * well (the extent is below what the data resolve, or the sphere was not tried: a live update).
   */
  diameterMm: number;
  /**
   * Vuong's z against a finer body in the hotspot's place (the finer-body test; ≥ minRefinementZ to be
   * kept); null when not tested (no body basis, a live update, too few frames see it).
   */
  refinementZ: number | null;
  /** The gain over the finer body as a share of the gain over the coarse body (point-fit.ts); null: not tested. */
  refinementShare: number | null;
}
/** Largest grid accepted (voxels). */
export const MAX_VOXELS = 400_000;

export interface ReconstructOptions {
  frames: readonly FrameInput[];
  poses: readonly TrackedPose[];
  probe: ProbeModel;
  nuclide: string;
  medium: Medium;
  voxelSizeMm: number;
  /** Grid depth below the tip along the probe's axis, cm. */
  depthCm: number;
  latencySeconds: number;
  maxGapSeconds: number;
  /** Grid reach beyond the tips' footprint, cm (default 0.5). */
  marginCm?: number;
  mlem?: Partial<Omit<MlemOptions, 'initial'>>;
  hotspots?: Partial<HotspotOptions>;
  /** A detector model built before (same probe and nuclide, deep enough): skips building it. */
  detector?: DetectorModel;
  /** The body's own activity as a coarse basis (body-basis.ts); null: a uniform background only. */
  body?: BodyBasisOptions | null;
}

export interface MapResult {
  grid: VoxelGrid;
  activityMBq: Float64Array;
  backgroundCps: number;
  /** Peaks of the MLEM map (the hotspot candidates). */
  peaks: MapPeak[];
  hotspots: Hotspot[];
  iterations: number;
  stoppedBy: MlemResult['stoppedBy'];
  framesUsed: number;
  unposedFrames: number;
  medium: Medium;
}

/** Why no map was made (@openrgs/outcome's Issue, kind `invalid`; the alignment's issues keep their index). */
export type MapIssue = Issue;

export function detectorFor(options: {
  probe: ProbeModel;
  nuclide: string;
  depthCm: number;
}): Outcome<DetectorModel, MapIssue> {
  // The tip may stand off the surface: model a little deeper than the grid, and as deep as the body basis.
  return buildDetectorModel({
    probe: options.probe,
    nuclide: options.nuclide,
    maxZCm: Math.max(options.depthCm + 2, bodyBasisReachCm(DEFAULT_BODY_BASIS)),
    cutoffFraction: 0.01,
  });
}

export function reconstructMap(options: ReconstructOptions): Outcome<MapResult, MapIssue> {
  if (!(options.voxelSizeMm >= 0.5 && options.voxelSizeMm <= 20))
    return {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'bad-voxel-size',
          message: `voxel size must be 0.5–20 mm, got ${options.voxelSizeMm}`,
        },
      ],
    };
  if (!(options.depthCm > 0 && options.depthCm <= 15))
    return {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'bad-depth',
          message: `depth must be > 0 and ≤ 15 cm, got ${options.depthCm}`,
        },
      ],
    };
  const aligned = alignFrames(options.frames, options.poses, {
    latencySeconds: options.latencySeconds,
    maxGapSeconds: options.maxGapSeconds,
  });
  if (!aligned.ok) return { ok: false, issues: aligned.issues };
  const { frames, unposedFrames } = aligned.value;
  const gridMade = gridOverScan(frames, {
    voxelSizeCm: options.voxelSizeMm / 10,
    depthCm: options.depthCm,
    medium: options.medium,
    marginCm: options.marginCm ?? 0.5,
    maxVoxels: MAX_VOXELS,
  });
  if (!gridMade.ok) return { ok: false, issues: gridMade.issues };
  let detector = options.detector;
  if (!detector || detector.maxZCm < options.depthCm) {
    const made = detectorFor(options);
    if (!made.ok) return { ok: false, issues: made.issues };
    detector = made.value;
  }
  const live = createLiveMap({
    grid: gridMade.value,
    detector,
    medium: options.medium,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  live.add(frames);
  const result = live.update(
    { ...DEFAULT_MLEM, ...options.mlem },
    { ...DEFAULT_HOTSPOTS, ...options.hotspots },
    frames,
  );
  return { ok: true, value: { ...result, unposedFrames } };
}

export interface LiveMap {
  readonly grid: VoxelGrid;
  readonly matrix: SystemMatrix;
  add(frames: readonly PosedFrame[]): void;
  /**
   * Runs MLEM/OSEM from the previous estimate over all frames so far; returns the map, its peaks and, when
   * the frames are given, the hotspots fitted to them.
   */
  update(
    mlemOptions?: Omit<MlemOptions, 'initial'>,
    hotspotOptions?: HotspotOptions,
    frames?: readonly PosedFrame[],
  ): MapResult;
}

export function createLiveMap(options: {
  grid: VoxelGrid;
  detector: DetectorModel;
  medium: Medium;
  /** The body basis (default DEFAULT_BODY_BASIS under tissue); null: none. */
  body?: BodyBasisOptions | null;
}): LiveMap {
  const matrix = emptySystemMatrix(options.grid);
  const ctx = { model: options.detector, medium: options.medium };
  const body: BodyBasis | null =
    options.body === null
      ? null
      : createBodyBasis({
          grid: options.grid,
          medium: options.medium,
          detector: options.detector,
          basis: options.body ?? DEFAULT_BODY_BASIS,
        });
  let previous: { activityMBq: Float64Array; backgroundCps: number } | undefined;
  let previousHotspots: Hotspot[] = [];
  let previousBody: BodyFit | undefined;
  return {
    grid: options.grid,
    matrix,
    add(frames) {
      for (const f of frames) appendFrame(matrix, f, ctx);
      body?.add(frames);
    },
    update(mlemOptions = DEFAULT_MLEM, hotspotOptions = DEFAULT_HOTSPOTS, frames) {
      const r = mlem(matrix, { ...mlemOptions, ...(previous ? { initial: previous } : {}) });
      previous = { activityMBq: r.activityMBq, backgroundCps: r.backgroundCps };
      const peaks = findPeaks(options.grid, r.activityMBq, hotspotOptions.peaks);
      let hotspots: Hotspot[] = [];
      if (frames && body && body.rows === frames.length && matrix.rows === frames.length) {
        // The search against the body: body-only fit, score map, point sources tested with the body refitted.
        const fit = fitBody({
          columns: body.columns,
          counts: matrix.counts,
          liveSeconds: matrix.liveSeconds,
          rows: matrix.rows,
          iterations: hotspotOptions.bodyIterations,
          ...(previousBody ? { initial: previousBody } : {}),
        });
        previousBody = fit;
        const scored = scoreMap({
          matrix,
          grid: options.grid,
          expected: fit.expected,
          minScore: hotspotOptions.minScore,
          minSeparationCm: hotspotOptions.minSeparationCm,
          maxCandidates: hotspotOptions.maxCandidates,
        }).map((c) => ({ positionCm: c.positionCm, activityMBq: Math.max(c.activityMBq, 1e-6) }));
        hotspots = fitHotspots(
          { ...options, matrix, activityMBq: r.activityMBq },
          frames,
          withPrevious(
            hotspotOptions.warmStart ? previousHotspots : [],
            // The score map's maxima first, then the MLEM map's peaks it does not have (a faint source
            // beside a strong one can be a peak of the map and not a maximum of the score).
            [...scored, ...peaks.slice(0, hotspotOptions.extraPeaks)],
            hotspotOptions,
          ),
          fit.backgroundCps,
          hotspotOptions,
          {
            columns: body.columns.map((c) => c.subarray(0, frames.length)),
            initial: fit.cellMBq,
            centresCm: body.centresCm,
            nearCm: hotspotOptions.bodyNearCm,
          },
        );
      } else if (frames)
        hotspots = fitHotspots(
          { ...options, matrix, activityMBq: r.activityMBq },
          frames,
          hotspotOptions.warmStart ? withPrevious(previousHotspots, peaks, hotspotOptions) : peaks,
          r.backgroundCps,
          hotspotOptions,
        );
      previousHotspots = hotspots;
      return {
        grid: options.grid,
        activityMBq: r.activityMBq,
        backgroundCps: r.backgroundCps,
        peaks,
        hotspots,
        iterations: r.iterations,
        stoppedBy: r.stoppedBy,
        framesUsed: matrix.rows,
        unposedFrames: 0,
        medium: options.medium,
      };
    },
  };
}

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The previous hotspots first, then the peaks not within the separation of one of them. */
function withPrevious(
  previous: readonly Hotspot[],
  peaks: ReadonlyArray<Pick<MapPeak, 'positionCm' | 'activityMBq'>>,
  o: HotspotOptions,
): Array<{ positionCm: Vec3; activityMBq: number }> {
  const out: Array<{ positionCm: Vec3; activityMBq: number }> = previous.map((h) => ({
    positionCm: h.positionCm,
    activityMBq: h.activityMBq,
  }));
  for (const p of peaks) {
    const near = out.some(
      (c) =>
        Math.hypot(
          c.positionCm[0] - p.positionCm[0],
          c.positionCm[1] - p.positionCm[1],
          c.positionCm[2] - p.positionCm[2],
        ) < o.minSeparationCm,
    );
    if (!near) out.push({ positionCm: p.positionCm, activityMBq: p.activityMBq });
  }
  return out;
}

/**
 * Expected counts per frame from the map's activity farther than `radiusCm` from every candidate: the
 * distributed uptake a candidate is judged against (null when the matrix rows are not these frames).
 */
function distributedCounts(
  matrix: SystemMatrix,
  grid: VoxelGrid,
  activityMBq: Float64Array,
  candidates: ReadonlyArray<{ positionCm: Vec3 }>,
  frames: number,
  radiusCm: number,
): Float64Array | null {
  if (matrix.rows !== frames) return null;
  const away = Float64Array.from(activityMBq);
  const r2 = radiusCm * radiusCm;
  for (let j = 0; j < away.length; j++) {
    const c = voxelCentreCm(grid, j);
    for (const k of candidates)
      if (
        (k.positionCm[0] - c[0]) ** 2 + (k.positionCm[1] - c[1]) ** 2 + (k.positionCm[2] - c[2]) ** 2 <
        r2
      ) {
        away[j] = 0;
        break;
      }
  }
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    let sum = 0;
    const end = matrix.rowStart[i + 1] as number;
    for (let e = matrix.rowStart[i] as number; e < end; e++)
      sum += (matrix.value[e] as number) * (away[matrix.column[e] as number] as number);
    out[i] = sum;
  }
  return out;
}

function fitHotspots(
  options: {
    grid: VoxelGrid;
    detector: DetectorModel;
    medium: Medium;
    matrix: SystemMatrix;
    activityMBq: Float64Array;
  },
  frames: readonly PosedFrame[],
  peaks: ReadonlyArray<Pick<MapPeak, 'positionCm' | 'activityMBq'>>,
  backgroundCps: number,
  o: HotspotOptions,
  nuisance?: { columns: Float64Array[]; initial: Float64Array; centresCm: Float64Array; nearCm: number },
): Hotspot[] {
  const { grid, detector } = options;
  if (peaks.length === 0 || frames.length === 0) return [];
  // The fit uses the whole response: the cone cutoff only keeps the matrix sparse.
  const full: DetectorModel = {
    ...detector,
    cutoffRhoCm: new Float32Array(detector.cutoffRhoCm.length).fill(detector.maxRhoCm - 1e-6),
  };
  const s = grid.voxelSizeCm;
  const lo = [0, 1, 2].map((a) => (grid.originCm[a] as number) - s / 2) as unknown as Vec3;
  const hi = [0, 1, 2].map(
    (a) => (grid.originCm[a] as number) + ((grid.dims[a] as number) - 0.5) * s,
  ) as unknown as Vec3;
  const candidates = peaks
    .slice(0, o.maxCandidates)
    .map((p) => ({ positionCm: p.positionCm, activityMBq: p.activityMBq }));
  const distributed =
    o.localBackgroundRadiusCm !== undefined
      ? distributedCounts(
          options.matrix,
          grid,
          options.activityMBq,
          candidates,
          frames.length,
          o.localBackgroundRadiusCm,
        )
      : null;
  const fit = fitPointSources({
    frames,
    model: full,
    medium: options.medium,
    candidates,
    ...(distributed ? { distributedCounts: distributed } : {}),
    ...(nuisance
      ? {
          nuisanceColumns: nuisance.columns,
          nuisanceInitial: nuisance.initial,
          nuisanceCentresCm: nuisance.centresCm,
          nuisanceNearCm: nuisance.nearCm,
        }
      : {}),
    backgroundCps,
    minDeltaLogLikelihood: o.minDeltaLogLikelihood,
    minSeparationCm: o.minSeparationCm,
    boundsCm: { lo, hi },
    ...(o.refineIterations !== undefined ? { maxRefineIterations: o.refineIterations } : {}),
    ...(o.sphereRadiiCm ? { sphereRadiiCm: o.sphereRadiiCm } : {}),
    ...(nuisance && o.localRefinement
      ? {
          refinement: (centreCm: Vec3, judged: readonly PosedFrame[]) =>
            localRefinementColumns(
              { frames: judged, model: full, medium: options.medium },
              centreCm,
              o.localRefinement as LocalRefinementOptions,
            ),
          minRefinementZ: o.minRefinementZ,
          ...(o.refinementSeenFramesOnly ? { refinementSeenFramesOnly: true } : {}),
        }
      : {}),
  });
  let sources = fit.sources;
  if (nuisance && sources.length > 0) {
    // The body decides which sources are there; where it explains the frames no better than a uniform
    // rate by more than its extra parameters (Akaike), the sources are placed without it: free body
    // coefficients beside a source add to its position's variance (measured: the water phantom's nodes
    // moved 1–3 mm with a body it does not have).
    const plain = fitPointSources({
      frames,
      model: full,
      medium: options.medium,
      // The spheres keep the radii the body fit gave them (sizing them again would double the cost).
      candidates: sources.map((h) => ({
        positionCm: h.positionCm,
        activityMBq: h.activityMBq,
        radiusCm: h.radiusCm,
      })),
      backgroundCps,
      minDeltaLogLikelihood: Number.NEGATIVE_INFINITY,
      minSeparationCm: o.minSeparationCm,
      boundsCm: { lo, hi },
      ...(o.refineIterations !== undefined ? { maxRefineIterations: o.refineIterations } : {}),
    });
    if (
      plain.sources.length === sources.length &&
      fit.logLikelihood - plain.logLikelihood < fit.nuisanceParameters
    ) {
      const judged = sources;
      sources = plain.sources.map((h) => {
        let nearest = judged[0] as (typeof judged)[number];
        for (const g of judged)
          if (distance(g.positionCm, h.positionCm) < distance(nearest.positionCm, h.positionCm)) nearest = g;
        return {
          ...h,
          deltaLogLikelihood: nearest.deltaLogLikelihood,
          refinementZ: nearest.refinementZ,
          refinementShare: nearest.refinementShare,
        };
      });
    }
  }
  const sorted = [...sources].sort((a, b) => b.activityMBq - a.activityMBq);
  const top = sorted[0]?.activityMBq ?? 0;
  return sorted.map((h) => ({
    positionCm: h.positionCm,
    relativeActivity: top > 0 ? h.activityMBq / top : 0,
    activityMBq: h.activityMBq,
    uncertaintyMm: h.uncertaintyMm,
    deltaLogLikelihood: h.deltaLogLikelihood,
    diameterMm: 20 * h.radiusCm,
    refinementZ: h.refinementZ,
    refinementShare: h.refinementShare,
  }));
}
