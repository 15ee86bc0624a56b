// Freehand mapping on a live station (issue 17): while a scan runs, each frame is paired with the probe
// pose at its time (the simulator's pose — driven along a freehand sweep by the server, or moved by the
// console — or the tracker's over OpenIGTLink), the map worker reconstructs once a second (live updates),
// and when the scan stops it makes the final map from every frame. An OpenIGTLink server (--igtl-serve)
// is sent each map as IMAGE, the probe pose as TRANSFORM, and the pre-op lesion markers and the hotspots
// as POINT lists for 3D Slicer.
import { Worker } from 'node:worker_threads';
import type { MapHotspot, MapScanStart, MapState, MapSweep, MapVolume } from '@openrgs/api';
import type { CountFrame } from '@openrgs/counting';
import {
  freehandSweep,
  isInjectionDepot,
  type Medium,
  mediumOf,
  type PosedFrame,
  poseAtTime,
  scanRegionOf,
  type TrackedPose,
} from '@openrgs/map';
import { createRandom, deriveSeed } from '@openrgs/numeric';
import type { IgtlServer, RigidTransform } from '@openrgs/probe';
import type { Scenario, Simulation } from '@openrgs/sim';
import { badRequest, conflict } from '../errors.js';
import { hostNowMs } from './frame-ticker.js';
import {
  HOTSPOT_POINTS_DEVICE,
  hotspotPoints,
  MAP_IMAGE_DEVICE,
  markerPoints,
  PREOP_POINTS_DEVICE,
  toRasMm,
} from './igtl-points.js';
import { type CaseMarkers, type PlainMarker, placeMarkers, roundedFromTip } from './lesion-markers.js';
import type { MapUpdate, MapWorkerInit } from './map-worker-core.js';
import type { StationSink, StationSource } from './station-source.js';

export type Pose = {
  positionCm: readonly [number, number, number];
  direction: readonly [number, number, number];
};
type Vec3 = [number, number, number];

