// Freehand mapping on a live station: each frame is paired with the probe pose at its time (the simulator's
// pose, or the tracker's over OpenIGTLink), the map worker reconstructs once a second, and an OpenIGTLink
// server (--igtl-serve) offers the map as IMAGE and the probe pose as TRANSFORM to 3D Slicer.
import { Worker } from 'node:worker_threads';
import type { CountFrame } from '@openrgs/counting';
import type { PosedFrame } from '@openrgs/map';
import type { IgtlServer, RigidTransform } from '@openrgs/probe';
import type { MapUpdate, MapWorkerInit } from './map-worker-core.js';
import type { StationSink, StationSource } from './station-source.js';

export type Pose = {
  positionCm: readonly [number, number, number];
  direction: readonly [number, number, number];
};

/** Patient frame (cm: +x left, +y head, +z anterior) → LPS (mm): L = x, P = −z, S = y. */
export function toLpsMm(v: readonly number[]): [number, number, number] {
  return [(v[0] as number) * 10, -(v[2] as number) * 10, (v[1] as number) * 10];
}

/** A rigid transform in LPS mm whose third column is the probe's viewing direction and origin its tip. */
export function poseTransformLps(pose: Pose): RigidTransform {
  const d = toLpsMm(pose.direction).map((c) => c / 10) as [number, number, number];
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
    translationMm: toLpsMm(pose.positionCm),
  };
}

export interface TrackedMapOptions extends MapWorkerInit {
  /** The pose of the probe now (simulator) — or null when poses come from a tracker through `pushPose`. */
  currentPose: (() => Pose) | null;
  igtl: IgtlServer | null;
  updateIntervalMs: number;
  log: (line: string) => void;
}

/** Taps a station's source: frames still go to the station, and to the map with their pose (asSource). */
export class TrackedMap {
  private readonly worker: Worker;
  private pending: PosedFrame[] = [];
  private poses: Array<{ timeSeconds: number; pose: Pose }> = [];
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  latest: MapUpdate | null = null;
  updates = 0;

  /** The station source to attach instead of the inner one. */
  readonly source: StationSource;

  constructor(
    private readonly inner: StationSource,
    private readonly options: TrackedMapOptions,
  ) {
    this.source = {
      id: inner.id,
      name: inner.name,
      kind: inner.kind,
      scenario: inner.scenario,
      nuclide: inner.nuclide ?? null,
      frameSeconds: inner.frameSeconds,
      ...(inner.pose ? { pose: inner.pose } : {}),
      ...(inner.bodyMap ? { bodyMap: () => inner.bodyMap?.() } : {}),
      ...(inner.setFaults
        ? {
            setFaults: (f: { silent?: boolean; garbage?: boolean; disconnected?: boolean }) =>
              inner.setFaults?.(f),
          }
        : {}),
      start: (sink) => this.start(sink),
      stop: () => this.stop(),
    };
    this.worker = new Worker(new URL('./map-worker.mjs', import.meta.url));
    const init: MapWorkerInit = {
      probeId: options.probeId,
      nuclide: options.nuclide,
      medium: options.medium,
      voxelSizeMm: options.voxelSizeMm,
      depthCm: options.depthCm,
    };
    this.worker.postMessage({ init });
    this.worker.on('message', (m: { update?: MapUpdate | null; error?: string }) => {
      if (m.error) options.log(`map worker: ${m.error.split('\n')[0]}`);
      if (m.update !== undefined) {
        this.busy = false;
        if (m.update) this.published(m.update);
      }
    });
    this.worker.on('error', (e) => options.log(`map worker: ${e.message}`));
  }

  /** A tracker pose at host time (ms). */
  pushPose(pose: Pose, atMs: number): void {
    this.poses.push({ timeSeconds: atMs / 1000, pose });
    if (this.poses.length > 4096) this.poses.splice(0, 2048);
    this.options.igtl?.sendTransform('ProbeToPatient', poseTransformLps(pose), Date.now() / 1000);
  }

  start(sink: StationSink): void {
    this.inner.start({
      status: (status, reason) => sink.status(status, reason),
      frame: (frame: CountFrame, receivedAtMs: number) => {
        sink.frame(frame, receivedAtMs);
        const pose = this.poseFor(receivedAtMs - (frame.durationSeconds * 1000) / 2);
        if (pose)
          this.pending.push({
            midSeconds: receivedAtMs / 1000,
            durationSeconds: frame.durationSeconds,
            liveTimeSeconds: frame.liveTimeSeconds ?? frame.durationSeconds,
            counts: frame.counts,
            tipCm: pose.positionCm,
            direction: pose.direction,
          });
      },
    });
    this.timer = setInterval(() => this.tick(), this.options.updateIntervalMs);
  }

  private poseFor(atMs: number): Pose | null {
    if (this.options.currentPose) return this.options.currentPose();
    // Nearest tracker sample within 100 ms (the tracker runs at 20–50 Hz; older: no pose, frame left out).
    let best: { timeSeconds: number; pose: Pose } | null = null;
    for (let i = this.poses.length - 1; i >= 0; i--) {
      const p = this.poses[i] as { timeSeconds: number; pose: Pose };
      if (!best || Math.abs(p.timeSeconds * 1000 - atMs) < Math.abs(best.timeSeconds * 1000 - atMs)) best = p;
      if (p.timeSeconds * 1000 < atMs - 200) break;
    }
    return best && Math.abs(best.timeSeconds * 1000 - atMs) <= 100 ? best.pose : null;
  }

  private tick(): void {
    if (this.options.currentPose && this.options.igtl)
      this.options.igtl.sendTransform(
        'ProbeToPatient',
        poseTransformLps(this.options.currentPose()),
        Date.now() / 1000,
      );
    if (this.busy) return;
    if (this.pending.length > 0) {
      this.worker.postMessage({ frames: this.pending });
      this.pending = [];
    }
    this.busy = true;
    this.worker.postMessage({ update: true });
  }

  private published(update: MapUpdate): void {
    this.latest = update;
    this.updates++;
    const g = update.grid;
    const s = g.voxelSizeCm * 10;
    const o = toLpsMm(g.originCm);
    this.options.igtl?.sendImage(
      'OpenRGSMap',
      {
        size: [g.dims[0], g.dims[1], g.dims[2]],
        // Columns: i → L, j (head) → S, k (anterior) → −P; origin in LPS mm.
        matrix: [s, 0, 0, 0, 0, s, 0, -s, 0, o[0], o[1], o[2]],
        coordinate: 'LPS',
        voxels: update.activityMBq,
      },
      Date.now() / 1000,
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker.terminate();
    await this.inner.stop();
  }
}
