// The live map's state, run inside the map worker (map-worker.mjs) so reconstruction never stalls the
// event loop that carries the live sessions. Frames arrive already paired with their poses; each live
// update extends the system matrix with the new rows and refines the previous estimate (warm start, a few
// passes), then fits the hotspots. The grid covers the footprint scanned so far (+1 cm); a pose outside
// it rebuilds the grid from all frames. The final map (when the scan stops) is reconstructed afresh from
// every frame, as `rgs map reconstruct` does: MLEM to its stopping rule, all hotspot candidates tried.

import {
  createLiveMap,
  DEFAULT_HOTSPOTS,
  DEFAULT_MLEM,
  type DetectorModel,
  detectorFor,
  estimateLatency,
  gridOverScan,
  type Hotspot,
  type HotspotOptions,
  type LatencyEstimate,
  LIVE_HOTSPOTS,
  LIVE_MLEM,
  type LiveMap,
  MAX_VOXELS,
  type Medium,
  type PosedFrame,
  type TrackedPose,
  type VoxelGrid,
} from '@openrgs/map';
import { firstIssue } from '@openrgs/outcome';
import { findProbePreset } from '@openrgs/sim';

export interface MapWorkerInit {
  probeId: string;
  nuclide: string;
  medium: Medium;
  voxelSizeMm: number;
  depthCm: number;
  /**
   * The planned sweep's poses when it is known (a simulated sweep): the live grid covers it from the first
   * update, so it is never rebuilt while sweeping.
   */
  plannedPoses?: Array<Pick<PosedFrame, 'tipCm' | 'direction'>>;
  /**
   * Tracker samples known in advance (a simulated sweep's late tracker), host-time seconds; a tracked
   * station sends its samples with the frames instead (add).
   */
  trackedPoses?: TrackedPose[];
}

/** Live latency estimates this many updates apart (every 5 s at 2 updates/s). */
const LATENCY_EVERY_UPDATES = 10;

export interface MapUpdate {
  grid: VoxelGrid;
  /** Activity per voxel, MBq (x fastest). */
  activityMBq: Float32Array;
  hotspots: Hotspot[];
  framesUsed: number;
  /** MLEM iterations of this update and why it stopped. */
  iterations: number;
  stoppedBy: string;
  backgroundCps: number;
  /** Wall-clock seconds this update took in the worker. */
  updateSeconds: number;
  /** The final map of a stopped scan (full reconstruction) rather than a live update. */
  final: boolean;
  /** Live grids made so far in this scan (1 + rebuilds after a pose left the grid). */
  gridsMade: number;
  /** The latest tracker latency estimate (estimateLatency), null without hotspots or tracked poses. */
  latency: Pick<
    LatencyEstimate,
    'latencySeconds' | 'uncertaintySeconds' | 'intervalSeconds' | 'reliable' | 'reason'
  > | null;
}

const MARGIN_CM = 1;
/**
 * A tracked sweep's live grid reaches this much further than the footprint so far (cm): a pose outside the
 * grid rebuilds the system matrix from every frame, which should happen a few times a scan, not every pass.
 */
const GROWTH_CM = 3;
/** Fewest frames a map is made from (half a second at 20 Hz). */
export const MIN_FRAMES = 10;