/** A rigid transform in RAS mm whose third column is the probe's viewing direction and origin its tip. */
export function poseTransformRas(pose: Pose): RigidTransform {
  const d = toRasMm(pose.direction).map((c) => c / 10) as [number, number, number];
  const helper: [number, number, number] = Math.abs(d[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const cross = (a: readonly number[], b: readonly number[]): [number, number, number] => [
    (a[1] as number) * (b[2] as number) - (a[2] as number) * (b[1] as number),
    (a[2] as number) * (b[0] as number) - (a[0] as number) * (b[2] as number),
    (a[0] as number) * (b[1] as number) - (a[1] as number) * (b[0] as number),
  ];
  const u0 = cross(helper, d);
  const n = Math.hypot(...u0);
  const u = u0.map((c) => c / n) as [number, number, number];
  const v = cross(d, u);
  return {
    rotation: [u[0], v[0], d[0], u[1], v[1], d[1], u[2], v[2], d[2]],
    translationMm: toRasMm(pose.positionCm),
  };
}

/** The map control a station offers the routes (`source.map`). */
export interface StationMap {
  startScan(body: MapScanStart): MapState;
  stopScan(): MapState;
  /**
   * The map's state; `caseMarkers`: the pre-op markers of the case the station records into, or why they
   * could not be read.
   */
  state(caseMarkers?: CaseMarkers): MapState;
  volume(): MapVolume | null;
}

export interface TrackedMapOptions {
  probeId: string;
  nuclide: string;
  medium: Medium;
  /** A simulated station's simulation: its pose is the probe's, and a simulated sweep drives it. */
  simulation: Simulation | null;
  /** Live update period, ms (LIVE_UPDATE_MS). */
  updateIntervalMs: number;
  /** Start the map worker with the station rather than with the first scan. */
  warm?: boolean;
  log: (line: string) => void;
  now?: () => number;
}

/**
 * Live update period, ms: a new update is asked for every half second unless one is still being made, so
 * the map refreshes at least once a second (issue 17) whenever an update takes under half a second.
 */
export const LIVE_UPDATE_MS = 500;
/** Largest volume edge sent to a 3D view (max-pooled above it). */
const MAX_VOLUME_EDGE = 64;
/** Tracker samples at most this far apart are interpolated between, ms. */
const MAX_INTERPOLATION_GAP_MS = 200;
/** A tracker sample further than this from a frame's midpoint leaves the frame without a pose, ms. */
const MAX_POSE_GAP_MS = 100;
/** Simulated sweep: tracker rate of the path and how often the virtual probe is moved, s. */
const SWEEP_SAMPLE_SECONDS = 0.05;

interface Scan {
  number: number;
  sweep: MapSweep;
  seed: number | null;
  startedAtMs: number;
  stoppedAtMs: number | null;
  plannedSeconds: number | null;
  voxelSizeMm: number;
  depthCm: number;
  state: 'scanning' | 'reconstructing' | 'done' | 'failed';
  path: TrackedPose[] | null;
  framesPosed: number;
  framesWithoutPose: number;
  liveUpdates: number;
  latest: MapUpdate | null;
  error: string | null;
  /** Injected lag of a simulated sweep's virtual tracker, s (0: the simulator's own pose). */
  trackerLatencySeconds: number;
}

const round = (v: number, d: number) => Number(v.toFixed(d));

/** Taps a station's source: frames still go to the station, and to the map with their pose (asSource). */
export class TrackedMap implements StationMap {
  private worker: Worker | null = null;
  /** What each outstanding worker request was, in order (the worker answers each once, in order). */
  private expected: Array<{ scan: number; kind: 'live' | 'final' }> = [];
  private pending: PosedFrame[] = [];
  /** Host time (ms) of the last tracker sample sent to the worker. */
  private posesSentUpToMs = Number.NEGATIVE_INFINITY;
  private poses: Array<{ atMs: number; pose: Pose }> = [];
  private updateTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private poseTimer: NodeJS.Timeout | null = null;
  private scan: Scan | null = null;
  private scans = 0;
  private lastRequestMs = 0;
  private igtl: IgtlServer | null = null;
  /** The pre-op markers of the station's case as last read (setCaseMarkers), for the POINT list. */
  private caseMarkers: readonly PlainMarker[] = [];
  /** The pre-op POINT list last sent (JSON), so an unchanged list is not sent again. */
  private preopSent = '[]';
  /** Whether a tracker delivers the poses — `rgs serve --igtl-connect` (followTracker). */
  private tracker = false;
  private readonly now: () => number;

  /** The station source to attach instead of the inner one. */
  readonly source: StationSource;

  constructor(
    readonly inner: StationSource,
    private readonly options: TrackedMapOptions,
  ) {
    // The frames' clock (frame-ticker.ts): a simulated sweep's start and its frames' stamps must agree.
    this.now = options.now ?? hostNowMs;
    this.source = {
      id: inner.id,
      name: inner.name,
      kind: inner.kind,
      scenario: inner.scenario,
      nuclide: inner.nuclide ?? null,
      frameSeconds: inner.frameSeconds,
      map: this,
      ...(inner.pose ? { pose: inner.pose } : {}),
      ...(inner.bodyMap ? { bodyMap: inner.bodyMap.bind(inner) } : {}),
      ...(inner.setFaults ? { setFaults: inner.setFaults.bind(inner) } : {}),
      start: (sink) => this.startSource(sink),
      stop: () => this.stopSource(),
    };
  }

  /**
   * Sends each map (IMAGE OpenRGSMap) with its hotspots (POINT OpenRGSHotspots), the probe pose (TRANSFORM
   * ProbeToPatient, 10 Hz) and the pre-op lesion markers (POINT OpenRGSPreop, when they change) to 3D Slicer.
   */
  serveIgtl(server: IgtlServer): void {
    this.igtl = server;
    this.sendPreop();
    if (this.options.simulation && !this.poseTimer) {
      const simulation = this.options.simulation;
      this.poseTimer = setInterval(() => {
        server.sendTransform('ProbeToPatient', poseTransformRas(simulation.pose()), this.now() / 1000);
      }, 100);
    }
    if (this.scan?.latest) this.sendImage(this.scan.latest);
  }

  /**
   * The pre-op markers of the case the station records into (none without a session), as last read from
   * the store; sent to 3D Slicer with the scenario's when they differ from what was sent last.
   */
  setCaseMarkers(markers: readonly PlainMarker[]): void {
    this.caseMarkers = markers;
    this.sendPreop();
  }

  private sendPreop(): void {
    if (!this.igtl) return;
    const points = markerPoints([...this.caseMarkers, ...this.scenarioMarkers()]);
    const key = JSON.stringify(points);
    if (key === this.preopSent) return;
    this.preopSent = key;
    this.igtl.sendPoints(PREOP_POINTS_DEVICE, points, this.now() / 1000);
  }

  /** Poses come from a tracker from now on (a simulated probe follows the tracked tool). */
  followTracker(): void {
    this.tracker = true;
  }

  /** The simulation of a simulated station, null for a probe. */
  get simulation(): Simulation | null {
    return this.options.simulation;
  }

  /** A tracker pose at host time (ms). */
  pushPose(pose: Pose, atMs: number): void {
    this.poses.push({ atMs, pose });
    if (this.poses.length > 4096) this.poses.splice(0, 2048);
    this.igtl?.sendTransform('ProbeToPatient', poseTransformRas(pose), atMs / 1000);
  }

  private scenario(): Scenario | null {
    return this.options.simulation?.scenario ?? null;
  }

  startScan(body: MapScanStart): MapState {
    const id = this.inner.id;
    const scenario = this.scenario();
    let path: TrackedPose[] | null = null;
    const number = this.scans + 1;
    const seed = body.sweep === 'simulated-freehand' ? (body.seed ?? number) : null;
    if (body.sweep === 'simulated-freehand') {
      if (!this.options.simulation || !scenario)
        throw badRequest(
          `station '${id}' is not simulated: a simulated freehand sweep needs a simulated station (sweep 'station' maps a tracked probe)`,
          'body.sweep',
        );
      if (this.tracker)
        throw badRequest(
          `station '${id}' follows a tracker (--igtl-connect): its probe moves with the tracked tool, so use sweep 'station'`,
          'body.sweep',
        );
      path = freehandSweep({
        ...scanRegionOf(scenario),
        standoffCm: 0.2,
        seconds: body.seconds as number,
        sampleSeconds: SWEEP_SAMPLE_SECONDS,
        passSpacingCm: 1.5,
        random: createRandom(deriveSeed(seed as number, 17)),
      });
    } else if (!this.options.simulation && !this.tracker) {
      throw badRequest(
        `station '${id}' has no probe pose: start rgs serve with --igtl-connect HOST:PORT so a tracker gives it one`,
        'body.sweep',
      );
    }
    // A request that could never be served is refused (400) before one that must wait (409).
    if (this.scan && (this.scan.state === 'scanning' || this.scan.state === 'reconstructing'))
      throw conflict(
        `station '${id}' is already ${this.scan.state === 'scanning' ? 'scanning' : 'making the final map'} (scan ${this.scan.number}); stop it or wait for it`,
        'params.id',
      );
    this.scans = number;
    const startedAtMs = this.now();
    const lag = body.trackerLatencySeconds ?? 0;
    this.scan = {
      number,
      sweep: body.sweep,
      seed,
      startedAtMs,
      stoppedAtMs: null,
      plannedSeconds: body.seconds ?? null,
      voxelSizeMm: body.voxelSizeMm,
      depthCm: body.depthCm,
      state: 'scanning',
      path,
      framesPosed: 0,
      framesWithoutPose: 0,
      liveUpdates: 0,
      latest: null,
      error: null,
      trackerLatencySeconds: lag,
    };
    this.pending = [];
    this.posesSentUpToMs = startedAtMs - 1000;
    const init: MapWorkerInit = {
      probeId: this.options.probeId,
      nuclide: this.options.nuclide,
      medium: this.options.medium,
      voxelSizeMm: body.voxelSizeMm,
      depthCm: body.depthCm,
      ...(path
        ? {
            plannedPoses: path.map((p) => ({ tipCm: p.positionCm, direction: p.direction })),
            // The virtual tracker: the sample stamped (start + t + lag) holds the sweep's pose at t.
            trackedPoses: path.map((p) => ({
              timeSeconds: startedAtMs / 1000 + p.timeSeconds + lag,
              positionCm: p.positionCm,
              direction: p.direction,
            })),
          }
        : {}),
    };
    this.ensureWorker().postMessage({ init });
    if (path) {
      this.drivePose();
      // The timer moves the probe for the screens between frames; each frame moves it to the sweep's pose
      // at the frame's own midpoint first (beforeFrame), so a late timer under load cannot shift the
      // pose a frame was counted at against the time it is stamped with.
      this.sweepTimer = setInterval(() => this.drivePose(), SWEEP_SAMPLE_SECONDS * 1000);
      if (this.inner.kind === 'simulated' && 'beforeFrame' in this.inner)
        this.inner.beforeFrame = (midMs) => this.drivePose(midMs);
    }
    this.updateTimer = setInterval(() => this.tick(), this.options.updateIntervalMs);
    this.options.log(
      `map: station ${id} scan ${number} started (${body.sweep}${body.seconds !== undefined ? `, ${body.seconds} s` : ''}, ${body.voxelSizeMm} mm voxels)`,
    );
    return this.state();
  }

  stopScan(): MapState {
    const scan = this.scan;
    if (scan?.state !== 'scanning')
      throw conflict(`station '${this.inner.id}' has no scan running`, 'params.id');
    this.finish(scan);
    return this.state();
  }

  private finish(scan: Scan): void {
    if (this.updateTimer) clearInterval(this.updateTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.updateTimer = null;
    this.sweepTimer = null;
    if ('beforeFrame' in this.inner) this.inner.beforeFrame = null;
    scan.stoppedAtMs = this.now();
    scan.state = 'reconstructing';
    const worker = this.ensureWorker();
    if (this.pending.length > 0) worker.postMessage({ frames: this.pending, poses: this.newPoses() });
    this.pending = [];
    this.expected.push({ scan: scan.number, kind: 'final' });
    worker.postMessage({ final: true });
    this.options.log(`map: station ${this.inner.id} scan ${scan.number} stopped; making the final map`);
  }

  private drivePose(atMs: number = this.now()): void {
    const scan = this.scan;
    const simulation = this.options.simulation;
    if (!scan?.path || scan.state !== 'scanning' || !simulation) return;
    const t = Math.max(0, (atMs - scan.startedAtMs) / 1000);
    const last = scan.path.at(-1) as TrackedPose;
    const pose = poseAtTime(scan.path, Math.min(t, last.timeSeconds), 1);
    if (pose) simulation.setPose({ positionCm: [...pose.positionCm], direction: [...pose.direction] });
    if (t >= last.timeSeconds) this.finish(scan);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./map-worker.mjs', import.meta.url));
    worker.on('message', (m: { update?: MapUpdate | null; error?: string }) => {
      if (m.error) {
        const line = m.error.split('\n')[0] ?? m.error;
        this.options.log(`map worker: ${line}`);
        const head = this.expected[0];
        if (this.scan && head && head.scan === this.scan.number) this.scan.error = line;
      }
      if (m.update !== undefined) this.answered(m.update);
    });
    worker.on('error', (e) => {
      this.options.log(`map worker: ${e.message}`);
      if (this.scan && this.scan.state !== 'done') {
        this.scan.state = 'failed';
        this.scan.error = `the map worker stopped: ${e.message}`;
      }
      this.worker = null;
      this.expected = [];
    });
    this.worker = worker;
    return worker;
  }

  private answered(update: MapUpdate | null): void {
    const request = this.expected.shift();
    const scan = this.scan;
    if (!request || !scan || request.scan !== scan.number) return;
    if (request.kind === 'final') {
      if (update) {
        scan.latest = update;
        this.sendImage(update);
      }
      scan.state = update ? 'done' : 'failed';
      if (!update)
        scan.error ??= 'too few frames with a pose for a map (at least 10, half a second at 20 Hz)';
      this.options.log(
        update
          ? `map: station ${this.inner.id} scan ${scan.number} final map in ${update.updateSeconds.toFixed(2)} s, ${update.hotspots.length} hotspot(s)`
          : `map: station ${this.inner.id} scan ${scan.number}: ${scan.error}`,
      );
      return;
    }
    if (update && scan.state === 'scanning') {
      scan.latest = update;
      scan.liveUpdates++;
      scan.error = null;
      this.sendImage(update);
    }
    // An update slower than the period: the next one starts now rather than at the next tick.
    if (scan.state === 'scanning' && this.now() - this.lastRequestMs >= this.options.updateIntervalMs)
      this.tick();
  }

  private sendImage(update: MapUpdate): void {
    if (!this.igtl) return;
    const g = update.grid;
    const s = g.voxelSizeCm * 10;
    // The IMAGE's origin is the image's *centre* (Documents/Protocol/image.md: PX, PY, PZ "center position
    // of the image"; OpenIGTLinkIO's ImageConverter shifts by half the field of view to find the corner):
    // the mid-point of the voxel centres, originCm being the first voxel's centre (voxelCentreCm).
    const o = toRasMm(
      [0, 1, 2].map((a) => (g.originCm[a] as number) + (((g.dims[a] as number) - 1) / 2) * g.voxelSizeCm),
    );
    this.igtl.sendImage(
      MAP_IMAGE_DEVICE,
      {
        size: [g.dims[0], g.dims[1], g.dims[2]],
        // Columns: i (left) → −R, j (head) → S, k (anterior) → A; the centre in RAS mm (see toRasMm).
        matrix: [-s, 0, 0, 0, 0, s, 0, s, 0, o[0], o[1], o[2]],
        coordinate: 'RAS',
        voxels: update.activityMBq,
      },
      this.now() / 1000,
    );
    this.igtl.sendPoints(HOTSPOT_POINTS_DEVICE, hotspotPoints(update.hotspots), this.now() / 1000);
  }

  private startSource(sink: StationSink): void {
    // The worker starts with the station (compiling the map code takes seconds on a busy machine), so the
    // first scan's live updates come from its first second — for the first stations only (warm).
    if (this.options.warm) this.ensureWorker();
    this.inner.start({
      status: (status, reason) => sink.status(status, reason),
      frame: (frame: CountFrame, receivedAtMs: number) => {
        sink.frame(frame, receivedAtMs);
        const scan = this.scan;
        if (scan?.state !== 'scanning') return;
        const midMs = receivedAtMs - (frame.durationSeconds * 1000) / 2;
        const pose =
          scan.path && scan.trackerLatencySeconds > 0 ? this.latePose(scan, midMs) : this.poseFor(midMs);
        if (!pose) {
          scan.framesWithoutPose++;
          return;
        }
        scan.framesPosed++;
        this.pending.push({
          midSeconds: midMs / 1000,
          durationSeconds: frame.durationSeconds,
          liveTimeSeconds: frame.liveTimeSeconds ?? frame.durationSeconds,
          counts: frame.counts,
          tipCm: pose.positionCm,
          direction: pose.direction,
        });
      },
    });
  }

  /**
   * What a late virtual tracker gives for a frame of a simulated sweep whose midpoint is at host time midMs:
   * the sweep's pose `lag` seconds before it (the simulator counts the frame at the sweep's pose at its
   * midpoint, beforeFrame); none before the tracker's first sample.
   */
  private latePose(scan: Scan, midMs: number): Pose | null {
    const t = (midMs - scan.startedAtMs) / 1000 - scan.trackerLatencySeconds;
    if (!scan.path || t < 0) return null;
    const pose = poseAtTime(scan.path, t, 1);
    return pose ? { positionCm: pose.positionCm, direction: pose.direction } : null;
  }

  private currentPose(): Pose | null {
    if (this.options.simulation) return this.options.simulation.pose();
    return this.poses.at(-1)?.pose ?? null;
  }

  /** The pose of a frame whose midpoint is at host time atMs (ms); null when there is none. */
  poseFor(atMs: number): Pose | null {
    // A simulated station's frame was counted at the pose it has now (the simulator steps, then emits; a
    // simulated sweep put it at the frame's midpoint first, beforeFrame).
    if (this.options.simulation) return this.options.simulation.pose();
    // Interpolated between the tracker samples either side of the frame's midpoint (as alignFrames does
    // for files), when they are at most 200 ms apart; else the nearest sample within 100 ms (the tracker
    // runs at 20–50 Hz); else no pose, and the frame is left out.
    const t = atMs / 1000;
    const first = this.poses[0];
    const last = this.poses.at(-1);
    if (first && last && first.atMs <= atMs && atMs <= last.atMs) {
      let i = this.poses.length - 1;
      while (i > 0 && (this.poses[i] as { atMs: number }).atMs > atMs) i--;
      const tracked = this.poses.slice(i, i + 2).map((p) => ({
        timeSeconds: p.atMs / 1000,
        positionCm: [...p.pose.positionCm] as Vec3,
        direction: [...p.pose.direction] as Vec3,
      }));
      const pose = poseAtTime(tracked, t, MAX_INTERPOLATION_GAP_MS / 1000);
      if (pose) return { positionCm: pose.positionCm, direction: pose.direction };
    }
    let best: { atMs: number; pose: Pose } | null = null;
    for (let i = this.poses.length - 1; i >= 0; i--) {
      const p = this.poses[i] as { atMs: number; pose: Pose };
      if (!best || Math.abs(p.atMs - atMs) < Math.abs(best.atMs - atMs)) best = p;
      if (p.atMs < atMs - 2 * MAX_POSE_GAP_MS) break;
    }
    return best && Math.abs(best.atMs - atMs) <= MAX_POSE_GAP_MS ? best.pose : null;
  }

  private tick(): void {
    const scan = this.scan;
    if (scan?.state !== 'scanning') return;
    if (
      scan.plannedSeconds !== null &&
      !scan.path &&
      this.now() - scan.startedAtMs >= scan.plannedSeconds * 1000
    ) {
      this.finish(scan);
      return;
    }
    // One live update at a time: a slow one is not queued behind (the next tick sends all new frames).
    if (this.expected.length > 0) return;
    const worker = this.ensureWorker();
    if (this.pending.length > 0) {
      worker.postMessage({ frames: this.pending, poses: this.newPoses() });
      this.pending = [];
    }
    this.expected.push({ scan: scan.number, kind: 'live' });
    this.lastRequestMs = this.now();
    worker.postMessage({ update: true });
  }

  /** Tracker samples not yet sent to the worker (for its latency estimate); none for a simulated sweep. */
  private newPoses(): TrackedPose[] {
    const fresh = this.poses.filter((p) => p.atMs > this.posesSentUpToMs);
    const last = fresh.at(-1);
    if (last) this.posesSentUpToMs = last.atMs;
    return fresh.map((p) => ({
      timeSeconds: p.atMs / 1000,
      positionCm: [...p.pose.positionCm] as Vec3,
      direction: [...p.pose.direction] as Vec3,
    }));
  }

  private scenarioMarkers(): PlainMarker[] {
    const scenario = this.scenario();
    if (!scenario) return [];
    return scenario.lesions
      .filter((l) => l.imaging !== 'not-seen' && !isInjectionDepot(l))
      .map((l) => ({
        id: l.id,
        label: l.label,
        source: 'scenario' as const,
        positionCm: [l.centerCm[0], l.centerCm[1], l.centerCm[2]] as Vec3,
        diameterCm: l.diameterCm,
        imaging: l.imaging as 'seen' | 'indeterminate',
      }));
  }

  state(caseMarkers: CaseMarkers = { markers: [], error: null }): MapState {
    const scan = this.scan;
    const pose = this.currentPose();
    const latest = scan?.latest ?? null;
    const hotspots: MapHotspot[] = (latest?.hotspots ?? []).map((h, i) => {
      const position: Vec3 = [
        round(h.positionCm[0], 3),
        round(h.positionCm[1], 3),
        round(h.positionCm[2], 3),
      ];
      return {
        rank: i + 1,
        positionCm: position,
        relativeActivity: round(h.relativeActivity, 3),
        activityKBq: round(h.activityMBq * 1000, 2),
        uncertaintyMm: Number.isFinite(h.uncertaintyMm) ? round(h.uncertaintyMm, 2) : null,
        diameterMm: round(h.diameterMm, 1),
        fromTip: roundedFromTip(pose, h.positionCm),
      };
    });
    const end = scan ? (scan.stoppedAtMs ?? this.now()) : 0;
    const scanSeconds = scan ? (end - scan.startedAtMs) / 1000 : 0;
    const g = latest?.grid;
    return {
      stationId: this.inner.id,
      state: scan ? scan.state : 'idle',
      scan: this.scans,
      sweep: scan?.sweep ?? null,
      seed: scan?.seed ?? null,
      startedAt: scan ? new Date(scan.startedAtMs).toISOString() : null,
      stoppedAt: scan?.stoppedAtMs ? new Date(scan.stoppedAtMs).toISOString() : null,
      scanSeconds: round(scanSeconds, 2),
      plannedSeconds: scan?.plannedSeconds ?? null,
      voxelSizeMm: scan?.voxelSizeMm ?? null,
      depthCm: scan?.depthCm ?? null,
      framesPosed: scan?.framesPosed ?? 0,
      framesWithoutPose: scan?.framesWithoutPose ?? 0,
      framesUsed: latest?.framesUsed ?? 0,
      liveUpdates: scan?.liveUpdates ?? 0,
      liveUpdatesPerSecond: scan && scanSeconds > 0 ? round(scan.liveUpdates / scanSeconds, 2) : null,
      lastUpdateSeconds: latest ? round(latest.updateSeconds, 3) : null,
      reconstructionSeconds: latest?.final ? round(latest.updateSeconds, 3) : null,
      final: latest?.final ?? false,
      iterations: latest?.iterations ?? null,
      stoppedBy: latest?.stoppedBy ?? null,
      error: scan?.error ?? null,
      probe: pose
        ? {
            tipCm: pose.positionCm.map((v) => round(v, 3)) as Vec3,
            direction: pose.direction.map((v) => round(v, 4)) as Vec3,
          }
        : null,
      lesionMarkers: placeMarkers([...caseMarkers.markers, ...this.scenarioMarkers()], hotspots, pose),
      caseMarkersError: caseMarkers.error,
      latencyEstimate: latest?.latency
        ? {
            latencySeconds: round(latest.latency.latencySeconds, 3),
            uncertaintySeconds: round(latest.latency.uncertaintySeconds, 3),
            intervalSeconds: [
              round(latest.latency.intervalSeconds[0], 3),
              round(latest.latency.intervalSeconds[1], 3),
            ] as [number, number],
            reliable: latest.latency.reliable,
            reason: latest.latency.reason,
          }
        : null,
      grid: g
        ? {
            originCm: [g.originCm[0], g.originCm[1], g.originCm[2]].map((v) => round(v, 4)) as Vec3,
            dims: [g.dims[0], g.dims[1], g.dims[2]],
            voxelSizeMm: round(g.voxelSizeCm * 10, 4),
          }
        : null,
      hotspots,
    };
  }

  volume(): MapVolume | null {
    const scan = this.scan;
    const latest = scan?.latest;
    if (!scan || !latest) return null;
    const g = latest.grid;
    const [nx, ny, nz] = g.dims as unknown as [number, number, number];
    // Max-pool by an integer factor so no edge exceeds MAX_VOLUME_EDGE.
    const f = Math.max(1, Math.ceil(Math.max(nx, ny, nz) / MAX_VOLUME_EDGE));
    const [mx, my, mz] = [Math.ceil(nx / f), Math.ceil(ny / f), Math.ceil(nz / f)];
    const pooled = new Float32Array(mx * my * mz);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = latest.activityMBq[i + nx * (j + ny * k)] as number;
          const o = Math.floor(i / f) + mx * (Math.floor(j / f) + my * Math.floor(k / f));
          if (v > (pooled[o] as number)) pooled[o] = v;
        }
    let max = 0;
    for (const v of pooled) if (v > max) max = v;
    const bytes = new Uint8Array(pooled.length);
    if (max > 0)
      for (let n = 0; n < pooled.length; n++) bytes[n] = Math.round(((pooled[n] as number) / max) * 255);
    const s = g.voxelSizeCm;
    // The pooled voxel's centre: the mean of the centres it covers (origin shifts by (f − 1)/2 voxels).
    const shift = ((f - 1) / 2) * s;
    return {
      scan: scan.number,
      final: latest.final,
      grid: {
        originCm: [g.originCm[0] + shift, g.originCm[1] + shift, g.originCm[2] + shift].map((v) =>
          round(v, 4),
        ) as Vec3,
        dims: [mx, my, mz],
        voxelSizeMm: round(s * f * 10, 4),
      },
      maxMBq: max,
      dataBase64: Buffer.from(bytes).toString('base64'),
    };
  }

  private async stopSource(): Promise<void> {
    for (const t of [this.updateTimer, this.sweepTimer, this.poseTimer]) if (t) clearInterval(t);
    this.updateTimer = this.sweepTimer = this.poseTimer = null;
    await this.worker?.terminate();
    this.worker = null;
    await this.inner.stop();
  }
}

/** The map a simulated station offers: its scenario's probe, nuclide and medium. */
export function mapForSimulated(
  source: StationSource & { simulation: Simulation },
  log: (line: string) => void,
  warm = true,
): TrackedMap {
  const simulation = source.simulation;
  return new TrackedMap(source, {
    probeId: simulation.probe.id,
    nuclide: simulation.nuclide,
    medium: mediumOf(simulation.scenario),
    simulation,
    updateIntervalMs: LIVE_UPDATE_MS,
    log,
    warm,
  });
}

/** Stations whose map worker starts with them; beyond, at their first scan (a worker thread each). */
const WARM_STATIONS = 4;

/** Every simulated station gets a freehand map. */
export function withFreehandMaps(sources: StationSource[], log: (line: string) => void): StationSource[] {
  return sources.map((s, i) =>
    'simulation' in s && s.simulation
      ? mapForSimulated(s as StationSource & { simulation: Simulation }, log, i < WARM_STATIONS).source
      : s,
  );
}