export function createMapWorkerState(
  init: MapWorkerInit,
  now: () => number,
  /** The live updates' hotspot options (default LIVE_HOTSPOTS; `rgs bench map --live-compare` tries others). */
  liveHotspots: HotspotOptions = LIVE_HOTSPOTS,
) {
  const probe = findProbePreset(init.probeId);
  if (!probe) throw new Error(`map: unknown probe preset '${init.probeId}'`);
  const made = detectorFor({ probe, nuclide: init.nuclide, depthCm: init.depthCm });
  if (!made.ok) throw new Error(`map: ${firstIssue(made.issues).message}`);
  const detector: DetectorModel = made.value;
  const frames: PosedFrame[] = [];
  let live: LiveMap | null = null;
  let added = 0;
  let rebuilds = 0;
  const inside = (grid: VoxelGrid, f: PosedFrame) => {
    const s = grid.voxelSizeCm;
    for (const a of [0, 1]) {
      const lo = (grid.originCm[a] as number) - s / 2;
      const hi = lo + (grid.dims[a] as number) * s;
      if ((f.tipCm[a] as number) < lo || (f.tipCm[a] as number) > hi) return false;
    }
    return true;
  };
  const gridOf = (all: ReadonlyArray<Pick<PosedFrame, 'tipCm' | 'direction'>>, marginCm = MARGIN_CM) =>
    gridOverScan(all, {
      voxelSizeCm: init.voxelSizeMm / 10,
      depthCm: init.depthCm,
      medium: init.medium,
      marginCm,
      maxVoxels: MAX_VOXELS,
    });
  const planned = init.plannedPoses ?? [];
  const out = (result: ReturnType<LiveMap['update']>, started: number, final: boolean): MapUpdate => ({
    grid: result.grid,
    activityMBq: Float32Array.from(result.activityMBq),
    hotspots: result.hotspots,
    framesUsed: result.framesUsed,
    iterations: result.iterations,
    stoppedBy: result.stoppedBy,
    backgroundCps: result.backgroundCps,
    updateSeconds: (now() - started) / 1000,
    final,
    gridsMade: rebuilds,
    latency,
  });
  const tracked: TrackedPose[] = [...(init.trackedPoses ?? [])];
  let latency: MapUpdate['latency'] = null;
  let updates = 0;
  /** Re-pairs the frames with the tracked poses under shifted latencies, the sources re-found (latency.ts). */
  const estimate = (result: ReturnType<LiveMap['update']>) => {
    if (tracked.length < 2 || result.hotspots.length === 0) return;
    const found = estimateLatency({
      frames: frames.map((f) => ({
        startSeconds: f.midSeconds - f.durationSeconds / 2,
        durationSeconds: f.durationSeconds,
        counts: f.counts,
        liveTimeSeconds: f.liveTimeSeconds,
      })),
      poses: tracked,
      model: detector,
      medium: init.medium,
      sources: result.hotspots,
      backgroundCps: result.backgroundCps,
      maxGapSeconds: 0.2,
      rangeSeconds: 0.5,
      stepSeconds: 0.02,
      depthCm: init.depthCm,
    });
    if (found)
      latency = {
        latencySeconds: found.latencySeconds,
        uncertaintySeconds: found.uncertaintySeconds,
        intervalSeconds: found.intervalSeconds,
        reliable: found.reliable,
        reason: found.reason,
      };
  };
  return {
    add(batch: PosedFrame[], poses: TrackedPose[] = []) {
      frames.push(...batch);
      tracked.push(...poses);
    },
    update(): MapUpdate | null {
      const started = now();
      if (frames.length < MIN_FRAMES) return null;
      if (!live || frames.slice(added).some((f) => !inside(live?.grid as VoxelGrid, f))) {
        const grid =
          planned.length > 0 ? gridOf([...planned, ...frames]) : gridOf(frames, MARGIN_CM + GROWTH_CM);
        if (!grid.ok) throw new Error(`map: ${firstIssue(grid.issues).message}`);
        rebuilds++;
        live = createLiveMap({ grid: grid.value, detector, medium: init.medium });
        added = 0;
      }
      live.add(frames.slice(added));
      added = frames.length;
      const result = live.update(LIVE_MLEM, liveHotspots, frames);
      updates++;
      if (updates % LATENCY_EVERY_UPDATES === 0) estimate(result);
      return out(result, started, false);
    },
    final(): MapUpdate | null {
      const started = now();
      if (frames.length < MIN_FRAMES) return null;
      const grid = gridOf(frames);
      if (!grid.ok) throw new Error(`map: ${firstIssue(grid.issues).message}`);
      const fresh = createLiveMap({ grid: grid.value, detector, medium: init.medium });
      fresh.add(frames);
      const result = fresh.update(DEFAULT_MLEM, DEFAULT_HOTSPOTS, frames);
      estimate(result);
      return out(result, started, true);
    },
  };
}
